"""countdown.py — the count-down loop of the classic GIL talks, as Python.

The twin of programs/countdown.pyasm: runs unchanged under CPython and
gilsim and prints the same. bench(threads, work) splits `work` iterations
over `threads` threads; under a GIL that gains nothing.

Run:  python3 programs/countdown.py
      cargo run --release -- run programs/countdown.py
      cargo run --release -- run programs/countdown.py --entry bench --arg 2 --arg 10000000 --mode free
"""
import threading


def countdown(n):
    while n > 0:
        n -= 1


def bench(threads, work):
    # Each of the threads counts down its share of the work; all run at once.
    workers = [threading.Thread(target=countdown, args=(work // threads,)) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()


def main():
    countdown(200000)
    bench(2, 200000)
    print("counted down 200000 on one thread, then split over 2 threads")


if __name__ == "__main__":
    main()
