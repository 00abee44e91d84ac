"""io_wait.py — IO-bound threads: blocking waits overlap under the GIL.
Twin of io_wait.pyasm.

bench(threads, work) does `work` sleeps of 1 ms, split over threads.

Run:  python3 programs/io_wait.py
      cargo run --release -- run programs/io_wait.py
"""
import threading
import time


def waits(n, secs):
    for i in range(n):
        time.sleep(secs)


def spawn_join(k, n, secs):
    if k <= 0:
        return
    t = threading.Thread(target=waits, args=(n, secs))
    t.start()
    spawn_join(k - 1, n, secs)
    t.join()


def bench(threads, work):
    spawn_join(threads, work // threads, 0.001)


def main():
    bench(4, 20)
    print("20 waits of 1 ms done by 4 threads")


if __name__ == "__main__":
    main()
