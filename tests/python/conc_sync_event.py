# Event set/wait/is_set/clear, and wait(timeout) returning False when nobody sets it.
import threading
import time

ready = threading.Event()
print("initially set:", ready.is_set())
print("wait(0.02) ->", ready.wait(0.02))

results = []
lock = threading.Lock()


def waiter(i):
    ready.wait()
    with lock:
        results.append(i * i)


ts = [threading.Thread(target=waiter, args=(i,)) for i in range(5)]
for t in ts:
    t.start()
time.sleep(0.02)
print("before set:", results)
ready.set()
for t in ts:
    t.join()
print("after set:", sorted(results))
print("is_set:", ready.is_set())
print("wait() when set ->", ready.wait())
print("wait(0) when set ->", ready.wait(0))
ready.clear()
print("after clear:", ready.is_set(), ready.wait(0.01))

# Stop flag: a worker loops until the main thread sets the event.
stop = threading.Event()
ticks = [0]


def ticker():
    while True:
        ticks[0] += 1
        if stop.wait(0.005):
            break


t = threading.Thread(target=ticker)
t.start()
time.sleep(0.05)
stop.set()
t.join()
print("ticked at least once:", ticks[0] >= 1)
print("ticker alive:", t.is_alive())

# Handshake: each side sets an event for the other.
ping, pong = threading.Event(), threading.Event()
log = []


def responder():
    ping.wait()
    log.append("got ping")
    pong.set()


r = threading.Thread(target=responder)
r.start()
log.append("send ping")
ping.set()
pong.wait()
log.append("got pong")
r.join()
print(log)
