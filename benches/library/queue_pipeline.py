"""Benchmark: a queue.Queue producer/consumer pipeline, 1 vs 4 consumer
threads, for CPU-bound items and for IO-bound items (a 2 ms sleep each).
Prints the time ratio of 4 consumers to 1 for each kind: under a GIL about
1 for CPU-bound work (no gain), about 1/4 for IO-bound work."""
import queue
import threading
import time

ITEMS = 400


def cpu(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def run(consumers, kind):
    q = queue.Queue()
    done = []

    def consume():
        while True:
            x = q.get()
            if x is None:
                return
            if kind == "cpu":
                done.append(cpu(x))
            else:
                time.sleep(0.002)
                done.append(x)

    ts = [threading.Thread(target=consume) for _ in range(consumers)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for i in range(ITEMS):
        q.put(2000)
    for t in ts:
        q.put(None)
    for t in ts:
        t.join()
    assert len(done) == ITEMS
    return time.perf_counter() - t0


for kind in ("cpu", "io"):
    one = run(1, kind)
    four = run(4, kind)
    print("queue %s: 1 thread %.3f s, 4 threads %.3f s, ratio 4/1 %.3f" % (kind, one, four, four / one))
