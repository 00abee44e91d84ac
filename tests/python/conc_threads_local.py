# threading.local gives each thread its own attributes; the main thread's value is untouched.
import threading

data = threading.local()
data.name = "main"
seen = {}
lock = threading.Lock()


def worker(ident):
    has_before = hasattr(data, "name")
    data.name = f"worker-{ident}"
    data.items = []
    for k in range(ident + 1):
        data.items.append(k * ident)
    with lock:
        seen[ident] = (has_before, data.name, list(data.items))


threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for ident in sorted(seen):
    print(ident, seen[ident])
print("main still sees:", data.name)
print("main has items:", hasattr(data, "items"))


class Context(threading.local):
    def __init__(self):
        self.depth = 0

    def enter(self):
        self.depth += 1
        return self.depth


ctx = Context()
ctx.enter()
ctx.enter()
depths = {}


def nested(ident):
    for _ in range(ident):
        ctx.enter()
    with lock:
        depths[ident] = ctx.depth


ts = [threading.Thread(target=nested, args=(i,)) for i in range(1, 4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(depths.items()))
print("main depth:", ctx.depth)
try:
    print(threading.local().missing)
except AttributeError:
    print("fresh local has no attributes")
