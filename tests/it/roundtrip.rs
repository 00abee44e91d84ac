//! `gilsim dis` output assembles back to the same program, and `dis` of
//! that is identical text: for every sample and golden program, and for
//! randomly generated programs.

use crate::common::repo_path;
use gilsim::asm::assemble;
use gilsim::bytecode::disasm::disassemble;
use proptest::prelude::*;

fn round_trip(name: &str, src: &str) {
    let p = assemble(name, src).unwrap_or_else(|d| panic!("{d}"));
    let text = disassemble(&p);
    let q = assemble("dis.pyasm", &text)
        .unwrap_or_else(|d| panic!("dis output does not assemble:\n{d}\n{text}"));
    assert!(
        p.same_code(&q),
        "{name}: dis output is a different program:\n{text}"
    );
    assert_eq!(disassemble(&q), text, "{name}: dis of dis differs");
}

#[test]
fn every_repository_program_round_trips() {
    let mut n = 0;
    for dir in ["programs", "tests/golden"] {
        for e in std::fs::read_dir(repo_path(dir)).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "pyasm") {
                round_trip(
                    &path.display().to_string(),
                    &std::fs::read_to_string(&path).unwrap(),
                );
                n += 1;
            }
        }
    }
    assert!(n >= 13);
}

/// A constant literal: ints over the whole range, finite floats, strings
/// with characters that need escaping, and the keywords.
fn constant() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        "[ -~\\n\\t\"\\\\é\u{1}]{0,12}".prop_map(|s| gilsim::vm::value::quote_str(&s)),
        Just("True".to_string()),
        Just("False".to_string()),
        Just("None".to_string()),
    ]
}

/// Straight-line code that keeps the stack depth valid, with a forward
/// conditional jump to the end, ending in RETURN_VALUE.
fn program() -> impl Strategy<Value = String> {
    let step = prop_oneof![
        constant().prop_map(|c| (format!("LOAD_CONST {c}"), 0i32, 1i32)),
        Just(("LOAD_FAST a".to_string(), 0, 1)),
        Just(("LOAD_GLOBAL g".to_string(), 0, 1)),
        Just(("STORE_FAST v".to_string(), 1, 0)),
        Just(("STORE_GLOBAL g".to_string(), 1, 0)),
        Just(("POP_TOP".to_string(), 1, 0)),
        Just(("COPY 1".to_string(), 1, 2)),
        Just(("SWAP 2".to_string(), 2, 2)),
        proptest::sample::select(gilsim::bytecode::BinOp::ALL.to_vec()).prop_map(|o| (
            format!("BINARY_OP {o}"),
            2,
            1
        )),
        proptest::sample::select(gilsim::bytecode::CmpOp::ALL.to_vec()).prop_map(|o| (
            format!("COMPARE_OP {o}"),
            2,
            1
        )),
        Just(("UNARY_NOT".to_string(), 1, 1)),
        Just(("UNARY_NEGATIVE".to_string(), 1, 1)),
        Just(("CALL helper 1".to_string(), 1, 1)),
        Just(("PRINT 2".to_string(), 2, 0)),
    ];
    (proptest::collection::vec(step, 0..40), constant()).prop_map(|(steps, g)| {
        let mut body = vec!["    LOAD_CONST 0".to_string(), "    STORE_FAST v".to_string()];
        let mut depth = 0;
        for (text, pops, pushes) in steps {
            if depth >= pops {
                body.push(format!("    {text}"));
                depth += pushes - pops;
            }
        }
        for _ in 0..depth {
            body.push("    POP_TOP".to_string());
        }
        format!(
            ".global g = {g}\n.func helper(x)\n    LOAD_FAST x\n    RETURN_VALUE\n.end\n.func main(a)\n{}\n    LOAD_FAST a\n    POP_JUMP_IF_FALSE end\n    LOAD_FAST v\n    PRINT 1\nend:\n    LOAD_FAST v\n    RETURN_VALUE\n.end\n",
            body.join("\n")
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_programs_round_trip(src in program()) {
        round_trip("random.pyasm", &src);
    }
}
