"""fib.py — naive recursive Fibonacci: call-heavy work. Twin of fib.pyasm.

bench(threads, work) computes fib(15) `work` times, split over threads.

Run:  python3 programs/fib.py
      cargo run --release -- run programs/fib.py
"""
import threading


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def repeat(times):
    for _ in range(times):
        fib(15)


def bench(threads, work):
    workers = [threading.Thread(target=repeat, args=(work // threads,)) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()


def main():
    for n in range(0, 21, 5):
        print(f"fib( {n} ) = {fib(n)}")


if __name__ == "__main__":
    main()
