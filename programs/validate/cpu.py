"""gilsim validate: CPU-bound threads (strong scaling, and Python 2's GIL
battle). THREADS threads share WORK countdown steps; prints the wall time.
Runs unchanged under Python 2.7, CPython 3 and gilsim."""
import os
import threading
import time

THREADS = int(os.environ.get("GILSIM_VALIDATE_THREADS", "2"))
WORK = int(os.environ.get("GILSIM_VALIDATE_WORK", "6000000"))


def count(n):
    while n > 0:
        n -= 1


def main():
    threads = [threading.Thread(target=count, args=(WORK // THREADS,)) for _ in range(THREADS)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("wall %.6f" % (time.time() - t0))


if __name__ == "__main__":
    main()
