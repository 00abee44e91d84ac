# Iteration builtins: range, enumerate, zip, map, filter, reversed, sorted,
# any/all, min/max with key and default, len, list/tuple/dict/set conversions.
print(list(range(5)), list(range(2, 8)), list(range(10, 0, -3)), list(range(0)), list(range(5, 2)))
r = range(1, 20, 4)
print(r, len(r), r[0], r[-1], r[1:3], 9 in r, 10 in r, list(reversed(r)))
print(list(enumerate("abc")), list(enumerate(["x", "y"], 1)))
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1], [2], [3])))
print(list(map(abs, [-1, -2])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])))
print(list(filter(lambda v: v > 0, [-1, 3, 0, 5])), list(filter(None, [0, "", "x", 2])))
print(list(reversed("abc")), list(reversed((1, 2))), sorted("hello"), sorted([3, 1, 2], reverse=True))
print(any([]), all([]), any([0, "", None]), any([0, 1]), all([1, "a", [0]]), all([1, 0]))
print(min([5, 2, 8]), max([5, 2, 8]), min("bca"), max([], default="empty"), min([], default=None))
print(min(["apple", "fig", "banana"], key=len), max(["apple", "fig", "banana"], key=len))
print(max([(1, "b"), (1, "a"), (0, "z")]), min([3, -4, 2], key=abs), max([3, -4, 2], key=abs))
print(max([1, 3, 3, 2], key=lambda v: v // 2), min(4, 2, 8, key=lambda v: -v))
print(len([1, 2]), len("abc"), len({"a": 1}), len(range(3, 10)), len(()), len({1, 2, 2}))
print(list((1, 2)), tuple([1, 2]), dict([(1, "a")]), set([1, 1, 2]), list({"k": 1}), tuple("ab"))
print(sum(range(5)), sum([[1], [2]], []), sum(x for x in range(4)))
print(list(map(int, "1 2 3".split())), list(map(lambda s: s.upper(), ["a", "b"])))
print(list(zip(*[(1, "a"), (2, "b")])))
print(sorted({3: "c", 1: "a", 2: "b"}), sorted({3: "c", 1: "a"}.items()))
print(list(enumerate(zip("ab", "cd"))))
print(repr(chr(10)), repr(chr(39)), ord("\n"), [ord(c) for c in "AZaz09"])
print(abs(-3), isinstance([], list), isinstance({}, dict), isinstance((), tuple), isinstance("", str))
print(isinstance(1.0, float), isinstance(1, float), isinstance(True, bool))
print(repr(None), repr(1.0), repr("a\nb"), repr([None, 1.5, "x"]), repr((1,)), repr(()), repr({}))
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
try:
    min()
except TypeError as e:
    print("TypeError:", e)
try:
    len(5)
except TypeError as e:
    print("TypeError:", e)
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError:", e)
try:
    chr(-1)
except ValueError as e:
    print("ValueError:", e)
