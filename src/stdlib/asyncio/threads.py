"""asyncio.threads (gilsim): running a blocking call in a thread."""

from . import events

__all__ = ("to_thread",)


async def to_thread(func, *args, **kwargs):
    """Runs func(*args, **kwargs) in the loop's default thread pool."""
    loop = events.get_running_loop()
    if kwargs:
        def call():
            return func(*args, **kwargs)
        return await loop.run_in_executor(None, call)
    return await loop.run_in_executor(None, func, *args)
