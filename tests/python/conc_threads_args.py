# Thread(target=..., args=..., kwargs=..., name=...) passes arguments and names through.
import threading

results = {}
lock = threading.Lock()


def power(base, exp, label="?", scale=1):
    value = (base ** exp) * scale
    me = threading.current_thread().name
    with lock:
        results[label] = (me, value)


specs = [
    ("squares", (3, 2), {"label": "a"}),
    ("cubes", (2, 3), {"label": "b", "scale": 10}),
    ("big", (2, 20), {"label": "c"}),
]
threads = []
for name, args, kwargs in specs:
    t = threading.Thread(target=power, args=args, kwargs=kwargs, name=name)
    threads.append(t)
for t in threads:
    t.start()
for t in threads:
    t.join()

for label in sorted(results):
    print(label, results[label])

# A single-element args tuple needs its trailing comma.
seen = []
t = threading.Thread(target=seen.append, args=("only",))
t.start()
t.join()
print(seen)

# kwargs alone, no args.
box = {}
def store(key=None, value=None):
    box[key] = value
t = threading.Thread(target=store, kwargs={"key": "k", "value": 42})
t.start()
t.join()
print(box)

# A thread with no target runs nothing and finishes.
t = threading.Thread(name="idle")
t.start()
t.join()
print(t.name, t.is_alive())
