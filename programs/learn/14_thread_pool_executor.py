"""14 — concurrent.futures.ThreadPoolExecutor: a pool of threads for IO.

Shows: the standard way to run IO-bound jobs on a few threads (compare 11,
which did it by hand). An executor keeps max_workers threads and hands
them the jobs; each job gives back a Future, a box where its result (or
its exception) will appear.
  1. executor.map(f, items): results in the order of the items, however
     the jobs finish. 8 fake downloads of 50 ms on 4 threads take about
     2 x 50 ms: while a thread waits it releases the GIL.
  2. executor.submit(f, item) and as_completed(futures): results in the
     order the jobs finish. The waits differ by 50 ms, so that order is
     the same on every run.
  3. exceptions: unlike a bare Thread (see 08), a failed job is not lost.
     future.result() raises the job's exception in the thread that asks;
     map raises it when its turn comes in the results.
`with ThreadPoolExecutor(...) as executor:` waits for every job at the
end of the block (shutdown(wait=True)).

Run:  python3 programs/learn/14_thread_pool_executor.py
      gilsim run programs/learn/14_thread_pool_executor.py --format text
      gilsim run programs/learn/14_thread_pool_executor.py --engine virtual --cores 1 --format text
The table shows the pool's worker threads (named "pages_0", "pages_1", ...
from thread_name_prefix) with many "io ops" and almost no GIL "wait ms";
even on one virtual core the waits overlap: IO needs no CPU.
"""
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

SITE = "https://example.org"
# A page's path and how long its download waits (seconds).
SLOW_PAGES = {"/a": 0.2, "/b": 0.05, "/c": 0.15, "/d": 0.1}


class PageNotFound(Exception):
    pass


def download(path, delay=0.05):
    time.sleep(delay)  # waiting for the network: the GIL is released
    if path.startswith("/missing"):
        raise PageNotFound(f"404 {SITE}{path}")
    return len(SITE + path) * 100  # a made-up page size


def download_slow(path):
    return path, download(path, SLOW_PAGES[path])


def main():
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="pages") as executor:
        paths = [f"/page/{i}" for i in range(8)]
        sizes = list(executor.map(download, paths))
        print(f"1. map: {len(sizes)} pages in the order asked: {sizes}")

        futures = [executor.submit(download_slow, path) for path in SLOW_PAGES]
        print("   submitted:  ", " ".join(SLOW_PAGES))
        finished = [future.result()[0] for future in as_completed(futures)]
        print("2. as_completed:", " ".join(finished))

        good = executor.submit(download, "/index")
        bad = executor.submit(download, "/missing/page")
        print("3. good page:", good.result())
        try:
            bad.result()  # the job's exception, raised here
        except PageNotFound as e:
            print("   bad page raised in the main thread:", repr(e))
        print("   bad.exception():", repr(bad.exception()))

        try:
            for size in executor.map(download, ["/x", "/missing/y", "/z"]):
                print("   map gave", size)
        except PageNotFound as e:
            print("   map stopped at:", e)


if __name__ == "__main__":
    main()
