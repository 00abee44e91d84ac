//! Malformed `.pyasm` input: every case must be reported as
//! `bad.pyasm:LINE:COL: error: MESSAGE`, with the offending line and a
//! caret, and never panic. Each row: source, expected `LINE:COL`, and a
//! fragment of the message.

use crate::common::asm_error;

const CASES: &[(&str, &str, &str)] = &[
    // Opcodes and operands.
    (".func main()\n    LOAD_FOO 1\n.end", "2:5", "unknown opcode 'LOAD_FOO'"),
    (".func main()\n    load_const 1\n.end", "2:5", "did you mean LOAD_CONST?"),
    (".func main()\n    LOAD_CONST\n.end", "2:5", "LOAD_CONST takes 1 operand (a constant), got 0"),
    (".func main()\n    LOAD_CONST 1 2\n    RETURN_VALUE\n.end", "2:18", "takes 1 operand"),
    (".func main()\n    RETURN_VALUE 1\n.end", "2:18", "RETURN_VALUE takes no operand, got 1"),
    (".func main()\n    LOAD_CONST foo\n.end", "2:16", "expected a constant"),
    (".func main()\n    LOAD_FAST 3\n.end", "2:15", "expected a local name, found integer 3"),
    (".func main()\n    LOAD_FAST x\n    RETURN_VALUE\n.end", "2:15", "local 'x' is never assigned in 'main'"),
    (".func main()\n    LOAD_GLOBAL g\n    RETURN_VALUE\n.end", "2:17", "undefined global 'g'"),
    (".func main()\n    CALL nope 0\n    RETURN_VALUE\n.end", "2:10", "undefined function 'nope'"),
    (".func main()\n    CALL main\n.end", "2:5", "CALL takes 2 operands"),
    (".func main()\n    CALL main -1\n.end", "2:15", "count -1 out of range"),
    (".func main()\n    COPY x\n.end", "2:10", "expected a count, found 'x'"),
    (".func main()\n    PRINT 99999999999\n.end", "2:11", "out of range"),
    (".func main()\n    BINARY_OP +++\n.end", "2:15", "unknown BINARY_OP operator '+++'"),
    (".func main()\n    BINARY_OP <\n.end", "2:15", "unknown BINARY_OP operator '<'"),
    (".func main()\n    COMPARE_OP =<\n.end", "2:16", "unknown COMPARE_OP operator '=<'"),
    (".func main()\n    JUMP_FORWARD nowhere\n.end", "2:18", "undefined label 'nowhere'"),
    (".func main()\nx:\nx:\n    LOAD_CONST 1\n    RETURN_VALUE\n.end", "3:1", "label 'x' is defined twice"),
    (".func main()\n    42\n.end", "2:5", "expected an opcode, found integer 42"),
    // Constants and literals.
    (".func main()\n    LOAD_CONST 99999999999999999999\n.end", "2:16", "does not fit in 64 bits"),
    (".func main()\n    LOAD_CONST 1e999\n.end", "2:16", "out of range"),
    (".func main()\n    LOAD_CONST 12abc\n.end", "2:16", "invalid number literal '12abc'"),
    (".func main()\n    LOAD_CONST 007\n.end", "2:16", "leading zeros"),
    (".func main()\n    LOAD_CONST \"abc\n.end", "2:16", "unterminated string"),
    (".func main()\n    LOAD_CONST \"a\\qb\"\n.end", "2:18", "unknown escape '\\q'"),
    (".func main()\n    LOAD_CONST \"\\x4\"\n.end", "2:17", "\\x needs two hex digits"),
    (".func main()\n    LOAD_CONST \"\\u{110000}\"\n.end", "2:17", "invalid unicode escape"),
    (".func main()\n    LOAD_CONST 'a'\n.end", "2:16", "strings use double quotes"),
    (".func main()\n    LOAD_CONST 1 @\n.end", "2:18", "unexpected character '@'"),
    // Structure: functions, globals, directives.
    ("LOAD_CONST 1", "1:1", "instruction outside a function"),
    ("x:", "1:1", "label outside a function"),
    (".func main()\n    LOAD_CONST 1\n    RETURN_VALUE", "1:1", "function 'main' has no closing .end"),
    (".end", "1:1", ".end without a matching .func"),
    (".func a()\n.func b()\n.end", "2:1", ".func inside function 'a' (missing .end)"),
    (".func main(\n.end", "1:11", "expected .func NAME(PARAM, ...)"),
    (".func main(a, a)\n    LOAD_CONST 1\n    RETURN_VALUE\n.end", "1:15", "duplicate parameter 'a'"),
    (".func f()\n    LOAD_CONST 1\n    RETURN_VALUE\n.end\n.func f()\n    LOAD_CONST 1\n    RETURN_VALUE\n.end", "5:1", "function 'f' is defined twice"),
    (".global g = 1\n.global g = 2", "2:9", "global 'g' is declared twice"),
    (".global g", "1:9", "expected .global NAME = CONSTANT"),
    (".global g = x", "1:13", "expected a constant, found 'x'"),
    (".global g = 1 2", "1:15", "unexpected integer 2 after the constant"),
    (".func main()\n.global g = 1\n.end", "2:1", ".global inside a function"),
    (".fnuc main()", "1:1", "unknown directive '.fnuc'"),
    (".end extra", "1:6", "unexpected 'extra' after .end"),
    // Verification failures also carry positions.
    (".func main()\n    POP_TOP\n    LOAD_CONST 1\n    RETURN_VALUE\n.end", "2:5", "stack underflow: POP_TOP needs 1 value but the stack holds 0"),
    (".func main()\n    LOAD_CONST 1\n.end", "2:5", "can run past the end of 'main' without RETURN_VALUE"),
    (".func main()\n.end", "1:1", "has no instructions"),
    (".func f(a)\n    LOAD_FAST a\n    RETURN_VALUE\n.end\n.func main()\n    CALL f 2\n    RETURN_VALUE\n.end", "6:5", "CALL passes 2 arguments but 'f' takes 1"),
    (".func main()\nback:\n    LOAD_CONST 1\n    JUMP_FORWARD back\n.end", "4:5", "JUMP_FORWARD must jump to a later instruction"),
    (".func main()\n    JUMP_BACKWARD end\nend:\n    LOAD_CONST 1\n    RETURN_VALUE\n.end", "2:5", "JUMP_BACKWARD must jump to an earlier instruction"),
    (".func main()\n    COPY 0\n.end", "2:5", "COPY needs 1 <= n"),
    (".func main()\n    SWAP 1\n.end", "2:5", "SWAP needs 2 <= n"),
];

#[test]
fn every_malformed_input_reports_message_and_position() {
    assert!(CASES.len() >= 30);
    let mut failures = Vec::new();
    for (src, pos, fragment) in CASES {
        let msg = asm_error(src);
        let first = msg.lines().next().unwrap_or("");
        let want_prefix = format!("bad.pyasm:{pos}: error: ");
        if !first.starts_with(&want_prefix) || !first.contains(fragment) {
            failures.push(format!(
                "{src:?}\n  got:  {first}\n  want: {want_prefix}...{fragment}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn errors_quote_the_line_with_a_caret_under_the_token() {
    let msg = asm_error(".func main()\n    LOAD_FAST 3\n.end");
    let lines: Vec<&str> = msg.lines().collect();
    assert_eq!(lines[1], "2 |     LOAD_FAST 3");
    assert_eq!(lines[2], "  |               ^");
}

#[test]
fn several_errors_are_reported_at_once_in_source_order() {
    let msg = asm_error(
        ".func main()\n    LOAD_FOO\n    LOAD_CONST \"x\n    BINARY_OP ?\n    RETURN_VALUE\n.end",
    );
    let heads: Vec<&str> = msg
        .lines()
        .filter(|l| l.starts_with("bad.pyasm:"))
        .collect();
    assert_eq!(heads.len(), 3, "{msg}");
    assert!(heads[0].starts_with("bad.pyasm:2:5:"));
    assert!(heads[1].starts_with("bad.pyasm:3:16:"));
    assert!(heads[2].starts_with("bad.pyasm:4:5:") || heads[2].starts_with("bad.pyasm:4:15:"));
    assert!(msg.ends_with("3 errors"));
}

#[test]
fn non_utf8_input_is_located() {
    let err =
        gilsim::asm::assemble_bytes("bin.pyasm", b".func main()\n    LOAD_CONST \"\xff\"\n.end")
            .unwrap_err();
    let first = err.to_string();
    assert!(
        first.starts_with("bin.pyasm:2:17: error: file is not valid UTF-8"),
        "{first}"
    );
}
