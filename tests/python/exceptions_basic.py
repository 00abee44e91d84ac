# Exceptions: try/except/else/finally, str() and args, re-raise, tuples of
# types, builtin error messages.
def check(fn, *args):
    try:
        result = fn(*args)
    except (ZeroDivisionError, ValueError) as e:
        print("caught", type(e).__name__, "|", e, "|", e.args)
    except TypeError as e:
        print("type error:", e)
    else:
        print("ok", result)
    finally:
        print("finally for", fn.__name__)

def div(a, b):
    return a / b

def floordiv(a, b):
    return a // b

check(div, 1, 2)
check(div, 1, 0)
check(floordiv, 1, 0)
check(int, "12")
check(int, "twelve")
check(float, "x1.5")
check(len, 5)
check(div, "a", 2)

e = ValueError("one", 2, [3])
print(e.args, str(e), repr(e))
print(str(ValueError()), repr(ValueError()), repr(KeyError("k")), str(KeyError("k")))
print(repr(Exception("msg")), str(RuntimeError("x", "y")))

def reraiser():
    try:
        {}["nope"]
    except KeyError:
        print("logging and re-raising")
        raise

try:
    reraiser()
except LookupError as e:
    print("outer got", type(e).__name__, e)

try:
    raise RuntimeError
except RuntimeError as e:
    print("bare class raise:", repr(e), e.args)

try:
    try:
        1 / 0
    finally:
        print("inner finally")
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)

def which(x):
    try:
        if x == 0:
            raise ValueError("zero")
        if x == 1:
            raise TypeError("one")
        if x == 2:
            raise KeyError(2)
        return "none"
    except ValueError as e:
        return f"value {e}"
    except (TypeError, KeyError) as e:
        return f"type-or-key {e!r}"

print([which(i) for i in range(4)])

try:
    None.attr
except AttributeError as e:
    print("AttributeError:", e)
try:
    idx = 1.5
    [1][idx]
except TypeError as e:
    print("TypeError:", e)
try:
    int("3.5")
except ValueError as e:
    print("ValueError:", e)
try:
    undefined_name
except NameError as e:
    print("NameError:", e)
try:
    1 + "1"
except TypeError as e:
    print("TypeError:", e)
try:
    5 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    2.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
e_var = "kept"
try:
    raise ValueError("scoped")
except ValueError as e_var:
    pass
try:
    print(e_var)
except NameError as ne:
    print("NameError:", ne)
