//! The tutorial's shell blocks run as written: every ```` ```sh ```` block
//! in docs/tutorial/*.md, except one preceded by `<!-- long-running -->`,
//! is run line by line (`sh -c LINE`) from a scratch directory holding
//! `programs/` and `tests/` links to the repository's, with the built
//! `gilsim` first on PATH. Each command must exit 0 within its deadline.

use crate::common::{output_within, TempDir};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// How long one command may run before it is killed.
const DEADLINE: Duration = Duration::from_secs(60);

/// The marker, on the line just before a fence, of a block not to run.
const SKIP: &str = "<!-- long-running -->";

/// One shell command of a page: its 1-based line and text.
#[derive(Debug, PartialEq)]
pub struct ShellCommand {
    /// The line the command starts on.
    pub line: usize,
    /// The command (continuation lines ending in `\` joined).
    pub text: String,
}

/// The commands of the ```` ```sh ```` blocks of a page, in order: each
/// non-empty line not starting with `#`, blocks marked long-running left
/// out.
pub fn shell_commands(text: &str) -> Vec<ShellCommand> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let opening = lines[i].trim();
        let Some(info) = opening.strip_prefix("```") else {
            i += 1;
            continue;
        };
        let run = info.trim() == "sh" && (i == 0 || lines[i - 1].trim() != SKIP);
        i += 1;
        let mut pending: Option<ShellCommand> = None;
        while i < lines.len() && !lines[i].trim_start().starts_with("```") {
            let l = lines[i].trim();
            if run {
                match pending.as_mut() {
                    Some(cmd) => {
                        cmd.text.push(' ');
                        cmd.text.push_str(l);
                    }
                    None if !l.is_empty() && !l.starts_with('#') => {
                        pending = Some(ShellCommand {
                            line: i + 1,
                            text: l.to_string(),
                        })
                    }
                    None => {}
                }
                let continued = pending.as_ref().is_some_and(|c| c.text.ends_with('\\'));
                if continued {
                    let cmd = pending.as_mut().unwrap();
                    cmd.text.pop();
                } else if let Some(cmd) = pending.take() {
                    found.push(cmd);
                }
            }
            i += 1;
        }
        if let Some(cmd) = pending.take() {
            found.push(cmd);
        }
        i += 1;
    }
    found
}

/// A scratch directory with `programs/` and `tests/` linked to the
/// repository's.
fn scratch(repo: &Path) -> TempDir {
    let dir = TempDir::new("docs-sh");
    for name in ["programs", "tests"] {
        std::os::unix::fs::symlink(repo.join(name), dir.join(name))
            .expect("a symlink in the scratch directory");
    }
    dir
}

/// PATH with the directory of the built `gilsim` first.
fn path_with_gilsim() -> String {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_gilsim"));
    let bin = exe.parent().expect("the binary's directory").to_path_buf();
    let rest = std::env::var("PATH").unwrap_or_default();
    format!("{}:{rest}", bin.display())
}

/// Runs every command of `page` (relative to `repo`) in one scratch
/// directory, in order; returns a message for each that failed.
pub fn run_page(repo: &Path, page: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(repo.join(page)).expect("the page can be read");
    let dir = scratch(repo);
    let path = path_with_gilsim();
    let mut failures = Vec::new();
    for cmd in shell_commands(&text) {
        let at = format!("{}:{}: `{}`", page.display(), cmd.line, cmd.text);
        let out = output_within(
            Command::new("sh")
                .arg("-c")
                .arg(&cmd.text)
                .current_dir(&*dir)
                .env("PATH", &path)
                .stdin(Stdio::null()),
            DEADLINE,
            || format!("{at}: still running after {DEADLINE:?}: killed"),
        );
        if !out.status.success() {
            failures.push(format!(
                "{at}: {}\nstderr:\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim_end()
            ));
        }
    }
    failures
}

#[test]
fn every_tutorial_shell_block_runs() {
    let repo = crate::common::repo_path("");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo.join("docs/tutorial"))
        .map(|d| {
            d.flatten()
                .map(|e| PathBuf::from("docs/tutorial").join(e.file_name()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    let failures: Vec<String> = pages.iter().flat_map(|p| run_page(&repo, p)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn shell_blocks_are_found_and_marked_ones_skipped() {
    let page = "intro\n```sh\n# a comment\ngilsim run a.py\n\ngilsim run \\\n  b.py\n```\n\
                <!-- long-running -->\n```sh\ngilsim report\n```\n```text\nnot run\n```\n\
                ```sh\ncat missing\n```\n";
    let cmds = shell_commands(page);
    let got: Vec<(usize, &str)> = cmds.iter().map(|c| (c.line, c.text.as_str())).collect();
    assert_eq!(
        got,
        [
            (4, "gilsim run a.py"),
            (6, "gilsim run  b.py"),
            (17, "cat missing")
        ]
    );
}

#[test]
fn a_failing_command_is_reported_with_its_line_and_stderr() {
    let repo = crate::common::repo_path("");
    let dir = TempDir::new("docs-sh-page");
    dir.write(
        "page.md",
        "```sh\ngilsim --version\nls programs/learn > /dev/null\ngilsim run nowhere.py\n```\n",
    );
    // The page lives outside the repository: pass its absolute path.
    let failures = run_page(&repo, &dir.join("page.md"));
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].contains("page.md:4: `gilsim run nowhere.py`"),
        "{failures:#?}"
    );
    assert!(failures[0].contains("nowhere.py"), "{failures:#?}");
}
