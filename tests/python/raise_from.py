# raise ... from ...: __cause__, __context__, from None, chaining in handlers.
class StorageError(Exception):
    pass

def load(key):
    data = {"a": 1}
    try:
        return data[key]
    except KeyError as e:
        raise StorageError(f"cannot load {key}") from e

try:
    load("b")
except StorageError as e:
    print("error:", e)
    print("cause:", repr(e.__cause__))
    print("context:", repr(e.__context__))
    print("same:", e.__cause__ is e.__context__)
    print("suppress:", e.__suppress_context__)

def implicit():
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")

try:
    implicit()
except ValueError as e:
    print("implicit:", e, "| cause:", e.__cause__, "| context:", repr(e.__context__))
    print("suppress:", e.__suppress_context__)

def hidden():
    try:
        int("x")
    except ValueError:
        raise RuntimeError("clean") from None

try:
    hidden()
except RuntimeError as e:
    print("from None:", e, e.__cause__, e.__suppress_context__, type(e.__context__).__name__)

def chain3():
    try:
        try:
            [][1]
        except IndexError as a:
            raise KeyError("mid") from a
    except KeyError as b:
        raise TypeError("top") from b

try:
    chain3()
except TypeError as e:
    names = []
    cur = e
    while cur is not None:
        names.append(f"{type(cur).__name__}({cur})")
        cur = cur.__cause__
    print(" <- ".join(names))

fresh = ValueError("fresh")
print(fresh.__cause__, fresh.__context__, fresh.__suppress_context__)

try:
    raise ValueError("explicit") from KeyError("k")
except ValueError as e:
    print(repr(e.__cause__), e.__context__)

def translate(values):
    out = []
    for v in values:
        try:
            out.append(10 // v)
        except ZeroDivisionError as e:
            try:
                raise ArithmeticError(f"bad divisor {v}") from e
            except ArithmeticError as wrapped:
                out.append(f"{wrapped} (cause: {wrapped.__cause__})")
    return out

print(translate([1, 0, 5]))
