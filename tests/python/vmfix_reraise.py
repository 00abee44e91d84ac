# `raise saved` keeps the frames the exception passed before it was caught
# and adds the new raise's: tests/it/python/twins.rs compares the traceback's
# frames with CPython's; here, the chain and the last line.


def g():
    raise ValueError("original")


def h():
    try:
        g()
    except ValueError as e:
        saved = e
    return saved


def again(e):
    try:
        raise e
    except ValueError as same:
        print("same object:", same is e, same.args)
        return same


def main():
    e = again(h())
    try:
        raise e from KeyError("cause")
    except ValueError as x:
        print("cause:", repr(x.__cause__))
    raise e


main()
