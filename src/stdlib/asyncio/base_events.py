"""asyncio.base_events (gilsim): the event loop.

The loop runs on one interpreter thread, under the GIL like any Python
code. Each turn runs the ready callbacks in FIFO order -- a task's step is
one: coro.send(None) or coro.throw(exc) -- and, when nothing is ready,
waits with the GIL released until the earliest timer is due or another
thread wakes it: a timed acquire of a _thread lock stands in for the
selector and its self-pipe, which call_soon_threadsafe releases (_select).
A coroutine computing without awaiting thus holds up every other task, as
in CPython. The clock is time.monotonic(): the engine's (virtual time
under --engine virtual).
"""

import _thread
import sys
from heapq import heappush as _heappush, heappop as _heappop
from time import monotonic as _monotonic

from . import events
from . import futures
from . import tasks
from .base_futures import isfuture

__all__ = ("BaseEventLoop",)

_allocate_lock = _thread.allocate_lock
_MAXIMUM_SELECT_TIMEOUT = 24 * 3600
_CLOCK_RESOLUTION = 1e-09


class BaseEventLoop(events.AbstractEventLoop):
    """A loop on one thread: ready callbacks in FIFO order, timers in a
    heap, and a lock other threads release to wake it."""

    def __init__(self):
        self._ready = []
        self._scheduled = []        # heap of (when, sequence, TimerHandle)
        self._timer_seq = 0
        self._stopping = False
        self._closed = False
        self._thread_id = None
        self._current_task = None
        self._tasks = set()
        self._default_executor = None
        self._executor_shutdown_called = False
        self._exception_handler = None
        self._debug = False
        # The self-pipe: held by the loop, released by a thread that put
        # callbacks in _ts_pending (_ts_signalled: it is released).
        self._wakeup = _allocate_lock()
        self._wakeup.acquire()
        self._ts_lock = _allocate_lock()
        self._ts_pending = []
        self._ts_signalled = False

    def __repr__(self):
        return "<%s running=%s closed=%s debug=%s>" % (
            type(self).__name__, self.is_running(), self._closed, self._debug)

    def time(self):
        return _monotonic()

    def call_soon(self, callback, *args, context=None):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        handle = events.Handle(callback, args, self)
        self._ready.append(handle)
        return handle

    def call_later(self, delay, callback, *args, context=None):
        if delay is None:
            raise TypeError("delay must not be None")
        return self.call_at(_monotonic() + delay, callback, *args)

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        if self._closed:
            raise RuntimeError("Event loop is closed")
        timer = events.TimerHandle(when, callback, args, self)
        self._timer_seq += 1
        _heappush(self._scheduled, (when, self._timer_seq, timer))
        return timer

    def call_soon_threadsafe(self, callback, *args, context=None):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        handle = events.Handle(callback, args, self)
        with self._ts_lock:
            self._ts_pending.append(handle)
            if not self._ts_signalled:
                self._ts_signalled = True
                self._wakeup.release()
        return handle

    def create_future(self):
        return futures.Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        return tasks.Task(coro, loop=self, name=name)

    def is_running(self):
        return self._thread_id is not None

    def is_closed(self):
        return self._closed

    def get_debug(self):
        return self._debug

    def set_debug(self, enabled):
        self._debug = enabled

    def stop(self):
        self._stopping = True

    def run_forever(self):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        if self._thread_id is not None:
            raise RuntimeError("This event loop is already running")
        if events._get_running_loop() is not None:
            raise RuntimeError(
                "Cannot run the event loop while another loop is running")
        self._thread_id = _thread.get_ident()
        events._set_running_loop(self)
        try:
            while True:
                self._run_once()
                if self._stopping:
                    break
        finally:
            self._stopping = False
            self._thread_id = None
            events._set_running_loop(None)

    def run_until_complete(self, future):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        if self._thread_id is not None:
            raise RuntimeError("This event loop is already running")
        new_task = not isfuture(future)
        future = tasks.ensure_future(future, loop=self)
        future.add_done_callback(_run_until_complete_cb)
        try:
            self.run_forever()
        except BaseException:
            if new_task and future.done() and not future.cancelled():
                future.exception()
            raise
        finally:
            future.remove_done_callback(_run_until_complete_cb)
        if not future.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return future.result()

    def _run_once(self):
        sched = self._scheduled
        while sched and sched[0][2]._cancelled:
            _heappop(sched)
        # The selector step: wait only when nothing is ready.
        if self._ready or self._stopping:
            if self._ts_signalled:
                self._select(0)
        elif sched:
            timeout = sched[0][0] - _monotonic()
            if timeout > 0:
                self._select(min(timeout, _MAXIMUM_SELECT_TIMEOUT))
            elif self._ts_signalled:
                self._select(0)
        else:
            self._select(None)
        if sched:
            end_time = _monotonic() + _CLOCK_RESOLUTION
            while sched and sched[0][0] < end_time:
                self._ready.append(_heappop(sched)[2])
        todo = self._ready
        if not todo:
            return
        self._ready = []
        i = 0
        try:
            for handle in todo:
                i += 1
                if not handle._cancelled:
                    handle._run()
        except BaseException:
            # What did not run stays first in line, as in CPython's deque.
            self._ready = todo[i:] + self._ready
            raise

    def _select(self, timeout):
        # Waits (GIL released) for a wake-up from another thread, at most
        # `timeout` seconds (None: for ever; 0: just looks).
        if timeout is None:
            woken = self._wakeup.acquire()
        elif timeout > 0:
            woken = self._wakeup.acquire(True, timeout)
        else:
            woken = self._wakeup.acquire(False)
        if woken:
            with self._ts_lock:
                pending = self._ts_pending
                self._ts_pending = []
                self._ts_signalled = False
            self._ready.extend(pending)

    def close(self):
        if self._thread_id is not None:
            raise RuntimeError("Cannot close a running event loop")
        if self._closed:
            return
        self._closed = True
        self._ready = []
        self._scheduled = []
        with self._ts_lock:
            if not self._ts_signalled:
                self._ts_signalled = True
                self._wakeup.release()
        self._executor_shutdown_called = True
        executor = self._default_executor
        if executor is not None:
            self._default_executor = None
            executor.shutdown(wait=False)

    async def shutdown_asyncgens(self):
        pass

    async def shutdown_default_executor(self):
        """Shuts the default executor down from another thread, the loop
        running meanwhile (to_thread results may still come in)."""
        self._executor_shutdown_called = True
        executor = self._default_executor
        if executor is None:
            return
        future = self.create_future()

        def do_shutdown():
            try:
                executor.shutdown(wait=True)
                if not self._closed:
                    self.call_soon_threadsafe(futures._set_result_unless_done,
                                              future, None)
            except Exception as ex:
                if not self._closed:
                    self.call_soon_threadsafe(future.set_exception, ex)

        import threading
        thread = threading.Thread(target=do_shutdown)
        thread.start()
        try:
            await future
        finally:
            thread.join()

    def set_default_executor(self, executor):
        self._default_executor = executor

    def run_in_executor(self, executor, func, *args):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        if executor is None:
            executor = self._default_executor
            if self._executor_shutdown_called:
                raise RuntimeError("Executor shutdown has been called")
            if executor is None:
                from concurrent.futures import ThreadPoolExecutor
                executor = ThreadPoolExecutor(thread_name_prefix="asyncio")
                self._default_executor = executor
        return futures.wrap_future(executor.submit(func, *args), loop=self)

    def get_exception_handler(self):
        return self._exception_handler

    def set_exception_handler(self, handler):
        self._exception_handler = handler

    def default_exception_handler(self, context):
        # CPython logs this through `logging`; here it goes to stderr.
        lines = [context.get("message") or "Unhandled exception in event loop"]
        for key in sorted(context):
            if key != "message" and key != "exception":
                lines.append("%s: %r" % (key, context[key]))
        exc = context.get("exception")
        if exc is not None:
            lines.append(_thread._format_exception(exc).rstrip("\n"))
        print("\n".join(lines), file=sys.stderr)

    def call_exception_handler(self, context):
        if self._exception_handler is None:
            self.default_exception_handler(context)
        else:
            self._exception_handler(self, context)


def _run_until_complete_cb(fut):
    if not fut.cancelled():
        exc = fut.exception()
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            return
    fut._loop.stop()
