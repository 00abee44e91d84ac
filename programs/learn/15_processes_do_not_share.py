"""15 — Processes do not share memory; a Queue carries results back.

Shows: the difference the note makes between threads and processes.
All threads of a process share its memory (05 and 06 relied on it); a
process started by multiprocessing is a separate interpreter with its
own memory, its own globals and its own GIL.
  1. a child process adds to a global and appends to two lists, a
     global one and one passed as an argument: it changes its own
     copies (arguments are pickled on the way), and the parent's global
     and lists stay as they were;
  2. a thread does the same: the main thread sees all three changes;
  3. so a process sends its results back explicitly: here 3 worker
     processes put (name, result) into a multiprocessing.Queue, and the
     parent takes exactly 3 items out. It takes them before join(): a
     child with items still in the queue may not end until they are
     read. They arrive in the order the workers finish, so they are
     sorted before printing.
(What a child starts with depends on the start method: "fork", Linux's
default in 3.11, copies the parent's memory as it is at start(); "spawn",
the default elsewhere and gilsim's way, imports the module afresh. Part
1 runs first, before the parent changes anything, so both give the same
output.)

Run:  python3 programs/learn/15_processes_do_not_share.py
      gilsim run programs/learn/15_processes_do_not_share.py --format text
      gilsim run programs/learn/15_processes_do_not_share.py --engine virtual --cores 4 --format text
In the table the children appear as rows of their own ("process-1",
...): each ran under its own GIL, so their GIL "wait ms" is zero however
busy the others were, and with --cores 4 the first line says
"max parallel 3".
"""
import multiprocessing
import threading

visits = 0
log = []


def visit(who, items):
    global visits
    visits += 1
    log.append(who)
    items.append(who)


def visit_and_report(who, items, out):
    visit(who, items)
    out.put(f"the child saw visits = {visits}, log = {log}, items = {items}")


def count_primes(name, limit, out):
    # CPU-bound: runs under this process's own GIL.
    primes = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n and n % d:
            d += 1
        if d * d > n:
            primes += 1
    out.put((name, primes))


def main():
    items = []
    out = multiprocessing.Queue()
    p = multiprocessing.Process(target=visit_and_report, args=("process", items, out))
    p.start()
    report = out.get()
    p.join()
    print(f"1. after a process: visits = {visits}, log = {log}, items = {items}")
    print(f"   ({report})")

    t = threading.Thread(target=visit, args=("thread", items))
    t.start()
    t.join()
    print(f"2. after a thread:  visits = {visits}, log = {log}, items = {items}")

    limits = {"small": 4_000, "medium": 5_000, "large": 6_000}
    workers = [
        multiprocessing.Process(target=count_primes, args=(name, limit, out))
        for name, limit in limits.items()
    ]
    for w in workers:
        w.start()
    results = [out.get() for _ in workers]  # before join()
    for w in workers:
        w.join()
    for name, primes in sorted(results, key=lambda r: limits[r[0]]):
        print(f"3. {name:6} primes below {limits[name]}: {primes}")
    print("   exit codes:", [w.exitcode for w in workers])


if __name__ == "__main__":
    main()
