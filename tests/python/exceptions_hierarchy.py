# The builtin exception hierarchy and user-defined exception classes.
pairs = [
    (ZeroDivisionError, ArithmeticError),
    (OverflowError, ArithmeticError),
    (KeyError, LookupError),
    (IndexError, LookupError),
    (ValueError, Exception),
    (UnboundLocalError, NameError),
    (NotImplementedError, RuntimeError),
    (RecursionError, RuntimeError),
    (StopIteration, Exception),
    (Exception, BaseException),
    (KeyboardInterrupt, Exception),
    (TypeError, ValueError),
    (AssertionError, Exception),
    (AttributeError, Exception),
]
for sub, sup in pairs:
    print(sub.__name__, "<", sup.__name__, issubclass(sub, sup))

class AppError(Exception):
    pass

class ConfigError(AppError):
    def __init__(self, key, detail="missing"):
        super().__init__(f"config {key!r}: {detail}")
        self.key = key
        self.detail = detail

class RetryableError(AppError):
    def __init__(self, attempts):
        self.attempts = attempts

    def __str__(self):
        return f"gave up after {self.attempts} attempts"

for exc in [AppError("plain"), ConfigError("port"), ConfigError("host", "empty"), RetryableError(3)]:
    try:
        raise exc
    except ConfigError as e:
        print("config:", e, "| key =", e.key, "| args =", e.args)
    except AppError as e:
        print("app:", type(e).__name__, "|", e, "|", e.args)

print(issubclass(ConfigError, AppError), issubclass(ConfigError, Exception), isinstance(ConfigError("x"), AppError))
print(repr(ConfigError("k")), repr(AppError("a", 1)))

def layered(kind):
    try:
        if kind == "key":
            return {}["k"]
        if kind == "index":
            return [][0]
        if kind == "zero":
            return 1 // 0
        if kind == "app":
            raise ConfigError("deep")
        return "fine"
    except LookupError as e:
        return "lookup: " + type(e).__name__
    except ArithmeticError as e:
        return "arith: " + str(e)
    except Exception as e:
        return "other: " + str(e)

for k in ["key", "index", "zero", "app", "none"]:
    print(k, "->", layered(k))

class Wrapped(ValueError):
    pass

try:
    int("bad")
except ValueError as e:
    try:
        raise Wrapped("wrapped " + str(e))
    except ValueError as w:
        print(type(w).__name__, w, isinstance(w, ValueError))

try:
    raise BaseException("base")
except Exception:
    print("not here")
except BaseException as e:
    print("BaseException caught:", e)

errors = []
for val in ["1", "x", "2", "", "3"]:
    try:
        errors.append(int(val))
    except ValueError as e:
        errors.append(str(e))
print(errors)
