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
    for i in range(n):
        counter = incr(counter)


def spawn_join(k, n):
    if k <= 0:
        return
    t = threading.Thread(target=worker, args=(n,))
    t.start()
    spawn_join(k - 1, n)
    t.join()


def main():
    spawn_join(4, 200000)
    print("counter =", counter, "expected", 4 * 200000)


if __name__ == "__main__":
    main()
