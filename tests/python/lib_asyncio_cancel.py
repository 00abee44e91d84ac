# asyncio cancellation: task.cancel() throws CancelledError into the coroutine at its await; finally
# blocks run; a coroutine may catch it and go on; cancelled(); cancel messages; awaiting a cancelled task
# raises CancelledError (a BaseException); cancelling gather cancels its children; shield.
import asyncio

log = []


async def worker(name, delay):
    try:
        await asyncio.sleep(delay)
        log.append(f"{name} finished")
        return name
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise
    finally:
        log.append(f"{name} cleanup")


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        log.append("stubborn caught it")
    await asyncio.sleep(0.05)
    return "stubborn survived"


async def main():
    t = asyncio.create_task(worker("w1", 1))
    await asyncio.sleep(0.05)
    print("cancel:", t.cancel(), "cancelling:", t.cancelling(), "done:", t.done())
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaiting it raised", type(e).__name__, e.args)
    print(t.cancelled(), t.done(), t.cancel())
    try:
        t.result()
    except asyncio.CancelledError:
        print("result() raises CancelledError too")
    print(isinstance(asyncio.CancelledError(), Exception), isinstance(asyncio.CancelledError(), BaseException))

    # Cancelled before it ever ran: the coroutine body does not run.
    t = asyncio.create_task(worker("w2", 0))
    t.cancel("stop now")
    try:
        await t
    except asyncio.CancelledError as e:
        print("never started:", e.args, t.cancelled())

    # A message travels with the cancellation.
    t = asyncio.create_task(worker("w3", 1))
    await asyncio.sleep(0)
    t.cancel("because")
    try:
        await t
    except asyncio.CancelledError as e:
        print("message:", e.args)

    # The coroutine may swallow the cancellation.
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.05)
    t.cancel()
    print(await t, t.cancelled())

    # Cancelling gather cancels the children still running.
    a = asyncio.create_task(worker("g1", 0.05))
    b = asyncio.create_task(worker("g2", 1))
    g = asyncio.gather(a, b)
    await asyncio.sleep(0.1)
    print("gather cancel:", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", a.cancelled(), b.cancelled(), a.result())

    # return_exceptions turns a child's cancellation into a value.
    c = asyncio.create_task(worker("g3", 1))
    d = asyncio.create_task(worker("g4", 0.05))
    asyncio.get_running_loop().call_later(0.1, c.cancel)
    res = await asyncio.gather(c, d, return_exceptions=True)
    print([type(r).__name__ for r in res], res[1])

    # shield: the outer await is cancelled, the inner task goes on.
    inner = asyncio.create_task(worker("shielded", 0.15))
    outer = asyncio.create_task(asyncio.wait_for(asyncio.shield(inner), 1))
    await asyncio.sleep(0.05)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled; inner done?", inner.done())
    print("inner result:", await inner)

    # A task cancelling itself's waiter chain: cancel a task awaiting another task.
    child = asyncio.create_task(worker("child", 1))

    async def parent():
        return await child

    p = asyncio.create_task(parent())
    await asyncio.sleep(0.05)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        print("parent cancelled; child cancelled too:", child.cancelled())
    print("uncancel:", p.uncancel(), p.cancelling())


asyncio.run(main())
for line in log:
    print(line)


async def left_running():
    async def forever():
        try:
            await asyncio.sleep(10)
        finally:
            print("cancelled by asyncio.run at the end")
    asyncio.create_task(forever())
    await asyncio.sleep(0)
    return "main returns first"

print(asyncio.run(left_running()))
