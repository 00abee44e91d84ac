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

/// The global slots of one run.
#[derive(Debug)]
pub struct Globals {
    slots: Box<[Mutex<Value>]>,
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
        }
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
