"""threading (gilsim): threads and their synchronisation, in Python over
the _thread primitives."""

import _thread

Lock = _thread.allocate_lock
