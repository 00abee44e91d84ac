# with statements: __enter__/__exit__, the as target, exceptions passed to
# __exit__, suppression, nesting, multiple managers.
class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        kind = exc_type.__name__ if exc_type is not None else None
        print("exit", self.name, kind, repr(exc))
        return self.suppress

with Resource("a") as val:
    print("inside with", val)

with Resource("quiet", suppress=True):
    raise ValueError("suppressed")
print("after suppressed")

try:
    with Resource("loud"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", repr(e))

with Resource("outer") as o, Resource("inner") as i:
    print("both", o, i)

with Resource("n1"):
    with Resource("n2", suppress=True):
        1 / 0
    print("between")

def early_return():
    with Resource("ret"):
        return "returned"

print(early_return())

for k in range(3):
    with Resource(f"loop{k}"):
        if k == 1:
            break
print("after loop")

class Timer:
    def __init__(self):
        self.log = []

    def __enter__(self):
        self.log.append("start")
        return self

    def __exit__(self, *exc):
        self.log.append("stop")
        return False

with Timer() as t:
    t.log.append("work")
print(t.log)

class Transaction:
    def __init__(self, store):
        self.store = store

    def __enter__(self):
        self.snapshot = dict(self.store)
        return self.store

    def __exit__(self, et, ev, tb):
        if et is not None:
            self.store.clear()
            self.store.update(self.snapshot)
            print("rolled back because", ev)
        return True

db = {"x": 1}
with Transaction(db) as s:
    s["x"] = 2
print(db)
with Transaction(db) as s:
    s["x"] = 3
    s["y"] = 4
    raise RuntimeError("boom")
print(db)
