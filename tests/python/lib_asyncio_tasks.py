# asyncio tasks: run() returns the main coroutine's value; create_task + await; gather keeps argument
# order (return_exceptions too); sleep(0) yields once (round robin); task names; current_task/all_tasks;
# a task's exception re-raised to its awaiter; iscoroutine.
import asyncio


async def fetch(name, delay, value):
    await asyncio.sleep(delay)
    print("fetched", name)
    return f"{name}={value}"


async def spin(name, n, log):
    for i in range(n):
        log.append(f"{name}{i}")
        await asyncio.sleep(0)
    return name


async def fail(delay, exc):
    await asyncio.sleep(delay)
    raise exc


async def main():
    loop = asyncio.get_running_loop()
    print(asyncio.get_event_loop() is loop)
    t0 = loop.time()
    print(await asyncio.gather(fetch("a", 0.15, 1), fetch("b", 0.05, 2), fetch("c", 0.10, 3)))
    print("elapsed about 30 ms:", 0.105 < loop.time() - t0 < 0.5)

    # sleep(0) lets every other ready task run once: a round robin.
    log = []
    print(await asyncio.gather(spin("x", 3, log), spin("y", 2, log), spin("z", 3, log)))
    print(log)

    task = asyncio.create_task(spin("solo", 2, []))
    print(task.get_name(), task.done(), isinstance(task, asyncio.Future))
    print(await task, task.done(), task.result(), task.exception())
    named = asyncio.create_task(fetch("n", 0, 0), name="worker")
    named.set_name("renamed")
    print(named.get_name(), await named)

    print(await asyncio.gather(fail(0.05, ValueError("v")), fetch("d", 0.10, 4),
                               return_exceptions=True))
    try:
        await asyncio.gather(fail(0.05, KeyError("k")), fetch("e", 0.10, 5))
    except KeyError as e:
        print("gather raised", repr(e))
    await asyncio.sleep(0.15)   # "e" still finishes

    # The same awaitable twice is one child.
    t = asyncio.create_task(fetch("same", 0.05, 6))
    print(await asyncio.gather(t, t))
    print(await asyncio.gather())

    me = asyncio.current_task()
    print(me.get_name(), me is not task, len(asyncio.all_tasks()))
    others = [asyncio.create_task(asyncio.sleep(0.05)) for _ in range(3)]
    print(len(asyncio.all_tasks()), me in asyncio.all_tasks())
    await asyncio.wait(others)
    print(len(asyncio.all_tasks()))

    # A task's exception reaches whoever awaits it.
    t = asyncio.create_task(fail(0, ZeroDivisionError("zero")))
    await asyncio.sleep(0.05)
    print(t.done(), repr(t.exception()))
    try:
        await t
    except ZeroDivisionError as e:
        print("awaited:", e)
    c = fetch("coro", 0, 7)
    print(asyncio.iscoroutine(c), asyncio.iscoroutine(t), await c)
    return "main done"


print(asyncio.run(main()))


async def second():
    return asyncio.current_task().get_name()

# Names keep counting across runs (each run also makes two shutdown tasks).
print(asyncio.run(second()))


async def boom():
    await asyncio.sleep(0)
    raise RuntimeError("from main")

try:
    asyncio.run(boom())
except RuntimeError as e:
    print("run re-raised:", e)
