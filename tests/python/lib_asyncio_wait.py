# asyncio waiting with limits: wait() (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, timeout),
# wait_for() (result in time, TimeoutError and the inner task cancelled), asyncio.timeout() (3.11's
# async context manager, nested, rescheduled), as_completed() (finishing order, timeout).
import asyncio


async def job(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"  {name} cancelled")
        raise
    if fail:
        raise ValueError(name)
    return name


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    ts = [asyncio.create_task(job(f"j{i}", 0.03 * (i + 1)), name=f"j{i}") for i in range(4)]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print("first completed:", names(done), names(pending))
    # Until 75 ms after the start: j0 (30 ms) and j1 (60 ms) are done.
    done, pending = await asyncio.wait(ts, timeout=start + 0.075 - loop.time())
    print("timeout:", names(done), names(pending))
    done, pending = await asyncio.wait(ts)
    print("all:", names(done), pending)

    ts = [asyncio.create_task(job("ok", 0.01), name="ok"),
          asyncio.create_task(job("bad", 0.02, fail=True), name="bad"),
          asyncio.create_task(job("slow", 0.05), name="slow")]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print("first exception:", names(done), names(pending))
    for t in pending:
        t.cancel()
    await asyncio.wait(pending)
    print([t.cancelled() for t in ts])
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("ValueError:", e)
    try:
        await asyncio.wait(ts, return_when="SOMETIMES")
    except ValueError as e:
        print("ValueError:", e)

    print(await asyncio.wait_for(job("quick", 0.01), timeout=1))
    print(await asyncio.wait_for(job("no limit", 0), timeout=None))
    try:
        await asyncio.wait_for(job("too slow", 1), timeout=0.02)
    except asyncio.TimeoutError as e:
        print("wait_for timed out:", type(e).__name__, isinstance(e, TimeoutError))
    t = asyncio.create_task(job("zero", 1))
    try:
        await asyncio.wait_for(t, 0)
    except TimeoutError:
        print("timeout 0:", t.cancelled())

    async with asyncio.timeout(1) as cm:
        r = await job("inside", 0.01)
    print("timeout not hit:", r, cm.expired())
    try:
        async with asyncio.timeout(0.02) as cm:
            await job("block", 1)
            print("not reached")
    except TimeoutError:
        print("timeout hit:", cm.expired())
    try:
        async with asyncio.timeout(0.05):
            try:
                async with asyncio.timeout(0.01):
                    await asyncio.sleep(1)
            except TimeoutError:
                print("inner timeout")
            await asyncio.sleep(1)
    except TimeoutError:
        print("outer timeout")
    async with asyncio.timeout(None) as cm:
        print("when:", cm.when())
        cm.reschedule(asyncio.get_running_loop().time() + 0.01)
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("cancelled inside, converted at exit")
            raise
    print("never printed")


async def with_as_completed():
    coros = [job("a", 0.03), job("b", 0.01), job("c", 0.02)]
    for fut in asyncio.as_completed(coros):
        print("as_completed:", await fut)
    try:
        for fut in asyncio.as_completed([job("d", 0.01), job("e", 1)], timeout=0.03):
            print("got", await fut)
    except asyncio.TimeoutError:
        print("as_completed timed out")


try:
    asyncio.run(main())
except TimeoutError:
    print("rescheduled timeout fired")
asyncio.run(with_as_completed())
