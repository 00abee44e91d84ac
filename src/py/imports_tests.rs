//! Tests of [`super`]: relative imports resolved, `__all__` read, the
//! names a star import binds.

use super::*;

fn parse(src: &str) -> Vec<Stmt> {
    let options = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module);
    match ruff_python_parser::parse_unchecked(src, options).into_syntax() {
        ruff_python_ast::Mod::Module(m) => m.body.to_vec(),
        _ => unreachable!(),
    }
}

#[test]
fn relative_imports_resolve_against_the_package_as_cpython_s_do() {
    assert_eq!(
        package_of("asyncio/__init__.py", Some("asyncio")).as_deref(),
        Some("asyncio")
    );
    assert_eq!(
        package_of("asyncio/tasks.py", Some("asyncio.tasks")).as_deref(),
        Some("asyncio")
    );
    assert_eq!(package_of("queue.py", Some("queue")), None);
    assert_eq!(package_of("prog.py", None), None);
    assert_eq!(
        absolute(Some("asyncio"), 1, Some("events")).unwrap(),
        "asyncio.events"
    );
    assert_eq!(absolute(Some("asyncio"), 1, None).unwrap(), "asyncio");
    assert_eq!(
        absolute(Some("concurrent.futures"), 2, Some("interpreters")).unwrap(),
        "concurrent.interpreters"
    );
    assert_eq!(
        absolute(Some("asyncio"), 2, Some("x")),
        Err("attempted relative import beyond top-level package")
    );
    assert_eq!(
        absolute(None, 1, Some("x")),
        Err("attempted relative import with no known parent package")
    );
}

#[test]
fn all_is_read_from_literals_and_from_submodules() {
    let all = |src: &str, pkg: Option<&str>| dunder_all(&parse(src), pkg);
    assert_eq!(all("x = 1\n", None), None);
    assert_eq!(
        all("__all__ = ['a', 'b']\n__all__ += ('c',)\n", None),
        Some(Ok(vec!["a".into(), "b".into(), "c".into()]))
    );
    let tasks = all("__all__ = tasks.__all__ + ['x']\n", Some("asyncio"))
        .unwrap()
        .unwrap();
    assert!(tasks.contains(&"gather".to_string()) && tasks.ends_with(&["x".to_string()]));
    for (src, why) in [
        (
            "__all__ = sorted(['a'])\n",
            "is not a list or tuple of string literals",
        ),
        (
            "__all__ = ['a']\n__all__.append('b')\n",
            "is changed by a method call",
        ),
        ("if x:\n    __all__ = ['a']\n", "is set inside a block"),
        (
            "__all__ = nothing.__all__\n",
            "reads 'nothing', not a submodule of asyncio",
        ),
    ] {
        let e = all(src, Some("asyncio")).unwrap().unwrap_err();
        assert!(e.starts_with(why), "{src}: {e}");
    }
}

#[test]
fn a_module_without_all_exports_the_public_names_it_binds() {
    let names = star_names("asyncio").unwrap();
    assert!(names.listed && names.names.contains(&"Queue".to_string()));
    let body = parse("import sys\nfrom x import y as _z\na = 1\nif a:\n    b = 2\ndef _f(): pass\nclass C: pass\n");
    let syms = Symbols::analyse_with(&body, &Stars::new());
    let public: Vec<&String> = syms.scopes[0]
        .bound
        .iter()
        .filter(|n| !n.starts_with('_'))
        .collect();
    assert_eq!(public, ["sys", "a", "b", "C"]);
    let math = star_names("math").unwrap();
    assert!(math.listed && math.names.contains(&"sqrt".to_string()));
}
