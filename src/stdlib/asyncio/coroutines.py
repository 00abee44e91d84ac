"""asyncio.coroutines (gilsim): telling coroutines apart."""

__all__ = ("iscoroutinefunction", "iscoroutine")


async def _probe():
    pass


_probe_coro = _probe()
_CoroutineType = type(_probe_coro)
_probe_coro.close()


def iscoroutine(obj):
    """Whether obj is a coroutine object."""
    # type() alone suffices in CPython; gilsim's generators share the type.
    return type(obj) is _CoroutineType and hasattr(obj, "__await__")


def iscoroutinefunction(func):
    """Whether func is a coroutine function (an `async def`)."""
    code = getattr(func, "__code__", None)     # CO_COROUTINE, as inspect
    return code is not None and bool(getattr(code, "co_flags", 0) & 0x80)
