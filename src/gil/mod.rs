//! GIL scheduling policies: *who* gets the lock, *when* a waiter asks the
//! holder to drop it, and *whom* a release wakes — kept apart from *how*
//! threads wait, which is the engine's business (the real engine waits on
//! parking_lot condvars; a virtual-time engine can drive the same policy
//! from an event queue). A policy never sleeps and never reads a clock:
//! the time it may decide by is [`GilCore::now_ns`], set by the mechanism.
//!
//! # The lock as a state machine
//!
//! [`GilCore`] is the state every policy shares, as in CPython's
//! `struct _gil_runtime_state`; the engine changes it only under its mutex.
//!
//! | state                  | `locked` | `holder`  | event → next state                                   |
//! |------------------------|----------|-----------|------------------------------------------------------|
//! | free                   | false    | None      | `take` by T → held by T (`switch_number` += 1 if T ≠ `last_holder`) |
//! | held by H              | true     | Some(H)   | waiter's timed wait expires, no switch → held, `drop_request` set |
//! | held, drop requested   | true     | Some(H)   | H at an eval-breaker point → `drop` (forced) → free; H waits until another thread takes it (FORCE_SWITCHING) |
//! | held by H              | true     | Some(H)   | H blocks (IO, lock, join, native, yield) → `drop` (voluntary) → free |
//!
//! The new holder clears `drop_request`. A policy may also reserve the free
//! GIL for one waiter (`handoff`), as `fifo` does.
//!
//! # What a policy sees
//!
//! | field / method                     | meaning                                                     |
//! |------------------------------------|-------------------------------------------------------------|
//! | `locked`, `holder`, `waiters`, `handoff`, `drop_request`, `switch_number`, `last_holder` | the lock's state, as above |
//! | `now_ns`                           | the time of the step calling the hook (ns since the run started; virtual time under `--engine virtual`) |
//! | [`GilCore::history`]`(t)`          | thread `t`'s [`ThreadHistory`]: acquisitions, GIL time held, forced / budget / voluntary drops, last take, last release, last voluntary release (its last block: IO, a lock, a sleep), time waited, when its current wait began |
//! | [`GilCore::held_ns`]`(t)`          | `t`'s GIL time, a hold in progress included                  |
//! | [`GilCore::waited_ns`]`(t)`, [`GilCore::waiting_for`]`(t)` | `t`'s time waiting, in all and in the current wait |
//!
//! The mechanism updates the history before it calls the hooks of a step:
//! in `on_taken` the take is counted, in `on_release` the hold and its
//! reason are; in `on_wait_start` the wait has begun. Policies read it and
//! keep whatever else they need (a mark, a queue, a decayed score) in
//! their own fields; determinism follows as long as they use no other
//! clock and no unseeded randomness.
//!
//! Adding a policy is one file here and one entry in [`REGISTRY`],
//! declaring its parameters ([`Param`]); the mechanism around every
//! policy — take, wait, drop, their metrics and the history — is [`Gil`],
//! written once and driven by every engine.

pub mod cooperative;
pub mod fair_share;
pub mod fifo;
pub mod gvl;
mod history;
pub mod io_priority;
pub mod masterlock;
pub mod mechanism;
pub mod newgil;
pub mod params;
mod registry;
pub mod ticks;

pub use history::ThreadHistory;
pub use mechanism::{Arrival, Gil, GilStats, Released, Taker};
pub use params::{Kind, Param, ParamProblem, Values, MAX_PARAMS};
pub use registry::{Entry, PolicyError, PolicyId, REGISTRY};

use serde::Serialize;

/// The default switch interval, as `sys.getswitchinterval()`: 5 ms.
pub const DEFAULT_SWITCH_INTERVAL_NS: u64 = 5_000_000;

/// The default check interval of tick-based policies, as
/// `sys.getcheckinterval()` in Python <= 3.1: 100 instructions.
pub const DEFAULT_CHECK_INTERVAL: u64 = 100;

/// An interpreter thread's id within a run.
pub type Tid = u32;

/// The lock's state, shared by every policy (CPython's `_gil_runtime_state`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct GilCore {
    /// Whether some thread holds the GIL.
    pub locked: bool,
    /// The holder, while locked.
    pub holder: Option<Tid>,
    /// The last thread that held it (to tell whether a switch happened).
    pub last_holder: Option<Tid>,
    /// Number of holder changes since the start (CPython's `switch_number`).
    pub switch_number: u64,
    /// A waiter has asked the holder to drop the GIL.
    pub drop_request: bool,
    /// Threads waiting to take the GIL, oldest first.
    pub waiters: Vec<Tid>,
    /// While the GIL is free, the waiter it is reserved for (hand-off).
    pub handoff: Option<Tid>,
    /// The time of the mechanism's current step (ns since the run
    /// started), set before every policy hook. In `wait_timeout_ns` it is
    /// the time of the arrival or wake-up just before.
    pub now_ns: u64,
    /// Each thread's GIL history, indexed by [`Tid`]; read it through
    /// [`GilCore::history`], which knows threads not yet seen.
    pub history: Vec<ThreadHistory>,
}

/// Why a holder lets the GIL go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// At an eval-breaker point, because a waiter asked (drop request).
    Forced,
    /// Its instruction budget for the slice is spent (tick-based policies).
    Budget,
    /// Before blocking: IO, a lock, a join, releasing native work, or YIELD.
    Voluntary,
    /// The thread ended.
    Exit,
}

/// Whom a release wakes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// One waiter (CPython's `COND_SIGNAL`).
    One,
    /// Every waiter.
    All,
}

/// A GIL scheduling policy. The engine calls these hooks with its mutex held.
pub trait Policy: Send {
    /// The policy's name, as given to `--policy`.
    fn name(&self) -> &'static str;

    /// May thread `t` take the GIL now? Called on arrival and after each wake-up.
    fn may_take(&self, core: &GilCore, t: Tid) -> bool {
        let _ = t;
        !core.locked
    }

    /// Thread `t` has just started waiting (it is last in `core.waiters`).
    /// Returns true if the policy set `core.drop_request` at once.
    fn on_wait_start(&mut self, core: &mut GilCore, t: Tid) -> bool {
        let _ = (core, t);
        false
    }

    /// Thread `t` has just taken the GIL.
    fn on_taken(&mut self, core: &mut GilCore, t: Tid) {
        let _ = (core, t);
    }

    /// How long (ns) waiter `t` sleeps before [`Policy::after_wait`] is
    /// asked what to do; `None` to sleep until signalled.
    fn wait_timeout_ns(&self, core: &GilCore, t: Tid) -> Option<u64>;

    /// A waiter woke up (`timed_out` if its timed wait expired);
    /// `saved_switch` is `switch_number` from before it slept. Returns true
    /// if the policy set `core.drop_request` (the engine then sets the eval
    /// breaker so the holder sees it). Default: CPython's rule — ask after
    /// an interval in which no switch happened.
    fn after_wait(
        &mut self,
        core: &mut GilCore,
        t: Tid,
        timed_out: bool,
        saved_switch: u64,
    ) -> bool {
        let _ = t;
        newgil::request_after_interval(core, timed_out, saved_switch)
    }

    /// Holder `t` released the GIL (`core` already shows it free). Returns
    /// whom to wake.
    fn on_release(&mut self, core: &mut GilCore, t: Tid, why: Release) -> Wake;

    /// After a forced release, must the thread wait until another thread
    /// has taken the GIL before it may ask again (FORCE_SWITCHING)?
    /// Default: yes, as in CPython.
    fn force_switching(&self) -> bool {
        true
    }

    /// `sys.setswitchinterval(s)` while the program runs: waits that
    /// begin from now on use the new interval. Default: ignored (a policy
    /// with no switch interval, or whose clock is its own).
    fn set_switch_interval(&mut self, _ns: u64) {}

    /// Instructions a holder may run before releasing on its own
    /// ([`Release::Budget`]); `u64::MAX` for none.
    fn slice_budget(&self) -> u64 {
        u64::MAX
    }
}

/// Settings a policy is built from.
#[derive(Clone, Copy, Debug)]
pub struct PolicyConfig {
    /// The switch interval (`sys.setswitchinterval`), in nanoseconds.
    pub switch_interval_ns: u64,
    /// Instructions between releases for tick-based policies
    /// (`sys.setcheckinterval`, Python <= 3.1).
    pub check_interval: u64,
}

impl Default for PolicyConfig {
    fn default() -> Self {
        PolicyConfig {
            switch_interval_ns: DEFAULT_SWITCH_INTERVAL_NS,
            check_interval: DEFAULT_CHECK_INTERVAL,
        }
    }
}
