"""server.py — a request server under load, for `gilsim experiment load`.

Requests arrive (open loop: at scheduled times; closed loop: from clients
that wait for each reply and think before the next request); each needs
some CPU work (a pure-Python loop of `cpu[i]` iterations) and then some IO
(`time.sleep(io[i])`). A pool of `workers` serves them:

- "threads": worker threads taking request ids from a queue.Queue;
- "asyncio": worker tasks taking them from an asyncio.Queue (the CPU work
  blocks the event loop; the IO is `await asyncio.sleep`);
- "processes": worker processes taking them from a multiprocessing.Queue,
  replying through another one to a collector thread in the parent.

The arrival schedule and every request's demands come from the caller
(gilsim draws them from a seed in Rust, so they are the same for every
policy and switch interval). `serve` prints one line per request,
`ID ARRIVAL DONE` (seconds from the server's start): the scheduled (open
loop) or intended (closed loop: the previous reply plus the think time)
arrival, and the completion. Latency is DONE - ARRIVAL, so time spent
waiting in the queue — or for the dispatcher to wake up — counts.

Run:  python3 programs/load/server.py          (a small demo under CPython)
      gilsim run programs/load/server.py       (the same demo under gilsim)
"""
import asyncio
import multiprocessing
import queue
import threading
import time


def spin(n):
    """CPU work: n iterations of a count-down loop."""
    while n > 0:
        n -= 1


def _sleep_until(t0, due):
    delay = t0 + due - time.perf_counter()
    if delay > 0:
        time.sleep(delay)


# --- threads ----------------------------------------------------------------


def _thread_worker(tasks, cpu, io, done, replies, t0):
    while True:
        i = tasks.get()
        if i < 0:
            return
        spin(cpu[i])
        if io[i] > 0:
            time.sleep(io[i])
        t = time.perf_counter() - t0
        done[i] = t
        if replies is not None:
            replies[i % len(replies)].put(t)


def _thread_client(c, clients, think, arr, put, reply, t0):
    i = c
    due = think[i]
    while i < len(think):
        _sleep_until(t0, due)
        arr[i] = due
        put(i)
        finished = reply.get()
        i += clients
        if i < len(think):
            due = finished + think[i]


def _drive(put, clients, times, arr, replies, t0):
    """Issues every request through put(i): at its scheduled time (open
    loop, clients == 0), or from `clients` client threads."""
    if clients == 0:
        for i in range(len(times)):
            _sleep_until(t0, times[i])
            arr[i] = times[i]
            put(i)
        return
    threads = [
        threading.Thread(
            target=_thread_client,
            args=(c, clients, times, arr, put, replies[c], t0),
        )
        for c in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _serve_threads(workers, clients, times, cpu, io, arr, done, t0):
    tasks = queue.Queue()
    replies = [queue.Queue() for _ in range(clients)] if clients > 0 else None
    pool = [
        threading.Thread(target=_thread_worker, args=(tasks, cpu, io, done, replies, t0))
        for _ in range(workers)
    ]
    for t in pool:
        t.start()
    _drive(tasks.put, clients, times, arr, replies, t0)
    for _ in pool:
        tasks.put(-1)
    for t in pool:
        t.join()


# --- asyncio ----------------------------------------------------------------


async def _task_worker(tasks, cpu, io, done, replies, t0):
    while True:
        i = await tasks.get()
        if i < 0:
            return
        spin(cpu[i])
        if io[i] > 0:
            await asyncio.sleep(io[i])
        t = time.perf_counter() - t0
        done[i] = t
        if replies is not None:
            replies[i % len(replies)].put_nowait(t)


async def _task_sleep_until(t0, due):
    delay = t0 + due - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


async def _task_client(c, clients, think, arr, tasks, reply, t0):
    i = c
    due = think[i]
    while i < len(think):
        await _task_sleep_until(t0, due)
        arr[i] = due
        tasks.put_nowait(i)
        finished = await reply.get()
        i += clients
        if i < len(think):
            due = finished + think[i]


async def _serve_asyncio(workers, clients, times, cpu, io, arr, done, t0):
    tasks = asyncio.Queue()
    replies = [asyncio.Queue() for _ in range(clients)] if clients > 0 else None
    pool = [
        asyncio.create_task(_task_worker(tasks, cpu, io, done, replies, t0))
        for _ in range(workers)
    ]
    if clients == 0:
        for i in range(len(times)):
            await _task_sleep_until(t0, times[i])
            arr[i] = times[i]
            tasks.put_nowait(i)
    else:
        await asyncio.gather(
            *[
                _task_client(c, clients, times, arr, tasks, replies[c], t0)
                for c in range(clients)
            ]
        )
    for _ in pool:
        tasks.put_nowait(-1)
    await asyncio.gather(*pool)


# --- processes --------------------------------------------------------------


def _process_worker(tasks, results):
    while True:
        job = tasks.get()
        if job is None:
            return
        i, n, secs = job
        spin(n)
        if secs > 0:
            time.sleep(secs)
        results.put(i)


def _collect(results, n, done, replies, t0):
    for _ in range(n):
        i = results.get()
        t = time.perf_counter() - t0
        done[i] = t
        if replies is not None:
            replies[i % len(replies)].put(t)


def _serve_processes(workers, clients, times, cpu, io, arr, done, t0):
    tasks = multiprocessing.Queue()
    results = multiprocessing.Queue()
    replies = [queue.Queue() for _ in range(clients)] if clients > 0 else None
    pool = [
        multiprocessing.Process(target=_process_worker, args=(tasks, results))
        for _ in range(workers)
    ]
    for p in pool:
        p.start()
    collector = threading.Thread(
        target=_collect, args=(results, len(times), done, replies, t0)
    )
    collector.start()

    def put(i):
        tasks.put((i, cpu[i], io[i]))

    _drive(put, clients, times, arr, replies, t0)
    collector.join()
    for _ in pool:
        tasks.put(None)
    for p in pool:
        p.join()


# --- entry ------------------------------------------------------------------


def run(kind, workers, clients, times, cpu, io):
    """Serves len(cpu) requests; returns (arrivals, completions).

    kind: "threads", "asyncio" or "processes". clients == 0: open loop,
    times[i] is request i's arrival (s from the start). clients > 0:
    closed loop, request i belongs to client i % clients and times[i] is
    the think time before it. cpu[i]: iterations of spin; io[i]: seconds
    of sleep after the CPU work.
    """
    n = len(cpu)
    arr = [0.0] * n
    done = [-1.0] * n
    t0 = time.perf_counter()
    if kind == "threads":
        _serve_threads(workers, clients, times, cpu, io, arr, done, t0)
    elif kind == "asyncio":
        asyncio.run(_serve_asyncio(workers, clients, times, cpu, io, arr, done, t0))
    elif kind == "processes":
        _serve_processes(workers, clients, times, cpu, io, arr, done, t0)
    else:
        raise ValueError("unknown server kind: " + kind)
    return arr, done


def serve(kind, workers, clients, times, cpu, io):
    """The entry gilsim calls: run(), then one line `ID ARRIVAL DONE` per
    request."""
    arr, done = run(kind, workers, clients, times, cpu, io)
    for i in range(len(cpu)):
        print(i, repr(arr[i]), repr(done[i]))


def _demo():
    # 40 requests, about 200 per second, 10% of them CPU-heavy, each then
    # waiting 2 ms of IO; open loop, then closed loop with 4 clients.
    import math
    import random

    def expovariate(rate):
        return -math.log(1.0 - random.random()) / rate

    random.seed(1)
    n = 40
    times = []
    t = 0.0
    for _ in range(n):
        t += expovariate(200.0)
        times.append(t)
    think = [expovariate(500.0) for _ in range(n)]
    cpu = [20000 if random.random() < 0.1 else 500 for _ in range(n)]
    io = [0.002] * n
    for kind in ["threads", "asyncio", "processes"]:
        for clients, ts in [(0, times), (4, think)]:
            arr, done = run(kind, 4, clients, ts, cpu, io)
            ok = all(done[i] >= arr[i] + io[i] for i in range(n))
            loop = "closed" if clients else "open"
            print(kind, loop, "loop:", n, "requests, every reply after its IO:", ok)


if __name__ == "__main__":
    _demo()
