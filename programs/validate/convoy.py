"""gilsim validate: the convoy effect. One CPU-bound thread spins while
the main thread does OPS short blocking waits; each time the main thread
comes back it must win the GIL from the spinner. Prints the IO thread's
operations per second. INTERVAL (seconds) sets sys.setswitchinterval
where the interpreter has it (Python 3); Python 2 has its check interval.
Runs unchanged under Python 2.7, CPython 3 and gilsim."""
import os
import sys
import threading
import time

INTERVAL = float(os.environ.get("GILSIM_VALIDATE_INTERVAL", "0.005"))
OPS = int(os.environ.get("GILSIM_VALIDATE_OPS", "40"))
SLEEP = float(os.environ.get("GILSIM_VALIDATE_SLEEP", "0.0005"))

done = [False]


def spin():
    n = 0
    while not done[0]:
        n += 1


def main():
    if hasattr(sys, "setswitchinterval"):
        sys.setswitchinterval(INTERVAL)
    t = threading.Thread(target=spin)
    t.start()
    time.sleep(0.01)
    t0 = time.time()
    for _ in range(OPS):
        time.sleep(SLEEP)
    elapsed = time.time() - t0
    done[0] = True
    t.join()
    print("io_ops_per_s %.3f" % (OPS / elapsed))


if __name__ == "__main__":
    main()
