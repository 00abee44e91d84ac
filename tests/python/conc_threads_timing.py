# perf_counter shows IO-bound sleeps overlap in threads; prints only robust booleans, never times.
import threading
import time


def io_task(seconds, out, i):
    time.sleep(seconds)
    out[i] = seconds


def cpu_task(n, out, i):
    total = 0
    for k in range(n):
        total += k % 7
    out[i] = total


# Sequential sleeps add up.
start = time.perf_counter()
for _ in range(3):
    time.sleep(0.05)
seq = time.perf_counter() - start
print("sequential >= 0.15:", seq >= 0.15)

# Threaded sleeps overlap: 10 x 0.1 s take about 0.1 s, not 1 s.
out = [None] * 10
start = time.perf_counter()
ts = [threading.Thread(target=io_task, args=(0.1, out, i)) for i in range(10)]
for t in ts:
    t.start()
for t in ts:
    t.join()
par = time.perf_counter() - start
print("threaded >= 0.1:", par >= 0.1)
print("threaded < 0.7:", par < 0.7)
print(out)

# CPU-bound work gives the same answer in threads (the GIL serialises it).
res = [None] * 4
ts = [threading.Thread(target=cpu_task, args=(20000, res, i)) for i in range(4)]
start = time.perf_counter()
for t in ts:
    t.start()
for t in ts:
    t.join()
cpu = time.perf_counter() - start
print(res, res == [sum(k % 7 for k in range(20000))] * 4)
print("cpu elapsed < 5:", cpu < 5)

# time.monotonic never goes backwards; perf_counter neither.
a = time.monotonic()
b = time.monotonic()
c = time.perf_counter()
d = time.perf_counter()
print(b >= a, d >= c)
