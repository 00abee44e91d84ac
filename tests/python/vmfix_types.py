# type() of generators, coroutines and async generators, and isinstance
# with those types.


async def c():
    return 1


def g():
    yield 1


async def ag():
    yield 1


co = c()
ge = g()
a = ag()
print(type(co), type(ge), type(a))
print(isinstance(co, type(co)), isinstance(ge, type(ge)), isinstance(a, type(a)))
print(isinstance(ge, type(co)), isinstance(co, type(ge)), isinstance(a, type(ge)))
print(type(co).__name__, type(ge).__name__, type(a).__name__)
c2 = c()
print(type(co) is type(c2), type(ge) == type(g()))
c2.close()
print(isinstance(co, (int, type(co))))
print(type(lambda: 0), type(g), isinstance(g, type(c)))
try:
    type(co)()
except TypeError as e:
    print(e)
try:
    co.send(None)
except StopIteration as e:
    print("done", e.value)
for x in (co, ge, a):
    print(type(x).__name__, type(x) is type(x))


class A:
    def m(self):
        pass


bm = A().m
print(type(bm), type(len), type([].append), type(A.m))
print(isinstance(bm, type(bm)), isinstance(len, type(len)), isinstance([].append, type(len)))
print(isinstance(len, type), isinstance(int, type), isinstance(A, type), isinstance(bm, type(len)))
print(callable(bm), type(bm).__name__, type(print).__name__)
