# Lists: construction, indexing, mutation methods, sort stability, copies.
xs = [3, 1, 4, 1, 5, 9, 2, 6]
print(xs, len(xs))
print(xs[0], xs[-1], xs[-2])
xs.append(5)
xs.extend([3, 5])
xs.insert(0, 10)
xs.insert(-1, 99)
xs.insert(100, 7)
print(xs)
print(xs.index(5), xs.count(5), xs.count(42))
print(xs.pop(), xs.pop(0), xs.pop(-2))
print(xs)
xs.remove(1)
print(xs)
xs.reverse()
print(xs)
xs.sort()
print(xs)
xs.sort(reverse=True)
print(xs)
ys = xs.copy()
ys[0] = -1
print(xs[0], ys[0])
zs = xs
zs.clear()
print(xs, zs, xs is zs)
print([1, 2] + [3], [0] * 3, 3 * ["a"], [] * 5)
print([1, 2, 3] == [1, 2, 3], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9])
print(4 in [1, 2, 3], 2 in [1, 2, 3], 5 not in [1, 2])
nested = [[1, 2], [3, [4, 5]], [], ["it's", 'say "hi"']]
print(nested)
print(nested[1][1][0], len(nested[2]))
grid = [[0] * 3 for _ in range(2)]
grid[0][1] = 7
print(grid)
alias = [[0] * 2] * 2
alias[0][0] = 1
print(alias)
mixed = [1, -2.5, "s", None, True, (1,), [2]]
print(mixed)
print(repr(mixed), str(mixed))
a = [5, 6, 7]
a += [8]
print(a)
a *= 2
print(a)
a[1] = "six"
print(a)
lst = list("abc")
print(lst, list(range(5)), list((1, 2)), list())
try:
    [1, 2][5]
except IndexError as e:
    print("IndexError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1, 2].index(3)
except ValueError as e:
    print("ValueError:", e)
try:
    [1].remove(2)
except ValueError as e:
    print("ValueError:", e)
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "y")]
pairs.sort(key=lambda p: p[0])
print(pairs)
print(sorted([3, -1, 2], key=abs))
print(max([3, 7, 2]), min([3, 7, 2]), sum([1, 2, 3]))
