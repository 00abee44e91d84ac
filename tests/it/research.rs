//! Research at scale, through the binary on the virtual engine: a grid of
//! policies × switch intervals × seeds in one command; results identical
//! for any `--jobs`; shards merged equal to one run, byte for byte;
//! `compare` telling a real difference from noise; flags that mean
//! nothing refused.

use crate::common::{gilsim_within, repo_path, Out, TempDir};
use gilsim::experiment::results::SweepResults;
use std::time::Duration;

fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, Duration::from_secs(120))
}

/// A small grid: one IO workload beside nothing, two policies, two
/// intervals, gil and free modes, 1 and 2 threads, three seeds.
fn grid_args() -> Vec<String> {
    let io = repo_path("programs/gil_mix.pyasm");
    let cpu = repo_path("programs/countdown.pyasm");
    [
        "sweep",
        "--engine",
        "virtual",
        "--cores",
        "2",
        "--workload",
        &format!("io={}:1,%6,0.0005,100", io.display()),
        "--workload",
        &format!("cpu={}:%300000", cpu.display()),
        "--modes",
        "gil,free",
        "--policies",
        "newgil,io-priority",
        "--switch-intervals",
        "5ms,1ms",
        "--threads",
        "1,2",
        "--scaling",
        "strong",
        "--seeds",
        "1..3",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn run_grid(extra: &[&str]) -> Out {
    let mut args = grid_args();
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = gilsim(&refs);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    o
}

fn files(prefix: &std::path::Path) -> Vec<Vec<u8>> {
    SweepResults::files(prefix)
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display())))
        .collect()
}

#[test]
fn one_command_runs_the_product_and_any_jobs_or_shards_give_the_same_bytes() {
    let dir = TempDir::new("research-grid");
    let one = dir.path("one");
    run_grid(&["--jobs", "1", "-o", one.to_str().unwrap()]);
    let r = SweepResults::read_json(&SweepResults::files(&one)[0]).unwrap();
    // Per workload: gil (2 policies x 2 intervals) + free, x 2 thread counts.
    assert_eq!(r.cells.len(), 2 * (4 + 1) * 2);
    for c in &r.cells {
        assert_eq!(c.runs.len(), 3, "three seeds");
        assert_eq!(
            c.runs.iter().map(|x| x.seed).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert_eq!(c.wall_ns.n, 3);
        assert!(c.wall_ns.ci_lo <= c.wall_ns.mean && c.wall_ns.mean <= c.wall_ns.ci_hi);
    }
    assert_eq!(r.header.seeds, vec![1, 2, 3]);
    assert_eq!(r.header.policies, vec!["newgil", "io-priority"]);
    assert!(
        r.header.command.contains("--seeds 1..3"),
        "{}",
        r.header.command
    );
    // Seeds make a difference somewhere (wake-up jitter), or the CIs
    // would mean nothing.
    assert!(r.cells.iter().any(|c| c.wall_ns.sd > 0.0));
    // The IO workload beside a spinner: io-priority serves IO faster than
    // newgil at 5 ms (the convoy effect), on every seed.
    let io_wall = |policy: &str| {
        r.cells
            .iter()
            .find(|c| {
                c.workload == "io"
                    && c.mode == "gil"
                    && c.policy == policy
                    && c.switch_interval_ns == Some(5_000_000)
                    && c.threads == 1
            })
            .unwrap()
            .wall_ns
    };
    assert!(
        io_wall("io-priority").ci_hi < io_wall("newgil").ci_lo,
        "{:?} vs {:?}",
        io_wall("io-priority"),
        io_wall("newgil")
    );

    let two = dir.path("two");
    run_grid(&["--jobs", "2", "-o", two.to_str().unwrap()]);
    assert!(files(&one) == files(&two), "--jobs 2 changed the results");

    let mut shards = Vec::new();
    for k in 0..3 {
        let p = dir.path(&format!("part{k}"));
        run_grid(&["--shard", &format!("{k}/3"), "-o", p.to_str().unwrap()]);
        shards.push(format!("{}.json", p.display()));
    }
    let merged = dir.path("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend(["-o", merged.to_str().unwrap()]);
    let o = gilsim(&args);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    assert!(
        files(&one) == files(&merged),
        "shards merged differ from one run"
    );

    // A missing or repeated shard is refused.
    let o = gilsim(&[
        "merge",
        &shards[0],
        &shards[1],
        "-o",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(o.code, Some(64), "{}", o.show_cut(3000));
    assert!(o.stderr.contains("missing shards: 2/3"), "{}", o.stderr);
    let o = gilsim(&["merge", &shards[0], &shards[0], &shards[1], &shards[2]]);
    assert_eq!(o.code, Some(65), "{}", o.show_cut(3000));
    assert!(o.stderr.contains("given twice"), "{}", o.stderr);
    let o = gilsim(&["merge", &format!("{}.json", one.display())]);
    assert_eq!(o.code, Some(65), "{}", o.show_cut(3000));
    assert!(o.stderr.contains("not a shard"), "{}", o.stderr);
}

#[test]
fn compare_tells_a_policy_change_from_noise() {
    let dir = TempDir::new("research-compare");
    let io = repo_path("programs/gil_mix.pyasm");
    let spec = format!("io={}:1,%6,0.0005,100", io.display());
    let sweep = |policy: &str, seeds: &str, out: &std::path::Path| {
        let o = gilsim(&[
            "sweep",
            "--engine",
            "virtual",
            "--cores",
            "2",
            "--workload",
            &spec,
            "--modes",
            "gil",
            "--policies",
            policy,
            "--threads",
            "1",
            "--scaling",
            "strong",
            "--seeds",
            seeds,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
        format!("{}.json", out.display())
    };
    let a = sweep("newgil", "1..4", &dir.path("a"));
    let b = sweep("io-priority", "1..4", &dir.path("b"));
    let a2 = sweep("newgil", "5..8", &dir.path("a2"));
    let o = gilsim(&["compare", &a, &b]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    assert!(
        o.stdout.contains("policy: newgil -> io-priority"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("1 of 1 cells differ beyond noise"),
        "{}",
        o.stdout
    );
    // Other seeds of the same configuration: within noise.
    let o = gilsim(&["compare", &a, &a2, "--json"]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["pairs"][0]["diff"]["significant"], false, "{}", o.stdout);
}

#[test]
fn flags_that_mean_nothing_on_the_real_engine_are_refused() {
    for (args, fragment) in [
        (
            vec!["sweep", "--seeds", "1..3"],
            "--seeds applies to the virtual engine only",
        ),
        (
            vec!["sweep", "--cores", "4"],
            "--cores applies to the virtual engine only",
        ),
        (
            vec!["sweep", "--jobs", "2"],
            "--jobs applies to the virtual engine only",
        ),
        (
            vec!["sweep", "--engine", "virtual", "--check-intervals", "50"],
            "--check-intervals applies to --policies ticks",
        ),
        (
            vec![
                "sweep",
                "--engine",
                "virtual",
                "--policies",
                "newgil,newgil",
            ],
            "newgil is listed twice",
        ),
        (
            vec!["sweep", "--engine", "virtual", "--policies", "lottery"],
            "unknown policy 'lottery'",
        ),
    ] {
        let o = gilsim(&args);
        assert_eq!(o.code, Some(64), "{args:?}\n{}", o.show_cut(2000));
        assert!(o.stderr.contains(fragment), "{args:?}\n{}", o.stderr);
    }
    for (args, fragment) in [
        (
            vec!["sweep", "--engine", "virtual", "--seeds", "3..1"],
            "goes down",
        ),
        (
            vec!["sweep", "--engine", "virtual", "--shard", "4/4"],
            "is not a shard",
        ),
    ] {
        let o = gilsim(&args);
        assert_eq!(o.code, Some(2), "{args:?}\n{}", o.show_cut(2000));
        assert!(o.stderr.contains(fragment), "{args:?}\n{}", o.stderr);
    }
}
