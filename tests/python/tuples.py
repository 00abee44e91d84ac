# Tuples: packing, immutability, comparison, methods, nesting, as keys.
t = (1, "two", 3.0, None, [5])
print(t, len(t), t[1], t[-1], t[1:3])
print((), (1,), (1), tuple(), tuple("ab"), tuple([1, 2]))
single = 5,
print(single, type(single) is tuple)
print(t.count(1), (1, 2, 1, 1).count(1), (4, 5, 6).index(6))
print((1, 2) + (3,), (0,) * 3, (1, 2) * 0)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 99), (1, 2) == (1, 2), (1, "a") == (1, "a"))
print(max((1, 5), (1, 7), (0, 9)), sorted([(2, "b"), (1, "c"), (2, "a")]))
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
t[4].append(6)
print(t)
grid = {(0, 0): "origin", (1, -1): "diag"}
print(grid[(0, 0)], grid[1, -1], (1, -1) in grid, list(grid))
nested = ((1, 2), (3, (4, 5)))
print(nested, nested[1][1][0])
x, (y, z) = nested[1]
print(x, y, z)
def stats(nums):
    return min(nums), max(nums), sum(nums) / len(nums)
lo, hi, avg = stats([3, 9, 6])
print(lo, hi, avg, stats([1]))
points = [(3, 4), (-1, 2), (0, 0)]
print(sorted(points, key=lambda p: p[0] ** 2 + p[1] ** 2))
print([a + b for a, b in points])
try:
    (1, 2).index(9)
except ValueError as e:
    print("ValueError:", e)
try:
    (1, 2)[2]
except IndexError as e:
    print("IndexError:", e)
print(tuple(range(3)) == (0, 1, 2), list((1, 2)) == [1, 2], (1, 2) == [1, 2])
print(repr((1.5, -2, "q'uote", ("in",))), str(("a",)))
print(3 in (1, 2, 3), "x" not in ("a", "b"))
pair = (1, 2)
pair += (3,)
print(pair)
for i, (k, v) in enumerate((("a", 1), ("b", 2))):
    print(i, k, v)
