# ThreadPoolExecutor: worker names, on-demand threads, map order/errors/timeout, shutdown with cancel_futures, initializers, errors.
import threading
import time
from concurrent.futures import ThreadPoolExecutor, BrokenExecutor, CancelledError
import concurrent.futures as cf


def square(x):
    time.sleep(0.005)
    return x * x


def whoami(_):
    time.sleep(0.02)
    return threading.current_thread().name


# Default names: ThreadPoolExecutor-<pool number>_<worker number>.
with ThreadPoolExecutor(max_workers=2) as pool:
    names = sorted(set(pool.map(whoami, range(6))))
print("default names:", names)
with ThreadPoolExecutor(3, thread_name_prefix="crawler") as pool:
    names = sorted(set(pool.map(whoami, range(9))))
print("prefixed names:", names)
with ThreadPoolExecutor() as pool:
    names = set(pool.map(whoami, range(2)))
print("third pool:", sorted(n.split("_")[0] for n in names))

# Threads are started on demand: one quick call at a time reuses the idle worker.
pool = ThreadPoolExecutor(max_workers=4)
for i in range(5):
    pool.submit(square, i).result()
    time.sleep(0.01)  # lets the worker mark itself idle (free mode runs both at once)
print("threads after sequential calls:", len(pool._threads))
pool.shutdown()
print("workers alive after shutdown:", [t.is_alive() for t in pool._threads])

# map: results in order, several iterables, exceptions re-raised when reached.
def invert(x):
    return 10 // x


with ThreadPoolExecutor(4) as pool:
    print("map:", list(pool.map(square, range(8))))
    print("map zip:", list(pool.map(pow, [2, 3, 4], [5, 2])))
    got = []
    try:
        for r in pool.map(invert, [5, 2, 0, 1]):
            got.append(r)
    except ZeroDivisionError as e:
        print("map raised", repr(e), "after", got)
    print("map empty:", list(pool.map(square, [])))

# map with a timeout: TimeoutError for a late result; the calls not started are cancelled.
with ThreadPoolExecutor(1) as pool:
    it = pool.map(time.sleep, [0.2, 0.2, 0.2], timeout=0.05)
    try:
        for _ in it:
            pass
    except TimeoutError:
        print("map timed out")

# shutdown(cancel_futures=True): the queued calls are cancelled, the running one finishes.
started = threading.Event()
release = threading.Event()


def blocker():
    started.set()
    release.wait()
    return "blocker done"


pool = ThreadPoolExecutor(max_workers=1)
first = pool.submit(blocker)
rest = [pool.submit(square, i) for i in range(3)]
started.wait()
pool.shutdown(wait=False, cancel_futures=True)
print("queued cancelled:", [f.cancelled() for f in rest])
release.set()
print("running one:", first.result())
try:
    rest[0].result()
except CancelledError:
    print("CancelledError from a cancelled call")
pool.shutdown(wait=True)
try:
    pool.submit(square, 1)
except RuntimeError as e:
    print("RuntimeError:", e)

# Initializer: runs once in each worker.
inits = []
init_lock = threading.Lock()


def init(tag):
    with init_lock:
        inits.append(tag)


with ThreadPoolExecutor(2, initializer=init, initargs=("ready",)) as pool:
    print("with initializer:", sorted(pool.map(square, range(4))))
print("initializer calls:", len(inits) >= 1 and set(inits) == {"ready"})


# A failing initializer breaks the pool.
def bad_init():
    raise ValueError("no database")


pool = ThreadPoolExecutor(1, initializer=bad_init)
f = pool.submit(square, 3)
try:
    f.result(timeout=5)
except BrokenExecutor as e:
    print("broken:", type(e).__name__, e)
try:
    pool.submit(square, 4)
except BrokenExecutor as e:
    print("submit to a broken pool:", type(e).__name__)
pool.shutdown()

for kwargs in ({"max_workers": 0}, {"max_workers": -1}, {"initializer": 5}):
    try:
        ThreadPoolExecutor(**kwargs)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

# Executor base class and the context manager.
try:
    cf.Executor().submit(square, 1)
except NotImplementedError:
    print("Executor.submit is abstract")
with ThreadPoolExecutor(2) as pool:
    same = pool.__enter__() is pool
    futs = [pool.submit(square, n) for n in range(5)]
print("with returns pool:", same, "all done after with:", all(f.done() for f in futs), [f.result() for f in futs])

# Callbacks run in the worker thread when the call finishes.
done_names = []
with ThreadPoolExecutor(1, thread_name_prefix="cb") as pool:
    fut = pool.submit(square, 7)
    fut.add_done_callback(lambda f: done_names.append((f.result(), threading.current_thread().name.startswith("cb") or threading.current_thread() is threading.main_thread())))
print("callback:", done_names)
