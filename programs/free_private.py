"""free_private.py — threads that each count into their own dict: work
that scales without a GIL, even on free-threaded CPython, because no
object is shared between threads.

Run:  python3 programs/free_private.py            (4 threads)
      gilsim run programs/free_private.py --mode free
      gilsim run programs/free_private.py --entry work --arg 200000 \\
          --threads 2 --mode free --engine virtual --cores 2
"""
import threading


def work(n):
    counts = {}  # this thread's own: never touched by another
    for i in range(n):
        k = i & 15
        counts[k] = counts.get(k, 0) + 1
    return sum(counts.values())


def main(threads, n):
    results = [0] * threads

    def run(j):
        results[j] = work(n // threads)

    ts = [threading.Thread(target=run, args=(j,)) for j in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(f"{threads} threads counted {sum(results)} items into private dicts")


if __name__ == "__main__":
    main(4, 400000)
