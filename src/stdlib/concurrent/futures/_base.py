"""concurrent.futures._base (gilsim): Future, Executor, wait() and
as_completed().

As CPython's: a Future is a state guarded by a threading.Condition;
wait() and as_completed() install a waiter object on each future, which
the future tells when it finishes.

Differences from CPython: log messages (a failing callback) are printed
to stderr instead of going through logging; DoneAndNotDoneFutures is a
class that acts as a named 2-tuple.
"""

import sys
import threading
import _thread
from time import monotonic as _time

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"
_AS_COMPLETED = "_AS_COMPLETED"

# A future's states.
PENDING = "PENDING"
RUNNING = "RUNNING"
CANCELLED = "CANCELLED"                    # cancelled, waiters not told yet
CANCELLED_AND_NOTIFIED = "CANCELLED_AND_NOTIFIED"
FINISHED = "FINISHED"

_STATE_TO_DESCRIPTION_MAP = {
    PENDING: "pending",
    RUNNING: "running",
    CANCELLED: "cancelled",
    CANCELLED_AND_NOTIFIED: "cancelled",
    FINISHED: "finished",
}


class Error(Exception):
    """Base class of the errors of this module."""


class CancelledError(Error):
    """The future was cancelled."""


# In Python 3.11 concurrent.futures.TimeoutError is the builtin.
TimeoutError = TimeoutError


class InvalidStateError(Error):
    """The future is in a state that does not allow the operation."""


class BrokenExecutor(RuntimeError):
    """The executor is broken and cannot run new work."""


def _log(message, exc=None):
    # CPython logs these through logging.getLogger("concurrent.futures");
    # with logging unconfigured they reach stderr as the message and the
    # traceback, as here.
    print(message, file=sys.stderr)
    if exc is not None:
        print(_thread._format_exception(exc), file=sys.stderr)


# Waiters: wait() and as_completed() install one on every future they
# watch; the future calls add_result/add_exception/add_cancelled when it
# finishes, with its condition held.

class _Waiter:
    def __init__(self):
        self.event = threading.Event()
        self.finished_futures = []

    def add_result(self, future):
        self.finished_futures.append(future)

    def add_exception(self, future):
        self.finished_futures.append(future)

    def add_cancelled(self, future):
        self.finished_futures.append(future)


class _AsCompletedWaiter(_Waiter):
    def __init__(self):
        _Waiter.__init__(self)
        self.lock = threading.Lock()

    def add_result(self, future):
        with self.lock:
            _Waiter.add_result(self, future)
            self.event.set()

    def add_exception(self, future):
        with self.lock:
            _Waiter.add_exception(self, future)
            self.event.set()

    def add_cancelled(self, future):
        with self.lock:
            _Waiter.add_cancelled(self, future)
            self.event.set()


class _FirstCompletedWaiter(_Waiter):
    def add_result(self, future):
        _Waiter.add_result(self, future)
        self.event.set()

    def add_exception(self, future):
        _Waiter.add_exception(self, future)
        self.event.set()

    def add_cancelled(self, future):
        _Waiter.add_cancelled(self, future)
        self.event.set()


class _AllCompletedWaiter(_Waiter):
    def __init__(self, num_pending_calls, stop_on_exception):
        _Waiter.__init__(self)
        self.num_pending_calls = num_pending_calls
        self.stop_on_exception = stop_on_exception
        self.lock = threading.Lock()

    def _decrement_pending_calls(self):
        with self.lock:
            self.num_pending_calls -= 1
            if not self.num_pending_calls:
                self.event.set()

    def add_result(self, future):
        _Waiter.add_result(self, future)
        self._decrement_pending_calls()

    def add_exception(self, future):
        _Waiter.add_exception(self, future)
        if self.stop_on_exception:
            self.event.set()
        else:
            self._decrement_pending_calls()

    def add_cancelled(self, future):
        _Waiter.add_cancelled(self, future)
        self._decrement_pending_calls()


class _AcquireFutures:
    """Holds the conditions of several futures, taken in id order."""

    def __init__(self, futures):
        self.futures = sorted(futures, key=id)

    def __enter__(self):
        for future in self.futures:
            future._condition.acquire()

    def __exit__(self, *args):
        for future in self.futures:
            future._condition.release()


def _create_and_install_waiters(fs, return_when):
    if return_when == _AS_COMPLETED:
        waiter = _AsCompletedWaiter()
    elif return_when == FIRST_COMPLETED:
        waiter = _FirstCompletedWaiter()
    else:
        pending_count = 0
        for f in fs:
            if f._state not in (CANCELLED_AND_NOTIFIED, FINISHED):
                pending_count += 1
        if return_when == FIRST_EXCEPTION:
            waiter = _AllCompletedWaiter(pending_count, stop_on_exception=True)
        elif return_when == ALL_COMPLETED:
            waiter = _AllCompletedWaiter(pending_count, stop_on_exception=False)
        else:
            raise ValueError("Invalid return condition: %r" % return_when)
    for f in fs:
        f._waiters.append(waiter)
    return waiter


def _yield_finished_futures(fs, waiter, ref_collect):
    # Yields the futures of list fs from its end, first taking each out
    # of the sets of ref_collect and uninstalling the waiter from it.
    while fs:
        f = fs[-1]
        for futures_set in ref_collect:
            futures_set.remove(f)
        with f._condition:
            f._waiters.remove(waiter)
        del f
        yield fs.pop()


def as_completed(fs, timeout=None):
    """An iterator over the futures of fs (duplicates once) as they
    complete, finished or cancelled; TimeoutError if they are not all
    done timeout seconds after the first next()."""
    if timeout is not None:
        end_time = timeout + _time()
    fs = set(fs)
    total_futures = len(fs)
    with _AcquireFutures(fs):
        finished = set()
        for f in fs:
            if f._state in (CANCELLED_AND_NOTIFIED, FINISHED):
                finished.add(f)
        pending = fs - finished
        waiter = _create_and_install_waiters(fs, _AS_COMPLETED)
    finished = list(finished)
    try:
        yield from _yield_finished_futures(finished, waiter, (fs,))
        while pending:
            if timeout is None:
                wait_timeout = None
            else:
                wait_timeout = end_time - _time()
                if wait_timeout < 0:
                    raise TimeoutError("%d (of %d) futures unfinished"
                                       % (len(pending), total_futures))
            waiter.event.wait(wait_timeout)
            with waiter.lock:
                finished = waiter.finished_futures
                waiter.finished_futures = []
                waiter.event.clear()
            # Reversed, so that popping from the end keeps finishing order.
            finished.reverse()
            yield from _yield_finished_futures(finished, waiter, (fs, pending))
    finally:
        # Uninstall the waiter from the futures not yielded.
        for f in fs:
            with f._condition:
                f._waiters.remove(waiter)


class DoneAndNotDoneFutures:
    """wait()'s result: the sets done and not_done (a named 2-tuple in
    CPython: it unpacks and indexes as one)."""

    _fields = ("done", "not_done")

    def __init__(self, done, not_done):
        self.done = done
        self.not_done = not_done

    def __iter__(self):
        return iter((self.done, self.not_done))

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.done, self.not_done)[i]

    def __eq__(self, other):
        if isinstance(other, DoneAndNotDoneFutures):
            other = (other.done, other.not_done)
        return (self.done, self.not_done) == other

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.done, self.not_done))

    def __repr__(self):
        return "DoneAndNotDoneFutures(done=%r, not_done=%r)" % (self.done, self.not_done)


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    """Wait for the futures of fs: until all are done (ALL_COMPLETED),
    one is done (FIRST_COMPLETED) or one raised (FIRST_EXCEPTION), or
    until timeout seconds passed. Returns DoneAndNotDoneFutures(done,
    not_done)."""
    fs = set(fs)
    with _AcquireFutures(fs):
        done = set()
        for f in fs:
            if f._state in (CANCELLED_AND_NOTIFIED, FINISHED):
                done.add(f)
        not_done = fs - done
        if return_when == FIRST_COMPLETED and done:
            return DoneAndNotDoneFutures(done, not_done)
        raised = False
        if return_when == FIRST_EXCEPTION and done:
            # (A flag, not a return inside the loop: gilsim mis-compiles
            # `return` from a for loop inside a with block.)
            for f in done:
                if not f.cancelled() and f.exception() is not None:
                    raised = True
                    break
        if raised or len(done) == len(fs):
            return DoneAndNotDoneFutures(done, not_done)
        waiter = _create_and_install_waiters(fs, return_when)

    waiter.event.wait(timeout)
    for f in fs:
        with f._condition:
            f._waiters.remove(waiter)
    done.update(waiter.finished_futures)
    return DoneAndNotDoneFutures(done, fs - done)


class Future:
    """The result of a call that may not have finished yet."""

    def __init__(self):
        self._condition = threading.Condition()
        self._state = PENDING
        self._result = None
        self._exception = None
        self._waiters = []
        self._done_callbacks = []

    def _invoke_callbacks(self):
        for callback in self._done_callbacks:
            try:
                callback(self)
            except Exception as e:
                _log("exception calling callback for %r" % (self,), e)

    def __repr__(self):
        # CPython reads the state with the condition held; gilsim cannot
        # block (take a lock) inside a dunder method called from a builtin
        # (repr, print, %r), so this reads it without: one state string.
        state = self._state
        if state == FINISHED:
            if self._exception:
                return "<%s at %#x state=%s raised %s>" % (
                    type(self).__name__, id(self),
                    _STATE_TO_DESCRIPTION_MAP[state],
                    type(self._exception).__name__)
            return "<%s at %#x state=%s returned %s>" % (
                type(self).__name__, id(self),
                _STATE_TO_DESCRIPTION_MAP[state],
                type(self._result).__name__)
        return "<%s at %#x state=%s>" % (
            type(self).__name__, id(self), _STATE_TO_DESCRIPTION_MAP[state])

    def cancel(self):
        """Cancel the future if it has not started; True if it is (now)
        cancelled, False if it is running or finished."""
        with self._condition:
            if self._state in (RUNNING, FINISHED):
                return False
            if self._state in (CANCELLED, CANCELLED_AND_NOTIFIED):
                return True
            self._state = CANCELLED
            self._condition.notify_all()
        self._invoke_callbacks()
        return True

    def cancelled(self):
        """Whether the future was cancelled."""
        return self._state in (CANCELLED, CANCELLED_AND_NOTIFIED)

    def running(self):
        """Whether the call is running now."""
        return self._state == RUNNING

    def done(self):
        """Whether the future was cancelled or finished."""
        return self._state in (CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED)

    def _get_result(self):
        if self._exception is not None:
            raise self._exception
        return self._result

    def add_done_callback(self, fn):
        """Call fn(future) when the future is done (at once if it is)."""
        with self._condition:
            if self._state not in (CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED):
                self._done_callbacks.append(fn)
                return
        try:
            fn(self)
        except Exception as e:
            _log("exception calling callback for %r" % (self,), e)

    def result(self, timeout=None):
        """The call's return value, waiting at most timeout seconds
        (TimeoutError); raises the call's exception, or CancelledError."""
        with self._condition:
            if self._state in (CANCELLED, CANCELLED_AND_NOTIFIED):
                raise CancelledError()
            elif self._state == FINISHED:
                return self._get_result()
            self._condition.wait(timeout)
            if self._state in (CANCELLED, CANCELLED_AND_NOTIFIED):
                raise CancelledError()
            elif self._state == FINISHED:
                return self._get_result()
            else:
                raise TimeoutError()

    def exception(self, timeout=None):
        """The call's exception (None if it returned), waiting at most
        timeout seconds (TimeoutError); CancelledError if cancelled."""
        with self._condition:
            if self._state in (CANCELLED, CANCELLED_AND_NOTIFIED):
                raise CancelledError()
            elif self._state == FINISHED:
                return self._exception
            self._condition.wait(timeout)
            if self._state in (CANCELLED, CANCELLED_AND_NOTIFIED):
                raise CancelledError()
            elif self._state == FINISHED:
                return self._exception
            else:
                raise TimeoutError()

    # For executors (and tests).

    def set_running_or_notify_cancel(self):
        """Mark the future running (True), or, if it was cancelled, tell
        its waiters so (False). For executors, before running the call."""
        with self._condition:
            if self._state == CANCELLED:
                self._state = CANCELLED_AND_NOTIFIED
                for waiter in self._waiters:
                    waiter.add_cancelled(self)
                return False
            elif self._state == PENDING:
                self._state = RUNNING
                return True
            else:
                _log("Future %s in unexpected state: %s" % (id(self), self._state))
                raise RuntimeError("Future in unexpected state")

    def set_result(self, result):
        """Finish the future with result. For executors."""
        with self._condition:
            if self._state in (CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED):
                raise InvalidStateError("%s: %r" % (self._state, self))
            self._result = result
            self._state = FINISHED
            for waiter in self._waiters:
                waiter.add_result(self)
            self._condition.notify_all()
        self._invoke_callbacks()

    def set_exception(self, exception):
        """Finish the future with exception. For executors."""
        with self._condition:
            if self._state in (CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED):
                raise InvalidStateError("%s: %r" % (self._state, self))
            self._exception = exception
            self._state = FINISHED
            for waiter in self._waiters:
                waiter.add_exception(self)
            self._condition.notify_all()
        self._invoke_callbacks()


def _result_or_cancel(fut, timeout=None):
    try:
        return fut.result(timeout)
    finally:
        fut.cancel()


class Executor:
    """The base of executors: submit() schedules a call."""

    def submit(self, fn, /, *args, **kwargs):
        """Schedule fn(*args, **kwargs); returns its Future."""
        raise NotImplementedError()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        """Like map(fn, *iterables), the calls submitted at once: returns
        an iterator over their results in order, raising a call's
        exception when its result is reached, or TimeoutError if a result
        is not ready timeout seconds after map() was called."""
        if timeout is not None:
            end_time = timeout + _time()
        fs = [self.submit(fn, *args) for args in zip(*iterables)]

        def result_iterator():
            try:
                fs.reverse()
                while fs:
                    if timeout is None:
                        yield _result_or_cancel(fs.pop())
                    else:
                        yield _result_or_cancel(fs.pop(), end_time - _time())
            finally:
                for future in fs:
                    future.cancel()
        return result_iterator()

    def shutdown(self, wait=True, *, cancel_futures=False):
        """Free the executor's resources once pending calls are done;
        with wait, return only then. cancel_futures cancels the calls not
        started."""
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False
