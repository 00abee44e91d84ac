"""Benchmark: multiprocessing.Pool(2).map of CPU-bound work against the
same work in one process. Prints the time ratio (about 1/2 on 2 cores)."""
import multiprocessing
import time


def cpu(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


if __name__ == "__main__":
    work = [300000] * 8
    t0 = time.perf_counter()
    serial = [cpu(n) for n in work]
    one = time.perf_counter() - t0
    with multiprocessing.Pool(2) as pool:
        t0 = time.perf_counter()
        par = pool.map(cpu, work)
        two = time.perf_counter() - t0
    assert par == serial
    print("pool map: 1 process %.3f s, Pool(2) %.3f s, ratio %.3f" % (one, two, two / one))
