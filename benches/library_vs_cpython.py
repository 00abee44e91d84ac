#!/usr/bin/env python3
"""gilsim's concurrency library against CPython's, side by side.

Runs each program in benches/library/ under this CPython (its binary, not
a pyenv shim) and under gilsim (release build, real engine), alternating,
ROUNDS times, and prints the medians of the figures each program prints:
the time ratio of 4 threads to 1 for a queue.Queue pipeline and for
ThreadPoolExecutor.map (CPU-bound and IO-bound work), the time of
asyncio.gather over 1,000 sleeping coroutines, and the ratio of a
multiprocessing.Pool(2).map of CPU-bound work to the same work in one
process.

Usage: python3 benches/library_vs_cpython.py [ROUNDS]   (default 5; builds gilsim first)
"""
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "benches", "library")
GILSIM = os.path.join(ROOT, "target", "release", "gilsim")


def figures(output):
    """Each line's figure: its ratio if it has one, else its time (s)."""
    out = {}
    for line in output.splitlines():
        head, _, rest = line.partition(":")
        words = rest.replace(",", " ").split()
        if "ratio" in words:
            out[head + " (ratio)"] = float(words[-1])
        elif words and words[-1] == "s":
            out[head + " (s)"] = float(words[-2])
    return out


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr[-2000:]))
    return figures(r.stdout)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    python = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.executable)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    version = subprocess.run([python, "--version"], capture_output=True, text=True).stdout.strip()
    results = {}
    for name in sorted(os.listdir(PROGRAMS)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(PROGRAMS, name)
        for _ in range(rounds):
            for who, cmd in (("cpython", [python, path]),
                             ("gilsim", [GILSIM, "run", path, "--format", "none"])):
                for key, v in run(cmd).items():
                    results.setdefault(key, {}).setdefault(who, []).append(v)
    print("%s vs gilsim (real engine), median of %d alternating rounds" % (version, rounds))
    print("%-34s %10s %10s %10s" % ("figure", "CPython", "gilsim", "gilsim/CPy"))
    for key in sorted(results):
        c = statistics.median(results[key]["cpython"])
        g = statistics.median(results[key]["gilsim"])
        print("%-34s %10.3f %10.3f %10.2f" % (key, c, g, g / c if c else float("nan")))


if __name__ == "__main__":
    main()
