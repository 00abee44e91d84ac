# FIFO Queue, LifoQueue, PriorityQueue and SimpleQueue return items in their own orders.
import queue
import threading

items = [5, 1, 4, 2, 3]

fifo = queue.Queue()
lifo = queue.LifoQueue()
prio = queue.PriorityQueue()
for x in items:
    fifo.put(x)
    lifo.put(x)
    prio.put(x)
print("fifo:", [fifo.get() for _ in items])
print("lifo:", [lifo.get() for _ in items])
print("prio:", [prio.get() for _ in items])

# PriorityQueue with (priority, task) tuples.
jobs = queue.PriorityQueue()
jobs.put((3, "write report"))
jobs.put((1, "fix outage"))
jobs.put((2, "review code"))
jobs.put((1, "answer pager"))
while not jobs.empty():
    priority, task = jobs.get()
    print(priority, task)

# SimpleQueue: unbounded FIFO without task tracking.
sq = queue.SimpleQueue()
for word in ("a", "b", "c"):
    sq.put(word)
print("simple size:", sq.qsize(), sq.empty())
print("simple:", sq.get(), sq.get(), sq.get_nowait())
print("simple empty:", sq.empty())
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("SimpleQueue empty")

# Threads filling a PriorityQueue: drained order is sorted however they interleave.
pq = queue.PriorityQueue()


def fill(base):
    for k in range(5):
        pq.put(base + k * 7)


ts = [threading.Thread(target=fill, args=(b,)) for b in (3, 1, 2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
drained = []
while not pq.empty():
    drained.append(pq.get_nowait())
print(drained)
print(drained == sorted(drained), len(drained))
print(fifo.maxsize, lifo.qsize(), isinstance(lifo, queue.Queue), isinstance(prio, queue.Queue))
