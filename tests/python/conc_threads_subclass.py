# A threading.Thread subclass overriding run(), with state set in __init__ and read back after join().
import threading


class SumThread(threading.Thread):
    def __init__(self, lo, hi):
        super().__init__()
        self.lo = lo
        self.hi = hi
        self.total = None

    def run(self):
        total = 0
        for n in range(self.lo, self.hi):
            total += n * n
        self.total = total


class Greeter(threading.Thread):
    def __init__(self, who, out):
        super().__init__(name=f"greeter-{who}")
        self.who = who
        self.out = out

    def run(self):
        self.out.append(f"hello {self.who} from {threading.current_thread().name}")


workers = [SumThread(k * 1000, (k + 1) * 1000) for k in range(4)]
print("alive before start:", [w.is_alive() for w in workers])
for w in workers:
    w.start()
for w in workers:
    w.join()
print("alive after join:", [w.is_alive() for w in workers])
for w in workers:
    print(w.lo, w.hi, w.total)
print("grand total", sum(w.total for w in workers), sum(n * n for n in range(4000)))

out = []
gs = [Greeter(name, out) for name in ("ann", "bob", "cy")]
for g in gs:
    g.start()
for g in gs:
    g.join()
for line in sorted(out):
    print(line)
print([g.name for g in gs])
print(isinstance(gs[0], threading.Thread), issubclass(Greeter, threading.Thread))

try:
    gs[0].start()
except RuntimeError as e:
    print("RuntimeError:", e)
