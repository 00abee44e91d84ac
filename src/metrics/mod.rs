//! Run metrics: plain per-thread counters, filled by the thread that owns
//! them (no sharing on the hot path) and merged into a [`RunReport`] at the
//! end. The report serialises to the JSON documented in docs/reference/schemas.md.

pub mod table;

use crate::gil::{GilStats, PolicyId};
use crate::spec::{CostModel, Engine, Mode};
use serde::{Serialize, Serializer};

/// Counters one interpreter thread keeps about itself.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
pub struct ThreadMetrics {
    /// Bytecode instructions executed.
    pub instructions: u64,
    /// What the GIL mechanism measured (acquisitions, waits, holds, drops).
    pub gil: GilStats,
    /// `IO_WAIT` operations completed.
    pub io_ops: u64,
    /// Time spent in IO (ns).
    pub io_ns: u64,
    /// For each IO operation, the delay from the IO finishing to the thread
    /// executing bytecode again (ns).
    pub io_reacquire: Vec<u64>,
    /// Time spent in native work (ns).
    pub native_ns: u64,
    /// The value the thread's function returned, as a literal.
    pub returned: Option<String>,
    /// Process and interp modes: from starting the worker process or the
    /// interpreter to it being ready.
    pub startup_ns: u64,
    /// Time blocked in each library operation (queue get, condition wait...).
    #[serde(default)]
    pub waits: Vec<WaitStat>,
}

/// How often and how long a thread blocked in one library operation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct WaitStat {
    /// The operation (`queue get`, `future result`; see `crate::stdlib::BLOCKING_OPS`).
    pub op: String,
    /// Blocking waits in it.
    pub count: u64,
    /// Time blocked in it (ns).
    pub ns: u64,
}

impl ThreadMetrics {
    /// Counts a wait of `ns` blocked in library operation `op`.
    pub fn add_wait(&mut self, op: u16, ns: u64) {
        let name = crate::stdlib::op_name(op);
        match self.waits.iter_mut().find(|w| w.op == name) {
            Some(w) => {
                w.count += 1;
                w.ns = w.ns.saturating_add(ns);
            }
            None => self.waits.push(WaitStat {
                op: name.to_string(),
                count: 1,
                ns,
            }),
        }
    }
}

/// Percentiles of a latency sample (ns).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Percentiles {
    /// Median.
    pub p50: u64,
    /// 99th percentile.
    pub p99: u64,
    /// Maximum.
    pub max: u64,
}

impl Percentiles {
    /// Nearest-rank percentiles of `samples` (all zero when empty).
    pub fn of(samples: &[u64]) -> Percentiles {
        if samples.is_empty() {
            return Percentiles::default();
        }
        let mut v = samples.to_vec();
        v.sort_unstable();
        let rank = |p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
        Percentiles {
            p50: rank(0.50),
            p99: rank(0.99),
            max: v[v.len() - 1],
        }
    }
}

/// How a thread ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadEnd {
    /// Its function returned.
    Finished,
    /// It died of a runtime error.
    Error,
    /// The run was stopped (timeout or deadlock) before it finished.
    Stopped,
}

/// One thread in the report.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct ThreadReport {
    /// Thread id (0-based, in start order).
    pub id: u32,
    /// Thread name (`main-0`, ..., or `Thread-N (func)` for started ones).
    pub name: String,
    /// How it ended.
    pub end: ThreadEnd,
    /// Bytecode instructions executed.
    pub instructions: u64,
    /// Times it took the GIL.
    pub gil_acquisitions: u64,
    /// Total time waiting for the GIL (ns).
    pub gil_wait_ns: u64,
    /// Longest single wait for the GIL (ns).
    pub gil_wait_max_ns: u64,
    /// Total time holding the GIL (ns).
    pub gil_hold_ns: u64,
    /// Releases made on a waiter's drop request.
    pub drop_requests: u64,
    /// Releases made before blocking.
    pub voluntary_releases: u64,
    /// IO operations.
    pub io_ops: u64,
    /// Time in IO (ns).
    pub io_ns: u64,
    /// Delay from IO finishing to executing again (ns).
    pub io_reacquire_ns: Percentiles,
    /// Time in native work (ns).
    pub native_ns: u64,
    /// From each drop request it raised to holding the GIL (ns).
    pub forced_switch_ns: Percentiles,
    /// Drop requests it raised after waiting a switch interval.
    pub requests_timed: u64,
    /// Drop requests it raised at once on arrival (priority policies).
    pub requests_priority: u64,
    /// Wake-ups that found the GIL taken again.
    pub wasted_wakeups: u64,
    /// Releases because its instruction budget was spent (tick policies).
    pub budget_releases: u64,
    /// What its function returned (a literal), if it finished.
    pub returned: Option<String>,
    /// Process and interp modes: from starting the worker process or the
    /// interpreter to it being ready (ns); 0 for other threads.
    pub startup_ns: u64,
    /// Time blocked in each library operation (queue get, condition wait...),
    /// longest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waits: Vec<WaitStat>,
}

impl ThreadReport {
    /// The report line of one thread.
    pub fn new(id: u32, name: String, end: ThreadEnd, m: &ThreadMetrics) -> ThreadReport {
        let g = &m.gil;
        ThreadReport {
            id,
            name,
            end,
            instructions: m.instructions,
            gil_acquisitions: g.acquisitions,
            gil_wait_ns: g.wait_ns,
            gil_wait_max_ns: g.wait_max_ns,
            gil_hold_ns: g.hold_ns,
            drop_requests: g.drop_requests,
            voluntary_releases: g.voluntary_releases,
            io_ops: m.io_ops,
            io_ns: m.io_ns,
            io_reacquire_ns: Percentiles::of(&m.io_reacquire),
            native_ns: m.native_ns,
            forced_switch_ns: Percentiles::of(&g.forced_switch),
            requests_timed: g.requests_timed,
            requests_priority: g.requests_priority,
            wasted_wakeups: g.wasted_wakeups,
            budget_releases: g.budget_releases,
            returned: m.returned.clone(),
            startup_ns: m.startup_ns,
            waits: {
                let mut w = m.waits.clone();
                w.sort_by(|a, b| b.ns.cmp(&a.ns).then_with(|| a.op.cmp(&b.op)));
                w
            },
        }
    }
}

/// How the run as a whole ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunEnd {
    /// Every thread finished.
    Ok,
    /// At least one thread died of a runtime error.
    Error,
    /// Every live thread was blocked on locks or joins.
    Deadlock,
    /// `--timeout` expired.
    Timeout,
}

/// Everything measured about one run.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct RunReport {
    /// `gil`, `free`, `async` or `process`.
    pub mode: Mode,
    /// The GIL policy; `none` in free and async modes.
    #[serde(with = "policy_or_none")]
    pub policy: Option<PolicyId>,
    /// Free mode: the free-threading profile whose costs the run paid
    /// (`--free-threading`); absent in other modes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_threading: Option<crate::spec::FreeProfileId>,
    /// `real` (OS threads, wall-clock time) or `virtual` (simulated time).
    #[serde(default)]
    pub engine: Engine,
    /// The simulated machine, for the virtual engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<VirtualMachine>,
    /// The switch interval (ns).
    pub switch_interval_ns: u64,
    /// Wall-clock time of the run (ns).
    pub wall_ns: u64,
    /// GIL holder changes (CPython's `switch_number`, less the first take).
    pub switches: u64,
    /// Most threads seen executing bytecode at the same moment: 1 under a
    /// GIL, up to the core count in free mode.
    pub max_parallel: u32,
    /// How the run ended.
    pub end: RunEnd,
    /// Runtime errors, one line each: `thread: Kind: message`.
    pub errors: Vec<String>,
    /// The exit code a harness thread asked for with `sys.exit(n)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    /// The deadlock report, if there was one.
    pub deadlock: Option<String>,
    /// Time the GIL was free while some thread waited for it (ns).
    pub gil_idle_ns: u64,
    /// Jain's fairness index over the harness threads' instruction counts:
    /// 1 when all made equal progress, 1/N when one did everything.
    /// Meaningful when threads run for the same time (a timeout, a stop flag).
    pub fairness: f64,
    /// All GIL waits of the run, in power-of-two buckets.
    pub gil_wait_histogram: Vec<Bucket>,
    /// All IO reacquire delays of the run, in power-of-two buckets.
    pub io_reacquire_histogram: Vec<Bucket>,
    /// IO reacquire delays of all threads together (ns).
    pub io_reacquire_ns: Percentiles,
    /// Per-thread metrics, by id.
    pub threads: Vec<ThreadReport>,
    /// What `gilsim replay` needs to run it again: filled by the command
    /// line (`gilsim run`), absent from reports of the library's runs and
    /// from reports written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation: Option<crate::spec::invocation::Invocation>,
}

/// A policy written in its canonical spelling, `none` for no policy.
mod policy_or_none {
    use super::*;
    use serde::{Deserialize, Deserializer};

    pub fn serialize<S: Serializer>(p: &Option<PolicyId>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&policy_name(*p))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PolicyId>, D::Error> {
        let name = String::deserialize(d)?;
        if name == "none" {
            return Ok(None);
        }
        name.parse().map(Some).map_err(serde::de::Error::custom)
    }
}

/// A report's policy in its canonical spelling (with the parameters not
/// at their defaults), `none` for none.
pub fn policy_name(p: Option<PolicyId>) -> String {
    p.map_or_else(|| "none".into(), |p| p.spec())
}

/// The machine a virtual-engine run simulated: enough to replay it.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct VirtualMachine {
    /// Simulated cores.
    pub cores: u32,
    /// The seed of every random choice.
    pub seed: u64,
    /// The cost model.
    pub cost: CostModel,
}

/// One histogram bucket: samples in `(previous le_ns, le_ns]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Bucket {
    /// Upper bound of the bucket (ns).
    pub le_ns: u64,
    /// Samples in it.
    pub count: u64,
}

/// A histogram in power-of-two buckets from 1 us up to the largest sample;
/// empty for no samples.
pub fn histogram(samples: &[u64]) -> Vec<Bucket> {
    let Some(&max) = samples.iter().max() else {
        return Vec::new();
    };
    let mut bounds = vec![1_000u64];
    while *bounds.last().expect("non-empty") < max {
        let next = bounds.last().expect("non-empty").saturating_mul(2);
        bounds.push(next);
    }
    let mut counts = vec![0u64; bounds.len()];
    for &s in samples {
        let i = bounds.partition_point(|b| *b < s);
        counts[i.min(bounds.len() - 1)] += 1;
    }
    bounds
        .into_iter()
        .zip(counts)
        .map(|(le_ns, count)| Bucket { le_ns, count })
        .collect()
}

/// Jain's fairness index of `xs`: `(sum x)^2 / (n * sum x^2)`.
pub fn jain(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let s: f64 = xs.iter().sum();
    let s2: f64 = xs.iter().map(|x| x * x).sum();
    if n == 0.0 || s2 == 0.0 {
        1.0
    } else {
        s * s / (n * s2)
    }
}

impl RunReport {
    /// Instructions executed by all threads.
    pub fn total_instructions(&self) -> u64 {
        self.threads.iter().map(|t| t.instructions).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jain_index_bounds() {
        assert!((jain(&[5.0, 5.0, 5.0]) - 1.0).abs() < 1e-12);
        assert!((jain(&[9.0, 0.0, 0.0]) - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn power_of_two_histogram() {
        let h = histogram(&[500, 1_000, 1_001, 3_000, 9_000]);
        let counts: Vec<(u64, u64)> = h.iter().map(|b| (b.le_ns, b.count)).collect();
        assert_eq!(
            counts,
            vec![(1_000, 2), (2_000, 1), (4_000, 1), (8_000, 0), (16_000, 1)]
        );
        assert_eq!(h.iter().map(|b| b.count).sum::<u64>(), 5);
        assert!(histogram(&[]).is_empty());
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(
            Percentiles::of(&v),
            Percentiles {
                p50: 50,
                p99: 99,
                max: 100
            }
        );
        assert_eq!(
            Percentiles::of(&[7]),
            Percentiles {
                p50: 7,
                p99: 7,
                max: 7
            }
        );
        assert_eq!(Percentiles::of(&[]), Percentiles::default());
    }
}
