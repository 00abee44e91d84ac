# Async generators: async for over them, awaits inside passing ticks up,
# asend/athrow/aclose, the awaitables' protocol by hand, and messages.


class Tick:
    def __await__(self):
        v = yield "tick"
        return v


def run(coro):
    ticks = 0
    try:
        while True:
            coro.send(None)
            ticks += 1
    except StopIteration as e:
        return e.value, ticks


async def agen(n):
    for i in range(n):
        await Tick()
        yield i * i
    print("agen finished")


async def consume():
    out = []
    async for v in agen(4):
        out.append(v)
    return out


print(run(consume()))


async def early_break():
    g = agen(10)
    async for v in g:
        if v > 3:
            break
    print("broke at", v)
    await g.aclose()
    print("closed")
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("exhausted after aclose")
    return "ok"


print(run(early_break()))


async def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("agen cleanup")
        await Tick()
        print("cleanup awaited")


async def close_mid():
    g = with_finally()
    print("first", await g.__anext__())
    r = await g.aclose()
    print("aclose gave", r)
    return "closed mid"


print(run(close_mid()))


async def echo():
    received = []
    try:
        while True:
            v = yield len(received)
            received.append(v)
    except ValueError as e:
        yield "caught " + str(e)
    finally:
        print("echo received", received)


async def drive_echo():
    g = echo()
    print(await g.asend(None))
    print(await g.asend("a"))
    print(await g.asend("b"))
    print(await g.athrow(ValueError("bad")))
    try:
        await g.asend("c")
    except StopAsyncIteration:
        print("echo stopped")
    return "echo done"


print(run(drive_echo()))


# The awaitables by hand, the way an event loop would drive them.
g = agen(2)
a = g.__anext__()
print(type(a).__name__)
print("yields", a.send(None))
try:
    a.send(None)
except StopIteration as e:
    print("anext value", e.value)
try:
    a.send(None)
except RuntimeError as e:
    print(e)
b = g.__anext__()
b.send(None)
try:
    b.send(None)
except StopIteration as e:
    print("anext value", e.value)
c = g.__anext__()
try:
    c.send(None)
except StopAsyncIteration:
    print("StopAsyncIteration at the end")

print(type(g).__name__, g.__aiter__() is g)


async def ignores_exit():
    try:
        yield 1
    except GeneratorExit:
        yield 2


async def drive_ignore():
    g = ignores_exit()
    await g.__anext__()
    try:
        await g.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)
    return "ignore done"


print(run(drive_ignore()))


async def raises_stop():
    yield 1
    raise StopAsyncIteration


async def drive_raises():
    try:
        async for v in raises_stop():
            pass
    except RuntimeError as e:
        print("RuntimeError:", e, type(e.__cause__).__name__)
    return "raises done"


print(run(drive_raises()))


async def concurrent_anext():
    g = agen(3)
    first = g.__anext__()
    first.send(None)  # running, suspended at an await
    try:
        g.__anext__().send(None)
    except RuntimeError as e:
        print("RuntimeError:", e)
    return "concurrent done"


print(run(concurrent_anext()))


async def nonstarted():
    g = agen(3)
    try:
        await g.asend(5)
    except TypeError as e:
        print("TypeError:", e)
    await g.aclose()
    await g.aclose()
    try:
        await g.athrow(ValueError)
    except StopAsyncIteration:
        print("athrow on closed: StopAsyncIteration")
    return "nonstarted done"


print(run(nonstarted()))
