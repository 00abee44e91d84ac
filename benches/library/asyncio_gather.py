"""Benchmark: asyncio.gather of 1,000 coroutines each sleeping 0.1 s.
Prints the elapsed time: about 0.1 s plus the loop's own work."""
import asyncio
import time


async def nap(i):
    await asyncio.sleep(0.1)
    return i


async def main():
    t0 = time.perf_counter()
    out = await asyncio.gather(*[nap(i) for i in range(1000)])
    assert out == list(range(1000))
    return time.perf_counter() - t0


print("asyncio gather 1000 x sleep(0.1): %.3f s" % asyncio.run(main()))
