"""concurrent.futures.process (gilsim): ProcessPoolExecutor, on a
multiprocessing.Pool (processes are interpreters of their own, see
multiprocessing)."""

import threading
import _process

from concurrent.futures import _base

class ProcessPoolExecutor(_base.Executor):
    """Runs calls on a pool of at most max_workers processes (each its own
    interpreter and GIL): built on a multiprocessing.Pool, whose result
    handler thread completes the futures. Functions and arguments cross
    pickled, so fn must be a module-level function."""

    def __init__(self, max_workers=None, mp_context=None, initializer=None,
                 initargs=(), *, max_tasks_per_child=None):
        import multiprocessing
        if max_workers is None:
            max_workers = _process.cpu_count()
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._max_workers = max_workers
        self._pool = multiprocessing.Pool(max_workers, initializer, initargs)
        self._shutdown_lock = threading.Lock()
        self._shutdown = False
        self._pending = set()

    def submit(self, fn, /, *args, **kwargs):
        """Schedule fn(*args, **kwargs) in a worker process."""
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            f = _base.Future()
            f.set_running_or_notify_cancel()
            self._pending.add(f)

            def done(value):
                self._pending.discard(f)
                f.set_result(value)

            def failed(exc):
                self._pending.discard(f)
                f.set_exception(exc)

            self._pool.apply_async(fn, args, kwargs, callback=done,
                                   error_callback=failed)
            return f

    def shutdown(self, wait=True, *, cancel_futures=False):
        """No more submits; with wait, return once the calls are done and
        the worker processes have ended."""
        with self._shutdown_lock:
            if self._shutdown:
                return
            self._shutdown = True
        if wait:
            for f in list(self._pending):
                f.exception()
        self._pool.close()
        if wait:
            self._pool.join()
