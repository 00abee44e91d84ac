# A future whose function raises: exception() returns it, result() re-raises it, map() raises on iteration.
from concurrent.futures import ThreadPoolExecutor, as_completed


def risky(n):
    if n == 3:
        raise ValueError(f"cannot handle {n}")
    if n == 5:
        raise ZeroDivisionError("division by zero")
    return n + 100


with ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(risky, n) for n in range(7)]
    for n, f in enumerate(futures):
        exc = f.exception()
        if exc is None:
            print(n, "ok", f.result())
        else:
            print(n, "failed", type(exc).__name__, exc)

    try:
        futures[3].result()
    except ValueError as e:
        print("result() re-raised:", repr(e))

    ok = errors = 0
    for f in as_completed(futures):
        try:
            f.result()
            ok += 1
        except Exception:
            errors += 1
    print("ok:", ok, "errors:", errors)

    results = pool.map(risky, [1, 2, 3, 4])
    collected = []
    try:
        for r in results:
            collected.append(r)
    except ValueError as e:
        print("map stopped at:", e)
    print("collected before error:", collected)


class TaskError(Exception):
    pass


def fails():
    raise TaskError("custom failure")


with ThreadPoolExecutor() as pool:
    f = pool.submit(fails)
    try:
        f.result(timeout=5)
    except TaskError as e:
        print("caught", type(e).__name__, e.args)
    print("done:", f.done(), "cancelled:", f.cancelled())
print("still running after errors")
