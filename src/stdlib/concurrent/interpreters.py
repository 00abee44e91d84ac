"""concurrent.interpreters (gilsim): several interpreters in this one
process (CPython 3.14, PEP 734), each with its own GIL (PEP 684) and its
own globals, so they run bytecode in parallel without a process each.

Written in Python over the _interp primitives (an interpreter is a GIL
domain of the run, as a multiprocessing child is, started without a
process) and multiprocessing's _process channels. Everything crossing
between interpreters is pickled: functions and classes by name, values
copied, so a change made in one interpreter is never seen in another.

A new interpreter runs the program's module code again, silently, with
__name__ == "<fake __main__>" (CPython 3.14 reloads a script's __main__
so in a subinterpreter when a call needs one of its functions): guard the
program's main code with `if __name__ == "__main__":`.

Interpreter.call(f, ...) hands the call to a thread of the interpreter
and waits for its answer (CPython switches the calling OS thread into the
interpreter: the same waiting, with one thread fewer).

Differences from CPython, documented in README ("Subinterpreters"):
exec() takes a function (called with no arguments) but not source text;
prepare_main() and is_shareable()'s fine distinctions are not modelled
(everything picklable is shareable: it is copied); a queue's get() waits
on the channel rather than polling every 10 ms; the module code of a new
interpreter runs at create(), silently, rather than at the first call.
"""

import _interp
import _process
import _thread
import threading
import queue as _queue

__all__ = [
    "get_current", "get_main", "create", "list_all", "is_shareable",
    "Interpreter",
    "InterpreterError", "InterpreterNotFoundError", "ExecutionFailed",
    "NotShareableError",
    "create_queue", "Queue", "QueueEmpty", "QueueFull",
]


class InterpreterError(Exception):
    """A cross-interpreter operation failed."""


class InterpreterNotFoundError(InterpreterError):
    """An interpreter was not found (or was closed)."""


class NotShareableError(TypeError):
    """An object cannot cross between interpreters (it cannot be pickled)."""


class QueueError(RuntimeError):
    """A cross-interpreter queue operation failed."""


class QueueEmpty(QueueError, _queue.Empty):
    """Raised from get_nowait() when the queue is empty, and from get()
    when it times out."""


class QueueFull(QueueError, _queue.Full):
    """Raised from put_nowait() when the queue is full, and from put()
    when it times out."""


class _ExcType:
    """The type of an exception raised in another interpreter: its names."""

    def __init__(self, name, module):
        self.__name__ = name
        self.__qualname__ = name
        self.__module__ = module

    def __repr__(self):
        return "<class '%s'>" % self.__name__


class _ExcInfo:
    """What an uncaught exception in another interpreter leaves: its
    type's names, message, one-line summary and traceback text."""

    def __init__(self, type, msg, formatted, errdisplay):
        self.type = type
        self.msg = msg
        self.formatted = formatted
        self.errdisplay = errdisplay

    def __repr__(self):
        return "ExceptionInfo(type=%r, msg=%r)" % (self.type.__name__, self.msg)


_EXEC_FAILURE = "%s\n\nUncaught in the interpreter:\n\n%s"


class ExecutionFailed(InterpreterError):
    """An unhandled exception happened in Interpreter.exec() or call()."""

    def __init__(self, excinfo):
        msg = excinfo.formatted
        if not msg:
            msg = excinfo.type.__name__
        InterpreterError.__init__(self, msg)
        self.excinfo = excinfo
        self._copy = None

    def __str__(self):
        return _EXEC_FAILURE % (self.args[0], self.excinfo.errdisplay.rstrip("\n"))


def _not_found(id):
    return InterpreterNotFoundError("unrecognized interpreter ID %d" % id)


def _check(code, id):
    """Raises the exception an _interp error code stands for."""
    if code == "notfound":
        raise _not_found(id)
    if code == "current":
        raise InterpreterError("cannot destroy the current interpreter")
    if code == "running":
        raise InterpreterError("interpreter running")
    if code == "notowned":
        raise InterpreterError("interpreter %d was not created by "
                               "concurrent.interpreters" % id)
    if code == "notready":
        raise InterpreterError("interpreter %d is not ready yet" % id)
    return code


def _dumps(obj):
    try:
        return _process.dumps(obj)
    except Exception as e:
        raise NotShareableError("%s does not support cross-interpreter data (%s)"
                                % (type(obj).__name__, e))


def is_shareable(obj):
    """Whether obj can cross between interpreters (here: be pickled)."""
    try:
        _process.dumps(obj)
    except Exception:
        return False
    return True


# The Interpreter objects this interpreter made, by id (one each).
_known = {}

# The traceback of this interpreter's module code, if it failed (set by
# _boot): calls report it, as CPython reports a failed __main__ reload.
_main_failure = None


def _get(id):
    try:
        return _known[id]
    except KeyError:
        i = Interpreter(id)
        _known[id] = i
        return i


def create():
    """Return a new (idle) interpreter: its own GIL and globals."""
    ready = _process.channel()
    id = _interp.create(_process.dumps(ready))
    _process.recv(ready)
    return _get(id)


def list_all():
    """Return all existing interpreters."""
    return [_get(id) for id in _interp.list_all()]


def get_current():
    """Return the currently running interpreter."""
    return _get(_interp.get_current())


def get_main():
    """Return the main interpreter."""
    return _get(0)


class Interpreter:
    """A single Python interpreter of this process."""

    def __init__(self, id):
        if not isinstance(id, int):
            raise TypeError("id must be an int, got %r" % (id,))
        self._id = id

    def __repr__(self):
        return "%s(%d)" % (type(self).__name__, self._id)

    def __eq__(self, other):
        return isinstance(other, Interpreter) and other._id == self._id

    def __hash__(self):
        return hash(self._id)

    @property
    def id(self):
        return self._id

    @property
    def whence(self):
        if self._id == 0:
            return "runtime init"
        return "_interpreters module"

    def is_running(self):
        """Whether the interpreter is running a call (the main one always is)."""
        return _check(_interp.is_running(self._id), self._id)

    def close(self):
        """Finalize and destroy the interpreter; an InterpreterError if it
        is the current one or runs a call."""
        _check(_interp.close(self._id), self._id)

    def prepare_main(self, ns=None, /, **kwargs):
        raise NotImplementedError("gilsim: Interpreter.prepare_main() is not "
                                  "modelled; pass the values to call()")

    def exec(self, code, /):
        """Run code in the interpreter, in the current thread (gilsim:
        code is a function, called with no arguments; source text is
        not supported). An uncaught exception raises ExecutionFailed."""
        if isinstance(code, str):
            raise NotImplementedError("gilsim: Interpreter.exec() of source text "
                                      "is not supported; pass a function")
        self._call(code, (), {})

    def call(self, callable, /, *args, **kwargs):
        """Call callable(*args, **kwargs) in the interpreter and return a
        copy of its result; an uncaught exception raises ExecutionFailed."""
        return self._call(callable, args, kwargs)

    def call_in_thread(self, callable, /, *args, **kwargs):
        """Return a new, started thread that calls callable in the
        interpreter; its result and any exception are discarded."""
        t = threading.Thread(target=self._call, args=(callable, args, kwargs))
        t.start()
        return t

    def _call(self, callable, args, kwargs):
        payload = _dumps((callable, args, kwargs))
        reply = _process.channel()
        _check(_interp.call(self._id, _process.dumps((reply, self._id, payload))),
               self._id)
        ok, value = _process.loads(_process.recv(reply))
        if ok == "ok":
            return _process.loads(value)
        if ok == "notshareable":
            raise NotShareableError(value)
        name, module, msg, errdisplay, copy = value
        formatted = name + ": " + msg if msg else name
        e = ExecutionFailed(_ExcInfo(_ExcType(name, module), msg, formatted,
                                     errdisplay))
        e._copy = copy
        raise e


def _boot(blob, failure):
    """A new interpreter's first thread, after the module's code: note its
    failure, if any, and tell create() the interpreter is ready."""
    global _main_failure
    _main_failure = failure
    _process.send(_process.loads(blob), True)


def _run(blob):
    """A call handed to this interpreter (Interpreter._call): run it and
    send back a copy of the result, or what the exception was."""
    reply, id, payload = _process.loads(blob)
    try:
        try:
            callable, args, kwargs = _process.loads(payload)
        except BaseException:
            if _main_failure is not None:
                raise InterpreterError("the program's module code failed in "
                                       "interpreter %d:\n%s" % (id, _main_failure))
            raise
        result = callable(*args, **kwargs)
        try:
            answer = ("ok", _process.dumps(result))
        except Exception as e:
            answer = ("notshareable", "%s does not support cross-interpreter "
                      "data (%s)" % (type(result).__name__, e))
    except BaseException as e:
        try:
            copy = _process.dumps(e)
        except Exception:
            copy = None
        t = type(e)
        module = getattr(t, "__module__", "builtins")
        answer = ("failed", (t.__name__, module, str(e),
                             _thread._format_exception(e), copy))
    _interp.done(id)
    _process.send(reply, answer)


def create_queue(maxsize=0):
    """Return a new cross-interpreter queue: items cross by copy."""
    return Queue(_process.channel(), maxsize)


class Queue:
    """A cross-interpreter queue (pass it to another interpreter as an
    argument of call(), it stays the same queue)."""

    def __init__(self, id, maxsize=0):
        self._id = id
        self._maxsize = maxsize
        self._slots = None
        if maxsize > 0:
            self._slots = _process.channel()
            for _ in range(maxsize):
                _process.send(self._slots, None)

    def __repr__(self):
        return "%s(%d)" % (type(self).__name__, self._id)

    def __eq__(self, other):
        return isinstance(other, Queue) and other._id == self._id

    def __hash__(self):
        return hash(self._id)

    @property
    def id(self):
        return self._id

    @property
    def maxsize(self):
        return self._maxsize

    def empty(self):
        return self.qsize() == 0

    def full(self):
        return self._slots is not None and _process.pending(self._slots) == 0

    def qsize(self):
        return _process.pending(self._id)

    def put(self, obj, block=True, timeout=None):
        """Add a copy of obj; while the queue is full, wait (block) at most
        timeout seconds, then QueueFull."""
        if timeout is not None and timeout < 0:
            raise ValueError("timeout value must be non-negative")
        data = _dumps(obj)
        if self._slots is not None:
            if not block:
                timeout = 0
            if _process.recv(self._slots, timeout) is None:
                raise QueueFull("queue is full")
        _process.send(self._id, data)

    def put_nowait(self, obj):
        return self.put(obj, False)

    def get(self, block=True, timeout=None):
        """Return the next item (a copy); while the queue is empty, wait
        (block) at most timeout seconds, then QueueEmpty."""
        if timeout is not None and timeout < 0:
            raise ValueError("timeout value must be non-negative")
        if not block:
            timeout = 0
        blob = _process.recv(self._id, timeout)
        if blob is None:
            raise QueueEmpty("queue is empty")
        if self._slots is not None:
            _process.send(self._slots, None)
        return _process.loads(_process.loads(blob))

    def get_nowait(self):
        return self.get(False)
