# The iterator protocol: __iter__/__next__, iter()/next(), StopIteration,
# exhaustion, iter() of builtins, next() with default.
class CountUp:
    def __init__(self, stop):
        self.stop = stop
        self.cur = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.cur >= self.stop:
            raise StopIteration
        self.cur += 1
        return self.cur

c = CountUp(3)
print(list(c), list(c))
print([x * 2 for x in CountUp(4)], sum(CountUp(10)), max(CountUp(5)))

class Range2:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return Range2Iter(self.n)

class Range2Iter:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        v = self.i
        self.i += 2
        return v

r = Range2(7)
print(list(r), list(r), 4 in r, 5 in r)
for a in Range2(3):
    for b in Range2(3):
        print(a, b, end="; ")
print()

it = iter([10, 20, 30])
print(next(it), next(it), next(it), next(it, "exhausted"), next(it, None))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", repr(e), e.args)

s = iter("hey")
print(next(s), list(s))
d = iter({"a": 1, "b": 2})
print(list(d))
t = iter((1, 2))
print(next(t), next(t), next(t, -1))
rit = iter(range(3))
print(list(rit), list(rit))
e = enumerate("xy", start=5)
print(next(e), list(e))
z = zip([1, 2, 3], "ab")
print(next(z), list(z))
m = map(str, [1, 2])
print(next(m), list(m), list(m))
f = filter(None, [0, 1, "", "a", None, [], [0]])
print(list(f))
rev = reversed([1, 2, 3])
print(next(rev), list(rev))

class Sentinel:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls

counter = Sentinel()
print(list(iter(counter, 4)))

nums = [1, 2, 3, 4]
it2 = iter(nums)
for n in it2:
    if n == 2:
        print("skipping", next(it2))
    else:
        print("n", n)
try:
    iter(5)
except TypeError as err:
    print("TypeError:", err)
try:
    next([1])
except TypeError as err:
    print("TypeError:", err)
