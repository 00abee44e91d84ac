//! What the virtual engine does for each concurrency instruction, and for
//! threads starting, ending and dying — the same semantics as the real
//! engine's `engine/real.rs` and `engine/world.rs`: blocking operations
//! drop the GIL first and take it again afterwards through take_gil; a
//! lock wakes one waiter when released (who may find it taken again); a
//! thread's end wakes its joiners.

use super::sim::{Kind, Next, Place, Sim, Sleep, Then, VThread};
use crate::gil::{Release, Tid};
use crate::metrics::{ThreadEnd, ThreadMetrics};
use crate::trace;
use crate::vm::{Interp, Request, Trap, TrapKind, Value};
use std::sync::Arc;

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
        func: u32,
        args: Vec<Value>,
        domain: usize,
    ) -> Result<Tid, TrapKind> {
        if self.threads.len() >= self.cfg.max_threads as usize {
            return Err(TrapKind::Runtime(format!(
                "can't start new thread: the limit of {} threads is reached (--max-threads)",
                self.cfg.max_threads
            )));
        }
        let interp = Interp::new(
            Arc::clone(&self.program),
            Arc::clone(&self.domains[domain].globals),
            Arc::clone(&self.out),
            func,
            args,
            self.cfg.recursion_limit,
        )?;
        let id = self.threads.len() as Tid;
        let tracing = self.tracing;
        self.threads.push(VThread {
            name,
            interp: Some(interp),
            domain,
            m: ThreadMetrics::default(),
            end: ThreadEnd::Stopped,
            place: Place::Asleep(Sleep::Start),
            next: Next::Take,
            gen: 0,
            cpu_ns: 0,
            turn_start: 0,
            quantum_end: 0,
            preempt: false,
            holding: false,
            held_since: 0,
            take_since: 0,
            requested_at: None,
            saved_switch: 0,
            back_from_io: None,
            io_back_pending: false,
            ticks_left: self.domains[domain].budget(),
            blocked_since: 0,
            charged_ns: 0,
            trace: tracing.then(Vec::new),
        });
        self.joiners.push(Vec::new());
        Ok(id)
    }

    /// Carries out a concurrency instruction's request at `now`. Returns
    /// whether the thread steps on at once.
    pub fn request(&mut self, t: Tid, req: Request) -> bool {
        match req {
            Request::StartThread { func, args } => {
                self.started += 1;
                let fname = self.program.functions()[func as usize].name.clone();
                let name = format!("Thread-{} ({fname})", self.started);
                let d = self.threads[t as usize].domain;
                match self.spawn(name, func, args, d) {
                    Ok(id) => {
                        self.interp(t).push(Value::Thread(id));
                        // Creating the OS thread costs the starter; the
                        // new thread is runnable once it exists.
                        let cost = self.latency(self.cost.thread_start_ns);
                        let at = self.now + cost;
                        self.schedule(at, id, Kind::Wake { timed_out: false });
                        self.threads[t as usize].next = Next::Run;
                        if cost == 0 {
                            return true;
                        }
                        self.schedule(at, t, Kind::Act);
                        false
                    }
                    Err(k) => {
                        self.fail(t, k);
                        false
                    }
                }
            }
            Request::NewLock => {
                self.locks.push(None);
                self.lock_waiters.push(Default::default());
                let id = self.locks.len() as u32 - 1;
                self.interp(t).push(Value::Lock(id));
                self.threads[t as usize].next = Next::Run;
                true
            }
            Request::Join(j) => {
                if j == t {
                    self.fail(t, TrapKind::Runtime("cannot join current thread".into()));
                    return false;
                }
                self.threads[t as usize].next = Next::Run;
                if self.threads[j as usize].place == Place::Done {
                    return true;
                }
                self.release_gil(t, Release::Voluntary);
                self.sleep(t, Sleep::Join(j));
                self.joiners[j as usize].push(t);
                false
            }
            // Like CPython's lock.acquire(): try first, keeping the GIL;
            // release it only to wait.
            Request::Acquire(l) => {
                self.threads[t as usize].next = Next::Run;
                if self.locks[l as usize].is_none() {
                    self.locks[l as usize] = Some(t);
                    return true;
                }
                self.release_gil(t, Release::Voluntary);
                self.sleep(t, Sleep::Lock(l));
                self.lock_waiters[l as usize].push_back(t);
                false
            }
            Request::Release(l) => {
                if self.locks[l as usize].is_none() {
                    self.fail(t, TrapKind::Runtime("release unlocked lock".into()));
                    return false;
                }
                self.locks[l as usize] = None;
                if let Some(w) = self.lock_waiters[l as usize].pop_front() {
                    let lat = self.latency(self.cost.wakeup_ns);
                    self.signal(w, Some(t), lat, false);
                }
                self.threads[t as usize].next = Next::Run;
                true
            }
            Request::Io(ns) => {
                let cost = self.release_gil(t, Release::Voluntary).unwrap_or(0);
                let slept = ns + self.latency(self.cost.timer_overshoot_ns);
                let th = &mut self.threads[t as usize];
                th.m.io_ops += 1;
                th.m.io_ns += slept;
                th.io_back_pending = true;
                self.sleep(t, Sleep::Io);
                let at = self.now + cost + slept;
                self.schedule(at, t, Kind::Wake { timed_out: false });
                false
            }
            Request::Native { work, release_gil } => {
                let dur = (work as f64 * self.cost.native_unit_ns).round() as u64;
                self.threads[t as usize].m.native_ns += dur;
                // asyncio: a blocking call inside a coroutine holds the loop.
                if release_gil && self.os {
                    let since = self.now;
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
                    let since = self.now;
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
        }
    }

    /// Woken by a lock release: acquires lock `l` if it is still free (then
    /// takes the GIL), or sleeps again at the head of its queue.
    pub fn retry_lock(&mut self, t: Tid, l: u32) -> bool {
        if self.locks[l as usize].is_none() {
            self.locks[l as usize] = Some(t);
            self.threads[t as usize].next = Next::Take;
            return true;
        }
        let since = self.threads[t as usize].blocked_since;
        self.sleep(t, Sleep::Lock(l));
        self.threads[t as usize].blocked_since = since;
        self.lock_waiters[l as usize].push_front(t);
        false
    }

    /// Thread `t` ends: it drops the GIL, leaves its core and wakes its
    /// joiners.
    pub fn finish(&mut self, t: Tid, end: ThreadEnd) {
        if self.threads[t as usize].holding {
            self.release_gil(t, Release::Exit);
        }
        let th = &mut self.threads[t as usize];
        th.end = end;
        if let Some(i) = th.interp.take() {
            th.m.instructions = i.instructions();
        }
        th.next = Next::Nothing;
        th.gen += 1;
        if th.place == Place::Core {
            self.leave_core(t, Place::Done);
        } else {
            th.place = Place::Done;
        }
        for j in std::mem::take(&mut self.joiners[t as usize]) {
            let lat = self.latency(self.cost.wakeup_ns);
            self.signal(j, None, lat, false);
        }
    }

    /// Fails the instruction that made the last request with `kind`.
    pub fn fail(&mut self, t: Tid, kind: TrapKind) {
        let trap = self.interp(t).raise(kind);
        self.died(t, &trap);
    }

    /// Reports a thread's runtime error, and the locks it leaves held, as
    /// the real engine does; the thread ends.
    pub fn died(&mut self, t: Tid, trap: &Trap) {
        let held: Vec<u32> = (0..self.locks.len() as u32)
            .filter(|l| self.locks[*l as usize] == Some(t))
            .collect();
        let name = &self.threads[t as usize].name;
        crate::engine::report_death(&*self.err, &mut self.errors, name, trap, &held);
        self.finish(t, ThreadEnd::Error);
    }

    /// When nothing is left to happen but threads have not ended: what
    /// each one waits for, in the real engine's words.
    pub fn deadlock_report(&self) -> Option<String> {
        let mut lines = Vec::new();
        for th in &self.threads {
            match th.place {
                Place::Done => {}
                Place::Asleep(Sleep::Lock(l)) => {
                    let holder = self.locks[l as usize].map_or("nobody".to_string(), |h| {
                        self.threads[h as usize].name.clone()
                    });
                    lines.push(format!(
                        "  {} waits for lock {l}, held by {holder}",
                        th.name
                    ));
                }
                Place::Asleep(Sleep::Join(j)) => lines.push(format!(
                    "  {} waits to join {}",
                    th.name, self.threads[j as usize].name
                )),
                _ => lines.push(format!("  {} cannot run", th.name)),
            }
        }
        (!lines.is_empty()).then(|| {
            format!(
                "deadlock: every live thread is blocked\n{}",
                lines.join("\n")
            )
        })
    }
}
