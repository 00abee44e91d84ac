# Import forms over gilsim's library packages: a submodule imported by
# its dotted name (its package's __init__ runs first and binds it),
# `from package import submodule`, `import a.b as c`, `from m import *`
# (a package's __all__, a module without one: its public names), and a
# relative import in a program, which has no package (ImportError).
import asyncio.tasks
import concurrent.futures.thread as cft
from concurrent.futures import _base, thread
from multiprocessing import pool as mp_pool

print(asyncio.tasks.sleep is asyncio.sleep, asyncio.queues.Queue is asyncio.Queue)
print(cft is thread, cft.ThreadPoolExecutor.__name__, _base.Future.__name__)
print(mp_pool.Pool.__qualname__, asyncio.events.get_event_loop.__name__)

from asyncio import *
print(Queue, CancelledError.__name__, sleep.__name__, iscoroutinefunction(sleep))
print(TimeoutError is asyncio.TimeoutError, "run" in asyncio.__all__, "Queue" in asyncio.__all__)

from concurrent.futures import *
print(ThreadPoolExecutor.__name__, FIRST_COMPLETED, wait.__name__)

from heapq import *
h = []
heappush(h, 3)
heappush(h, 1)
print(heappop(h), heappop(h))

from math import *
print(sqrt(16.0), floor(2.5))

try:
    from . import helpers
except ImportError as e:
    print("ImportError:", e)
try:
    from .. import helpers
except ImportError as e:
    print("ImportError:", e)


def uses_star_names():
    return Lock.__name__, wait_for.__name__


print(uses_star_names())
