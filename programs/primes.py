"""primes.py — count primes by trial division: arithmetic-heavy work.
Twin of primes.pyasm.

bench(threads, work) counts the primes below `work`, each thread taking
every threads-th candidate, and returns the count.

Run:  python3 programs/primes.py
      cargo run --release -- run programs/primes.py
"""
import threading

found = 0
lock = None


def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def count(start, limit, step):
    global found
    c = sum(1 for n in range(start, limit, step) if is_prime(n))
    with lock:
        found += c


def bench(threads, work):
    global found, lock
    # Fresh shared state for every call: the total and the lock guarding it.
    found = 0
    lock = threading.Lock()
    workers = [threading.Thread(target=count, args=(i, work, threads)) for i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return found


def main():
    print(f"primes below 10000: {bench(1, 10000)}")
    print(f"primes below 10000, 4 threads: {bench(4, 10000)}")


if __name__ == "__main__":
    main()
