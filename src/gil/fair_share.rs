//! `fair-share`: the GIL goes to the thread that has used it least — a
//! worked example of a policy that decides from the threads' history
//! ([`super::ThreadHistory`]) and the time ([`GilCore::now_ns`]), which
//! the mechanism keeps for every policy.
//!
//! - A thread's *use* is its GIL time ([`GilCore::held_ns`], a hold in
//!   progress included); with `half_life` > 0, older use counts less: it
//!   halves every `half_life` (a decayed score the policy keeps itself,
//!   updated at each release from the history's `last_taken_ns`).
//! - When the holder releases, the GIL is reserved (`handoff`) for the
//!   waiter with the least use; ties go to the longest waiter.
//! - A thread that starts waiting while the holder's use exceeds its own
//!   by more than `slack` raises the drop request at once: a thread back
//!   from IO (little use) preempts a CPU-bound holder (much use), as in
//!   `io-priority`, but measured instead of marked. Otherwise a waiter asks
//!   after a switch interval with no switch, as in `newgil`.
//!
//! Everything it reads comes from the mechanism's history at the engine's
//! `now`, so under `--engine virtual` it is as deterministic as the rest.

use super::params::{defaults, Kind, Param, Values};
use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};
use crate::duration::MAX_SWITCH_NS;

/// `fair-share`'s parameters: `slack`, `half_life`.
pub const PARAMS: &[Param] = &[
    Param {
        name: "slack",
        kind: Kind::Duration,
        default: 1_000_000,
        min: 0,
        max: MAX_SWITCH_NS,
        about: "a new waiter that used this much less GIL time than the holder asks at once",
        from_flag: None,
    },
    Param {
        name: "half_life",
        kind: Kind::Duration,
        default: 0,
        min: 0,
        max: MAX_SWITCH_NS,
        about: "past GIL time counts half after this long (0: never forgotten)",
        from_flag: None,
    },
];

/// The fair-share policy.
#[derive(Debug)]
pub struct FairShare {
    interval_ns: u64,
    slack_ns: u64,
    half_life_ns: u64,
    // With a half-life: each thread's decayed use of its finished holds
    // and the time it was last brought up to date.
    // invariant: empty when half_life_ns == 0.
    score: Vec<(u64, u64)>,
}

/// `v` decayed over `dt` with half-life `hl` > 0: halved once per whole
/// half-life, then linearly between that and its half for the rest (the
/// chord of 2^-x: within 6% of it, monotone, integer-only).
fn decay(v: u64, dt: u64, hl: u64) -> u64 {
    let halvings = dt / hl;
    if halvings >= 64 {
        return 0;
    }
    let v = v >> halvings;
    let part = u128::from(v) * u128::from(dt % hl) / (2 * u128::from(hl));
    v - part as u64
}

impl FairShare {
    /// A fair-share policy with the default parameters.
    pub fn new(cfg: PolicyConfig) -> FairShare {
        FairShare::with(cfg, &defaults(PARAMS))
    }

    /// A fair-share policy with the parameters `v` (in [`PARAMS`] order).
    pub fn with(cfg: PolicyConfig, v: &Values) -> FairShare {
        FairShare {
            interval_ns: cfg.switch_interval_ns.max(1_000),
            slack_ns: v[0],
            half_life_ns: v[1],
            score: Vec::new(),
        }
    }

    /// Thread `t`'s use of the GIL at `core.now_ns` (ns, decayed if a
    /// half-life is set), a hold in progress included.
    pub fn use_ns(&self, core: &GilCore, t: Tid) -> u64 {
        if self.half_life_ns == 0 {
            return core.held_ns(t);
        }
        let (score, at) = self.score.get(t as usize).copied().unwrap_or((0, 0));
        let past = decay(score, core.now_ns.saturating_sub(at), self.half_life_ns);
        past + core.held_ns(t) - core.history(t).held_ns
    }

    /// The waiter with the least use, the longest waiting among equals.
    fn neediest(&self, core: &GilCore) -> Option<Tid> {
        core.waiters
            .iter()
            .copied()
            .min_by_key(|w| self.use_ns(core, *w))
    }
}

impl Policy for FairShare {
    fn set_switch_interval(&mut self, ns: u64) {
        self.interval_ns = ns.max(1_000);
    }

    fn name(&self) -> &'static str {
        "fair-share"
    }

    fn may_take(&self, core: &GilCore, t: Tid) -> bool {
        match core.handoff {
            Some(h) => h == t,
            None => !core.locked,
        }
    }

    fn on_wait_start(&mut self, core: &mut GilCore, t: Tid) -> bool {
        let Some(h) = core.holder.filter(|_| core.locked && !core.drop_request) else {
            return false;
        };
        if self.use_ns(core, h) > self.use_ns(core, t).saturating_add(self.slack_ns) {
            core.drop_request = true;
            return true;
        }
        false
    }

    fn wait_timeout_ns(&self, _core: &GilCore, _t: Tid) -> Option<u64> {
        Some(self.interval_ns)
    }

    fn on_release(&mut self, core: &mut GilCore, t: Tid, _why: Release) -> Wake {
        if self.half_life_ns > 0 {
            // Bring t's score up to now, adding the hold just ended.
            let hold = core
                .history(t)
                .last_taken_ns
                .map_or(0, |s| core.now_ns.saturating_sub(s));
            let i = t as usize;
            if self.score.len() <= i {
                self.score.resize(i + 1, (0, 0));
            }
            let (score, at) = self.score[i];
            let decayed = decay(score, core.now_ns.saturating_sub(at), self.half_life_ns);
            self.score[i] = (decayed + hold, core.now_ns);
        }
        core.handoff = self.neediest(core);
        // A condition variable cannot wake one chosen thread: wake all when
        // the GIL is reserved, and only the chosen one proceeds.
        if core.handoff.is_some() {
            Wake::All
        } else {
            Wake::One
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;

    fn cfg() -> PolicyConfig {
        PolicyConfig::default()
    }

    /// A core where thread `t` held the GIL from `from` to `to`.
    fn held(core: &mut GilCore, t: Tid, from: u64, to: u64) {
        core.record_taken(t, from);
        core.record_release(t, to, from, Release::Voluntary);
    }

    #[test]
    fn a_release_hands_the_gil_to_the_waiter_that_used_it_least() {
        let mut p = FairShare::new(cfg());
        let mut core = GilCore::default();
        held(&mut core, 1, 0, 30 * MS);
        held(&mut core, 2, 30 * MS, 40 * MS);
        core.waiters = vec![1, 2, 3];
        core.now_ns = 50 * MS;
        assert_eq!(p.on_release(&mut core, 0, Release::Forced), Wake::All);
        assert_eq!(core.handoff, Some(3), "3 never held it");
        assert!(p.may_take(&core, 3) && !p.may_take(&core, 2));
        core.waiters = vec![1, 2];
        p.on_release(&mut core, 0, Release::Forced);
        assert_eq!(core.handoff, Some(2));
        core.waiters.clear();
        assert_eq!(p.on_release(&mut core, 0, Release::Forced), Wake::One);
        assert_eq!(core.handoff, None);
    }

    #[test]
    fn a_light_waiter_preempts_a_heavy_holder_beyond_the_slack() {
        let mut p = FairShare::new(cfg());
        let mut core = GilCore::default();
        // Thread 1 used 0.5 ms; thread 0 holds since 10 ms.
        held(&mut core, 1, 0, MS / 2);
        core.record_taken(0, 10 * MS);
        core.locked = true;
        core.holder = Some(0);
        // At 11 ms the holder has used 1 ms: within 0.5 ms + 1 ms slack.
        core.now_ns = 11 * MS;
        assert!(!p.on_wait_start(&mut core, 1));
        // At 12 ms, 2 ms: past it.
        core.now_ns = 12 * MS;
        assert!(p.on_wait_start(&mut core, 1) && core.drop_request);
        // Already requested: nothing more to do.
        assert!(!p.on_wait_start(&mut core, 2));
    }

    #[test]
    fn with_a_half_life_old_use_fades() {
        assert_eq!(decay(1000, 0, 10), 1000);
        assert_eq!(decay(1000, 10, 10), 500);
        assert_eq!(decay(1000, 5, 10), 750);
        assert_eq!(decay(1000, 25, 10), 188);
        assert_eq!(decay(u64::MAX, 640, 10), 0);
        let mut p = FairShare::with(cfg(), &[MS, 10 * MS, 0, 0]);
        let mut core = GilCore::default();
        // Thread 1 held it 20 ms long ago; thread 2 held it 4 ms just now.
        held(&mut core, 1, 0, 20 * MS);
        core.now_ns = 20 * MS;
        p.on_release(&mut core, 1, Release::Voluntary);
        held(&mut core, 2, 96 * MS, 100 * MS);
        core.now_ns = 100 * MS;
        p.on_release(&mut core, 2, Release::Voluntary);
        // 80 ms = 8 half-lives: 20 ms / 256 < 4 ms.
        assert_eq!(p.use_ns(&core, 1), (20 * MS) >> 8);
        assert_eq!(p.use_ns(&core, 2), 4 * MS);
        core.waiters = vec![2, 1];
        p.on_release(&mut core, 0, Release::Forced);
        assert_eq!(core.handoff, Some(1), "forgotten use");
        // Without a half-life, lifetime use decides.
        let mut q = FairShare::new(cfg());
        q.on_release(&mut core, 0, Release::Forced);
        assert_eq!(core.handoff, Some(2));
    }

    #[test]
    fn a_hold_in_progress_counts_towards_use() {
        let p = FairShare::with(cfg(), &[MS, 10 * MS, 0, 0]);
        let mut core = GilCore::default();
        core.record_taken(0, 5 * MS);
        core.locked = true;
        core.holder = Some(0);
        core.now_ns = 8 * MS;
        assert_eq!(p.use_ns(&core, 0), 3 * MS);
        assert_eq!(FairShare::new(cfg()).use_ns(&core, 0), 3 * MS);
    }
}
