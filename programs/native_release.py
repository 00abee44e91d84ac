"""native_release.py — native calls that release the GIL run in parallel;
ones that hold it do not. Twin of native_release.pyasm; under CPython the
native work is programs/gilsim_native.py (hashlib / a long C call).

bench(threads, work) makes `work` native calls of 2000 units (GIL
released), split over threads.

Run:  python3 programs/native_release.py
      cargo run --release -- run programs/native_release.py
"""
import threading

import gilsim_native


def calls(n, units, release):
    for _ in range(n):
        gilsim_native.work(units, release)


def run_threads(k, n, release):
    # k threads, each making n native calls of 2000 units.
    workers = [threading.Thread(target=calls, args=(n, 2000, release)) for _ in range(k)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()


def bench(threads, work):
    run_threads(threads, work // threads, True)


def main():
    run_threads(2, 5, True)
    run_threads(2, 5, False)
    print("20 native calls done on 2 threads, half of them releasing the GIL")


if __name__ == "__main__":
    main()
