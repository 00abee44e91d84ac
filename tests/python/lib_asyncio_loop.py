# The event loop's own API: new_event_loop/run_until_complete, call_soon (FIFO, with args), call_later and
# call_at (by deadline; cancelled handles do not run), loop.time(), create_future and the Future API
# (result/exception/done/cancelled/add_done_callback/remove_done_callback, InvalidStateError), stop,
# get_event_loop outside and inside a running loop, an exception in a callback going to the handler.
import asyncio

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print(asyncio.get_event_loop() is loop, loop.is_running(), loop.is_closed())
order = []


def cb(name, *extra):
    order.append((name,) + extra)


loop.call_soon(cb, "soon1")
loop.call_later(0.03, cb, "later30")
loop.call_later(0.01, cb, "later10")
h = loop.call_later(0.02, cb, "cancelled")
h.cancel()
print("handle cancelled:", h.cancelled())
loop.call_soon(cb, "soon2", 1, 2)
t0 = loop.time()
timer = loop.call_at(t0 + 0.02, cb, "at20")
print("when:", timer.when() == t0 + 0.02)
fut = loop.create_future()
loop.call_later(0.04, fut.set_result, 42)
print("result", loop.run_until_complete(fut), "after 40 ms:", loop.time() - t0 >= 0.039)
print(order)

f = loop.create_future()
print(f.done(), f.cancelled(), f)
for method in (f.result, f.exception):
    try:
        method()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)


def first(fu):
    print("done callback 1:", fu.result())


def second(fu):
    print("done callback 2 (removed)")


f.add_done_callback(first)
f.add_done_callback(second)
print("removed:", f.remove_done_callback(second))
f.set_result("x")
print(f, f.done())
try:
    f.set_result("y")
except asyncio.InvalidStateError as e:
    print("InvalidStateError:", e)
loop.run_until_complete(asyncio.sleep(0))
f.add_done_callback(lambda fu: print("added when done: runs soon"))
loop.run_until_complete(asyncio.sleep(0))

g = loop.create_future()
g.set_exception(ValueError("bad"))
print(repr(g.exception()), g.done())
try:
    g.result()
except ValueError as e:
    print("result() raised", e)
g2 = loop.create_future()
g2.set_exception(KeyError)
print(repr(g2.exception()))
c = loop.create_future()
print(c.cancel(), c.cancel(), c.cancelled(), c.done(), c)
try:
    c.result()
except asyncio.CancelledError as e:
    print("CancelledError", isinstance(e, Exception), isinstance(e, BaseException))
c2 = loop.create_future()
c2.cancel("why")
try:
    c2.exception()
except asyncio.CancelledError as e:
    print("message:", e.args)


async def inside():
    running = asyncio.get_running_loop()
    print("inside:", running is loop, asyncio.get_event_loop() is loop, running.is_running())
    return "value"

print(loop.run_until_complete(inside()))


def broken():
    raise ZeroDivisionError("in a callback")


def after():
    print("the loop goes on after a failing callback")
    loop.stop()


loop.set_exception_handler(lambda lp, ctx: print("handler got", repr(ctx["exception"])))
loop.call_soon(broken)
loop.call_soon(after)
loop.run_forever()
loop.close()
print(loop.is_closed())
try:
    loop.call_soon(after)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
print(asyncio.TimeoutError is TimeoutError, asyncio.isfuture(fut), asyncio.isfuture(1))
