# Assignment expressions (:=) and conditional expressions, boolean
# operators returning operands, chained comparisons.
data = [4, 8, 15, 16, 23, 42]
if (n := len(data)) > 5:
    print(f"list is long ({n} elements)")
print(n)
total = 0
i = 0
while (chunk := data[i:i + 2]):
    total += sum(chunk)
    print("chunk", chunk, total)
    i += 2
squares = [y for x in data if (y := x * x) % 2 == 0]
print(squares, y)
values = [v for s in ["3", "x", "-1", ""] if (v := s.strip()) and (v.lstrip("-").isdigit())]
print(values)
def first_long(words):
    for w in words:
        if (k := len(w)) > 4:
            return w, k
    return None, 0
print(first_long(["a", "abcde", "xyz"]), first_long([]))
for x in [-5, 0, 7]:
    sign = "negative" if x < 0 else "zero" if x == 0 else "positive"
    print(x, sign, "even" if x % 2 == 0 else "odd", abs(x) if x else "nil")
grade = lambda s: "A" if s >= 90 else "B" if s >= 80 else "C" if s >= 70 else "F"
print([grade(s) for s in [95, 85, 75, 10, 90, 80]])
print(0 or "default", "" or None, [] or [1], 5 or 6, 0 and 1, 3 and 4, None and 1)
print(1 and 2 and 3, 1 and 0 and 3, 0 or 0 or "last", not [] and "empty")
name = None
print(name or "anonymous", (name or "").upper() or "-")
print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 > 2, 1 == 1 != 2, 2 <= 2 < 3 <= 3)
x = 5
print("big" if x > 3 else "small", ("A" if x else "B") + "!", [1, 2][0 if x > 3 else 1])
calls = []
def probe(v):
    calls.append(v)
    return v
r = probe(0) and probe(1)
r2 = probe(2) or probe(3)
r3 = probe(4) if probe(None) else probe(5)
print(r, r2, r3, calls)
print((z := 10) + z, z)
counts = {}
for word in "a b a c b a".split():
    counts[word] = (c := counts.get(word, 0)) + 1
print(counts, c)
print(max(0, x - 10) if x else -1, "yes" if [] else "no", "yes" if [0] else "no")
