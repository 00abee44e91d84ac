# multiprocessing.Process start/join and exitcode; a child's change to a module global is not seen by the parent.
import multiprocessing
import sys
from multiprocessing import Process

counter = 0


def bump(n):
    global counter
    counter += n
    # Nothing printed here: the parent reports, so output order is fixed.


def fail():
    sys.exit(3)


def crash():
    raise RuntimeError("child crashed")


def whoami(q):
    q.put(multiprocessing.current_process().name)


if __name__ == "__main__":
    print("main process:", multiprocessing.current_process().name)
    print("cpu_count > 0:", multiprocessing.cpu_count() > 0)

    p = Process(target=bump, args=(10,))
    print("default name:", p.name)
    print("exitcode before start:", p.exitcode, "alive:", p.is_alive())
    p.start()
    p.join()
    print("exitcode:", p.exitcode, "alive:", p.is_alive())
    print("parent counter:", counter)
    bump(1)
    print("parent counter after own bump:", counter)

    procs = [Process(target=bump, args=(k,)) for k in range(3)]
    for pr in procs:
        pr.start()
    for pr in procs:
        pr.join()
    print("exitcodes:", [pr.exitcode for pr in procs])

    f = Process(target=fail)
    f.start()
    f.join()
    print("sys.exit(3) exitcode:", f.exitcode)

    c = Process(target=crash)
    c.start()
    c.join()
    print("uncaught exception exitcode:", c.exitcode)

    q = multiprocessing.Queue()
    named = Process(target=whoami, args=(q,), name="worker-7")
    named.start()
    print("child name:", q.get(timeout=10))
    named.join()
    print("name attribute:", named.name)
    print("counter at end:", counter)
