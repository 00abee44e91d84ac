# concurrent.futures.Future on its own: states, result/exception, callbacks, cancel, errors, repr.
import concurrent.futures as cf
import threading
import time
from concurrent.futures import Future


def show(tag, f):
    print(tag, "done:", f.done(), "running:", f.running(), "cancelled:", f.cancelled())


f = Future()
show("new", f)
print(repr(f).startswith("<Future at 0x"), repr(f).endswith("state=pending>"))
calls = []
f.add_done_callback(lambda fut: calls.append(("cb1", fut.result())))
f.add_done_callback(lambda fut: calls.append(("cb2", fut.done())))
print("set_running:", f.set_running_or_notify_cancel())
show("running", f)
print(repr(f).endswith("state=running>"), "cancel running:", f.cancel())
try:
    f.result(timeout=0.01)
except cf.TimeoutError as e:
    print("TimeoutError", type(e) is TimeoutError, cf.TimeoutError is TimeoutError)
f.set_result(42)
show("finished", f)
print("result:", f.result(), f.result(timeout=0), "exception:", f.exception(), "callbacks:", calls)
print(repr(f).endswith("state=finished returned int>"))
try:
    f.set_result(1)
except cf.InvalidStateError as e:
    print("InvalidStateError", str(e).startswith("FINISHED: <Future at"), isinstance(e, cf._base.Error) if hasattr(cf, "_base") else True)
late = []
f.add_done_callback(lambda fut: late.append(fut.result()))
print("callback on a done future runs at once:", late)

g = Future()
g.set_running_or_notify_cancel()
g.set_exception(ValueError("bad"))
print("exception:", repr(g.exception()), repr(g).endswith("state=finished raised ValueError>"))
try:
    g.result()
except ValueError as e:
    print("result() raised", repr(e))
try:
    g.set_exception(KeyError("again"))
except cf.InvalidStateError:
    print("InvalidStateError on second set_exception")

# Cancel a pending future.
h = Future()
seen = []
h.add_done_callback(lambda fut: seen.append(fut.cancelled()))
print("cancel:", h.cancel(), "again:", h.cancel(), "callback saw cancelled:", seen)
show("cancelled", h)
print(repr(h).endswith("state=cancelled>"))
for name, method in (("result", h.result), ("exception", h.exception)):
    try:
        method()
    except cf.CancelledError as e:
        print("CancelledError from", name, isinstance(e, Exception))
print("set_running after cancel:", h.set_running_or_notify_cancel(), h.cancelled())
try:
    h.set_running_or_notify_cancel()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    h.set_result(3)
except cf.InvalidStateError as e:
    print("InvalidStateError:", str(e).split(":")[0])

# A failing callback is reported, the others still run.
k = Future()
ran = []


def bad_callback(fut):
    raise RuntimeError("callback failed")


k.add_done_callback(bad_callback)
k.add_done_callback(lambda fut: ran.append("second"))
k.set_result(None)
print("after a failing callback:", ran, k.result())

# result(timeout) woken by another thread; exception(timeout) times out.
m = Future()


def finish_later():
    time.sleep(0.02)
    m.set_result("late value")


t = threading.Thread(target=finish_later)
t.start()
print("waited result:", m.result(timeout=5))
t.join()
n = Future()
try:
    n.exception(timeout=0.01)
except TimeoutError:
    print("exception() timed out")
print(issubclass(cf.CancelledError, Exception), issubclass(cf.BrokenExecutor, RuntimeError),
      issubclass(cf.thread.BrokenThreadPool, cf.BrokenExecutor) if hasattr(cf, "thread") else True)
print(cf.FIRST_COMPLETED, cf.FIRST_EXCEPTION, cf.ALL_COMPLETED)
