#!/usr/bin/env python3
"""Compares a real-engine sweep with a virtual-engine one, cell by cell.

    gilsim report                                   # real: plots/results.json
    gilsim sweep --engine virtual --cores 2 --modes gil,free,async,process -o virtual2
    python3 benches/faithful.py plots/results.json virtual2.json

For each cell it prints the real speedup from the medians and from the
fastest runs (the least disturbed by other load on a shared machine), the
virtual speedup, and the difference from the fastest-run figure; then the
largest difference and how many cells differ by more than 20%.
"""
import json
import sys


def speedups(cells, use_min):
    walls = {}
    for c in cells:
        walls[(c["workload"], c["scaling"], c["mode"], c["threads"])] = (
            c["wall_min_ns"] if use_min else c["wall_median_ns"]
        )
    out = {}
    for k, w in walls.items():
        base = walls[(k[0], k[1], k[2], min(t for (a, b, m, t) in walls if (a, b, m) == k[:3]))]
        s = base / w
        out[k] = s * k[3] if k[1] == "weak" else s
    return out


def main():
    real = json.load(open(sys.argv[1]))["cells"]
    virt = json.load(open(sys.argv[2]))["cells"]
    med, best = speedups(real, False), speedups(real, True)
    v = {(c["workload"], c["scaling"], c["mode"], c["threads"]): c["speedup"] for c in virt}
    print(f"{'cell':<28} {'real med':>8} {'real best':>9} {'virtual':>8} {'diff':>6}")
    worst, over = 0.0, 0
    for k in sorted(med):
        if k not in v:
            continue
        d = v[k] / best[k] - 1
        worst = max(worst, abs(d))
        over += abs(d) > 0.2
        name = "/".join(map(str, k))
        print(f"{name:<28} {med[k]:>8.2f} {best[k]:>9.2f} {v[k]:>8.2f} {d:>+6.0%}")
    print(f"largest difference {worst:.0%}; cells over 20%: {over} of {len(v)}")


if __name__ == "__main__":
    main()
