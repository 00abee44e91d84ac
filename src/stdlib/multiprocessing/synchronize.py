"""multiprocessing.synchronize (gilsim): Lock, RLock and Event shared
between processes."""

import _process
import _thread

__all__ = ["Lock", "RLock", "Event"]


def Lock():
    """A lock shared between processes: a lock of the run's world, which
    crosses to a child as itself (CPython's is a class over a semaphore)."""
    return _thread.allocate_lock()


class RLock:
    """A reentrant lock shared between processes: owned by a (process,
    thread) pair."""

    def __init__(self):
        self._block = _thread.allocate_lock()
        self._state = _process.channel()
        _process.send(self._state, (None, 0))

    def _me(self):
        return (_process.getpid(), _thread.get_ident())

    def acquire(self, block=True, timeout=None):
        me = self._me()
        owner, count = _process.loads(_process.recv(self._state))
        if owner == me:
            _process.send(self._state, (owner, count + 1))
            return True
        _process.send(self._state, (owner, count))
        if timeout is None:
            got = self._block.acquire(block)
        else:
            got = self._block.acquire(block, timeout)
        if got:
            _process.recv(self._state)
            _process.send(self._state, (me, 1))
        return got

    def release(self):
        me = self._me()
        owner, count = _process.loads(_process.recv(self._state))
        if owner != me:
            _process.send(self._state, (owner, count))
            raise AssertionError("attempt to release recursive lock not owned by thread")
        if count > 1:
            _process.send(self._state, (owner, count - 1))
            return
        _process.send(self._state, (None, 0))
        self._block.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


class Event:
    """An event shared between processes."""

    def __init__(self):
        self._flag = _process.channel()

    def is_set(self):
        return _process.pending(self._flag) > 0

    def set(self):
        if _process.pending(self._flag) == 0:
            _process.send(self._flag, True)

    def clear(self):
        while _process.recv(self._flag, 0) is not None:
            pass

    def wait(self, timeout=None):
        if self.is_set():
            return True
        blob = _process.recv(self._flag, timeout)
        if blob is None:
            return False
        _process.send(self._flag, True)
        return True
