# asyncio and threads: to_thread() and run_in_executor() (default pool or a given executor) run blocking
# calls in threads while the loop goes on; call_soon_threadsafe() wakes a waiting loop from another thread;
# a blocking call inside a coroutine holds up every task; asyncio.run shuts the default executor down.
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

def blocking(n, delay):
    time.sleep(delay)
    return n * n, threading.current_thread().name.startswith("asyncio")

def kw(a, b=0):
    return a - b

def fail():
    raise KeyError("k")

async def ticker(log):
    for i in range(3):
        log.append("tick%d" % i)
        await asyncio.sleep(0.1)

async def main():
    loop = asyncio.get_running_loop()
    log = []
    t = asyncio.create_task(ticker(log))
    r = await asyncio.to_thread(blocking, 3, 0.4)
    log.append("to_thread done")
    await t
    print(r, log)
    print(await asyncio.to_thread(kw, 10, b=4))
    with ThreadPoolExecutor(max_workers=2) as ex:
        r = await loop.run_in_executor(ex, blocking, 4, 0.05)
        print(r[0])
        rs = await asyncio.gather(*[loop.run_in_executor(ex, blocking, i, 0.05 * (3 - i)) for i in range(3)])
        print([x[0] for x in rs])
    r = await loop.run_in_executor(None, blocking, 5, 0.05)
    print(r)
    try:
        await asyncio.to_thread(fail)
    except KeyError as e:
        print("KeyError", e)
    # A thread wakes the loop with call_soon_threadsafe.
    fut = loop.create_future()
    def worker():
        time.sleep(0.1)
        loop.call_soon_threadsafe(fut.set_result, "woken")
    threading.Thread(target=worker).start()
    print(await fut)
    # Several threads report to the loop; it sleeps until each one does.
    results = []
    done = loop.create_future()
    def report(i):
        time.sleep(0.1 * (i + 1))
        loop.call_soon_threadsafe(results.append, i)
        if i == 2:
            loop.call_soon_threadsafe(done.set_result, None)
    threads = [threading.Thread(target=report, args=(i,)) for i in range(3)]
    for th in threads:
        th.start()
    await done
    for th in threads:
        th.join()
    print("reports:", results)
    # A blocking call inside a coroutine holds up every task.
    order = []
    async def sleeper():
        await asyncio.sleep(0.05)
        order.append("sleeper")
    async def hog():
        time.sleep(0.25)
        order.append("hog")
    await asyncio.gather(sleeper(), hog())
    print(order)
    return "ok"

print(asyncio.run(main()))
print(threading.active_count())
