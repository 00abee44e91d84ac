"""13 — A producer/consumer pipeline with queue.Queue.

Shows: threads handing work to each other through a queue.Queue instead
of sharing a list. A producer "reads" 12 lines (time.sleep stands in for
reading a file or a socket) and puts each into a bounded queue; 3
consumers take lines out, count their words and put (line number, count)
into a second queue that the main thread reads. The queue does the
locking: put() and get() are safe from any number of threads, get()
waits (the GIL released) while the queue is empty, and put() waits while
a queue made with maxsize=4 is full, so a fast producer cannot run far
ahead of slow consumers.

How do the consumers know the work is over? The producer puts one
sentinel value (None) per consumer after the last line; a consumer that
gets None stops. Each consumer takes exactly one sentinel, because it
stops taking as soon as it has one.

Which consumer handles which line depends on the scheduling, so the
program prints the results sorted by line number, and the number of
lines per consumer only as a total.

Run:  python3 programs/learn/13_queue_pipeline.py
      gilsim run programs/learn/13_queue_pipeline.py --format text
The producer is faster than the 3 consumers together, so the queue
fills up and the producer has to wait for room. In the table the
"volunt" column counts the times a thread gave the GIL away on its own:
each sleep ("io ops") and each wait in get() or put() releases it. The
"blocked in" part of the report says where the threads waited: the
consumers in "queue get" (no work yet), the producer in "queue put" (no
room). This pipeline is IO-bound: the threads mostly wait, for work or
for their IO, and only briefly for the GIL ("wait ms").
"""
import queue
import threading
import time

CONSUMERS = 3
LINES = [
    "the gil lets one thread run bytecode at a time",
    "io releases it",
    "a queue does its own locking",
    "put waits while the queue is full",
    "get waits while it is empty",
    "one sentinel per consumer",
    "none means stop",
    "threads share memory",
    "processes do not",
    "asyncio runs on one thread",
    "cpu bound work goes to processes",
    "io bound work goes to threads",
]
STOP = None  # the sentinel


def producer(lines, work):
    for number, line in enumerate(lines, 1):
        time.sleep(0.001)  # reading the next line: IO, the GIL released
        work.put((number, line))  # waits while the queue is full
    for _ in range(CONSUMERS):
        work.put(STOP)


def consumer(work, results):
    while True:
        item = work.get()  # waits while the queue is empty
        if item is STOP:
            break
        number, line = item
        time.sleep(0.01)  # some slow processing of the line
        results.put((number, len(line.split())))


def main():
    work = queue.Queue(maxsize=4)
    results = queue.Queue()
    threads = [threading.Thread(target=producer, args=(LINES, work), name="producer")]
    threads += [
        threading.Thread(target=consumer, args=(work, results), name=f"consumer-{k}")
        for k in range(1, CONSUMERS + 1)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    counts = []
    while not results.empty():  # every thread has ended: nobody adds any more
        counts.append(results.get())
    counts.sort()
    for number, words in counts:
        print(f"line {number:2}: {words} words")
    print(f"{len(counts)} lines, {sum(w for _, w in counts)} words, {CONSUMERS} consumers")
    print("work queue empty at the end:", work.empty())


if __name__ == "__main__":
    main()
