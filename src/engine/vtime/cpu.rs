//! The simulated OS scheduler: `cores` cores, a run queue, time slices and
//! wake-up preemption — the part of the machine that makes the GIL battle
//! depend on the number of cores.
//!
//! - A thread woken while a core is idle runs there after a wake-up
//!   latency (`wakeup_ns`, the idle core's IPI and exit from idle).
//! - With no idle core it queues. It preempts a running thread at once if
//!   that thread has used `wakeup_granularity_ns` more CPU time than it (as
//!   Linux's CFS favours a thread that slept); the preempted thread is its
//!   waker when the waker is on a core (the woken thread is placed on the
//!   waker's core, and the waker is preempted on its way out of the wake
//!   system call, as `check_preempt_wakeup` arranges), otherwise the
//!   running thread with the most CPU time.
//! - A thread whose time slice (`os_quantum_ns`) is over yields its core
//!   when others are queued; a core changes thread in `context_switch_ns`.
//!
//! Preemption takes effect at the victim's next step: for a thread
//! running bytecode ahead of the clock that is the end of its slice, at
//! most one time slice later.

use super::sim::{Kind, Place, Sim, Sleep};
use crate::gil::Tid;
use std::collections::VecDeque;

/// The simulated OS's state.
pub(super) struct Os {
    /// Whether the OS is modelled (cores, latencies); off for asyncio,
    /// where every task lives on the loop's one thread.
    pub enabled: bool,
    free_cores: u32,
    // invariant: the threads holding a core, in the order they got it.
    on_core: Vec<Tid>,
    // Runnable threads waiting for a core, first served first.
    runq: VecDeque<Tid>,
    // Threads executing bytecode on a core right now, and the most ever.
    executing: u32,
    /// The most threads ever executing bytecode at once.
    pub max_parallel: u32,
}

impl Os {
    /// An idle machine of `cores` cores (`enabled` false: no OS at all).
    pub fn new(enabled: bool, cores: u32) -> Os {
        Os {
            enabled,
            free_cores: cores,
            on_core: Vec::new(),
            runq: VecDeque::new(),
            executing: 0,
            max_parallel: 0,
        }
    }

    /// Whether runnable threads wait for a core.
    pub fn contended(&self) -> bool {
        !self.runq.is_empty()
    }

    /// A thread on a core starts executing bytecode.
    pub fn start_executing(&mut self) {
        self.executing += 1;
        self.max_parallel = self.max_parallel.max(self.executing);
    }

    /// A thread stops executing bytecode (it keeps its core).
    pub fn stop_executing(&mut self) {
        self.executing -= 1;
    }
}

impl Sim {
    /// CPU time thread `t` has used, including its current turn.
    fn cpu_used(&self, t: Tid) -> u64 {
        let th = &self.threads[t as usize];
        let turn = if th.place == Place::Core {
            self.clock.now.saturating_sub(th.turn_start)
        } else {
            0
        };
        th.cpu_ns + turn
    }

    /// At the start of a step on a core: a due preemption, or the end of
    /// the time slice with others queued, takes the core away. Returns
    /// true if it did.
    pub fn os_turn_over(&mut self, t: Tid) -> bool {
        let quantum = self.cost.os_quantum_ns as u64;
        if !self.os.enabled {
            // No OS to take the core away (asyncio), but the time slice
            // still bounds how far a slice runs ahead: renew it, or every
            // slice after the first would be one instruction long (8x
            // slower, with the same results).
            let th = &mut self.threads[t as usize];
            if self.clock.now >= th.quantum_end {
                th.quantum_end = self.clock.now.saturating_add(quantum);
            }
            return false;
        }
        let th = &mut self.threads[t as usize];
        if th.preempt {
            self.preempt_now(t);
            return true;
        }
        if self.clock.now >= th.quantum_end {
            if self.os.runq.is_empty() {
                th.quantum_end = self.clock.now.saturating_add(quantum);
            } else {
                self.preempt_now(t);
                return true;
            }
        }
        false
    }

    /// Thread `t` leaves its core but stays runnable, at the back of the
    /// run queue; its next step waits for a core.
    pub fn preempt_now(&mut self, t: Tid) {
        self.leave_core(t, Place::Queued);
        self.os.runq.push_back(t);
        self.dispatch();
    }

    /// Thread `t` gives up its core and is now at `to`.
    pub fn leave_core(&mut self, t: Tid, to: Place) {
        let now = self.clock.now;
        let th = &mut self.threads[t as usize];
        debug_assert_eq!(th.place, Place::Core);
        th.cpu_ns += now.saturating_sub(th.turn_start);
        th.place = to;
        th.preempt = false;
        if th.holding {
            self.os.stop_executing();
        }
        if !self.os.enabled {
            return;
        }
        if let Some(i) = self.os.on_core.iter().position(|c| *c == t) {
            self.os.on_core.remove(i);
        }
        self.os.free_cores += 1;
        self.dispatch();
    }

    /// Gives idle cores to queued threads.
    fn dispatch(&mut self) {
        while self.os.free_cores > 0 {
            let Some(u) = self.os.runq.pop_front() else {
                break;
            };
            let cs = self.latency(self.cost.context_switch_ns);
            self.give_core(u, cs);
        }
    }

    /// Thread `u` gets a core; it steps after `delay` ns.
    fn give_core(&mut self, u: Tid, delay: u64) {
        if self.os.enabled {
            self.os.free_cores -= 1;
            self.os.on_core.push(u);
        }
        let start = self.clock.now.saturating_add(delay);
        let quantum = self.cost.os_quantum_ns as u64;
        let th = &mut self.threads[u as usize];
        th.place = Place::Core;
        th.turn_start = start;
        th.quantum_end = start.saturating_add(quantum);
        if th.holding {
            self.os.start_executing();
        }
        self.schedule(start, u, Kind::Act);
    }

    /// Thread `t` goes to sleep for `why`: off its core, not runnable.
    /// Events queued for it before are void from now on.
    pub fn sleep(&mut self, t: Tid, why: Sleep) {
        let now = self.clock.now;
        let th = &mut self.threads[t as usize];
        th.gen += 1;
        th.blocked_since = now;
        self.leave_core(t, Place::Asleep(why));
    }

    /// Thread `t`, asleep until now, becomes runnable: it runs after
    /// `latency` ns on an idle core, or queues (see the module notes).
    /// `waker` is the thread whose action woke it, if any.
    pub fn make_runnable(&mut self, t: Tid, waker: Option<Tid>, latency: u64) {
        if !self.os.enabled || self.os.free_cores > 0 {
            self.give_core(t, latency);
            return;
        }
        self.threads[t as usize].place = Place::Queued;
        let victim = match waker {
            Some(w) if self.threads[w as usize].place == Place::Core => Some(w),
            _ => self
                .os
                .on_core
                .iter()
                .copied()
                .max_by_key(|c| (self.cpu_used(*c), std::cmp::Reverse(*c))),
        };
        let gran = self.cost.wakeup_granularity_ns as u64;
        match victim {
            Some(v)
                if !self.threads[v as usize].preempt
                    && self.cpu_used(v) > self.cpu_used(t) + gran =>
            {
                self.threads[v as usize].preempt = true;
                self.os.runq.push_front(t);
            }
            _ => self.os.runq.push_back(t),
        }
    }
}
