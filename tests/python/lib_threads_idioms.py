# threading idioms: a dict of futures with as_completed, timing threaded sleeps, RLock counter, main_thread, a Thread subclass, default names.
import concurrent.futures
import threading
import time
import random

def task(n):
    time.sleep(0.01 * (n % 3))
    return n * 2

with concurrent.futures.ThreadPoolExecutor(max_workers=3) as executor:
    future_to_n = {executor.submit(task, n): n for n in range(6)}
    results = {}
    for future in concurrent.futures.as_completed(future_to_n):
        n = future_to_n[future]
        results[n] = future.result()
print(sorted(results.items()))

start = time.perf_counter()
threads = []
for i in range(3):
    t = threading.Thread(target=time.sleep, args=(0.1,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
print(f"elapsed < 0.25: {elapsed < 0.25}")

counter = 0
lock = threading.RLock()
def inc():
    global counter
    for _ in range(1000):
        with lock:
            counter += 1
ts = [threading.Thread(target=inc) for _ in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
print(counter)
print(threading.current_thread() is threading.main_thread())
print(isinstance(threading.current_thread(), threading.Thread))
e = concurrent.futures.ThreadPoolExecutor()
print(list(e.map(lambda x: x + 1, [1, 2, 3])))
e.shutdown()
class Worker(threading.Thread):
    def __init__(self, q):
        threading.Thread.__init__(self)
        self.q = q
    def run(self):
        self.result = sum(self.q)
w = Worker([1, 2, 3]); w.start(); w.join(); print(w.result)
print(threading.Thread(target=print).name)
