# Sets of small non-negative ints (below 8, so CPython prints them in sorted
# order); strings only through sorted().
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a, b, len(a))
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union([7]), a.intersection(b, {4}), a.difference({1}), a.symmetric_difference(b))
print(a <= {1, 2, 3, 4, 5}, a < a, a <= a, {1} < a, a >= {2}, a.issubset(b), a.isdisjoint({7}))
print(3 in a, 9 in a, 9 not in a)
s = set()
print(s, len(s), bool(s), set() == set(), {1, 2} == {2, 1})
s.add(5)
s.add(5)
s.add(1)
print(s)
s.update([2, 3], {7})
print(s)
s.discard(7)
s.discard(100)
s.remove(1)
print(s)
try:
    s.remove(100)
except KeyError as e:
    print("KeyError:", e)
popped = {7}.pop()
print(popped)
s.clear()
print(s)
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
dupes = [3, 1, 3, 2, 1, 3]
print(set(dupes), sorted(set(dupes)), len(set(dupes)))
seen = set()
uniq = []
for x in dupes:
    if x not in seen:
        seen.add(x)
        uniq.append(x)
print(uniq)
words = ["pear", "apple", "pear", "fig"]
print(sorted(set(words)), len(set(words)), "fig" in set(words))
c = a.copy()
c.add(0)
print(a, c)
x = {1, 2}
x |= {3}
x &= {2, 3, 4}
x -= {2}
print(x)
x ^= {3, 6}
print(x)
print({n % 3 for n in range(10)}, set(range(5)) - set(range(0, 5, 2)))
print(sorted({(1, 2), (0, 5), (1, 1)}), {True, 1, 1.0})
print(set([1, 2]) == {1, 2}, {1, 2} != {1, 3}, sorted({-1, -5, 3}))
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
