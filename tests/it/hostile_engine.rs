//! The engines under attack: random concurrent programs — threads started
//! and joined in any order, locks taken, released twice or never, IO,
//! native work, yields — in every mode on both engines, and mutated
//! cost-model files. Whatever happens, the run ends (ok, error, deadlock
//! or timeout), never panics, and its report is consistent with itself;
//! a virtual run replays byte for byte.

use gilsim::asm::assemble;
use gilsim::engine::vtime::CostModel;
use gilsim::engine::{EngineConfig, Mode, RunConfig};
use gilsim::metrics::{RunEnd, RunReport, ThreadEnd};
use gilsim::vm::Capture;
use proptest::prelude::*;
use std::sync::Arc;

/// Locks and thread slots the programs share.
const SLOTS: usize = 3;

/// One stack-neutral statement of a generated function.
fn statement(k: usize, choice: u8) -> String {
    match choice % 9 {
        0 => format!("    LOAD_GLOBAL l{k}\n    LOCK_ACQUIRE\n"),
        1 => format!("    LOAD_GLOBAL l{k}\n    LOCK_RELEASE\n"),
        2 => "    LOAD_CONST 0.0002\n    IO_WAIT\n".into(),
        3 => "    YIELD\n".into(),
        4 => "    LOAD_CONST 5\n    LOAD_CONST True\n    CALL_NATIVE\n".into(),
        5 => format!("    LOAD_GLOBAL t{k}\n    JOIN_THREAD\n"),
        6 => format!("    START_THREAD w{k} 0\n    STORE_GLOBAL t{k}\n"),
        7 => "    LOAD_CONST 5\n    LOAD_CONST False\n    CALL_NATIVE\n".into(),
        _ => format!(
            "    LOAD_CONST 300\n    STORE_FAST n\nspin{k}_{choice}:\n    LOAD_FAST n\n    LOAD_CONST 1\n    BINARY_OP -\n    COPY 1\n    STORE_FAST n\n    LOAD_CONST 0\n    COMPARE_OP >\n    POP_JUMP_IF_TRUE spin{k}_{choice}\n"
        ),
    }
}

/// A program: `main` makes the locks, then runs its statements; each
/// worker `w<k>` runs its own (workers start no threads, so the program
/// always ends).
fn program_text(main: &[(usize, u8)], workers: &[Vec<(usize, u8)>]) -> String {
    let mut s = String::new();
    for k in 0..SLOTS {
        s += &format!(".global l{k} = None\n.global t{k} = None\n");
    }
    s += ".func main()\n";
    for k in 0..SLOTS {
        s += &format!("    NEW_LOCK\n    STORE_GLOBAL l{k}\n");
    }
    for (i, (k, c)) in main.iter().enumerate() {
        s += &statement(*k, *c).replace("spin", &format!("m{i}spin"));
    }
    s += "    LOAD_CONST None\n    RETURN_VALUE\n.end\n";
    for (w, body) in workers.iter().enumerate() {
        s += &format!(".func w{w}()\n");
        for (i, (k, c)) in body.iter().enumerate() {
            // Workers start no threads of their own: map 6 to a yield.
            let c = if c % 9 == 6 { 3 } else { *c };
            s += &statement(*k, c).replace("spin", &format!("w{w}s{i}spin"));
        }
        s += "    LOAD_CONST None\n    RETURN_VALUE\n.end\n";
    }
    s
}

fn run(text: &str, cfg: &RunConfig) -> RunReport {
    let p = Arc::new(assemble("fuzz.pyasm", text).unwrap_or_else(|d| panic!("{d}\n{text}")));
    let sink = Arc::new(Capture::default());
    gilsim::engine::run(p, cfg, sink.clone(), sink)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .report
}

/// What every report must say of itself, whatever the program did.
fn consistent(r: &RunReport, text: &str) {
    let ctx = || format!("{r:#?}\n{text}");
    assert_eq!(r.deadlock.is_some(), r.end == RunEnd::Deadlock, "{}", ctx());
    assert!(
        r.errors.iter().all(|e| !e.contains("internal error")),
        "{}",
        ctx()
    );
    let waits: u64 = r.gil_wait_histogram.iter().map(|b| b.count).sum();
    let takes: u64 = r.threads.iter().map(|t| t.gil_acquisitions).sum();
    assert_eq!(waits, takes, "one GIL wait sample per take: {}", ctx());
    let backs: u64 = r.io_reacquire_histogram.iter().map(|b| b.count).sum();
    let ios: u64 = r.threads.iter().map(|t| t.io_ops).sum();
    assert!(backs <= ios, "{}", ctx());
    if r.end == RunEnd::Ok {
        assert!(
            r.threads.iter().all(|t| t.end == ThreadEnd::Finished),
            "{}",
            ctx()
        );
    }
    if r.mode == Mode::Gil || r.mode == Mode::Async {
        assert!(r.max_parallel <= 1, "{}", ctx());
    }
}

fn body() -> impl Strategy<Value = Vec<(usize, u8)>> {
    prop::collection::vec((0..SLOTS, any::<u8>()), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn random_concurrent_programs_end_consistently_everywhere(
        main in body(),
        workers in prop::collection::vec(body(), SLOTS),
        seed in 0u64..1000,
        cores in 1u32..5,
    ) {
        let text = program_text(&main, &workers);
        for mode in [Mode::Gil, Mode::Free, Mode::Async] {
            let base = RunConfig {
                mode,
                timeout_ns: Some(5_000_000_000),
                ..RunConfig::default()
            };
            consistent(&run(&text, &base), &text);
            let mut engine = EngineConfig::virtual_machine(cores);
            engine.seed = seed;
            let v = RunConfig { engine, ..base };
            let a = run(&text, &v);
            consistent(&a, &text);
            let b = run(&text, &v);
            prop_assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&b).unwrap(),
                "a seed replays exactly"
            );
        }
    }

    #[test]
    fn mutated_cost_models_are_accepted_or_refused_never_a_crash(
        cut in 0usize..700,
        flips in prop::collection::vec((0usize..700, any::<u8>()), 0..4),
        big in prop::sample::select(vec!["1e308", "-1", "1e-300", "NaN", "0", "18446744073709551616", "\"x\""]),
        field in 0usize..13,
    ) {
        let mut text = serde_json::to_string_pretty(&CostModel::default()).unwrap();
        let name = CostModel::RANGES[field].0;
        if let Some(at) = text.find(&format!("\"{name}\": ")) {
            let start = at + name.len() + 4;
            let end = start + text[start..].find([',', '\n']).unwrap_or(0);
            text.replace_range(start..end, big);
        }
        let mut bytes = text.into_bytes();
        for (at, b) in flips {
            if !bytes.is_empty() {
                let i = at % bytes.len();
                bytes[i] = b;
            }
        }
        if cut < bytes.len() && cut % 3 == 0 {
            bytes.truncate(cut);
        }
        let dir = crate::common::TempDir::new("hostile-cost");
        let f = dir.write(&format!("m{cut}-{field}.json"), &bytes);
        let loaded = CostModel::load(&f);
        drop(dir);
        if let Ok(m) = loaded {
            // Accepted: every figure is in range, and a run on it works.
            prop_assert!(m.validate().is_ok());
            let mut engine = EngineConfig::virtual_machine(2);
            engine.cost = m;
            let cfg = RunConfig {
                engine,
                timeout_ns: Some(1_000_000_000_000),
                ..RunConfig::default()
            };
            let r = run(".func main()\n    LOAD_CONST 0.001\n    IO_WAIT\n    LOAD_CONST None\n    RETURN_VALUE\n.end", &cfg);
            prop_assert_eq!(r.end, RunEnd::Ok);
        }
    }
}
