# RLock re-entry by its owner, Lock.acquire(timeout=...) and acquire(blocking=False) returning False.
import threading
import time

rlock = threading.RLock()
calls = []


def factorial(n):
    with rlock:
        calls.append(n)
        if n <= 1:
            return 1
        return n * factorial(n - 1)


print("5! =", factorial(5), calls)

rlock.acquire()
rlock.acquire()
print("acquired twice")
rlock.release()
rlock.release()
print("released twice")
try:
    rlock.release()
except RuntimeError as e:
    print("RuntimeError:", e)


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.RLock()

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def withdraw(self, amount):
        with self.lock:
            self.balance -= amount

    def transfer_in(self, amount, fee):
        with self.lock:
            self.deposit(amount)
            self.withdraw(fee)


acct = Account(100)
ts = [threading.Thread(target=acct.transfer_in, args=(10, 1)) for _ in range(20)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("balance:", acct.balance)

# A plain Lock held by another thread: timed and non-blocking acquires fail.
lock = threading.Lock()
holding = threading.Event()
done = threading.Event()


def holder():
    with lock:
        holding.set()
        done.wait()


h = threading.Thread(target=holder)
h.start()
holding.wait()
start = time.perf_counter()
got = lock.acquire(timeout=0.05)
waited = time.perf_counter() - start
print("acquire(timeout=0.05):", got, "waited >= 0.04:", waited >= 0.04)
print("acquire(blocking=False):", lock.acquire(blocking=False))
print("locked:", lock.locked())
done.set()
h.join()
print("after holder exits:", lock.acquire(timeout=1))
lock.release()

# Releasing an RLock that nobody holds is an error too.
r2 = threading.RLock()
try:
    r2.release()
except RuntimeError as e:
    print("RuntimeError:", e)
