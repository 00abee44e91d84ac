"""03 — A race condition: threads losing each other's updates.

Shows: `counter += 1` is not one step. A thread reads the counter, computes,
and writes it back; if another thread runs in between, one of the two
updates is lost. The GIL does not prevent this: it makes each bytecode
atomic, not your read-modify-write. Here each worker sleeps between its
read and its write, so a switch happens there every time and the loss is
the same on every run: 4 threads x 3 increments end at 3, not 12.

Run:  python3 programs/learn/03_race_condition.py
      gilsim run programs/learn/03_race_condition.py --format text
      gilsim run programs/learn/03_race_condition.py --mode free
Set SHOW_REAL_RACE = True to also run a tight loop with no sleep: there a
thread is switched out when its 5 ms turn is up, at a moment that varies,
and so does the count (try it several times, and with --mode free).
04_lock_fixes_race.py is the fix.
"""
import threading
import time

SHOW_REAL_RACE = False
THREADS = 4
ROUNDS = 3
counter = 0


def slow_increment():
    global counter
    value = counter  # 1. read
    # 2. The thread is switched out here. The sleep is long (100 ms) so that
    #    every thread surely reads before any writes, even on a busy machine.
    time.sleep(0.1)
    counter = value + 1  # 3. ...and writes back a stale value


def worker(rounds):
    for _ in range(rounds):
        slow_increment()


def add_one(value):
    return value + 1


def fast_worker(n):
    global counter
    for _ in range(n):
        # Read, call, write. CPython (3.10+) switches threads only at calls
        # and backward jumps: the call between the read and the write is
        # where another thread can run. (A bare `counter += 1` has no such
        # point in CPython, but is still not safe: free-threaded Python and
        # other versions can switch anywhere.)
        counter = add_one(counter)


def run(target, n):
    threads = [threading.Thread(target=target, args=(n,)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main():
    global counter
    run(worker, ROUNDS)
    expected = THREADS * ROUNDS
    print(f"counter = {counter}, expected {expected}: {expected - counter} updates lost")
    if SHOW_REAL_RACE:
        counter = 0
        run(fast_worker, 200_000)
        print(f"tight loop: counter = {counter}, expected {THREADS * 200_000}")


if __name__ == "__main__":
    main()
