//! Whatever the input, the assembler and verifier return errors as data
//! and never panic; and a program that passes the verifier never crashes
//! the VM (its hot loop skips checks on the verifier's word).

use crate::common::run_slices;
use gilsim::asm::{assemble, assemble_bytes};
use proptest::prelude::*;
use std::sync::Arc;

/// Lines from which random programs are built: valid and invalid pieces,
/// so that many inputs get past the parser into the verifier and the VM.
const LINES: &[&str] = &[
    ".func main()",
    ".func f(x)",
    ".func g(x, y)",
    ".end",
    ".global n = 0",
    ".global s = \"a\"",
    "top:",
    "mid:",
    "end:",
    "LOAD_CONST 1",
    "LOAD_CONST 0",
    "LOAD_CONST -3",
    "LOAD_CONST 2.5",
    "LOAD_CONST \"ab\"",
    "LOAD_CONST None",
    "LOAD_CONST True",
    "LOAD_FAST x",
    "LOAD_FAST y",
    "STORE_FAST x",
    "STORE_FAST y",
    "LOAD_GLOBAL n",
    "STORE_GLOBAL n",
    "LOAD_GLOBAL s",
    "POP_TOP",
    "COPY 1",
    "COPY 2",
    "SWAP 2",
    "SWAP 3",
    "BINARY_OP +",
    "BINARY_OP //",
    "BINARY_OP %",
    "BINARY_OP **",
    "BINARY_OP <<",
    "BINARY_OP *",
    "COMPARE_OP <",
    "COMPARE_OP ==",
    "UNARY_NOT",
    "UNARY_NEGATIVE",
    "JUMP_FORWARD end",
    "JUMP_FORWARD mid",
    "JUMP_BACKWARD top",
    "JUMP_BACKWARD mid",
    "POP_JUMP_IF_FALSE end",
    "POP_JUMP_IF_TRUE top",
    "POP_JUMP_IF_FALSE mid",
    "CALL f 1",
    "CALL g 2",
    "CALL main 0",
    "RETURN_VALUE",
    "PRINT 1",
    "PRINT 0",
    "PRINT 2",
];

/// Runs `main` of a verified program for a bounded number of slices.
fn run_bounded(p: gilsim::bytecode::Program) {
    let p = Arc::new(p);
    let Some(entry) = p.function_index("main") else {
        return;
    };
    if !p.functions()[entry as usize].local_names.is_empty()
        && p.functions()[entry as usize].nparams != 0
    {
        return;
    }
    run_slices(p, entry, vec![]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = assemble_bytes("fuzz.pyasm", &bytes);
    }

    #[test]
    fn random_text_never_panics(s in "[ -~\\t\\n]{0,300}") {
        let _ = assemble("fuzz.pyasm", &s);
    }

    #[test]
    fn random_line_soup_never_crashes_assembler_verifier_or_vm(
        picks in proptest::collection::vec(proptest::sample::select(LINES), 0..60)
    ) {
        if let Ok(p) = assemble("soup.pyasm", &picks.join("\n")) {
            run_bounded(p);
        }
    }
}

#[test]
fn empty_and_huge_inputs_are_handled() {
    // Empty: a valid program with no functions (running it is a usage error).
    assert!(assemble("empty.pyasm", "").unwrap().functions().is_empty());
    // Huge: a 20,000-instruction function with deep nesting of stack values.
    let mut src = String::from(".func main()\n");
    for _ in 0..10_000 {
        src.push_str("    LOAD_CONST 1\n");
    }
    for _ in 0..9_999 {
        src.push_str("    BINARY_OP +\n");
    }
    src.push_str("    RETURN_VALUE\n.end\n");
    let p = assemble("huge.pyasm", &src).unwrap();
    assert_eq!(p.functions()[0].max_stack(), 10_000);
    let ran = crate::common::run_with(Arc::new(p), vec![]);
    assert_eq!(ran.report().threads[0].returned.as_deref(), Some("10000"));
    // A very long line and a huge literal are errors, not crashes.
    let long = format!(".func main()\n    LOAD_CONST {}\n.end", "9".repeat(100_000));
    assert!(assemble("long.pyasm", &long)
        .unwrap_err()
        .to_string()
        .contains("does not fit in 64 bits"));
}

#[test]
fn huge_string_repeat_is_a_memory_error_not_an_abort() {
    let ran = crate::common::run(".func main()\n    LOAD_CONST \"ab\"\n    LOAD_CONST 9000000000000000000\n    BINARY_OP *\n    RETURN_VALUE\n.end");
    assert_eq!(
        crate::common::first_error(&ran),
        "main-0: MemoryError: string too large"
    );
}
