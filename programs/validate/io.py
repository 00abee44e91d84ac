"""gilsim validate: IO-bound threads (strong scaling). THREADS threads
share OPS blocking waits of SLEEP seconds each; prints the wall time.
Runs unchanged under Python 2.7, CPython 3 and gilsim."""
import os
import threading
import time

THREADS = int(os.environ.get("GILSIM_VALIDATE_THREADS", "4"))
OPS = int(os.environ.get("GILSIM_VALIDATE_OPS", "64"))
SLEEP = float(os.environ.get("GILSIM_VALIDATE_SLEEP", "0.002"))


def wait(n):
    for _ in range(n):
        time.sleep(SLEEP)


def main():
    threads = [threading.Thread(target=wait, args=(OPS // THREADS,)) for _ in range(THREADS)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("wall %.6f" % (time.time() - t0))


if __name__ == "__main__":
    main()
