//! The assembler: linear in locals, constants and parameters.

use super::*;

#[test]
fn a_function_with_70000_locals_constants_and_60000_parameters_assembles() {
    let dir = TempDir::new("hostile-asm");
    let mut src = String::from(".func wide(");
    src.push_str(
        &(0..60_000)
            .map(|i| format!("p{i}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    src.push_str(")\n    LOAD_FAST p59999\n    RETURN_VALUE\n.end\n.func main()\n");
    for i in 0..70_000 {
        src.push_str(&format!("    LOAD_CONST \"s{i}\"\n    STORE_FAST v{i}\n"));
    }
    src.push_str(
        "    LOAD_FAST v69999\n    LOAD_FAST v0\n    BINARY_OP +\n    RETURN_VALUE\n.end\n",
    );
    let p = dir.write("wide.pyasm", &src);
    let o = gilsim(&["check", s(&p)]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    assert!(
        o.stdout.contains("ok (2 functions, 140006 instructions)"),
        "{}",
        o.show_cut(3000)
    );
    let o = gilsim(&["run", s(&p), "--format", "json"]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    let report: Json = serde_json::from_str(o.stderr.trim()).unwrap();
    assert_eq!(report["threads"][0]["returned"], "\"s69999s0\"");

    // Equal constants share a slot; 1, 1.0, True, 0.0 and -0.0 do not.
    let prog = gilsim::asm::assemble(
        "c.pyasm",
        ".func main()\n    LOAD_CONST 1\n    LOAD_CONST 1.0\n    LOAD_CONST True\n    LOAD_CONST 1\n    LOAD_CONST 0.0\n    LOAD_CONST -0.0\n    LOAD_CONST \"1\"\n    LOAD_CONST \"1\"\n    LOAD_CONST 1.0\n    PRINT 9\n    LOAD_CONST None\n    RETURN_VALUE\n.end\n",
    )
    .unwrap();
    assert_eq!(prog.functions()[0].consts.len(), 7);
    assert_eq!(
        prog.functions()[0]
            .consts
            .iter()
            .map(|c| c.to_literal())
            .collect::<Vec<_>>(),
        ["1", "1.0", "True", "0.0", "-0.0", "\"1\"", "None"]
    );
}
