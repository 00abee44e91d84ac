# The machinery coroutines share with generators: throw() and close()
# delegated down a yield-from chain, exceptions handled across yields,
# PEP 479, and the methods' argument rules.


def t(label, fn):
    try:
        print(label, "->", fn())
    except BaseException as e:
        print(label, "raised", type(e).__name__, e)


def inner():
    try:
        yield 1
        yield 2
    except KeyError as e:
        print("inner caught", repr(e))
        yield "recovered"
    finally:
        print("inner finally")


def outer():
    r = yield from inner()
    print("outer resumed with", r)
    yield "outer after"


g = outer()
t("next", lambda: next(g))
t("throw KeyError", lambda: g.throw(KeyError("k")))
t("next", lambda: next(g))
t("next", lambda: next(g))

g = outer()
next(g)
t("close delegated", lambda: g.close())

g = outer()
next(g)
t("throw ValueError", lambda: g.throw(ValueError, "v"))
t("after", lambda: next(g))


class Sub:
    """A delegate that is an iterator object with throw and close."""

    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration(self.n * 100)
        return self.n

    def send(self, v):
        print("Sub.send", v)
        return self.__next__()

    def throw(self, typ, val=None, tb=None):
        print("Sub.throw")
        raise StopIteration("thrown-away")

    def close(self):
        print("Sub.close")


def over_sub():
    r = yield from Sub()
    print("over_sub got", r)
    yield "end"


g = over_sub()
print(next(g), g.send("hello"), g.send(None))
t("throw into Sub", lambda: g.throw(IndexError))
g = over_sub()
next(g)
t("close Sub", lambda: g.close())


# An exception being handled survives a yield (gi_exc_state).
def handler_yields():
    try:
        raise KeyError("original")
    except KeyError:
        yield "in handler"
        raise


g = handler_yields()
next(g)
t("bare raise after yield", lambda: next(g))


def pep479():
    yield 1
    raise StopIteration("inside")


g = pep479()
next(g)
t("StopIteration inside", lambda: next(g))
g = pep479()
t("throw StopIteration unstarted", lambda: g.throw(StopIteration))

g = inner()
t("send non-None first", lambda: g.send(5))
t("send no args", lambda: g.send())
t("throw no args", lambda: g.throw())
t("throw bad", lambda: g.throw(5))
t("throw instance with value", lambda: g.throw(KeyError("a"), "b"))
t("type", lambda: type(g).__name__)


def selfish():
    yield g2.send(None)


g2 = selfish()
t("running send", lambda: next(g2))


def gen_with_context():
    try:
        yield 1
    except ValueError:
        yield "handling"
        raise KeyError("second")


g = gen_with_context()
next(g)
t("throw into handler", lambda: g.throw(ValueError("ctx")))
try:
    next(g)
except KeyError as e:
    print("context kept across the yield:", repr(e.__context__))
g = gen_with_context()
next(g)
g.throw(ValueError("ctx"))
t("close in handler", lambda: g.close())
