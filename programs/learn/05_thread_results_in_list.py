"""05 — Getting results back from threads.

Shows: a thread's target may return a value, but nobody receives it: join()
returns None. Threads hand results back through shared objects instead:
  1. a list with one slot per thread (each thread writes only its own slot);
  2. a dict keyed by the task (each thread writes only its own key);
  3. one shared list that every thread appends to: safe, but the order of
     the items depends on the scheduling, so sort them before use.
Also shows Thread's keyword arguments: kwargs= for the target, and name=,
which names the thread in tracebacks and in gilsim's per-thread table.

Run:  python3 programs/learn/05_thread_results_in_list.py
      gilsim run programs/learn/05_thread_results_in_list.py --format text
"""
import threading

TEXTS = {
    "gil": "only one thread runs python bytecode at any moment",
    "io": "a thread waiting for the network lets the others run",
    "race": "two threads change the same data at the same time",
}


def start_and_join(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def square(n, slots, index):
    slots[index] = n * n


def analyse(key, text, table, min_length=1):
    words = [w for w in text.split() if len(w) >= min_length]
    table[key] = (len(words), max(words, key=len))


def collect(n, found):
    found.append(n * 10)


def main():
    numbers = [3, 1, 4, 1, 5]
    slots = [None] * len(numbers)
    start_and_join([
        threading.Thread(target=square, args=(n, slots, i)) for i, n in enumerate(numbers)
    ])
    print("1. squares, one slot per thread:", slots)

    table = {}
    start_and_join([
        threading.Thread(
            target=analyse,
            args=(key, text, table),
            kwargs={"min_length": 4},
            name=f"analyse-{key}",
        )
        for key, text in TEXTS.items()
    ])
    for key in sorted(table):
        count, longest = table[key]
        print(f"2. {key}: {count} words of 4+ letters, longest {longest!r}")

    found = []
    start_and_join([threading.Thread(target=collect, args=(n, found)) for n in range(5)])
    print("3. appended, then sorted:", sorted(found))


if __name__ == "__main__":
    main()
