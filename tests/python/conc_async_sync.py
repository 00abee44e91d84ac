# asyncio.Lock, Event and Semaphore: exact counter under a lock, waiters released by set(), bounded concurrency.
import asyncio


async def main():
    lock = asyncio.Lock()
    counter = {"n": 0}

    async def increment(times):
        for _ in range(times):
            async with lock:
                value = counter["n"]
                await asyncio.sleep(0)
                counter["n"] = value + 1

    await asyncio.gather(*(increment(50) for _ in range(4)))
    print("counter:", counter["n"])
    print("locked outside:", lock.locked())
    await lock.acquire()
    print("locked after acquire:", lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)

    event = asyncio.Event()
    woke = []

    async def waiter(i):
        await event.wait()
        woke.append(i)

    tasks = [asyncio.create_task(waiter(i)) for i in range(4)]
    await asyncio.sleep(0.05)
    print("before set:", woke, event.is_set())
    event.set()
    await asyncio.gather(*tasks)
    print("after set:", sorted(woke), event.is_set())
    event.clear()
    print("after clear:", event.is_set())

    sem = asyncio.Semaphore(2)
    state = {"active": 0, "peak": 0}

    async def limited(i):
        async with sem:
            state["active"] += 1
            state["peak"] = max(state["peak"], state["active"])
            await asyncio.sleep(0.05)
            state["active"] -= 1
            return i * 10

    print(await asyncio.gather(*(limited(i) for i in range(6))))
    print("peak:", state["peak"], "locked now:", sem.locked())

    bsem = asyncio.BoundedSemaphore(1)
    await bsem.acquire()
    bsem.release()
    try:
        bsem.release()
    except ValueError as e:
        print("ValueError:", e)

    cond = asyncio.Condition()
    ready = []

    async def consumer():
        async with cond:
            await cond.wait_for(lambda: len(ready) >= 3)
            return list(ready)

    c = asyncio.create_task(consumer())
    for i in range(3):
        await asyncio.sleep(0)
        async with cond:
            ready.append(i)
            cond.notify_all()
    print("condition:", await c)


asyncio.run(main())
