"""asyncio (gilsim): an event loop, futures, tasks and their helpers.

As CPython's Lib/asyncio, written in Python. The loop runs on one
interpreter thread, under the GIL like any Python code. Each turn runs
the ready callbacks in FIFO order -- a task's step is one: coro.send(None)
or coro.throw(exc) -- and, when nothing is ready, waits with the GIL
released until the earliest timer is due or another thread wakes it: a
timed acquire of a _thread lock stands in for the selector and its
self-pipe, which call_soon_threadsafe releases. A coroutine computing
without awaiting thus holds up every other task, as in CPython. The clock
is time.monotonic(): the engine's (virtual time under --engine virtual).

Follows CPython 3.11. Not provided: contextvars (context= is accepted and
ignored), sockets, streams, subprocesses, signals, TaskGroup,
Runner, async generator shutdown, "Task exception was never retrieved".
"""

import _thread
import sys
from heapq import heappush as _heappush, heappop as _heappop
from time import monotonic as _monotonic
# asyncio.TimeoutError is the builtin in 3.11; gilsim resolves a global
# shadowing a builtin to the global even before it is assigned, so this
# module cannot write `TimeoutError = TimeoutError` (see queue.py).
from queue import _builtin_TimeoutError as TimeoutError

_get_ident = _thread.get_ident
_allocate_lock = _thread.allocate_lock


class CancelledError(BaseException):
    """The operation was cancelled."""


class InvalidStateError(Exception):
    """Invalid internal state of a Future or Task."""


class QueueEmpty(Exception):
    """Raised by Queue.get_nowait() on an empty Queue."""


class QueueFull(Exception):
    """Raised by Queue.put_nowait() on a full Queue."""


FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"

_PENDING = "PENDING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"
_MAXIMUM_SELECT_TIMEOUT = 24 * 3600
_CLOCK_RESOLUTION = 1e-09


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


def _name_of(obj):
    name = getattr(obj, "__qualname__", None)
    return repr(obj) if name is None else name


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


# Each thread's running loop, and its current loop (the "policy").
_running_loops = {}
_current_loops = {}


def _get_running_loop():
    return _running_loops.get(_get_ident())


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
    return EventLoop()


class AbstractEventLoop:
    """The event loop interface."""


class EventLoop(AbstractEventLoop):
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
        handle = Handle(callback, args, self)
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
        timer = TimerHandle(when, callback, args, self)
        self._timer_seq += 1
        _heappush(self._scheduled, (when, self._timer_seq, timer))
        return timer

    def call_soon_threadsafe(self, callback, *args, context=None):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        handle = Handle(callback, args, self)
        with self._ts_lock:
            self._ts_pending.append(handle)
            if not self._ts_signalled:
                self._ts_signalled = True
                self._wakeup.release()
        return handle

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        return Task(coro, loop=self, name=name)

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
        me = _get_ident()
        if me in _running_loops:
            raise RuntimeError(
                "Cannot run the event loop while another loop is running")
        self._thread_id = me
        _running_loops[me] = self
        try:
            while True:
                self._run_once()
                if self._stopping:
                    break
        finally:
            self._stopping = False
            self._thread_id = None
            del _running_loops[me]

    def run_until_complete(self, future):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        if self._thread_id is not None:
            raise RuntimeError("This event loop is already running")
        new_task = not isfuture(future)
        future = ensure_future(future, loop=self)
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
                    self.call_soon_threadsafe(_set_result_unless_done, future, None)
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
        return wrap_future(executor.submit(func, *args), loop=self)

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


def isfuture(obj):
    """Whether obj is an asyncio Future (or duck-types one)."""
    return getattr(obj, "_asyncio_future_blocking", None) is not None


class Future:
    """The result of work that completes later, on one loop."""

    _state = _PENDING
    _result = None
    _exception = None
    _cancel_message = None
    _cancelled_exc = None
    _asyncio_future_blocking = False

    def __init__(self, *, loop=None):
        self._loop = get_event_loop() if loop is None else loop
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
        loop = get_event_loop()
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


_task_counter = 0


class Task(Future):
    """A coroutine driven by the loop, one step each time it is ready."""

    def __init__(self, coro, *, loop=None, name=None, context=None):
        Future.__init__(self, loop=loop)
        if not iscoroutine(coro):
            raise TypeError("a coroutine was expected, got %r" % (coro,))
        if name is None:
            global _task_counter
            _task_counter += 1
            name = "Task-%d" % _task_counter
        self._name = str(name)
        self._num_cancels_requested = 0
        self._must_cancel = False
        self._fut_waiter = None
        self._coro = coro
        # One bound method each, so remove_done_callback() finds it again.
        self._step_cb = self._step
        self._wakeup_cb = self._wakeup
        self._loop.call_soon(self._step_cb)
        self._loop._tasks.add(self)

    def _repr_info(self):
        info = Future._repr_info(self)
        if self._must_cancel:
            info[0] = "cancelling"
        info.insert(1, "name=%r" % (self._name,))
        info.insert(2, "coro=<%s()>" % _name_of(self._coro))
        if self._fut_waiter is not None:
            info.insert(3, "wait_for=%r" % (self._fut_waiter,))
        return info

    def get_coro(self):
        return self._coro

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def set_result(self, result):
        raise RuntimeError("Task does not support set_result operation")

    def set_exception(self, exception):
        raise RuntimeError("Task does not support set_exception operation")

    def cancel(self, msg=None):
        if self._state != _PENDING:
            return False
        self._num_cancels_requested += 1
        if self._fut_waiter is not None:
            if self._fut_waiter.cancel(msg):
                # Its callback steps this task with its CancelledError.
                return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def cancelling(self):
        return self._num_cancels_requested

    def uncancel(self):
        if self._num_cancels_requested > 0:
            self._num_cancels_requested -= 1
        return self._num_cancels_requested

    def _step(self, exc=None):
        if self._state != _PENDING:
            raise InvalidStateError("_step(): already done: %r, %r" % (self, exc))
        if self._must_cancel:
            if not isinstance(exc, CancelledError):
                exc = self._make_cancelled_error()
            self._must_cancel = False
        self._fut_waiter = None
        loop = self._loop
        if loop._current_task is not None:
            raise RuntimeError("Cannot enter into task %r while another task "
                               "%r is being executed." % (self, loop._current_task))
        loop._current_task = self
        try:
            if exc is None:
                result = self._coro.send(None)
            else:
                result = self._coro.throw(exc)
        except StopIteration as e:
            if self._must_cancel:
                self._must_cancel = False
                Future.cancel(self, self._cancel_message)
            else:
                Future.set_result(self, e.value)
        except CancelledError as e:
            self._cancelled_exc = e
            Future.cancel(self)
        except (KeyboardInterrupt, SystemExit) as e:
            Future.set_exception(self, e)
            raise
        except BaseException as e:
            Future.set_exception(self, e)
        else:
            blocking = getattr(result, "_asyncio_future_blocking", None)
            if blocking is None:
                if result is None:      # a bare yield (sleep(0)): next turn
                    loop.call_soon(self._step_cb)
                else:
                    loop.call_soon(self._step, RuntimeError(
                        "Task got bad yield: %r" % (result,)))
            elif result._loop is not loop:
                loop.call_soon(self._step, RuntimeError(
                    "Task %r got Future %r attached to a different loop"
                    % (self, result)))
            elif not blocking:
                loop.call_soon(self._step, RuntimeError(
                    "yield was used instead of yield from in task %r with %r"
                    % (self, result)))
            elif result is self:
                loop.call_soon(self._step, RuntimeError(
                    "Task cannot await on itself: %r" % (self,)))
            else:
                result._asyncio_future_blocking = False
                result.add_done_callback(self._wakeup_cb)
                self._fut_waiter = result
                if self._must_cancel and result.cancel(self._cancel_message):
                    self._must_cancel = False
        finally:
            loop._current_task = None
            if self._state != _PENDING:
                loop._tasks.discard(self)

    def _wakeup(self, future):
        try:
            future.result()
        except BaseException as exc:
            self._step(exc)
        else:
            self._step()


def current_task(loop=None):
    """The task running now on the loop (None between tasks)."""
    if loop is None:
        loop = get_running_loop()
    return loop._current_task


def all_tasks(loop=None):
    """The loop's tasks that are not done yet."""
    if loop is None:
        loop = get_running_loop()
    return {t for t in loop._tasks if t._state == _PENDING}


def create_task(coro, *, name=None, context=None):
    """Schedules the coroutine as a Task of the running loop."""
    # As 3.11: named after it is made (so it takes a Task-N number too).
    task = get_running_loop().create_task(coro)
    if name is not None:
        task.set_name(name)
    return task


def ensure_future(coro_or_future, *, loop=None):
    """A future as is; a coroutine or other awaitable wrapped in a Task."""
    if isfuture(coro_or_future):
        if loop is not None and loop is not coro_or_future._loop:
            raise ValueError("The future belongs to a different loop than "
                             "the one specified as the loop argument")
        return coro_or_future
    if not iscoroutine(coro_or_future):
        if not hasattr(coro_or_future, "__await__"):
            raise TypeError("An asyncio.Future, a coroutine or an awaitable "
                            "is required")
        coro_or_future = _wrap_awaitable(coro_or_future)
    if loop is None:
        loop = get_event_loop()
    return loop.create_task(coro_or_future)


async def _wrap_awaitable(awaitable):
    return await awaitable


class _Sleep0:
    # Awaiting it yields to the loop once.
    def __await__(self):
        yield


_sleep0 = _Sleep0()


async def sleep(delay, result=None):
    """Suspends the task for delay seconds (sleep(0): for one turn)."""
    if delay <= 0:
        await _sleep0
        return result
    loop = get_running_loop()
    future = loop.create_future()
    h = loop.call_later(delay, _set_result_unless_done, future, result)
    try:
        return await future
    finally:
        h.cancel()


class _GatheringFuture(Future):
    # gather()'s outer future: cancelling it cancels its children.

    def __init__(self, children, *, loop):
        Future.__init__(self, loop=loop)
        self._children = children
        self._cancel_requested = False

    def cancel(self, msg=None):
        if self._state != _PENDING:
            return False
        ret = False
        for child in self._children:
            if child.cancel(msg):
                ret = True
        if ret:
            self._cancel_requested = True
        return ret


def gather(*coros_or_futures, return_exceptions=False):
    """A future of the results of all arguments, in argument order."""
    if not coros_or_futures:
        outer = get_event_loop().create_future()
        outer.set_result([])
        return outer
    children = []
    arg_to_fut = {}
    loop = None
    outer = None
    nfuts = 0
    nfinished = 0

    def done_callback(fut):
        nonlocal nfinished
        nfinished += 1
        if outer is None or outer._state != _PENDING:
            if not fut.cancelled():
                fut.exception()
            return
        if not return_exceptions:
            if fut.cancelled():
                outer.set_exception(fut._make_cancelled_error())
                return
            exc = fut.exception()
            if exc is not None:
                outer.set_exception(exc)
                return
        if nfinished == nfuts:
            results = []
            for child in children:
                if child.cancelled():
                    msg = child._cancel_message
                    res = CancelledError("" if msg is None else msg)
                else:
                    res = child.exception()
                    if res is None:
                        res = child.result()
                results.append(res)
            if outer._cancel_requested:
                outer.set_exception(fut._make_cancelled_error())
            else:
                outer.set_result(results)

    for arg in coros_or_futures:
        if arg not in arg_to_fut:
            fut = ensure_future(arg, loop=loop)
            if loop is None:
                loop = fut._loop
            nfuts += 1
            arg_to_fut[arg] = fut
            fut.add_done_callback(done_callback)
        else:
            fut = arg_to_fut[arg]
        children.append(fut)
    outer = _GatheringFuture(children, loop=loop)
    return outer


def shield(arg):
    """Protects an awaitable from the cancellation of its awaiter."""
    inner = ensure_future(arg)
    if inner.done():
        return inner
    outer = inner._loop.create_future()

    def inner_done(inner):
        if outer.cancelled():
            if not inner.cancelled():
                inner.exception()
        elif inner.cancelled():
            outer.cancel()
        elif inner.exception() is not None:
            outer.set_exception(inner.exception())
        else:
            outer.set_result(inner.result())

    def outer_done(outer):
        if not inner.done():
            inner.remove_done_callback(inner_done)

    inner.add_done_callback(inner_done)
    outer.add_done_callback(outer_done)
    return outer


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    """Waits for futures/tasks; returns the sets (done, pending)."""
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError("expect a list of futures, not %s" % type(fs).__name__)
    if not fs:
        raise ValueError("Set of Tasks/Futures is empty.")
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError("Invalid return_when value: %s" % (return_when,))
    loop = get_running_loop()
    fs = {ensure_future(f, loop=loop) for f in set(fs)}
    waiter = loop.create_future()
    timeout_handle = None
    if timeout is not None:
        timeout_handle = loop.call_later(timeout, _release_waiter, waiter)
    counter = len(fs)

    def on_completion(f):
        nonlocal counter
        counter -= 1
        if (counter <= 0 or return_when == FIRST_COMPLETED or
                (return_when == FIRST_EXCEPTION and not f.cancelled()
                 and f.exception() is not None)):
            if timeout_handle is not None:
                timeout_handle.cancel()
            _release_waiter(waiter)

    for f in fs:
        f.add_done_callback(on_completion)
    try:
        await waiter
    finally:
        if timeout_handle is not None:
            timeout_handle.cancel()
        for f in fs:
            f.remove_done_callback(on_completion)
    done = set()
    pending = set()
    for f in fs:
        if f.done():
            done.add(f)
        else:
            pending.add(f)
    return done, pending


async def _cancel_and_wait(fut, loop):
    waiter = loop.create_future()

    def cb(f):
        _release_waiter(waiter)

    fut.add_done_callback(cb)
    try:
        fut.cancel()
        await waiter
    finally:
        fut.remove_done_callback(cb)


async def wait_for(fut, timeout):
    """Awaits fut; after timeout seconds cancels it, raises TimeoutError."""
    loop = get_running_loop()
    if timeout is None:
        return await fut
    if timeout <= 0:
        fut = ensure_future(fut, loop=loop)
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut, loop)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc
    waiter = loop.create_future()
    timeout_handle = loop.call_later(timeout, _release_waiter, waiter)

    def cb(f):
        _release_waiter(waiter)

    fut = ensure_future(fut, loop=loop)
    fut.add_done_callback(cb)
    try:
        try:
            await waiter
        except CancelledError:
            if fut.done():
                return fut.result()
            fut.remove_done_callback(cb)
            await _cancel_and_wait(fut, loop)
            raise
        if fut.done():
            return fut.result()
        fut.remove_done_callback(cb)
        await _cancel_and_wait(fut, loop)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc
    finally:
        timeout_handle.cancel()


def as_completed(fs, *, timeout=None):
    """Yields awaitables giving the results in the order they complete."""
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError("expect an iterable of futures, not %s"
                        % type(fs).__name__)
    done = Queue()
    loop = get_event_loop()
    todo = {ensure_future(f, loop=loop) for f in set(fs)}
    timeout_handle = None

    def on_timeout():
        for f in todo:
            f.remove_done_callback(on_completion)
            done.put_nowait(None)
        todo.clear()

    def on_completion(f):
        if not todo:
            return
        todo.remove(f)
        done.put_nowait(f)
        if not todo and timeout_handle is not None:
            timeout_handle.cancel()

    async def wait_for_one():
        f = await done.get()
        if f is None:
            raise TimeoutError
        return f.result()

    for f in todo:
        f.add_done_callback(on_completion)
    if todo and timeout is not None:
        timeout_handle = loop.call_later(timeout, on_timeout)
    for _ in range(len(todo)):
        yield wait_for_one()


async def to_thread(func, *args, **kwargs):
    """Runs func(*args, **kwargs) in the loop's default thread pool."""
    loop = get_running_loop()
    if kwargs:
        def call():
            return func(*args, **kwargs)
        return await loop.run_in_executor(None, call)
    return await loop.run_in_executor(None, func, *args)


class Timeout:
    """`async with asyncio.timeout(delay):` cancels its task at the
    deadline and turns that cancellation into TimeoutError (3.11)."""

    def __init__(self, when):
        self._state = "created"
        self._timeout_handler = None
        self._task = None
        self._when = when
        self._cancelling = 0

    def when(self):
        return self._when

    def expired(self):
        return self._state == "expiring" or self._state == "expired"

    def reschedule(self, when):
        if self._state != "active":
            if self._state == "created":
                raise RuntimeError("Timeout has not been entered")
            raise RuntimeError("Cannot change state of %s Timeout" % self._state)
        self._when = when
        if self._timeout_handler is not None:
            self._timeout_handler.cancel()
        if when is None:
            self._timeout_handler = None
        else:
            loop = get_running_loop()
            if when <= loop.time():
                self._timeout_handler = loop.call_soon(self._on_timeout)
            else:
                self._timeout_handler = loop.call_at(when, self._on_timeout)

    async def __aenter__(self):
        if self._state != "created":
            raise RuntimeError("Timeout has already been entered")
        task = current_task()
        if task is None:
            raise RuntimeError("Timeout should be used inside a task")
        self._state = "active"
        self._task = task
        self._cancelling = task.cancelling()
        self.reschedule(self._when)
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        if self._timeout_handler is not None:
            self._timeout_handler.cancel()
            self._timeout_handler = None
        if self._state == "expiring":
            self._state = "expired"
            if (self._task.uncancel() <= self._cancelling
                    and exc_type is CancelledError):
                raise TimeoutError from exc_val
        elif self._state == "active":
            self._state = "finished"
        return None

    def _on_timeout(self):
        self._task.cancel()
        self._state = "expiring"
        self._timeout_handler = None


def timeout(delay):
    """A Timeout expiring delay seconds from now (None: never)."""
    loop = get_running_loop()
    return Timeout(loop.time() + delay if delay is not None else None)


def timeout_at(when):
    """A Timeout expiring at loop time `when` (None: never)."""
    return Timeout(when)


# Locks and queues: for the tasks of one loop (not thread-safe).

_global_lock = _allocate_lock()


class _LoopBound:
    _loop = None

    def _get_loop(self):
        loop = get_running_loop()
        if self._loop is None:
            with _global_lock:
                if self._loop is None:
                    self._loop = loop
        if loop is not self._loop:
            raise RuntimeError("%r is bound to a different event loop" % (self,))
        return loop


class _ContextManagerMixin:
    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class Lock(_ContextManagerMixin, _LoopBound):
    """A mutex for tasks: acquire() waits, in FIFO order, while it is held."""

    def __init__(self):
        self._waiters = None
        self._locked = False

    def locked(self):
        return self._locked

    async def acquire(self):
        if not self._locked and (self._waiters is None or
                                 all(w.cancelled() for w in self._waiters)):
            self._locked = True
            return True
        if self._waiters is None:
            self._waiters = []
        fut = self._get_loop().create_future()
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not self._locked:
                self._wake_up_first()
            raise
        self._locked = True
        return True

    def release(self):
        if not self._locked:
            raise RuntimeError("Lock is not acquired.")
        self._locked = False
        self._wake_up_first()

    def _wake_up_first(self):
        if self._waiters and not self._waiters[0].done():
            self._waiters[0].set_result(True)


class Event(_LoopBound):
    """A flag tasks can wait for."""

    def __init__(self):
        self._waiters = []
        self._value = False

    def is_set(self):
        return self._value

    def set(self):
        if not self._value:
            self._value = True
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(True)

    def clear(self):
        self._value = False

    async def wait(self):
        if self._value:
            return True
        fut = self._get_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut
            return True
        finally:
            self._waiters.remove(fut)


class Condition(_ContextManagerMixin, _LoopBound):
    """A condition variable for tasks, over an asyncio Lock."""

    def __init__(self, lock=None):
        if lock is None:
            lock = Lock()
        self._lock = lock
        self.locked = lock.locked
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = []

    async def wait(self):
        if not self.locked():
            raise RuntimeError("cannot wait on un-acquired lock")
        self.release()
        try:
            fut = self._get_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
                return True
            finally:
                self._waiters.remove(fut)
        finally:
            # Take the lock back whatever happens, then report a cancel.
            cancelled = False
            while True:
                try:
                    await self.acquire()
                    break
                except CancelledError:
                    cancelled = True
            if cancelled:
                raise CancelledError

    async def wait_for(self, predicate):
        result = predicate()
        while not result:
            await self.wait()
            result = predicate()
        return result

    def notify(self, n=1):
        if not self.locked():
            raise RuntimeError("cannot notify on un-acquired lock")
        idx = 0
        for fut in self._waiters:
            if idx >= n:
                break
            if not fut.done():
                idx += 1
                fut.set_result(False)

    def notify_all(self):
        self.notify(len(self._waiters))


class Semaphore(_ContextManagerMixin, _LoopBound):
    """A counter acquire() decrements, waiting (FIFO) while it is 0."""

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("Semaphore initial value must be >= 0")
        self._waiters = None
        self._value = value

    def locked(self):
        return self._value == 0 or (
            any(not w.cancelled() for w in (self._waiters or ())))

    async def acquire(self):
        if not self.locked():
            self._value -= 1
            return True
        if self._waiters is None:
            self._waiters = []
        fut = self._get_loop().create_future()
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not fut.cancelled():
                self._value += 1
                self._wake_up_next()
            raise
        if self._value > 0:
            self._wake_up_next()
        return True

    def release(self):
        self._value += 1
        self._wake_up_next()

    def _wake_up_next(self):
        if self._waiters:
            for fut in self._waiters:
                if not fut.done():
                    self._value -= 1
                    fut.set_result(True)
                    return


class BoundedSemaphore(Semaphore):
    """A Semaphore released no more times than it was acquired."""

    def __init__(self, value=1):
        self._bound_value = value
        Semaphore.__init__(self, value)

    def release(self):
        if self._value >= self._bound_value:
            raise ValueError("BoundedSemaphore released too many times")
        Semaphore.release(self)


class Queue(_LoopBound):
    """A FIFO queue for tasks; maxsize <= 0 means unbounded."""

    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._getters = []
        self._putters = []
        self._unfinished_tasks = 0
        self._finished = Event()
        self._finished.set()
        self._queue = []

    def _get(self):
        return self._queue.pop(0)

    def _put(self, item):
        self._queue.append(item)

    def _wakeup_next(self, waiters):
        while waiters:
            waiter = waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                break

    def qsize(self):
        return len(self._queue)

    @property
    def maxsize(self):
        return self._maxsize

    def empty(self):
        return not self._queue

    def full(self):
        return 0 < self._maxsize <= len(self._queue)

    async def put(self, item):
        while self.full():
            putter = self._get_loop().create_future()
            self._putters.append(putter)
            try:
                await putter
            except BaseException:
                putter.cancel()
                if putter in self._putters:
                    self._putters.remove(putter)
                if not self.full() and not putter.cancelled():
                    self._wakeup_next(self._putters)
                raise
        return self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wakeup_next(self._getters)

    async def get(self):
        while not self._queue:
            getter = self._get_loop().create_future()
            self._getters.append(getter)
            try:
                await getter
            except BaseException:
                getter.cancel()
                if getter in self._getters:
                    self._getters.remove(getter)
                if self._queue and not getter.cancelled():
                    self._wakeup_next(self._getters)
                raise
        return self.get_nowait()

    def get_nowait(self):
        if not self._queue:
            raise QueueEmpty
        item = self._get()
        self._wakeup_next(self._putters)
        return item

    def task_done(self):
        if self._unfinished_tasks <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        if self._unfinished_tasks > 0:
            await self._finished.wait()


class PriorityQueue(Queue):
    """A Queue giving the smallest item first."""

    def _get(self):
        return _heappop(self._queue)

    def _put(self, item):
        _heappush(self._queue, item)


class LifoQueue(Queue):
    """A Queue giving the newest item first."""

    def _get(self):
        return self._queue.pop()


def run(main, *, debug=None):
    """Runs coroutine main on a new event loop and returns its result
    (or raises its exception); then cancels the tasks left, shuts the
    default executor down and closes the loop."""
    if _get_running_loop() is not None:
        raise RuntimeError(
            "asyncio.run() cannot be called from a running event loop")
    if not iscoroutine(main):
        raise ValueError("a coroutine was expected, got %r" % (main,))
    loop = new_event_loop()
    set_event_loop(loop)
    if debug is not None:
        loop.set_debug(debug)
    try:
        return loop.run_until_complete(loop.create_task(main))
    finally:
        try:
            _cancel_all_tasks(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            set_event_loop(None)
            loop.close()


def _cancel_all_tasks(loop):
    to_cancel = all_tasks(loop)
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(gather(*to_cancel, return_exceptions=True))
    for task in to_cancel:
        if not task.cancelled() and task.exception() is not None:
            loop.call_exception_handler({
                "message": "unhandled exception during asyncio.run() shutdown",
                "exception": task.exception(),
                "task": task,
            })
