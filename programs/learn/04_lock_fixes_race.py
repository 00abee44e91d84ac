"""04 — A lock makes the read-modify-write one step again.

Shows: the race of 03_race_condition.py, fixed with threading.Lock. Only
the thread holding the lock may run the guarded block, so no other thread
can slip in between the read and the write: 4 threads x 3 increments give
exactly 12, even with a sleep in the middle. The price: the guarded
blocks now run one at a time, sleeps included (12 x 10 ms).
The second part fixes the tight loop the same way: 4 x 50000 = 200000.

Run:  python3 programs/learn/04_lock_fixes_race.py
      gilsim run programs/learn/04_lock_fixes_race.py --format text
      gilsim run programs/learn/04_lock_fixes_race.py --mode free
The report's wall time shows the price of the first part: 12 x 10 ms at least.
"""
import threading
import time

THREADS = 4
counter = 0
lock = threading.Lock()


def slow_increment():
    global counter
    with lock:  # acquire; released when the block ends, even on an exception
        value = counter
        time.sleep(0.01)
        counter = value + 1


def add_one(value):
    return value + 1


def fast_increment():
    global counter
    # The same as `with lock:`, written out by hand.
    lock.acquire()
    try:
        counter = add_one(counter)
    finally:
        lock.release()


def worker(step, n):
    for _ in range(n):
        step()


def run(step, n):
    global counter
    counter = 0
    threads = [threading.Thread(target=worker, args=(step, n)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"counter = {counter}, expected {THREADS * n}")


def main():
    run(slow_increment, 3)
    run(fast_increment, 50_000)


if __name__ == "__main__":
    main()
