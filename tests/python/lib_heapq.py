# heapq: push/pop order, heapify, heapreplace, heappushpop, nlargest/nsmallest, merge, errors.
import heapq

_seed = [7]


def lcg():
    # A small deterministic generator: gilsim's random differs from CPython's.
    _seed[0] = (_seed[0] * 1103515245 + 12345) % 2147483648
    return _seed[0]


data = [lcg() % 100 for _ in range(40)]

h = []
for x in data:
    heapq.heappush(h, x)
print("invariant after pushes:", all(h[k] <= h[c] for k in range(len(h)) for c in (2 * k + 1, 2 * k + 2) if c < len(h)))
print("push layout:", h[:12])
out = [heapq.heappop(h) for _ in range(len(h))]
print("popped sorted:", out == sorted(data), out[:8])

h2 = list(data)
heapq.heapify(h2)
print("heapify smallest:", h2[0] == min(data), len(h2), "layout:", h2[:12])
print("replace:", heapq.heapreplace(h2, 1000), "then smallest", h2[0])
print("pushpop small:", heapq.heappushpop(h2, -5), "pushpop big:", heapq.heappushpop(h2, 50), h2[0])
print("pushpop on empty:", heapq.heappushpop([], 3))

# Tuples: ties broken by the second item.
tasks = []
for prio, name in [(3, "c"), (1, "a"), (2, "b"), (1, "aa"), (0, "z")]:
    heapq.heappush(tasks, (prio, name))
print("tuples:", [heapq.heappop(tasks) for _ in range(5)])

print("nsmallest:", heapq.nsmallest(5, data))
print("nlargest:", heapq.nlargest(5, data))
print("nlargest key:", heapq.nlargest(3, ["apple", "fig", "banana", "kiwi", "cherry"], key=len))
print("nsmallest key:", heapq.nsmallest(3, ["apple", "fig", "banana", "kiwi", "cherry"], key=len))
print("n=1:", heapq.nsmallest(1, [4, 2, 9]), heapq.nlargest(1, [4, 2, 9]), heapq.nlargest(1, []))
print("n=0:", heapq.nsmallest(0, [1, 2]), "n>len:", heapq.nlargest(10, [3, 1, 2]))
print("merge:", list(heapq.merge([1, 4, 7], [2, 5, 8], [0, 3, 6, 9])))
print("merge empty:", list(heapq.merge([], [1], [])), list(heapq.merge()))
print("merge key:", list(heapq.merge(["a", "ccc"], ["bb", "dddd"], key=len)))
print("merge reverse:", list(heapq.merge([9, 5, 1], [8, 4], reverse=True)))

for fn in (heapq.heappop, lambda hp: heapq.heapreplace(hp, 1)):
    try:
        fn([])
    except IndexError as e:
        print("IndexError:", e)

# Heap sort of random floats.
fl = [lcg() / 2147483648 for _ in range(100)]
hf = list(fl)
heapq.heapify(hf)
print("heapsort ok:", [heapq.heappop(hf) for _ in range(100)] == sorted(fl))
