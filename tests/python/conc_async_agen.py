# Async generators: `async def` with `yield`, consumed by `async for` and async comprehensions.
import asyncio


async def ticker(n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        yield i


async def squares(source):
    async for x in source:
        yield x * x


async def take(agen, limit):
    out = []
    async for item in agen:
        out.append(item)
        if len(out) == limit:
            break
    return out


async def with_cleanup(log):
    try:
        for i in range(100):
            yield i
    finally:
        log.append("generator closed")


async def main():
    values = []
    async for v in ticker(4, 0.001):
        values.append(v)
    print("ticker:", values)

    print("squares:", [x async for x in squares(ticker(5, 0))])
    print("evens:", [x async for x in ticker(10, 0) if x % 2 == 0])

    gen = ticker(3, 0)
    print("anext:", await gen.__anext__(), await gen.__anext__(), await gen.__anext__())
    try:
        await gen.__anext__()
    except StopAsyncIteration:
        print("exhausted")

    log = []
    agen = with_cleanup(log)
    print("take:", await take(agen, 3))
    await agen.aclose()
    print(log)

    results = await asyncio.gather(take(ticker(5, 0.002), 2), take(ticker(5, 0.001), 4))
    print("gathered:", results)


asyncio.run(main())
