# Classes: __init__, methods, instance vs class attributes, attribute
# functions, isinstance, bound methods.
class Counter:
    created = 0
    step = 1

    def __init__(self, name, start=0):
        self.name = name
        self.value = start
        Counter.created += 1

    def bump(self, times=1):
        for _ in range(times):
            self.value += self.step
        return self

    def describe(self):
        return f"{self.name}: {self.value}"

a = Counter("a")
b = Counter("b", 10)
print(a.describe(), b.describe(), Counter.created)
a.bump().bump(3)
print(a.value, a.describe())
b.step = 5
b.bump(2)
print(b.value, b.step, a.step, Counter.step)
Counter.step = 2
a.bump()
print(a.value, b.step)
m = a.bump
m()
print(a.value)
print(isinstance(a, Counter), isinstance(5, Counter), isinstance(a, object))
print(hasattr(a, "value"), hasattr(a, "nope"), getattr(a, "name"), getattr(a, "nope", "dflt"))
setattr(a, "extra", [1, 2])
print(a.extra, a.__class__.__name__, Counter.__name__)
try:
    a.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    Counter()
except TypeError as e:
    print("TypeError:", e)

class Empty:
    pass

e = Empty()
e.x = 1
e.x += 1
print(e.x, isinstance(e, Empty))

class Stack:
    def __init__(self):
        self.items = []

    def push(self, v):
        self.items.append(v)

    def pop(self):
        if not self.items:
            raise IndexError("pop from empty Stack")
        return self.items.pop()

    def peek(self):
        return self.items[-1] if self.items else None

s = Stack()
for v in [1, "two", 3.0]:
    s.push(v)
print(s.items, s.peek(), s.pop(), s.pop(), s.items)
s.pop()
try:
    s.pop()
except IndexError as err:
    print("IndexError:", err)
print(s.peek())

class Node:
    def __init__(self, val, nxt=None):
        self.val = val
        self.nxt = nxt

head = None
for v in range(5):
    head = Node(v, head)
vals = []
while head is not None:
    vals.append(head.val)
    head = head.nxt
print(vals)
print(Counter.describe(b), type(a) is Counter, type(a).__name__)
