# asyncio.sleep ordering: tasks finish in deadline order; as_completed() and asyncio.wait() see the same.
import asyncio
import time

finished = []


async def nap(name, delay):
    await asyncio.sleep(delay)
    finished.append(name)
    return name


async def main():
    await asyncio.gather(nap("A", 0.03), nap("B", 0.01), nap("C", 0.02))
    print("finish order:", finished)

    order = []
    for coro in asyncio.as_completed([nap("slow", 0.05), nap("fast", 0.01), nap("mid", 0.03)]):
        order.append(await coro)
    print("as_completed:", order)

    tasks = [asyncio.create_task(nap(f"t{i}", 0.01 * i)) for i in range(1, 4)]
    done, pending = await asyncio.wait(tasks)
    print("wait all:", len(done), len(pending), sorted(t.result() for t in done))

    slow = asyncio.create_task(nap("slow2", 0.2))
    fast = asyncio.create_task(nap("fast2", 0.01))
    done, pending = await asyncio.wait({slow, fast}, return_when=asyncio.FIRST_COMPLETED)
    print("first completed:", [t.result() for t in done], len(pending))
    done, pending = await asyncio.wait({slow}, timeout=0.01)
    print("after timeout:", len(done), len(pending))
    slow.cancel()

    # sleep(0) just yields: interleaving of two loops is strict round-robin.
    log = []

    async def stepper(tag):
        for i in range(3):
            log.append(f"{tag}{i}")
            await asyncio.sleep(0)

    await asyncio.gather(stepper("x"), stepper("y"))
    print("round robin:", log)

    start = time.perf_counter()
    await asyncio.gather(*(asyncio.sleep(0.1) for _ in range(10)))
    elapsed = time.perf_counter() - start
    print("ten concurrent sleeps overlap:", 0.1 <= elapsed < 0.5)
    print("sleep returns its result:", await asyncio.sleep(0.001, result="woke"))


asyncio.run(main())
