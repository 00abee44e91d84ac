//! The presets' data: what each runtime's lock is, with the figures and
//! where in its source (or docs) they come from. Each entry is a policy of
//! src/gil/ plus these numbers; [`super::Runtime`] applies them.

use super::{Runtime, RuntimeLock};
use crate::spec::RuntimeCosts;

/// Starting a thread in CPython, to the starter (ns): `Thread.start()`
/// and its handshake, about 0.1 ms — measured with CPython 3.13.0 on
/// gilsim's development machine (`benches/interp_startup.py`: a thread's
/// start and end, median 0.10-0.11 ms); gilsim's own real threads start
/// in about 29 us (`gilsim calibrate`).
const CPYTHON_THREAD_START_NS: f64 = 100_000.0;

/// CPython 3's own costs: only its thread start differs from gilsim's
/// (its GIL is time-based, so its speed does not shape the schedule).
const CPYTHON3_COSTS: RuntimeCosts = RuntimeCosts {
    thread_start_ns: Some(CPYTHON_THREAD_START_NS),
    ..RuntimeCosts::NONE
};

const CEVAL_GIL: &str =
    "CPython Python/ceval_gil.c: take_gil/drop_gil, FORCE_SWITCHING, DEFAULT_INTERVAL 5000 us";
const SWITCHINTERVAL_DOCS: &str =
    "https://docs.python.org/3/library/sys.html#sys.setswitchinterval (default 0.005 s)";

/// Every preset, the default first.
pub const PRESETS: &[Runtime] = &[
    Runtime {
        name: "cpython-3.11",
        about: "CPython 3.11: the new GIL, 5 ms switch interval (the default)",
        lock: RuntimeLock::Gil {
            policy: "newgil",
            switch_interval_ns: 5_000_000,
            check_interval: None,
        },
        costs: CPYTHON3_COSTS,
        sources: &[CEVAL_GIL, SWITCHINTERVAL_DOCS],
    },
    Runtime {
        name: "cpython-3.12",
        about: "CPython 3.12: the same GIL as 3.11 (per-interpreter since PEP 684)",
        lock: RuntimeLock::Gil {
            policy: "newgil",
            switch_interval_ns: 5_000_000,
            check_interval: None,
        },
        costs: CPYTHON3_COSTS,
        sources: &[
            "CPython 3.12 Python/ceval_gil.c: take_gil/drop_gil unchanged from 3.11 \
             (the GIL moved into the interpreter state, PEP 684)",
            SWITCHINTERVAL_DOCS,
        ],
    },
    Runtime {
        name: "cpython-3.13",
        about: "CPython 3.13 (default build): the same GIL as 3.11",
        lock: RuntimeLock::Gil {
            policy: "newgil",
            switch_interval_ns: 5_000_000,
            check_interval: None,
        },
        costs: CPYTHON3_COSTS,
        sources: &[
            "CPython 3.13 Python/ceval_gil.c: take_gil/drop_gil as in 3.11; \
             the free-threaded build is cpython-3.13t",
            SWITCHINTERVAL_DOCS,
        ],
    },
    Runtime {
        name: "cpython-2.7",
        about: "CPython 2.7 (and <= 3.1): release and re-take every 100 ticks (450 gilsim instructions), at 2.7's speed",
        lock: RuntimeLock::Gil {
            policy: "ticks",
            switch_interval_ns: 5_000_000,
            check_interval: Some(450),
        },
        costs: RuntimeCosts {
            instruction_ns: Some(3.0),
            wake_ns: Some(1500.0),
            handoff_ns: Some(4000.0),
            real_wake_ns: Some(700.0),
            thread_start_ns: Some(CPYTHON_THREAD_START_NS),
        },
        sources: &[
            "CPython 2.7 Python/ceval.c: int _Py_CheckInterval = 100; PyEval_EvalFrameEx \
             releases and re-takes interpreter_lock when _Py_Ticker runs out",
            "https://docs.python.org/2.7/library/sys.html#sys.setcheckinterval (default 100)",
            "David Beazley, Understanding the Python GIL (PyCon 2010): the GIL battle",
            "CPython 2.7 Python/ceval.c: opcodes that `goto fast_next_opcode` (LOAD_FAST, \
             LOAD_CONST, STORE_FAST, a taken POP_JUMP_IF_FALSE) or are PREDICTed skip the \
             `--_Py_Ticker` at the loop's top: a `while n > 0: n -= 1` iteration is 9 opcodes, \
             2 ticks, and 9 gilsim instructions, so 100 ticks = 450 instructions",
            "costs measured on gilsim's development machine (2-core AMD EPYC, 2026-11-25) with \
             python2.7 2.7.18: 3.0 ns per instruction (6 M count-down steps in 0.162 s); \
             wake_ns, handoff_ns fitted to its 2- and 4-thread battle (2.2x and 2.6x), \
             real_wake_ns to the real engine's (docs/guide/researchers/validate.md)",
        ],
    },
    Runtime {
        name: "cpython-3.13t",
        about: "CPython 3.13t: free-threaded build, no GIL (PEP 703)",
        lock: RuntimeLock::Free { profile: "3.13t" },
        costs: CPYTHON3_COSTS,
        sources: &[
            "https://peps.python.org/pep-0703/",
            "https://docs.python.org/3.13/howto/free-threading-python.html",
        ],
    },
    Runtime {
        name: "cpython-3.14t",
        about: "CPython 3.14t: free-threaded build, no GIL, specialization back on",
        lock: RuntimeLock::Free { profile: "3.14t" },
        costs: CPYTHON3_COSTS,
        sources: &[
            "https://peps.python.org/pep-0779/",
            "https://docs.python.org/3.14/howto/free-threading-python.html",
        ],
    },
    Runtime {
        name: "ruby-3.3",
        about: "Ruby 3.3's GVL: FIFO ready queue, 100 ms quantum on a 10 ms timer",
        lock: RuntimeLock::Gil {
            policy: "gvl",
            switch_interval_ns: 5_000_000,
            check_interval: None,
        },
        costs: RuntimeCosts::NONE,
        sources: &[
            "Ruby 3.3 thread_pthread.c: #define TIME_QUANTUM_MSEC (100); thread_sched_to_ready_common \
             (ready queue tail), thread_sched_to_waiting / thread_sched_wakeup_next_thread \
             (blocking hands the GVL to the queue's head), thread_sched_yield",
            "Ruby 3.3 thread_pthread.c: timer_thread_set_timeout (10 ms while timeslice threads \
             exist), timer_thread_check_timeslice (RUBY_VM_SET_TIMER_INTERRUPT)",
            "Ruby thread.c: rb_threadptr_execute_interrupts (running_time_us += 10 ms per tick; \
             yield at the quantum)",
        ],
    },
    Runtime {
        name: "ocaml-4.14",
        about: "OCaml 4.14's master lock: with waiters, the holder yields every 50 ms tick",
        lock: RuntimeLock::Gil {
            policy: "masterlock",
            switch_interval_ns: 5_000_000,
            check_interval: None,
        },
        costs: RuntimeCosts::NONE,
        sources: &[
            "OCaml 4.14.2 otherlibs/systhreads/st_stubs.c: #define Thread_timeout 50; \
             caml_thread_tick records SIGPREEMPTION; caml_thread_yield",
            "OCaml 4.14.2 otherlibs/systhreads/st_posix.h: st_masterlock (busy, waiters, \
             is_free), st_masterlock_acquire/release, st_thread_yield",
            "OCaml 4.14.2 otherlibs/systhreads/thread.ml: preempt calls yield",
        ],
    },
];
