#!/usr/bin/env python3
"""Parallel virtual sweeps: `--jobs N` against `--jobs 1`, in one run.

Times a virtual-engine sweep (a grid of policies x switch intervals x seeds
over the convoy workload and the CPU-bound count-down) with --jobs 1 and
with --jobs N for each N given, alternating, ROUNDS times, checks that
every run wrote the same bytes, and prints the median wall times and the
speedups over --jobs 1. Run it on a quiet machine: it measures the host.

Usage: python3 benches/parallel_sweep.py [ROUNDS] [JOBS...]
       (default 3 rounds, jobs 2; builds gilsim first)
"""
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GILSIM = os.path.join(ROOT, "target", "release", "gilsim")

GRID = [
    "sweep", "--engine", "virtual", "--cores", "2", "--modes", "gil,free",
    "--workload", "io=programs/gil_mix.pyasm:1,%40,0.0005,200",
    "--workload", "cpu=programs/countdown.pyasm:%4000000",
    "--policies", "newgil,fifo,io-priority", "--switch-intervals", "5ms,1ms",
    "--threads", "1,2,4", "--scaling", "strong", "--seeds", "1..8",
]


def digest(prefix):
    h = hashlib.sha256()
    for suffix in (".json", ".csv", ".cells.csv", ".threads.csv"):
        with open(prefix + suffix, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def timed(jobs, out):
    t0 = time.perf_counter()
    subprocess.run([GILSIM, *GRID, "--jobs", str(jobs), "-o", out],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    jobs = [int(j) for j in sys.argv[2:]] or [2]
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    times = {j: [] for j in [1, *jobs]}
    digests = set()
    with tempfile.TemporaryDirectory() as d:
        for _ in range(rounds):
            for j in times:
                out = os.path.join(d, f"j{j}")
                times[j].append(timed(j, out))
                digests.add(digest(out))
    assert len(digests) == 1, "results differ between --jobs values"
    base = statistics.median(times[1])
    print(f"virtual sweep, {os.cpu_count()} host cores, median of {rounds} rounds (same bytes every run)")
    for j, ts in times.items():
        m = statistics.median(ts)
        print(f"--jobs {j:<3} {m:7.2f} s   speedup {base / m:4.2f}x")


if __name__ == "__main__":
    main()
