# Special methods: __repr__, __str__, __eq__, __lt__, __len__, arithmetic,
# __getitem__, __contains__, __bool__, __iter__, __call__.
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Vec({self.x!r}, {self.y!r})"

    def __str__(self):
        return f"<{self.x}, {self.y}>"

    def __eq__(self, other):
        return isinstance(other, Vec) and (self.x, self.y) == (other.x, other.y)

    def __lt__(self, other):
        return (self.x ** 2 + self.y ** 2) < (other.x ** 2 + other.y ** 2)

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __bool__(self):
        return self.x != 0 or self.y != 0

v = Vec(1, 2)
w = Vec(3, -4)
print(v, repr(v), str(w), [v, w], (v,), {"k": w})
print(f"{v} {v!r}", "%s %r" % (v, v))
print(v + w, v - w, v * 3, -w)
print(v == Vec(1, 2), v == w, v != w, v == "Vec(1, 2)")
print(v < w, w < v, sorted([w, v, Vec(0, 0)]), max([v, w]), min(v, w))
print(bool(v), bool(Vec(0, 0)), "yes" if Vec(0, 1) else "no")
print(Vec(0.5, "s"))

class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __setitem__(self, i, v):
        self.items[i] = v

    def __contains__(self, v):
        return v in self.items

    def __iter__(self):
        return iter(self.items)

    def __repr__(self):
        return "Bag(" + ", ".join(repr(i) for i in self.items) + ")"

b = Bag(3, "x", [1])
print(len(b), b[0], b[-1], b[1:], 3 in b, 4 in b)
b[0] = 30
print(b, list(b), [i for i in b], bool(Bag()), bool(b))
for item in b:
    print("item", item)

class Multiplier:
    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        return x * self.k

triple = Multiplier(3)
print(triple(4), list(map(triple, [1, 2])))

class OnlyStr:
    def __str__(self):
        return "only-str"

class OnlyRepr:
    def __repr__(self):
        return "only-repr"

print(OnlyStr(), OnlyRepr(), [OnlyRepr()], str(OnlyRepr()))

class Money:
    def __init__(self, cents):
        self.cents = cents

    def __eq__(self, o):
        return self.cents == o.cents

    def __lt__(self, o):
        return self.cents < o.cents

    def __le__(self, o):
        return self.cents <= o.cents

    def __repr__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"

ms = [Money(250), Money(5), Money(1999)]
print(sorted(ms), Money(5) <= Money(5), Money(6) > Money(5), max(ms))
