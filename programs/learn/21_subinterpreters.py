"""21 — CPU-bound work on subinterpreters: parallel like processes, in one process.

Shows: Python 3.14's third way to run CPU-bound work in parallel. The
same job as 12 (a sum of squares over 4 slices) runs on a
ThreadPoolExecutor, a ProcessPoolExecutor and an InterpreterPoolExecutor
of 4 workers each. The answers are the same.
- The 4 threads share one interpreter and so one GIL: they take turns.
- Each process is an interpreter of its own with its own GIL, so the 4
  run at once; starting a process costs the most.
- Each subinterpreter (PEP 684, PEP 734) also has its own GIL and its own
  globals, but lives in this one process: the 4 run at once, and
  starting one costs less than starting a process (more than a thread).
What crosses between interpreters is copied (pickled), as between
processes: the function travels by name, the slices and sums by value.
So each interpreter counts `calls` in its own globals: the main
interpreter's count grows only when threads do the work.

Before Python 3.14 there is no InterpreterPoolExecutor: this program then
uses processes in its place, and prints the same lines.

The `if __name__ == "__main__":` guard matters here too: a new
interpreter runs this file again (as "<fake __main__>" in CPython 3.14)
to find the function it is asked to call.

Run:  python3 programs/learn/21_subinterpreters.py        (3.14: real subinterpreters)
      gilsim run programs/learn/21_subinterpreters.py --format text
      gilsim run programs/learn/21_subinterpreters.py --engine virtual --cores 4 --format text
In gilsim's table the pool's threads ("InterpreterPoolExecutor-0_0" ...)
hand each call to a thread of their interpreter ("interp-5 call" ...:
ids 1-4 went to the processes, which gilsim runs as interpreters too);
those never wait for a GIL shared with another interpreter, and with 4
virtual cores the first line says "max parallel 4". Set SHOW_TIMES =
True to print the three times (under the virtual engine the same on every
run: threads about 4 slices long, processes and interpreters about one,
plus their start-up). Compare 12 (processes) and 01 (threads).
"""
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

try:
    from concurrent.futures import InterpreterPoolExecutor
except ImportError:  # before Python 3.14: processes stand in
    InterpreterPoolExecutor = ProcessPoolExecutor

SHOW_TIMES = False
N = 400_000
WORKERS = 4
calls = 0


def sum_of_squares(start, stop):
    global calls
    calls += 1
    total = 0
    for i in range(start, stop):
        total += i * i
    return total


def slices():
    # WORKERS slices of range(N), as (start, stop) pairs.
    return [(k * N // WORKERS, (k + 1) * N // WORKERS) for k in range(WORKERS)]


def run_on(executor_class):
    # Returns the answer, the calls this interpreter saw, and the time.
    before = calls
    t0 = time.perf_counter()
    starts = [start for start, stop in slices()]
    stops = [stop for start, stop in slices()]
    with executor_class(max_workers=WORKERS) as pool:
        total = sum(pool.map(sum_of_squares, starts, stops))
    return total, calls - before, time.perf_counter() - t0


def main():
    results = [
        ("threads", run_on(ThreadPoolExecutor)),
        ("processes", run_on(ProcessPoolExecutor)),
        ("interpreters", run_on(InterpreterPoolExecutor)),
    ]
    for name, (total, seen, _) in results:
        print(f"{WORKERS} {name + ':':<14} sum of squares below {N} = {total}"
              f" (calls counted here: {seen})")
    answers = set(total for _, (total, _, _) in results)
    print("same answer:", len(answers) == 1)
    if SHOW_TIMES:
        for name, (_, _, secs) in results:
            print(f"{name:<13} {secs:.3f} s")


if __name__ == "__main__":
    main()
