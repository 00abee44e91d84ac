"""concurrent.futures.thread (gilsim): ThreadPoolExecutor.

As CPython's: the executor starts threading.Thread workers on demand, up
to max_workers, that take work items from a queue.SimpleQueue. At the
interpreter's exit (threading._shutdown) an exit callback wakes idle
workers with None so they end once the queued work is done.

Differences from CPython: no weakref, so a worker holds its executor and
an executor dropped without shutdown() keeps its idle workers until the
program ends; log messages (a failing initializer or worker) are printed
to stderr instead of going through logging.
"""

import threading
import queue
import _process

from concurrent.futures import _base

# Every worker thread and its executor's queue, for the exit callback.
_threads_queues = {}
_shutdown = False
# Held while submitting, so no work is queued once the exit callback ran.
_global_shutdown_lock = threading.Lock()


def _python_exit():
    # At the interpreter's exit, before non-daemon threads are joined:
    # wake every worker with None; a worker that gets it after the work
    # queued before it ends (and passes a None on to the next).
    global _shutdown
    with _global_shutdown_lock:
        _shutdown = True
    items = list(_threads_queues.items())
    for t, q in items:
        q.put(None)
    for t, q in items:
        t.join()


threading._register_atexit(_python_exit)


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


def _worker(executor, work_queue, initializer, initargs):
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException as e:
            _base._log("Exception in initializer:", e)
            executor._initializer_failed()
            return
    try:
        while True:
            work_item = work_queue.get(block=True)
            if work_item is not None:
                work_item.run()
                del work_item
                # This worker is idle again: a submit may use it instead
                # of starting a thread.
                executor._idle_semaphore.release()
                continue
            # None: the executor or the interpreter is shutting down (or,
            # in CPython, the executor was collected). Pass the wake-up on
            # to the next worker and end.
            if _shutdown or executor._shutdown:
                executor._shutdown = True
                work_queue.put(None)
                return
    except BaseException as e:
        _base._log("Exception in worker", e)


class BrokenThreadPool(_base.BrokenExecutor):
    """A worker's initializer failed: the pool runs no more calls."""


_pool_counter = 0


def _next_pool_number():
    global _pool_counter
    n = _pool_counter
    _pool_counter += 1
    return n


class ThreadPoolExecutor(_base.Executor):
    """Runs calls on a pool of at most max_workers threads."""

    def __init__(self, max_workers=None, thread_name_prefix="",
                 initializer=None, initargs=()):
        if max_workers is None:
            # As CPython: min(32, os.cpu_count() + 4).
            max_workers = min(32, _process.cpu_count() + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = set()
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = (thread_name_prefix or
                                    ("ThreadPoolExecutor-%d" % _next_pool_number()))
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        """Schedule fn(*args, **kwargs) on a worker; returns its Future."""
        with self._shutdown_lock, _global_shutdown_lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if _shutdown:
                raise RuntimeError("cannot schedule new futures after "
                                   "interpreter shutdown")
            f = _base.Future()
            w = _WorkItem(f, fn, args, kwargs)
            self._work_queue.put(w)
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        # An idle worker will take the item: no new thread.
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = "%s_%d" % (self._thread_name_prefix or self, num_threads)
            t = threading.Thread(name=thread_name, target=self._worker_function(),
                                 args=(self, self._work_queue,
                                       self._initializer, self._initargs))
            t.start()
            self._threads.add(t)
            _threads_queues[t] = self._work_queue

    def _worker_function(self):
        return _worker

    def _initializer_failed(self):
        with self._shutdown_lock:
            self._broken = ("A thread initializer failed, the thread pool "
                            "is not usable anymore")
            # Fail the calls not started.
            while True:
                try:
                    work_item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if work_item is not None:
                    work_item.future.set_exception(BrokenThreadPool(self._broken))

    def shutdown(self, wait=True, *, cancel_futures=False):
        """No more submits; workers end once the queued calls are done
        (cancel_futures cancels those not started); with wait, return
        when every worker has ended."""
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()
            # A None wakes a worker, which passes it on to the next.
            self._work_queue.put(None)
        if wait:
            for t in list(self._threads):
                t.join()
