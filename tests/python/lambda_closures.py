# Lambdas and closures: captured variables, late binding, counters, factories.
add = lambda a, b=10: a + b
print(add(1), add(1, 2), add(b=5, a=1))
square = lambda x: x * x
print(list(map(square, [1, -2, 3])))
print((lambda: "no args")())
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
def make_adder(n):
    def adder(x):
        return x + n
    return adder
add5 = make_adder(5)
add_neg = make_adder(-3)
print(add5(10), add_neg(10), make_adder(0)(0))
def make_multipliers():
    return [lambda x: x * i for i in range(4)]
print([m(2) for m in make_multipliers()])
def make_multipliers_fixed():
    return [lambda x, i=i: x * i for i in range(4)]
print([m(2) for m in make_multipliers_fixed()])
def outer():
    msg = "first"
    def show():
        return msg
    msg = "second"
    return show
print(outer()())
def compose(f, g):
    return lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(inc_then_double(5))
def counter():
    count = [0]
    def bump():
        count[0] += 1
        return count[0]
    return bump
c1 = counter()
c2 = counter()
print(c1(), c1(), c1(), c2())
def deep(a):
    def mid(b):
        def inner(c):
            return a + b + c
        return inner
    return mid
print(deep(1)(20)(300))
def apply_all(fs, v):
    return [f(v) for f in fs]
print(apply_all([abs, str, lambda v: v ** 2, make_adder(1)], -4))
pairs = [(1, "one"), (3, "three"), (2, "two")]
pairs.sort(key=lambda p: p[1])
print(pairs)
print(list(filter(lambda n: n % 3 == 0, range(10))))
cond = lambda n: "neg" if n < 0 else ("zero" if n == 0 else "pos")
print([cond(v) for v in (-1, 0, 1)])
def memo(f):
    cache = {}
    def wrapped(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    return wrapped
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(50), fib(10))
print(add.__name__, make_adder.__name__, add5.__name__)
