"""asyncio (gilsim): an event loop, futures, tasks and their helpers.

As CPython's Lib/asyncio, a package written in Python, laid out as
CPython's: events (callbacks, the running loop), base_events (the loop),
unix_events (the platform's loop class), futures, tasks, locks, queues,
timeouts, threads (to_thread), runners (run), exceptions, coroutines.
How the loop waits is told in base_events.

Follows CPython 3.11. Not provided: contextvars (context= is accepted and
ignored), sockets, streams, subprocesses, signals, TaskGroup, Runner,
event loop policies, async generator shutdown, "Task exception was never
retrieved".
"""

import sys

# Each submodule names what it exports in its __all__.
from .base_events import *
from .coroutines import *
from .events import *
from .exceptions import *
from .futures import *
from .locks import *
from .runners import *
from .queues import *
from .tasks import *
from .timeouts import *
from .threads import *
from .unix_events import *

__all__ = (base_events.__all__ +
           coroutines.__all__ +
           events.__all__ +
           exceptions.__all__ +
           futures.__all__ +
           locks.__all__ +
           runners.__all__ +
           queues.__all__ +
           tasks.__all__ +
           threads.__all__ +
           timeouts.__all__ +
           unix_events.__all__)
