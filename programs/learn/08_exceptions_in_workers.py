"""08 — Exceptions inside threads: catch them in the worker.

Shows: an exception raised in a thread does not reach the thread that
joins it. CPython prints the traceback on stderr and join() returns as
if nothing happened (gilsim prints it too and ends the run with exit 70).
So a worker catches its own errors and records them where the main
thread can look after join(): here, a list of (job, error) pairs.

Run:  python3 programs/learn/08_exceptions_in_workers.py
      gilsim run programs/learn/08_exceptions_in_workers.py --format text
"""
import threading


class EmptyJob(Exception):
    pass


JOBS = ["10", "25", "x7", "0", "40", ""]


def process(text):
    if not text:
        raise EmptyJob("nothing to do")
    return 1000 // int(text)


def worker(index, text, results, errors):
    try:
        results[index] = process(text)
    except ValueError as e:
        errors.append((index, f"ValueError: {e}"))
    except ZeroDivisionError as e:
        errors.append((index, f"ZeroDivisionError: {e}"))
    except EmptyJob as e:
        errors.append((index, f"EmptyJob: {e}"))


def main():
    results = [None] * len(JOBS)
    errors = []  # list.append is safe from many threads
    threads = [
        threading.Thread(target=worker, args=(i, text, results, errors))
        for i, text in enumerate(JOBS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    print(f"{len(JOBS) - len(errors)} of {len(JOBS)} jobs succeeded")
    for i, result in enumerate(results):
        if result is not None:
            print(f"  job {i} ({JOBS[i]!r}): {result}")
    # The threads appended in whatever order they ran: sort for a stable report.
    for i, message in sorted(errors):
        print(f"  job {i} ({JOBS[i]!r}) failed: {message}")


if __name__ == "__main__":
    main()
