# Threads incrementing shared state under `with lock:`; the final counts
# are exact whatever the interleaving.
import threading

counter = 0
lock = threading.Lock()
hits = {}

def work(name, n):
    global counter
    for i in range(n):
        with lock:
            counter += 1
            hits[name] = hits.get(name, 0) + 1

threads = [threading.Thread(target=work, args=(f"t{k}", 2000 + k * 500)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter", counter, "expected", sum(2000 + k * 500 for k in range(4)))
print(sorted(hits.items()))

balance = [100]
bal_lock = threading.Lock()
log = []

def transfer(amount, times):
    for _ in range(times):
        bal_lock.acquire()
        try:
            balance[0] += amount
        finally:
            bal_lock.release()

ts = [threading.Thread(target=transfer, args=(amt, 300)) for amt in (1, -1, 2, -2, 5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("balance", balance[0])
print(lock.locked(), bal_lock.locked())
with lock:
    print("inside", lock.locked())
print("outside", lock.locked())
acquired = lock.acquire()
print("acquired", acquired, lock.locked())
lock.release()
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
