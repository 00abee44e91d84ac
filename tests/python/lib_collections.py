# collections.deque: both ends, maxlen, rotate, indexing, repr, comparisons, errors, threads sharing one.
import threading
from collections import deque

d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, len(d), bool(d), d[0], d[-1], d[2])
print(d.pop(), d.popleft(), d)
d.extend([7, 8])
d.extendleft("ab")
print(d, list(reversed(d)), 7 in d, 9 in d)
d.rotate(2)
print("rotate 2:", d)
d.rotate(-3)
print("rotate -3:", d)
d.rotate(0)
d.rotate(100)
print("rotate 100:", d)
d[0] = "first"
del d[1]
print(d, d.count(7), d.index(7))
d.remove(7)
d.insert(1, "ins")
d.reverse()
print(d)
d.clear()
print(d, len(d), bool(d))

b = deque(range(5), maxlen=3)
print(b, b.maxlen)
b.append(10)
print(b)
b.appendleft(-1)
print(b)
b.extend([20, 21])
print(b)
b.extendleft([30, 31])
print(b)
z = deque([1, 2], maxlen=0)
z.append(5)
z.appendleft(6)
print(z, len(z))
print(deque(), deque(maxlen=2), deque("xyz"), repr(deque([[1], "s"])))

print(deque([1, 2]) == deque([1, 2]), deque([1, 2]) == [1, 2], deque([1]) != deque([2]), deque([1, 2]) < deque([1, 3]))
c = deque([1, 2], maxlen=5)
c2 = c.copy()
c2.append(3)
c.extend([9])  # c += [9] once gilsim calls __iadd__
print(c, c2, c2.maxlen, c + deque([0]))
print([x * 2 for x in deque([1, 2, 3])], list(deque(iter([4, 5]))), sum(deque([1, 2, 3])))

for action in ("pop", "popleft", "index", "getitem", "maxlen", "remove", "full"):
    e = deque()
    try:
        if action == "pop":
            e.pop()
        elif action == "popleft":
            e.popleft()
        elif action == "index":
            deque([1]).index(5)
        elif action == "getitem":
            deque([1, 2])[5]
        elif action == "maxlen":
            deque([], maxlen=-1)
        elif action == "remove":
            deque([1]).remove(2)
        else:
            deque([1], maxlen=1).insert(0, 2)
    except (IndexError, ValueError) as exc:
        print(action, type(exc).__name__, exc)
try:
    hash(deque())
except TypeError:
    print("unhashable")

# A deque shared by threads: appends and poplefts from several threads lose nothing.
shared = deque()
taken = []
lock = threading.Lock()


def producer(base):
    for k in range(200):
        shared.append(base + k)


def consumer():
    got = []
    while len(got) < 200:
        try:
            got.append(shared.popleft())
        except IndexError:
            pass
    with lock:
        taken.extend(got)


threads = [threading.Thread(target=producer, args=(b,)) for b in (0, 1000, 2000)]
threads += [threading.Thread(target=consumer) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("shared:", len(taken), sorted(taken) == sorted(list(range(200)) + list(range(1000, 1200)) + list(range(2000, 2200))), len(shared))
