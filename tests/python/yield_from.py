# yield from: delegation, return values, nested delegation, recursion.
def inner():
    yield 1
    yield 2
    return "inner done"

def outer():
    result = yield from inner()
    print("inner returned", result)
    yield 3
    return "outer done"

print(list(outer()))
g = outer()
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("outer returned", e.value)

def chain(*iterables):
    for it in iterables:
        yield from it

print(list(chain([1, 2], "ab", range(3), (x * 10 for x in range(2)))))

def flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item

print(list(flatten([1, [2, [3, [4, []]], 5], [[6]]])))

def tree(depth, prefix="n"):
    yield prefix
    if depth > 0:
        yield from tree(depth - 1, prefix + "L")
        yield from tree(depth - 1, prefix + "R")

print(list(tree(2)))

def accumulator():
    total = 0
    while True:
        v = yield
        if v is None:
            return total
        total += v

def driver():
    results = []
    while True:
        r = yield from accumulator()
        results.append(r)
        if len(results) == 2:
            return results

d = driver()
next(d)
for v in [1, 2, 3, None, 10, 20]:
    d.send(v)
try:
    d.send(None)
except StopIteration as e:
    print("sums:", e.value)

def empty():
    return "nothing"
    yield

def uses_empty():
    v = yield from empty()
    yield v

print(list(uses_empty()))

def gen_with_cleanup():
    try:
        yield from range(5)
    finally:
        print("delegating generator finalised")

gc = gen_with_cleanup()
print(next(gc), next(gc))
gc.close()
print(list(gen_with_cleanup()))
