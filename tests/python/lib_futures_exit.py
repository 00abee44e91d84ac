# ThreadPoolExecutor without shutdown(): at the interpreter's exit the queued calls still run, then the workers end.
import threading
from concurrent.futures import ThreadPoolExecutor

go = threading.Event()


def job(i):
    go.wait()
    print("job", i, "ran")
    return i


# One worker: the calls run in submission order, after the main code ends.
pool = ThreadPoolExecutor(max_workers=1)
futures = [pool.submit(job, i) for i in range(5)]

# A second pool whose worker is idle when the program ends.
idle = ThreadPoolExecutor(max_workers=2)
print("idle pool result:", idle.submit(pow, 2, 10).result())

print("main code done, pending:", sum(1 for f in futures if not f.done()))
go.set()
