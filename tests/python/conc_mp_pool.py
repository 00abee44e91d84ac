# multiprocessing.Pool: map, starmap, apply_async().get(), imap, imap_unordered (sorted), as a context manager.
import multiprocessing
from multiprocessing import Pool


def cpu_heavy(n):
    total = 0
    for k in range(n):
        total += k * k % 13
    return total


def multiply(a, b):
    return a * b


def square(x):
    return x * x


if __name__ == "__main__":
    pool = Pool(2)
    print("map:", pool.map(cpu_heavy, [1000, 2000, 3000, 4000]))
    pool.close()
    pool.join()

    with Pool(processes=2) as p:
        print("starmap:", p.starmap(multiply, [(1, 2), (3, 4), (5, 6)]))
        r = p.apply_async(cpu_heavy, (5000,))
        print("apply_async:", r.get(timeout=10), r.ready(), r.successful())
        print("apply:", p.apply(multiply, (7, 6)))
        print("imap:", list(p.imap(square, range(8))))
        print("imap_unordered sorted:", sorted(p.imap_unordered(square, range(8))))
        print("map chunksize:", p.map(square, range(10), chunksize=3))
        results = [p.apply_async(square, (i,)) for i in range(5)]
        print("many apply_async:", [res.get() for res in results])
        mr = p.map_async(square, [10, 20])
        print("map_async:", mr.get())
    print("serial check:", [cpu_heavy(n) for n in (1000, 2000)])
    print(isinstance(multiprocessing.cpu_count(), int))
