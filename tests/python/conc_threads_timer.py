# threading.Timer fires its function after a delay; a cancelled Timer never fires.
import threading
import time

fired = []


def ring(label, extra=None):
    fired.append((label, extra))


start = time.perf_counter()
t = threading.Timer(0.2, ring, args=("first",), kwargs={"extra": 1})
t.start()
print("fired right away:", fired)
t.join()
elapsed = time.perf_counter() - start
print("fired after join:", fired)
print("waited at least 0.2:", elapsed >= 0.2)
print("under 5 s:", elapsed < 5)
print("is a Thread:", isinstance(t, threading.Thread))

c = threading.Timer(0.2, ring, args=("never",))
c.start()
time.sleep(0.01)
c.cancel()
c.join()
print("after cancel:", fired)
print("alive:", c.is_alive())

# Cancel before start: start() still runs the thread, which does nothing.
d = threading.Timer(0.01, ring, args=("also never",))
d.cancel()
d.start()
d.join()
print("cancel before start:", fired)

# Several timers with different delays fire in deadline order.
order = []
timers = [threading.Timer(delay, order.append, args=(name,))
          for name, delay in (("slow", 0.25), ("fast", 0.01), ("mid", 0.12))]
for tm in timers:
    tm.start()
for tm in timers:
    tm.join()
print("order:", order)
