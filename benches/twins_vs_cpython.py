#!/usr/bin/env python3
"""The Python twins under CPython and under gilsim, side by side.

For each twin with a bench(threads, work) function (programs/*.py), runs
bench with 1, 2 and 4 threads — the same total work split over them —
under this CPython, under gilsim with the GIL, and under gilsim free-
threaded, and prints each one's time with N threads divided by its time
with one thread. Under a GIL, CPU-bound work stays near 1.0 (no gain) and
IO-bound work falls toward 1/N; free-threaded CPU-bound work falls too.
Medians of ROUNDS alternating rounds, so all three see the same load.

Usage: python3 benches/twins_vs_cpython.py [ROUNDS]   (default 3; builds gilsim first)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "programs")
# twin -> total work for bench(threads, work): about 0.2-0.5 s on one thread.
TWINS = {
    "countdown": 16_000_000,
    "fib": 720,
    "primes": 150_000,
    "io_wait": 96,
    "mixed": 24,
    "native_release": 120,
}
THREADS = [1, 2, 4]


def cpython(twin, threads, work):
    code = (
        "import sys, time; sys.path.insert(0, %r); import %s as m\n"
        "t = time.perf_counter(); m.bench(%d, %d); print(time.perf_counter() - t)"
        % (PROGRAMS, twin, threads, work)
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def gilsim(exe, twin, threads, work, mode):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [exe, "run", os.path.join(PROGRAMS, twin + ".py"), "--entry", "bench", "--arg", str(threads),
             "--arg", str(work), "--mode", mode, "--format", "json", "--report", report.name],
            check=True, capture_output=True,
        )
        with open(report.name) as f:
            return json.load(f)["wall_ns"] / 1e9


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "gilsim")
    print("time with N threads / time with 1 thread (same total work), median of %d rounds" % rounds)
    print("%-15s %-22s %-22s %-22s" % ("twin", "CPython " + sys.version.split()[0], "gilsim, GIL", "gilsim, free-threaded"))
    print("%-15s %-22s %-22s %-22s" % ("", *["  ".join("N=%d" % n for n in THREADS)] * 3))
    for twin, work in TWINS.items():
        times = {k: {n: [] for n in THREADS} for k in ("py", "gil", "free")}
        for _ in range(rounds):
            for n in THREADS:
                times["py"][n].append(cpython(twin, n, work))
                times["gil"][n].append(gilsim(exe, twin, n, work, "gil"))
                times["free"][n].append(gilsim(exe, twin, n, work, "free"))
        cols = []
        for k in ("py", "gil", "free"):
            med = {n: statistics.median(times[k][n]) for n in THREADS}
            cols.append("  ".join("%4.2f" % (med[n] / med[1]) for n in THREADS))
        print("%-15s %-22s %-22s %-22s" % (twin, *cols))


if __name__ == "__main__":
    main()
