# A multiprocessing.Queue carries results from two processes back to the parent; a Pipe sends both ways.
import multiprocessing
from multiprocessing import Pipe, Process, Queue


def produce(q, worker_id, numbers):
    for n in numbers:
        q.put((worker_id, n, n * n))
    q.put((worker_id, None, None))


def echo(conn):
    while True:
        msg = conn.recv()
        if msg == "stop":
            conn.send("bye")
            break
        conn.send(msg[::-1] if isinstance(msg, str) else [x * 2 for x in msg])
    conn.close()


if __name__ == "__main__":
    q = Queue()
    workers = [Process(target=produce, args=(q, w, range(w * 5, w * 5 + 5))) for w in range(2)]
    for w in workers:
        w.start()
    results = []
    finished = 0
    while finished < len(workers):
        wid, n, sq = q.get(timeout=10)
        if n is None:
            finished += 1
        else:
            results.append((n, sq, wid))
    for w in workers:
        w.join()
    for row in sorted(results):
        print(row)
    print("exitcodes:", [w.exitcode for w in workers])

    parent_conn, child_conn = Pipe()
    p = Process(target=echo, args=(child_conn,))
    p.start()
    parent_conn.send("hello")
    print(parent_conn.recv())
    parent_conn.send([1, 2, 3])
    print(parent_conn.recv())
    parent_conn.send("abc")
    print(parent_conn.recv())
    parent_conn.send("stop")
    print(parent_conn.recv())
    p.join()
    print("pipe child exitcode:", p.exitcode)

    a, b = Pipe()
    a.send({"x": 1, "y": [1, 2]})
    print("same process:", b.recv(), b.poll())
    b.send(("tuple", 3))
    print(a.poll(1), a.recv())
