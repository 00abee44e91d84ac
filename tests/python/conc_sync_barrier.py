# Barrier with n parties: wait() returns each index 0..n-1 once; the action runs once per round; abort and timeout break it.
import threading
import time

N = 4
rounds = []
barrier = threading.Barrier(N, action=lambda: rounds.append("round"))
indices = []
phases = []
lock = threading.Lock()


def runner(name):
    for phase in range(3):
        with lock:
            phases.append((phase, name))
        idx = barrier.wait()
        with lock:
            indices.append((phase, idx))


ts = [threading.Thread(target=runner, args=(f"r{k}",)) for k in range(N)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for phase in range(3):
    print(phase, sorted(i for p, i in indices if p == phase))
print("action ran:", len(rounds))
print("parties:", barrier.parties, "waiting:", barrier.n_waiting, "broken:", barrier.broken)

# Phases never overlap: everyone logged phase 0 before anyone passed it.
print("phase order ok:", [p for p, _ in phases][:N] == [0] * N)

# A barrier no one else reaches times out and breaks.
lonely = threading.Barrier(2, timeout=0.03)
try:
    lonely.wait()
except threading.BrokenBarrierError as e:
    print("BrokenBarrierError", type(e).__name__, lonely.broken)
try:
    lonely.wait()
except threading.BrokenBarrierError:
    print("still broken")
lonely.reset()
print("after reset:", lonely.broken)

# abort() wakes the waiters with BrokenBarrierError.
b = threading.Barrier(3)
errors = []


def stuck():
    try:
        b.wait()
    except threading.BrokenBarrierError:
        with lock:
            errors.append("broken")


ws = [threading.Thread(target=stuck) for _ in range(2)]
for w in ws:
    w.start()
while b.n_waiting < 2:
    time.sleep(0.001)
b.abort()
for w in ws:
    w.join()
print(errors, b.broken)
print(issubclass(threading.BrokenBarrierError, RuntimeError))
