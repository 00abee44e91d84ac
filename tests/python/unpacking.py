# Unpacking: tuples, starred targets, nested targets, swaps, in loops.
a, b = 1, 2
print(a, b)
a, b = b, a
print(a, b)
x, y, z = [10, 20, 30]
print(x, y, z)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
head, *mid, tail = range(6)
print(head, mid, tail)
p, *q = [7]
print(p, q)
(m, n), o = (1, 2), 3
print(m, n, o)
[i, (j, k)] = [4, (5, 6)]
print(i, j, k)
for idx, (name, score) in enumerate([("ann", 90), ("bob", 85)]):
    print(idx, name, score)
for a, *b in [(1, 2, 3), (4,)]:
    print(a, b)
d = {"k1": 1, "k2": 2}
for key, val in d.items():
    print(key, val)
u, v = "hi"
print(u, v)
one, = [99]
print(one)
merged = [*range(3), *"ab", *[None]]
print(merged)
tup = (*[1, 2], 3)
print(tup)
st = {*[1, 2], *[2, 3]}
print(sorted(st))
dd = {**{"a": 1}, "b": 2, **{"a": 3}}
print(dd)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError:", e)
def pair():
    return 3, 4
s1, s2 = pair()
print(s1 + s2, pair())
matrix = [[1, 2], [3, 4], [5, 6]]
cols = list(zip(*matrix))
print(cols)
lst = [0, 0, 0]
lst[0], lst[2] = "L", "R"
print(lst)
i = 0
i, lst[i] = 1, "set"
print(i, lst)
