//! The real engine's waiting: the clock-free [`Gil`] and [`World`] state
//! machines behind parking_lot mutexes, with condition variables to sleep
//! on between their steps — CPython's `gil->mutex`, `gil->cond` and
//! `gil->switch_cond`, and the locks' and joins' wake-ups.
//!
//! The holder learns of a drop request through the run's eval breaker,
//! one relaxed atomic load at each eval-breaker point; [`SyncGil`] keeps
//! it equal to "a drop request is pending or the run is stopping" after
//! every step.

use crate::engine::since;
use crate::engine::world::{Activity, Wait, World};
use crate::gil::{Gil, GilStats, Release, Taker, Tid, Wake};
use crate::trace::Event;
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why a blocking operation gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupted {
    /// The run is stopping (timeout, deadlock elsewhere).
    Stopped,
    /// This thread's wait completed a deadlock.
    Deadlock,
}

/// A GIL shared by the OS threads of one run.
pub struct SyncGil {
    gil: Mutex<Gil>,
    // Signalled when the GIL is released (CPython's `gil->cond`).
    cond: Condvar,
    // Signalled when a thread takes the GIL (CPython's `switch_cond`).
    switch_cond: Condvar,
    // invariant: after every step, true iff a drop request is pending or
    // `stop` is set.
    breaker: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    budget: u64,
    t0: Instant,
    /// The modelled runtime's cost of a release that leaves a waiter
    /// asleep (ns; 0: none), spun by the releasing thread (see `pace`).
    wake_ns: f64,
}

impl SyncGil {
    /// Wraps `gil`; `breaker` is the run's eval breaker, `t0` its start.
    pub fn new(gil: Gil, breaker: Arc<AtomicBool>, stop: Arc<AtomicBool>, t0: Instant) -> SyncGil {
        SyncGil {
            budget: gil.budget(),
            gil: Mutex::new(gil),
            cond: Condvar::new(),
            switch_cond: Condvar::new(),
            breaker,
            stop,
            t0,
            wake_ns: 0.0,
        }
    }

    /// The same GIL with a runtime's costs: a release that leaves a
    /// waiter asleep costs the releaser `real_wake_ns` more.
    pub fn with_runtime_costs(mut self, c: &crate::spec::RuntimeCosts) -> SyncGil {
        // Real threads pay their own wakes and hand-offs (futex calls,
        // caches moving); `wake_ns` and `handoff_ns` are the virtual
        // engine's model of them. Only what gilsim's lock is cheaper by
        // is added here.
        self.wake_ns = c.real_wake_ns.unwrap_or(0.0);
        self
    }

    /// The policy's instruction budget per slice.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// `sys.setswitchinterval`: the policy's new interval.
    pub fn set_switch_interval(&self, ns: u64) {
        self.gil.lock().set_switch_interval(ns);
    }

    /// Whether a drop request is pending.
    pub fn drop_requested(&self) -> bool {
        self.gil.lock().drop_requested()
    }

    fn sync_breaker(&self, g: &Gil) {
        self.breaker
            .store(g.drop_requested() || self.stop.load(Relaxed), Relaxed);
    }

    /// `take_gil`: blocks until thread `t` holds the GIL; false, without
    /// it, if the run is stopping.
    pub fn take(&self, t: Tid, m: &mut GilStats, trace: &mut Option<Vec<Event>>) -> bool {
        let mut g = self.gil.lock();
        let mut taker = Taker::default();
        let mut step = g.arrive(t, since(self.t0), &mut taker, m, trace);
        loop {
            if step.requested {
                self.breaker.store(true, Relaxed);
            }
            if step.taken {
                break;
            }
            if self.stop.load(Relaxed) {
                g.abandon(t, since(self.t0));
                return false;
            }
            let timed_out = match g.wait_plan(&mut taker) {
                Some(ns) => self
                    .cond
                    .wait_for(&mut g, Duration::from_nanos(ns))
                    .timed_out(),
                None => {
                    self.cond.wait(&mut g);
                    false
                }
            };
            step = g.after_wake(t, since(self.t0), timed_out, &mut taker, m, trace);
        }
        self.sync_breaker(&g);
        self.switch_cond.notify_all();
        true
    }

    /// `drop_gil`: thread `t`, holding since `held_since`, releases the
    /// GIL. After a forced release with FORCE_SWITCHING it waits until
    /// another thread has taken the GIL.
    pub fn release(&self, t: Tid, why: Release, held_since: u64, m: &mut GilStats) {
        let mut g = self.gil.lock();
        let r = g.release(t, since(self.t0), why, held_since, m);
        if self.wake_ns > 0.0 && !g.core().waiters.is_empty() {
            // The wake system call, paid outside the lock.
            drop(g);
            super::pace::spin_until(Instant::now(), self.wake_ns);
            g = self.gil.lock();
        }
        match r.wake {
            Wake::One => {
                self.cond.notify_one();
            }
            Wake::All => {
                self.cond.notify_all();
            }
        }
        self.sync_breaker(&g);
        if r.wait_for_switch {
            // "Not switched yet => wait".
            while !g.switched_from(t) && !self.stop.load(Relaxed) {
                self.switch_cond.wait(&mut g);
            }
        }
    }

    /// Wakes every waiter (the run is stopping). Sets the breaker under
    /// the mutex, so that no step racing with the stop clears it again.
    pub fn wake_all(&self) {
        let _g = self.gil.lock();
        self.breaker.store(true, Relaxed);
        self.cond.notify_all();
        self.switch_cond.notify_all();
    }

    /// The GIL itself, for the run's figures at the end.
    pub fn into_inner(self) -> Gil {
        self.gil.into_inner()
    }
}

/// The run's [`World`] shared by its OS threads.
pub struct SyncWorld {
    world: Mutex<World>,
    // Signalled when a step wakes a thread, a thread ends, or the run stops.
    changed: Condvar,
    // Signalled only when the run stops (wakes IO sleepers early).
    stopping: Condvar,
}

impl SyncWorld {
    /// A world allowing at most `max_threads` threads.
    pub fn new(max_threads: u32) -> SyncWorld {
        SyncWorld {
            world: Mutex::new(World::new(max_threads)),
            changed: Condvar::new(),
            stopping: Condvar::new(),
        }
    }

    /// Runs one step on the world, then wakes whoever it woke.
    pub fn with<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let mut w = self.world.lock();
        let r = f(&mut w);
        self.deliver(&mut w);
        r
    }

    fn deliver(&self, w: &mut World) {
        if w.has_woken() {
            w.take_woken();
            self.changed.notify_all();
        }
        if w.stopped() {
            self.changed.notify_all();
            self.stopping.notify_all();
        }
    }

    /// Stops the run: every blocked thread wakes and gives up.
    pub fn stop(&self) {
        self.with(World::stop);
    }

    /// Records how thread `t` ended and wakes its joiners (and whoever
    /// waits for the whole run).
    pub fn finish(&self, t: Tid) {
        self.with(|w| w.finish(t));
        self.changed.notify_all();
    }

    /// Sleeps until `t` is runnable again after `step` blocked it.
    fn wait_out(
        &self,
        w: &mut MutexGuard<'_, World>,
        t: Tid,
        step: Wait,
    ) -> Result<bool, Interrupted> {
        self.deliver(w);
        match step {
            Wait::Ready => return Ok(true),
            Wait::Deadlock => return Err(Interrupted::Deadlock),
            Wait::Blocked => {}
        }
        loop {
            if w.stopped() {
                return Err(Interrupted::Stopped);
            }
            if w.activity(t) == Activity::Runnable {
                return Ok(false);
            }
            self.changed.wait(w);
        }
    }

    /// Blocks until `t` holds lock `l` (woken waiters retry).
    pub fn acquire(&self, t: Tid, l: u32) -> Result<(), Interrupted> {
        let mut w = self.world.lock();
        let mut step = w.acquire(t, l);
        while !self.wait_out(&mut w, t, step)? {
            step = w.retry(t, l);
        }
        Ok(())
    }

    /// Blocks until `t` holds lock `l` or `timeout` ns have passed (for
    /// ever without one); whether it took the lock. The wait cannot
    /// deadlock: it ends by itself.
    pub fn acquire_for(&self, t: Tid, l: u32, timeout: Option<u64>) -> Result<bool, Interrupted> {
        let Some(ns) = timeout else {
            return self.acquire(t, l).map(|()| true);
        };
        let deadline = Instant::now() + Duration::from_nanos(ns);
        let mut w = self.world.lock();
        let mut step = w.acquire_timed(t, l);
        loop {
            self.deliver(&mut w);
            if step == Wait::Ready {
                return Ok(true);
            }
            loop {
                if w.stopped() {
                    w.give_up(t, l);
                    return Err(Interrupted::Stopped);
                }
                if w.activity(t) == Activity::Runnable {
                    break;
                }
                if self.changed.wait_until(&mut w, deadline).timed_out()
                    && w.activity(t) != Activity::Runnable
                {
                    let got = w.give_up(t, l);
                    self.deliver(&mut w);
                    return Ok(got);
                }
            }
            step = w.retry_timed(t, l);
        }
    }

    /// Blocks until a message comes on channel `ch` or `timeout` ns have
    /// passed (for ever without one); the message, if any.
    pub fn recv_for(
        &self,
        t: Tid,
        ch: u32,
        timeout: Option<u64>,
    ) -> Result<Option<Vec<u8>>, Interrupted> {
        let deadline = timeout.map(|ns| Instant::now() + Duration::from_nanos(ns));
        let mut w = self.world.lock();
        let mut again = false;
        loop {
            if let Some(m) = w.try_recv(ch) {
                return Ok(Some(m));
            }
            let step = w.wait_recv(t, ch, deadline.is_some(), again);
            self.deliver(&mut w);
            if step == Wait::Deadlock {
                return Err(Interrupted::Deadlock);
            }
            again = true;
            loop {
                if w.stopped() {
                    w.give_up_recv(t, ch);
                    return Err(Interrupted::Stopped);
                }
                if w.activity(t) == Activity::Runnable {
                    break;
                }
                match deadline {
                    Some(d) => {
                        if self.changed.wait_until(&mut w, d).timed_out()
                            && w.activity(t) != Activity::Runnable
                        {
                            let m = w.give_up_recv(t, ch);
                            self.deliver(&mut w);
                            return Ok(m);
                        }
                    }
                    None => self.changed.wait(&mut w),
                }
            }
        }
    }

    /// Blocks until thread `j` has ended (`t` checked it may join `j`).
    pub fn join(&self, t: Tid, j: Tid) -> Result<(), Interrupted> {
        let mut w = self.world.lock();
        let step = w.join(t, j).unwrap_or(Wait::Ready);
        self.wait_out(&mut w, t, step).map(|_| ())
    }

    /// An IO wait: sleeps `ns` unless the run stops; returns the time slept.
    pub fn sleep(&self, t: Tid, ns: u64) -> Result<u64, Interrupted> {
        let start = Instant::now();
        let deadline = start + Duration::from_nanos(ns);
        let mut w = self.world.lock();
        w.set_activity(t, Activity::Io);
        while !w.stopped() && Instant::now() < deadline {
            self.stopping.wait_until(&mut w, deadline);
        }
        w.set_activity(t, Activity::Runnable);
        if w.stopped() {
            return Err(Interrupted::Stopped);
        }
        Ok(start.elapsed().as_nanos() as u64)
    }

    /// Waits until every thread has ended or `deadline` passes; true if
    /// all ended.
    pub fn wait_all_done(&self, deadline: Option<Instant>) -> bool {
        let mut w = self.world.lock();
        loop {
            if w.all_done() {
                return true;
            }
            match deadline {
                Some(d) => {
                    if self.changed.wait_until(&mut w, d).timed_out() && !w.all_done() {
                        return false;
                    }
                }
                None => self.changed.wait(&mut w),
            }
        }
    }

    /// The world itself, for the run's figures at the end.
    pub fn into_inner(self) -> World {
        self.world.into_inner()
    }
}
