# queue with threads: bounded producer/consumer, blocking get woken by put, join waiting for workers, SimpleQueue between threads.
import queue
import threading
import time

# Bounded queue: producers block while it is full; every item arrives once.
q = queue.Queue(maxsize=3)
results = []
results_lock = threading.Lock()


def producer(base):
    for k in range(30):
        q.put(base + k)


def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        with results_lock:
            results.append(item)
        q.task_done()


consumers = [threading.Thread(target=consumer) for _ in range(3)]
producers = [threading.Thread(target=producer, args=(b,)) for b in (0, 100, 200, 300)]
for t in consumers + producers:
    t.start()
for t in producers:
    t.join()
q.join()
print("after join, unfinished:", q.unfinished_tasks, "qsize:", q.qsize())
for _ in consumers:
    q.put(None)
for t in consumers:
    t.join()
print(len(results), sorted(results) == sorted(b + k for b in (0, 100, 200, 300) for k in range(30)))

# A getter blocked on an empty queue is woken by a put.
box = queue.Queue()
got = []


def waiter():
    got.append(box.get(timeout=5))


w = threading.Thread(target=waiter)
w.start()
time.sleep(0.02)
box.put("hello")
w.join()
print("woken with:", got)

# A putter blocked on a full queue is woken by a get.
full = queue.Queue(maxsize=1)
full.put("first")
done = []


def putter():
    full.put("second", timeout=5)
    done.append(True)


p = threading.Thread(target=putter)
p.start()
time.sleep(0.02)
print("putter still waiting:", done == [], full.full())
print("got:", full.get())
p.join()
print("putter done:", done, "then:", full.get())

# Per-order check of FIFO across threads: one producer, one consumer, order kept.
fifo = queue.Queue(maxsize=2)
seen = []


def ordered_consumer():
    for _ in range(50):
        seen.append(fifo.get())


c = threading.Thread(target=ordered_consumer)
c.start()
for i in range(50):
    fifo.put(i)
c.join()
print("FIFO order kept:", seen == list(range(50)))

# SimpleQueue between threads.
sq = queue.SimpleQueue()
out = []


def sq_consumer():
    while True:
        x = sq.get()
        if x is None:
            break
        out.append(x * x)


threads = [threading.Thread(target=sq_consumer) for _ in range(2)]
for t in threads:
    t.start()
for i in range(20):
    sq.put(i)
sq.put(None)
sq.put(None)
for t in threads:
    t.join()
print("SimpleQueue:", sorted(out) == [i * i for i in range(20)], sq.empty())
