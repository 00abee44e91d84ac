# What coroutines refuse, with CPython's exception types and messages.


def t(label, fn):
    try:
        r = fn()
        print(label, "->", r)
    except BaseException as e:
        print(label, "raised", type(e).__name__ + ":", e)


async def f():
    return 5


class C:
    async def meth(self):
        return "m"


c = f()
print(type(c).__name__, repr(c).startswith("<coroutine object f at 0x"))
m = C().meth()
print(repr(m).startswith("<coroutine object C.meth at 0x"))
print(f.__name__, c.__name__, c.__qualname__, m.__qualname__)
t("iter", lambda: iter(c))
t("next", lambda: next(c))
t("for", lambda: [x for x in c])
t("send non-None first", lambda: c.send(1))
t("send", lambda: c.send(None))
t("send after finish", lambda: c.send(None))
t("throw after finish", lambda: c.throw(ValueError))
t("close after finish", lambda: c.close())
m.close()
t("send after close", lambda: m.send(None))

w = f().__await__()
print(type(w).__name__, iter(w) is w)
t("next(wrapper)", lambda: next(w))
t("next(wrapper) again", lambda: next(w))


class BadAwait:
    def __await__(self):
        return 5


class CoroAwait:
    def __await__(self):
        return f()


class Waits:
    def __await__(self):
        yield "waiting"


async def awaiter(x):
    return await x


for label, x in [
    ("int", 1),
    ("bad __await__", BadAwait()),
    ("__await__ returns a coroutine", CoroAwait()),
    ("generator", (i for i in [])),
    ("list", [1]),
    ("None", None),
]:
    co = awaiter(x)
    t("await " + label, lambda: co.send(None))
    co.close()


async def twice():
    inner = f()
    a = await inner
    b = await inner
    return a + b


t("await finished coroutine", lambda: twice().send(None))

shared = awaiter(Waits())
shared.send(None)


async def steal():
    return await shared


t("await a coroutine being awaited", lambda: steal().send(None))


def old_style():
    yield from f()


t("yield from a coroutine", lambda: next(old_style()))


async def reentrant():
    return r.send(None)


r = reentrant()
t("send while running", lambda: r.send(None))


async def ignores():
    try:
        await Waits()
    except GeneratorExit:
        await Waits()


co = ignores()
co.send(None)
t("close ignoring GeneratorExit", lambda: co.close())


async def raises_stop():
    raise StopIteration("inner")


t("StopIteration inside", lambda: raises_stop().send(None))
t("send() no argument", lambda: f().send())
t("throw() non-exception", lambda: f().throw(3))
