"""free_shared.py — threads that all count into one shared dict: work
that does not scale without a GIL. On free-threaded CPython every update
takes the dict's per-object lock and moves its cache line between cores,
so more threads can be slower than one (and updates race: the total may
fall short, as here under CPython with the GIL, too, in principle).

Run:  python3 programs/free_shared.py            (4 threads)
      gilsim run programs/free_shared.py --mode free
      gilsim run programs/free_shared.py --entry work --arg 200000 \\
          --threads 2 --mode free --engine virtual --cores 2
"""
import threading

shared = {}  # one dict for every thread


def work(n):
    counts = shared
    for i in range(n):
        k = i & 15
        counts[k] = counts.get(k, 0) + 1
    return n


def main(threads, n):
    ts = [threading.Thread(target=work, args=(n // threads,)) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(f"{threads} threads counted into one shared dict of {len(shared)} keys")


if __name__ == "__main__":
    main(4, 400000)
