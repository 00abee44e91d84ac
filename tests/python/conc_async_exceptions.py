# An exception in one gathered task propagates to the awaiter; gather(return_exceptions=True) returns it instead.
import asyncio


async def ok(n, delay=0.0):
    await asyncio.sleep(delay)
    return n


async def bad(msg, delay=0.0):
    await asyncio.sleep(delay)
    raise ValueError(msg)


async def main():
    try:
        await asyncio.gather(ok(1), bad("first failure", 0.01), ok(3))
    except ValueError as e:
        print("gather raised:", e)

    results = await asyncio.gather(ok(1), bad("kept"), ok(3), return_exceptions=True)
    print(results)
    print([type(r).__name__ for r in results])

    # The other tasks keep running after the first error propagates.
    slow = asyncio.create_task(ok("slow", 0.2))
    try:
        await asyncio.gather(slow, bad("early", 0.01))
    except ValueError as e:
        print("early error:", e, "slow done yet:", slow.done())
    print("slow still finishes:", await slow)

    task = asyncio.create_task(bad("stored"))
    await asyncio.sleep(0.05)
    print("done:", task.done(), "exception:", repr(task.exception()))
    try:
        task.result()
    except ValueError as e:
        print("result() re-raises:", e)

    try:
        await asyncio.wait_for(bad("inside wait_for"), timeout=1)
    except ValueError as e:
        print("wait_for propagates:", e)

    tasks = [asyncio.create_task(bad(f"e{i}")) if i % 2 else asyncio.create_task(ok(i)) for i in range(4)]
    done, _ = await asyncio.wait(tasks)
    failures = sorted(str(t.exception()) for t in done if t.exception())
    print("failures:", failures)


async def crash():
    await asyncio.sleep(0)
    raise KeyError("not handled")


asyncio.run(main())
try:
    asyncio.run(crash())
except KeyError as e:
    print("asyncio.run re-raised:", repr(e))
