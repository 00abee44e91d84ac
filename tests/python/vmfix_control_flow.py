# return / break / continue through nested with, for and try blocks.
log = []


class L:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        log.append("enter " + self.name)
        return self

    def __exit__(self, *a):
        log.append("exit " + self.name)
        return False


def f():
    with L("a"):
        for x in [1]:
            return len([x])


def g():
    for i in range(3):
        with L("b"):
            for x in [10, 20]:
                with L("c"):
                    if x == 20:
                        break
                    if i == 1:
                        continue
                    log.append("body %d %d" % (i, x))
            if i == 2:
                return i * 100
    return -1


def h():
    with L("d"):
        for x in "ab":
            try:
                for y in (1, 2):
                    try:
                        return x + str(y)
                    finally:
                        log.append("finally inner")
            finally:
                log.append("finally outer")


def k():
    with L("e") as e1, L("f") as e2:
        for x in iter([1, 2]):
            while True:
                try:
                    raise ValueError(x)
                except ValueError as err:
                    return (e1.name, e2.name, err.args)


def m():
    out = []
    for x in [1, 2, 3]:
        with L("g"):
            try:
                if x == 1:
                    continue
                if x == 3:
                    break
                out.append(x)
            finally:
                out.append("fin%d" % x)
    return out


def gen():
    with L("h"):
        for x in [1, 2]:
            yield x
            if x == 2:
                return


print(f())
print(g())
print(h())
print(k())
print(m())
print(list(gen()))
for line in log:
    print(line)
