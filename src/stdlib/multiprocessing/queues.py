"""multiprocessing.queues (gilsim): Queue, SimpleQueue and JoinableQueue,
channels of pickled messages between processes (a waiting get() releases
the GIL)."""

import _process
import _thread
import time as _time
import queue as _queue

__all__ = ["Queue", "SimpleQueue", "JoinableQueue"]


class Queue:
    """A queue between processes."""

    def __init__(self, maxsize=0):
        self._ch = _process.channel()
        self._maxsize = maxsize
        self._slots = None
        self._closed = False
        if maxsize > 0:
            self._slots = _process.channel()
            for _ in range(maxsize):
                _process.send(self._slots, None)

    def put(self, obj, block=True, timeout=None):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        if self._slots is not None:
            if not block:
                timeout = 0
            if _process.recv(self._slots, timeout) is None:
                raise _queue.Full
        _process.send(self._ch, obj)

    def get(self, block=True, timeout=None):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        if not block:
            timeout = 0
        blob = _process.recv(self._ch, timeout)
        if blob is None:
            raise _queue.Empty
        if self._slots is not None:
            _process.send(self._slots, None)
        return _process.loads(blob)

    def put_nowait(self, obj):
        return self.put(obj, False)

    def get_nowait(self):
        return self.get(False)

    def qsize(self):
        return _process.pending(self._ch)

    def empty(self):
        return _process.pending(self._ch) == 0

    def full(self):
        return self._slots is not None and _process.pending(self._slots) == 0

    def close(self):
        self._closed = True

    def join_thread(self):
        pass

    def cancel_join_thread(self):
        pass


class SimpleQueue(Queue):
    def __init__(self):
        Queue.__init__(self)


class JoinableQueue(Queue):
    """A Queue whose consumers call task_done(); join() waits for all."""

    def __init__(self, maxsize=0):
        Queue.__init__(self, maxsize)
        self._unfinished = _process.channel()
        self._all_done = _thread.allocate_lock()

    def put(self, obj, block=True, timeout=None):
        Queue.put(self, obj, block, timeout)
        _process.send(self._unfinished, None)

    def task_done(self):
        if _process.recv(self._unfinished, 0) is None:
            raise ValueError("task_done() called too many times")

    def join(self):
        # gilsim: polls (CPython waits on a shared condition).
        while _process.pending(self._unfinished) > 0:
            _time.sleep(0.001)
