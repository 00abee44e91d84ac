# Classes carry __module__: reprs and uncaught exceptions name it as
# CPython does (nothing for __main__ and builtins).
import queue


class S:
    pass


class T(S):
    class_attr = 1


class M:
    __module__ = "elsewhere"


print(S, T, S.__module__, T.__module__, T().__module__)
print(M, M.__module__)
print(repr(S()).startswith("<__main__.S object at "))
print(repr(M()).startswith("<elsewhere.M object at "))
print(queue.Empty, queue.Full, queue.Queue)
print(queue.Empty.__module__, queue.Full.__module__, queue.Queue.__module__)
print(ValueError.__module__, object.__module__, int.__module__ if False else "")
try:
    queue.Queue().get_nowait()
except queue.Empty as e:
    print("empty", repr(e), type(e).__name__)
raise queue.Empty("nothing there")
