"""12 — CPU-bound work: processes run in parallel, threads do not.

Shows: the note's rule "CPU-bound work to processes". The same job (a sum
of squares over 4 slices) runs on 4 threads and then on a
multiprocessing.Pool of 4 worker processes. The answers are the same.
The threads share one interpreter and so one GIL: they take turns, one
at a time, every 5 ms switch interval. Each process is an interpreter of
its own, with its own GIL, so the 4 workers run at once on 4 cores.
What it costs: starting the processes, and pickling every argument and
result that crosses between them (the slices here are just two ints).

The `if __name__ == "__main__":` guard matters: with the "spawn" start
method (the default on Windows and macOS, and how gilsim starts its
processes) a new process imports this file again, as "__mp_main__";
without the guard it would start a pool of its own.

Run:  python3 programs/learn/12_processes_for_cpu.py
      gilsim run programs/learn/12_processes_for_cpu.py --format text
      gilsim run programs/learn/12_processes_for_cpu.py --engine virtual --cores 4 --format text
In the table, the 4 threads ("Thread-1 (worker)" ...) wait for the GIL
about as long as they hold it ("wait ms", "hold ms"), and "drops" counts
the times the 5 ms switch interval took it from them; the 4 processes
("process-1" ...) never wait for a GIL: each has its own. With 4
virtual cores the first line says "max parallel 4": the processes ran at
the same moment, and under "blocked in" the main thread's "pool map"
lasted about as long as one slice, while the threads did their slices
one after another (SHOW_TIMES prints the two virtual times, the same on
every run). Compare 01, where threads needed --mode free (no GIL) to run
in parallel.
On a real machine, starting processes and pickling what crosses between
them costs time too: for a job this small, CPython's pool may well be
the slower of the two. Processes pay off when each one has long work.
Set SHOW_TIMES = True to print the two times.
"""
import multiprocessing
import threading
import time

SHOW_TIMES = False
N = 400_000
WORKERS = 4


def sum_of_squares(start, stop):
    total = 0
    for i in range(start, stop):
        total += i * i
    return total


def slices():
    # WORKERS slices of range(N), as (start, stop) pairs.
    return [(k * N // WORKERS, (k + 1) * N // WORKERS) for k in range(WORKERS)]


def with_threads():
    parts = [0] * WORKERS

    def worker(k, start, stop):
        parts[k] = sum_of_squares(start, stop)

    threads = [
        threading.Thread(target=worker, args=(k, start, stop))
        for k, (start, stop) in enumerate(slices())
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(parts)


def with_processes():
    # The function must be importable by name (a module-level def, not a
    # lambda or a nested function): the workers receive it pickled.
    with multiprocessing.Pool(WORKERS) as pool:
        parts = pool.starmap(sum_of_squares, slices())
    return sum(parts)


def main():
    t0 = time.perf_counter()
    threaded = with_threads()
    t1 = time.perf_counter()
    pooled = with_processes()
    t2 = time.perf_counter()
    print(f"{WORKERS} threads:   sum of squares below {N} = {threaded}")
    print(f"{WORKERS} processes: sum of squares below {N} = {pooled}")
    print("same answer:", threaded == pooled)
    if SHOW_TIMES:
        print(f"threads {t1 - t0:.3f} s, processes {t2 - t1:.3f} s")


if __name__ == "__main__":
    main()
