# global and nonlocal: rebinding, shadowing, UnboundLocalError.
total = 0
def add_to_total(n):
    global total
    total += n
    return total
print(add_to_total(5), add_to_total(7), total)
def shadow():
    total = "local"
    return total
print(shadow(), total)
def make_counter(start):
    count = start
    def inc(step=1):
        nonlocal count
        count += step
        return count
    def get():
        return count
    return inc, get
inc, get = make_counter(10)
print(inc(), inc(5), get())
inc2, get2 = make_counter(0)
print(inc2(), get(), get2())
def outer():
    x = 1
    def middle():
        nonlocal x
        x = 2
        def inner():
            nonlocal x
            x = 3
        inner()
        return x
    r = middle()
    return r, x
print(outer())
def bad():
    print(undefined_thing)
try:
    bad()
except NameError as e:
    print("NameError:", e)
def unbound():
    y = value_before
    value_before = 1
    return y
value_before = 0
try:
    unbound()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
except NameError as e:
    print("NameError:", e)
def define_global():
    global created_later
    created_later = "made in function"
define_global()
print(created_later)
log = []
def record(msg):
    log.append(msg)
record("a")
record("b")
print(log)
def accumulate():
    acc = []
    def push(v):
        acc.append(v)
        return len(acc)
    return push, acc
push, acc = accumulate()
push(1); push(2)
print(acc)
x = "global x"
def reads_global():
    return x
def local_wins():
    x = "local x"
    return reads_global(), x
print(local_wins())
