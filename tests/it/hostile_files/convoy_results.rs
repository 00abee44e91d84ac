//! `plot convoy`: convoy results with impossible values.

use super::*;

#[test]
fn convoy_results_with_impossible_values_are_refused_naming_the_row() {
    let dir = TempDir::new("hostile-convoy");
    let base = load_json("plots/convoy.json");
    type Mutation = Box<dyn Fn(&mut Json)>;
    let row = "row 1 (policy newgil, switch interval 5000000 ns, 1 CPU-bound threads)";
    let cases: Vec<(&str, Mutation, String)> = vec![
        (
            "negative IO rate",
            Box::new(|r| r["rows"][1]["io_ops_per_s"] = json!(-1e308)),
            format!("{row}: io_ops_per_s is -1e308, below 0"),
        ),
        (
            "absurd IO rate",
            Box::new(|r| r["rows"][1]["io_ops_per_s"] = json!(1.7e308)),
            "io_ops_per_s is 1.7e308, above 1e15".into(),
        ),
        (
            "loss above 1",
            Box::new(|r| r["rows"][1]["cpu_loss"] = json!(2.0)),
            format!("{row}: cpu_loss is 2, above 1"),
        ),
        (
            "p50 above p99",
            Box::new(|r| r["rows"][1]["io_back_p50_ns"] = json!(u64::MAX)),
            "is above io_back_p99_ns".into(),
        ),
        (
            "no rows",
            Box::new(|r| r["rows"] = json!([])),
            "the results hold no rows".into(),
        ),
        (
            "no cores",
            Box::new(|r| r["machine"]["cores"] = json!(0)),
            "machine.cores is 0".into(),
        ),
        (
            "negative IO length",
            Box::new(|r| r["io_secs"] = json!(-0.5)),
            "io_secs is -0.5, below 0".into(),
        ),
        (
            "a row twice",
            Box::new(|r| {
                let x = r["rows"][0].clone();
                r["rows"].as_array_mut().unwrap().push(x);
            }),
            "the same configuration as row 0".into(),
        ),
        (
            "an unknown policy",
            Box::new(|r| r["rows"][0]["policy"] = json!("lottery")),
            "unknown policy 'lottery'".into(),
        ),
        (
            "2000 switch intervals",
            Box::new(|r| {
                let x = r["rows"][0].clone();
                let rows: Vec<Json> = (0..2000)
                    .map(|i| {
                        let mut x = x.clone();
                        x["switch_interval_ns"] = json!(i);
                        x
                    })
                    .collect();
                r["rows"] = json!(rows);
            }),
            "more than 16 switch intervals".into(),
        ),
    ];
    for (what, f, fragment) in &cases {
        let mut r = base.clone();
        f(&mut r);
        let p = dir.write("bad.json", serde_json::to_vec_pretty(&r).unwrap());
        let e = ConvoyResults::read_json(&p).unwrap_err();
        assert!(matches!(e, Error::Results { .. }), "{what}: {e}");
        assert_eq!(e.exit_code(), 65);
        assert!(e.to_string().contains(fragment.as_str()), "{what}: {e}");
    }
    let out = dir.path("c");
    for (what, f, fragment) in cases.iter().take(4) {
        let mut r = base.clone();
        f(&mut r);
        let p = dir.write("bad.json", serde_json::to_vec_pretty(&r).unwrap());
        let o = gilsim(&["plot", "convoy", s(&p), "-o", s(&out)]);
        assert_eq!(o.code, Some(65), "{what}\n{}", o.show_cut(3000));
        assert!(
            o.stderr.contains(fragment.as_str()),
            "{what}\n{}",
            o.show_cut(3000)
        );
        assert!(!dir.path("c.svg").exists() && !dir.path("c.png").exists());
    }
}
