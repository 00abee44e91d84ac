"""heapq (gilsim): a binary min-heap kept in a plain list.

As CPython's heapq: heap[k] <= heap[2*k+1] and heap[k] <= heap[2*k+2]
for every k, so heap[0] is the smallest item. Items are compared with
`<` only. Written in Python, so each operation costs the interpreter
O(log n) loop iterations, as CPython's pure-Python fallback does.
"""

__all__ = ["heappush", "heappop", "heapify", "heapreplace", "heappushpop",
           "merge", "nlargest", "nsmallest"]


def _sift_down(heap, start, pos):
    # The item at pos may be smaller than its parents: move it up towards
    # start, shifting the larger parents down into the hole.
    item = heap[pos]
    while pos > start:
        parent_pos = (pos - 1) >> 1
        parent = heap[parent_pos]
        if item < parent:
            heap[pos] = parent
            pos = parent_pos
        else:
            break
    heap[pos] = item


def _sift_up(heap, pos):
    # The item at pos may be larger than its children: let the smaller
    # child rise until a leaf is reached, then settle the item from there
    # (fewer comparisons than stopping early, as CPython does).
    end = len(heap)
    start = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_down(heap, start, pos)


def heappush(heap, item):
    """Push item onto heap, keeping the heap invariant."""
    heap.append(item)
    _sift_down(heap, 0, len(heap) - 1)


def heappop(heap):
    """Pop and return the smallest item of heap."""
    if not heap:
        raise IndexError("index out of range")
    last = heap.pop()
    if heap:
        smallest = heap[0]
        heap[0] = last
        _sift_up(heap, 0)
        return smallest
    return last


def heapreplace(heap, item):
    """Pop and return the smallest item, then push item (the heap's size
    does not change; the returned item may be larger than item)."""
    if not heap:
        raise IndexError("index out of range")
    smallest = heap[0]
    heap[0] = item
    _sift_up(heap, 0)
    return smallest


def heappushpop(heap, item):
    """Push item, then pop and return the smallest item: faster than
    heappush followed by heappop."""
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _sift_up(heap, 0)
    return item


def heapify(x):
    """Turn list x into a heap, in place, in linear time."""
    for i in range(len(x) // 2 - 1, -1, -1):
        _sift_up(x, i)


def nsmallest(n, iterable, key=None):
    """The n smallest items of iterable: sorted(iterable, key=key)[:n]."""
    if n <= 0:
        return []
    if n == 1:
        it = list(iterable)
        if not it:
            return []
        if key is None:
            return [min(it)]
        return [min(it, key=key)]
    return sorted(iterable, key=key)[:n]


def nlargest(n, iterable, key=None):
    """The n largest items of iterable:
    sorted(iterable, key=key, reverse=True)[:n]."""
    if n <= 0:
        return []
    if n == 1:
        it = list(iterable)
        if not it:
            return []
        if key is None:
            return [max(it)]
        return [max(it, key=key)]
    return sorted(iterable, key=key, reverse=True)[:n]


def merge(*iterables, key=None, reverse=False):
    """Merge sorted iterables into one sorted iterator (a generator); ties
    keep the order of the iterables."""
    # Entries are [sort key, order, value, iterator]: the order number
    # breaks ties so values and iterators are never compared.
    entries = []
    order = 0
    for it in iterables:
        it = iter(it)
        for value in it:
            k = value if key is None else key(value)
            if reverse:
                entries.append([_Reversed(k), order, value, it])
            else:
                entries.append([k, order, value, it])
            break
        order += 1
    heapify(entries)
    while entries:
        entry = entries[0]
        yield entry[2]
        it = entry[3]
        for value in it:
            k = value if key is None else key(value)
            entry[0] = _Reversed(k) if reverse else k
            entry[2] = value
            heapreplace(entries, entry)
            break
        else:
            heappop(entries)


class _Reversed:
    # A sort key compared the other way round, for merge(reverse=True).
    __slots__ = ("k",)

    def __init__(self, k):
        self.k = k

    def __lt__(self, other):
        return other.k < self.k

    def __eq__(self, other):
        return self.k == other.k
