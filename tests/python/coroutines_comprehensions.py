# Async comprehensions and async generator expressions, and await inside
# comprehensions, driven by hand.


class Tick:
    def __init__(self, value=None):
        self.value = value

    def __await__(self):
        yield "tick"
        return self.value


def run(coro):
    ticks = 0
    try:
        while True:
            coro.send(None)
            ticks += 1
    except StopIteration as e:
        return e.value, ticks


async def numbers(n):
    for i in range(n):
        await Tick()
        yield i


async def comps():
    a = [x async for x in numbers(4)]
    b = {x % 2 async for x in numbers(5)}
    c = {x: x * x async for x in numbers(3) if x != 1}
    d = [await Tick(x * 10) for x in range(3)]
    e = [x for x in range(6) if await Tick(x % 3 == 0)]
    f = [[y async for y in numbers(x)] for x in range(3)]
    g = [x + y async for x in numbers(2) for y in [10, 20]]
    h = [x for x in await Tick([7, 8])]
    return a, sorted(b), c, d, e, f, g, h


print(run(comps()))


def make_genexp():
    # An async generator expression needs no async function around it.
    return (x * 2 async for x in numbers(3))


async def use_genexp():
    g = make_genexp()
    print(type(g).__name__)
    out = []
    async for v in g:
        out.append(v)
    awaited = (await Tick(i) for i in range(3))
    async for v in awaited:
        out.append(v)
    return out


print(run(use_genexp()))


async def comp_error():
    try:
        return [1 / x async for x in numbers(3)]
    except ZeroDivisionError as e:
        return "caught " + str(e)


print(run(comp_error()))


async def nested_scope():
    k = 100
    return [x + k async for x in numbers(2)]


print(run(nested_scope()))
