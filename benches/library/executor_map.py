"""Benchmark: ThreadPoolExecutor.map with 1 vs 4 workers, CPU-bound and
IO-bound (2 ms sleep) tasks. Prints the time ratio of 4 workers to 1."""
import time
from concurrent.futures import ThreadPoolExecutor

TASKS = 200


def cpu(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def io(n):
    time.sleep(0.002)
    return n


def run(workers, fn):
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as ex:
        out = list(ex.map(fn, [4000] * TASKS))
    assert len(out) == TASKS
    return time.perf_counter() - t0


for name, fn in (("cpu", cpu), ("io", io)):
    one = run(1, fn)
    four = run(4, fn)
    print("executor %s: 1 worker %.3f s, 4 workers %.3f s, ratio 4/1 %.3f" % (name, one, four, four / one))
