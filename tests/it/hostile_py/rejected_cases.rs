//! Corners gilsim rejects: each program, its message and position, and
//! what CPython makes of it.

/// What CPython makes of a program gilsim rejects.
#[derive(Clone, Copy, Debug)]
pub(super) enum Cpy {
    /// The same error: CPython's last line is gilsim's message (or its
    /// start, where gilsim adds ruff's reason after "invalid syntax"),
    /// on the same line, at the same column where CPython shows a caret.
    Same,
    /// The same error and line, CPython's caret at this column (gilsim
    /// points at the offending escape or line start instead of where
    /// CPython's parser happened to be).
    SameAtCol(u32),
    /// CPython runs it: gilsim only lacks the feature.
    Accepts,
}

/// Programs gilsim must reject with this message at this position (its
/// first error starts so), and what CPython says of each.
pub(super) const REJECTED: &[(&str, &str, Cpy)] = &[
    // Duplicate parameters, tabs mixed with spaces.
    (
        "def f(a, a):\n    return a\n",
        "1:10: error: SyntaxError: duplicate argument 'a' in function definition",
        Cpy::Same,
    ),
    (
        "if 1:\n\tx = 1\n        y = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Cpy::Same,
    ),
    (
        "if 1:\n        x = 1\n\ty = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Cpy::Same,
    ),
    (
        "if 1:\n    \tx = 1\n\ty = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Cpy::Same,
    ),
    ("if 1:\n  if 1:\n\tx = 1\n", "3:1: error: TabError: inconsistent use", Cpy::Same),
    // Ints past 64 bits: gilsim's limit, not Python's.
    (
        "x = 9223372036854775808\n",
        "1:5: error: not supported by gilsim: ints past 64 bits",
        Cpy::Accepts,
    ),
    (
        "x = -9223372036854775809\n",
        "1:6: error: not supported by gilsim: ints past 64 bits",
        Cpy::Accepts,
    ),
    (
        "x = -9223372036854775808 ** 1\n",
        "1:6: error: not supported by gilsim: ints past 64 bits",
        Cpy::Accepts,
    ),
    // Escapes CPython cannot decode: gilsim points at the escape, CPython
    // past the string.
    (
        "print('\\x4')\n",
        "1:8: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape",
        Cpy::SameAtCol(12),
    ),
    (
        "print('\\u12')\n",
        "1:8: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape",
        Cpy::SameAtCol(13),
    ),
    (
        "print('\\U00110000')\n",
        "1:8: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character",
        Cpy::SameAtCol(19),
    ),
    (
        "print('\\N{')\n",
        "1:8: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \\N character escape",
        Cpy::SameAtCol(12),
    ),
    (
        "x = 'a\\N{NO SUCH NAME}'\n",
        "1:7: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 1-16: unknown Unicode character name",
        Cpy::SameAtCol(24),
    ),
    (
        "x = '\u{e9}\\x4'\n",
        "1:7: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape",
        Cpy::SameAtCol(12),
    ),
    (
        "x = b'\\x4'\n",
        "1:7: error: SyntaxError: (value error) invalid \\x escape at position 0",
        Cpy::SameAtCol(11),
    ),
    (
        "x = '\\ud800'\n",
        "1:6: error: not supported by gilsim: lone surrogates",
        Cpy::Accepts,
    ),
    // Unterminated strings, where CPython detects them.
    (
        "print(r'\\')\n",
        "1:7: error: SyntaxError: unterminated string literal (detected at line 1)",
        Cpy::Same,
    ),
    (
        "x = '''abc\n",
        "1:5: error: SyntaxError: unterminated triple-quoted string literal (detected at line 1)",
        Cpy::Same,
    ),
    (
        "x = '''abc\ndef\n",
        "1:5: error: SyntaxError: unterminated triple-quoted string literal (detected at line 2)",
        Cpy::Same,
    ),
    (
        "x = 'abc\\\ndef\n",
        "1:5: error: SyntaxError: unterminated string literal (detected at line 2)",
        Cpy::Same,
    ),
    (
        "x = 'a\ry'\n",
        "1:5: error: SyntaxError: unterminated string literal (detected at line 1)",
        Cpy::Same,
    ),
    // Number literals.
    ("x = 1x\n", "1:5: error: SyntaxError: invalid decimal literal", Cpy::Same),
    (
        "x = 0o8\n",
        "1:7: error: SyntaxError: invalid digit '8' in octal literal",
        Cpy::Same,
    ),
    (
        "x = 0b12\n",
        "1:8: error: SyntaxError: invalid digit '2' in binary literal",
        Cpy::Same,
    ),
    ("x = 0x\n", "1:6: error: SyntaxError: invalid hexadecimal literal", Cpy::Same),
    ("x = 0x1g\n", "1:7: error: SyntaxError: invalid hexadecimal literal", Cpy::Same),
    ("x = 1__0\n", "1:6: error: SyntaxError: invalid decimal literal", Cpy::Same),
    ("x = 1_e5\n", "1:6: error: SyntaxError: invalid decimal literal", Cpy::Same),
    ("x = 1.5e+\n", "1:9: error: SyntaxError: invalid decimal literal", Cpy::Same),
    ("x = 1.5j2\n", "1:8: error: SyntaxError: invalid imaginary literal", Cpy::Same),
    (
        "x = 012\n",
        "1:5: error: SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        Cpy::Same,
    ),
    // Characters.
    (
        "x = 1 + \u{20ac}\n",
        "1:9: error: SyntaxError: invalid character '\u{20ac}' (U+20AC)",
        Cpy::Same,
    ),
    (
        "x\u{20ac} = 1\n",
        "1:2: error: SyntaxError: invalid character '\u{20ac}' (U+20AC)",
        Cpy::Same,
    ),
    (
        "x = \u{1}\n",
        "1:5: error: SyntaxError: invalid non-printable character U+0001",
        Cpy::Same,
    ),
    (
        "x = \u{200b}1\n",
        "1:5: error: SyntaxError: invalid non-printable character U+200B",
        Cpy::Same,
    ),
    (
        "x = 1\ny = \u{0}\n",
        "2:5: error: SyntaxError: source code cannot contain null bytes",
        Cpy::Same,
    ),
    ("x = 1 $ 2\n", "1:7: error: SyntaxError: invalid syntax", Cpy::Same),
    // Brackets and line continuations.
    (
        "x = (1]\n",
        "1:7: error: SyntaxError: closing parenthesis ']' does not match opening parenthesis '('",
        Cpy::Same,
    ),
    (
        "x = (1,\n]\n",
        "2:1: error: SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1",
        Cpy::Same,
    ),
    ("x = )\n", "1:5: error: SyntaxError: unmatched ')'", Cpy::Same),
    ("print(1, 2\n", "1:6: error: SyntaxError: '(' was never closed", Cpy::Same),
    (
        "x = (1,\ny = = 2\n",
        "1:5: error: SyntaxError: '(' was never closed",
        Cpy::Same,
    ),
    (
        "x = 1 \\ 2\n",
        "1:8: error: SyntaxError: unexpected character after line continuation character",
        Cpy::Same,
    ),
    (
        "x = 1 \\\n",
        "1:8: error: SyntaxError: unexpected EOF while parsing",
        Cpy::Same,
    ),
    // Which error CPython reports when there are several: the
    // tokenizer's own win over an earlier parser error, the ones it only
    // flags (tabs, indentation) do not.
    (
        "x = = 1\ny = 'abc\n",
        "2:5: error: SyntaxError: unterminated string literal",
        Cpy::Same,
    ),
    (
        "x = = 1\nif 1:\n\tx = 1\n        y = 2\n",
        "1:5: error: SyntaxError: invalid syntax",
        Cpy::Same,
    ),
    (
        "print('\\x4')\nz = 1x\n",
        "2:5: error: SyntaxError: invalid decimal literal",
        Cpy::Same,
    ),
    (
        "x = 1\n    y = 2\nz = 'abc\n",
        "2:1: error: IndentationError: unexpected indent",
        Cpy::Same,
    ),
    // Indentation.
    (
        "if True:\n        x = 1\n    y = 2\n",
        "3:1: error: IndentationError: unindent does not match any outer indentation level",
        Cpy::SameAtCol(10),
    ),
    (
        "x = 1\nif x:\npass\n",
        "3:1: error: IndentationError: expected an indented block after 'if' statement on line 2",
        Cpy::Same,
    ),
    (
        "@d\ndef f(\n  a):\npass\n",
        "4:1: error: IndentationError: expected an indented block after function definition on line 2",
        Cpy::Same,
    ),
    (
        "try:\n    pass\nexcept:\npass\n",
        "4:1: error: IndentationError: expected an indented block after 'except' statement on line 3",
        Cpy::Same,
    ),
    // Assignment targets.
    (
        "__debug__ = 1\n",
        "1:1: error: SyntaxError: cannot assign to __debug__",
        Cpy::Same,
    ),
    (
        "def f(x):\n    x.__debug__ = 1\n    del x.__debug__\n",
        "2:5: error: SyntaxError: cannot assign to __debug__",
        Cpy::Same,
    ),
    (
        "del __debug__\n",
        "1:5: error: SyntaxError: cannot delete __debug__",
        Cpy::Same,
    ),
    (
        "f(__debug__=1)\n",
        "1:1: error: SyntaxError: cannot assign to __debug__",
        Cpy::Same,
    ),
    ("True = 1\n", "1:1: error: SyntaxError: cannot assign to True", Cpy::Same),
    (
        "f() = 1\n",
        "1:1: error: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?",
        Cpy::Same,
    ),
    (
        "(a, 1) = x\n",
        "1:5: error: SyntaxError: cannot assign to literal",
        Cpy::Same,
    ),
    (
        "for 1 in x:\n    pass\n",
        "1:5: error: SyntaxError: cannot assign to literal",
        Cpy::Same,
    ),
    (
        "f() += 1\n",
        "1:1: error: SyntaxError: 'function call' is an illegal expression for augmented assignment",
        Cpy::Same,
    ),
    (
        "del f()\n",
        "1:5: error: SyntaxError: cannot delete function call",
        Cpy::Same,
    ),
    (
        "(f() := 1)\n",
        "1:2: error: SyntaxError: cannot use assignment expressions with function call",
        Cpy::Same,
    ),
    (
        "*a = 1\n",
        "1:1: error: SyntaxError: starred assignment target must be in a list or tuple",
        Cpy::Same,
    ),
    (
        "*a, *b = 1, 2\n",
        "1:1: error: SyntaxError: multiple starred expressions in assignment",
        Cpy::Same,
    ),
    (
        "x = *a\n",
        "1:5: error: SyntaxError: can't use starred expression here",
        Cpy::Same,
    ),
    // Arguments and parameters.
    (
        "print(flush=True, flush=True)\n",
        "1:19: error: SyntaxError: keyword argument repeated: flush",
        Cpy::Same,
    ),
    (
        "class A(x=1, x=2):\n    pass\n",
        "1:14: error: SyntaxError: keyword argument repeated: x",
        Cpy::Same,
    ),
    (
        "def f(a=1, b):\n    pass\n",
        "1:12: error: SyntaxError: non-default argument follows default argument",
        Cpy::Same,
    ),
    (
        "f(a=1, b)\n",
        "1:8: error: SyntaxError: positional argument follows keyword argument",
        Cpy::SameAtCol(9),
    ),
    // Declarations.
    (
        "def f(a):\n    global a\n",
        "2:5: error: SyntaxError: name 'a' is parameter and global",
        Cpy::Same,
    ),
    (
        "def f():\n    x = 1\n    global x\n",
        "3:5: error: SyntaxError: name 'x' is assigned to before global declaration",
        Cpy::Same,
    ),
    (
        "x = 0\ndef f():\n    print(x)\n    global x\n",
        "4:5: error: SyntaxError: name 'x' is used prior to global declaration",
        Cpy::Same,
    ),
    (
        "x = 1\nglobal x\n",
        "2:1: error: SyntaxError: name 'x' is assigned to before global declaration",
        Cpy::Same,
    ),
    (
        "def f():\n    for x in range(3):\n        global x\n",
        "3:9: error: SyntaxError: name 'x' is assigned to before global declaration",
        Cpy::Same,
    ),
    (
        "def f():\n    x: int\n    global x\n",
        "3:5: error: SyntaxError: annotated name 'x' can't be global",
        Cpy::Same,
    ),
    (
        "def f():\n    nonlocal x\n",
        "2:5: error: SyntaxError: no binding for nonlocal 'x' found",
        Cpy::Same,
    ),
    (
        "nonlocal x\n",
        "1:1: error: SyntaxError: nonlocal declaration not allowed at module level",
        Cpy::Same,
    ),
    (
        "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n",
        "4:9: error: SyntaxError: name 'x' is nonlocal and global",
        Cpy::Same,
    ),
    (
        "def f():\n    global x\n    def g():\n        nonlocal x\n",
        "4:9: error: SyntaxError: no binding for nonlocal 'x' found",
        Cpy::Same,
    ),
    (
        "def f(a):\n    nonlocal a\n",
        "2:5: error: SyntaxError: name 'a' is parameter and nonlocal",
        Cpy::Same,
    ),
    (
        "def f():\n    from os import *\n",
        "2:20: error: SyntaxError: import * only allowed at module level",
        Cpy::Same,
    ),
    // Statements out of place, found in CPython's order of passes.
    (
        "class A:\n    return 1\n",
        "2:5: error: SyntaxError: 'return' outside function",
        Cpy::Same,
    ),
    (
        "continue\n",
        "1:1: error: SyntaxError: 'continue' not properly in loop",
        Cpy::Same,
    ),
    (
        "for x in []:\n    pass\nelse:\n    break\n",
        "4:5: error: SyntaxError: 'break' outside loop",
        Cpy::Same,
    ),
    (
        "while 0:\n    def f():\n        break\n",
        "3:9: error: SyntaxError: 'break' outside loop",
        Cpy::Same,
    ),
    ("yield 1\n", "1:1: error: SyntaxError: 'yield' outside function", Cpy::Same),
    (
        "class A:\n    x = yield\n",
        "2:9: error: SyntaxError: 'yield' outside function",
        Cpy::Same,
    ),
    ("await x\n", "1:1: error: SyntaxError: 'await' outside function", Cpy::Same),
    (
        "def f():\n    return [(yield) for x in y]\n",
        "2:14: error: SyntaxError: 'yield' inside list comprehension",
        Cpy::Same,
    ),
    (
        "print([x := 1 for x in range(3)])\n",
        "1:8: error: SyntaxError: assignment expression cannot rebind comprehension iteration variable 'x'",
        Cpy::Same,
    ),
    (
        "class A:\n    y = [z := 1 for x in range(3)]\n",
        "2:10: error: SyntaxError: assignment expression within a comprehension cannot be used in a class body",
        Cpy::Same,
    ),
    (
        "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
        "3:1: error: SyntaxError: default 'except:' must be last",
        Cpy::Same,
    ),
    (
        "return 1\ndef f(a, a):\n    pass\n",
        "2:10: error: SyntaxError: duplicate argument 'a'",
        Cpy::Same,
    ),
    (
        "nonlocal x\ndef f(a, a):\n    pass\n",
        "2:10: error: SyntaxError: duplicate argument 'a'",
        Cpy::Same,
    ),
    (
        "return 1\nf(a=1, a=2)\n",
        "1:1: error: SyntaxError: 'return' outside function",
        Cpy::Same,
    ),
    // Other syntax errors, in CPython's words (ruff's reason after
    // "invalid syntax").
    ("if x\n    pass\n", "1:5: error: SyntaxError: expected ':'", Cpy::Same),
    ("def f(:\n    pass\n", "1:7: error: SyntaxError: invalid syntax", Cpy::Same),
    ("def f(x y):\n    pass\n", "1:9: error: SyntaxError: invalid syntax", Cpy::Same),
    (
        "print 'x'\n",
        "1:1: error: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
        Cpy::Same,
    ),
    (
        "print(x y)\n",
        "1:7: error: SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        Cpy::Same,
    ),
    (
        "f(a,\n  g(1) c)\n",
        "2:3: error: SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        Cpy::Same,
    ),
    ("x = 3\u{e9}\n", "1:6: error: SyntaxError: invalid syntax", Cpy::Same),
    ("def f:\n    pass\n", "1:6: error: SyntaxError: expected '('", Cpy::Same),
    (
        "try:\n    pass\nx = 1\n",
        "3:1: error: SyntaxError: expected 'except' or 'finally' block",
        Cpy::Same,
    ),
    (
        "if 1:\n    def f():\n\nx = 1\n",
        "4:1: error: IndentationError: expected an indented block after function definition on line 2",
        Cpy::Same,
    ),
    (
        "x = (1,\n    2\ndef f():\n    pass\n",
        "1:5: error: SyntaxError: '(' was never closed",
        Cpy::Same,
    ),
    (
        "def f():\n    pass\n   @ bucket.append(1)\n    return 2\n",
        "3:1: error: IndentationError: unindent does not match any outer indentation level",
        Cpy::SameAtCol(22),
    ),
    // Valid Python outside gilsim's subset.
    (
        "def f(a, b):\n    return a @ b\n",
        "2:12: error: not supported by gilsim: the @ operator",
        Cpy::Accepts,
    ),
    ("x = 3j\n", "1:5: error: not supported by gilsim: complex numbers", Cpy::Accepts),
];
