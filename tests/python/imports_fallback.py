# The portable-import idiom: a module gilsim (or this Python) lacks may
# be imported inside a `try` that catches ImportError; the import fails
# at run time, as in CPython, and the fallback runs.
try:
    import Queue as queue  # Python 2's name
except ImportError:
    import queue

q = queue.Queue()
q.put(1)
print(q.get())

try:
    import no_such_module_for_gilsim
except ImportError as e:
    print(type(e).__name__, isinstance(e, ImportError))

try:
    import queue as q2
except ImportError:
    import Queue as q2
print(q2 is queue)

try:
    from no_such_module_for_gilsim import thing
except (ValueError, ModuleNotFoundError):
    thing = "fallback"
print(thing)
