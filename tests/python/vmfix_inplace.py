# Augmented assignment: __iadd__ and friends, falling back to __add__;
# the mutable builtins change in place.


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, o):
        print("add")
        return V(self.x + o)

    def __iadd__(self, o):
        print("iadd")
        self.x += o
        return self

    def __isub__(self, o):
        return NotImplemented

    def __sub__(self, o):
        print("sub")
        return V(self.x - o)

    def __imul__(self, o):
        self.x *= o
        return self

    def __ior__(self, o):
        self.x |= o
        return self

    def __ifloordiv__(self, o):
        self.x //= o
        return self


v = V(1)
w = v
v += 2
print(v is w, v.x)
v -= 1
print(v is w, v.x)
w = v
v *= 10
v |= 1
v //= 4
print(v is w, v.x)


class W:
    def __init__(self, x):
        self.x = x

    def __add__(self, o):
        return W(self.x + o)

    def __radd__(self, o):
        return W(o + self.x)


a = W(1)
b = a
a += 5
print(a is b, a.x, b.x)
n = 3
n += W(4)
print(type(n).__name__, n.x)

l = [1]
m = l
l += [2]
l += (3, 4)
l += "ab"
l += range(2)
print(l is m, m)
l *= 2
print(l is m, len(m))
l += l
print(len(m))
t = (1,)
u = t
t += (2,)
print(t is u, t, u)
s = {1, 2}
s2 = s
s |= {3}
s &= {1, 3, 4}
s -= {1}
s ^= {5}
print(s is s2, sorted(s2))
d = {"a": 1}
d2 = d
d |= {"b": 2}
print(d is d2, d2)
st = "x"
st += "y"
print(st)
i = 7
i **= 2
i %= 10
i <<= 3
i >>= 1
i ^= 3
i &= 0xFF
i -= 1
i /= 2
print(i)
obj = {"k": [1]}
obj["k"] += [2]
print(obj)
for bad in (1, None):
    try:
        x = "s"
        x += bad
    except TypeError as e:
        print(e)
try:
    y = 1
    y += "a"
except TypeError as e:
    print(e)
try:
    z = [1]
    z += 5
except TypeError as e:
    print(e)
try:
    q = None
    q -= 1
except TypeError as e:
    print(e)
try:
    vv = W(1)
    vv -= 1
except TypeError as e:
    print(e)
