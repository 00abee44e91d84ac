"""asyncio.unix_events (gilsim): this platform's event loop."""

from . import base_events

__all__ = ("SelectorEventLoop", "EventLoop")


class _UnixSelectorEventLoop(base_events.BaseEventLoop):
    """The event loop of a Unix platform: a selector loop (here the
    BaseEventLoop's timed lock wait stands in for the selector)."""


SelectorEventLoop = _UnixSelectorEventLoop

# 3.13's name for the platform's loop, kept for programs that use it.
EventLoop = SelectorEventLoop
