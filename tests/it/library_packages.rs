//! gilsim's library packages (`asyncio`, `multiprocessing`,
//! `concurrent.futures`, laid out as CPython's) and the import machinery
//! they stand on: a package's `__init__.py` runs before its submodules,
//! relative imports and `from m import *` are resolved when the program is
//! compiled, reports still name the blocking operations of the functions
//! that moved into submodules, and a traceback through the library names
//! the submodule's file. Their output against CPython's (reprs, uncaught
//! exceptions, import forms) is the differential corpus's job
//! (tests/python/lib_module_names.py, lib_import_forms.py).

use crate::common::{arg, gilsim_cmd, output_within, repo_path, Out, TempDir};
use std::path::Path;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `gilsim ARGS`, reading the library from `stdlib` if given.
fn gilsim(args: &[&str], stdlib: Option<&Path>) -> Out {
    let mut cmd = gilsim_cmd();
    cmd.args(args);
    if let Some(dir) = stdlib {
        cmd.env("GILSIM_STDLIB_DIR", dir);
    }
    Out::from(output_within(&mut cmd, DEADLINE, || {
        format!("gilsim {args:?} still running after {DEADLINE:?}: killed")
    }))
}

/// A copy of src/stdlib in `dir`, to change one file of.
fn stdlib_copy(dir: &TempDir) -> std::path::PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else if e.path().extension().is_some_and(|x| x == "py") {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let to = dir.path("stdlib");
    copy(&repo_path("src/stdlib"), &to);
    to
}

/// The blocking operations a thread of a virtual run was in, by name,
/// from the JSON report.
fn waits(src: &str, thread: &str) -> Vec<String> {
    let dir = TempDir::new("packages");
    let file = dir.write("prog.py", src);
    let report = dir.path("report.json");
    let o = gilsim(
        &[
            "run",
            arg(&file),
            "--engine",
            "virtual",
            "--cores",
            "2",
            "--format",
            "json",
            "--report",
            arg(&report),
        ],
        None,
    );
    assert_eq!(o.code, Some(0), "{}", o.show());
    let text = std::fs::read_to_string(&report).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let threads = json["threads"].as_array().expect("threads in the report");
    let t = threads
        .iter()
        .find(|t| t["name"] == thread)
        .unwrap_or_else(|| panic!("no thread {thread} in {text}"));
    t["waits"]
        .as_array()
        .map(|w| {
            w.iter()
                .map(|x| x["op"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn reports_name_the_blocking_calls_of_the_packages_submodules() {
    let futures = "from concurrent.futures import ThreadPoolExecutor, wait\n\
        import time\n\
        with ThreadPoolExecutor(2) as ex:\n    f = ex.submit(time.sleep, 0.01)\n    f.result()\n    \
        g = ex.submit(time.sleep, 0.01)\n    wait([g])\n";
    let w = waits(futures, "main-0");
    for op in ["future result", "futures wait", "executor shutdown"] {
        assert!(w.iter().any(|x| x == op), "{op} not in {w:?}");
    }
    let processes = "import multiprocessing as mp, time\n\
        def work(q, conn):\n    q.put(1)\n    time.sleep(0.01)\n    conn.send(2)\n    \
        time.sleep(0.01)\n\
        def square(x):\n    return x * x\n\
        if __name__ == '__main__':\n    q = mp.Queue()\n    a, b = mp.Pipe()\n    \
        p = mp.Process(target=work, args=(q, b))\n    p.start()\n    q.get()\n    a.recv()\n    \
        p.join()\n    with mp.Pool(2) as pool:\n        pool.map(square, [1, 2, 3])\n        \
        pool.apply_async(square, (4,)).get()\n";
    let w = waits(processes, "main-0");
    for op in [
        "process queue get",
        "pipe recv",
        "process join",
        "pool map",
        "pool result",
    ] {
        assert!(w.iter().any(|x| x == op), "{op} not in {w:?}");
    }
    // The loop's wait is named with or without asyncio.run around it.
    let asyncio = "import asyncio\n\
        async def main():\n    await asyncio.sleep(0.01)\n\
        loop = asyncio.new_event_loop()\n\
        loop.run_until_complete(main())\n\
        loop.close()\n\
        asyncio.run(main())\n";
    assert_eq!(waits(asyncio, "main-0"), ["event loop select"]);
}

#[test]
fn a_traceback_through_the_library_names_the_submodule_and_its_exception() {
    let dir = TempDir::new("packages");
    let file = dir.write(
        "prog.py",
        "import asyncio\n\
         async def main():\n    await asyncio.wait_for(asyncio.sleep(1), 0.01)\n\
         asyncio.run(main())\n",
    );
    let o = gilsim(
        &["run", arg(&file), "--engine", "virtual", "--format", "none"],
        None,
    );
    assert_eq!(o.code, Some(70), "{}", o.show());
    assert!(
        o.stderr.contains("<gilsim stdlib>/asyncio/tasks.py"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("<gilsim stdlib>/asyncio/runners.py"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.trim_end().ends_with("TimeoutError"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("\nasyncio.exceptions.CancelledError\n\nThe above exception"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_packages_init_runs_before_the_submodule_imported_by_its_dotted_name() {
    let dir = TempDir::new("packages");
    let stdlib = stdlib_copy(&dir);
    std::fs::write(
        stdlib.join("concurrent/__init__.py"),
        "print('concurrent/__init__ ran')\n",
    )
    .unwrap();
    let file = dir.write(
        "prog.py",
        "import concurrent.interpreters\nprint('imported')\n\
         from concurrent import futures\nprint(futures.Future.__name__)\n",
    );
    let o = gilsim(&["run", arg(&file)], Some(&stdlib));
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(o.stdout, "concurrent/__init__ ran\nimported\nFuture\n");
}

#[test]
fn import_star_needs_an_all_it_can_read_without_running_the_module() {
    let dir = TempDir::new("packages");
    let stdlib = stdlib_copy(&dir);
    let heapq = stdlib.join("heapq.py");
    let src = std::fs::read_to_string(&heapq).unwrap();
    std::fs::write(&heapq, format!("{src}\n__all__ = sorted(__all__)\n")).unwrap();
    let file = dir.write("prog.py", "from heapq import *\nprint(heapify)\n");
    let o = gilsim(&["check", arg(&file)], Some(&stdlib));
    assert_eq!(o.code, Some(65), "{}", o.show());
    assert!(
        o.stderr.contains(
            "not supported by gilsim: from heapq import * \
             (heapq.__all__ is not a list or tuple of string literals)"
        ),
        "{}",
        o.stderr
    );
    // Without __all__: the names the module binds, not the private ones.
    std::fs::write(&heapq, src.replace("__all__ = [", "_unused = [")).unwrap();
    let file = dir.write(
        "prog2.py",
        "from heapq import *\nh = [3, 1]\nheapify(h)\nprint(h)\n\
         try:\n    _sift_down\nexcept NameError as e:\n    print(e)\n",
    );
    let o = gilsim(&["run", arg(&file)], Some(&stdlib));
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(o.stdout, "[1, 3]\nname '_sift_down' is not defined\n");
}

#[test]
fn a_relative_import_in_a_program_compiles_and_raises_when_it_runs() {
    let dir = TempDir::new("packages");
    let file = dir.write("prog.py", "print('first')\nfrom .helpers import x\n");
    let o = gilsim(&["check", arg(&file)], None);
    assert_eq!(o.code, Some(0), "{}", o.show());
    let o = gilsim(&["run", arg(&file), "--format", "none"], None);
    assert_eq!(o.code, Some(70), "{}", o.show());
    assert_eq!(o.stdout, "first\n");
    assert!(
        o.stderr
            .trim_end()
            .ends_with("ImportError: attempted relative import with no known parent package"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_library_modules_repr_names_its_file_and_a_packages_is_its_init() {
    let dir = TempDir::new("packages");
    let file = dir.write(
        "prog.py",
        "import asyncio, queue, concurrent.futures\n\
         print(asyncio)\nprint(queue)\nprint(concurrent.futures)\n",
    );
    let o = gilsim(&["run", arg(&file)], None);
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(
        o.stdout,
        "<module 'asyncio' from '<gilsim stdlib>/asyncio/__init__.py'>\n\
         <module 'queue' from '<gilsim stdlib>/queue.py'>\n\
         <module 'concurrent.futures' from '<gilsim stdlib>/concurrent/futures/__init__.py'>\n"
    );
}
