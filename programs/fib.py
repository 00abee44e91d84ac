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
    while times > 0:
        fib(15)
        times -= 1


def spawn_join(k, times):
    if k <= 0:
        return
    t = threading.Thread(target=repeat, args=(times,))
    t.start()
    spawn_join(k - 1, times)
    t.join()


def bench(threads, work):
    spawn_join(threads, work // threads)


def main():
    for n in range(0, 21, 5):
        print("fib(", n, ") =", fib(n))


if __name__ == "__main__":
    main()
