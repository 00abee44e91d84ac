"""02 — IO-bound work: threads help, because a waiting thread gives the GIL away.

Shows: 8 fake downloads, each waiting 50 ms (time.sleep stands in for a
network read). One after another they take 8 x 50 ms; on 8 threads the
waits overlap and the whole batch takes about 50 ms. While a thread
sleeps it has released the GIL, so the others can run.

Run:  python3 programs/learn/02_io_bound_threads.py
      gilsim run programs/learn/02_io_bound_threads.py --format text
      gilsim run programs/learn/02_io_bound_threads.py --engine virtual --cores 1
Even on one (virtual) core the waits overlap: IO needs no CPU.
Set SHOW_TIMES = True to print the two times.
"""
import threading
import time

SHOW_TIMES = False
URLS = [f"https://example.org/page/{i}" for i in range(8)]


def download(url):
    time.sleep(0.05)  # waiting for the network: the GIL is released here
    return len(url) * 100  # a made-up page size


def sequential():
    return [download(url) for url in URLS]


def threaded():
    sizes = [0] * len(URLS)

    def worker(i, url):
        sizes[i] = download(url)

    threads = [threading.Thread(target=worker, args=(i, url)) for i, url in enumerate(URLS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sizes


def main():
    t0 = time.perf_counter()
    one = sequential()
    t1 = time.perf_counter()
    many = threaded()
    t2 = time.perf_counter()
    print(f"{len(URLS)} pages, {sum(one)} bytes one after another")
    print(f"{len(URLS)} pages, {sum(many)} bytes on {len(URLS)} threads")
    print("same pages:", one == many)
    if SHOW_TIMES:
        print(f"sequential {t1 - t0:.3f} s, threaded {t2 - t1:.3f} s")


if __name__ == "__main__":
    main()
