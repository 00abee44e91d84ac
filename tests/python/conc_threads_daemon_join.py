# Daemon flag, join(timeout) on a thread that sleeps longer, is_alive, active_count and enumerate.
import threading
import time

stop = threading.Event()


def sleeper(seconds):
    time.sleep(seconds)


def background():
    while not stop.is_set():
        time.sleep(0.01)


print("active at start:", threading.active_count())
print("enumerate at start:", len(threading.enumerate()))

d = threading.Thread(target=background, daemon=True)
print("daemon:", d.daemon)
d.start()
n = threading.Thread(target=sleeper, args=(0.3,))
print("daemon:", n.daemon)
n.start()
print("active with two:", threading.active_count())
print("enumerate with two:", len(threading.enumerate()))
print("main in enumerate:", threading.main_thread() in threading.enumerate())

n.join(timeout=0.05)
print("still alive after short join:", n.is_alive())
n.join()
print("alive after full join:", n.is_alive())
print("active after join:", threading.active_count())

x = threading.Thread(target=sleeper, args=(0.01,))
x.daemon = True
print("set daemon:", x.daemon, x.is_alive())
x.start()
x.join()
print("x done:", x.is_alive())
try:
    x.daemon = False
except RuntimeError as e:
    print("RuntimeError:", e)

y = threading.Thread(target=sleeper, args=(0.01,))
try:
    y.join()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)

stop.set()
d.join()
print("active at end:", threading.active_count())
