# Thread names: main thread, explicit names, CPython's default "Thread-N (target)" numbering.
import threading


def worker(out):
    out.append(threading.current_thread().name)


def other(out):
    out.append(threading.current_thread().name)


print(threading.current_thread().name)
print(threading.main_thread().name)
print(threading.current_thread() is threading.main_thread())

out = []
threads = [threading.Thread(target=worker, args=(out,)) for _ in range(3)]
print([t.name for t in threads])
t4 = threading.Thread(target=other, args=(out,))
named = threading.Thread(target=worker, args=(out,), name="custom")
t5 = threading.Thread(target=other, args=(out,))
print(t4.name, "|", named.name, "|", t5.name)
for t in threads + [t4, named, t5]:
    t.start()
for t in threads + [t4, named, t5]:
    t.join()
print(sorted(out))


class Plain(threading.Thread):
    def run(self):
        pass


p = Plain()
print(p.name)
p.start()
p.join()
no_target = threading.Thread()
print(no_target.name)

t = threading.Thread(target=worker, args=(out,))
t.name = "renamed"
t.start()
t.join()
print(t.name, out[-1])
print(threading.main_thread().is_alive(), threading.current_thread().daemon)
