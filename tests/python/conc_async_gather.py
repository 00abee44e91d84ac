# asyncio.run(main()), gather() keeps argument order, create_task() + await, coroutine return values.
import asyncio


async def fetch(name, delay, value):
    await asyncio.sleep(delay)
    return f"{name}={value}"


async def compute(n):
    total = 0
    for k in range(n):
        total += k
        if k % 100 == 0:
            await asyncio.sleep(0)
    return total


async def main():
    # gather returns results in the order given, not finishing order.
    results = await asyncio.gather(
        fetch("a", 0.03, 1),
        fetch("b", 0.01, 2),
        fetch("c", 0.02, 3),
    )
    print(results)

    task = asyncio.create_task(compute(1000))
    print("task is a Task:", isinstance(task, asyncio.Task), "done:", task.done())
    value = await task
    print("task result:", value, task.done(), task.result())

    tasks = [asyncio.create_task(compute(n)) for n in (10, 100, 1000)]
    print([await t for t in tasks])

    coros = [fetch(f"x{i}", 0.001 * (5 - i), i * i) for i in range(5)]
    print(await asyncio.gather(*coros))
    print(await asyncio.gather())

    named = asyncio.create_task(compute(5), name="adder")
    await named
    print(named.get_name(), named.result())
    coro = compute(3)
    print(asyncio.iscoroutinefunction(fetch), asyncio.iscoroutine(coro), await coro)
    return "main finished"


print(asyncio.run(main()))
print(asyncio.run(compute(50)))
