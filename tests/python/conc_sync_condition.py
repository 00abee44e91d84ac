# Condition producer/consumer with wait_for() and notify_all(); totals are exact.
import threading

cond = threading.Condition()
items = []
finished = False
consumed = {}


def producer(n):
    global finished
    for i in range(n):
        with cond:
            items.append(i)
            cond.notify_all()
    with cond:
        finished = True
        cond.notify_all()


def consumer(name):
    got = []
    while True:
        with cond:
            cond.wait_for(lambda: items or finished)
            if items:
                got.append(items.pop(0))
            elif finished:
                break
    with cond:
        consumed[name] = got


cs = [threading.Thread(target=consumer, args=(f"c{k}",)) for k in range(3)]
for c in cs:
    c.start()
p = threading.Thread(target=producer, args=(30,))
p.start()
p.join()
for c in cs:
    c.join()
everything = sorted(x for got in consumed.values() for x in got)
print("consumers:", sorted(consumed))
print("all items once:", everything == list(range(30)))
print("total:", sum(everything))
print("each in order:", all(g == sorted(g) for g in consumed.values()))

# wait() with a timeout and nobody notifying returns False.
c2 = threading.Condition()
with c2:
    print("wait(timeout) ->", c2.wait(timeout=0.02))
    print("wait_for(timeout) ->", c2.wait_for(lambda: False, timeout=0.02))

# A gate: workers block until the main thread flips a flag.
gate = threading.Condition(threading.Lock())
state = {"open": False, "through": 0}


def walker():
    with gate:
        gate.wait_for(lambda: state["open"])
        state["through"] += 1


ws = [threading.Thread(target=walker) for _ in range(5)]
for w in ws:
    w.start()
with gate:
    state["open"] = True
    gate.notify_all()
for w in ws:
    w.join()
print("through the gate:", state["through"])

try:
    threading.Condition().notify()
except RuntimeError as e:
    print("RuntimeError:", e)
