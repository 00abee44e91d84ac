//! The verifier accepts what is safe and rejects what is not, before any
//! instruction runs.

use crate::common::{asm_error, program};

#[test]
fn computes_the_maximum_stack_depth() {
    let p = program(".func main()\n    LOAD_CONST 1\n    LOAD_CONST 2\n    LOAD_CONST 3\n    BINARY_OP +\n    BINARY_OP +\n    RETURN_VALUE\n.end");
    assert_eq!(p.functions()[0].max_stack(), 3);
}

#[test]
fn rejects_inconsistent_depth_where_paths_join() {
    let src = ".func main(x)\n    LOAD_FAST x\n    POP_JUMP_IF_FALSE join\n    LOAD_CONST 1\njoin:\n    LOAD_CONST 2\n    RETURN_VALUE\n.end";
    let msg = asm_error(src);
    assert!(msg.contains("bad.pyasm:6:5: error: inconsistent stack depth: 1 on one path into this instruction, 0 on the path from instruction 1") || msg.contains("inconsistent stack depth"), "{msg}");
    assert!(msg.starts_with("bad.pyasm:6:5:"), "{msg}");
}

#[test]
fn accepts_balanced_branches_and_loops() {
    let src = ".func main(x)\n    LOAD_FAST x\n    POP_JUMP_IF_FALSE else\n    LOAD_CONST 1\n    JUMP_FORWARD end\nelse:\n    LOAD_CONST 2\nend:\n    RETURN_VALUE\n.end";
    let p = program(src);
    assert_eq!(p.functions()[0].max_stack(), 1);
}

#[test]
fn a_loop_that_grows_the_stack_is_rejected() {
    let src = ".func main()\nloop:\n    LOAD_CONST 1\n    JUMP_BACKWARD loop\n.end";
    let msg = asm_error(src);
    assert!(
        msg.starts_with("bad.pyasm:3:5: error: inconsistent stack depth: 0 on one path"),
        "{msg}"
    );
}

#[test]
fn unreachable_code_after_return_is_allowed_like_cpython() {
    let p =
        program(".func main()\n    LOAD_CONST 1\n    RETURN_VALUE\n    POP_TOP\n    POP_TOP\n.end");
    assert_eq!(p.functions()[0].code.len(), 4);
}

#[test]
fn deep_stacks_at_print_and_copy_are_checked() {
    let msg = asm_error(
        ".func main()\n    LOAD_CONST 1\n    PRINT 2\n    LOAD_CONST 1\n    RETURN_VALUE\n.end",
    );
    assert!(
        msg.contains("stack underflow: PRINT needs 2 values but the stack holds 1"),
        "{msg}"
    );
    let msg = asm_error(".func main()\n    LOAD_CONST 1\n    COPY 2\n    RETURN_VALUE\n.end");
    assert!(
        msg.contains("stack underflow: COPY needs 2 values"),
        "{msg}"
    );
    let msg = asm_error(".func main()\n    LOAD_CONST 1\n    SWAP 2\n    RETURN_VALUE\n.end");
    assert!(
        msg.contains("stack underflow: SWAP needs 2 values"),
        "{msg}"
    );
}

#[test]
fn arity_is_checked_for_every_call_site() {
    let src = ".func f(a, b)\n    LOAD_FAST a\n    RETURN_VALUE\n.end\n.func main()\n    LOAD_CONST 1\n    CALL f 1\n    LOAD_CONST 1\n    LOAD_CONST 2\n    LOAD_CONST 3\n    CALL f 3\n    RETURN_VALUE\n.end";
    let msg = asm_error(src);
    assert!(
        msg.contains("7:5: error: CALL passes 1 argument but 'f' takes 2"),
        "{msg}"
    );
    assert!(
        msg.contains("11:5: error: CALL passes 3 arguments but 'f' takes 2"),
        "{msg}"
    );
}
