"""multiprocessing.connection (gilsim): Pipe() and its Connection ends,
channels of pickled messages (a waiting recv() releases the GIL)."""

import _process

__all__ = ["Pipe"]


class Connection:
    """One end of a Pipe."""

    def __init__(self, inbox, outbox, readable=True, writable=True):
        self._in = inbox
        self._out = outbox
        self.readable = readable
        self.writable = writable
        self.closed = False
        self._peeked = None

    def send(self, obj):
        if self.closed:
            raise OSError("handle is closed")
        if not self.writable:
            raise OSError("connection is read-only")
        _process.send(self._out, obj)

    def recv(self):
        if self.closed:
            raise OSError("handle is closed")
        if not self.readable:
            raise OSError("connection is write-only")
        if self._peeked is not None:
            blob = self._peeked
            self._peeked = None
            return _process.loads(blob)
        return _process.loads(_process.recv(self._in))

    def poll(self, timeout=0.0):
        if self._peeked is not None or _process.pending(self._in) > 0:
            return True
        if timeout is None or timeout > 0:
            blob = _process.recv(self._in, timeout)
            if blob is None:
                return False
            # Kept aside for the next recv(), so the order holds.
            self._peeked = blob
            return True
        return False

    def close(self):
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def Pipe(duplex=True):
    a = _process.channel()
    b = _process.channel()
    if duplex:
        return Connection(a, b), Connection(b, a)
    return Connection(a, None, True, False), Connection(None, a, False, True)
