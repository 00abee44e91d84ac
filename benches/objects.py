"""objects.py — a list/dict/str-heavy workload for the speed goal of the
object model: appends, dict counting, string building and a method call
per item. Runs unchanged under CPython and gilsim; prints a checksum.

Run:  python3 benches/objects.py
      gilsim run benches/objects.py --format none
"""


class Counter:
    def __init__(self):
        self.counts = {}

    def add(self, word):
        self.counts[word] = self.counts.get(word, 0) + 1


def main(rounds):
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    counter = Counter()
    items = []
    total = 0
    for i in range(rounds):
        w = words[i % len(words)]
        counter.add(w)
        items.append(w.upper())
        if len(items) >= 100:
            line = ",".join(items)
            total += len(line)
            items = []
        total += len(f"{w}-{i}")
    return total, sorted(counter.counts.items())


if __name__ == "__main__":
    total, counts = main(400000)
    print(total, counts[0], counts[-1])
