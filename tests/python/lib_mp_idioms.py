# multiprocessing idioms: Pool map/apply_async/imap_unordered, a Queue fed by a child, Pipe, a Process subclass (named Counter-N), exit codes.
import multiprocessing as mp
import os
import time

def worker(num, return_dict):
    return_dict[num] = num * num

def cube(x):
    return x ** 3

def producer(q):
    for i in range(3):
        q.put(i)
    q.put("DONE")

def f(conn):
    conn.send([42, None, "hello"])
    conn.close()

class Counter(mp.Process):
    def __init__(self, n):
        super().__init__()
        self.n = n
    def run(self):
        print("counting", self.n)

if __name__ == "__main__":
    with mp.Pool(processes=2) as pool:
        print(pool.map(cube, [1, 2, 3]))
        res = [pool.apply_async(cube, (i,)) for i in range(3)]
        print([r.get(timeout=5) for r in res])
        for x in pool.imap_unordered(cube, range(3)):
            pass
    q = mp.Queue()
    p = mp.Process(target=producer, args=(q,))
    p.start()
    items = []
    while True:
        item = q.get()
        if item == "DONE":
            break
        items.append(item)
    p.join()
    print(items, p.exitcode, p.is_alive())
    parent_conn, child_conn = mp.Pipe()
    p = mp.Process(target=f, args=(child_conn,))
    p.start()
    print(parent_conn.recv())
    p.join()
    c = Counter(5)
    c.start(); c.join()
    print(c.exitcode, c.name)
    print(mp.current_process().name)
    procs = [mp.Process(target=cube, args=(i,)) for i in range(3)]
    for pr in procs: pr.start()
    for pr in procs: pr.join()
    print([pr.exitcode for pr in procs])
