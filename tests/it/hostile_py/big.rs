//! Big programs: linear lookups of names, globals, locals and constants.

use super::*;

#[test]
fn a_hundred_thousand_globals_and_fifty_thousand_locals_check_quickly() {
    let dir = TempDir::new("hostile-py-big");
    let mut globals = String::new();
    for i in 0..100_000 {
        globals.push_str(&format!("g{i} = {i}\n"));
    }
    globals.push_str("print(g0 + g99999)\n");
    let (code, err) = check(&dir, "globals.py", &globals);
    assert_eq!(code, 0, "{err}");
    let mut locals = String::from("def f():\n");
    for i in 0..50_000 {
        locals.push_str(&format!("    v{i} = {i}.5\n"));
    }
    locals.push_str("    return v0 + v49999\n\nprint(f())\n");
    let (code, err) = check(&dir, "locals.py", &locals);
    assert_eq!(code, 0, "{err}");
    // Many distinct names read back, and many repeated constants.
    let mut reads = String::from("def f(a):\n");
    for i in 0..20_000 {
        reads.push_str(&format!("    w{i} = a + {}\n", i % 7));
    }
    reads.push_str("    s = 0\n");
    for i in (0..20_000).rev() {
        reads.push_str(&format!("    s += w{i}\n"));
    }
    reads.push_str("    return s\n\nprint(f(1))\n");
    let o = gilsim(
        &dir,
        "reads.py",
        reads.as_bytes(),
        &["run", "--format", "none"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout), "79997\n");
}
