# ThreadPoolExecutor: map() keeps input order, submit()+result(), the with-block, shutdown(wait=True).
import concurrent.futures
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def slow_square(n):
    time.sleep(0.01 * (5 - n % 5))
    return n * n


def add(a, b):
    return a + b


with ThreadPoolExecutor(max_workers=4) as pool:
    print("map:", list(pool.map(slow_square, range(10))))
    print("map two iterables:", list(pool.map(add, [1, 2, 3], [10, 20, 30, 40])))
    fut = pool.submit(add, 2, b=40)
    print("submit result:", fut.result())
    print("done after result:", fut.done(), "cancelled:", fut.cancelled())
    futures = [pool.submit(slow_square, n) for n in range(6)]
    print("results in submit order:", [f.result() for f in futures])

# Worker threads are named after the pool.
names = set()
lock = threading.Lock()


def record(_):
    with lock:
        names.add(threading.current_thread().name.split("_")[0])
    time.sleep(0.01)


with ThreadPoolExecutor(max_workers=2, thread_name_prefix="fetcher") as pool:
    list(pool.map(record, range(4)))
print("thread prefixes:", sorted(names))

# Explicit shutdown(wait=True) waits for the queued work.
pool = ThreadPoolExecutor(max_workers=2)
out = []
for i in range(5):
    pool.submit(lambda i=i: out.append(slow_square(i)))
pool.shutdown(wait=True)
print("after shutdown:", sorted(out))
try:
    pool.submit(add, 1, 2)
except RuntimeError as e:
    print("RuntimeError:", e)

# Timing: 10 sleeps of 0.1 s on 10 workers overlap (1 s if run one by one).
start = time.perf_counter()
with ThreadPoolExecutor(max_workers=10) as pool:
    list(pool.map(time.sleep, [0.1] * 10))
elapsed = time.perf_counter() - start
print("overlapped:", 0.1 <= elapsed < 0.7)
print(isinstance(fut, concurrent.futures.Future))
