"""multiprocessing (gilsim): processes, their queues and pools.

As CPython's Lib/multiprocessing, a package written in Python (over the
_process primitives) and laid out as CPython's: process (BaseProcess, the
current process), context (Process, the errors, the contexts whose
methods are this module's functions), spawn (a child's bootstrap),
queues, connection (Pipe), synchronize (Lock, RLock, Event), sharedctypes
(Value, Array) and pool (Pool).

A process is a separate interpreter -- its own globals and its own GIL,
so processes run bytecode in parallel -- that runs the program's module
code again (silently, with __name__ == "__mp_main__"), then the target.
Everything crossing between processes is pickled: functions and classes
by name, values copied, so a global a child changes is never seen by the
parent.
"""

from . import context

# The default context's attributes are the module's, as in CPython (which
# copies them all from dir(); they are named here).
_default_context = context._default_context

Process = _default_context.Process
current_process = _default_context.current_process
parent_process = _default_context.parent_process
active_children = _default_context.active_children
ProcessError = _default_context.ProcessError
BufferTooShort = _default_context.BufferTooShort
TimeoutError = _default_context.TimeoutError
AuthenticationError = _default_context.AuthenticationError
cpu_count = _default_context.cpu_count
Pipe = _default_context.Pipe
Lock = _default_context.Lock
RLock = _default_context.RLock
Event = _default_context.Event
Queue = _default_context.Queue
JoinableQueue = _default_context.JoinableQueue
SimpleQueue = _default_context.SimpleQueue
Pool = _default_context.Pool
Value = _default_context.Value
Array = _default_context.Array
freeze_support = _default_context.freeze_support
get_context = _default_context.get_context
get_start_method = _default_context.get_start_method
set_start_method = _default_context.set_start_method
get_all_start_methods = _default_context.get_all_start_methods

__all__ = ["Process", "current_process", "parent_process",
           "active_children", "ProcessError", "BufferTooShort",
           "TimeoutError", "AuthenticationError", "cpu_count", "Pipe",
           "Lock", "RLock", "Event", "Queue", "JoinableQueue",
           "SimpleQueue", "Pool", "Value", "Array", "freeze_support",
           "get_context", "get_start_method", "set_start_method",
           "get_all_start_methods"]

# A value crosses to another process pickled, its class named by the
# global it is bound to; the receiver finds that global only in a module
# it imported. CPython's unpickler imports the module; here every module
# whose classes cross is imported with the package.
from . import connection, pool, queues, sharedctypes, synchronize

# The bootstrap gilsim's engines call in a child (multiprocessing._child_main).
from .spawn import _child_main
