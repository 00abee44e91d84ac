"""11 — Many jobs, few threads.

Shows: threads are not free. Each has its own stack and costs time to
start, and the operating system (and gilsim's --max-threads) limits how
many a process may have. Rather than one thread per job, start a fixed
number of workers and let each take its share of the jobs: here 4 threads
handle 100 jobs, every 4th job each.

Run:  python3 programs/learn/11_limited_threads.py
      gilsim run programs/learn/11_limited_threads.py --format text
Set ONE_THREAD_PER_JOB = True to start 100 threads instead; then try
      gilsim run programs/learn/11_limited_threads.py --max-threads 50
which fails with "RuntimeError: can't start new thread".
"""
import threading
import time

ONE_THREAD_PER_JOB = False
WORKERS = 4
JOBS = list(range(1, 101))


def handle(job):
    time.sleep(0.001)  # a little IO per job
    return job * job


def worker(k, results, done):
    # Worker k takes jobs k, k + WORKERS, k + 2 * WORKERS, ...
    for i in range(k, len(JOBS), WORKERS):
        results[i] = handle(JOBS[i])
        done[k] += 1


def one_job(i, results, done):
    results[i] = handle(JOBS[i])
    done[i] += 1


def main():
    results = [0] * len(JOBS)
    if ONE_THREAD_PER_JOB:
        done = [0] * len(JOBS)  # jobs done by each thread
        threads = [
            threading.Thread(target=one_job, args=(i, results, done)) for i in range(len(JOBS))
        ]
    else:
        done = [0] * WORKERS
        threads = [
            threading.Thread(target=worker, args=(k, results, done)) for k in range(WORKERS)
        ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{sum(done)} jobs done by {len(threads)} threads")
    print(f"jobs per thread: {sorted(set(done))}")
    print(f"sum of the results: {sum(results)}")


if __name__ == "__main__":
    main()
