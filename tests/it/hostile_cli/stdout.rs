//! Standard output closed under a command or full, standard error full:
//! the documented exit code, and a run goes on to its end.

use super::*;

#[test]
fn a_closed_pipe_ends_check_and_dis_quietly_with_their_exit_code() {
    let dir = TempDir::new("hostile-cli-epipe");
    let big = dir.write("big.pyasm", big_program());
    let err = dir.path("err");
    // `check` of many files: ~250 KB of lines, one write each.
    let mut files: Vec<String> = Vec::new();
    while files.len() < 5000 {
        files.push("programs/fib.pyasm".into());
        files.push("programs/convoy.pyasm".into());
    }
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let mut child = spawn_with_closed_stdout(&args, &err);
    let status = wait(&mut child, "check ... | (closed)");
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "a closed pipe is not an error: {stderr}");
    // `dis` of a big program: one large write.
    let mut child = spawn_with_closed_stdout(&["dis", big.to_str().unwrap()], &err);
    let status = wait(&mut child, "dis big | (closed)");
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "a closed pipe is not an error: {stderr}");
    // An error after the pipe closed keeps its own exit code.
    let mut child =
        spawn_with_closed_stdout(&["check", "programs/fib.pyasm", "no/such.pyasm"], &err);
    let status = wait(&mut child, "check missing | (closed)");
    assert_eq!(status.code(), Some(66));
}

#[test]
fn a_closed_pipe_lets_a_run_go_on_to_its_end() {
    let dir = TempDir::new("hostile-cli-epipe-run");
    let printer = dir.write("printer.pyasm", PRINTER);
    let p = printer.to_str().unwrap();
    let err = dir.path("err");
    let report = dir.path("report.json");
    // 100k lines, then a division by zero: 70 proves the run reached it.
    let mut child = spawn_with_closed_stdout(
        &[
            "run", p, "--arg", "100000", "--arg", "True", "--format", "none",
        ],
        &err,
    );
    let status = wait(&mut child, "run printer | (closed)");
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(70), "{stderr}");
    assert!(stderr.contains("ZeroDivisionError"), "{stderr}");
    assert!(!stderr.contains("cannot write"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Without the error: exit 0, and the report shows every line printed.
    let mut child = spawn_with_closed_stdout(
        &[
            "run",
            p,
            "--arg",
            "100000",
            "--arg",
            "False",
            "--format",
            "json",
            "--report",
            report.to_str().unwrap(),
        ],
        &err,
    );
    let status = wait(&mut child, "run printer | (closed)");
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["end"], "ok");
    // 12 instructions per line printed.
    let instructions = v["threads"][0]["instructions"].as_u64().unwrap();
    assert!(instructions > 100_000 * 9, "{instructions}");
}

#[test]
fn stdout_and_stderr_in_one_pipe_closed_after_a_line() {
    // `gilsim run ... 2>&1 | head -1`
    let dir = TempDir::new("hostile-cli-head");
    let printer = dir.write("printer.pyasm", PRINTER);
    let (reader, writer) = std::io::pipe().unwrap();
    let mut cmd = gilsim();
    cmd.args([
        "run",
        printer.to_str().unwrap(),
        "--arg",
        "100000",
        "--arg",
        "True",
    ])
    .stdout(writer.try_clone().unwrap())
    .stderr(writer);
    let mut child = cmd.spawn().expect("gilsim starts");
    drop(cmd); // the parent's copies of the writing end
    let mut first = String::new();
    std::io::BufReader::new(reader)
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "line 100000\n");
    // The reader is gone now; 1 MB of lines follow, then the traceback
    // and the report, all into a closed pipe.
    let status = wait(&mut child, "run printer 2>&1 | head -1");
    assert_eq!(status.code(), Some(70));
}

#[test]
fn a_full_stdout_is_exit_74_with_a_message() {
    if dev_full().is_none() {
        eprintln!("no /dev/full here: skipped");
        return;
    }
    let dir = TempDir::new("hostile-cli-full");
    let full = |args: &[&str]| -> (Option<i32>, String) {
        let err = dir.path("err");
        let mut child = gilsim()
            .args(args)
            .stdout(dev_full().unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .unwrap();
        let status = wait(&mut child, &args.join(" "));
        (status.code(), std::fs::read_to_string(&err).unwrap())
    };
    let msg = "gilsim: cannot write to standard output: ";
    for args in [
        &["dis", "programs/fib.pyasm"][..],
        &["check", "programs/fib.pyasm", "programs/convoy.pyasm"],
        &["run", "programs/fib.pyasm", "--arg", "10"],
        &["--help"],
        &["--version"],
    ] {
        let (code, stderr) = full(args);
        assert_eq!(code, Some(74), "{args:?}: {stderr}");
        assert_eq!(stderr.matches(msg).count(), 1, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // The run still reports on stderr.
    let (_, stderr) = full(&["run", "programs/fib.pyasm", "--arg", "10"]);
    assert!(stderr.contains("mode gil"), "{stderr}");
    // A runtime error's 70 and a timeout's 124 come before 74.
    let (code, stderr) = full(&["run", "tests/golden/zero_division.pyasm"]);
    assert_eq!(code, Some(70), "{stderr}");
    assert!(
        stderr.contains("ZeroDivisionError") && stderr.contains(msg),
        "{stderr}"
    );
    let printer = dir.write("printer.pyasm", PRINTER);
    let (code, stderr) = full(&[
        "run",
        printer.to_str().unwrap(),
        "--arg",
        "1000000000000",
        "--arg",
        "False",
        "--engine",
        "virtual",
        "--timeout",
        "1ms",
    ]);
    assert_eq!(code, Some(124), "{stderr}");
    assert!(stderr.contains(msg), "{stderr}");
    // An error of the command itself keeps its code.
    let (code, stderr) = full(&["check", "programs/fib.pyasm", "no/such.pyasm"]);
    assert_eq!(code, Some(66), "{stderr}");
}

#[test]
fn a_full_stderr_changes_no_exit_code() {
    if dev_full().is_none() {
        eprintln!("no /dev/full here: skipped");
        return;
    }
    let dir = TempDir::new("hostile-cli-full-err");
    let cases: [(&[&str], i32); 5] = [
        (&["run", "tests/golden/zero_division.pyasm"], 70),
        (&["run", "programs/fib.pyasm", "--arg", "5"], 0),
        (&["run", "programs/fib.pyasm"], 64),
        (&["run", "no/such.pyasm"], 66),
        (&["run", "programs/fib.pyasm", "--threads", "x"], 2),
    ];
    for (args, expected) in cases {
        let out = dir.path("out");
        let mut child = gilsim()
            .args(args)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(dev_full().unwrap())
            .spawn()
            .unwrap();
        let status = wait(&mut child, &args.join(" "));
        assert_eq!(status.code(), Some(expected), "{args:?}");
        if expected == 70 {
            // Program output is unharmed.
            assert_eq!(std::fs::read_to_string(&out).unwrap(), "before\n");
        }
    }
}
