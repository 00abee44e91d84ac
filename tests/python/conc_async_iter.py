# `async with` over a class with __aenter__/__aexit__ and `async for` over a class with __aiter__/__anext__.
import asyncio

log = []


class Connection:
    def __init__(self, name):
        self.name = name
        self.open = False

    async def __aenter__(self):
        await asyncio.sleep(0.001)
        self.open = True
        log.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.001)
        self.open = False
        log.append(f"close {self.name} ({exc_type.__name__ if exc_type else 'no error'})")
        return exc_type is KeyError


class Countdown:
    def __init__(self, start):
        self.current = start

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.current -= 1
        return self.current + 1


class Pages:
    def __init__(self, pages):
        self.pages = pages

    def __aiter__(self):
        return PageCursor(self.pages)


class PageCursor:
    def __init__(self, pages):
        self.pages = list(pages)

    async def __anext__(self):
        if not self.pages:
            raise StopAsyncIteration
        await asyncio.sleep(0.001)
        return self.pages.pop(0)


async def main():
    async with Connection("db") as conn:
        print("inside:", conn.open)
    print("after:", conn.open)

    async with Connection("cache"):
        raise KeyError("suppressed")
    print("KeyError was suppressed")

    try:
        async with Connection("api"):
            raise ValueError("boom")
    except ValueError as e:
        print("propagated:", e)

    values = []
    async for n in Countdown(5):
        values.append(n)
    print("countdown:", values)

    total = 0
    async for page in Pages([["a", "b"], ["c"], []]):
        total += len(page)
    print("items across pages:", total)

    pairs = []
    async for x in Countdown(3):
        async for y in Countdown(2):
            pairs.append((x, y))
    print(pairs)

    async with Connection("one") as a, Connection("two") as b:
        print("both open:", a.open and b.open)

    for line in log:
        print(line)


asyncio.run(main())
