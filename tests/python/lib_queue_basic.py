# queue: FIFO/LIFO/priority orders, maxsize and full(), nowait errors, timeouts, task_done/join, SimpleQueue.
import queue
import threading
import time

q = queue.Queue(maxsize=2)
print(q.maxsize, q.qsize(), q.empty(), q.full())
q.put(1)
q.put_nowait(2)
print(q.qsize(), q.empty(), q.full())
try:
    q.put(3, block=False)
except queue.Full as e:
    print("Full on put(block=False)", repr(str(e)))
try:
    q.put_nowait(3)
except queue.Full:
    print("Full on put_nowait")
t0 = time.monotonic()
try:
    q.put(3, timeout=0.05)
except queue.Full:
    print("Full after timeout, waited enough:", time.monotonic() - t0 >= 0.04)
try:
    q.put(3, timeout=-1)
except ValueError as e:
    print("ValueError:", e)
print(q.get(), q.get_nowait(), q.empty())
try:
    q.get_nowait()
except queue.Empty:
    print("Empty on get_nowait")
try:
    q.get(False)
except queue.Empty:
    print("Empty on get(False)")
try:
    q.get(timeout=0.02)
except queue.Empty:
    print("Empty after timeout")
try:
    q.get(timeout=-0.5)
except ValueError as e:
    print("ValueError:", e)
print("put with timeout when not full:", q.put(5, timeout=1), q.get(timeout=1))

# task_done and join.
q2 = queue.Queue()
for i in range(3):
    q2.put(i)
print("unfinished:", q2.unfinished_tasks)
for i in range(3):
    q2.get()
    q2.task_done()
q2.join()
print("joined, unfinished:", q2.unfinished_tasks)
try:
    q2.task_done()
except ValueError as e:
    print("ValueError:", e)

# Unbounded queues never report full.
u = queue.Queue()
for i in range(100):
    u.put(i)
print(u.full(), u.qsize(), queue.Queue(0).full(), queue.Queue(-1).full())

lifo = queue.LifoQueue(maxsize=3)
for x in "abc":
    lifo.put(x)
print("lifo full:", lifo.full(), [lifo.get() for _ in range(3)])
pq = queue.PriorityQueue()
for item in [(2, "b"), (0, "z"), (1, "a"), (2, "a")]:
    pq.put(item)
print("prio:", [pq.get_nowait() for _ in range(4)])
try:
    pq.get_nowait()
except queue.Empty:
    print("PriorityQueue empty")

sq = queue.SimpleQueue()
print(sq.empty(), sq.qsize())
sq.put(1)
sq.put_nowait(2)
sq.put(3, block=False, timeout=5)
print(sq.qsize(), sq.get(), sq.get(block=False), sq.get(timeout=0.5), sq.empty())
for call in (lambda: sq.get_nowait(), lambda: sq.get(False, 1.0), lambda: sq.get(timeout=0.01)):
    try:
        call()
    except queue.Empty:
        print("SimpleQueue Empty")
try:
    sq.get(timeout=-1)
except ValueError as e:
    print("ValueError:", e)
print(issubclass(queue.Empty, Exception), issubclass(queue.Full, Exception))
print(issubclass(queue.LifoQueue, queue.Queue), isinstance(sq, queue.Queue))
