"""collections (gilsim): deque.

A deque keeps its items in a Python list: appending and popping at the
right end are one list operation; at the left end a list insert or pop
at index 0 (one native call each, so one interpreter instruction, though
the list moves its items). As in CPython, append, appendleft, pop and
popleft without a maxlen are each a single native step, so threads may
share a deque under the GIL.

Not provided (gilsim cannot subclass dict or tuple yet): defaultdict,
namedtuple, Counter, OrderedDict, ChainMap, UserDict.
"""

__all__ = ["deque"]


def _index(i):
    # The integer value of an index, or TypeError as CPython words it.
    if isinstance(i, int):
        return i
    if hasattr(i, "__index__"):
        return i.__index__()
    raise TypeError("sequence index must be integer, not '%s'" % type(i).__name__)


class deque:
    """deque([iterable[, maxlen]]): a double-ended queue, optionally
    bounded: when full, adding at one end drops an item at the other."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._maxlen = maxlen
        self._items = []
        self.extend(iterable)

    @property
    def maxlen(self):
        """The maximum size of the deque, or None if unbounded."""
        return self._maxlen

    def append(self, x):
        """Add x to the right end."""
        items = self._items
        if self._maxlen is None:
            items.append(x)
            return
        if self._maxlen == 0:
            return
        if len(items) >= self._maxlen:
            items.pop(0)
        items.append(x)

    def appendleft(self, x):
        """Add x to the left end."""
        items = self._items
        if self._maxlen is None:
            items.insert(0, x)
            return
        if self._maxlen == 0:
            return
        if len(items) >= self._maxlen:
            items.pop()
        items.insert(0, x)

    def pop(self):
        """Remove and return the rightmost item."""
        try:
            return self._items.pop()
        except IndexError:
            raise IndexError("pop from an empty deque") from None

    def popleft(self):
        """Remove and return the leftmost item."""
        try:
            return self._items.pop(0)
        except IndexError:
            raise IndexError("pop from an empty deque") from None

    def extend(self, iterable):
        """Add the items of iterable at the right end."""
        new = list(iterable)
        items = self._items
        if self._maxlen is None:
            items.extend(new)
            return
        items.extend(new)
        excess = len(items) - self._maxlen
        if excess > 0:
            del items[:excess]

    def extendleft(self, iterable):
        """Add the items of iterable at the left end, one by one (so they
        end up in reverse order)."""
        new = list(iterable)
        new.reverse()
        items = self._items
        items[:0] = new
        if self._maxlen is not None and len(items) > self._maxlen:
            del items[self._maxlen:]

    def clear(self):
        """Remove every item."""
        del self._items[:]

    def rotate(self, n=1):
        """Rotate n steps to the right (to the left if n is negative)."""
        items = self._items
        size = len(items)
        if size > 1:
            n = n % size
            if n:
                items[:] = items[-n:] + items[:-n]

    def count(self, x):
        """The number of items equal to x."""
        return self._items.count(x)

    def index(self, x, start=0, stop=None):
        """The index of the first item equal to x; ValueError if none."""
        items = self._items
        if stop is None:
            stop = len(items)
        try:
            return items.index(x, start, stop)
        except ValueError:
            raise ValueError("%r is not in deque" % (x,)) from None

    def insert(self, i, x):
        """Insert x before index i."""
        if self._maxlen is not None and len(self._items) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        self._items.insert(i, x)

    def remove(self, value):
        """Remove the first item equal to value; ValueError if none."""
        try:
            self._items.remove(value)
        except ValueError:
            raise ValueError("%r is not in deque" % (value,)) from None

    def reverse(self):
        """Reverse the items in place."""
        self._items.reverse()

    def copy(self):
        """A shallow copy."""
        return deque(self._items, self._maxlen)

    __copy__ = copy

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return len(self._items) > 0

    def __iter__(self):
        return iter(self._items)

    def __reversed__(self):
        return reversed(self._items)

    def __contains__(self, x):
        return x in self._items

    def __getitem__(self, i):
        try:
            return self._items[_index(i)]
        except IndexError:
            raise IndexError("deque index out of range") from None

    def __setitem__(self, i, x):
        try:
            self._items[_index(i)] = x
        except IndexError:
            raise IndexError("deque index out of range") from None

    def __delitem__(self, i):
        try:
            del self._items[_index(i)]
        except IndexError:
            raise IndexError("deque index out of range") from None

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items == other._items

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items != other._items

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items < other._items

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items <= other._items

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items > other._items

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items >= other._items

    __hash__ = None

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque'
                            % type(other).__name__)
        new = deque(self._items, self._maxlen)
        new.extend(other._items)
        return new

    def __repr__(self):
        if self._maxlen is None:
            return "deque(%r)" % (self._items,)
        return "deque(%r, maxlen=%d)" % (self._items, self._maxlen)
