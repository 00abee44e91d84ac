# Functions, bound methods, builtins and classes compare and hash as in
# CPython: by identity, bound methods by receiver identity and function.


def f():
    pass


def g():
    pass


print(f == f, f != f, f == g, f != g, hash(f) == hash(f))
print({f: 1}[f], f in {f, g}, len({f, f, g}))


class A:
    def m(self):
        return 1

    def n(self):
        return 2

    @classmethod
    def c(cls):
        return cls

    @staticmethod
    def s():
        return 0


class E:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, E) and self.v == other.v

    def __hash__(self):
        return hash(self.v)

    def m(self):
        pass


a = A()
b = A()
print(a.m == a.m, a.m != a.m, a.m is a.m, hash(a.m) == hash(a.m))
print(a.m == b.m, a.m == a.n, A.m == A.m, a.m == A.m)
print(A.c == A.c, a.c == A.c, A.s == A.s)
d = {a.m: "am", b.m: "bm"}
print(d[a.m], d[b.m], a.m in {a.m}, b.n in {a.n})
callbacks = [a.m, b.m, a.n]
callbacks.remove(a.m)
print(len(callbacks), callbacks.index(a.n), callbacks.count(b.m))
# Receivers compare by identity, not by __eq__ (CPython 3.8+).
e1, e2 = E(1), E(1)
print(e1 == e2, e1.m == e2.m, e1.m == e1.m)
print(len == len, len == abs, A == A, A == E, A != E, int == int, int == float)
l1 = []
l2 = []
print(l1.append == l1.append, l1.append == l2.append, l1.append != l2.append)
print(len(set([l1.append, l1.append, l2.append])))
print(print in {print}, {A: 1}[A], {len: 2}[len])
key = lambda x: x
print(key == key, key != (lambda x: x))
print(sorted([3, 1, 2], key=key) == [1, 2, 3])
