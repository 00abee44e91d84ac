# f.__code__ with CPython's co_flags, co_name, co_argcount, co_varnames,
# and what asyncio.iscoroutinefunction reads from it.
import asyncio


def plain(a, b=1, *args, c, **kw):
    x = a + b
    return x


def gen(n):
    for i in range(n):
        yield i


async def coro(x, y=2):
    z = x
    await asyncio.sleep(0)
    return z + y


async def agen():
    yield 1


def outer(p):
    def inner(q):
        return p + q

    return inner


def posonly(a, b, /, c, *, d):
    pass


class K:
    def meth(self, v):
        return v

    async def ameth(self):
        return 1


for fn in (plain, gen, coro, agen, outer, outer(1), posonly, K.meth, K().ameth):
    co = fn.__code__
    print(
        co.co_name,
        co.co_flags,
        co.co_argcount,
        co.co_posonlyargcount,
        co.co_kwonlyargcount,
        co.co_varnames,
    )

print(plain.__code__.co_flags & 0x80, coro.__code__.co_flags & 0x80)
print(bool(gen.__code__.co_flags & 0x20), bool(agen.__code__.co_flags & 0x200))
print(bool(plain.__code__.co_flags & 4), bool(plain.__code__.co_flags & 8))
print(asyncio.iscoroutinefunction(coro), asyncio.iscoroutinefunction(plain))
print(asyncio.iscoroutinefunction(K().ameth), asyncio.iscoroutinefunction(K.meth))
print(asyncio.iscoroutinefunction(gen), asyncio.iscoroutinefunction(agen))
print(type(plain.__code__).__name__)
print(plain.__name__, K.meth.__qualname__, outer(1).__qualname__)
print(plain.__defaults__, plain.__kwdefaults__, gen.__defaults__, coro.__defaults__)
