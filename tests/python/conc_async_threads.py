# asyncio.to_thread() and loop.run_in_executor() run blocking functions off the event loop.
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def blocking_io(seconds, label):
    time.sleep(seconds)
    return f"{label} done in thread: {threading.current_thread() is not threading.main_thread()}"


def cpu_sum(n):
    return sum(i * i for i in range(n))


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(
        asyncio.to_thread(blocking_io, 0.1, "a"),
        asyncio.to_thread(blocking_io, 0.1, "b"),
        asyncio.to_thread(blocking_io, 0.1, "c"),
        asyncio.to_thread(blocking_io, 0.1, "d"),
    )
    elapsed = time.perf_counter() - start
    for r in results:
        print(r)
    print("threads overlapped:", 0.1 <= elapsed < 0.35)

    print("to_thread kwargs:", await asyncio.to_thread(blocking_io, 0.001, label="kw"))

    loop = asyncio.get_running_loop()
    print("default executor:", await loop.run_in_executor(None, cpu_sum, 1000))
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [loop.run_in_executor(pool, cpu_sum, n) for n in (10, 100, 1000)]
        print("custom executor:", await asyncio.gather(*futures))

    # The loop keeps running coroutines while a thread blocks.
    ticks = []

    async def ticker():
        for i in range(3):
            ticks.append(i)
            await asyncio.sleep(0.05)

    await asyncio.gather(asyncio.to_thread(time.sleep, 0.1), ticker())
    print("ticks while thread slept:", ticks)

    def fails():
        raise ValueError("from a thread")

    try:
        await asyncio.to_thread(fails)
    except ValueError as e:
        print("exception crosses back:", e)

    print("loop thread is main:", threading.current_thread() is threading.main_thread())


asyncio.run(main())
