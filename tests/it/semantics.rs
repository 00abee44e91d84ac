//! Operator semantics against Python's rules: a fixed table of cases whose
//! expected answers were taken from CPython 3.11, and a differential test
//! that asks python3 itself about thousands of operand/operator pairs.

use gilsim::bytecode::{BinOp, CmpOp};
use gilsim::vm::ops::{binary, compare, negative};
use gilsim::vm::{TrapKind, Value};

/// `type:str(value)` for a result, `E:ExceptionName` for an error: the
/// same shape the python side prints.
fn show(r: Result<Value, TrapKind>) -> String {
    match r {
        Ok(v) => format!("{}:{}", v.type_name(), v),
        Err(k) => format!("E:{}", k.to_string().split(':').next().unwrap_or("")),
    }
}

fn bin(a: Value, op: &str, b: Value) -> String {
    show(binary(BinOp::from_symbol(op).unwrap(), &a, &b))
}

#[test]
fn table_of_python_answers() {
    use Value::*;
    let s = Value::str;
    let cases: Vec<(String, &str)> = vec![
        (bin(Int(-7), "//", Int(2)), "int:-4"),
        (bin(Int(-7), "%", Int(2)), "int:1"),
        (bin(Int(7), "%", Int(-2)), "int:-1"),
        (bin(Int(7), "/", Int(2)), "float:3.5"),
        (bin(Int(4), "/", Int(2)), "float:2.0"),
        (bin(Float(-7.5), "//", Int(2)), "float:-4.0"),
        (bin(Float(-7.5), "%", Int(2)), "float:0.5"),
        (bin(Int(2), "**", Int(-1)), "float:0.5"),
        (bin(Int(1), "/", Int(0)), "E:ZeroDivisionError"),
        (bin(Float(1.0), "%", Int(0)), "E:ZeroDivisionError"),
        (bin(Int(0), "**", Int(-1)), "E:ZeroDivisionError"),
        (bin(Int(1), "<<", Int(-1)), "E:ValueError"),
        (bin(Float(2.0), "**", Int(10000)), "E:OverflowError"),
        (bin(Bool(true), "+", Bool(true)), "int:2"),
        (bin(Bool(true), "&", Bool(false)), "bool:False"),
        (bin(Bool(true), "|", Int(2)), "int:3"),
        (bin(s("ab"), "*", Int(3)), "str:ababab"),
        (bin(Int(3), "*", s("ab")), "str:ababab"),
        (bin(s("ab"), "*", Int(-1)), "str:"),
        (bin(s("a"), "+", Int(1)), "E:TypeError"),
        (bin(None, "+", None), "E:TypeError"),
        (bin(Int(i64::MAX), "+", Int(1)), "E:OverflowError"),
        (show(negative(&Bool(true))), "int:-1"),
        (
            show(compare(CmpOp::Lt, &Int(1), &s("a")).map(Bool)),
            "E:TypeError",
        ),
        (
            show(compare(CmpOp::Eq, &Int(1), &s("1")).map(Bool)),
            "bool:False",
        ),
        (
            show(compare(CmpOp::Eq, &None, &None).map(Bool)),
            "bool:True",
        ),
        (
            show(compare(CmpOp::Lt, &None, &None).map(Bool)),
            "E:TypeError",
        ),
        (
            show(compare(CmpOp::Eq, &Int(1), &Float(1.0)).map(Bool)),
            "bool:True",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}

fn operands() -> Vec<(Value, &'static str)> {
    use Value::*;
    vec![
        (Int(0), "0"),
        (Int(1), "1"),
        (Int(-1), "-1"),
        (Int(2), "2"),
        (Int(7), "7"),
        (Int(-7), "-7"),
        (Int(100), "100"),
        (Int(1 << 62), "2**62"),
        (Int(i64::MIN), "-(2**63)"),
        (Int(i64::MAX), "2**63-1"),
        (Float(0.0), "0.0"),
        (Float(-0.0), "-0.0"),
        (Float(1.5), "1.5"),
        (Float(-7.5), "-7.5"),
        (Float(2.0), "2.0"),
        (Float(0.1), "0.1"),
        (Float(1e300), "1e300"),
        (Float(-1e-300), "-1e-300"),
        (Bool(true), "True"),
        (Bool(false), "False"),
        (Value::str(""), "''"),
        (Value::str("ab"), "'ab'"),
        (None, "None"),
    ]
}

/// Cases python3 cannot answer the way a 64-bit VM can be compared with:
/// exponentiations whose exact int result is astronomically large, and
/// true division of ints beyond 2**53 (CPython divides those exactly;
/// gilsim converts to float first, a documented difference).
fn skip(a: &Value, op: &str, b: &Value) -> bool {
    let big = |v: &Value| matches!(v, Value::Int(i) if i.unsigned_abs() > 1 << 53);
    let small_base = |v: &Value| matches!(v, Value::Int(-1..=1) | Value::Bool(_));
    (op == "**" && !small_base(a) && matches!(b, Value::Int(i) if *i > 1000))
        || (op == "/" && (big(a) || big(b)))
        || (op == "*"
            && matches!((a, b), (Value::Str(_), Value::Int(i)) | (Value::Int(i), Value::Str(_)) if *i > 1000))
}

#[test]
fn differential_against_cpython() {
    let Ok(probe) = std::process::Command::new("python3")
        .arg("--version")
        .output()
    else {
        eprintln!("skipped: python3 not found; the fixed table above still runs");
        return;
    };
    assert!(probe.status.success());
    let ops: Vec<&str> = BinOp::ALL
        .iter()
        .map(|o| o.symbol())
        .chain(CmpOp::ALL.iter().map(|o| o.symbol()))
        .collect();
    let mut py = String::from(
        "def show(f):\n    try:\n        r = f()\n    except Exception as e:\n        return 'E:' + type(e).__name__\n    if type(r) is int and not -2**63 <= r < 2**63:\n        return 'BIG'\n    if type(r) is complex:\n        return 'complex'\n    return type(r).__name__ + ':' + str(r)\n",
    );
    let mut ours = Vec::new();
    let ops_vals = operands();
    for (a, asrc) in &ops_vals {
        for (b, bsrc) in &ops_vals {
            for op in &ops {
                if skip(a, op, b) {
                    continue;
                }
                py.push_str(&format!("print(show(lambda: ({asrc}) {op} ({bsrc})))\n"));
                let r = match (BinOp::from_symbol(op), CmpOp::from_symbol(op)) {
                    (Some(o), _) => binary(o, a, b),
                    (None, Some(c)) => compare(c, a, b).map(Value::Bool),
                    (None, None) => unreachable!("{op} is an operator"),
                };
                ours.push((format!("{asrc} {op} {bsrc}"), show(r)));
            }
        }
    }
    let out = {
        use std::io::Write;
        let mut child = std::process::Command::new("python3")
            .arg("-")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("python3 starts");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(py.as_bytes())
            .unwrap();
        child.wait_with_output().expect("python3 runs")
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(theirs.len(), ours.len());
    let mut mismatches = Vec::new();
    for ((expr, mine), python) in ours.iter().zip(&theirs) {
        let expected = match python.as_str() {
            "BIG" => "E:OverflowError", // 64-bit ints: gilsim reports what Python would grow
            "complex" => "E:ValueError", // no complex numbers in gilsim
            // CPython tries to build the shifted int and runs out of memory;
            // a 64-bit VM knows at once that it overflows.
            "E:MemoryError" if expr.contains("<<") => "E:OverflowError",
            p => p,
        };
        if mine != expected {
            mismatches.push(format!("{expr}: gilsim {mine}, python {python}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} differ:\n{}",
        mismatches.len(),
        ours.len(),
        mismatches.join("\n")
    );
    assert!(ours.len() > 8000);
}
