"""Threads hammer shared containers at once. Run in free mode (threads in
parallel on real cores) every primitive operation must stay atomic and
memory safe: appends are never lost, locked read-modify-writes are exact,
and unlocked ones may lose updates but never corrupt anything."""
import threading

N_THREADS = 4
N = 20000

shared = []
counts = {}
lock = threading.Lock()
unlocked = {"n": 0}
seen = set()


def worker(k):
    for i in range(N):
        shared.append(i)                      # atomic on its own
        key = i % 7
        with lock:                            # a read-modify-write under a lock
            counts[key] = counts.get(key, 0) + 1
        unlocked["n"] = unlocked["n"] + 1     # may lose updates, never crash
        seen.add(i % 100)
        if i % 1000 == 0:
            snapshot = list(shared)           # a copy while others append
            assert len(snapshot) <= N_THREADS * N
            _ = repr(counts)                  # a repr while others write


threads = [threading.Thread(target=worker, args=(k,)) for k in range(N_THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

print("appends", len(shared), "expected", N_THREADS * N)
print("locked counts", sum(counts.values()), "expected", N_THREADS * N)
print("keys", sorted(counts))
print("seen", len(seen))
print("unlocked within bounds", 0 < unlocked["n"] <= N_THREADS * N)
print("sum of items", sum(shared) == N_THREADS * (N * (N - 1) // 2))
