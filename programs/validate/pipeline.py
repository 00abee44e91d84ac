"""gilsim validate: a queue-based pipeline. The main thread puts ITEMS
work items on a queue.Queue; WORKERS threads take them and do CPU work
(a countdown of COST steps) or IO (a blocking wait of SLEEP seconds), as
KIND says; prints the wall time until every item is done.
Runs unchanged under Python 2.7, CPython 3 and gilsim."""
import os
import threading
import time

try:
    import queue
except ImportError:
    import Queue as queue

KIND = os.environ.get("GILSIM_VALIDATE_KIND", "cpu")
WORKERS = int(os.environ.get("GILSIM_VALIDATE_THREADS", "4"))
ITEMS = int(os.environ.get("GILSIM_VALIDATE_ITEMS", "100"))
COST = int(os.environ.get("GILSIM_VALIDATE_COST", "40000"))
SLEEP = float(os.environ.get("GILSIM_VALIDATE_SLEEP", "0.002"))


def work():
    if KIND == "io":
        time.sleep(SLEEP)
    else:
        n = COST
        while n > 0:
            n -= 1


def worker(q):
    while True:
        item = q.get()
        if item is None:
            break
        work()


def main():
    q = queue.Queue()
    threads = [threading.Thread(target=worker, args=(q,)) for _ in range(WORKERS)]
    t0 = time.time()
    for t in threads:
        t.start()
    for i in range(ITEMS):
        q.put(i)
    for _ in threads:
        q.put(None)
    for t in threads:
        t.join()
    print("wall %.6f" % (time.time() - t0))


if __name__ == "__main__":
    main()
