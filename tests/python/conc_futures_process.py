# ProcessPoolExecutor.map and submit with module-level functions, under the __main__ guard.
import concurrent.futures
import math
from concurrent.futures import ProcessPoolExecutor


def is_prime(n):
    if n < 2:
        return False
    for d in range(2, int(math.sqrt(n)) + 1):
        if n % d == 0:
            return False
    return True


def count_primes(bounds):
    lo, hi = bounds
    return sum(1 for n in range(lo, hi) if is_prime(n))


def power(base, exp):
    return base ** exp


if __name__ == "__main__":
    numbers = [2, 15, 17, 97, 100]
    with ProcessPoolExecutor(max_workers=2) as executor:
        for n, prime in zip(numbers, executor.map(is_prime, numbers)):
            print(f"{n} is prime: {prime}")
        chunks = [(k * 5000, (k + 1) * 5000) for k in range(4)]
        counts = list(executor.map(count_primes, chunks))
        print("counts:", counts, "total:", sum(counts))
        fut = executor.submit(power, 2, 40)
        print("submit:", fut.result())
        futs = [executor.submit(power, b, 2) for b in range(5)]
        print("as_completed sorted:", sorted(f.result() for f in concurrent.futures.as_completed(futs)))
    print("primes below 20000:", sum(1 for n in range(20000) if is_prime(n)))
