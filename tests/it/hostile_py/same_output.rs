//! Corners where the front end used to differ from CPython: programs
//! gilsim and CPython must both run, printing the same bytes.

use super::*;

/// Programs gilsim and CPython must both run, printing the same bytes.
const SAME_OUTPUT: &[(&str, &[u8])] = &[
    (
        "escapes",
        br#"print('\101|\a|\b|\f|\v|\x41|\U0001F600|\u00e9|\N{BULLET}|\N{em dash}|\N{LATIN SMALL LETTER Q}|\d|\0|\08|\777|\400|\1234')
"#,
    ),
    ("escapes_triple", b"print('''a\\\nb\\tc\\'\\\"''', \"\\N{DIGIT SEVEN}\")\n"),
    ("raw_escaped_quote", b"print(r'\\'', r\"\\\"\", r'a\\\\', r'\\n')\n"),
    ("raw_backslash_newline", b"print(r'a\\\nb')\n"),
    ("bom", b"\xef\xbb\xbfx = 1\nprint(x)\n"),
    ("cr_only", b"x = 1\rif x:\r    print('cr', x)\r"),
    ("crlf", b"x = 1\r\nif x:\r\n    print('crlf', x)\r\ny = '''a\r\nb'''\r\nprint(y)\r\n"),
    ("cr_in_triple_string", b"s = '''a\rb'''\nprint(s == 'a\\nb')\n"),
    ("int_min", b"x = -9223372036854775808\nprint(x, - 9223372036854775808 + 1)\n"),
    ("tabs_consistent", b"if 1:\n\tx = 1\n\tif x:\n\t\tprint(x)\n"),
    (
        "global_declared_first",
        b"n = 0\ndef f(a):\n    global n\n    n = a\n    return n\nprint(f(3), n)\n",
    ),
    ("formfeed_indent", b"x = 1\n\x0cif x:\n    print(x)\n"),
    ("continuation", b"x = 1 + \\\n    2\nprint(x)\n"),
    (
        "names_like_the_compilers_temporaries",
        b"def f():\n    __i1 = 5\n    for i in range(2):\n        print(__i1, i)\n    return __i1\n__i2 = 7\nfor j in range(2):\n    print(__i2, j)\nprint(f(), __i2)\n",
    ),
    ("soft_keyword_match", b"match = 3\nprint(match)\n"),
    ("number_then_keyword", b"print(1or 2, 0and 1, 1_000, 0x_1f, 1.e1, 09.5)\n"),
    ("float_literal_past_max", b"print(1e999, -1e999, 1e999 == 2e400)\n"),
    ("named_escape", b"print('\\N{SNOWFLAKE}', '\\N{greek small letter alpha}')\n"),
    (
        "tuples_without_parentheses",
        b"def f(a, b):\n    return a, b\nprint(f(1, 2))\na, b = f(3, 4)\nprint(a, b)\n",
    ),
    ("keywords_after_numbers", b"print(1if 1else 2, [0for x in 'ab'], 1in[1], 0x1for 0)\n"),
    (
        "unary_plus",
        b"x = True\ny = -0.0\nprint(+x, +1.5, +True, -+-2, +y, +-9223372036854775808)\n",
    ),
];

#[test]
fn corner_cases_run_and_print_as_under_cpython() {
    let dir = TempDir::new("hostile-py-same");
    let py = python3();
    let failures = in_parallel(SAME_OUTPUT.to_vec(), |(name, src)| {
        let file = format!("{name}.py");
        let o = gilsim(&dir, &file, src, &["run", "--format", "none"]);
        if o.status.code() != Some(0) {
            return vec![format!(
                "{name}: gilsim exit {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            )];
        }
        if py {
            let c = cpython(&dir, &file);
            if !c.status.success() {
                return vec![format!("{name}: CPython fails: {}", last_line(&c))];
            } else if c.stdout != o.stdout {
                return vec![format!(
                    "{name}: CPython prints {:?}, gilsim {:?}",
                    String::from_utf8_lossy(&c.stdout),
                    String::from_utf8_lossy(&o.stdout)
                )];
            }
        }
        vec![]
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
