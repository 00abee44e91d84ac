"""18 — asyncio with threads and processes: blocking work off the loop.

Shows: what to do with a call that blocks and has no async version (an
old library, a file read): run it on a thread, and await its result.
  1. asyncio.to_thread(f, *args) runs f on a worker thread of the loop's
     default thread pool. The call blocks that thread, not the loop: the
     ticker beside it keeps ticking (compare part 2 of 17);
  2. several blocking calls at once: 5 reads of 100 ms each on 5 threads
     overlap, as the threads of 02 did, and gather() gives the results in
     the order asked;
  3. loop.run_in_executor(pool, f, *args) does the same with a pool of
     your own: a ThreadPoolExecutor with 2 workers runs 4 reads two at a
     time. An exception in f comes back through the await.
  4. a thread does not help CPU-bound work: the loop's thread and the
     worker thread share one GIL. The ticker still gets its 4 ticks, but
     each time it wakes it must wait for the GIL, which the computing
     thread gives up only every 5 ms switch interval (the convoy of 09).
  5. CPU-bound work belongs in a process (12): run_in_executor with a
     ProcessPoolExecutor runs the same computation in a worker process,
     under that process's own GIL, and the loop's thread is left alone.

Run:  python3 programs/learn/18_asyncio_and_threads.py
      gilsim run programs/learn/18_asyncio_and_threads.py --format text
      gilsim run programs/learn/18_asyncio_and_threads.py --engine virtual --format text
In the table: the loop's thread (main-0) and the pool's workers
("asyncio_0", ...; "reader_0", "reader_1" for part 3), whose "io ops"
are the reads. In part 4 the worker thread computes; the main thread's
"wait ms" (GIL waits) comes from it, as do the drops ("drops") in the
worker's row: the switch interval asking it to let the loop run. In
part 5 the computation is in the row of a process ("process-1"), which
waits for no GIL but its own.
Set SHOW_TIMES = True to print how late the ticks of parts 4 and 5 came.
"""
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

SHOW_TIMES = False
TICK = 0.01


def blocking_read(name, secs=0.1):
    # No async version of this call: it blocks its thread (GIL released).
    time.sleep(secs)
    if name.endswith(".bad"):
        raise OSError(f"cannot read {name}")
    return len(name) * 100


def crunch(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


async def ticker(log, lateness=None):
    for i in range(1, 5):
        due = time.perf_counter() + TICK
        await asyncio.sleep(TICK)
        if lateness is not None:
            lateness.append(time.perf_counter() - due)
        log.append(f"tick{i}")


async def read_logged(name, log):
    size = await asyncio.to_thread(blocking_read, name)
    log.append(f"READ {size}")


async def main():
    log = []
    await asyncio.gather(read_logged("report.csv", log), ticker(log))
    print("1. to_thread:", " ".join(log))

    names = [f"part{i}.csv" for i in range(5)]
    sizes = await asyncio.gather(*(asyncio.to_thread(blocking_read, name) for name in names))
    print("2. five reads at once:", sizes)

    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="reader") as pool:
        jobs = [loop.run_in_executor(pool, blocking_read, name, 0.05) for name in names[:4]]
        print("3. run_in_executor:", await asyncio.gather(*jobs))
        try:
            await loop.run_in_executor(pool, blocking_read, "broken.bad", 0.01)
        except OSError as e:
            print("   the error came back through await:", e)

    log = []
    lateness = []
    total, _ = await asyncio.gather(asyncio.to_thread(crunch, 1_000_000), ticker(log, lateness))
    print(f"4. CPU-bound on a thread:  result {total}, {len(log)} ticks beside it")
    if SHOW_TIMES:
        print(f"   the ticks came up to {1000 * max(lateness):.1f} ms late")

    log = []
    lateness = []
    with ProcessPoolExecutor(max_workers=1) as processes:
        job = loop.run_in_executor(processes, crunch, 1_000_000)
        total, _ = await asyncio.gather(job, ticker(log, lateness))
    print(f"5. CPU-bound in a process: result {total}, {len(log)} ticks beside it")
    if SHOW_TIMES:
        print(f"   the ticks came up to {1000 * max(lateness):.1f} ms late")


if __name__ == "__main__":  # a process pool may import this file again (12)
    asyncio.run(main())
