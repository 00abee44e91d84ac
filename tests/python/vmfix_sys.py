# sys.version_info, sys.platform, sys.exc_info; bound methods' __self__,
# __func__, __name__, __qualname__.
import sys

print(sys.version_info[:2], sys.version_info >= (3, 8), sys.version_info < (4,))
print(sys.version_info[0] == 3, len(sys.version_info))
print(sys.platform)
print(sys.exc_info())
try:
    raise KeyError("k")
except KeyError:
    t, v, tb = sys.exc_info()
    print(t, repr(v), t is KeyError, v.args)
    try:
        raise ValueError("inner")
    except ValueError:
        print(sys.exc_info()[0])
    print(sys.exc_info()[0])
print(sys.exc_info())


class A:
    def m(self):
        return 1


a = A()
bm = a.m
print(bm.__self__ is a, bm.__func__ is A.m, bm.__name__, bm.__qualname__)
print(bm.__func__(a), bm())
lst = [1]
print(lst.append.__self__ is lst, lst.append.__name__, lst.append.__qualname__)
A.m.tag = "x"
print(a.m.tag)
try:
    a.m.nothing
except AttributeError as e:
    print(e)
