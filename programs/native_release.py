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
    for i in range(n):
        gilsim_native.work(units, release)


def spawn_join(k, n, release):
    if k <= 0:
        return
    t = threading.Thread(target=calls, args=(n, 2000, release))
    t.start()
    spawn_join(k - 1, n, release)
    t.join()


def bench(threads, work):
    spawn_join(threads, work // threads, True)


def main():
    spawn_join(2, 5, True)
    spawn_join(2, 5, False)
    print("20 native calls done on 2 threads, half of them releasing the GIL")


if __name__ == "__main__":
    main()
