"""01 — CPU-bound work: threads do not make it faster under the GIL.

Shows: the same sum of squares computed once on one thread and once split
over 4 threads. Both give the same answer; under the GIL only one thread
runs Python bytecode at a time, so the threaded run is no faster (often a
little slower: the threads also pay for switching).

Run:  python3 programs/learn/01_sequential_vs_threads_cpu.py
      gilsim run programs/learn/01_sequential_vs_threads_cpu.py --format text
      gilsim run programs/learn/01_sequential_vs_threads_cpu.py --mode free --engine virtual --cores 4
In the per-thread table (stderr) the 4 workers spend most of the run
waiting for the GIL ("wait ms"); in free mode they run in parallel (the
first line says "max parallel 4").
Set SHOW_TIMES = True to print the two times.
"""
import threading
import time

SHOW_TIMES = False
N = 1_000_000
THREADS = 4


def sum_of_squares(start, stop):
    total = 0
    for i in range(start, stop):
        total += i * i
    return total


def sequential():
    return sum_of_squares(0, N)


def threaded():
    # A thread cannot return a value: each worker stores its part in its own slot.
    parts = [0] * THREADS

    def worker(k):
        # Thread k takes the k-th slice of range(N).
        parts[k] = sum_of_squares(k * N // THREADS, (k + 1) * N // THREADS)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(parts)


def main():
    t0 = time.perf_counter()
    one = sequential()
    t1 = time.perf_counter()
    many = threaded()
    t2 = time.perf_counter()
    print(f"sequential: sum of squares below {N} = {one}")
    print(f"{THREADS} threads:  sum of squares below {N} = {many}")
    print("same answer:", one == many)
    if SHOW_TIMES:
        print(f"sequential {t1 - t0:.3f} s, threaded {t2 - t1:.3f} s")


if __name__ == "__main__":
    main()
