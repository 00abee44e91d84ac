# asyncio synchronisation between tasks: Lock (async with, FIFO hand-off, locked(), errors), Event
# (wait/set/clear/is_set), Semaphore (at most N at once), BoundedSemaphore (over-release is an error).
import asyncio

log = []


async def locked_section(lock, name, hold):
    async with lock:
        log.append(f"{name} in")
        await asyncio.sleep(hold)
        log.append(f"{name} out")


async def limited(sem, name, active, peak):
    async with sem:
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        await asyncio.sleep(0.05)
        active[0] -= 1
    return name


async def waiter(event, name):
    log.append(f"{name} waits")
    await event.wait()
    log.append(f"{name} woke")
    return name


async def main():
    lock = asyncio.Lock()
    print("locked:", lock.locked())
    await asyncio.gather(*(locked_section(lock, f"t{i}", 0.01) for i in range(3)))
    print(log)
    log.clear()
    print(await lock.acquire(), lock.locked())
    t = asyncio.create_task(locked_section(lock, "late", 0))
    await asyncio.sleep(0.05)
    print("late is waiting:", log == [])
    lock.release()
    await t
    print(log, lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)
    # A waiter cancelled while queued does not take the lock.
    await lock.acquire()
    w = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    w.cancel()
    await asyncio.sleep(0)
    lock.release()
    print("after cancelled waiter:", lock.locked(), w.cancelled())
    log.clear()

    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(event, f"w{i}")) for i in range(3)]
    await asyncio.sleep(0.05)
    print(event.is_set(), log)
    event.set()
    print(await asyncio.gather(*tasks), event.is_set())
    print(await event.wait())
    event.clear()
    print(event.is_set())
    try:
        await asyncio.wait_for(event.wait(), 0.01)
    except asyncio.TimeoutError:
        print("event wait timed out")

    sem = asyncio.Semaphore(2)
    active, peak = [0], [0]
    print(await asyncio.gather(*(limited(sem, i, active, peak) for i in range(5))), "peak", peak[0])
    print(sem.locked(), await sem.acquire(), await sem.acquire(), sem.locked())
    sem.release()
    sem.release()
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)

    bsem = asyncio.BoundedSemaphore(1)
    async with bsem:
        print("bounded held:", bsem.locked())
    try:
        bsem.release()
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
