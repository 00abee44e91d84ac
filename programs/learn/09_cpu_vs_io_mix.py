"""09 — CPU-bound and IO-bound threads together: IO comes back late.

Shows: an IO thread making 20 short waits (1 ms), first alone, then next to
a CPU-bound thread. Alone, each wait takes about 1 ms. Next to the CPU
thread, each return from a wait must first get the GIL back, and the CPU
thread gives it up only when asked, after the 5 ms switch interval
(sys.getswitchinterval()): every wait now takes about 6 ms. This is the
"convoy effect" — why a busy CPU thread makes a server's IO threads slow.

Run:  python3 programs/learn/09_cpu_vs_io_mix.py
      gilsim run programs/learn/09_cpu_vs_io_mix.py --format text
      gilsim run programs/learn/09_cpu_vs_io_mix.py --mode free --engine virtual --cores 2
In the table, see the IO thread's "io back p50/p99" times: about 5 ms
with the GIL, near 0 in free mode. Try also --switch-interval 1ms
(shorter turns) and --policy io-priority (a thread back from IO goes
first).
Set SHOW_TIMES = True to print the mean wait.
"""
import threading
import time

SHOW_TIMES = False
WAITS = 20


def crunch(n, results):
    total = 0
    while n > 0:
        total += n % 7
        n -= 1
    results["cpu"] = total


def io_loop(waits, secs, results):
    took = []
    for _ in range(waits):
        t0 = time.perf_counter()
        time.sleep(secs)
        took.append(time.perf_counter() - t0)
    results["io"] = len(took)
    results["mean_ms"] = 1000 * sum(took) / len(took)


def run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main():
    alone = {}
    run([threading.Thread(target=io_loop, args=(WAITS, 0.001, alone))])
    print(f"IO thread alone: {alone['io']} waits done")

    mixed = {}
    run([
        threading.Thread(target=crunch, args=(3_000_000, mixed)),
        threading.Thread(target=io_loop, args=(WAITS, 0.001, mixed)),
    ])
    print(f"IO thread beside a CPU thread: {mixed['io']} waits done")
    print(f"CPU thread: result {mixed['cpu']}")
    if SHOW_TIMES:
        print(f"a wait of 1 ms took {alone['mean_ms']:.2f} ms alone (mean),"
              f" {mixed['mean_ms']:.2f} ms beside the CPU thread")


if __name__ == "__main__":
    main()
