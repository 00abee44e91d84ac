"""gilsim_native.py — native work that CPython can run too.

Under gilsim, `gilsim_native.work(units, release_gil)` is the CALL_NATIVE
opcode: `units` of CPU work (about 1 us each) outside the bytecode loop,
with the GIL released or held. Under CPython this module stands in for it
with real C calls that behave the same way:

- release_gil=True: hashlib.sha256 over a large buffer — hashlib releases
  the GIL for buffers over 2 KiB, so threads doing this run in parallel;
- release_gil=False: sum(range(...)) — one long C call that holds the GIL
  and cannot be preempted.

The amounts are rough: about a microsecond per unit on the machine the
README's figures come from.
"""
import hashlib


def work(units, release_gil):
    if release_gil:
        hashlib.sha256(b"\0" * (units * 400)).digest()
    else:
        sum(range(units * 25))
