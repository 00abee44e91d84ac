"""19 — Beyond Lock: Event, Semaphore, Condition.

Shows: threading's other synchronisation tools, each for one job.
  1. Event — a flag threads can wait for. 4 racers are started but
     wait at start.wait(); none goes on until the main thread calls
     start.set(), which releases them all at once (a starting gun; under
     the GIL they then run one at a time, as always).
  2. Semaphore(2) — a counter of free places. 6 downloads each take a
     place with `with slots:`; while 2 are running, the next one waits
     until one of them gives its place back. At most 2 run at once, e.g.
     to be polite to a server. (BoundedSemaphore also catches a
     release() without an acquire().)
  3. Condition — a lock plus "wait until something changes". A packer
     waits (cond.wait_for) until 5 items are on the belt; 5 producer
     threads each put one item and call cond.notify(). wait_for releases
     the lock while it waits, so the producers can get in, and checks the
     predicate again every time it is woken.
All three release the GIL while they wait. An Event or a Semaphore(2)
does not protect your data: the download counters are changed under a
Lock of their own. A Condition has a lock inside; the belt is touched
only while holding it (`with cond:`).

Run:  python3 programs/learn/19_event_semaphore_condition.py
      gilsim run programs/learn/19_event_semaphore_condition.py --format text
The "blocked in" part of the report says where each thread waited:
"event wait" (the racers of part 1; the main thread's event waits are
Thread.start() waiting for each new thread to begin), "semaphore
acquire" (the downloads that found no free place), "condition wait"
(the packer, woken once per item), and "thread join".
"""
import threading
import time


def run_all(threads):
    for t in threads:
        t.start()
    return threads


def join_all(threads):
    for t in threads:
        t.join()


def racer(name, start, finished):
    start.wait()  # blocks until the main thread sets the event
    finished.append(name)


def download(page, slots, stats, lock):
    with slots:  # one of the 2 places, or wait for one
        with lock:
            stats["running"] += 1
            stats["most"] = max(stats["most"], stats["running"])
        time.sleep(0.05)  # the download itself
        with lock:
            stats["running"] -= 1
            stats["done"].append(page)


def producer(item, belt, cond):
    time.sleep(0.01)
    with cond:
        belt.append(item)
        cond.notify()  # wakes the packer, which checks its predicate again


def packer(belt, cond, packed):
    with cond:
        cond.wait_for(lambda: len(belt) >= 5)  # lock released while waiting
        packed.extend(sorted(belt))
        belt.clear()


def main():
    start = threading.Event()
    finished = []
    racers = run_all([
        threading.Thread(target=racer, args=(f"racer-{k}", start, finished), name=f"racer-{k}")
        for k in range(1, 5)
    ])
    time.sleep(0.05)
    print(f"1. before start.set(): {len(finished)} racers ran")
    start.set()
    join_all(racers)
    print(f"   after start.set():  {len(finished)} racers ran: {sorted(finished)}")

    slots = threading.Semaphore(2)
    lock = threading.Lock()
    stats = {"running": 0, "most": 0, "done": []}
    join_all(run_all([
        threading.Thread(target=download, args=(page, slots, stats, lock), name=f"download-{page}")
        for page in range(1, 7)
    ]))
    print(f"2. {len(stats['done'])} downloads, at most {stats['most']} at once")

    cond = threading.Condition()
    belt = []
    packed = []
    box = run_all([threading.Thread(target=packer, args=(belt, cond, packed), name="packer")])
    join_all(run_all([
        threading.Thread(target=producer, args=(item, belt, cond), name=f"producer-{item}")
        for item in ["apple", "pear", "plum", "fig", "kiwi"]
    ]))
    join_all(box)
    print(f"3. the packer packed {packed}; the belt is empty: {belt == []}")


if __name__ == "__main__":
    main()
