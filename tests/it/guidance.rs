//! Help and errors that lead somewhere: every command's `--help` that takes
//! a program names `.py`, unsupported constructs and modules say what to
//! use instead and link the Python reference, a missing attribute of one
//! of gilsim's partial modules gets a note, and `gilsim policies` lists
//! the registry.

use crate::common::{gilsim_within, Out, TempDir};
use std::time::Duration;

fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, Duration::from_secs(60))
}

#[test]
fn help_of_every_command_that_takes_a_program_names_py() {
    for cmd in [
        &["run", "--help"][..],
        &["dis", "--help"],
        &["check", "--help"],
        &["sweep", "--help"],
    ] {
        let o = gilsim(cmd);
        assert_eq!(o.code, Some(0), "{cmd:?}");
        assert!(
            o.stdout.contains(".py "),
            "{cmd:?} does not name .py files:\n{}",
            o.stdout
        );
    }
    let top = gilsim(&["--help"]).stdout;
    assert!(top.contains(".py"), "{top}");
    assert!(
        top.contains("docs/"),
        "the top help points to the docs:\n{top}"
    );
}

#[test]
fn unsupported_constructs_and_modules_say_what_to_use_and_where_to_read() {
    let dir = TempDir::new("guidance");
    for (src, advice) in [
        ("match 1:\n    case 1:\n        pass\n", "if/elif"),
        ("import requests\n", "time.sleep"),
        ("import subprocess\n", "--mode process"),
        ("import trio\n", "asyncio"),
    ] {
        let f = dir.write("p.py", src);
        let o = gilsim(&["run", f.to_str().unwrap()]);
        assert_eq!(o.code, Some(65), "{src}: {}", o.stderr);
        assert!(
            o.stderr
                .contains("p.py:1:1: error: not supported by gilsim"),
            "{}",
            o.stderr
        );
        assert!(
            o.stderr.contains(advice),
            "{src}: no '{advice}' in {}",
            o.stderr
        );
        assert!(
            o.stderr.contains("docs/reference/python.md"),
            "{}",
            o.stderr
        );
    }
    // The page named exists.
    assert!(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/reference/python.md")
        .is_file());
}

#[test]
fn a_missing_attribute_of_a_partial_module_gets_a_note_after_the_traceback() {
    let dir = TempDir::new("guidance");
    let f = dir.write("fork.py", "import os\nos.fork()\n");
    let o = gilsim(&["run", f.to_str().unwrap()]);
    assert_eq!(o.code, Some(70), "{}", o.stderr);
    let tb = o
        .stderr
        .find("AttributeError: module 'os' has no attribute 'fork'")
        .expect("CPython's message");
    let note = o.stderr.find("note: gilsim's os module").expect("a note");
    assert!(note > tb, "the note follows the traceback:\n{}", o.stderr);
    assert!(o.stderr.contains("multiprocessing.Process"), "{}", o.stderr);
    // Any other AttributeError gets no such note.
    let f = dir.write("own.py", "x = 1\nx.y\n");
    let o = gilsim(&["run", f.to_str().unwrap()]);
    assert_eq!(o.code, Some(70), "{}", o.stderr);
    assert!(!o.stderr.contains("note: gilsim's"), "{}", o.stderr);
}

#[test]
fn policies_lists_every_policy_with_its_parameters() {
    let o = gilsim(&["policies"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    for p in [
        "newgil",
        "ticks",
        "fifo",
        "io-priority",
        "fair-share",
        "gvl",
        "masterlock",
    ] {
        assert!(o.stdout.contains(p), "no {p} in:\n{}", o.stdout);
    }
    assert!(o.stdout.contains("boost=DURATION"), "{}", o.stdout);
}
