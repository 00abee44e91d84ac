# as_completed(), wait(return_when=ALL_COMPLETED / FIRST_COMPLETED) and add_done_callback.
import threading
import time
from concurrent.futures import (ThreadPoolExecutor, as_completed, wait,
                                ALL_COMPLETED, FIRST_COMPLETED)


def task(n):
    time.sleep(0.01 * (n % 3))
    return n * 10


with ThreadPoolExecutor(max_workers=3) as pool:
    futures = {pool.submit(task, n): n for n in range(8)}
    got = []
    count = 0
    for fut in as_completed(futures):
        got.append((futures[fut], fut.result()))
        count += 1
    print("completed:", count)
    print("sorted:", sorted(got))

    # Completion order follows the deadlines when the gaps are wide.
    delays = {"slow": 0.25, "fast": 0.01, "mid": 0.12}
    fs = {pool.submit(time.sleep, d): name for name, d in delays.items()}
    print("order:", [fs[f] for f in as_completed(fs)])

    batch = [pool.submit(task, n) for n in range(6)]
    done, not_done = wait(batch, return_when=ALL_COMPLETED)
    print("ALL_COMPLETED:", len(done), len(not_done))
    print(sorted(f.result() for f in done))

    quick = pool.submit(time.sleep, 0.01)
    slow = pool.submit(time.sleep, 0.3)
    done, not_done = wait([quick, slow], return_when=FIRST_COMPLETED)
    print("FIRST_COMPLETED:", quick in done, slow in not_done)
    done, not_done = wait([slow], timeout=0.01)
    print("timed out wait:", len(done), len(not_done))

# Callbacks receive the finished future; they run in the worker or, if already done, immediately.
seen = []
lock = threading.Lock()


def on_done(f):
    with lock:
        seen.append(f.result())


with ThreadPoolExecutor(max_workers=2) as pool:
    for n in range(5):
        pool.submit(task, n).add_done_callback(on_done)
print("callbacks:", sorted(seen))

with ThreadPoolExecutor(max_workers=1) as pool:
    f = pool.submit(task, 7)
    f.result()
    late = []
    f.add_done_callback(lambda fut: late.append(("late", fut.result())))
    print("callback on done future ran at once:", late)
