"""multiprocessing.sharedctypes (gilsim): Value and Array, shared between
processes.

CPython keeps them in shared memory as ctypes objects behind a lock; here
the one copy travels in a channel (see Synchronized).
"""

import _process

from . import synchronize

__all__ = ["Value", "Array"]


class Synchronized:
    """A value shared between processes. Its one copy travels in a
    channel: reading or writing takes it out and puts it back, so each
    read or write is atomic (as with CPython's lock=True), while `+=` is
    a read then a write: use get_lock() around it."""

    def __init__(self, typecode_or_type, *args, lock=True):
        self._typecode = typecode_or_type
        self._cell = _process.channel()
        _process.send(self._cell, args[0] if args else 0)
        self._lock = lock if lock not in (True, False) else synchronize.RLock()

    def _take(self):
        return _process.loads(_process.recv(self._cell))

    @property
    def value(self):
        v = self._take()
        _process.send(self._cell, v)
        return v

    @value.setter
    def value(self, v):
        self._take()
        _process.send(self._cell, v)

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

    def __repr__(self):
        return "<Synchronized wrapper for %r>" % (self.value,)


class SynchronizedArray:
    """A fixed-size array shared between processes (see Value)."""

    def __init__(self, typecode_or_type, size_or_initializer, *, lock=True):
        if isinstance(size_or_initializer, int):
            items = [0] * size_or_initializer
        else:
            items = list(size_or_initializer)
        self._cell = _process.channel()
        self._len = len(items)
        _process.send(self._cell, items)
        self._lock = lock if lock not in (True, False) else synchronize.RLock()

    def _take(self):
        return _process.loads(_process.recv(self._cell))

    def _read(self):
        items = self._take()
        _process.send(self._cell, items)
        return items

    def __len__(self):
        return self._len

    def __getitem__(self, i):
        return self._read()[i]

    def __setitem__(self, i, v):
        items = self._take()
        items[i] = v
        _process.send(self._cell, items)

    def __iter__(self):
        return iter(self._read())

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

def Value(typecode_or_type, *args, lock=True, ctx=None):
    """A value shared between processes (see Synchronized)."""
    return Synchronized(typecode_or_type, *args, lock=lock)


def Array(typecode_or_type, size_or_initializer, *, lock=True, ctx=None):
    """An array shared between processes (see SynchronizedArray)."""
    return SynchronizedArray(typecode_or_type, size_or_initializer, lock=lock)
