# Calls: defaults, keywords, *args, **kwargs, keyword-only, call-site unpacking.
def f(a, b=2, *args, c=3, **kwargs):
    return f"a={a} b={b} args={args} c={c} kwargs={kwargs}"
print(f(1))
print(f(1, 20))
print(f(1, 20, 30, 40))
print(f(1, c=99))
print(f(1, 2, 3, c=4, d=5, e=6))
print(f(*[7, 8, 9], **{"c": 0, "z": "zz"}))
print(f(b=1, a=0))
def kwonly(x, *, scale=1, offset=0):
    return x * scale + offset
print(kwonly(3), kwonly(3, scale=2), kwonly(3, offset=-1, scale=10))
def total(*nums):
    return sum(nums), len(nums)
print(total(), total(1), total(1, 2, 3), total(*range(5)))
def opts(**kw):
    return sorted(kw.items())
print(opts(), opts(b=1, a=2))
def mutable_default(item, bucket=[]):
    bucket.append(item)
    return bucket
print(mutable_default(1), mutable_default(2))
def safe_default(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket
print(safe_default(1), safe_default(2))
def show(*args, **kwargs):
    print("args", args, "kwargs", kwargs)
show()
show(1, "two", [3])
show(*"ab", *[1], k=1, **{"m": 2})
args = (1, 2)
kw = {"c": "see"}
print(f(*args, **kw))
try:
    f()
except TypeError as e:
    print("TypeError:", e)
try:
    kwonly(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, a=2)
except TypeError as e:
    print("TypeError:", e)
def two(a, b):
    return a - b
try:
    two(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    two(1, c=3)
except TypeError as e:
    print("TypeError:", e)
print(two(b=1, a=10), two(*(5, 3)), two(**{"a": 1, "b": 1}))
def pos_default(a, b=[1], c=(2,), d={"k": 3}):
    return a, b, c, d
print(pos_default(0))
print("x", "y", 3, sep="-", end="!\n")
print("no newline", end="")
print(" -- continued")
print(*[1, 2, 3], sep=", ")
print()
print("", sep="X")
