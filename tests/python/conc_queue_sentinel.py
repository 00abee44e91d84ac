# queue.Queue producer/consumer: producers put work, consumers stop on a None sentinel.
import queue
import threading

work = queue.Queue()
results = queue.Queue()


def producer(start, count):
    for n in range(start, start + count):
        work.put(n)


def consumer():
    handled = 0
    while True:
        item = work.get()
        if item is None:
            break
        results.put((item, item * item))
        handled += 1
    results.put(("done", handled))


producers = [threading.Thread(target=producer, args=(k * 10, 10)) for k in range(3)]
consumers = [threading.Thread(target=consumer) for _ in range(2)]
for t in producers + consumers:
    t.start()
for p in producers:
    p.join()
for _ in consumers:
    work.put(None)
for c in consumers:
    c.join()

squares = []
handled = 0
while not results.empty():
    a, b = results.get()
    if a == "done":
        handled += b
    else:
        squares.append((a, b))
squares.sort()
print("handled:", handled)
print("first:", squares[:3])
print("last:", squares[-2:])
print("sum of squares:", sum(b for _, b in squares))
print("work empty:", work.empty(), "qsize:", work.qsize())

# One producer, one consumer: FIFO order is preserved end to end.
pipe = queue.Queue()
received = []


def reader():
    while (item := pipe.get()) is not None:
        received.append(item.upper())


r = threading.Thread(target=reader)
r.start()
for word in "the quick brown fox".split():
    pipe.put(word)
pipe.put(None)
r.join()
print(received)
