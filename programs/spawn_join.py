"""spawn_join.py — a program starting and joining its own threads.
Twin of spawn_join.pyasm.

Run:  python3 programs/spawn_join.py
      cargo run --release -- run programs/spawn_join.py
"""
import threading


def sum_to(n):
    s = 0
    while n > 0:
        s += n
        n -= 1
    return s


def main():
    sums = [0, 0]

    def first():
        sums[0] = sum_to(1000)

    def second():
        sums[1] = sum_to(2000)

    a = threading.Thread(target=first)
    b = threading.Thread(target=second)
    a.start()
    b.start()
    a.join()
    b.join()
    print(f"sums {sums[0]} {sums[1]}")


if __name__ == "__main__":
    main()
