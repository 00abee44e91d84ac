"""spawn_join.py — a program starting and joining its own threads.
Twin of spawn_join.pyasm.

Run:  python3 programs/spawn_join.py
      cargo run --release -- run programs/spawn_join.py
"""
import threading

r0 = 0
r1 = 0


def sum_to(n):
    s = 0
    while n > 0:
        s += n
        n -= 1
    return s


def first():
    global r0
    r0 = sum_to(1000)


def second():
    global r1
    r1 = sum_to(2000)


def main():
    a = threading.Thread(target=first)
    b = threading.Thread(target=second)
    a.start()
    b.start()
    a.join()
    b.join()
    print("sums", r0, r1)


if __name__ == "__main__":
    main()
