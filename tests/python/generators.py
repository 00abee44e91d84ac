# Generators: yield, laziness, state across calls, return values,
# send, close, finally in generators, infinite generators.
def countdown(n):
    print("start", n)
    while n > 0:
        yield n
        n -= 1
    print("done")

g = countdown(3)
print("created")
print(next(g))
print(next(g))
print(list(g))
print(list(g))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

out = []
for v in fib():
    if v > 100:
        break
    out.append(v)
print(out)

def with_return():
    yield 1
    return "the value"

it = with_return()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print("StopIteration value:", repr(e.value), e.args)

def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    yield received

e = echo()
print(next(e), e.send("a"), e.send("b"))
print(e.send(None))

def guarded():
    try:
        yield "first"
        yield "second"
    finally:
        print("cleanup ran")

gg = guarded()
print(next(gg))
gg.close()
print("closed")
gg.close()
try:
    next(gg)
except StopIteration:
    print("closed generator raises StopIteration")

def squares(limit):
    for i in range(limit):
        yield i * i

print(sum(squares(5)), max(squares(4)), list(squares(0)))
print(list(zip(squares(3), "abc")), list(enumerate(squares(3))))

def pipeline(nums):
    evens = (n for n in nums if n % 2 == 0)
    doubled = (n * 2 for n in evens)
    for d in doubled:
        yield f"<{d}>"

print(list(pipeline(range(7))))

def take(n, gen):
    for _, v in zip(range(n), gen):
        yield v

print(list(take(5, fib())))

def gen_raises():
    yield 1
    raise ValueError("from generator")

try:
    for v in gen_raises():
        print("got", v)
except ValueError as err:
    print("ValueError:", err)

def counter_gen():
    i = 0
    while True:
        cmd = yield i
        if cmd == "reset":
            i = 0
        else:
            i += 1

c = counter_gen()
print(next(c), next(c), next(c), c.send("reset"), next(c))
c.close()
print(isinstance(fib(), object))
