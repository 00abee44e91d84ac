# wait_for() timing out raises asyncio.TimeoutError; task.cancel() raises CancelledError inside the task.
import asyncio


async def slow(seconds):
    await asyncio.sleep(seconds)
    return "finished"


async def cancellable(log):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log.append("cleanup after cancel")
        raise
    finally:
        log.append("finally ran")


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        return "swallowed the cancel"


async def main():
    try:
        await asyncio.wait_for(slow(1), timeout=0.02)
    except asyncio.TimeoutError as e:
        print("timed out:", type(e).__name__, repr(str(e)))
    print("TimeoutError is builtin:", asyncio.TimeoutError is TimeoutError)
    print("in time:", await asyncio.wait_for(slow(0.01), timeout=1))

    log = []
    task = asyncio.create_task(cancellable(log))
    await asyncio.sleep(0.05)
    print("cancel() ->", task.cancel())
    try:
        await task
    except asyncio.CancelledError:
        print("awaiting a cancelled task raises CancelledError")
    print(log, task.cancelled(), task.done())
    print("cancel() again ->", task.cancel())

    t2 = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    t2.cancel()
    print(await t2, t2.cancelled())

    t3 = asyncio.create_task(slow(0.01))
    await t3
    print("cancel finished task ->", t3.cancel(), t3.result())

    t4 = asyncio.create_task(slow(5))
    await asyncio.sleep(0)
    t4.cancel()
    try:
        t4.result()
    except asyncio.InvalidStateError:
        print("result() before done: InvalidStateError")
    try:
        await t4
    except asyncio.CancelledError:
        pass
    try:
        t4.result()
    except asyncio.CancelledError:
        print("result() of cancelled task raises CancelledError")
    print(issubclass(asyncio.CancelledError, Exception), issubclass(asyncio.CancelledError, BaseException))

    shielded = asyncio.create_task(slow(0.1))
    try:
        await asyncio.wait_for(asyncio.shield(shielded), timeout=0.01)
    except asyncio.TimeoutError:
        print("shield timed out, inner still running:", not shielded.done())
    print("shielded result:", await shielded)


asyncio.run(main())
