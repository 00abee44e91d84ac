"""primes.py — count primes by trial division: arithmetic-heavy work.
Twin of primes.pyasm.

bench(threads, work) counts the primes below `work`, each thread taking
every threads-th candidate.

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
    c = 0
    for n in range(start, limit, step):
        if is_prime(n):
            c += 1
    with lock:
        found += c


def spawn_join(k, threads, limit):
    if k <= 0:
        return
    t = threading.Thread(target=count, args=(k - 1, limit, threads))
    t.start()
    spawn_join(k - 1, threads, limit)
    t.join()


def bench(threads, work):
    global found, lock
    found = 0
    lock = threading.Lock()
    spawn_join(threads, threads, work)
    return found


def main():
    print("primes below 10000:", bench(1, 10000))
    print("primes below 10000, 4 threads:", bench(4, 10000))


if __name__ == "__main__":
    main()
