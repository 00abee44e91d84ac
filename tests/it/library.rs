//! gilsim's Python library (`src/stdlib/`: threading, queue,
//! concurrent.futures, multiprocessing, asyncio) on the engines: what its
//! primitives do to time and parallelism, checked exactly on the virtual
//! engine (virtual time makes exact assertions possible), and that a
//! virtual run is byte-identical from one run to the next. Outputs
//! against CPython are the differential corpus's job (tests/python/).

use crate::common::{arg, gilsim_within, Out, TempDir};
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `src` as a .py program with `flags`; returns the output and the
/// JSON report.
fn run_py(src: &str, flags: &[&str]) -> (Out, serde_json::Value) {
    let dir = TempDir::new("library");
    let file = dir.write("prog.py", src);
    let report = dir.path("report.json");
    let mut args = vec![
        "run",
        arg(&file),
        "--format",
        "json",
        "--report",
        arg(&report),
    ];
    args.extend_from_slice(flags);
    let o = gilsim_within(&args, DEADLINE);
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (o, json)
}

fn virt(src: &str) -> (Out, serde_json::Value) {
    run_py(src, &["--engine", "virtual", "--cores", "2"])
}

fn wall_ms(report: &serde_json::Value) -> f64 {
    report["wall_ns"].as_f64().unwrap_or(f64::NAN) / 1e6
}

#[test]
fn a_timed_acquire_waits_its_timeout_in_virtual_time_and_returns_false() {
    let (o, r) = virt(
        "import threading\nl = threading.Lock()\nl.acquire()\nprint(l.acquire(timeout=0.25))\nprint(l.acquire(False))\n",
    );
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(o.stdout, "False\nFalse\n");
    let ms = wall_ms(&r);
    assert!(
        (250.0..252.0).contains(&ms),
        "waited {ms} ms of virtual time"
    );
}

#[test]
fn join_with_a_timeout_returns_while_the_thread_lives_and_daemons_are_not_waited_for() {
    let src = "import threading, time\n\
        t = threading.Thread(target=time.sleep, args=(10,), daemon=True)\n\
        t.start()\n\
        t.join(0.1)\n\
        print(t.is_alive(), t.daemon)\n";
    let (o, r) = virt(src);
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(o.stdout, "True True\n");
    let ms = wall_ms(&r);
    assert!(
        (100.0..105.0).contains(&ms),
        "the run ended at {ms} ms, not after the daemon's 10 s"
    );
    // A non-daemon thread is waited for at the main thread's end.
    let (o, r) = virt(&src.replace("daemon=True", "daemon=False"));
    assert_eq!(o.stdout, "True False\n", "{}", o.show());
    let ms = wall_ms(&r);
    assert!((10_000.0..10_010.0).contains(&ms), "ended at {ms} ms");
}

#[test]
fn python_threads_show_their_own_names_in_reports() {
    let (o, r) = virt(
        "import threading\ndef work():\n    pass\nts = [threading.Thread(target=work), threading.Thread(target=work, name='alice')]\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint([t.name for t in ts])\n",
    );
    assert_eq!(o.stdout, "['Thread-1 (work)', 'alice']\n", "{}", o.show());
    let names: Vec<&str> = r["threads"]
        .as_array()
        .expect("threads")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Thread-1 (work)") && names.contains(&"alice"),
        "{names:?}"
    );
}

const POOL: &str = "import multiprocessing\n\
def burn(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n\
if __name__ == '__main__':\n    with multiprocessing.Pool(2) as p:\n        print(p.map(burn, [200000, 200000]))\n";

#[test]
fn a_process_pool_runs_on_two_cores_in_parallel_where_threads_take_turns() {
    let (o, r) = virt(POOL);
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(o.stdout, "[19999900000, 19999900000]\n");
    assert_eq!(
        r["max_parallel"].as_u64(),
        Some(2),
        "processes ran in parallel"
    );
    let threads = "import threading\n\
        def burn(n):\n    s = 0\n    for i in range(n):\n        s += i\n\
        ts = [threading.Thread(target=burn, args=(200000,)) for _ in range(2)]\n\
        for t in ts: t.start()\nfor t in ts: t.join()\n";
    let (o, r) = virt(threads);
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(r["max_parallel"].as_u64(), Some(1), "threads share one GIL");
}

#[test]
fn a_childs_globals_are_its_own_and_values_cross_by_copy() {
    let src = "import multiprocessing\n\
        counter = 0\nitems = [1]\n\
        def child(q, xs):\n    global counter\n    counter += 1\n    xs.append(2)\n    q.put((counter, xs))\n\
        if __name__ == '__main__':\n    print('parent only')\n    q = multiprocessing.Queue()\n    p = multiprocessing.Process(target=child, args=(q, items))\n    p.start()\n    print(q.get())\n    p.join()\n    print(counter, items, p.exitcode)\n";
    for engine in ["real", "virtual"] {
        let (o, _) = run_py(src, &["--engine", engine]);
        assert_eq!(o.code, Some(0), "{engine}: {}", o.show());
        assert_eq!(
            o.stdout, "parent only\n(1, [1, 2])\n0 [1] 0\n",
            "{engine}: the child re-ran the module silently and changed only its copies"
        );
    }
}

#[test]
fn virtual_runs_of_the_library_are_byte_identical() {
    let src = "import threading, queue, random, time\n\
        q = queue.Queue()\nout = []\n\
        def worker():\n    while True:\n        x = q.get()\n        if x is None:\n            return\n        out.append((x, random.random()))\n        time.sleep(0.001)\n\
        ts = [threading.Thread(target=worker) for _ in range(3)]\n\
        for t in ts: t.start()\n\
        for i in range(20): q.put(i)\n\
        for t in ts: q.put(None)\n\
        for t in ts: t.join()\n\
        print(len(out), time.perf_counter())\n";
    let dir = TempDir::new("library-det");
    let file = dir.write("prog.py", src);
    let run = |n: &str| {
        let report = dir.path(n);
        let o = gilsim_within(
            &[
                "run",
                arg(&file),
                "--engine",
                "virtual",
                "--seed",
                "7",
                "--format",
                "json",
                "--report",
                arg(&report),
            ],
            DEADLINE,
        );
        (o.stdout, std::fs::read(&report).unwrap_or_default())
    };
    let (a, ra) = run("a.json");
    let (b, rb) = run("b.json");
    assert!(a.starts_with("20 "), "{a}");
    assert_eq!(a, b, "same seed, same output");
    // The reports differ only in the command line their invocation
    // records (another --report file).
    let without_argv = |r: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(r).expect("a JSON report");
        let argv = v["invocation"]["argv"].take();
        (v, argv)
    };
    let ((va, argv_a), (vb, argv_b)) = (without_argv(&ra), without_argv(&rb));
    assert_eq!(va, vb, "same seed, same report");
    assert_ne!(argv_a, argv_b);
}
