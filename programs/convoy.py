"""convoy.py — the convoy effect: short IO waits beside a CPU-bound thread.
Twin of convoy.pyasm. Each return from IO waits for the CPU-bound thread
to be asked to drop the GIL (about 5 ms).

Run:  python3 programs/convoy.py
      cargo run --release -- run programs/convoy.py
"""
import threading
import time


def cpu(n):
    while n > 0:
        n -= 1


def io(count, secs):
    for _ in range(count):
        time.sleep(secs)


def main():
    waits = 20
    c = threading.Thread(target=cpu, args=(3000000,))
    i = threading.Thread(target=io, args=(waits, 0.0005))
    c.start()
    i.start()
    i.join()
    print(f"io done {waits} waits")
    c.join()
    print("cpu done")


if __name__ == "__main__":
    main()
