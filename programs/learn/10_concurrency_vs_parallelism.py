"""10 — Synchronous, concurrent, parallel: the words, seen in a log.

Shows:
  1. synchronous: task A runs to its end, then task B starts;
  2. concurrent: A and B on two threads; while one waits the other runs,
     so their steps interleave (one executor would be enough for this);
  3. parallel: two CPU-bound tasks on two threads. They could only run at
     the same moment on two cores, and only without a GIL: under the GIL
     they take turns, as in part 2.
The steps of part 2 are spaced 100 ms apart so their order is the same
on every run, even on a busy machine.

Run:  python3 programs/learn/10_concurrency_vs_parallelism.py
      gilsim run programs/learn/10_concurrency_vs_parallelism.py --format text
      gilsim run programs/learn/10_concurrency_vs_parallelism.py --mode free --engine virtual --cores 2
Compare the report's first line: "max parallel 1" with the GIL, 2 in
free mode.
"""
import threading
import time

TICK = 0.1


def task(name, log, pause, offset=0.0):
    time.sleep(offset)
    for step in range(1, 4):
        if step > 1:
            time.sleep(pause)  # waiting, e.g. for a reply
        log.append(f"{name}{step}")


def crunch(name, n, results):
    total = 0
    for i in range(n):
        total += i % 10
    results[name] = total


def run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main():
    log = []
    task("A", log, TICK / 10)
    task("B", log, TICK / 10)
    print("1. synchronous:", " ".join(log))

    log = []
    run([
        threading.Thread(target=task, args=("A", log, 2 * TICK)),
        threading.Thread(target=task, args=("B", log, 2 * TICK), kwargs={"offset": TICK}),
    ])
    print("2. concurrent: ", " ".join(log))

    results = {}
    run([threading.Thread(target=crunch, args=(name, 300_000, results)) for name in "CD"])
    print("3. parallel?   ", ", ".join(f"{k}={results[k]}" for k in sorted(results)))


if __name__ == "__main__":
    main()
