//! `plot timeline`: trace files no run could make.

use super::*;

/// A trace with each of `f`'s changes applied to its events.
fn mutated_trace(base: &Json, f: impl Fn(&mut Vec<Json>)) -> Json {
    let mut t = base.clone();
    f(t["traceEvents"].as_array_mut().unwrap());
    t
}

fn first(events: &mut [Json], ph: &str) -> usize {
    events.iter().position(|e| e["ph"] == ph).unwrap()
}

#[test]
fn traces_no_run_could_make_are_data_errors() {
    let dir = TempDir::new("hostile-traces");
    let trace = make_trace(&dir);
    let base: Json = serde_json::from_slice(&std::fs::read(&trace).unwrap()).unwrap();
    assert!(TimelineData::from_json(&base).is_ok());
    type Mutation = Box<dyn Fn(&mut Vec<Json>)>;
    let cases: Vec<(&str, Mutation, &str)> = vec![
        (
            "all negative",
            Box::new(|ev| {
                for e in ev.iter_mut().filter(|e| e.get("ts").is_some()) {
                    e["ts"] = json!(-1.0 - e["ts"].as_f64().unwrap());
                }
            }),
            "ts is -",
        ),
        (
            "negative dur",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["dur"] = json!(-5);
            }),
            "dur is -5",
        ),
        (
            "huge ts",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["ts"] = json!(1e300);
            }),
            "later than any run",
        ),
        (
            "huge span",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["ts"] = json!(9e14);
                ev[i]["dur"] = json!(9e14);
            }),
            "ends after",
        ),
        (
            "ts a string",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["ts"] = json!("12");
            }),
            "not a number",
        ),
        (
            "no dur",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i].as_object_mut().unwrap().remove("dur");
            }),
            "has no dur",
        ),
        (
            "no tid",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["tid"] = json!(-1);
            }),
            "has no tid",
        ),
        (
            "span on an unnamed thread",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["tid"] = json!(4242);
            }),
            "thread 4242, which no thread_name names",
        ),
        (
            "a thread named twice",
            Box::new(|ev| {
                let i = ev.iter().position(|e| e["name"] == "thread_name").unwrap();
                let again = ev[i].clone();
                ev.push(again);
            }),
            "a second time",
        ),
        (
            "an unknown span",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["name"] = json!("dancing");
            }),
            "unknown span 'dancing'",
        ),
        (
            "an event that is not an object",
            Box::new(|ev| ev.insert(1, json!([1, 2]))),
            "event 1 is not an object",
        ),
        (
            "an event without ph",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i].as_object_mut().unwrap().remove("ph");
            }),
            "has no ph",
        ),
        (
            "no threads",
            Box::new(|ev| ev.retain(|e| e["name"] != "thread_name")),
            "no threads",
        ),
        (
            "too many threads",
            Box::new(|ev| {
                ev.extend((0..5000).map(|i| {
                    json!({"ph": "M", "name": "thread_name", "pid": 1, "tid": 10_000 + i,
                           "args": {"name": format!("t{i}")}})
                }))
            }),
            "more than 4096 threads",
        ),
    ];
    for (what, f, fragment) in &cases {
        let t = mutated_trace(&base, f);
        let p = dir.write("bad.json", serde_json::to_vec(&t).unwrap());
        let e = TimelineData::read(&p).unwrap_err();
        assert!(matches!(e, Error::Results { .. }), "{what}: {e}");
        assert_eq!(e.exit_code(), 65, "{what}");
        assert!(e.to_string().contains(fragment), "{what}: {e}");
    }
    // Wrong shapes and truncations, with the position serde_json gives.
    let text = std::fs::read_to_string(&trace).unwrap();
    for (what, body, fragment) in [
        (
            "truncated",
            &text[..text.len() / 2],
            "not a gilsim trace at 1:",
        ),
        ("empty", "", "not a gilsim trace at 1:0"),
        ("an array", "[1, 2, 3]", "no traceEvents array"),
        (
            "events not a list",
            "{\"traceEvents\": 7}",
            "no traceEvents array",
        ),
        (
            "not UTF-8",
            "{\"traceEvents\": [\"\u{fffd}",
            "not a gilsim trace",
        ),
    ] {
        let p = dir.write("bad.json", body);
        let e = TimelineData::read(&p).unwrap_err();
        assert_eq!(e.exit_code(), 65, "{what}: {e}");
        assert!(e.to_string().contains(fragment), "{what}: {e}");
    }
    // Bytes that are not UTF-8 at all: malformed (65), not unreadable (66).
    let p = dir.write("binary.json", [0xff, 0xfe, 0x00, 0x7b]);
    assert_eq!(TimelineData::read(&p).unwrap_err().exit_code(), 65);

    // End to end: exit 65 and the message, no image.
    let out = dir.path("t.svg");
    for (what, f, fragment) in cases.iter().take(4) {
        let p = dir.write(
            "bad.json",
            serde_json::to_vec(&mutated_trace(&base, f)).unwrap(),
        );
        let o = gilsim(&["plot", "timeline", s(&p), "-o", s(&out)]);
        assert_eq!(o.code, Some(65), "{what}\n{}", o.show_cut(3000));
        assert!(o.stderr.contains(fragment), "{what}\n{}", o.show_cut(3000));
        assert!(!out.exists());
    }
    let p = dir.write("cut.json", &text[..text.len() - 7]);
    let o = gilsim(&["plot", "timeline", s(&trace), s(&p), "-o", s(&out)]);
    assert_eq!(o.code, Some(65), "{}", o.show_cut(3000));
    assert!(
        o.stderr.contains("cut.json: not a gilsim trace at 1:"),
        "{}",
        o.show_cut(3000)
    );
}
