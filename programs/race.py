"""race.py — a shared counter losing updates without a lock. Twin of
race.pyasm. The count varies from run to run, by design, under CPython
and gilsim alike (in gilsim's free mode most of all).

Run:  python3 programs/race.py
      cargo run --release -- run programs/race.py --mode free
"""
import threading

counter = 0


def incr(v):
    return v + 1


def worker(n):
    global counter
    for _ in range(n):
        # Read, call, write back: a switch between the read and the write
        # loses the other threads' updates made meanwhile.
        counter = incr(counter)


def main():
    threads = [threading.Thread(target=worker, args=(200000,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"counter = {counter} expected {4 * 200000}")


if __name__ == "__main__":
    main()
