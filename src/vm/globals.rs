//! Shared globals: one slot per `.global`, shared by every interpreter
//! thread of a run.
//!
//! Each slot is a tiny `parking_lot` mutex held only for the copy in or
//! out, so a single `LOAD_GLOBAL` or `STORE_GLOBAL` is atomic and memory
//! safe in every mode, while a read-modify-write sequence (`LOAD_GLOBAL`,
//! `BINARY_OP +`, `STORE_GLOBAL`) is three steps that other threads can
//! interleave with — losing updates exactly as Python programs do.

use super::value::Value;
use crate::bytecode::Program;
use parking_lot::Mutex;

/// `LOAD_GLOBAL` of global `i`, not (yet) assigned: as CPython, the
/// builtin of that name, else a `NameError`.
#[cold]
pub(crate) fn unbound(prog: &Program, i: u32) -> Result<Value, crate::vm::TrapKind> {
    crate::vm::builtins::builtin(prog.global_name(i)).ok_or_else(|| {
        crate::vm::TrapKind::Builtin(
            "NameError",
            format!("name '{}' is not defined", prog.global_name(i)),
        )
    })
}

/// The global slots of one run.
#[derive(Debug)]
pub struct Globals {
    slots: Box<[Mutex<Value>]>,
    // The run's `random` state (splitmix64), shared like CPython's module RNG.
    rng: Mutex<u64>,
    // `sys.getswitchinterval()`.
    switch_ns: std::sync::atomic::AtomicU64,
    // `threading.Thread` names: Thread-1, Thread-2...
    threads: std::sync::atomic::AtomicU32,
    // The process these globals belong to (0: the program's own; a
    // multiprocessing child has globals of its own), and the CPUs the
    // run has (`os.cpu_count()`).
    pid: std::sync::atomic::AtomicU32,
    cpus: std::sync::atomic::AtomicU32,
}

impl Globals {
    /// Fresh globals holding the program's initial values.
    pub fn new(p: &Program) -> Globals {
        Globals {
            slots: p
                .globals()
                .iter()
                .map(|g| Mutex::new(g.init.clone()))
                .collect(),
            rng: Mutex::new(0x2545_f491_4f6c_dd1d),
            switch_ns: std::sync::atomic::AtomicU64::new(crate::gil::DEFAULT_SWITCH_INTERVAL_NS),
            threads: std::sync::atomic::AtomicU32::new(0),
            pid: std::sync::atomic::AtomicU32::new(0),
            cpus: std::sync::atomic::AtomicU32::new(
                std::thread::available_parallelism().map_or(1, |n| n.get() as u32),
            ),
        }
    }

    /// Globals holding these values (a module's state after its code ran).
    pub fn from_values(p: &Program, values: Vec<Value>) -> Globals {
        let g = Globals::new(p);
        for (slot, v) in g.slots.iter().zip(values) {
            *slot.lock() = v;
        }
        g
    }

    /// Seeds `random` (the run's seed, or `random.seed(s)`).
    pub fn seed_random(&self, s: u64) {
        *self.rng.lock() = s ^ 0x2545_f491_4f6c_dd1d;
    }

    fn next_u64(&self) -> u64 {
        let mut st = self.rng.lock();
        *st = st.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *st;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn random(&self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An int in [0, n) (n > 0), without modulo bias.
    pub fn below(&self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }

    /// The switch interval programs see (`sys.getswitchinterval`).
    pub fn switch_interval_ns(&self) -> u64 {
        self.switch_ns.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Records `sys.setswitchinterval`.
    pub fn set_switch_interval_ns(&self, ns: u64) {
        self.switch_ns
            .store(ns, std::sync::atomic::Ordering::Relaxed)
    }

    /// The process these globals belong to (0: the program's own).
    pub fn pid(&self) -> u32 {
        self.pid.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Makes these the globals of process `pid`.
    pub fn set_pid(&self, pid: u32) {
        self.pid.store(pid, std::sync::atomic::Ordering::Relaxed)
    }

    /// How many CPUs the run has (the machine's, or the virtual engine's
    /// simulated cores).
    pub fn cpus(&self) -> u32 {
        self.cpus.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Sets the CPU count programs see.
    pub fn set_cpus(&self, n: u32) {
        self.cpus
            .store(n.max(1), std::sync::atomic::Ordering::Relaxed)
    }

    /// The next `Thread-N` number.
    pub fn next_thread_number(&self) -> u32 {
        self.threads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1
    }

    /// Reads slot `i` atomically. `i` must be a verified global index.
    #[inline]
    pub fn load(&self, i: u32) -> Value {
        self.slots[i as usize].lock().clone()
    }

    /// Writes slot `i` atomically. `i` must be a verified global index.
    #[inline]
    pub fn store(&self, i: u32, v: Value) {
        let old = std::mem::replace(&mut *self.slots[i as usize].lock(), v);
        drop(old); // freed outside the lock
    }

    /// A snapshot of every slot, in declaration order.
    pub fn snapshot(&self) -> Vec<Value> {
        self.slots.iter().map(|s| s.lock().clone()).collect()
    }
}
