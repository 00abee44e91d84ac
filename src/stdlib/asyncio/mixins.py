"""asyncio.mixins (gilsim): binding a lock or queue to its loop."""

import _thread

from . import events

_global_lock = _thread.allocate_lock()


class _LoopBoundMixin:
    # Locks and queues are for the tasks of one loop (not thread-safe):
    # the first one to wait binds the object to its running loop.
    _loop = None

    def _get_loop(self):
        loop = events.get_running_loop()
        if self._loop is None:
            with _global_lock:
                if self._loop is None:
                    self._loop = loop
        if loop is not self._loop:
            raise RuntimeError("%r is bound to a different event loop" % (self,))
        return loop
