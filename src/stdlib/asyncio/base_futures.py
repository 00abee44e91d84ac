"""asyncio.base_futures (gilsim): a future's states, and isfuture()."""

# A future's states.
_PENDING = "PENDING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"


def isfuture(obj):
    """Whether obj is an asyncio Future (or duck-types one)."""
    return getattr(obj, "_asyncio_future_blocking", None) is not None
