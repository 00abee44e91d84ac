# Positional-only parameters (before `/`): a keyword of the same name goes
# to **kwargs, or is an error with CPython's message.


def f(fn, /, *a, **k):
    return fn, a, k


print(f(1, fn=3))
print(f(1, 2, fn=3, x=4))
try:
    f(fn=1)
except TypeError as e:
    print(e)


def g(a, b, /, c):
    return a, b, c


print(g(1, 2, 3), g(1, 2, c=3))
for call in (
    lambda: g(1, b=2, c=3),
    lambda: g(a=1, b=2, c=3),
    lambda: g(1, 2),
    lambda: g(1, 2, 3, 4),
    lambda: g(1, 2, d=5),
    lambda: g(1, 2, 3, c=3),
):
    try:
        call()
    except TypeError as e:
        print(e)


def h(a, /, b=2, *, c=3, **kw):
    return a, b, c, kw


print(h(1), h(1, a=5, b=6), h(1, 2, c=4, a=0))


class C:
    def m(self, x, /, y=0):
        return x + y


print(C().m(1), C().m(1, y=2))
try:
    C().m(x=1)
except TypeError as e:
    print(e)
print(sorted([3, 1, 2], key=lambda v, /: -v))
