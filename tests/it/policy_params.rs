//! Policy parameters through the `gilsim` binary: `--policy 'name(k=v)'`
//! runs with them and the report names the policy in canonical form;
//! a wrong parameter is a usage error (exit 64, like an unknown policy)
//! whose message lists the policy's parameters; `--check-interval` and
//! `ticks(check=...)` must agree; `run --help` lists every parameter; and
//! the history-driven `fair-share` policy is deterministic on the virtual
//! engine and ends the convoy there.
//!
//! Only the virtual engine's (deterministic) figures are compared.

use crate::common::{arg, gilsim_within, Out, TempDir};
use serde_json::Value as Json;
use std::time::Duration;

const WATCHDOG: Duration = Duration::from_secs(60);

/// A short convoy: an IO thread doing 3 short waits beside a CPU-bound one.
const SHORT: [&str; 3] = ["3", "0.0005", "200000"];

/// A convoy long enough that the CPU-bound thread outlasts the IO
/// thread's 10 waits under every policy.
const LONG: [&str; 3] = ["10", "0.0005", "10000000"];

fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, WATCHDOG)
}

/// Runs the convoy with `size` on the virtual engine under `policy` (plus
/// `extra` flags) and returns the exit, and the JSON report's text if
/// written.
fn convoy_of(size: [&str; 3], policy: &str, extra: &[&str]) -> (Out, Option<String>) {
    let dir = TempDir::new("policy-params");
    let report = dir.path("report.json");
    let mut args = vec!["run", "programs/convoy.pyasm"];
    for a in size {
        args.extend(["--arg", a]);
    }
    args.extend(["--policy", policy, "--engine", "virtual"]);
    args.extend(["--format", "json", "--report", arg(&report)]);
    args.extend(extra);
    let o = gilsim(&args);
    let text = std::fs::read_to_string(&report).ok();
    (o, text)
}

/// [`convoy_of`] the short convoy.
fn convoy(policy: &str, extra: &[&str]) -> (Out, Option<String>) {
    convoy_of(SHORT, policy, extra)
}

/// The short convoy's JSON report under `policy`, which must run.
fn report(policy: &str, extra: &[&str]) -> Json {
    report_of(SHORT, policy, extra)
}

/// The JSON report of the convoy with `size` under `policy`, which must run.
fn report_of(size: [&str; 3], policy: &str, extra: &[&str]) -> Json {
    let (o, text) = convoy_of(size, policy, extra);
    assert_eq!(o.code, Some(0), "{policy}\n{}", o.show());
    serde_json::from_str(&text.expect("a report")).expect("JSON")
}

/// Asserts `policy` is refused with exit 64 and a message containing
/// every one of `want`.
fn refused(policy: &str, extra: &[&str], want: &[&str]) {
    let (o, text) = convoy(policy, extra);
    assert_eq!(o.code, Some(64), "{policy}\n{}", o.show());
    assert!(text.is_none(), "no report after a usage error");
    for w in want {
        assert!(o.stderr.contains(w), "{policy}: lacks {w:?}\n{}", o.show());
    }
}

#[test]
fn the_report_names_the_policy_in_canonical_form() {
    let r = report("io-priority( demote=1, boost = 1000us )", &[]);
    assert_eq!(r["policy"], "io-priority(boost=1ms)");
    let r = report("io-priority(boost=0)", &[]);
    assert_eq!(
        r["policy"], "io-priority",
        "defaults print as the bare name"
    );
    let r = report("newgil(wake=all)", &[]);
    assert_eq!(r["policy"], "newgil(wake=all)");
}

#[test]
fn a_wrong_parameter_is_a_usage_error_listing_the_parameters() {
    let listing = "boost=DURATION [default 0], demote=COUNT [default 1]";
    refused(
        "io-priority(bost=2ms)",
        &[],
        &["unknown parameter 'bost'", listing],
    );
    refused(
        "io-priority(boost=soon)",
        &[],
        &["boost: 'soon' is not a duration", listing],
    );
    refused(
        "io-priority(demote=0)",
        &[],
        &["demote=0 is out of range (1 to 1000000)", listing],
    );
    refused(
        "io-priority(boost=1ms,boost=2ms)",
        &[],
        &["boost is given twice", listing],
    );
    refused("io-priority(boost=2ms", &[], &["unbalanced parentheses"]);
    refused("fifo(x=1)", &[], &["fifo's parameters: none"]);
    refused(
        "nope(x=1)",
        &[],
        &["unknown policy 'nope' (policies: newgil, ticks, fifo, io-priority, fair-share, gvl, masterlock)"],
    );
}

#[test]
fn check_interval_and_the_check_parameter_must_agree() {
    let r = report("ticks", &["--check-interval", "50"]);
    assert_eq!(r["policy"], "ticks(check=50)", "the flag is recorded");
    let mut same = report("ticks(check=50)", &[]);
    assert_eq!(same["policy"], "ticks(check=50)");
    let mut both = report("ticks(check=50)", &["--check-interval", "50"]);
    // The invocation records each command line as given; the runs agree.
    for r in [&mut same, &mut both] {
        r.as_object_mut().unwrap().remove("invocation");
    }
    assert_eq!(both, same, "the same run, said twice");
    refused(
        "ticks(check=50)",
        &["--check-interval", "60"],
        &["--check-interval 60 and --policy ticks(check=50) disagree"],
    );
    refused(
        "newgil",
        &["--check-interval", "60"],
        &["--check-interval applies to --policy ticks only"],
    );
}

#[test]
fn run_help_lists_each_policys_parameters() {
    let o = gilsim(&["run", "--help"]);
    assert_eq!(o.code, Some(0), "{}", o.show());
    for want in [
        "io-priority(boost=2ms,demote=2)",
        "fair-share",
        "force=off|on",
        "wake=one|all",
        "check=COUNT",
        "boost=DURATION",
        "demote=COUNT",
        "slack=DURATION",
        "half_life=DURATION",
    ] {
        assert!(
            o.stdout.contains(want),
            "run --help lacks {want}\n{}",
            o.stdout
        );
    }
}

#[test]
fn fair_share_is_deterministic_on_the_virtual_engine() {
    let policy = "fair-share(slack=500us,half_life=20ms)";
    let a = convoy_of(LONG, policy, &["--seed", "7"])
        .1
        .expect("a report");
    let b = convoy_of(LONG, policy, &["--seed", "7"])
        .1
        .expect("a report");
    // Byte-identical but for the invocation's command line (each run
    // writes its report to its own file).
    let without = |text: &str| {
        let mut v: Json = serde_json::from_str(text).unwrap();
        v.as_object_mut().unwrap().remove("invocation");
        serde_json::to_string_pretty(&v).unwrap()
    };
    assert_eq!(
        without(&a),
        without(&b),
        "the same seed must give identical reports"
    );
    let r: Json = serde_json::from_str(&a).unwrap();
    assert_eq!(r["policy"], policy);
}

/// The long convoy's median delay to re-take the GIL after IO (ns).
fn io_reacquire_p50(policy: &str) -> u64 {
    let r = report_of(LONG, policy, &[]);
    r["io_reacquire_ns"]["p50"].as_u64().expect("a p50")
}

#[test]
fn fair_share_ends_the_convoy_like_io_priority() {
    let newgil = io_reacquire_p50("newgil");
    let fair = io_reacquire_p50("fair-share");
    let io = io_reacquire_p50("io-priority");
    // newgil: about one 5 ms interval per IO; the others: a few
    // eval-breaker checks.
    assert!(newgil > 4_000_000, "newgil p50 {newgil}");
    assert!(
        fair < newgil / 10,
        "fair-share p50 {fair} vs newgil {newgil}"
    );
    assert!(io < newgil / 10, "io-priority p50 {io} vs newgil {newgil}");
    // A boost delays the request: the reacquire waits at least that long.
    let boosted = io_reacquire_p50("io-priority(boost=2ms)");
    assert!(
        (2_000_000..newgil).contains(&boosted),
        "boost=2ms p50 {boosted}"
    );
}
