# List, dict and set comprehensions, nested loops, conditions, scoping.
squares = [n * n for n in range(8)]
print(squares)
evens = [n for n in range(20) if n % 2 == 0 if n % 3 != 0]
print(evens)
pairs = [(i, j) for i in range(3) for j in range(i)]
print(pairs)
flat = [x for row in [[1, 2], [3], [], [4, 5, 6]] for x in row]
print(flat)
labels = ["even" if n % 2 == 0 else "odd" for n in range(5)]
print(labels)
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
print(matrix)
transposed = [[row[i] for row in matrix] for i in range(3)]
print(transposed)
words = ["apple", "Banana", "cherry", "date"]
lengths = {w: len(w) for w in words}
print(lengths)
by_first = {w[0].lower(): w for w in words if len(w) > 4}
print(by_first)
mods = {n % 4 for n in range(20)}
print(sorted(mods), len(mods))
small_set = {x * x for x in [-2, -1, 0, 1, 2]}
print(sorted(small_set))
x = "outer"
res = [x for x in range(3)]
print(x, res)
n = 10
print([n + i for i in range(3)])
def make():
    k = 5
    return [k * i for i in range(4)]
print(make())
funcs = [lambda i=i: i * 10 for i in range(3)]
print([f() for f in funcs])
late = [lambda: i for i in range(3)]
print([f() for f in late])
print([c.upper() for c in "hey" if c != "e"])
print({i: [j for j in range(i)] for i in range(4)})
print([[] for _ in range(2)], [(a, b) for a, b in zip("xy", [1, 2])])
total = sum([v for v in lengths.values()])
print(total)
print([i for i in range(10)][::3])
nested = [[y for y in range(x) if y % 2] for x in range(6)]
print(nested)
print([s.strip() for s in " a , b,c ".split(",")])
