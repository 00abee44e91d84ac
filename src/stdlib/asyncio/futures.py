"""asyncio.futures (gilsim): Future, the result of work that completes
later on one loop; wrap_future() for a concurrent.futures.Future."""

from . import events
from .base_futures import _PENDING, _CANCELLED, _FINISHED, isfuture
from .exceptions import CancelledError, InvalidStateError
from .format_helpers import _name_of

__all__ = ("Future", "wrap_future", "isfuture")


class Future:
    """The result of work that completes later, on one loop."""

    # CPython's Future comes from its C module _asyncio.
    __module__ = "_asyncio"

    _state = _PENDING
    _result = None
    _exception = None
    _cancel_message = None
    _cancelled_exc = None
    _asyncio_future_blocking = False

    def __init__(self, *, loop=None):
        self._loop = events.get_event_loop() if loop is None else loop
        self._callbacks = []

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, " ".join(self._repr_info()))

    def _repr_info(self):
        info = [self._state.lower()]
        if self._state == _FINISHED:
            if self._exception is not None:
                info.append("exception=%r" % (self._exception,))
            else:
                info.append("result=%r" % (self._result,))
        if self._callbacks:
            info.append("cb=[%s]" % ", ".join(
                _name_of(cb) + "()" for cb in self._callbacks))
        return info

    def get_loop(self):
        return self._loop

    def _make_cancelled_error(self):
        exc = self._cancelled_exc
        if exc is not None:
            self._cancelled_exc = None
            return exc
        if self._cancel_message is None:
            return CancelledError()
        return CancelledError(self._cancel_message)

    def cancel(self, msg=None):
        if self._state != _PENDING:
            return False
        self._state = _CANCELLED
        self._cancel_message = msg
        self._schedule_callbacks()
        return True

    def _schedule_callbacks(self):
        callbacks = self._callbacks
        if callbacks:
            self._callbacks = []
            for callback in callbacks:
                self._loop.call_soon(callback, self)

    def cancelled(self):
        return self._state == _CANCELLED

    def done(self):
        return self._state != _PENDING

    def result(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError("Result is not set.")
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError("Exception is not set.")
        return self._exception

    def add_done_callback(self, fn, *, context=None):
        if self._state != _PENDING:
            self._loop.call_soon(fn, self)
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        kept = [f for f in self._callbacks if f is not fn and f != fn]
        removed = len(self._callbacks) - len(kept)
        if removed:
            self._callbacks = kept
        return removed

    def set_result(self, result):
        if self._state != _PENDING:
            raise InvalidStateError("invalid state")
        self._result = result
        self._state = _FINISHED
        self._schedule_callbacks()

    def set_exception(self, exception):
        if self._state != _PENDING:
            raise InvalidStateError("invalid state")
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators "
                            "and cannot be raised into a Future")
        self._exception = exception
        self._state = _FINISHED
        self._schedule_callbacks()

    def __await__(self):
        if self._state == _PENDING:
            self._asyncio_future_blocking = True
            yield self          # to the Task, which waits for it
        if self._state == _PENDING:
            raise RuntimeError("await wasn't used with future")
        return self.result()

    __iter__ = __await__


def _set_result_unless_done(fut, result):
    if not fut.done():
        fut.set_result(result)


def wrap_future(future, *, loop=None):
    """An asyncio Future tracking a concurrent.futures.Future."""
    if isfuture(future):
        return future
    if loop is None:
        loop = events.get_event_loop()
    dest = loop.create_future()

    def copy_state(source):     # on the loop's thread
        if dest.cancelled():
            return
        if source.cancelled():
            dest.cancel()
        elif source.exception() is not None:
            dest.set_exception(source.exception())
        else:
            dest.set_result(source.result())

    def source_done(source):    # on the thread that completed it
        if not loop.is_closed():
            loop.call_soon_threadsafe(copy_state, source)

    def dest_done(dest):
        if dest.cancelled():
            future.cancel()

    dest.add_done_callback(dest_done)
    future.add_done_callback(source_done)
    return dest
