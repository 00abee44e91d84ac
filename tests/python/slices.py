# Slicing: lists, strings, tuples; negative indices, steps, out of range,
# slice assignment and deletion.
xs = list(range(10))
print(xs[2:5], xs[:3], xs[7:], xs[:], xs[-3:], xs[:-3], xs[-5:-2])
print(xs[::2], xs[1::2], xs[::-1], xs[::-3], xs[8:2:-2], xs[2:8:-1])
print(xs[5:100], xs[100:], xs[-100:2], xs[3:3], xs[6:2])
s = "abcdefgh"
print(s[1:4], s[-1], s[-3:], s[::-1], s[::3], s[10:], repr(s[5:1]))
t = (0, 1, 2, 3, 4)
print(t[1:3], t[::-1], t[:0], t[-2:])
ys = list(range(6))
ys[1:3] = ["a", "b", "c"]
print(ys)
ys[:] = [9, 8, 7]
print(ys)
ys[1:1] = [0, 0]
print(ys)
ys[::2] = ["x", "y", "z"]
print(ys)
del ys[1:3]
print(ys)
zs = list(range(10))
del zs[::3]
print(zs)
del zs[-1]
print(zs)
try:
    zs[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    xs[::0]
except ValueError as e:
    print("ValueError:", e)
copy = xs[:]
copy.append(10)
print(len(xs), len(copy))
print("hello world"[6:], "hello"[-10:10], "x"[1:], [1, 2][-1:])
rows = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([r[1:] for r in rows[::-1]])
print([r[i] for i, r in enumerate(rows)])
n = 3
print(xs[n - 1:n + 2], xs[-n:], s[:n] + s[-n:])
words = "the quick brown fox".split()
print(words[1:-1], words[-1][::-1])
