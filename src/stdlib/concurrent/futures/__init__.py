"""concurrent.futures (gilsim): futures, wait/as_completed, executors.

As CPython's Lib/concurrent/futures, a package: _base (Future, Executor,
wait, as_completed), thread (ThreadPoolExecutor), process
(ProcessPoolExecutor) and, as in Python 3.14, interpreter
(InterpreterPoolExecutor). CPython imports the executors' modules on
first use of their names (a module __getattr__); here they are imported
with the package.
"""

from concurrent.futures._base import (FIRST_COMPLETED,
                                      FIRST_EXCEPTION,
                                      ALL_COMPLETED,
                                      CancelledError,
                                      TimeoutError,
                                      InvalidStateError,
                                      BrokenExecutor,
                                      Future,
                                      Executor,
                                      wait,
                                      as_completed)
from .thread import ThreadPoolExecutor
from .process import ProcessPoolExecutor
from .interpreter import InterpreterPoolExecutor

__all__ = (
    "FIRST_COMPLETED",
    "FIRST_EXCEPTION",
    "ALL_COMPLETED",
    "CancelledError",
    "TimeoutError",
    "BrokenExecutor",
    "Future",
    "Executor",
    "wait",
    "as_completed",
    "ProcessPoolExecutor",
    "ThreadPoolExecutor",
    "InterpreterPoolExecutor",
)
