# q.join() waits until task_done() was called for every item; unfinished work is counted exactly.
import queue
import threading

q = queue.Queue()
totals = {}
lock = threading.Lock()


def worker(name):
    while True:
        n = q.get()
        try:
            with lock:
                totals[name] = totals.get(name, 0) + n
        finally:
            q.task_done()


for k in range(3):
    threading.Thread(target=worker, args=(f"w{k}",), daemon=True).start()

for n in range(1, 101):
    q.put(n)
q.join()
print("sum after join:", sum(totals.values()))
print("unfinished:", q.unfinished_tasks)

for n in range(5):
    q.put(n * 1000)
q.join()
print("sum after second batch:", sum(totals.values()))

# task_done() too many times raises ValueError.
q2 = queue.Queue()
q2.put("x")
q2.get()
q2.task_done()
try:
    q2.task_done()
except ValueError as e:
    print("ValueError:", e)

# join() on a queue with nothing put returns immediately.
queue.Queue().join()
print("empty join returned")

# Items counted in unfinished_tasks until task_done.
q3 = queue.Queue()
for i in range(4):
    q3.put(i)
q3.get()
q3.get()
print("unfinished:", q3.unfinished_tasks, "qsize:", q3.qsize())
q3.task_done()
print("unfinished:", q3.unfinished_tasks)
