# A list of threading.Thread objects started and joined in a loop; each
# writes its result into its own slot, printed after every join.
import threading

def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps

def worker(index, start, results):
    best = (0, 0)
    for n in range(start, start + 200):
        s = collatz_steps(n)
        if s > best[0]:
            best = (s, n)
    results[index] = best

def squarer(index, values, results):
    results[index] = [v * v for v in values]

N = 6
results = [None] * N
threads = []
for i in range(N):
    t = threading.Thread(target=worker, args=(i, 1 + i * 200, results))
    threads.append(t)
for t in threads:
    t.start()
for t in threads:
    t.join()
for i, r in enumerate(results):
    print(f"worker {i}: longest chain {r[0]} steps from {r[1]}")
print(max(results), all(r is not None for r in results))

chunks = [list(range(k, k + 3)) for k in range(0, 12, 3)]
out = [None] * len(chunks)
ts = [threading.Thread(target=squarer, args=(i, c, out)) for i, c in enumerate(chunks)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(out)
print(sum(sum(x) for x in out))

totals = {}
def tally(name, n):
    totals[name] = sum(range(n))
names = ["a", "b", "c"]
ws = [threading.Thread(target=tally, args=(nm, (k + 1) * 1000)) for k, nm in enumerate(names)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print([(nm, totals[nm]) for nm in names])
