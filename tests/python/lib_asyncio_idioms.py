# asyncio idioms: gather, create_task, an asyncio.Queue pipeline, wait_for timeout, timeout(), Lock, Semaphore, to_thread, run_in_executor.
import asyncio
import time

async def fetch(i, delay):
    await asyncio.sleep(delay)
    return f"page{i}"

async def producer(q, n):
    for i in range(n):
        await q.put(i)
    await q.put(None)

async def consumer(q, out):
    while True:
        item = await q.get()
        if item is None:
            break
        out.append(item * 10)

async def main():
    t0 = time.perf_counter()
    pages = await asyncio.gather(*(fetch(i, 0.1) for i in range(5)))
    print(pages, time.perf_counter() - t0 < 0.3)
    task = asyncio.create_task(fetch(9, 0.05))
    print(await task)
    q = asyncio.Queue()
    out = []
    await asyncio.gather(producer(q, 5), consumer(q, out))
    print(out)
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=0.05)
    except asyncio.TimeoutError:
        print("timeout")
    async with asyncio.timeout(0.05) if hasattr(asyncio, "timeout") else asyncio.Lock():
        await asyncio.sleep(0)
    lock = asyncio.Lock()
    async with lock:
        print("locked", lock.locked())
    sem = asyncio.Semaphore(2)
    async def limited(i):
        async with sem:
            await asyncio.sleep(0.01)
            return i
    print(await asyncio.gather(*[limited(i) for i in range(4)]))
    r = await asyncio.to_thread(sum, [1, 2, 3])
    print(r)
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, max, [4, 7]))

asyncio.run(main())
