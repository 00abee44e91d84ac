"""locked_counter.py — the race.py counter made exact with `with lock:`.
Twin of locked_counter.pyasm.

Run:  python3 programs/locked_counter.py
      cargo run --release -- run programs/locked_counter.py --mode free
"""
import threading

counter = 0
lock = threading.Lock()


def incr(v):
    return v + 1


def worker(n):
    global counter
    for _ in range(n):
        with lock:
            counter = incr(counter)


def main():
    threads = [threading.Thread(target=worker, args=(20000,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"counter = {counter} expected {4 * 20000}")


if __name__ == "__main__":
    main()
