# asyncio.Queue producer/consumer with task_done()/join() and a None sentinel; QueueEmpty/QueueFull.
import asyncio


async def producer(q, name, count):
    for i in range(count):
        await q.put((name, i))
        await asyncio.sleep(0.001)


async def consumer(q, seen):
    while True:
        item = await q.get()
        seen.append(item)
        q.task_done()


async def sentinel_consumer(q, out):
    while True:
        item = await q.get()
        if item is None:
            break
        out.append(item * 2)


async def main():
    q = asyncio.Queue()
    seen = []
    workers = [asyncio.create_task(consumer(q, seen)) for _ in range(3)]
    await asyncio.gather(producer(q, "p1", 5), producer(q, "p2", 5))
    await q.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("consumed:", len(seen))
    print(sorted(seen)[:3], sorted(seen)[-1])

    q2 = asyncio.Queue()
    out = []
    c = asyncio.create_task(sentinel_consumer(q2, out))
    for n in range(5):
        await q2.put(n)
    await q2.put(None)
    await c
    print("sentinel:", out)

    small = asyncio.Queue(maxsize=2)
    small.put_nowait(1)
    small.put_nowait(2)
    print("full:", small.full(), small.qsize(), small.maxsize)
    try:
        small.put_nowait(3)
    except asyncio.QueueFull:
        print("QueueFull")
    print(small.get_nowait(), small.get_nowait(), small.empty())
    try:
        small.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")

    pq = asyncio.PriorityQueue()
    for x in (5, 1, 3):
        await pq.put(x)
    lq = asyncio.LifoQueue()
    for x in (5, 1, 3):
        await lq.put(x)
    print("priority:", [await pq.get() for _ in range(3)])
    print("lifo:", [await lq.get() for _ in range(3)])


asyncio.run(main())
