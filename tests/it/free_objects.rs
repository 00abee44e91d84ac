//! Shared containers under real parallelism: the free-threaded mode runs
//! interpreter threads on real cores at once, so every container operation
//! must be atomic and memory safe by itself (PEP 703's per-object locks).
//! The program prints counts that must be exact in every mode; the
//! unlocked counter is only checked to stay within bounds.

use crate::common::{gilsim_within, repo_path};
use std::time::Duration;

const EXPECT: &str = "appends 80000 expected 80000
locked counts 80000 expected 80000
keys [0, 1, 2, 3, 4, 5, 6]
seen 100
unlocked within bounds True
sum of items True
";

fn run(mode: &str, engine: &str) {
    let file = repo_path("tests/python_free/shared_containers.py");
    let o = gilsim_within(
        &[
            "run",
            file.to_str().expect("utf-8 path"),
            "--mode",
            mode,
            "--engine",
            engine,
            "--format",
            "none",
        ],
        Duration::from_secs(120),
    );
    assert_eq!(o.code, Some(0), "{mode}/{engine}: {}", o.show());
    assert_eq!(o.stdout, EXPECT, "{mode}/{engine}: {}", o.show());
}

#[test]
fn shared_containers_stay_exact_in_free_mode_on_real_threads() {
    // Several times: a race that corrupts would show up as a crash, a
    // lost append or a wrong locked count.
    for _ in 0..3 {
        run("free", "real");
    }
}

#[test]
fn shared_containers_stay_exact_with_a_gil_and_on_the_virtual_engine() {
    run("gil", "real");
    run("free", "virtual");
}
