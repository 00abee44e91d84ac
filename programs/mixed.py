"""mixed.py — threads alternating CPU work and IO, like request handlers.
Twin of mixed.pyasm.

bench(threads, work) runs `work` rounds of (20000 count-down iterations,
then a 1 ms sleep), split over threads: the CPU parts serialise on the
GIL while the sleeps overlap.

Run:  python3 programs/mixed.py
      cargo run --release -- run programs/mixed.py
"""
import threading
import time


def rounds(r, work, secs):
    for _ in range(r):
        n = work
        while n > 0:
            n -= 1
        time.sleep(secs)


def bench(threads, work):
    workers = [
        threading.Thread(target=rounds, args=(work // threads, 20000, 0.001))
        for _ in range(threads)
    ]
    for t in workers:
        t.start()
    for t in workers:
        t.join()


def main():
    bench(2, 6)
    print("done 6 rounds on 2 threads")


if __name__ == "__main__":
    main()
