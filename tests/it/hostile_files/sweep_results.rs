//! `plot RESULTS.json`: sweep results with impossible values.

use super::*;

fn cell_mut(r: &mut Json, i: usize) -> &mut Json {
    &mut r["cells"][i]
}

#[test]
fn results_files_with_impossible_values_are_refused_naming_the_cell() {
    let dir = TempDir::new("hostile-results");
    let base = load_json("tests/fixtures/sweep_small.json");
    type Mutation = Box<dyn Fn(&mut Json)>;
    let cases: Vec<(&str, Mutation, &str)> = vec![
        (
            "0 threads",
            Box::new(|r| cell_mut(r, 1)["threads"] = json!(0)),
            "cell 1 (cpu, strong, gil, newgil, 0 threads): 0 threads is not among the header's",
        ),
        (
            "unknown mode",
            Box::new(|r| cell_mut(r, 2)["mode"] = json!("turbo")),
            "cell 2 (cpu, strong, turbo, newgil, 4 threads): unknown mode 'turbo'",
        ),
        (
            "negative speedup",
            Box::new(|r| cell_mut(r, 1)["speedup"]["min"] = json!(-2.5)),
            "cell 1 (cpu, strong, gil, newgil, 2 threads): speedup.min is -2.5, below 0",
        ),
        (
            "absurd speedup",
            Box::new(|r| cell_mut(r, 1)["speedup"]["max"] = json!(1e300)),
            "speedup.max is 1e300, above 1e9",
        ),
        (
            "negative efficiency",
            Box::new(|r| cell_mut(r, 3)["efficiency"] = json!(-1e-9)),
            "cell 3 (cpu, strong, free, none, 1 threads): efficiency is",
        ),
        (
            "min above max",
            Box::new(|r| {
                cell_mut(r, 0)["wall_ns"]["min"] = json!(9_000_000_000u64);
            }),
            "cell 0 (cpu, strong, gil, newgil, 1 threads): wall_ns: figures out of order",
        ),
        (
            "a summary of more runs than the cell holds",
            Box::new(|r| cell_mut(r, 0)["wall_ns"]["n"] = json!(7)),
            "wall_ns.n is 7, but the cell has 3 runs",
        ),
        (
            "no runs",
            Box::new(|r| cell_mut(r, 0)["runs"] = json!([])),
            "no runs (a cell has at least one)",
        ),
        (
            "a run of a seed the header does not list",
            Box::new(|r| cell_mut(r, 0)["runs"][1]["seed"] = json!(99)),
            "run 1: seed 99 is not among the header's seeds",
        ),
        (
            "runs out of order",
            Box::new(|r| {
                let runs = cell_mut(r, 0)["runs"].as_array_mut().unwrap();
                runs.swap(0, 2);
            }),
            "runs out of seed and repetition order",
        ),
        (
            "a share above 1",
            Box::new(|r| cell_mut(r, 1)["thread_wait_share"][1] = json!(1e300)),
            "thread_wait_share[1] is 1e300, above 1.001",
        ),
        (
            "a negative share",
            Box::new(|r| cell_mut(r, 1)["gil_wait_share"]["min"] = json!(-0.5)),
            "gil_wait_share.min is -0.5, below 0",
        ),
        (
            "unknown scaling",
            Box::new(|r| cell_mut(r, 0)["scaling"] = json!("sideways")),
            "unknown scaling 'sideways'",
        ),
        (
            "a cell twice",
            Box::new(|r| {
                let c = r["cells"][0].clone();
                r["cells"].as_array_mut().unwrap().push(c);
            }),
            "cell 24 (cpu, strong, gil, newgil, 1 threads): the same cell as cell 0",
        ),
        (
            "a thread count the header does not list",
            Box::new(|r| cell_mut(r, 2)["threads"] = json!(3)),
            "3 threads is not among the header's",
        ),
        (
            "an unknown policy",
            Box::new(|r| r["header"]["policies"][0] = json!("lottery")),
            "header: unknown policy 'lottery'",
        ),
        (
            "no cores",
            Box::new(|r| r["header"]["machine"]["cores"] = json!(0)),
            "header: machine.cores is 0",
        ),
        (
            "an unknown mode in the header",
            Box::new(|r| r["header"]["modes"][0] = json!("warp")),
            "header: unknown mode 'warp'",
        ),
        (
            "an unknown engine",
            Box::new(|r| r["header"]["engine"] = json!("steam")),
            "header: unknown engine 'steam'",
        ),
        (
            "a shard past the count",
            Box::new(|r| r["header"]["shard"] = json!({"index": 4, "count": 4})),
            "header: shard 4/4",
        ),
        (
            "no cells",
            Box::new(|r| r["cells"] = json!([])),
            "the results hold no cells",
        ),
        (
            "too many workloads",
            Box::new(|r| {
                let c = r["cells"][0].clone();
                let cells: Vec<Json> = (0..100)
                    .map(|i| {
                        let mut c = c.clone();
                        c["workload"] = json!(format!("w{i}"));
                        c
                    })
                    .collect();
                r["cells"] = json!(cells);
            }),
            "more than 64 workloads",
        ),
        (
            "a negative thread count",
            Box::new(|r| cell_mut(r, 1)["threads"] = json!(-2)),
            "not a gilsim sweep results file",
        ),
        (
            "a string for a number",
            Box::new(|r| cell_mut(r, 1)["efficiency"] = json!("fast")),
            "invalid type: string \"fast\", expected f64",
        ),
        (
            "an unknown field",
            Box::new(|r| cell_mut(r, 1)["speedy"] = json!(1)),
            "unknown field `speedy`",
        ),
    ];
    for (what, f, fragment) in &cases {
        let mut r = base.clone();
        f(&mut r);
        let p = dir.write("bad.json", serde_json::to_vec_pretty(&r).unwrap());
        let e = SweepResults::read_json(&p).unwrap_err();
        assert!(matches!(e, Error::Results { .. }), "{what}: {e}");
        assert_eq!(e.exit_code(), 65, "{what}");
        assert!(e.to_string().contains(fragment), "{what}: {e}");
    }
    // JSON that cannot hold the value, or is cut short: line:col.
    let text = std::fs::read_to_string(repo_path("tests/fixtures/sweep_small.json")).unwrap();
    let inf = text.replacen("\"efficiency\": 1.0,", "\"efficiency\": 1e999,", 1);
    let p = dir.write("inf.json", inf);
    let e = SweepResults::read_json(&p).unwrap_err();
    assert!(
        e.to_string().contains("at 93:25: number out of range"),
        "{e}"
    );
    let p = dir.write("cut.json", &text[..1000]);
    let e = SweepResults::read_json(&p).unwrap_err();
    assert!(e.to_string().contains("EOF while parsing"), "{e}");
    assert_eq!(e.exit_code(), 65);

    // End to end: exit 65, the cell named, no chart written.
    let out = dir.path("charts");
    for (what, f, fragment) in cases.iter().take(4) {
        let mut r = base.clone();
        f(&mut r);
        let p = dir.write("bad.json", serde_json::to_vec_pretty(&r).unwrap());
        let o = gilsim(&["plot", s(&p), "-o", s(&out)]);
        assert_eq!(o.code, Some(65), "{what}\n{}", o.show_cut(3000));
        assert!(o.stderr.contains(fragment), "{what}\n{}", o.show_cut(3000));
        assert!(!out.exists(), "{what}: charts were written");
    }
    let o = gilsim(&["plot", "/bin/sh", "-o", s(&out)]);
    assert_eq!(o.code, Some(65), "a binary file\n{}", o.show_cut(3000));
}

#[test]
fn the_repositorys_own_results_files_pass_the_checks() {
    for f in [
        "tests/fixtures/sweep_small.json",
        "plots/results.json",
        "plots/virtual16/results.json",
    ] {
        let p = repo_path(f);
        if p.exists() {
            SweepResults::read_json(&p).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let p = repo_path("plots/convoy.json");
    if p.exists() {
        ConvoyResults::read_json(&p).unwrap_or_else(|e| panic!("{e}"));
    }
}
