"""16 — asyncio: many waits on one thread.

Shows: the note's *Асинхронность* — cooperative multitasking inside one
process and one thread. An event loop runs coroutines; a coroutine runs
until it awaits something that is not ready (here asyncio.sleep, which
stands in for a network read), and the loop then runs another one. No
thread switches, no GIL contention: there is only one thread.
  1. calling an `async def` function runs nothing: it makes a coroutine
     object; `await` runs it and gives its result;
  2. awaiting coroutines one after another runs them one after another:
     A's wait and B's wait add up;
  3. asyncio.create_task() schedules a coroutine as a task; it starts at
     main's next await, and the tasks' waits overlap;
  4. asyncio.gather() runs 1000 coroutines that each wait 0.1 s: all of
     them finish in about 0.1 s, not 100 s, and the results come back in
     the order the coroutines were given.

Run:  python3 programs/learn/16_asyncio_basics.py
      gilsim run programs/learn/16_asyncio_basics.py --format text
      gilsim run programs/learn/16_asyncio_basics.py --engine virtual --format text
The table has one row: the whole program, 1000 coroutines included, ran
on one thread, which never waited for the GIL. While every coroutine
sleeps, the loop waits for the next timer with the GIL released ("event
loop select" under "blocked in").
Set SHOW_TIMES = True to print how long the gather took: about 0.1 s
under CPython and under --engine virtual (gilsim's real engine, slower
than CPython at creating 1000 tasks, takes longer).
"""
import asyncio
import time

SHOW_TIMES = False
COROUTINES = 1000


async def fetch(i, delay):
    await asyncio.sleep(delay)  # the coroutine is parked; the loop runs others
    return i * 2


async def greet(name, delay, log):
    log.append(f"{name} starts")
    await asyncio.sleep(delay)
    log.append(f"{name} ends")
    return name.lower()


async def main():
    coro = fetch(21, 0)
    print(f"1. fetch(21, 0) is a {type(coro).__name__}: nothing ran yet")
    print(f"   await gives {await coro}")

    log = []
    await greet("A", 0.1, log)
    await greet("B", 0.05, log)
    print("2. awaited in turn:", ", ".join(log))

    log = []
    a = asyncio.create_task(greet("A", 0.1, log))
    b = asyncio.create_task(greet("B", 0.05, log))
    log.append("main goes on")
    results = [await a, await b]
    print("3. two tasks:      ", ", ".join(log), "->", results)

    t0 = time.perf_counter()
    doubled = await asyncio.gather(*(fetch(i, 0.1) for i in range(COROUTINES)))
    took = time.perf_counter() - t0
    print(f"4. gather: {len(doubled)} results, first {doubled[:4]}, last {doubled[-1]}")
    if SHOW_TIMES:
        print(f"   {COROUTINES} waits of 0.1 s took {took:.3f} s together")


asyncio.run(main())
