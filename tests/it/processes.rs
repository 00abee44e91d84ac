//! `--mode process`: each worker a real `gilsim worker` process with its
//! own interpreter, GIL and globals. Globals are not shared; each worker's
//! output comes back in order; start-up is reported; a crashed or
//! timed-out worker is reported and the parent never hangs.

use crate::common::{program, run_cfg, run_mode, sample};
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
