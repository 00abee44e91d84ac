//! What the virtual engine does for each concurrency instruction, and for
//! threads starting, ending and dying — the same semantics as the real
//! engine (`engine/real/`): blocking operations
//! drop the GIL first and take it again afterwards through take_gil; a
//! lock wakes one waiter when released (who may find it taken again); a
//! thread's end wakes its joiners.

use super::sim::{Kind, Next, Place, Sim, Sleep, Then, VThread};
use crate::engine::report::{report_death, ThreadRecord};
use crate::engine::world::{Activity, Wait};
use crate::gil::{Release, Taker, Tid};
use crate::metrics::ThreadEnd;
use crate::trace;
use crate::vm::{Interp, Request, Trap, TrapKind, Value};

impl Sim {
    fn interp(&mut self, t: Tid) -> &mut Interp {
        self.threads[t as usize]
            .interp
            .as_mut()
            .expect("a running thread has its interpreter")
    }

    /// Creates a thread in domain `domain` calling `func(args)`; it starts
    /// when woken (it sleeps in `Sleep::Start`).
    pub fn spawn(
        &mut self,
        name: String,
        harness: bool,
        func: Value,
        args: Vec<Value>,
        domain: usize,
    ) -> Result<Tid, TrapKind> {
        let mut interp = self
            .interps
            .start(&self.domains[domain].globals, func, args, harness)?;
        let id = self.world.register(|_| name.clone())?;
        interp.set_ident(id);
        interp.count_sharing(self.free.counts_touches());
        let mut rec = ThreadRecord::new(name, harness, self.cfg.trace);
        rec.pid = domain as u32 + 1;
        self.threads.push(VThread {
            rec,
            interp: Some(interp),
            domain,
            place: Place::Asleep(Sleep::Start),
            next: Next::Take,
            gen: 0,
            cpu_ns: 0,
            turn_start: 0,
            quantum_end: 0,
            preempt: false,
            holding: false,
            held_since: 0,
            taker: Taker::default(),
            back_from_io: None,
            io_back_pending: false,
            ticks_left: self.domains[domain].budget(),
            blocked_since: 0,
            charged_ns: 0,
            charged_shared: 0,
            op: None,
        });
        Ok(id)
    }

    /// Carries out a concurrency instruction's request at `now`. Returns
    /// whether the thread steps on at once.
    pub fn request(&mut self, t: Tid, req: Request) -> bool {
        // By default the thread runs on; blocking requests say otherwise.
        self.threads[t as usize].next = Next::Run;
        match req {
            Request::StartThread {
                target: func,
                args,
                daemon,
            } => {
                self.started += 1;
                let name = crate::engine::started_thread_name(self.started, &func);
                let d = self.threads[t as usize].domain;
                match self.spawn(name, false, func, args, d) {
                    Ok(id) => {
                        if daemon {
                            self.world.set_daemon(id);
                        }
                        self.interp(t).push(Request::started(daemon, id));
                        // Creating the OS thread costs the starter; the
                        // new thread is runnable once it exists.
                        let cost = self.latency(self.cost.thread_start_ns);
                        let at = self.clock.now.saturating_add(cost);
                        self.schedule(at, id, Kind::Wake { timed_out: false });
                        self.threads[t as usize].next = Next::Run;
                        if cost == 0 {
                            return true;
                        }
                        self.schedule(at, t, Kind::Act);
                        false
                    }
                    Err(k) => self.fail(t, k),
                }
            }
            Request::NewLock => {
                let id = self.world.new_lock();
                self.interp(t).push(Value::Lock(id));
                self.threads[t as usize].next = Next::Run;
                true
            }
            Request::Join(j) => {
                self.threads[t as usize].next = Next::Run;
                match self.world.joined(t, j) {
                    Err(k) => self.fail(t, k),
                    Ok(true) => true,
                    Ok(false) => {
                        self.begin_wait(t);
                        self.release_gil(t, Release::Voluntary);
                        self.sleep(t, Sleep::Join(j));
                        self.world.join(t, j).ok();
                        false
                    }
                }
            }
            // Like CPython's lock.acquire(): try first, keeping the GIL;
            // release it only to wait.
            Request::Acquire(l) => {
                self.threads[t as usize].next = Next::Run;
                if self.world.try_acquire(t, l) {
                    return true;
                }
                self.begin_wait(t);
                self.release_gil(t, Release::Voluntary);
                self.sleep(t, Sleep::Lock(l));
                self.world.acquire(t, l);
                false
            }
            Request::AcquireTimed { lock: l, timeout } => {
                self.threads[t as usize].next = Next::Run;
                if self.world.try_acquire(t, l) {
                    self.interp(t).push(Value::Bool(true));
                    return true;
                }
                self.begin_wait(t);
                let Some(ns) = timeout else {
                    // For ever: as `acquire()`, then push the result.
                    self.release_gil(t, Release::Voluntary);
                    self.sleep(t, Sleep::LockTimed(l, u64::MAX));
                    self.world.acquire(t, l);
                    return false;
                };
                if ns == 0 {
                    self.threads[t as usize].op = None;
                    self.interp(t).push(Value::Bool(false));
                    return true;
                }
                let deadline = self.clock.now.saturating_add(ns);
                self.release_gil(t, Release::Voluntary);
                self.wait_timed(t, l, deadline);
                self.world.acquire_timed(t, l);
                false
            }
            Request::ProcStart { blob, daemon } => {
                self.start_domain(t, blob, crate::vm::exit_hook::Boot::Process, daemon)
            }
            Request::Interp(op) => self.interp_op(t, op),
            Request::ChanNew => {
                let ch = self.world.new_chan();
                self.interp(t).push(Value::Int(ch as i64));
                true
            }
            Request::ChanLen(ch) => {
                if !self.world.is_chan(ch) {
                    return self.fail(t, crate::engine::world::no_such_channel());
                }
                let n = self.world.chan_len(ch);
                self.interp(t).push(Value::Int(n as i64));
                true
            }
            Request::ChanSend { ch, blob } => {
                if !self.world.is_chan(ch) {
                    return self.fail(t, crate::engine::world::no_such_channel());
                }
                self.world.send(ch, blob);
                self.deliver(Some(t));
                true
            }
            Request::ChanRecv { ch, timeout } => {
                if !self.world.is_chan(ch) {
                    return self.fail(t, crate::engine::world::no_such_channel());
                }
                if let Some(m) = self.world.try_recv(ch) {
                    self.interp(t).push(message(m));
                    return true;
                }
                if timeout == Some(0) {
                    self.interp(t).push(Value::None);
                    return true;
                }
                let deadline = timeout.map_or(u64::MAX, |ns| self.clock.now.saturating_add(ns));
                self.begin_wait(t);
                self.release_gil(t, Release::Voluntary);
                self.wait_recv(t, ch, deadline, false);
                false
            }
            Request::Release(l) => {
                if let Err(k) = self.world.release(l) {
                    return self.fail(t, k);
                }
                self.deliver(Some(t));
                self.threads[t as usize].next = Next::Run;
                true
            }
            Request::Io(ns) => {
                let cost = self.release_gil(t, Release::Voluntary).unwrap_or(0);
                let slept = ns + self.latency(self.cost.timer_overshoot_ns);
                let th = &mut self.threads[t as usize];
                th.rec.m.io_ops += 1;
                th.rec.m.io_ns = th.rec.m.io_ns.saturating_add(slept);
                th.io_back_pending = true;
                self.sleep(t, Sleep::Io);
                self.world.set_activity(t, Activity::Io);
                let at = self.clock.now.saturating_add(cost).saturating_add(slept);
                self.schedule(at, t, Kind::Wake { timed_out: false });
                false
            }
            Request::Native { work, release_gil } => {
                // Saturates: an absurd amount of work reaches the horizon.
                let dur = (work as f64 * self.cost.native_unit_ns).round() as u64;
                let m = &mut self.threads[t as usize].rec.m;
                m.native_ns = m.native_ns.saturating_add(dur);
                // asyncio: a blocking call inside a coroutine holds the loop.
                if release_gil && self.os.enabled {
                    let since = self.clock.now;
                    self.release_then(
                        t,
                        Release::Voluntary,
                        Next::Busy {
                            left: dur,
                            then: Then::Take,
                            what: Some(trace::Activity::NativeReleased),
                            since,
                        },
                    )
                } else {
                    let since = self.clock.now;
                    self.threads[t as usize].next = Next::Busy {
                        left: dur,
                        then: Then::Run,
                        what: Some(trace::Activity::NativeHeld),
                        since,
                    };
                    true
                }
            }
            Request::Yield => self.release_then(t, Release::Voluntary, Next::Take),
            Request::Clock(k) => {
                let now = self.clock.now;
                self.interp(t)
                    .push(Value::Float(crate::engine::clock_secs(k, now)));
                true
            }
            Request::SetSwitchInterval(ns) => {
                let d = self.threads[t as usize].domain;
                if let Some(g) = self.domains[d].gil.as_mut() {
                    g.gil.set_switch_interval(ns);
                }
                true
            }
            Request::Locked(l) => {
                let held = self.world.is_locked(l);
                self.interp(t).push(Value::Bool(held));
                true
            }
        }
    }

    /// Wakes the threads the world's last step made runnable, each after
    /// a wake-up latency; `waker` is the thread whose step it was.
    pub fn deliver(&mut self, waker: Option<Tid>) {
        for w in self.world.take_woken() {
            let lat = self.latency(self.cost.wakeup_ns);
            self.signal(w, waker, lat, false);
        }
    }

    /// Woken by a lock release: acquires lock `l` if it is still free (then
    /// takes the GIL), or sleeps again at the head of its queue.
    pub fn retry_lock(&mut self, t: Tid, l: u32) -> bool {
        if self.world.retry(t, l) == Wait::Ready {
            self.threads[t as usize].next = Next::Take;
            self.end_wait(t);
            return true;
        }
        let since = self.threads[t as usize].blocked_since;
        self.sleep(t, Sleep::Lock(l));
        self.threads[t as usize].blocked_since = since;
        false
    }

    /// Sleeps on channel `ch` until `deadline` (`u64::MAX`: for ever).
    fn wait_recv(&mut self, t: Tid, ch: u32, deadline: u64, again: bool) {
        self.sleep(t, Sleep::Recv(ch, deadline));
        self.world.wait_recv(t, ch, deadline != u64::MAX, again);
        if deadline != u64::MAX {
            let at = deadline.saturating_add(self.latency(self.cost.timer_overshoot_ns));
            self.schedule(at, t, Kind::Wake { timed_out: true });
        }
    }

    /// A receiver woken by a message: takes it (then the GIL), or sleeps
    /// again if another thread took it first.
    pub fn retry_recv(&mut self, t: Tid, ch: u32, deadline: u64) -> bool {
        if let Some(m) = self.world.try_recv(ch) {
            self.interp(t).push(message(m));
            self.threads[t as usize].next = Next::Take;
            self.end_wait(t);
            return true;
        }
        let since = self.threads[t as usize].blocked_since;
        self.wait_recv(t, ch, deadline, true);
        self.threads[t as usize].blocked_since = since;
        false
    }

    /// A timed wait on channel `ch` ran out.
    pub fn give_up_recv(&mut self, t: Tid, ch: u32) -> bool {
        let m = self.world.give_up_recv(t, ch);
        let v = m.map_or(Value::None, message);
        self.interp(t).push(v);
        self.threads[t as usize].next = Next::Take;
        self.end_wait(t);
        true
    }

    /// Notes the library operation thread `t` is about to block in.
    fn begin_wait(&mut self, t: Tid) {
        let op = self.interp(t).blocking_op();
        self.threads[t as usize].op = op;
    }

    /// The wait that [`Sim::begin_wait`] noted is over: counts it.
    pub fn end_wait(&mut self, t: Tid) {
        let now = self.clock.now;
        let th = &mut self.threads[t as usize];
        if let Some(op) = th.op.take() {
            let since = th.blocked_since;
            th.rec.wait(Some(op), since, now);
        }
    }

    /// Sleeps on lock `l` until `deadline` (`u64::MAX`: for ever).
    fn wait_timed(&mut self, t: Tid, l: u32, deadline: u64) {
        self.sleep(t, Sleep::LockTimed(l, deadline));
        if deadline != u64::MAX {
            let at = deadline.saturating_add(self.latency(self.cost.timer_overshoot_ns));
            self.schedule(at, t, Kind::Wake { timed_out: true });
        }
    }

    /// A timed waiter woken by a release: takes lock `l` if still free
    /// (then the GIL, and `acquire` returns `True`), or sleeps again until
    /// its deadline.
    pub fn retry_timed(&mut self, t: Tid, l: u32, deadline: u64) -> bool {
        let step = if deadline == u64::MAX {
            self.world.retry(t, l)
        } else {
            self.world.retry_timed(t, l)
        };
        if step == Wait::Ready {
            self.interp(t).push(Value::Bool(true));
            self.threads[t as usize].next = Next::Take;
            self.end_wait(t);
            return true;
        }
        let since = self.threads[t as usize].blocked_since;
        self.wait_timed(t, l, deadline);
        self.threads[t as usize].blocked_since = since;
        false
    }

    /// A timed wait for lock `l` ran out: `acquire` returns whether the
    /// lock was free after all.
    pub fn give_up(&mut self, t: Tid, l: u32) -> bool {
        let got = self.world.give_up(t, l);
        self.interp(t).push(Value::Bool(got));
        self.threads[t as usize].next = Next::Take;
        self.end_wait(t);
        true
    }

    /// Thread `t` ends: it drops the GIL, leaves its core and wakes its
    /// joiners.
    pub fn finish(&mut self, t: Tid, end: ThreadEnd) {
        if self.threads[t as usize].holding {
            self.release_gil(t, Release::Exit);
        }
        let th = &mut self.threads[t as usize];
        th.rec.end = end;
        if let Some(i) = th.interp.take() {
            th.rec.m.instructions = i.instructions();
        }
        th.next = Next::Nothing;
        th.gen += 1;
        if th.place == Place::Core {
            self.leave_core(t, Place::Done);
        } else {
            th.place = Place::Done;
        }
        self.world.finish(t);
        self.deliver(None);
    }

    /// Fails the instruction that made the last request with `kind`.
    /// Returns true when the program caught it (the thread steps on at
    /// once); otherwise the thread has died.
    pub fn fail(&mut self, t: Tid, kind: TrapKind) -> bool {
        match self.interp(t).raise(kind) {
            None => true,
            Some(trap) => {
                self.died(t, &trap);
                false
            }
        }
    }

    /// Reports a thread's runtime error, and the locks it leaves held, as
    /// every engine does; the thread ends.
    pub fn died(&mut self, t: Tid, trap: &Trap) {
        let held = self.world.left_held(t);
        let name = self.world.name(t).to_string();
        match report_death(&*self.err, &mut self.errors, &name, trap, &held) {
            crate::engine::report::Death::Exit(c) => {
                if self.threads[t as usize].rec.harness && self.exit_code.is_none() {
                    self.exit_code = Some(c);
                }
                self.finish(t, ThreadEnd::Finished);
            }
            crate::engine::report::Death::Error => self.finish(t, ThreadEnd::Error),
        }
    }
}

/// A received message, as `_process.recv` returns it.
fn message(m: Vec<u8>) -> Value {
    Value::obj(crate::vm::object::Object::Bytes(m))
}
