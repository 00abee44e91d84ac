# Locks inside a property, __next__, __len__ and __enter__: the pattern of a thread-safe class, used from several threads.
import threading


class SafeCounter:
    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()

    @property
    def value(self):
        with self._lock:
            return self._value

    def increment(self):
        with self._lock:
            self._value += 1

    def __len__(self):
        with self._lock:
            return self._value


class Countdown:
    """An iterator shared by threads: each item handed out once."""

    def __init__(self, n):
        self.n = n
        self.lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            if self.n <= 0:
                raise StopIteration
            self.n -= 1
            return self.n


class Guard:
    def __init__(self):
        self.lock = threading.Lock()
        self.entered = 0

    def __enter__(self):
        self.lock.acquire()
        self.entered += 1
        return self

    def __exit__(self, *exc):
        self.lock.release()
        return False


counter = SafeCounter()
threads = [threading.Thread(target=counter.increment) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("value:", counter.value, "len:", len(counter))

source = Countdown(100)
taken = []
guard = Guard()


def drain():
    for item in source:
        with guard:
            taken.append(item)


workers = [threading.Thread(target=drain) for _ in range(4)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(len(taken), sorted(taken) == list(range(100)), guard.entered)
print(list(Countdown(3)), [x * 2 for x in Countdown(2)])


class Broken:
    def __iter__(self):
        return self

    def __next__(self):
        raise ValueError("broken iterator")


try:
    for _ in Broken():
        pass
except ValueError as e:
    print("caught:", e)


class SharedList:
    """Container dunders taking a lock: [] get and set, iteration."""

    def __init__(self):
        self.items = [0, 0, 0]
        self.lock = threading.Lock()

    def __getitem__(self, i):
        with self.lock:
            return self.items[i]

    def __setitem__(self, i, v):
        with self.lock:
            self.items[i] = v

    def __iter__(self):
        with self.lock:
            return iter(list(self.items))


shared = SharedList()


def fill(i):
    shared[i] = shared[i] + i * 10


fillers = [threading.Thread(target=fill, args=(i,)) for i in range(3)]
for f in fillers:
    f.start()
for f in fillers:
    f.join()
print(shared[2], list(shared), [x for x in shared])
