# multiprocessing.Value with get_lock() around +=, and Array written by children, read by the parent.
import multiprocessing as mp

def add(counter, arr, i, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1
    arr[i] = n * i

if __name__ == "__main__":
    counter = mp.Value('i', 0)
    arr = mp.Array('i', 3)
    ps = [mp.Process(target=add, args=(counter, arr, i, 100)) for i in range(3)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(counter.value, list(arr), len(arr), arr[2])
