//! Golden disassembly: for each construct, the instructions and exception
//! table `dis` shows.

use super::*;

/// Compiles `def f(a, b):` with `body` (after a preamble of imports and a
/// global) and returns f's exception table and instructions, one per
/// line, as `dis` shows them.
fn dis_of_f(body: &str) -> String {
    let src = format!("import time\nimport threading\n\ng = 0\n\ndef f(a, b):\n    {body}\n");
    let p = compile_source("snippet.py", &src).unwrap_or_else(|d| panic!("{d}\n{src}"));
    let f = &p.functions()[p.function_index("f").unwrap() as usize];
    let mut out = String::new();
    for h in &f.handlers {
        out.push_str(&format!(
            "    .handler L{} L{} L{} depth={} level={}\n",
            h.start, h.end, h.target, h.depth, h.level
        ));
    }
    let labels: std::collections::BTreeSet<u32> = f
        .code
        .iter()
        .filter_map(|o| o.jump_target())
        .chain(f.handlers.iter().flat_map(|h| [h.start, h.end, h.target]))
        .collect();
    for (i, op) in f.code.iter().enumerate() {
        if labels.contains(&(i as u32)) {
            out.push_str(&format!("L{i}:\n"));
        }
        out.push_str(&format!("    {}\n", disasm::instruction(&p, f, op)));
    }
    out
}

const GOLDEN: &[(&str, &str, &str)] = &[
    (
        "assign_aug",
        r#"x = a + 1
    x *= b
    return x"#,
        r#"    LOAD_FAST a
    LOAD_CONST 1
    BINARY_OP +
    STORE_FAST x
    LOAD_FAST x
    LOAD_FAST b
    BINARY_OP *=
    STORE_FAST x
    LOAD_FAST x
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "global_stmt",
        r#"global g
    g = a
    g += 1"#,
        r#"    LOAD_FAST a
    STORE_GLOBAL g
    LOAD_GLOBAL g
    LOAD_CONST 1
    BINARY_OP +=
    STORE_GLOBAL g
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "while_break_continue",
        r#"while a < b:
        a += 1
        if a == 3:
            continue
        if a == 5:
            break
    return a"#,
        r#"L0:
    LOAD_FAST a
    LOAD_FAST b
    COMPARE_OP <
    POP_JUMP_IF_FALSE L19
    LOAD_FAST a
    LOAD_CONST 1
    BINARY_OP +=
    STORE_FAST a
    LOAD_FAST a
    LOAD_CONST 3
    COMPARE_OP ==
    POP_JUMP_IF_FALSE L13
    JUMP_BACKWARD L0
L13:
    LOAD_FAST a
    LOAD_CONST 5
    COMPARE_OP ==
    POP_JUMP_IF_FALSE L18
    JUMP_FORWARD L19
L18:
    JUMP_BACKWARD L0
L19:
    LOAD_FAST a
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "for_range",
        r#"for i in range(a, b, 2):
        pass"#,
        r#"    LOAD_FAST a
    STORE_FAST ".i1"
    LOAD_FAST b
    STORE_FAST ".stop2"
L4:
    LOAD_FAST ".i1"
    LOAD_FAST ".stop2"
    COMPARE_OP <
    POP_JUMP_IF_FALSE L15
    LOAD_FAST ".i1"
    STORE_FAST i
    LOAD_FAST ".i1"
    LOAD_CONST 2
    BINARY_OP +
    STORE_FAST ".i1"
    JUMP_BACKWARD L4
L15:
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "for_iter",
        r#"for x in a:
        b += x
    else:
        b = 0
    return b"#,
        r#"    LOAD_FAST a
    GET_ITER
L2:
    FOR_ITER L9
    STORE_FAST x
    LOAD_FAST b
    LOAD_FAST x
    BINARY_OP +=
    STORE_FAST b
    JUMP_BACKWARD L2
L9:
    LOAD_CONST 0
    STORE_FAST b
    LOAD_FAST b
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "if_elif_else",
        r#"if a:
        return 1
    elif b:
        return 2
    else:
        return 3"#,
        r#"    LOAD_FAST a
    POP_JUMP_IF_FALSE L5
    LOAD_CONST 1
    RETURN_VALUE
    JUMP_FORWARD L12
L5:
    LOAD_FAST b
    POP_JUMP_IF_FALSE L10
    LOAD_CONST 2
    RETURN_VALUE
    JUMP_FORWARD L12
L10:
    LOAD_CONST 3
    RETURN_VALUE
L12:
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "bool_ops",
        r#"return a and b or not a"#,
        r#"    LOAD_FAST a
    COPY 1
    POP_JUMP_IF_FALSE L5
    POP_TOP
    LOAD_FAST b
L5:
    COPY 1
    POP_JUMP_IF_TRUE L10
    POP_TOP
    LOAD_FAST a
    UNARY_NOT
L10:
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "chained_compare",
        r#"return a < b <= 3"#,
        r#"    LOAD_FAST a
    LOAD_FAST b
    SWAP 2
    COPY 2
    COMPARE_OP <
    COPY 1
    POP_JUMP_IF_FALSE L11
    POP_TOP
    LOAD_CONST 3
    COMPARE_OP <=
    JUMP_FORWARD L13
L11:
    SWAP 2
    POP_TOP
L13:
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "literals",
        r#"print(1, 2.5, 'hi', True, None, -7)"#,
        r#"    LOAD_BUILTIN print
    LOAD_CONST 1
    LOAD_CONST 2.5
    LOAD_CONST "hi"
    LOAD_CONST True
    LOAD_CONST None
    LOAD_CONST -7
    CALL_FUNCTION 6
    POP_TOP
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "call_and_print",
        r#"print(f(a, b))"#,
        r#"    LOAD_BUILTIN print
    LOAD_FAST a
    LOAD_FAST b
    CALL f 2
    CALL_FUNCTION 1
    POP_TOP
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "method_call",
        r#"time.sleep(a)"#,
        r#"    LOAD_GLOBAL time
    LOAD_METHOD sleep
    LOAD_FAST a
    CALL_METHOD 1
    POP_TOP
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "keyword_call",
        r#"t = threading.Thread(target=f, args=(a, b))
    t.start()"#,
        r#"    LOAD_GLOBAL threading
    LOAD_ATTR Thread
    LOAD_GLOBAL f
    LOAD_FAST a
    LOAD_FAST b
    BUILD_TUPLE 2
    LOAD_CONST ("target", "args")
    CALL_FUNCTION_KW 2
    STORE_FAST t
    LOAD_FAST t
    LOAD_METHOD start
    CALL_METHOD 0
    POP_TOP
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "with_lock",
        r#"l = threading.Lock()
    with l:
        return a"#,
        r#"    .handler L11 L13 L26 depth=1 level=0
    LOAD_GLOBAL threading
    LOAD_METHOD Lock
    CALL_METHOD 0
    STORE_FAST l
    LOAD_FAST l
    COPY 1
    LOAD_ATTR __exit__
    SWAP 2
    LOAD_METHOD __enter__
    CALL_METHOD 0
    POP_TOP
L11:
    LOAD_FAST a
    STORE_FAST ".ret1"
L13:
    LOAD_CONST None
    COPY 1
    COPY 1
    CALL_FUNCTION 3
    POP_TOP
    LOAD_FAST ".ret1"
    RETURN_VALUE
    LOAD_CONST None
    COPY 1
    COPY 1
    CALL_FUNCTION 3
    POP_TOP
    JUMP_FORWARD L39
L26:
    PUSH_EXC_INFO
    COPY 2
    LOAD_BUILTIN type
    COPY 3
    CALL_FUNCTION 1
    COPY 3
    LOAD_CONST None
    CALL_FUNCTION 3
    POP_JUMP_IF_TRUE L36
    RERAISE
L36:
    POP_EXCEPT
    POP_TOP
    POP_TOP
L39:
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "displays_subscripts",
        r#"x = [a, b]
    d = {a: b}
    x[0] = d[a]
    return x[1:]"#,
        r#"    LOAD_FAST a
    LOAD_FAST b
    BUILD_LIST 2
    STORE_FAST x
    LOAD_FAST a
    LOAD_FAST b
    BUILD_MAP 1
    STORE_FAST d
    LOAD_FAST d
    LOAD_FAST a
    BINARY_SUBSCR
    LOAD_FAST x
    LOAD_CONST 0
    STORE_SUBSCR
    LOAD_FAST x
    LOAD_CONST 1
    LOAD_CONST None
    BUILD_SLICE 2
    BINARY_SUBSCR
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "unpacking",
        r#"x, *y = a
    return y"#,
        r#"    LOAD_FAST a
    UNPACK_EX 1
    STORE_FAST x
    STORE_FAST y
    LOAD_FAST y
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "try_except",
        r#"try:
        return a / b
    except ZeroDivisionError as e:
        return e"#,
        r#"    .handler L0 L4 L7 depth=0 level=0
L0:
    LOAD_FAST a
    LOAD_FAST b
    BINARY_OP /
    STORE_FAST ".ret1"
L4:
    LOAD_FAST ".ret1"
    RETURN_VALUE
    JUMP_FORWARD L22
L7:
    PUSH_EXC_INFO
    LOAD_BUILTIN ZeroDivisionError
    CHECK_EXC_MATCH
    POP_JUMP_IF_FALSE L21
    COPY 1
    STORE_FAST e
    LOAD_FAST e
    RETURN_VALUE
    POP_EXCEPT
    POP_TOP
    LOAD_CONST None
    STORE_FAST e
    DELETE_FAST e
    JUMP_FORWARD L22
L21:
    RERAISE
L22:
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "closure",
        r#"def g():
        return a
    return g"#,
        r#"    LOAD_CLOSURE a
    BUILD_TUPLE 1
    MAKE_FUNCTION "f.<locals>.g" 8
    STORE_FAST g
    LOAD_FAST g
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "fstring",
        r#"return f'{a}-{b!r:>3}'"#,
        r#"    LOAD_FAST a
    FORMAT_VALUE 0
    LOAD_CONST "-"
    LOAD_FAST b
    LOAD_CONST ">3"
    FORMAT_VALUE 6
    BUILD_STRING 3
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
];

#[test]
fn golden_disassembly_for_each_construct() {
    let mut failures = Vec::new();
    for (name, body, want) in GOLDEN {
        let got = dis_of_f(body);
        if got.trim_end() != want.trim_end() {
            failures.push(format!("{name}:\n--- got\n{got}--- want\n{want}\n"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
