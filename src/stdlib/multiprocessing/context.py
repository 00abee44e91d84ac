"""multiprocessing.context (gilsim): the errors, Process, and the contexts
whose methods make processes' queues, pipes, locks, pools and shared
values; the module's own names (multiprocessing.Queue, ...) are those of
the default context, as in CPython.

Every start method starts a process the same way here, as "spawn" does
(see multiprocessing.spawn); the default context is spawn's.
"""

import _process

from . import process

__all__ = ()


class ProcessError(Exception):
    pass


class BufferTooShort(ProcessError):
    pass


class TimeoutError(ProcessError):
    pass


class AuthenticationError(ProcessError):
    pass


class BaseContext:
    """The API of the multiprocessing module, as methods."""

    current_process = staticmethod(process.current_process)
    parent_process = staticmethod(process.parent_process)
    active_children = staticmethod(process.active_children)

    def cpu_count(self):
        """The number of CPUs (the virtual engine's --cores there)."""
        return _process.cpu_count()

    def Pipe(self, duplex=True):
        """A pair of Connection objects joined by a pipe."""
        from .connection import Pipe
        return Pipe(duplex)

    def Lock(self):
        """A lock shared between processes."""
        from .synchronize import Lock
        return Lock()

    def RLock(self):
        """A reentrant lock shared between processes."""
        from .synchronize import RLock
        return RLock()

    def Event(self):
        """An event shared between processes."""
        from .synchronize import Event
        return Event()

    def Queue(self, maxsize=0):
        """A queue between processes."""
        from .queues import Queue
        return Queue(maxsize)

    def JoinableQueue(self, maxsize=0):
        """A queue whose consumers call task_done(); join() waits for all."""
        from .queues import JoinableQueue
        return JoinableQueue(maxsize)

    def SimpleQueue(self):
        """A simplified queue between processes."""
        from .queues import SimpleQueue
        return SimpleQueue()

    def Pool(self, processes=None, initializer=None, initargs=(),
             maxtasksperchild=None):
        """A pool of worker processes."""
        from .pool import Pool
        return Pool(processes, initializer, initargs, maxtasksperchild,
                    context=self.get_context())

    def Value(self, typecode_or_type, *args, lock=True):
        """A value shared between processes."""
        from .sharedctypes import Value
        return Value(typecode_or_type, *args, lock=lock, ctx=self.get_context())

    def Array(self, typecode_or_type, size_or_initializer, *, lock=True):
        """An array shared between processes."""
        from .sharedctypes import Array
        return Array(typecode_or_type, size_or_initializer, lock=lock,
                     ctx=self.get_context())

    def freeze_support(self):
        pass

    def get_context(self, method=None):
        if method is None:
            return self
        try:
            ctx = _concrete_contexts[method]
        except KeyError:
            raise ValueError("cannot find context for %r" % method) from None
        return ctx

    def get_start_method(self, allow_none=False):
        return self._name

    def set_start_method(self, method, force=False):
        raise ValueError("cannot set start method of concrete context")


# The errors, as attributes of every context (and so of the module).
BaseContext.ProcessError = ProcessError
BaseContext.BufferTooShort = BufferTooShort
BaseContext.TimeoutError = TimeoutError
BaseContext.AuthenticationError = AuthenticationError


class Process(process.BaseProcess):
    """A process of the default context: multiprocessing.Process."""

    _start_method = None


class DefaultContext(BaseContext):
    """The module's context: its start method's, until one is set."""

    def __init__(self, context):
        self._default_context = context
        self._actual_context = None

    def get_context(self, method=None):
        if method is None:
            if self._actual_context is None:
                self._actual_context = self._default_context
            return self._actual_context
        return BaseContext.get_context(self, method)

    def set_start_method(self, method, force=False):
        # Every method starts processes as spawn does here; the name is
        # what get_start_method() reports afterwards.
        if self._actual_context is not None and not force:
            raise RuntimeError("context has already been set")
        if method is None and force:
            self._actual_context = None
            return
        self._actual_context = self.get_context(method)

    def get_start_method(self, allow_none=False):
        if self._actual_context is None:
            if allow_none:
                return None
            self._actual_context = self._default_context
        return self._actual_context._name

    def get_all_start_methods(self):
        return ["fork", "spawn", "forkserver"]


DefaultContext.Process = Process


# The contexts of the start methods: they differ in name only (a child
# runs the module's code again, as with "spawn", whatever the method).

class ForkProcess(process.BaseProcess):
    _start_method = "fork"


class SpawnProcess(process.BaseProcess):
    _start_method = "spawn"


class ForkServerProcess(process.BaseProcess):
    _start_method = "forkserver"


class ForkContext(BaseContext):
    _name = "fork"
    Process = ForkProcess


class SpawnContext(BaseContext):
    _name = "spawn"
    Process = SpawnProcess


class ForkServerContext(BaseContext):
    _name = "forkserver"
    Process = ForkServerProcess


_concrete_contexts = {
    "fork": ForkContext(),
    "spawn": SpawnContext(),
    "forkserver": ForkServerContext(),
}
# CPython 3.11 on Linux forks by default; processes here start as spawn's.
_default_context = DefaultContext(_concrete_contexts["spawn"])
