# Generator expressions: laziness, consumption by builtins, exhaustion.
g = (n * n for n in range(5))
print(next(g), next(g))
print(list(g))
print(list(g))
print(sum(x for x in range(101)))
print(max(len(w) for w in ["a", "abc", "ab"]))
print(min((abs(v), v) for v in [-3, 2, -1, 4]))
print(any(x > 3 for x in [1, 2, 5]), all(x > 0 for x in [1, -2]), any(()), all([]))
print(sorted((c for c in "banana"), reverse=True))
print(tuple(i for i in range(3)), set(i % 2 for i in range(10)), dict((i, str(i)) for i in range(3)))
print(", ".join(str(i) for i in range(5)))
log = []
def noisy(v):
    log.append(v)
    return v
gen = (noisy(i) for i in range(5))
print(log)
first_big = next(x for x in gen if x >= 2)
print(first_big, log)
print(next((x for x in [] if x), "none found"))
it = (c for c in "ab")
try:
    next(it); next(it); next(it)
except StopIteration:
    print("StopIteration after", "ab")
nested = sum(sum(row) for row in [[1, 2], [3, 4]])
print(nested)
pairs = list((a, b) for a in range(2) for b in "xy")
print(pairs)
total = 0
for sq in (i * i for i in range(4) if i % 2):
    total += sq
    print("sq", sq)
print(total)
evens = (n for n in range(10) if n % 2 == 0)
print(list(zip(evens, "abc")))
print(list(evens))
print(list(enumerate(x * 2 for x in "ab")))
print(list(map(lambda t: t[0] * t[1], ((i, i + 1) for i in range(4)))))
