"""asyncio.events (gilsim): callbacks scheduled on a loop (Handle,
TimerHandle), the loop interface, and which loop is running in each thread
and current there (what CPython's event loop policy keeps)."""

import _thread

from .format_helpers import _name_of

__all__ = ("AbstractEventLoop", "Handle", "TimerHandle",
           "get_event_loop", "set_event_loop", "new_event_loop",
           "_set_running_loop", "get_running_loop", "_get_running_loop")

_get_ident = _thread.get_ident


class Handle:
    """A callback scheduled on a loop; cancel() keeps it from running."""

    def __init__(self, callback, args, loop):
        self._callback = callback
        self._args = args
        self._loop = loop
        self._cancelled = False

    def __repr__(self):
        if self._cancelled:
            return "<%s cancelled>" % type(self).__name__
        return "<%s %s()>" % (type(self).__name__, _name_of(self._callback))

    def cancel(self):
        if not self._cancelled:
            self._cancelled = True
            self._callback = None
            self._args = None

    def cancelled(self):
        return self._cancelled

    def _run(self):
        try:
            self._callback(*self._args)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                "message": "Exception in callback %s()" % _name_of(self._callback),
                "exception": exc,
                "handle": self,
            })


class TimerHandle(Handle):
    """A callback scheduled for a time of the loop's clock."""

    def __init__(self, when, callback, args, loop):
        Handle.__init__(self, callback, args, loop)
        self._when = when

    def when(self):
        return self._when


class AbstractEventLoop:
    """The event loop interface."""


# Each thread's running loop, and its current loop (the "policy").
_running_loops = {}
_current_loops = {}


def _get_running_loop():
    return _running_loops.get(_get_ident())


def _set_running_loop(loop):
    # The running loop of this thread (None: no loop runs in it now).
    if loop is None:
        _running_loops.pop(_get_ident(), None)
    else:
        _running_loops[_get_ident()] = loop


def get_running_loop():
    """The running event loop of this thread; RuntimeError if none."""
    loop = _running_loops.get(_get_ident())
    if loop is None:
        raise RuntimeError("no running event loop")
    return loop


def get_event_loop():
    """The running loop; outside one, this thread's current loop (made on
    first use in the main thread), as 3.11 allows."""
    me = _get_ident()
    loop = _running_loops.get(me)
    if loop is not None:
        return loop
    if me in _current_loops:
        loop = _current_loops[me]
    else:
        import threading
        if threading.current_thread() is threading.main_thread():
            loop = _current_loops[me] = new_event_loop()
    if loop is None:
        import threading
        raise RuntimeError("There is no current event loop in thread %r."
                           % threading.current_thread().name)
    return loop


def set_event_loop(loop):
    _current_loops[_get_ident()] = loop


def new_event_loop():
    """A new event loop (this platform's: a selector loop)."""
    from . import unix_events
    return unix_events.SelectorEventLoop()
