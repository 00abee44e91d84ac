"""locked_counter.py — the race.py counter made exact with `with lock:`.
Twin of locked_counter.pyasm.

Run:  python3 programs/locked_counter.py
      cargo run --release -- run programs/locked_counter.py --mode free
"""
import threading

counter = 0
lock = None


def incr(v):
    return v + 1


def worker(n):
    global counter
    for i in range(n):
        with lock:
            counter = incr(counter)


def spawn_join(k, n):
    if k <= 0:
        return
    t = threading.Thread(target=worker, args=(n,))
    t.start()
    spawn_join(k - 1, n)
    t.join()


def main():
    global lock
    lock = threading.Lock()
    spawn_join(4, 20000)
    print("counter =", counter, "expected", 4 * 20000)


if __name__ == "__main__":
    main()
