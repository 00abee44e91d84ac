# Library classes carry the qualified names CPython's show: asyncio,
# concurrent.futures and multiprocessing are packages of submodules
# (asyncio.queues.Queue, concurrent.futures._base.Future), and a program
# ends with an uncaught library exception named after its submodule.
import asyncio
import concurrent.futures
import multiprocessing
import multiprocessing.pool
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

print(asyncio.Queue, asyncio.PriorityQueue, asyncio.LifoQueue)
print(asyncio.QueueEmpty, asyncio.QueueFull)
print(asyncio.Lock, asyncio.Event, asyncio.Condition)
print(asyncio.Semaphore, asyncio.BoundedSemaphore)
print(asyncio.Future, asyncio.Task)
print(asyncio.CancelledError, asyncio.InvalidStateError, asyncio.TimeoutError)
print(asyncio.Handle, asyncio.TimerHandle, asyncio.AbstractEventLoop)
print(asyncio.BaseEventLoop, asyncio.SelectorEventLoop, asyncio.Timeout)
loop = asyncio.new_event_loop()
print(type(loop), loop)
loop.close()
print(asyncio.CancelledError.__module__, asyncio.Queue.__module__)
print(asyncio.sleep.__qualname__, asyncio.run.__qualname__, asyncio.gather.__name__)

cf = concurrent.futures
print(cf.Future, cf.Executor, cf.ThreadPoolExecutor, cf.ProcessPoolExecutor)
print(cf.CancelledError, cf.InvalidStateError, cf.BrokenExecutor, cf.TimeoutError)
print(type(cf.Future()), ThreadPoolExecutor is cf.thread.ThreadPoolExecutor)
print(cf.thread.BrokenThreadPool, cf._base.Future is cf.Future)
with ThreadPoolExecutor(max_workers=1) as pool:
    print(type(pool.submit(abs, -1)))
print(cf.wait([]))

print(multiprocessing.Process, multiprocessing.ProcessError)
print(multiprocessing.TimeoutError, multiprocessing.AuthenticationError)
print(multiprocessing.current_process())
print(type(multiprocessing.current_process()))
q = multiprocessing.Queue()
print(type(q), type(multiprocessing.JoinableQueue()), type(multiprocessing.SimpleQueue()))
a, b = multiprocessing.Pipe()
print(type(a), type(multiprocessing.Event()), type(multiprocessing.RLock()))
print(type(multiprocessing.Value("i", 1)), type(multiprocessing.Array("i", 3)))
print(multiprocessing.pool.Pool)
spawn = multiprocessing.get_context("spawn")
print(type(spawn), spawn.Process, spawn.get_start_method())

print(threading.Thread, threading.Event, threading.Condition, threading.Barrier)
print(queue.Queue, queue.Empty, queue.Full)


async def main():
    task = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0)
    print(type(task))
    task.cancel()
    await task


asyncio.run(main())
