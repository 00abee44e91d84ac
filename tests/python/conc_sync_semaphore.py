# Semaphore bounds concurrency (checked under a lock); BoundedSemaphore rejects an extra release().
import threading
import time

LIMIT = 3
sem = threading.Semaphore(LIMIT)
lock = threading.Lock()
active = 0
peak = 0
done = []


def download(i):
    global active, peak
    with sem:
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.02)
        with lock:
            active -= 1
            done.append(i)


ts = [threading.Thread(target=download, args=(i,)) for i in range(10)]
start = time.perf_counter()
for t in ts:
    t.start()
for t in ts:
    t.join()
elapsed = time.perf_counter() - start
print("all done:", sorted(done) == list(range(10)))
print(f"max concurrent <= {LIMIT}:", peak <= LIMIT)
print("at least one ran:", peak >= 1)
print("active at end:", active)
print("took at least 4 rounds:", elapsed >= 0.07)

# Non-blocking and timed acquires on an exhausted semaphore.
s = threading.Semaphore(2)
print(s.acquire(), s.acquire())
print("third, non-blocking:", s.acquire(blocking=False))
print("third, timeout:", s.acquire(timeout=0.02))
s.release()
print("after release:", s.acquire(blocking=False))

# A plain Semaphore may be released above its start value...
plain = threading.Semaphore(1)
plain.release()
print("plain twice:", plain.acquire(blocking=False), plain.acquire(blocking=False))

# ...a BoundedSemaphore may not.
bounded = threading.BoundedSemaphore(2)
bounded.acquire()
bounded.release()
try:
    bounded.release()
except ValueError as e:
    print("ValueError:", e)

try:
    threading.Semaphore(-1)
except ValueError as e:
    print("ValueError:", e)
