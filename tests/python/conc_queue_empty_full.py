# queue.Empty from get(timeout=...)/get_nowait(), queue.Full from put_nowait() on Queue(maxsize=2).
import queue
import threading
import time

q = queue.Queue()
start = time.perf_counter()
try:
    q.get(timeout=0.05)
except queue.Empty as e:
    waited = time.perf_counter() - start
    print("Empty after timeout:", type(e).__name__, repr(str(e)), waited >= 0.04)

try:
    q.get_nowait()
except queue.Empty:
    print("get_nowait on empty raised Empty")

try:
    q.get(block=False)
except queue.Empty:
    print("get(block=False) raised Empty")

small = queue.Queue(maxsize=2)
small.put_nowait("a")
small.put_nowait("b")
print("full:", small.full(), "qsize:", small.qsize(), "maxsize:", small.maxsize)
try:
    small.put_nowait("c")
except queue.Full as e:
    print("Full:", type(e).__name__, repr(str(e)))
try:
    small.put("c", timeout=0.02)
except queue.Full:
    print("put(timeout) raised Full")

# A blocked put() proceeds once a consumer makes room.
def drain_later():
    time.sleep(0.03)
    small.get()


t = threading.Thread(target=drain_later)
t.start()
small.put("c")
t.join()
print("after blocked put:", [small.get(), small.get()])
print(issubclass(queue.Empty, Exception), issubclass(queue.Full, Exception))

# The usual polling loop.
jobs = queue.Queue()
for i in range(3):
    jobs.put(i)
seen = []
while True:
    try:
        seen.append(jobs.get_nowait())
    except queue.Empty:
        break
print("polled:", seen)
