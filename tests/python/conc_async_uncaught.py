# An exception escaping asyncio.run(main()) ends the program like any uncaught error (exit 1, same last stderr line).
import asyncio

progress = []


async def worker(n):
    await asyncio.sleep(0.01 * n)
    if n == 2:
        raise RuntimeError(f"worker {n} failed")
    progress.append(n)
    return n


async def main():
    first = await asyncio.gather(worker(0), worker(1))
    print("first batch:", first)
    print("progress:", sorted(progress))
    results = await asyncio.gather(worker(3), worker(2), worker(1))
    print("never printed", results)


print("starting")
asyncio.run(main())
print("never reached")
