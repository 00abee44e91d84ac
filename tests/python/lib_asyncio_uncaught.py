# asyncio.run re-raises the main coroutine's exception, which a task raised and main awaited: the program
# ends with it (exit 1 and its last line of stderr), after the output printed before.
import asyncio


async def worker():
    await asyncio.sleep(0.05)
    raise ValueError("raised in a task")


async def main():
    task = asyncio.create_task(worker())
    print("waiting for the task")
    await task
    print("not reached")


asyncio.run(main())
