//! A timeline's titles from its traces' metadata: what the traces share
//! goes in the chart title and footnote, what differs between them titles
//! each panel ("convoy.pyasm, gil mode: newgil vs io-priority").

use super::policy_key::file_name;
use serde_json::Value as Json;

/// One fact about a traced run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// What it is: `program`, `mode`, `policy`, `switch interval`, `engine`.
    pub key: &'static str,
    /// Its value as a chart shows it ("convoy.pyasm", "5 ms").
    pub value: String,
}

impl Field {
    /// The field in a sentence: "convoy.pyasm", "gil mode", "newgil",
    /// "switch interval 5 ms", "real engine".
    pub fn phrase(&self) -> String {
        match self.key {
            "mode" => format!("{} mode", self.value),
            "engine" => format!("{} engine", self.value),
            "switch interval" => format!("switch interval {}", self.value),
            _ => self.value.clone(),
        }
    }

    /// The field as a panel title names it: "policy newgil".
    pub fn labelled(&self) -> String {
        match self.key {
            "program" => self.value.clone(),
            "mode" | "engine" => self.phrase(),
            _ => format!("{} {}", self.key, self.value),
        }
    }

    /// Whether the chart title names it when all traces share it (the
    /// rest go to the footnote).
    fn in_title(&self) -> bool {
        matches!(self.key, "program" | "mode" | "policy")
    }
}

/// The fields of a trace's `otherData`, those it has, in title order;
/// a program is shown by its file name only.
pub fn fields(meta: &Json) -> Vec<Field> {
    let text = |k: &str| meta.get(k).and_then(Json::as_str).map(super::cut);
    let mut v = Vec::new();
    if let Some(p) = text("program") {
        v.push(Field {
            key: "program",
            value: super::cut(&file_name(&p)),
        });
    }
    if let Some(m) = text("mode") {
        v.push(Field {
            key: "mode",
            value: m,
        });
    }
    if let Some(p) = text("policy") {
        v.push(Field {
            key: "policy",
            value: p,
        });
    }
    if let Some(ns) = meta.get("switch_interval_ns").and_then(Json::as_u64) {
        v.push(Field {
            key: "switch interval",
            value: crate::duration::human_ns(ns),
        });
    }
    if let Some(e) = text("engine") {
        v.push(Field {
            key: "engine",
            value: e,
        });
    }
    v
}

/// The titles of a timeline of `traces` (each a trace's fields).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Titles {
    /// The chart's own title.
    pub chart: String,
    /// Each panel's title (empty with one trace).
    pub panels: Vec<String>,
    /// Shared facts not in the title, for the footnote.
    pub shared: Vec<String>,
}

/// The value of `key` in `f`, if it has it.
fn value<'a>(f: &'a [Field], key: &str) -> Option<&'a str> {
    f.iter().find(|x| x.key == key).map(|x| x.value.as_str())
}

/// Titles for `traces`: shared fields in the chart title (program, mode,
/// policy) or footnote (switch interval, engine); differing ones title
/// the panels and follow the title as "a vs b".
pub fn titles(traces: &[&[Field]]) -> Titles {
    const KEYS: [&str; 5] = ["program", "mode", "policy", "switch interval", "engine"];
    let mut shared_title = Vec::new();
    let mut shared = Vec::new();
    let mut differ: Vec<&str> = Vec::new();
    for key in KEYS {
        let vals: Vec<Option<&str>> = traces.iter().map(|t| value(t, key)).collect();
        if vals.iter().all(|v| *v == vals[0]) {
            if let Some(f) = traces.first().and_then(|t| t.iter().find(|x| x.key == key)) {
                if f.in_title() {
                    shared_title.push(f.phrase());
                } else {
                    shared.push(f.phrase());
                }
            }
        } else {
            differ.push(key);
        }
    }
    let panels: Vec<String> = if traces.len() < 2 {
        Vec::new()
    } else if differ.is_empty() {
        (1..=traces.len()).map(|i| format!("trace {i}")).collect()
    } else {
        traces
            .iter()
            .map(|t| {
                differ
                    .iter()
                    .map(|k| match t.iter().find(|x| x.key == *k) {
                        Some(f) => f.labelled(),
                        None => format!("{k} unknown"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect()
    };
    let mut chart = String::from("GIL timeline");
    if !shared_title.is_empty() {
        chart.push_str(" of ");
        chart.push_str(&shared_title.join(", "));
    }
    if !differ.is_empty() && traces.len() > 1 {
        let short: Vec<String> = traces
            .iter()
            .map(|t| {
                differ
                    .iter()
                    .filter_map(|k| t.iter().find(|x| x.key == *k).map(Field::phrase))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        chart.push_str(": ");
        chart.push_str(&short.join(" vs "));
    }
    Titles {
        chart,
        panels,
        shared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta(policy: &str, interval: u64) -> Vec<Field> {
        fields(&json!({
            "engine": "real", "mode": "gil", "policy": policy,
            "program": "/work/main/programs/convoy.pyasm",
            "switch_interval_ns": interval
        }))
    }

    #[test]
    fn two_policies_title_the_panels_and_share_the_rest() {
        let (a, b) = (meta("newgil", 5_000_000), meta("io-priority", 5_000_000));
        let t = titles(&[&a, &b]);
        assert_eq!(
            t.chart,
            "GIL timeline of convoy.pyasm, gil mode: newgil vs io-priority"
        );
        assert_eq!(t.panels, ["policy newgil", "policy io-priority"]);
        assert_eq!(t.shared, ["switch interval 5 ms", "real engine"]);
    }

    #[test]
    fn one_trace_has_everything_in_title_and_footnote() {
        let a = meta("newgil", 1_000_000);
        let t = titles(&[&a]);
        assert_eq!(t.chart, "GIL timeline of convoy.pyasm, gil mode, newgil");
        assert!(t.panels.is_empty());
        assert_eq!(t.shared, ["switch interval 1 ms", "real engine"]);
    }

    #[test]
    fn intervals_that_differ_title_the_panels() {
        let (a, b) = (meta("newgil", 5_000_000), meta("newgil", 100_000));
        let t = titles(&[&a, &b]);
        assert_eq!(t.panels, ["switch interval 5 ms", "switch interval 100 µs"]);
        assert!(t
            .chart
            .ends_with(": switch interval 5 ms vs switch interval 100 µs"));
    }
}
