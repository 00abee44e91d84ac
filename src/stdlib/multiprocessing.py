"""multiprocessing (gilsim): processes, their queues and pools.

Written in Python over the _process primitives. A process is a separate
interpreter -- its own globals and its own GIL, so processes run bytecode
in parallel -- that runs the program's module code again (silently, with
__name__ == "__mp_main__"), then the target. Everything crossing between
processes is pickled: functions and classes by name, values copied, so a
global a child changes is never seen by the parent. Channels carry the
pickled messages; a waiting receiver releases its GIL.

Pool is built as CPython's: worker processes read tasks from one channel
and post results on another, which a result-handler thread in the parent
hands to the waiting AsyncResult objects.
"""

import _process
import _thread
import sys
import threading
import time as _time
import queue as _queue


class ProcessError(Exception):
    pass


class TimeoutError(ProcessError):
    pass


class BufferTooShort(ProcessError):
    pass


class AuthenticationError(ProcessError):
    pass


_process_counter = 0
_children = []


def cpu_count():
    return _process.cpu_count()


def _next_name(cls):
    global _process_counter
    _process_counter += 1
    parent = current_process()
    if parent._parent_name is None and parent.name == "MainProcess":
        return "%s-%d" % (cls.__name__, _process_counter)
    return "%s:%d" % (parent.name, _process_counter)


class Process:
    """A process running target(*args, **kwargs), or run() of a subclass."""

    _parent_name = None

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
        if self._pid is None:
            status = "initial"
        elif self._exitcode is None:
            status = "started"
        else:
            status = "stopped"
        extra = ""
        if self._exitcode not in (None, 0):
            extra = " exitcode=%s" % self._exitcode
        if self._daemonic:
            extra += " daemon"
        return "<%s name=%r %s%s>" % (type(self).__name__, self._name, status, extra)


class _MainProcess(Process):
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


_current = None


def current_process():
    global _current
    if _current is None:
        _current = _MainProcess()
    return _current


def parent_process():
    if current_process().name == "MainProcess":
        return None
    return _ParentStub(current_process()._parent_name)


class _ParentStub:
    def __init__(self, name):
        self.name = name


def active_children():
    return [p for p in list(_children) if p.is_alive()]


def _child_main(blob):
    """The bootstrap of a child process (the engine calls it)."""
    global _current, _process_counter, _children
    proc = _process.loads(blob)
    _current = proc
    _process_counter = 0
    _children = []
    exitcode = 0
    try:
        proc.run()
    except SystemExit as e:
        code = e.code
        if code is None:
            exitcode = 0
        elif isinstance(code, int):
            exitcode = code
        else:
            print(code, file=sys.stderr)
            exitcode = 1
    except BaseException as e:
        print("Process %s:" % proc.name, file=sys.stderr)
        print(_thread._format_exception(e), file=sys.stderr)
        exitcode = 1
    _process.send(proc._result, exitcode)
    proc._done.release()
    return exitcode


# Queues and pipes: channels of pickled messages.

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


class Connection:
    """One end of a Pipe."""

    def __init__(self, inbox, outbox, readable=True, writable=True):
        self._in = inbox
        self._out = outbox
        self.readable = readable
        self.writable = writable
        self.closed = False
        self._peeked = None

    def send(self, obj):
        if self.closed:
            raise OSError("handle is closed")
        if not self.writable:
            raise OSError("connection is read-only")
        _process.send(self._out, obj)

    def recv(self):
        if self.closed:
            raise OSError("handle is closed")
        if not self.readable:
            raise OSError("connection is write-only")
        if self._peeked is not None:
            blob = self._peeked
            self._peeked = None
            return _process.loads(blob)
        return _process.loads(_process.recv(self._in))

    def poll(self, timeout=0.0):
        if self._peeked is not None or _process.pending(self._in) > 0:
            return True
        if timeout is None or timeout > 0:
            blob = _process.recv(self._in, timeout)
            if blob is None:
                return False
            # Kept aside for the next recv(), so the order holds.
            self._peeked = blob
            return True
        return False

    def close(self):
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def Pipe(duplex=True):
    a = _process.channel()
    b = _process.channel()
    if duplex:
        return Connection(a, b), Connection(b, a)
    return Connection(a, None, True, False), Connection(None, a, False, True)


class Value:
    """A value shared between processes. Its one copy travels in a
    channel: reading or writing takes it out and puts it back, so each
    read or write is atomic (as with CPython's lock=True), while `+=` is
    a read then a write: use get_lock() around it."""

    def __init__(self, typecode_or_type, *args, lock=True):
        self._typecode = typecode_or_type
        self._cell = _process.channel()
        _process.send(self._cell, args[0] if args else 0)
        self._lock = lock if lock not in (True, False) else RLock()

    def _take(self):
        return _process.loads(_process.recv(self._cell))

    @property
    def value(self):
        v = self._take()
        _process.send(self._cell, v)
        return v

    @value.setter
    def value(self, v):
        self._take()
        _process.send(self._cell, v)

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

    def __repr__(self):
        return "<Synchronized wrapper for %r>" % (self.value,)


class Array:
    """A fixed-size array shared between processes (see Value)."""

    def __init__(self, typecode_or_type, size_or_initializer, *, lock=True):
        if isinstance(size_or_initializer, int):
            items = [0] * size_or_initializer
        else:
            items = list(size_or_initializer)
        self._cell = _process.channel()
        self._len = len(items)
        _process.send(self._cell, items)
        self._lock = lock if lock not in (True, False) else RLock()

    def _take(self):
        return _process.loads(_process.recv(self._cell))

    def _read(self):
        items = self._take()
        _process.send(self._cell, items)
        return items

    def __len__(self):
        return self._len

    def __getitem__(self, i):
        return self._read()[i]

    def __setitem__(self, i, v):
        items = self._take()
        items[i] = v
        _process.send(self._cell, items)

    def __iter__(self):
        return iter(self._read())

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self


def Lock():
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


# Pools.

def _pool_worker(tasks, results, initializer, initargs):
    if initializer is not None:
        initializer(*initargs)
    while True:
        task = _process.loads(_process.recv(tasks))
        if task is None:
            break
        job, i, func, chunk, star = task
        try:
            if star:
                value = [func(*args) for args in chunk]
            else:
                value = [func(x) for x in chunk]
            outcome = (job, i, True, value)
        except Exception as e:
            outcome = (job, i, False, e)
        _process.send(results, outcome)


class ApplyResult:
    """The result of an asynchronous call on a pool."""

    def __init__(self, pool, callback=None, error_callback=None):
        self._pool = pool
        self._event = threading.Event()
        self._callback = callback
        self._error_callback = error_callback
        self._success = None
        self._value = None

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError("%r not ready" % self)
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set(self, i, ok, value):
        self._success = ok
        self._value = value[0] if ok else value
        if ok and self._callback is not None:
            self._callback(self._value)
        if not ok and self._error_callback is not None:
            self._error_callback(self._value)
        self._event.set()
        self._pool._forget(self)


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    def __init__(self, pool, nchunks, length, callback=None, error_callback=None):
        ApplyResult.__init__(self, pool, callback, error_callback)
        self._chunks = [None] * nchunks
        self._left = nchunks
        self._success = True
        if nchunks == 0:
            self._value = []
            self._event.set()
            pool._forget(self)

    def _set(self, i, ok, value):
        if not ok:
            if self._success:
                self._success = False
                self._value = value
                if self._error_callback is not None:
                    self._error_callback(value)
                self._event.set()
                self._pool._forget(self)
            return
        self._chunks[i] = value
        self._left -= 1
        if self._left == 0 and self._success:
            out = []
            for c in self._chunks:
                out.extend(c)
            self._value = out
            if self._callback is not None:
                self._callback(out)
            self._event.set()
            self._pool._forget(self)


class _ChunkStream:
    """Results of imap in order (or as they come, unordered)."""

    def __init__(self, pool, ordered):
        self._pool = pool
        self._ordered = ordered
        self._cond = threading.Condition(threading.Lock())
        self._ready = {}
        self._arrived = []
        self._next = 0
        self._total = None
        self._seen = 0

    def _set(self, i, ok, value):
        with self._cond:
            self._ready[i] = (ok, value)
            self._arrived.append(i)
            self._cond.notify_all()

    def results(self):
        # A generator, so that waiting for a result is an ordinary
        # blocking call in the consumer's frame.
        while True:
            with self._cond:
                if self._total is not None and self._seen >= self._total:
                    self._pool._forget(self)
                    return
                key = self._next if self._ordered else (
                    self._arrived[0] if self._arrived else None)
                if key is None or key not in self._ready:
                    self._cond.wait()
                    continue
                ok, value = self._ready.pop(key)
                if not self._ordered:
                    self._arrived.pop(0)
                self._next += 1
                self._seen += 1
            if not ok:
                raise value
            yield value[0]


class Pool:
    """A pool of worker processes."""

    def __init__(self, processes=None, initializer=None, initargs=(),
                 maxtasksperchild=None):
        if processes is None:
            processes = cpu_count()
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        self._processes = processes
        self._tasks = _process.channel()
        self._results = _process.channel()
        self._jobs = {}
        self._job_counter = 0
        self._state = "RUN"
        self._workers = []
        for _ in range(processes):
            w = Process(target=_pool_worker,
                        args=(self._tasks, self._results, initializer, initargs))
            w.name = w.name.replace("Process", "SpawnPoolWorker")
            w.daemon = True
            w.start()
            self._workers.append(w)
        self._handler = threading.Thread(target=self._handle_results, daemon=True)
        self._handler.start()

    def _handle_results(self):
        while True:
            outcome = _process.loads(_process.recv(self._results))
            if outcome is None:
                return
            job, i, ok, value = outcome
            result = self._jobs.get(job)
            if result is not None:
                result._set(i, ok, value)

    def _forget(self, result):
        for k in list(self._jobs):
            if self._jobs[k] is result:
                del self._jobs[k]

    def _check_running(self):
        if self._state != "RUN":
            raise ValueError("Pool not running")

    def _new_job(self, result):
        self._job_counter += 1
        self._jobs[self._job_counter] = result
        return self._job_counter

    def _chunks(self, iterable, chunksize):
        items = list(iterable)
        if chunksize is None:
            chunksize, extra = divmod(len(items), self._processes * 4)
            if extra:
                chunksize += 1
        if chunksize < 1:
            chunksize = 1
        return [items[k:k + chunksize] for k in range(0, len(items), chunksize)], len(items)

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        job = self._new_job(result)
        if kwds:
            _process.send(self._tasks, (job, 0, _apply_kw, [(func, tuple(args), kwds)], True))
        else:
            _process.send(self._tasks, (job, 0, func, [tuple(args)], True))
        return result

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def _map_async(self, func, iterable, star, chunksize, callback, error_callback):
        self._check_running()
        chunks, n = self._chunks(iterable, chunksize)
        result = MapResult(self, len(chunks), n, callback, error_callback)
        if chunks:
            job = self._new_job(result)
            for i, chunk in enumerate(chunks):
                _process.send(self._tasks, (job, i, func, chunk, star))
        return result

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, False, chunksize, callback, error_callback)

    def starmap_async(self, func, iterable, chunksize=None, callback=None,
                      error_callback=None):
        return self._map_async(func, iterable, True, chunksize, callback, error_callback)

    def map(self, func, iterable, chunksize=None):
        return self.map_async(func, iterable, chunksize).get()

    def starmap(self, func, iterable, chunksize=None):
        return self.starmap_async(func, iterable, chunksize).get()

    def _imap(self, func, iterable, chunksize, ordered):
        self._check_running()
        stream = _ChunkStream(self, ordered)
        job = self._new_job(stream)
        n = 0
        for x in iterable:
            _process.send(self._tasks, (job, n, func, [x], False))
            n += 1
        stream._total = n
        return stream.results()

    def imap(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, True)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, False)

    def close(self):
        if self._state == "RUN":
            self._state = "CLOSE"
            for _ in self._workers:
                _process.send(self._tasks, None)

    def terminate(self):
        self.close()
        self._state = "TERMINATE"

    def join(self):
        if self._state == "RUN":
            raise ValueError("Pool is still running")
        for w in self._workers:
            w.join()
        _process.send(self._results, None)
        self._handler.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, *exc):
        self.terminate()
        self.join()


def _apply_kw(func, args, kwds):
    return func(*args, **kwds)


def get_context(method=None):
    return _Context()


class _Context:
    """What get_context() returns: this module's API."""

    def __getattr__(self, name):
        return globals_of_module[name]

    def cpu_count(self):
        return cpu_count()


globals_of_module = {"Process": Process, "Queue": Queue, "Pool": Pool, "Pipe": Pipe,
                     "Lock": Lock, "Event": Event, "SimpleQueue": SimpleQueue,
                     "JoinableQueue": JoinableQueue}


def set_start_method(method, force=False):
    pass


def get_start_method(allow_none=False):
    # A child runs the module's code again, as with "spawn" (CPython 3.11
    # on Linux forks by default).
    return "spawn"


def freeze_support():
    pass
