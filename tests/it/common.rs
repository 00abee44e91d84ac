use gilsim::asm::assemble;
use gilsim::bytecode::Program;
use gilsim::engine::{Mode, RunConfig};
use gilsim::metrics::RunReport;
use gilsim::vm::{Capture, Globals, Interp, Outcome, Value};
use std::io::Read;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Assembles `src`, panicking with the rendered diagnostics on failure.
pub fn program(src: &str) -> Arc<Program> {
    match assemble("test.pyasm", src) {
        Ok(p) => Arc::new(p),
        Err(d) => panic!("assembly failed:\n{d}"),
    }
}

/// The outcome of running a program: printed lines, stderr lines, and the
/// report (or the setup error).
pub struct Ran {
    pub lines: Vec<String>,
    pub errors: Vec<String>,
    pub report: Result<RunReport, gilsim::Error>,
}

impl Ran {
    /// The report, which must exist.
    pub fn report(&self) -> &RunReport {
        self.report.as_ref().expect("the run started")
    }
}

/// Runs a program with a configuration, capturing output.
pub fn run_cfg(p: Arc<Program>, cfg: &RunConfig) -> Ran {
    let out = Arc::new(Capture::default());
    let err = Arc::new(Capture::default());
    let report = gilsim::engine::run(p, cfg, out.clone(), err.clone()).map(|o| o.report);
    Ran {
        lines: out.lines(),
        errors: err.lines(),
        report,
    }
}

/// Runs `main(args)` on one thread in gil mode.
pub fn run_with(p: Arc<Program>, args: Vec<Value>) -> Ran {
    run_cfg(
        p,
        &RunConfig {
            args,
            ..RunConfig::default()
        },
    )
}

/// Runs `main(args)` on `threads` harness threads in `mode`.
pub fn run_mode(p: Arc<Program>, args: Vec<Value>, threads: u32, mode: Mode) -> Ran {
    run_cfg(
        p,
        &RunConfig {
            args,
            threads,
            mode,
            ..RunConfig::default()
        },
    )
}

/// Assembles and runs `main()` of `src`.
pub fn run(src: &str) -> Ran {
    run_with(program(src), vec![])
}

/// The first runtime error message of a run (`Kind: message`).
pub fn first_error(r: &Ran) -> String {
    let rep = r.report();
    rep.errors.first().cloned().unwrap_or_default()
}

/// The error message of a failed assembly of `src`.
pub fn asm_error(src: &str) -> String {
    match assemble("bad.pyasm", src) {
        Ok(_) => panic!("expected an assembly error for:\n{src}"),
        Err(d) => d.to_string(),
    }
}

/// Path of a file in the repository.
pub fn repo_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Reads and assembles a sample from programs/.
pub fn sample(name: &str) -> Arc<Program> {
    let path = repo_path(&format!("programs/{name}"));
    let src = std::fs::read_to_string(&path).unwrap();
    Arc::new(assemble(&path.display().to_string(), &src).unwrap_or_else(|d| panic!("{d}")))
}

// ---------------------------------------------------------------------------
// Temporary directories.

/// A temporary directory of its own, `gilsim-TAG-PID-N` under the system's
/// temporary directory, removed with everything in it when dropped (even
/// when the test panics). It dereferences to its [`Path`], so
/// `dir.join(name)` works as on a path.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates a fresh, empty directory; `tag` names it for a reader of
    /// the temporary directory. Each call makes a new one, so tests that
    /// run at once never share (or remove) each other's files.
    pub fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("gilsim-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    /// The path of `name` inside the directory (not created).
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes `contents` to `name` inside the directory; returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write temp file");
        p
    }
}

impl Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A path as a command-line argument (test paths are UTF-8).
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

// ---------------------------------------------------------------------------
// Child processes with a deadline.

/// Waits for `child` until `deadline` has passed; then kills and reaps it
/// and returns `None`.
pub fn wait_or_kill(child: &mut Child, deadline: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            return Some(status);
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Waits for `child`; one still running after `deadline` is killed and the
/// test fails with the message `hang()` makes.
pub fn wait_within(
    child: &mut Child,
    deadline: Duration,
    hang: impl FnOnce() -> String,
) -> ExitStatus {
    wait_or_kill(child, deadline).unwrap_or_else(|| panic!("{}", hang()))
}

/// Runs `cmd` to its end with stdout and stderr piped and drained on
/// threads (so a long output can never block it), killing it after
/// `deadline` as [`wait_within`] does.
pub fn output_within(
    cmd: &mut Command,
    deadline: Duration,
    hang: impl FnOnce() -> String,
) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?} does not start: {e}"));
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = wait_within(&mut child, deadline, hang);
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A `gilsim` command run from the crate's directory with no standard input.
pub fn gilsim_cmd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gilsim"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null());
    c
}

/// Runs `gilsim ARGS` from the crate's directory; one still running after
/// `deadline` is killed and the test fails.
pub fn gilsim_within(args: &[&str], deadline: Duration) -> Out {
    let o = output_within(gilsim_cmd().args(args), deadline, || {
        format!("gilsim {args:?} still running after {deadline:?}: killed")
    });
    Out::from(o)
}

/// What a finished child left behind: its exit code (None after a signal)
/// and its output, decoded lossily.
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Out {
    fn from(o: Output) -> Out {
        Out {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Out {
    /// Exit code, stdout and stderr, for a failure message.
    pub fn show(&self) -> String {
        self.show_cut(usize::MAX)
    }

    /// [`Out::show`] with each stream cut to its first `chars` characters.
    pub fn show_cut(&self, chars: usize) -> String {
        let cut = |s: &str| s.chars().take(chars).collect::<String>();
        format!(
            "exit {:?}\n--- stdout\n{}--- stderr\n{}",
            self.code,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

/// Asserts that a run of `what` did not panic and ended (not by a signal)
/// with an exit code in `codes`; returns the code.
pub fn assert_sane(o: &Out, codes: &[i32], what: &str) -> i32 {
    assert!(
        !o.stderr.contains("panicked"),
        "`{what}` panicked:\n{}",
        o.show_cut(3000)
    );
    let code = o
        .code
        .unwrap_or_else(|| panic!("`{what}` died of a signal\n{}", o.show_cut(3000)));
    assert!(
        codes.contains(&code),
        "`{what}`: exit code {code} not in README's list {codes:?}\n{}",
        o.show_cut(3000)
    );
    code
}

/// Whether `python3` is installed and runs.
pub fn python3() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs function `entry` of `p` with `args` on a bare interpreter (no
/// engine, recursion limit 50) for at most 20 slices of 500 instructions;
/// the first request for the engine (a wait, a thread, an error, the end)
/// stops it, as does an interpreter that cannot start. For "never
/// crashes" tests: nothing about the run is returned.
pub fn run_slices(p: Arc<Program>, entry: u32, args: Vec<Value>) {
    let globals = Arc::new(Globals::new(&p));
    let Ok(mut t) = Interp::new(p, globals, Arc::new(Capture::default()), entry, args, 50) else {
        return;
    };
    let breaker = AtomicBool::new(false);
    for _ in 0..20 {
        match t.run_slice(&breaker, 500) {
            Ok(Outcome::Interrupted) => continue,
            // Requests are the engine's to serve; the VM's part is done.
            _ => break,
        }
    }
}
