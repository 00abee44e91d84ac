# concurrent.futures.wait (ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, timeout) and as_completed (order, duplicates, timeout).
import threading
import time
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, Future, wait, as_completed


def after(event, value):
    event.wait()
    return value


def fail_after(event):
    event.wait()
    raise KeyError("failed")


# Futures completed by hand, in a chosen order.
fs = [Future() for _ in range(4)]
fs[2].set_result("two")
res = wait(fs, timeout=0)
print("timeout 0:", len(res.done), len(res.not_done), type(res).__name__)
done, not_done = wait(fs, timeout=0.01, return_when=cf.FIRST_COMPLETED)
print("FIRST_COMPLETED with one done:", [f.result() for f in done], len(not_done))
print("indexing:", res[0] == res.done, res[1] == res.not_done, len(res))
print("FIRST_EXCEPTION none raised yet:", len(wait(fs, timeout=0.01, return_when=cf.FIRST_EXCEPTION).done))
fs[0].set_exception(OSError("disk"))
r = wait(fs, return_when=cf.FIRST_EXCEPTION)
print("FIRST_EXCEPTION:", sorted(repr(f.exception()) for f in r.done), len(r.not_done))
fs[1].cancel()
print("cancelled, not notified: wait times out:", len(wait(fs, timeout=0.01).not_done))
fs[1].set_running_or_notify_cancel()
fs[3].set_result("three")
r = wait(fs)
print("ALL_COMPLETED:", len(r.done), len(r.not_done), fs[1] in r.done)
print("no futures:", wait([]), wait([], return_when=cf.FIRST_COMPLETED).done)
try:
    wait([Future()], timeout=0, return_when="SOMETIMES")
except ValueError as e:
    print("ValueError:", e)
print("waiters left:", [len(f._waiters) for f in fs])

# wait with threads: FIRST_COMPLETED returns as soon as one finishes.
gates = [threading.Event() for _ in range(3)]
with ThreadPoolExecutor(3) as pool:
    futs = [pool.submit(after, gates[i], i) for i in range(3)]
    gates[1].set()
    done, pending = wait(futs, return_when=cf.FIRST_COMPLETED)
    print("first completed:", [f.result() for f in done], len(pending))
    gates[0].set()
    gates[2].set()
    done, pending = wait(futs)
    print("all:", sorted(f.result() for f in done), len(pending))

# FIRST_EXCEPTION with threads.
g_ok = threading.Event()
g_bad = threading.Event()
with ThreadPoolExecutor(2) as pool:
    ok = pool.submit(after, g_ok, "ok")
    bad = pool.submit(fail_after, g_bad)
    g_bad.set()
    done, pending = wait([ok, bad], return_when=cf.FIRST_EXCEPTION)
    print("first exception:", [repr(f.exception()) for f in done], len(pending), ok in pending)
    g_ok.set()

# Timeout while nothing finishes.
gate = threading.Event()
with ThreadPoolExecutor(1) as pool:
    slow = pool.submit(after, gate, "slow")
    done, pending = wait([slow], timeout=0.02)
    print("timed out:", len(done), len(pending))
    gate.set()

# as_completed yields in completion order; already finished ones first.
gates = [threading.Event() for _ in range(4)]
order = [2, 0, 3, 1]
pre = Future()
pre.set_result("pre")
with ThreadPoolExecutor(4) as pool:
    futs = [pool.submit(after, gates[i], i) for i in range(4)]
    seen = []
    # (A for loop, not next(): gilsim cannot yet block inside a generator
    # resumed by the builtin next().)
    for f in as_completed(futs + [pre, futs[0]]):
        seen.append(f.result())
        if order:
            gates[order.pop(0)].set()
    print("as_completed:", seen)

# as_completed with a timeout.
gate = threading.Event()
with ThreadPoolExecutor(2) as pool:
    futs = [pool.submit(after, gate, "x"), pool.submit(time.sleep, 0)]
    got = []
    try:
        for f in as_completed(futs, timeout=0.05):
            got.append(f.result())
    except TimeoutError as e:
        print("as_completed TimeoutError:", e, got)
    gate.set()
print("after:", [len(f._waiters) for f in futs])

# Cancelled futures count as completed.
c = Future()
c.cancel()
c.set_running_or_notify_cancel()
d = Future()
d.set_result(1)
print("cancelled in as_completed:", sorted([f.cancelled() for f in as_completed([c, d])]))
