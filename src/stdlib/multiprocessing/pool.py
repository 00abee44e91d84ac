"""multiprocessing.pool (gilsim): Pool, and the results of its calls.

Built as CPython's: worker processes read tasks from one channel and post
results on another, which a result-handler thread in the parent hands to
the waiting AsyncResult objects.
"""

import _process
import threading

from . import get_context, TimeoutError

__all__ = ["Pool"]


def worker(tasks, results, initializer, initargs):
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
                 maxtasksperchild=None, context=None):
        self._ctx = context or get_context()
        if processes is None:
            processes = _process.cpu_count()
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
            w = self._ctx.Process(target=worker,
                                  args=(self._tasks, self._results,
                                        initializer, initargs))
            w.name = w.name.replace("Process", "PoolWorker")
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
