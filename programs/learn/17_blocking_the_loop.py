"""17 — Blocking the event loop: one bad coroutine stalls all the others.

Shows: asyncio is cooperative. The loop can run another task only when
the running one awaits. A ticker task should log a tick every 10 ms
while a "download" runs beside it:
  1. the download awaits asyncio.sleep(0.3): the loop runs the ticker
     meanwhile, and its 4 ticks come before the download ends;
  2. the download calls time.sleep(0.3) instead: a blocking call. It
     releases the GIL (another *thread* could run), but the loop's only
     thread is stuck in it, so no task runs: the ticks all come after;
  3. a coroutine that computes for a while without awaiting (CPU-bound)
     holds the loop the same way: the ticker waits until it is done.
The order in the log does not depend on the machine's speed: the ticker
simply cannot run until the blocking coroutine returns to the loop.
The fixes: await the asyncio version of a wait (part 1); move a blocking
call or a computation off the loop's thread (18 does it with
asyncio.to_thread); for CPU-bound work a process is better (12).

Run:  python3 programs/learn/17_blocking_the_loop.py
      gilsim run programs/learn/17_blocking_the_loop.py --format text
      gilsim run programs/learn/17_blocking_the_loop.py --format none --trace loop.json
      gilsim plot timeline loop.json -o loop.svg
In the table: one thread. Its "io ops" is 1 — the time.sleep of part 2,
300 ms in which the loop could do nothing ("io ms") — while the waits
the loop made for its tasks' timers are counted under "blocked in" as
"event loop select". In the timeline (one row: one thread): part 1 is
grey, the loop waiting for the next timer with the GIL free; part 2 a
blue 300 ms bar of IO, the time.sleep; part 3 a green bar, the main
thread running the computation with the GIL held; the ticks follow.
Set SHOW_TIMES = True to print how late the latest tick came.
"""
import asyncio
import time

SHOW_TIMES = False
TICK = 0.01


async def ticker(log, lateness):
    for i in range(1, 5):
        due = time.perf_counter() + TICK
        await asyncio.sleep(TICK)
        lateness.append(time.perf_counter() - due)
        log.append(f"tick{i}")


async def polite_download(log):
    await asyncio.sleep(0.3)  # the loop runs other tasks meanwhile
    log.append("DOWNLOADED")


async def blocking_download(log):
    time.sleep(0.3)  # blocks the loop's thread: nothing else runs
    log.append("DOWNLOADED")


async def crunch(log):
    total = 0
    for i in range(300_000):  # no await inside: the loop cannot switch
        total += i % 7
    log.append(f"CRUNCHED {total}")


async def main():
    for number, job in enumerate([polite_download, blocking_download, crunch], 1):
        log = []
        lateness = []  # how late each tick came, in seconds
        await asyncio.gather(ticker(log, lateness), job(log))
        print(f"{number}. {job.__name__ + ':':19} {' '.join(log)}")
        if SHOW_TIMES:
            print(f"   the latest tick came {1000 * max(lateness):.0f} ms late")


asyncio.run(main())
