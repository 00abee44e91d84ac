# dataclasses: generated __init__, __repr__, __eq__, defaults, field
# factories, order=True, frozen, methods on dataclasses.
from dataclasses import dataclass, field

@dataclass
class Point:
    x: int
    y: int = 0

    def dist2(self):
        return self.x ** 2 + self.y ** 2

p = Point(3, 4)
q = Point(3)
print(p, q, repr(p), str(q))
print(p.x, p.y, p.dist2(), p == Point(3, 4), p == q, p != q)
p.x = -1
print(p, [p, q], {"pt": q})

@dataclass
class Inventory:
    name: str
    items: list = field(default_factory=list)
    count: int = 0

    def add(self, item):
        self.items.append(item)
        self.count += 1
        return self

a = Inventory("a")
b = Inventory("b")
a.add("x").add("y")
print(a, b)
print(a.items is b.items)

@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0

vs = [Version(1, 2), Version(1, 0, 5), Version(0, 9), Version(1, 2, 0)]
print(sorted(vs))
print(Version(1) < Version(1, 0, 1), Version(2) > Version(1, 99), max(vs), Version(1, 2) == vs[0])

@dataclass(frozen=True)
class Color:
    r: int
    g: int
    b: int

    def hex(self):
        return f"#{self.r:02x}{self.g:02x}{self.b:02x}"

red = Color(255, 0, 0)
print(red, red.hex(), Color(16, 32, 48).hex())
try:
    red.r = 1
except AttributeError as e:
    print(type(e).__name__, e)
palette = {Color(0, 0, 0): "black", red: "red"}
print(palette[Color(255, 0, 0)])

@dataclass
class Line:
    start: Point
    end: Point
    label: str = "line"

ln = Line(Point(0, 0), Point(1, 1))
print(ln)
print(Line(Point(1, 2), Point(3, 4), label="it's"))
try:
    Point()
except TypeError as e:
    print("TypeError:", e)
