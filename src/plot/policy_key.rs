//! What the convoy and load charts share: a colour and marker per GIL
//! policy, the same on every chart; switch intervals named for people
//! ("5 ms") and as flags spell them ("5ms"), both pickable by `--series`;
//! and text-width helpers for label areas that grow with the font.

use super::style::{self, Marker, Style};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Policies in the order they take colours: each keeps its colour on
/// every chart, whatever else the chart shows.
const KNOWN: [&str; 7] = [
    "newgil",
    "io-priority",
    "fifo",
    "ticks",
    "gvl",
    "masterlock",
    "oldgil",
];

/// The colour of policy `name` (parameters after `(` ignored); a policy
/// not in the list takes the colour of its place `i` among the chart's.
pub fn policy_color(name: &str, i: usize) -> RGBColor {
    let base = name.split('(').next().unwrap_or(name).trim();
    match KNOWN.iter().position(|k| *k == base) {
        Some(k) => style::palette(k),
        None => style::palette(i),
    }
}

/// The marker of policy `name`, alongside its colour.
pub fn policy_marker(name: &str, i: usize) -> Marker {
    let base = name.split('(').next().unwrap_or(name).trim();
    match KNOWN.iter().position(|k| *k == base) {
        Some(k) => style::marker(k),
        None => style::marker(i),
    }
}

/// A switch interval for people: "5 ms", "100 µs".
pub fn interval_human(ns: u64) -> String {
    crate::duration::human_ns(ns)
}

/// A switch interval as `--intervals` spells it: "5ms", "100us".
pub fn interval_flag(ns: u64) -> String {
    crate::duration::format_ns(ns)
}

/// Every name `--series` may give for these intervals: both spellings.
pub fn interval_names(intervals: &[u64]) -> Vec<String> {
    let mut v = Vec::new();
    for ns in intervals {
        for n in [interval_human(*ns), interval_flag(*ns)] {
            if !v.contains(&n) {
                v.push(n);
            }
        }
    }
    v
}

/// Whether interval `ns` is drawn: `--series` names it in either
/// spelling, or names no interval.
pub fn picks_interval(style: &Style, names: &[String], ns: u64) -> bool {
    style.picks(&[(names, &interval_human(ns))]) || style.picks(&[(names, &interval_flag(ns))])
}

/// The distinct items, in first-seen order.
pub fn distinct<T: PartialEq + Clone>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut v = Vec::new();
    for x in items {
        if !v.contains(&x) {
            v.push(x);
        }
    }
    v
}

/// The width in pixels of the widest of `labels` in `font` on `area`
/// (an estimate from the character count if the font cannot say).
pub fn widest<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: impl Iterator<Item = String>,
    font: &TextStyle,
    style: &Style,
) -> i32 {
    labels
        .map(|l| {
            area.estimate_text_size(&l, font)
                .map_or(l.chars().count() as i32 * style.len(9.0), |(w, _)| w as i32)
        })
        .max()
        .unwrap_or(0)
}

/// A file name as a chart shows it: the last component, never the
/// directories it was read from.
pub fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_keep_their_colour_whatever_else_is_on_the_chart() {
        assert_eq!(
            policy_color("io-priority", 0),
            policy_color("io-priority", 5)
        );
        assert_ne!(policy_color("newgil", 0), policy_color("io-priority", 1));
        assert_eq!(
            policy_color("io-priority(boost=1ms)", 3),
            policy_color("io-priority", 0)
        );
    }

    #[test]
    fn intervals_are_named_both_ways_and_picked_by_either() {
        let names = interval_names(&[5_000_000, 100_000]);
        assert_eq!(names, ["5 ms", "5ms", "100 µs", "100us"]);
        let s = Style {
            series: vec!["5ms".into()],
            ..Style::default()
        };
        assert!(picks_interval(&s, &names, 5_000_000));
        assert!(!picks_interval(&s, &names, 100_000));
        assert!(picks_interval(&Style::default(), &names, 100_000));
    }

    #[test]
    fn file_names_drop_their_directories() {
        assert_eq!(
            file_name("/work/main/programs/convoy.pyasm"),
            "convoy.pyasm"
        );
        assert_eq!(file_name("convoy.pyasm"), "convoy.pyasm");
    }
}
