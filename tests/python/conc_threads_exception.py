# An uncaught exception in a thread goes to stderr (or threading.excepthook); the main thread carries on, exit 0.
import threading


def boom(n):
    if n == 2:
        raise ValueError(f"bad item {n}")
    results.append(n * 10)


results = []
threads = [threading.Thread(target=boom, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("results:", sorted(results))
print("all finished:", not any(t.is_alive() for t in threads))

# A custom excepthook sees the exception type, value and thread.
caught = []


def hook(args):
    caught.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))


old = threading.excepthook
threading.excepthook = hook
t = threading.Thread(target=lambda: 1 / 0, name="divider")
t.start()
t.join()
t = threading.Thread(target=lambda: [][3], name="indexer")
t.start()
t.join()
threading.excepthook = old
for c in caught:
    print(c)

# The usual pattern: catch inside the worker and hand the error back.
errors = {}


def safe(n):
    try:
        if n % 3 == 0:
            raise KeyError(n)
        results.append(n)
    except Exception as e:
        errors[n] = repr(e)


ts = [threading.Thread(target=safe, args=(i,)) for i in range(7)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(errors.items()))
print("main thread still running")
