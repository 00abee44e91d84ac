"""The Python half of gilsim's builtins.

Natives tail-call these functions (Interp::prelude + Flow::Call) when the
work means running Python code for a long time: consuming a generator,
calling a Python key function, mapping a Python function. Run as ordinary
bytecode, the loop is interruptible like any Python code, so a thread
summing a long generator gives up the GIL on schedule.

Rules: only top-level defs; no default values (natives pass every argument
explicitly); no module-level names, classes or imports. Names are prefixed
or suffixed so they never shadow the builtins they serve.
"""


def collect(iterable, ty):
    return ty([x for x in iterable])


def call_listed(func, head, iterables, rest):
    args = list(head)
    for it in iterables:
        args.append([x for x in it])
    for x in rest:
        args.append(x)
    return func(*args)


def sum_iter(iterable, start):
    total = start
    for x in iterable:
        total = total + x
    return total


def prod_iter(iterable, start):
    total = start
    for x in iterable:
        total = total * x
    return total


def any_iter(iterable):
    for x in iterable:
        if x:
            return True
    return False


def all_iter(iterable):
    for x in iterable:
        if not x:
            return False
    return True


def min_max(iterable, key, default, has_default, is_max, empty_msg):
    found = False
    best = None
    best_key = None
    for x in iterable:
        if key is None:
            k = x
        else:
            k = key(x)
        if not found:
            found = True
            best = x
            best_key = k
        elif is_max:
            if k > best_key:
                best = x
                best_key = k
        elif k < best_key:
            best = x
            best_key = k
    if found:
        return best
    if has_default:
        return default
    raise ValueError(empty_msg)


def list_sort_key(lst, key, reverse, apply):
    items = lst.copy()
    keys = [key(x) for x in items]
    apply(lst, items, keys, reverse)


def sorted_iter(iterable, key, reverse):
    lst = [x for x in iterable]
    lst.sort(key=key, reverse=reverse)
    return lst


def list_extend(lst, iterable):
    for x in iterable:
        lst.append(x)


def dict_fill(d, source, is_mapping, kw, result):
    if is_mapping:
        for k in source.keys():
            d[k] = source[k]
    else:
        d.update([x for x in source])
    d.update(kw)
    return result


def enumerate_iter(iterable, start):
    i = start
    for x in iterable:
        yield (i, x)
        i = i + 1


def zip_iter(iterables, strict):
    if not iterables:
        return
    its = [iter(x) for x in iterables]
    n = len(its)
    while True:
        row = []
        for i in range(n):
            try:
                row.append(next(its[i]))
            except StopIteration:
                if not strict:
                    return
                if i == 1:
                    raise ValueError("zip() argument 2 is shorter than argument 1")
                if i > 1:
                    raise ValueError("zip() argument " + str(i + 1) + " is shorter than arguments 1-" + str(i))
                for j in range(1, n):
                    try:
                        next(its[j])
                    except StopIteration:
                        continue
                    if j == 1:
                        raise ValueError("zip() argument 2 is longer than argument 1")
                    raise ValueError("zip() argument " + str(j + 1) + " is longer than arguments 1-" + str(j))
                return
        yield tuple(row)


def map_iter(func, iterables):
    if len(iterables) == 1:
        for x in iterables[0]:
            yield func(x)
        return
    its = [iter(x) for x in iterables]
    while True:
        args = []
        for it in its:
            try:
                args.append(next(it))
            except StopIteration:
                return
        yield func(*args)


def filter_iter(func, iterable):
    if func is None:
        for x in iterable:
            if x:
                yield x
    else:
        for x in iterable:
            if func(x):
                yield x


def reversed_iter(seq):
    i = len(seq) - 1
    while i >= 0:
        yield seq[i]
        i = i - 1


def iter_call(func, sentinel):
    while True:
        value = func()
        if value == sentinel:
            return
        yield value
