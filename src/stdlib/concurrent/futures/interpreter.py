"""concurrent.futures.interpreter (gilsim): InterpreterPoolExecutor, as in
Python 3.14: a ThreadPoolExecutor whose every worker thread makes an
interpreter of its own (concurrent.interpreters) and runs each call in it.
"""

import _process

from concurrent.futures import _base
from concurrent.futures import thread

def _interp_worker(executor, work_queue, initializer, initargs):
    # A worker of an InterpreterPoolExecutor: _worker's loop, each call
    # run in the worker's own interpreter.
    import concurrent.interpreters as interpreters
    interp = interpreters.create()
    if initializer is not None:
        try:
            interp.call(initializer, *initargs)
        except BaseException as e:
            _base._log("Exception in initializer:", e)
            executor._initializer_failed()
            interp.close()
            return
    while True:
        work_item = work_queue.get(block=True)
        if work_item is not None:
            _run_in_interpreter(interp, work_item)
            del work_item
            executor._idle_semaphore.release()
            continue
        if thread._shutdown or executor._shutdown:
            executor._shutdown = True
            work_queue.put(None)
            interp.close()
            return


def _run_in_interpreter(interp, work_item):
    import concurrent.interpreters as interpreters
    future = work_item.future
    if not future.set_running_or_notify_cancel():
        return
    try:
        result = interp.call(work_item.fn, *work_item.args, **work_item.kwargs)
    except interpreters.ExecutionFailed as failed:
        # As CPython: the exception itself (a copy) if it could cross,
        # with the ExecutionFailed summary as its __cause__.
        exc = failed
        if failed._copy is not None:
            try:
                exc = _process.loads(failed._copy)
                exc.__cause__ = failed
            except BaseException:
                exc = failed
        future.set_exception(exc)
    except BaseException as e:
        future.set_exception(e)
    else:
        future.set_result(result)


class InterpreterPoolExecutor(thread.ThreadPoolExecutor):
    """Runs calls on a pool of at most max_workers threads, each with an
    interpreter of its own (its own GIL and globals): CPU-bound calls run
    in parallel. Functions, arguments and results cross by copy (pickle),
    so fn must be a module-level function."""

    def __init__(self, max_workers=None, thread_name_prefix="",
                 initializer=None, initargs=()):
        thread.ThreadPoolExecutor.__init__(
            self, max_workers, thread_name_prefix or
            ("InterpreterPoolExecutor-%d" % thread._next_pool_number()),
            initializer, initargs)

    def _worker_function(self):
        return _interp_worker
