"""asyncio.format_helpers (gilsim): callbacks and coroutines named in reprs."""


def _name_of(obj):
    name = getattr(obj, "__qualname__", None)
    return repr(obj) if name is None else name
