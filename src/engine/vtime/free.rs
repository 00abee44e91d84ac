//! Free mode's costs in virtual time (`--free-threading`, see
//! [`crate::spec::free`]): the slower interpreter, the per-object locks of
//! container operations, shared reference counts, and contention when
//! threads touching shared objects run on several cores at once.
//!
//! A slice's bytecode time is recomputed from the thread's totals, as in
//! every mode, so rounding never accumulates:
//!
//! `(instructions × instruction_ns + calls × call_ns) × (1 + overhead)
//!  + (touches × lock + shared × shared_instr) × instruction_ns`
//!
//! Contention depends on the moment, so it is charged per slice: each
//! shared operation of the slice costs `contention_instr × instruction_ns`
//! once for every other thread of the same interpreter running bytecode
//! on another core when the slice is priced. A thread alone pays none.
//! Slices are kept to [`SLICE_NS`] so that the count follows threads
//! starting and stopping.

use super::sim::{Place, Sim};
use crate::gil::Tid;
use crate::vm::owner::Sharing;

/// The longest bytecode slice while free mode's costs are counted (ns):
/// short against a thread's life, long against an event's cost.
pub(super) const SLICE_NS: u64 = 50_000;

impl Sim {
    /// The thread's bytecode time so far (without contention) and the
    /// contention of its last slice, both in ns.
    pub(super) fn free_slice_ns(
        &mut self,
        t: Tid,
        instructions: u64,
        calls: u64,
        sharing: Sharing,
    ) -> (u64, u64) {
        let c = &self.cost;
        let f = &self.free;
        let bytecode = instructions as f64 * c.instruction_ns + calls as f64 * c.call_ns;
        let total = bytecode * (1.0 + f.overhead)
            + (sharing.touches as f64 * f.lock_instr + sharing.shared as f64 * f.shared_instr)
                * c.instruction_ns;
        let th = &mut self.threads[t as usize];
        let shared = sharing.shared - th.charged_shared;
        th.charged_shared = sharing.shared;
        let contention = if shared == 0 {
            0
        } else {
            let others = self.running_beside(t);
            (shared as f64 * others as f64 * f.contention_instr * c.instruction_ns).round() as u64
        };
        (total.round() as u64, contention)
    }

    /// How many other threads of `t`'s interpreter run bytecode on a core
    /// right now.
    fn running_beside(&self, t: Tid) -> usize {
        let d = self.threads[t as usize].domain;
        self.threads
            .iter()
            .enumerate()
            .filter(|(i, o)| {
                *i != t as usize && o.domain == d && o.holding && o.place == Place::Core
            })
            .count()
    }
}
