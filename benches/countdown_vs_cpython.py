#!/usr/bin/env python3
"""Count-down loop: CPython 3 against gilsim, side by side in one run.

Runs the classic `while n > 0: n -= 1` loop in this CPython, and
programs/countdown.pyasm (the same loop as bytecode) in gilsim, alternating
them for several rounds so both see the same machine load. Prints loop
iterations per second for each (median over rounds) and their ratio.

Usage: python3 benches/countdown_vs_cpython.py [N] [ROUNDS]
       (builds gilsim in release mode first; N defaults to 20,000,000)
"""
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def countdown(n):
    while n > 0:
        n -= 1


def cpython_rate(n):
    t = time.perf_counter()
    countdown(n)
    return n / (time.perf_counter() - t)


def gilsim_rate(exe, n):
    out = subprocess.run(
        [exe, "run", os.path.join(ROOT, "programs", "countdown.pyasm"), "--arg", str(n), "--format", "json"],
        check=True, capture_output=True, text=True,
    )
    report = json.loads(out.stderr)
    return n / (report["wall_ns"] / 1e9)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "gilsim")
    py, gs = [], []
    for _ in range(rounds):
        py.append(cpython_rate(n))
        gs.append(gilsim_rate(exe, n))
    p, g = statistics.median(py), statistics.median(gs)
    print(f"count-down loop, n = {n:,}, median of {rounds} alternating rounds")
    print(f"  CPython {sys.version.split()[0]:<8} {p / 1e6:8.1f} M iterations/s")
    print(f"  gilsim            {g / 1e6:8.1f} M iterations/s")
    print(f"  ratio gilsim / CPython: {g / p:.2f}x")


if __name__ == "__main__":
    main()
