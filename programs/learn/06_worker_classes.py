"""06 — Workers as objects: state that belongs to one thread, and state shared.

Shows: a class instance can hold everything one worker needs and produces;
its bound method is the thread's target (Thread(target=worker.run)). Each
Downloader is used by one thread only, so it needs no lock. The Account is
shared by all threads, so it carries its own lock and every method that
changes it takes the lock first.

Run:  python3 programs/learn/06_worker_classes.py
      gilsim run programs/learn/06_worker_classes.py --format text
      gilsim run programs/learn/06_worker_classes.py --mode free
"""
import threading
import time


class Downloader:
    def __init__(self, name, urls):
        self.name = name
        self.urls = urls
        self.pages = 0
        self.size = 0

    def run(self):
        for url in self.urls:
            time.sleep(0.01)  # the "download"
            self.pages += 1
            self.size += len(url)


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def withdraw(self, amount):
        with self.lock:
            if self.balance < amount:
                raise ValueError("insufficient funds")
            self.balance -= amount


def shopper(account, times):
    for _ in range(times):
        account.deposit(5)
        account.withdraw(5)


def main():
    sites = {"news": 3, "docs": 5, "blog": 2}
    workers = [
        Downloader(name, [f"https://{name}.example/{i}" for i in range(n)])
        for name, n in sites.items()
    ]
    threads = [threading.Thread(target=w.run, name=w.name) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for w in workers:
        print(f"{w.name}: {w.pages} pages, {w.size} bytes")

    account = Account(100)
    threads = [threading.Thread(target=shopper, args=(account, 10_000)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"balance after 80000 deposits and withdrawals: {account.balance}")


if __name__ == "__main__":
    main()
