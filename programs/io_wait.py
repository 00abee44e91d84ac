"""io_wait.py — IO-bound threads: blocking waits overlap under the GIL.
Twin of io_wait.pyasm.

bench(threads, work) does `work` sleeps of 1 ms, split over threads.

Run:  python3 programs/io_wait.py
      cargo run --release -- run programs/io_wait.py
"""
import threading
import time


def waits(n, secs):
    for _ in range(n):
        time.sleep(secs)


def bench(threads, work):
    workers = [
        threading.Thread(target=waits, args=(work // threads, 0.001)) for _ in range(threads)
    ]
    for t in workers:
        t.start()
    for t in workers:
        t.join()


def main():
    bench(4, 20)
    print("20 waits of 1 ms done by 4 threads")


if __name__ == "__main__":
    main()
