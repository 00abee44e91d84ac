# del (names, list items, slices, dict keys, attributes) and assert.
x = 10
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
lst = [0, 1, 2, 3, 4, 5]
del lst[0]
print(lst)
del lst[-1]
print(lst)
del lst[1:3]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)
class Box:
    pass
b = Box()
b.v = 1
b.w = 2
del b.v
print(hasattr(b, "v"), b.w)
try:
    del b.v
except AttributeError as e:
    print("AttributeError:", e)
a1, a2 = 1, 2
del a1, a2
def f():
    y = 1
    del y
    return "y deleted"
print(f())
assert True
assert 1 + 1 == 2, "math works"
try:
    assert 1 > 2, "one is not greater than two"
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert [], ["msg", 1]
except AssertionError as e:
    print("AssertionError args:", e.args)
try:
    assert False
except AssertionError as e:
    print("bare:", repr(e), repr(str(e)), e.args)
def safe_div(a, b):
    assert b != 0, f"division of {a} by zero"
    return a / b
for pair in [(1, 2), (3, 0)]:
    try:
        print(safe_div(*pair))
    except AssertionError as e:
        print("caught:", e)
nums = list(range(10))
for i in range(len(nums) - 1, -1, -1):
    if nums[i] % 3 == 0:
        del nums[i]
print(nums)
del nums[:]
print(nums)
try:
    del lst[10]
except IndexError as e:
    print("IndexError:", e)
