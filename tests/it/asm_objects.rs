//! The `.pyasm` syntax of function metadata and object constants:
//! parameters `(a, *args, c, **kw)`, `.generator`, `.locals`, `.cells`,
//! `.frees`, `.consts`, `.handler`, `LOAD_BUILTIN`, tuple constants and
//! quoted names. What it assembles to, that `dis` prints it back to the
//! same program, and the errors for malformed directives.

use crate::common::{asm_error, repo_path};
use gilsim::asm::assemble;
use gilsim::bytecode::disasm::disassemble;
use gilsim::bytecode::program::{Handler, FLAG_GENERATOR, FLAG_VARARGS, FLAG_VARKW};
use gilsim::bytecode::{Function, Op, Program};
use gilsim::vm::Value;
use proptest::prelude::*;

fn asm(src: &str) -> Program {
    assemble("t.pyasm", src).unwrap_or_else(|d| panic!("{d}\n{src}"))
}

fn func<'p>(p: &'p Program, name: &str) -> &'p Function {
    &p.functions()[p.function_index(name).expect("function exists") as usize]
}

/// `dis` output assembles to the same program, and `dis` of it is the same
/// text. Returns the text.
fn round_trip(name: &str, p: &Program) -> String {
    let text = disassemble(p);
    let q = assemble("dis.pyasm", &text)
        .unwrap_or_else(|d| panic!("{name}: dis output does not assemble:\n{d}\n{text}"));
    assert!(
        p.same_code(&q),
        "{name}: dis output is a different program:\n{text}"
    );
    assert_eq!(disassemble(&q), text, "{name}: dis of dis differs");
    text
}

#[test]
fn every_golden_program_round_trips_through_dis() {
    let mut n = 0;
    for e in std::fs::read_dir(repo_path("tests/golden")).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "pyasm") {
            let name = path.display().to_string();
            let src = std::fs::read_to_string(&path).unwrap();
            round_trip(&name, &asm(&src));
            n += 1;
        }
    }
    assert!(n >= 17, "golden programs missing");
}

#[test]
fn the_object_goldens_use_the_metadata_dis_prints() {
    let text = |f: &str| {
        let src = std::fs::read_to_string(repo_path(&format!("tests/golden/{f}"))).unwrap();
        round_trip(f, &asm(&src))
    };
    let closures = text("closures.pyasm");
    assert!(
        closures.contains(".func make_adder(n)\n    .cells n\n"),
        "{closures}"
    );
    assert!(closures.contains(".func \"make_adder.<locals>.add\"(x)\n    .frees n\n"));
    assert!(closures.contains("MAKE_FUNCTION \"make_adder.<locals>.add\" 8"));
    let kwargs = text("kwargs.pyasm");
    assert!(
        kwargs.contains(".func show(a, b, *rest, c, **kw)\n"),
        "{kwargs}"
    );
    assert!(kwargs.contains(".func kwonly(x, *, y)\n"));
    assert!(kwargs.contains("LOAD_CONST (\"y\",)"));
    assert!(text("generator.pyasm").contains(".func countdown(n)\n    .generator\n"));
    let exc = text("exceptions.pyasm");
    assert!(
        exc.contains("    .handler L0 L4 L5 depth=0 level=0\n"),
        "{exc}"
    );
    assert!(exc.contains("LOAD_BUILTIN ZeroDivisionError"));
    assert!(exc.contains("LOAD_CONST (ValueError, KeyError)"));
    let classes = text("classes.pyasm");
    assert!(classes.contains(".global Point = <unbound>\n"), "{classes}");
    assert!(classes.contains(".func Point()\n    .locals norm1 __init__\n"));
    assert!(classes.contains("LOAD_BUILTIN len"));
}

#[test]
fn parameters_are_numbered_positional_keyword_only_varargs_varkw() {
    let p = asm(".func f(a, b, *args, c, d, **kw)\n    LOAD_CONST 0\n    STORE_FAST x\n    LOAD_FAST c\n    RETURN_VALUE\n.end\n\
                 .func main()\n    LOAD_CONST None\n    RETURN_VALUE\n.end");
    let f = func(&p, "f");
    assert_eq!(f.local_names, ["a", "b", "c", "d", "args", "kw", "x"]);
    assert_eq!((f.nparams, f.nkwonly), (2, 2));
    assert_eq!(f.flags, FLAG_VARARGS | FLAG_VARKW);
    assert_eq!(f.nargs_total(), 6);
    assert_eq!(f.code[2], Op::LoadFast(2));
    assert!(round_trip("f", &p).contains(".func f(a, b, *args, c, d, **kw)\n"));

    for (sig, names, np, nk, flags) in [
        ("()", vec![], 0, 0, 0),
        ("(*args)", vec!["args"], 0, 0, FLAG_VARARGS),
        ("(**kw)", vec!["kw"], 0, 0, FLAG_VARKW),
        ("(*, k)", vec!["k"], 0, 1, 0),
        ("(a, *, k, **kw)", vec!["a", "k", "kw"], 1, 1, FLAG_VARKW),
        ("(*a, **k)", vec!["a", "k"], 0, 0, FLAG_VARARGS | FLAG_VARKW),
        ("(a,)", vec!["a"], 1, 0, 0),
    ] {
        let p = asm(&format!(
            ".func g{sig}\n    LOAD_CONST None\n    RETURN_VALUE\n.end"
        ));
        let g = func(&p, "g");
        assert_eq!(g.local_names, names, "{sig}");
        assert_eq!((g.nparams, g.nkwonly, g.flags), (np, nk, flags), "{sig}");
        round_trip(sig, &p);
    }
}

#[test]
fn generator_cells_frees_and_handlers_are_function_metadata() {
    let p = asm(r#"
.func g(p)
    .generator
    .cells c p
    .frees z
    .handler a b h depth=1 level=2
    .handler a a h
a:  LOAD_CONST 1
    STORE_DEREF c
    LOAD_FAST p
b:  RETURN_VALUE
h:  RETURN_VALUE
.end
"#);
    let g = func(&p, "g");
    assert_eq!(g.flags, FLAG_GENERATOR);
    assert_eq!(g.local_names, ["p", "c", "z"]);
    assert_eq!((g.cells.clone(), g.frees.clone()), (vec![1, 0], vec![2]));
    let h = |start, end, depth, level| Handler {
        start,
        end,
        target: 4,
        depth,
        level,
    };
    assert_eq!(g.handlers, [h(0, 3, 1, 2), h(0, 0, 0, 0)]);
    let text = round_trip("g", &p);
    assert!(text.contains(
        "    .generator\n    .cells c p\n    .frees z\n    .handler L0 L3 L4 depth=1 level=2\n    .handler L0 L0 L4 depth=0 level=0\nL0:\n"
    ), "{text}");
}

#[test]
fn a_handler_may_cover_up_to_the_end_of_the_function() {
    let p = asm(".func main()\n    .handler a end h\na:  LOAD_CONST 1\n    RETURN_VALUE\nh:  RETURN_VALUE\nend:\n.end");
    assert_eq!(
        func(&p, "main").handlers[0],
        Handler {
            start: 0,
            end: 3,
            target: 2,
            depth: 0,
            level: 0
        }
    );
    assert!(
        round_trip("end", &p).ends_with("    RETURN_VALUE                     ; 2\nL3:\n.end\n")
    );
}

#[test]
fn builtins_and_tuples_are_constants() {
    let p = asm(r#"
.func main()
    LOAD_BUILTIN len
    LOAD_BUILTIN ValueError
    LOAD_CONST ()
    LOAD_CONST (1,)
    LOAD_CONST (1, ("a", (None, -2.5)), True, (), (len, KeyError))
    LOAD_BUILTIN len
    LOAD_CONST (1,)
    BUILD_TUPLE 7
    RETURN_VALUE
.end
"#);
    let f = func(&p, "main");
    assert_eq!(
        f.consts.len(),
        5,
        "equal constants are shared: {:?}",
        f.consts
    );
    assert!(f.consts[0].same_const(&gilsim::vm::builtins::builtin("len").unwrap()));
    assert!(matches!(&f.consts[1], Value::Class(c) if &*c.name == "ValueError"));
    assert!(matches!(&f.consts[2], Value::Tuple(t) if t.is_empty()));
    assert_eq!(f.consts[4].to_string().matches('(').count(), 5);
    assert_eq!(f.code[5], Op::LoadConst(0));
    assert_eq!(f.code[6], Op::LoadConst(3));
    let text = round_trip("consts", &p);
    for line in [
        "LOAD_BUILTIN len",
        "LOAD_BUILTIN ValueError",
        "LOAD_CONST ()",
        "LOAD_CONST (1,)",
        "LOAD_CONST (1, (\"a\", (None, -2.5)), True, (), (len, KeyError))",
    ] {
        assert!(text.contains(&format!("    {line} ")), "{line}\n{text}");
    }
}

#[test]
fn globals_may_be_tuples_or_unbound() {
    let p = asm(".global t = (1, \"x\")\n.global u = <unbound>\n.func main()\n    LOAD_GLOBAL t\n    RETURN_VALUE\n.end");
    assert!(matches!(&p.globals()[0].init, Value::Tuple(t) if t.len() == 2));
    assert!(matches!(p.globals()[1].init, Value::Unbound));
    let text = round_trip("globals", &p);
    assert!(
        text.starts_with(".global t = (1, \"x\")\n.global u = <unbound>\n"),
        "{text}"
    );
    assert!(gilsim::asm::parse_constant("(1, (2,))").is_ok());
    assert!(gilsim::asm::parse_constant("(1, 2) 3").is_err());
}

#[test]
fn names_that_are_not_identifiers_are_quoted() {
    let p = asm(r#"
.global "g.x" = 1
.func "<lambda>"(".0", *"a b", **"k-w")
    .cells ".0"
    LOAD_FAST ".0"
    STORE_FAST ".t1"
    LOAD_FAST ".t1"
    LOAD_ATTR "not an identifier"
    STORE_GLOBAL "g.x"
    LOAD_CONST None
    RETURN_VALUE
.end
.func main()
    MAKE_FUNCTION "<lambda>" 0
    RETURN_VALUE
.end
"#);
    let f = func(&p, "<lambda>");
    assert_eq!(f.local_names, [".0", "a b", "k-w", ".t1"]);
    let text = round_trip("quoted", &p);
    assert!(
        text.contains(".func \"<lambda>\"(\".0\", *\"a b\", **\"k-w\")\n    .cells \".0\"\n"),
        "{text}"
    );
    assert!(text.contains("LOAD_ATTR \"not an identifier\""));
    assert!(text.contains("MAKE_FUNCTION \"<lambda>\" 0"));
}

/// A program whose locals or constants are not in the order the assembler
/// would give them by itself: `dis` says so with `.locals` and `.consts`.
#[test]
fn dis_writes_locals_and_consts_only_when_their_order_needs_it() {
    let p = asm(r#"
.func main(p)
    .locals b a unused
    .consts "s", 2, 1, len, (len,)
    LOAD_CONST 1
    STORE_FAST a
    LOAD_CONST 2
    STORE_FAST b
    LOAD_FAST p
    RETURN_VALUE
.end
"#);
    let f = func(&p, "main");
    assert_eq!(f.local_names, ["p", "b", "a", "unused"]);
    assert_eq!(f.consts.len(), 5);
    assert_eq!(f.code[0], Op::LoadConst(2));
    let text = round_trip("order", &p);
    assert!(
        text.contains(
            ".func main(p)\n    .locals b a unused\n    .consts \"s\", 2, 1, len, (len,)\n"
        ),
        "{text}"
    );

    // In the implied order, no directive is printed.
    let q = asm(".func main(p)\n    .locals a\n    .consts 1\n    LOAD_CONST 1\n    STORE_FAST a\n    LOAD_FAST p\n    RETURN_VALUE\n.end");
    let text = round_trip("implied", &q);
    assert!(
        !text.contains(".locals") && !text.contains(".consts"),
        "{text}"
    );

    // .cells and .frees declare locals before the stores.
    let r = asm(".func main()\n    .frees f\n    .cells c\n    LOAD_CONST 1\n    STORE_FAST x\n    LOAD_DEREF f\n    RETURN_VALUE\n.end");
    assert_eq!(func(&r, "main").local_names, ["f", "c", "x"]);
    let text = round_trip("frees first", &r);
    assert!(
        text.contains("    .locals f c x\n    .cells c\n    .frees f\n"),
        "{text}"
    );
}

/// A pool with equal constants (the Python compiler does not merge
/// tuples): `#N` says which entry an instruction takes.
#[test]
fn equal_constants_in_the_pool_are_told_apart_by_index() {
    let p = asm(r#"
.func main()
    .consts ("a",), "x", ("a",), "x"
    LOAD_CONST ("a",)
    LOAD_CONST ("a",) #2
    LOAD_CONST ("a",) #0
    LOAD_ATTR x #3
    BUILD_TUPLE 3
    RETURN_VALUE
.end
"#);
    let f = func(&p, "main");
    assert_eq!(f.consts.len(), 4);
    assert_eq!(
        f.code[..4],
        [
            Op::LoadConst(0),
            Op::LoadConst(2),
            Op::LoadConst(0),
            Op::LoadAttr(3)
        ]
    );
    let text = round_trip("slots", &p);
    assert!(text.contains("    LOAD_CONST (\"a\",) #2 "), "{text}");
    assert!(text.contains("    LOAD_ATTR x #3 "), "{text}");
    assert_eq!(text.matches(" #").count(), 2, "{text}");
}

/// Functions may share a name (CPython's `<lambda>`, `<listcomp>`) when
/// each definition carries its index; references then say which.
#[test]
fn functions_sharing_a_name_are_told_apart_by_index() {
    let p = asm(r#"
.func "<lambda>"() #0
    LOAD_CONST 1
    RETURN_VALUE
.end
.func "<lambda>"(x) #1
    LOAD_FAST x
    RETURN_VALUE
.end
.func main()
    MAKE_FUNCTION "<lambda>" #1 0
    LOAD_CONST 5
    CALL_FUNCTION 1
    CALL "<lambda>" #0 0
    BINARY_OP +
    RETURN_VALUE
.end
"#);
    let m = func(&p, "main");
    assert_eq!(m.code[0], Op::MakeFunction { code: 1, flags: 0 });
    assert_eq!(m.code[3], Op::Call { func: 0, nargs: 0 });
    let text = round_trip("shared", &p);
    assert!(text.contains(".func \"<lambda>\"() #0\n"), "{text}");
    assert!(text.contains(".func \"<lambda>\"(x) #1\n"));
    assert!(text.contains("    MAKE_FUNCTION \"<lambda>\" #1 0 "));
    assert!(text.contains("    CALL \"<lambda>\" #0 0 "));
    assert!(
        text.contains(".func main()\n"),
        "unshared names carry no index"
    );
}

/// Malformed metadata: each is reported at its position with a clear
/// message. Rows: source, `LINE:COL`, a fragment of the message.
const BAD: &[(&str, &str, &str)] = &[
    // Parameters.
    (".func f(**kw, a)\n.end", "1:15", "**kwargs must be the last parameter"),
    (".func f(*a, *b)\n.end", "1:13", "only one * or *args is allowed"),
    (".func f(*, *b)\n.end", "1:12", "only one * or *args is allowed"),
    (".func f(*)\n.end", "1:9", "a bare * must be followed by a keyword-only parameter"),
    (".func f(a, *, **kw)\n.end", "1:12", "a bare * must be followed by a keyword-only parameter"),
    (".func f(**)\n.end", "1:11", "expected a name after **"),
    (".func f(*a, a)\n.end", "1:13", "duplicate parameter 'a'"),
    (".func f(a, **a)\n.end", "1:14", "duplicate parameter 'a'"),
    (".func f(***a)\n.end", "1:9", "expected .func NAME(PARAM, ...)"),
    (".func f(a b)\n.end", "1:11", "expected .func NAME(PARAM, ...)"),
    // Directives outside a function or malformed.
    (".generator", "1:1", ".generator outside a function"),
    (".cells x", "1:1", ".cells outside a function"),
    (".handler a b c", "1:1", ".handler outside a function"),
    (".func f()\n    .generator x\n.end", "2:16", "unexpected 'x' after .generator"),
    (".func f()\n    .generator\n    .generator\n.end", "3:5", "already marked .generator"),
    (".func f()\n    .cells\n.end", "2:5", "expected .cells NAME"),
    (".func f()\n    .frees 1\n.end", "2:12", "expected a local name after .frees, found integer 1"),
    (".func f()\n    .cells x x\n.end", "2:14", "'x' is listed twice in .cells"),
    (".func f()\n    .cells x\n    .frees x\n.end", "3:12", "'x' is both a cell (.cells) and a free variable (.frees)"),
    (".func f(a)\n    .locals a\n.end", "2:13", "'a' is a parameter"),
    (".func f()\n    .locals b b\n.end", "2:15", "'b' is listed twice in .locals"),
    (".func f()\n    .consts\n.end", "2:5", "expected .consts CONSTANT"),
    (".func f()\n    .consts 1 2\n.end", "2:15", "expected ',' between constants"),
    (".func f()\n    .consts nope\n.end", "2:13", "'nope' is not a constant"),
    // Handlers.
    (".func f()\n    .handler a b\n.end", "2:16", "expected .handler START END TARGET"),
    (".func f()\n    .handler a b c depth\n.end", "2:20", "unexpected 'depth' in .handler"),
    (".func f()\n    .handler a b c depth=x\n.end", "2:26", "depth must be a count"),
    (".func f()\n    .handler a b c depth=-1\n.end", "2:25", "expected depth=N"),
    (".func f()\n    .handler a b c level=1 level=2\n.end", "2:28", "level is given twice"),
    (".func f()\n    .handler a b c size=1\n.end", "2:20", "unexpected 'size' in .handler"),
    (".func f()\n    .handler a b c\na:  LOAD_CONST 1\nb:  RETURN_VALUE\n.end", "2:18", "undefined label 'c' in 'f'"),
    (".func f()\n    .handler b a a\na:  LOAD_CONST 1\nb:  RETURN_VALUE\n.end", "2:16", "handler END 'a' comes before its START 'b'"),
    (".func f()\n    .handler a b b\na:  LOAD_CONST 1\n    RETURN_VALUE\nb:\n.end", "2:18", "handler TARGET 'b' is past the last instruction"),
    (".func f()\n    .handler a b h depth=5\na:  LOAD_CONST 1\nb:  POP_TOP\nh:  LOAD_CONST 2\n    RETURN_VALUE\n.end", "5:5", "inconsistent stack depth"),
    // Constants.
    (".func f()\n    LOAD_CONST len\n.end", "2:16", "found builtin 'len' (load it with LOAD_BUILTIN len)"),
    (".func f()\n    LOAD_BUILTIN lenn\n.end", "2:18", "unknown builtin 'lenn'"),
    (".func f()\n    LOAD_BUILTIN \"len\"\n.end", "2:18", "expected a builtin name, found a string"),
    (".func f()\n    LOAD_BUILTIN\n.end", "2:5", "LOAD_BUILTIN takes 1 operand (a builtin name), got 0"),
    (".func f()\n    load_builtin len\n.end", "2:5", "did you mean LOAD_BUILTIN?"),
    (".func f()\n    LOAD_CONST (1)\n.end", "2:18", "a tuple of one item needs a trailing comma"),
    (".func f()\n    LOAD_CONST (1, 2\n.end", "2:16", "unclosed tuple"),
    (".func f()\n    LOAD_CONST (1 2)\n.end", "2:19", "expected ',' or ')' in a tuple, found integer 2"),
    (".func f()\n    LOAD_CONST (1,) 2\n.end", "2:21", "unexpected integer 2 after the tuple"),
    (".func f()\n    LOAD_CONST (nope,)\n.end", "2:17", "'nope' is not a constant"),
    (".func f()\n    LOAD_CONST (,)\n.end", "2:17", "expected a constant"),
    (".global g = (len,) x", "1:20", "unexpected 'x' after the constant"),
    (".func f()\n    LOAD_CONST 1 #0\n.end", "2:18", "there is no constant #0 (the pool has 0 so far; list it with .consts)"),
    (".func f()\n    .consts 2\n    LOAD_CONST 1 #0\n.end", "3:18", "constant #0 is 2, not this constant"),
    (".func f()\n    LOAD_CONST 1 #1x\n.end", "2:18", "invalid constant index '#1x'"),
    (".func f()\n    LOAD_CONST 1 #99999999999\n.end", "2:18", "invalid constant index"),
    (".func f()\n    LOAD_CONST #0\n.end", "2:16", "expected a constant"),
    // Functions sharing a name.
    (".func f() #0\n.end\n.func f()\n.end", "3:1", "function 'f' is defined twice (functions sharing a name need their index"),
    (".func f() #3\n.end", "1:11", "function 'f' is function #0, not #3"),
    (".func f() #0 x\n.end", "1:14", "unexpected 'x' after the parameter list"),
    (".func f() #0\n    LOAD_CONST 1\n    RETURN_VALUE\n.end\n.func f() #1\n    LOAD_CONST 1\n    RETURN_VALUE\n.end\n.func main()\n    MAKE_FUNCTION f 0\n    RETURN_VALUE\n.end", "10:19", "2 functions are named 'f' (#0, #1): say which, as in MAKE_FUNCTION f #0 ..."),
    (".func f() #0\n    LOAD_CONST 1\n    RETURN_VALUE\n.end\n.func main()\n    CALL f #1 0\n    RETURN_VALUE\n.end", "6:12", "function #1 is not named 'f'"),
    (".func f()\n    LOAD_CONST 1\n    RETURN_VALUE\n.end\n.func main()\n    CALL f #0\n    RETURN_VALUE\n.end", "6:5", "CALL takes 2 operands (a function name and an argument count), got 1"),
    (".func f()\n    LOAD_CONST 1 #0 #0\n.end", "2:18", "LOAD_CONST takes 1 operand (a constant), got 2"),
    (".global g = <unbound", "1:13", "expected a constant"),
];

#[test]
fn malformed_metadata_is_reported_with_its_position() {
    let mut failures = Vec::new();
    for (src, pos, fragment) in BAD {
        let msg = asm_error(src);
        let first = msg.lines().next().unwrap_or("");
        let want = format!("bad.pyasm:{pos}: error: ");
        if !first.starts_with(&want) || !first.contains(fragment) {
            failures.push(format!(
                "{src:?}\n  got:  {first}\n  want: {want}...{fragment}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn deeply_nested_tuples_are_an_error_not_a_crash() {
    let deep = format!(
        ".func f()\n    LOAD_CONST {}1{}\n    RETURN_VALUE\n.end",
        "(".repeat(100_000),
        ",)".repeat(100_000)
    );
    assert!(asm_error(&deep).contains("nest at most 64 deep"));
    let ok = format!(
        ".func f()\n    LOAD_CONST {}1{}\n    RETURN_VALUE\n.end",
        "(".repeat(64),
        ",)".repeat(64)
    );
    round_trip("deep", &asm(&ok));
}

/// A parameter list of random shape, with random metadata.
fn shaped_function() -> impl Strategy<Value = String> {
    let constant = prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        "[a-z\"\\\\]{0,4}".prop_map(|s| gilsim::vm::value::quote_str(&s)),
        Just("None".to_string()),
        Just("(1, (\"a\",), ())".to_string()),
        Just("(len, ValueError, (object,))".to_string()),
    ];
    (
        0..3usize,
        any::<bool>(),
        0..3usize,
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(constant, 0..5),
        proptest::sample::subsequence(vec!["x", "y", "z"], 0..3),
        any::<bool>(),
    )
        .prop_map(|(np, varargs, nk, varkw, generator, consts, cells, handler)| {
            let mut params: Vec<String> = (0..np).map(|i| format!("p{i}")).collect();
            if varargs {
                params.push("*rest".into());
            } else if nk > 0 {
                params.push("*".into());
            }
            params.extend((0..nk).map(|i| format!("k{i}")));
            if varkw {
                params.push("**kw".into());
            }
            let mut body = String::new();
            if generator {
                body.push_str("    .generator\n");
            }
            if !cells.is_empty() {
                body.push_str(&format!("    .cells {}\n", cells.join(" ")));
            }
            if handler {
                body.push_str("    .handler s e h depth=0\n");
            }
            body.push_str("s:\n");
            for c in &consts {
                body.push_str(&format!("    LOAD_CONST {c}\n    STORE_FAST v\n"));
            }
            body.push_str("    LOAD_BUILTIN len\n    STORE_FAST w\ne:\n    LOAD_CONST None\n    RETURN_VALUE\nh:\n    RETURN_VALUE\n");
            format!(".func f({})\n{body}.end\n", params.join(", "))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn functions_of_any_shape_round_trip(src in shaped_function()) {
        round_trip("shaped.pyasm", &asm(&src));
    }

    /// Lines made of the new syntax's pieces never panic the assembler.
    #[test]
    fn metadata_soup_never_panics(
        picks in proptest::collection::vec(proptest::sample::select(SOUP), 0..30)
    ) {
        let src = picks.join("\n");
        if let Ok(p) = assemble("soup.pyasm", &src) {
            round_trip("soup.pyasm", &p);
        }
    }
}

const SOUP: &[&str] = &[
    ".func f(a, *b, c, **d)",
    ".func g(*, k)",
    ".func \"<h>\"(\".0\")",
    ".func main()",
    ".end",
    ".generator",
    ".locals q r",
    ".cells a q",
    ".frees r",
    ".consts 1, len, (2,)",
    ".handler s e t",
    ".handler s e t depth=1 level=1",
    ".handler e s t",
    "s:",
    "e:",
    "t:",
    "    LOAD_CONST (1, (len,))",
    "    LOAD_BUILTIN ValueError",
    "    LOAD_CONST (",
    "    LOAD_CONST ((((",
    "    STORE_FAST q",
    "    STORE_DEREF r",
    "    LOAD_DEREF a",
    "    LOAD_FAST \".0\"",
    "    LOAD_CONST None",
    "    RETURN_VALUE",
    "    POP_TOP",
    "    MAKE_FUNCTION \"<h>\" 8",
    ".global G = <unbound>",
    ".global T = (1, (2, 3))",
];
