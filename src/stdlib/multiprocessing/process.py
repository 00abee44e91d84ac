"""multiprocessing.process (gilsim): BaseProcess, the process that runs
this code, and its children.

A process is a separate interpreter -- its own globals and its own GIL,
so processes run bytecode in parallel -- started by _process.start() with
the process object pickled: it runs the program's module code again
(silently, with __name__ == "__mp_main__"), then its bootstrap
(multiprocessing.spawn), which runs the object's run(). A waiting join()
releases the GIL.
"""

import _process
import _thread

__all__ = ["BaseProcess", "current_process", "active_children",
           "parent_process"]

_process_counter = 0
_children = []


def _next_name(cls):
    global _process_counter
    _process_counter += 1
    parent = current_process()
    if parent._parent_name is None and parent.name == "MainProcess":
        return "%s-%d" % (cls.__name__, _process_counter)
    return "%s:%d" % (parent.name, _process_counter)


class BaseProcess:
    """A process running target(*args, **kwargs), or run() of a subclass
    (multiprocessing.Process is one)."""

    _parent_name = None
    _parent_pid = None

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None,
                 *, daemon=None):
        assert group is None, "group argument must be None for now"
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs) if kwargs else {}
        self._name = name if name is not None else _next_name(type(self))
        self._daemonic = bool(daemon) if daemon is not None else False
        self._pid = None
        self._done = None
        self._result = None
        self._exitcode = None
        self._parent_name = current_process().name
        self._parent_pid = _process.getpid()

    def run(self):
        if self._target is not None:
            self._target(*self._args, **self._kwargs)

    def start(self):
        if self._pid is not None:
            raise AssertionError("cannot start a process twice")
        self._done = _thread.allocate_lock()
        self._done.acquire()
        self._result = _process.channel()
        self._pid = _process.start(_process.dumps(self), self._daemonic)
        _children.append(self)

    def _poll(self, timeout):
        if self._exitcode is not None:
            return True
        if self._done is None:
            return False
        if timeout is None:
            got = self._done.acquire()
        elif timeout > 0:
            got = self._done.acquire(True, timeout)
        else:
            got = self._done.acquire(False)
        if not got:
            return False
        self._done.release()
        blob = _process.recv(self._result, 0)
        if blob is not None:
            self._exitcode = _process.loads(blob)
        if self in _children:
            _children.remove(self)
        return True

    def join(self, timeout=None):
        if self._pid is None:
            raise AssertionError("can only join a started process")
        if self is current_process():
            raise AssertionError("can only join a child process")
        self._poll(timeout)

    def is_alive(self):
        if self is current_process():
            return True
        if self._pid is None:
            return False
        return not self._poll(0)

    def terminate(self):
        raise NotImplementedError("gilsim: Process.terminate() is not modelled; "
                                  "let the process end, or use a daemon process")

    kill = terminate

    def close(self):
        if self._pid is not None and self.is_alive():
            raise ValueError("Cannot close a process while it is still running. "
                             "You should first call join() or terminate().")

    @property
    def exitcode(self):
        if self._pid is None:
            return None
        self._poll(0)
        return self._exitcode

    @property
    def pid(self):
        return self._pid

    ident = pid

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        self._name = str(name)

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        if self._pid is not None:
            raise AssertionError("process has already started")
        self._daemonic = daemonic

    def __repr__(self):
        # As CPython's, except that the exit code is the one last seen
        # (a repr does not poll the process).
        exitcode = None
        if self is current_process():
            status = "started"
        elif self._parent_pid != _process.getpid():
            status = "unknown"
        elif self._pid is None:
            status = "initial"
        else:
            exitcode = self._exitcode
            status = "started" if exitcode is None else "stopped"
        info = [type(self).__name__, "name=%r" % self._name]
        if self._pid is not None and not isinstance(self, _MainProcess):
            info.append("pid=%s" % self._pid)
        info.append("parent=%s" % self._parent_pid)
        info.append(status)
        if exitcode is not None:
            info.append("exitcode=%s" % exitcode)
        if self._daemonic:
            info.append("daemon")
        return "<%s>" % " ".join(info)


class _MainProcess(BaseProcess):
    def __init__(self):
        self._target = None
        self._args = ()
        self._kwargs = {}
        self._name = "MainProcess"
        self._daemonic = False
        self._pid = _process.getpid()
        self._done = None
        self._result = None
        self._exitcode = None
        self._parent_name = None
        self._parent_pid = None


# The process this interpreter runs (made on first use; a child's is set
# by its bootstrap, multiprocessing.spawn).
_current_process = None


def current_process():
    """The Process object of the calling process."""
    global _current_process
    if _current_process is None:
        _current_process = _MainProcess()
    return _current_process


def parent_process():
    """The parent of the calling process (None in the main process)."""
    if current_process().name == "MainProcess":
        return None
    return _ParentProcess(current_process()._parent_name,
                          current_process()._parent_pid)


class _ParentProcess:
    # What a child knows of its parent: its name and pid.
    def __init__(self, name, pid):
        self.name = name
        self._pid = pid

    @property
    def pid(self):
        return self._pid

    ident = pid


def active_children():
    """The children of the calling process that are still alive."""
    return [p for p in list(_children) if p.is_alive()]
