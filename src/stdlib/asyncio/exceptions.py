"""asyncio.exceptions (gilsim): the exceptions asyncio raises."""

__all__ = ("CancelledError", "InvalidStateError", "TimeoutError")


class CancelledError(BaseException):
    """The operation was cancelled."""


TimeoutError = TimeoutError     # the builtin, as in 3.11


class InvalidStateError(Exception):
    """Invalid internal state of a Future or Task."""
