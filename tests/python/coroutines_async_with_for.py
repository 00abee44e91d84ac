# async with and async for, driven by hand: __aenter__/__aexit__ awaited,
# exceptions suppressed or not, break/continue/return through them, the
# async iterator protocol ended by StopAsyncIteration.


class Tick:
    def __await__(self):
        yield "tick"


def run(coro):
    """Drives a coroutine to its end, counting the ticks it yields."""
    ticks = 0
    try:
        while True:
            y = coro.send(None)
            ticks += 1
    except StopIteration as e:
        return e.value, ticks


class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    async def __aenter__(self):
        print("enter", self.name)
        await Tick()
        return self.name.upper()

    async def __aexit__(self, exc_type, exc, tb):
        await Tick()
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress


async def simple():
    async with Manager("a") as x:
        print("body", x)
        await Tick()
    return "simple done"


print(run(simple()))


async def suppressed():
    async with Manager("s", suppress=True):
        raise KeyError("k")
    return "after suppressed"


print(run(suppressed()))


async def not_suppressed():
    try:
        async with Manager("n"):
            raise ValueError("v")
    except ValueError as e:
        return "caught " + str(e)


print(run(not_suppressed()))


async def nested():
    async with Manager("outer") as a, Manager("inner") as b:
        print("both", a, b)
    return "nested"


print(run(nested()))


async def ret_through():
    for i in range(3):
        async with Manager("loop" + str(i)):
            if i == 1:
                continue
            if i == 2:
                return "returned in with"
    return "unreachable"


print(run(ret_through()))


class SyncExit:
    """__aexit__ may be a plain method returning an awaitable."""

    async def __aenter__(self):
        return self

    def __aexit__(self, *args):
        print("sync __aexit__ called with", args[0])
        return Tick()


async def sync_exit():
    async with SyncExit() as s:
        print("got self", s is not None)
    return "ok"


print(run(sync_exit()))


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        await Tick()
        if self.n <= 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def loop_it():
    out = []
    async for v in Countdown(4):
        out.append(v)
    else:
        out.append("else")
    async for v in Countdown(5):
        if v == 3:
            continue
        if v == 1:
            break
        out.append(v)
    else:
        out.append("not reached")
    return out


print(run(loop_it()))


async def nested_loops():
    pairs = []
    async for a in Countdown(2):
        async for b in Countdown(2):
            pairs.append((a, b))
    return pairs


print(run(nested_loops()))


class Failing:
    def __aiter__(self):
        return self

    async def __anext__(self):
        raise IndexError("from __anext__")


async def failing():
    try:
        async for v in Failing():
            print("never")
    except IndexError as e:
        return "propagated " + str(e)


print(run(failing()))


async def body_raises_stop():
    # StopAsyncIteration raised by the body is not the end of the loop.
    try:
        async for v in Countdown(3):
            raise StopAsyncIteration("from body")
    except StopAsyncIteration as e:
        return "body: " + str(e)


print(run(body_raises_stop()))


def check(label, coro):
    try:
        run(coro)
    except Exception as e:
        print(label, type(e).__name__, e)


class OnlyEnter:
    async def __aenter__(self):
        return 1


class BadEnter:
    def __aenter__(self):
        return 5

    def __aexit__(self, *a):
        return 5


class BadExit:
    async def __aenter__(self):
        return 1

    def __aexit__(self, *a):
        return 5


class NoAnext:
    def __aiter__(self):
        return 1


class BadAnext:
    def __aiter__(self):
        return self

    def __anext__(self):
        return 7


async def use_with(m):
    async with m:
        pass


async def use_for(it):
    async for x in it:
        pass


check("with int:", use_with(3))
check("only enter:", use_with(OnlyEnter()))
check("bad enter:", use_with(BadEnter()))
check("bad exit:", use_with(BadExit()))
check("for int:", use_for(3))
check("no anext:", use_for(NoAnext()))
check("bad anext:", use_for(BadAnext()))
check("for list:", use_for([1, 2]))
