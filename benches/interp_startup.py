"""What starting a subinterpreter costs in CPython, beside a thread and a
process start, measured side by side in one run (gilsim's
`interp_start_ns` comes from here; see README, "Subinterpreters").

Run it with python3.13 (or newer) called directly, not through a pyenv
shim:

    $(pyenv root)/versions/3.13.0/bin/python3.13 benches/interp_startup.py

Each figure is the median of N tries, in microseconds:

- thread:          threading.Thread(target=empty).start() + join()
- interp create:   _interpreters.create() (a fresh, isolated interpreter
                   with its own GIL) ... destroy() not counted
- interp + exec:   create() and a first run_string("pass") in it
- interp destroy:  _interpreters.destroy() of an idle interpreter
- process fork:    multiprocessing fork context, Process(empty).start() + join()
- process spawn:   multiprocessing spawn context, the same (a new python)
"""

import multiprocessing as mp
import statistics
import sys
import threading
import time

try:
    import _interpreters as interps
except ImportError:  # 3.12 names it _xxsubinterpreters
    import _xxsubinterpreters as interps


def empty():
    pass


def median_us(f, n):
    samples = []
    for _ in range(n):
        samples.append(f())
    return statistics.median(samples) / 1000.0


def thread_start():
    t0 = time.perf_counter_ns()
    t = threading.Thread(target=empty)
    t.start()
    t.join()
    return time.perf_counter_ns() - t0


def interp_create():
    t0 = time.perf_counter_ns()
    i = interps.create()
    dt = time.perf_counter_ns() - t0
    interps.destroy(i)
    return dt


def interp_create_exec():
    t0 = time.perf_counter_ns()
    i = interps.create()
    interps.run_string(i, "pass")
    dt = time.perf_counter_ns() - t0
    interps.destroy(i)
    return dt


def interp_destroy():
    i = interps.create()
    t0 = time.perf_counter_ns()
    interps.destroy(i)
    return time.perf_counter_ns() - t0


def process_start(ctx):
    def once():
        t0 = time.perf_counter_ns()
        p = ctx.Process(target=empty)
        p.start()
        p.join()
        return time.perf_counter_ns() - t0
    return once


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rows = [
        ("thread", median_us(thread_start, n)),
        ("interp create", median_us(interp_create, n)),
        ("interp + exec", median_us(interp_create_exec, n)),
        ("interp destroy", median_us(interp_destroy, n)),
        ("process fork", median_us(process_start(mp.get_context("fork")), n // 4)),
        ("process spawn", median_us(process_start(mp.get_context("spawn")), max(n // 20, 5))),
    ]
    print("python %s, median of %d tries (processes fewer), microseconds"
          % (sys.version.split()[0], n))
    base = rows[0][1]
    for name, us in rows:
        print("%-15s %10.1f us  %7.1fx a thread" % (name, us, us / base))


if __name__ == "__main__":
    main()
