# A tiny event loop driving coroutines by hand with send/throw, the way
# asyncio's Task does: a Future-like object whose __await__ yields itself,
# round-robin over ready tasks, results and exceptions through await chains.


class Future:
    def __init__(self, name):
        self.name = name
        self.done = False
        self.result = None
        self.exc = None
        self.waiters = []

    def set_result(self, value):
        self.done = True
        self.result = value
        for t in self.waiters:
            loop.ready.append((t, None))
        self.waiters = []

    def set_exception(self, exc):
        self.done = True
        self.exc = exc
        for t in self.waiters:
            loop.ready.append((t, exc))
        self.waiters = []

    def __await__(self):
        if not self.done:
            yield self
        if self.exc is not None:
            raise self.exc
        return self.result

    __iter__ = __await__


class Sleep:
    """Awaiting it gives the loop a turn (like asyncio.sleep(0))."""

    def __await__(self):
        got = yield None
        return got


class Task:
    def __init__(self, name, coro):
        self.name = name
        self.coro = coro
        self.finished = False
        self.value = None


class Loop:
    def __init__(self):
        self.ready = []
        self.log = []

    def spawn(self, name, coro):
        t = Task(name, coro)
        self.ready.append((t, None))
        return t

    def run(self):
        steps = 0
        while self.ready:
            task, exc = self.ready.pop(0)
            steps += 1
            try:
                if exc is None:
                    yielded = task.coro.send(None)
                else:
                    yielded = task.coro.throw(exc)
            except StopIteration as e:
                task.finished = True
                task.value = e.value
                self.log.append((task.name, "returned", e.value))
                continue
            except Exception as e:
                task.finished = True
                self.log.append((task.name, "raised", type(e).__name__, str(e)))
                continue
            if isinstance(yielded, Future):
                yielded.waiters.append(task)
                self.log.append((task.name, "waits", yielded.name))
            else:
                self.ready.append((task, None))
        return steps


loop = Loop()
fut = Future("f1")
bad = Future("bad")


async def leaf(n):
    await Sleep()
    return n * 10


async def middle(n):
    a = await leaf(n)
    b = await leaf(n + 1)
    return a + b


async def waiter():
    v = await fut
    print("waiter got", v)
    return v + 1


async def setter():
    await Sleep()
    await Sleep()
    print("setter sets f1")
    fut.set_result(41)
    return "set"


async def fails_later():
    try:
        await bad
    except KeyError as e:
        print("caught in fails_later:", repr(e))
        raise ValueError("converted") from e


async def breaker():
    await Sleep()
    bad.set_exception(KeyError("boom"))


async def deep(n):
    if n == 0:
        v = await Sleep()
        return "bottom"
    r = await deep(n - 1)
    return r + "." + str(n)


loop.spawn("middle", middle(1))
loop.spawn("waiter", waiter())
loop.spawn("setter", setter())
loop.spawn("fails", fails_later())
loop.spawn("breaker", breaker())
loop.spawn("deep", deep(5))
steps = loop.run()
for entry in loop.log:
    print(*entry)
print("steps", steps)


# throw() is delivered at the innermost suspension point and propagates out.
async def inner_catch():
    try:
        await Sleep()
    except ZeroDivisionError as e:
        print("inner caught", type(e).__name__)
        return "recovered"
    return "normal"


async def outer_catch():
    r = await inner_catch()
    print("outer got", r)
    await Sleep()
    return r


c = outer_catch()
print("first yield", c.send(None))
print("after throw yields", c.throw(ZeroDivisionError))
try:
    c.send("x")
except StopIteration as e:
    print("done with", e.value)


async def no_catch():
    await Sleep()


async def outer_no_catch():
    try:
        await no_catch()
    finally:
        print("outer finally runs")


c = outer_no_catch()
c.send(None)
try:
    c.throw(RuntimeError("from outside"))
except RuntimeError as e:
    print("propagated:", e)
try:
    c.send(None)
except RuntimeError as e:
    print("reuse:", e)


# Values sent in arrive at the innermost yield.
async def echo():
    total = 0
    for _ in range(3):
        got = await Sleep()
        print("echo got", got)
        total += got
    return total


c = echo()
c.send(None)
c.send(1)
c.send(2)
try:
    c.send(3)
except StopIteration as e:
    print("echo total", e.value)


# close() runs finally blocks at the innermost point.
async def closing_inner():
    try:
        await Sleep()
    finally:
        print("inner finally")


async def closing_outer():
    try:
        await closing_inner()
    finally:
        print("outer finally")


c = closing_outer()
c.send(None)
print("close returns", c.close())
print("close again", c.close())
