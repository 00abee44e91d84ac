"""07 — Generator pipelines, one per thread.

Shows: a generator produces its items lazily, one at a time, when the
consumer asks for the next one (part 1 prints the order of events). A
pipeline of generators (read -> parse -> filter) then processes records
without building lists in between. Part 2 gives every thread its own
pipeline over its own share of the records. Never let two threads pull
from the same generator: CPython raises "ValueError: generator already
executing" when they collide.

Run:  python3 programs/learn/07_generators_pipeline.py
      gilsim run programs/learn/07_generators_pipeline.py --format text
"""
import threading

THREADS = 4
RECORDS = 2000


def produce(n, log):
    for i in range(n):
        log.append(f"produce {i}")
        yield i


def read_records(start, stop):
    # Fake log lines: "request number,method,milliseconds"
    for i in range(start, stop):
        method = "POST" if i % 3 == 0 else "GET"
        yield f"{i},{method},{i * 37 % 500}"


def parse(lines):
    for line in lines:
        number, method, ms = line.split(",")
        yield int(number), method, int(ms)


def slow_ones(records, limit):
    return (r for r in records if r[2] >= limit)


def worker(k, totals):
    start, stop = k * RECORDS // THREADS, (k + 1) * RECORDS // THREADS
    slow = list(slow_ones(parse(read_records(start, stop)), 400))
    totals[k] = (len(slow), sum(1 for r in slow if r[1] == "POST"))


def main():
    log = []
    for item in produce(3, log):
        log.append(f"consume {item}")
    print("1. lazy:", "; ".join(log))

    totals = [None] * THREADS
    threads = [threading.Thread(target=worker, args=(k, totals)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k, (slow, posts) in enumerate(totals):
        print(f"2. thread {k}: {slow} slow requests, {posts} of them POST")
    print(f"   all threads: {sum(s for s, _ in totals)} slow requests of {RECORDS}")


if __name__ == "__main__":
    main()
