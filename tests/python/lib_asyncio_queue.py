# asyncio.Queue between tasks: producers and consumers, a bounded queue making put() wait, task_done()
# and join(), qsize/empty/full, QueueEmpty and QueueFull from the *_nowait forms, PriorityQueue, LifoQueue.
import asyncio


async def producer(q, name, n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        await q.put(f"{name}{i}")
        print(f"put {name}{i}", q.qsize() <= q.maxsize)


async def consumer(q, name, got):
    while True:
        item = await q.get()
        got.append((name, item))
        await asyncio.sleep(0.15)
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=2)
    print(q.maxsize, q.empty(), q.full(), q.qsize())
    got = []
    workers = [asyncio.create_task(consumer(q, f"c{i}", got)) for i in range(2)]
    await asyncio.gather(producer(q, "p", 5, 0.002))
    await q.join()
    print("all done:", q.empty(), q.qsize())
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in results])
    print(sorted(item for _, item in got))

    # put() waits while the queue is full.
    q = asyncio.Queue(1)
    q.put_nowait("first")
    print("full:", q.full())
    try:
        q.put_nowait("second")
    except asyncio.QueueFull:
        print("QueueFull")
    t = asyncio.create_task(q.put("second"))
    await asyncio.sleep(0.05)
    print("put waiting:", not t.done())
    print(q.get_nowait(), await q.get(), t.done())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    try:
        q.task_done()
        q.task_done()
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)

    # get() waits until an item arrives; a cancelled get() takes nothing.
    q = asyncio.Queue()
    g1 = asyncio.create_task(q.get())
    g2 = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    g1.cancel()
    await asyncio.sleep(0)
    q.put_nowait("only")
    print(await g2, g1.cancelled(), q.empty())
    try:
        await asyncio.wait_for(q.get(), 0.01)
    except asyncio.TimeoutError:
        print("get timed out")

    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        await pq.put(item)
    print([pq.get_nowait() for _ in range(3)])
    lq = asyncio.LifoQueue()
    for item in "xyz":
        lq.put_nowait(item)
    out = []
    while not lq.empty():
        out.append(await lq.get())
    print(out)


asyncio.run(main())
