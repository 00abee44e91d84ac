//! `--mode process`: each worker a real `gilsim worker` process with its
//! own interpreter, GIL and globals. Globals are not shared; each worker's
//! output comes back in order; start-up is reported; a crashed or
//! timed-out worker is reported and the parent never hangs.

use crate::common::{program, run_cfg, run_mode, sample, wait_or_kill};
use gilsim::engine::{Mode, RunConfig};
use gilsim::metrics::{RunEnd, ThreadEnd};
use gilsim::vm::Value;
use std::path::PathBuf;

fn process_cfg(args: Vec<Value>, workers: u32) -> RunConfig {
    RunConfig {
        args,
        threads: workers,
        mode: Mode::Process,
        worker_exe: Some(PathBuf::from(env!("CARGO_BIN_EXE_gilsim"))),
        ..RunConfig::default()
    }
}

const BUMP: &str = ".global counter = 0
.func main()
    LOAD_GLOBAL counter
    LOAD_CONST 1
    BINARY_OP +
    STORE_GLOBAL counter
    LOAD_GLOBAL counter
    PRINT 1
    LOAD_CONST None
    RETURN_VALUE
.end";

#[test]
fn globals_are_not_shared_between_processes() {
    let ran = run_cfg(program(BUMP), &process_cfg(vec![], 3));
    let r = ran.report();
    assert_eq!(r.end, RunEnd::Ok, "{:?}", r.errors);
    assert_eq!(
        ran.lines,
        vec!["1", "1", "1"],
        "each worker has its own counter"
    );
    assert_eq!(r.mode, "process");
    assert_eq!(r.threads.len(), 3);
    assert!(r
        .threads
        .iter()
        .all(|t| t.name.starts_with("worker-") && t.startup_ns > 0));
    // Threads of one process do share it.
    let mut shared = run_mode(program(BUMP), vec![], 3, Mode::Gil).lines;
    shared.sort();
    assert_eq!(shared, vec!["1", "2", "3"]);
}

#[test]
fn a_workers_output_arrives_in_order() {
    let src = ".func main(n)
    LOAD_CONST 0
    STORE_FAST i
loop:
    LOAD_FAST i
    LOAD_FAST n
    COMPARE_OP <
    POP_JUMP_IF_FALSE done
    LOAD_FAST i
    PRINT 1
    LOAD_FAST i
    LOAD_CONST 1
    BINARY_OP +
    STORE_FAST i
    JUMP_BACKWARD loop
done:
    LOAD_CONST None
    RETURN_VALUE
.end";
    let ran = run_cfg(program(src), &process_cfg(vec![Value::Int(300)], 1));
    let want: Vec<String> = (0..300).map(|i| i.to_string()).collect();
    assert_eq!(ran.lines, want);
    // Two workers: every line arrives, twice (order within a worker is
    // what the single-worker run above checks).
    let ran = run_cfg(program(src), &process_cfg(vec![Value::Int(300)], 2));
    assert_eq!(ran.lines.len(), 600);
    let mut sorted = ran.lines.clone();
    sorted.sort_by_key(|l| l.parse::<u32>().unwrap());
    let twice: Vec<String> = (0..300)
        .flat_map(|i| [i.to_string(), i.to_string()])
        .collect();
    assert_eq!(sorted, twice);
}

#[test]
fn a_crashed_worker_is_reported() {
    let cfg = RunConfig {
        worker_exe: Some(PathBuf::from("/bin/false")),
        ..process_cfg(vec![], 2)
    };
    let ran = run_cfg(program(BUMP), &cfg);
    let r = ran.report();
    assert_eq!(r.end, RunEnd::Error);
    assert_eq!(r.errors.len(), 2);
    assert!(
        r.errors[0].starts_with("worker-0 died before reporting"),
        "{:?}",
        r.errors
    );
    assert!(r.threads.iter().all(|t| t.end == ThreadEnd::Error));
}

#[test]
fn a_worker_still_running_at_the_timeout_is_stopped() {
    let src =
        ".func main()\n    LOAD_CONST 30\n    IO_WAIT\n    LOAD_CONST None\n    RETURN_VALUE\n.end";
    let cfg = RunConfig {
        timeout_ns: Some(300_000_000),
        ..process_cfg(vec![], 2)
    };
    let ran = run_cfg(program(src), &cfg);
    let r = ran.report();
    assert_eq!(r.end, RunEnd::Timeout);
    assert!(r.threads.iter().all(|t| t.end == ThreadEnd::Stopped));
}

#[test]
fn errors_in_a_worker_come_back_with_their_traceback() {
    let src =
        ".func main()\n    LOAD_CONST 1\n    LOAD_CONST 0\n    BINARY_OP /\n    RETURN_VALUE\n.end";
    let ran = run_cfg(program(src), &process_cfg(vec![], 1));
    let r = ran.report();
    assert_eq!(r.end, RunEnd::Error);
    assert_eq!(
        r.errors,
        vec!["worker-0/main-0: ZeroDivisionError: division by zero"]
    );
    assert!(ran
        .errors
        .iter()
        .any(|l| l.starts_with("[worker-0] Exception in thread main-0:")));
}

#[test]
fn race_free_programs_print_the_same_as_under_the_gil() {
    for (name, args) in [
        ("fib.pyasm", vec![Value::Int(12)]),
        ("primes.pyasm", vec![Value::Int(500)]),
        ("spawn_join.pyasm", vec![]),
        ("locked_counter.pyasm", vec![Value::Int(3), Value::Int(200)]),
        ("io_wait.pyasm", vec![Value::Int(2), Value::Float(0.0001)]),
    ] {
        let a = run_mode(sample(name), args.clone(), 2, Mode::Gil);
        let b = run_cfg(sample(name), &process_cfg(args.clone(), 2));
        let (mut x, mut y) = (a.lines.clone(), b.lines.clone());
        x.sort();
        y.sort();
        if name != "locked_counter.pyasm" {
            assert_eq!(x, y, "{name}");
        } else {
            // Under one process the two mains share the global counter; in
            // two processes each counts alone and is exact.
            assert_eq!(y, vec!["counter = 600 expected 600"; 2]);
        }
        assert_eq!(
            b.report().end,
            RunEnd::Ok,
            "{name}: {:?}",
            b.report().errors
        );
    }
}

/// The child processes of `pid` (from every one of its threads).
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return vec![];
    };
    let mut kids = Vec::new();
    for t in tasks.flatten() {
        let text = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
        kids.extend(
            text.split_whitespace()
                .filter_map(|s| s.parse::<u32>().ok()),
        );
    }
    kids
}

/// Whether `pid` still runs (a zombie or a vanished process does not).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z') && !state.starts_with('X')
        }
        Err(_) => false,
    }
}

#[test]
fn workers_die_with_their_parent_whatever_signal_ends_it() {
    if !std::path::Path::new("/proc/self/task").exists() {
        return; // no /proc to find the workers with
    }
    for signal in ["TERM", "INT", "HUP", "KILL"] {
        let mut parent = std::process::Command::new(env!("CARGO_BIN_EXE_gilsim"))
            .args([
                "run",
                "programs/countdown.pyasm",
                "--arg",
                "100000000000",
                "--threads",
                "2",
                "--mode",
                "process",
                "--format",
                "none",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = parent.id();
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut workers = children(pid);
        while workers.len() < 2 && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(20));
            workers = children(pid);
        }
        assert_eq!(workers.len(), 2, "SIG{signal}: both workers started");
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let _ = parent.wait();
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while workers.iter().any(|w| alive(*w)) && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let survivors: Vec<u32> = workers.into_iter().filter(|w| alive(*w)).collect();
        for w in &survivors {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &w.to_string()])
                .status();
        }
        assert!(
            survivors.is_empty(),
            "SIG{signal}: workers {survivors:?} outlived their parent"
        );
    }
}

#[test]
fn a_worker_whose_parent_closes_its_pipe_exits_at_once() {
    // The worker side of the lifeline: a job, then end of input.
    let job = {
        let p = sample("countdown.pyasm");
        serde_json::json!({
            "program": p.image(),
            "entry": "main",
            "args": ["100000000000"],
            "policy": "newgil",
            "switch_interval_ns": 5_000_000u64,
            "check_interval": 100,
            "recursion_limit": 1000,
            "max_threads": 8,
            "trace": false,
        })
        .to_string()
    };
    let mut w = std::process::Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .arg("worker")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    let mut stdin = w.stdin.take().unwrap();
    writeln!(stdin, "{job}").unwrap();
    drop(stdin);
    let status = wait_or_kill(&mut w, std::time::Duration::from_secs(30));
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(gilsim::engine::process::ORPHANED),
        "a 100-billion-step countdown ended by the closed pipe"
    );
}
