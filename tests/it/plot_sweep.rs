//! The sweep charts (speedup, wall time, GIL wait) as a reader sees them:
//! a panel per workload with its title, one legend entry per mode with a
//! marker instead of words, `--series` picking modes and workloads, the
//! dark theme, intervals written for people, and an unknown `--series`
//! refused with the chart's names. Drawn from a small fixed results file;
//! no sweep is run and no time is measured.

use crate::common::{gilsim_within, repo_path, TempDir};
use gilsim::experiment::results::SweepResults;
use gilsim::plot::style::{Style, Theme};
use gilsim::plot::sweep::{Metric, ScalingChart, WaitShareChart};
use gilsim::plot::Chart;
use plotters::prelude::*;
use std::time::Duration;

/// The small fixed sweep: workloads cpu and io, modes gil and free, 1-4
/// threads, 3 seeds, switch interval 5 ms, virtual engine on 2 cores.
fn small() -> SweepResults {
    SweepResults::read_json(&repo_path("tests/fixtures/sweep_small.json")).unwrap()
}

/// The same sweep with its gil lines at a second switch interval (10 ms)
/// too: a variant each gil line must name.
fn with_intervals() -> SweepResults {
    let mut r = small();
    let extra: Vec<_> = r
        .cells
        .iter()
        .filter(|c| c.mode == "gil")
        .cloned()
        .map(|mut c| {
            c.switch_interval_ns = Some(10_000_000);
            c.speedup.mean *= 0.9;
            c
        })
        .collect();
    r.cells.extend(extra);
    r.header.switch_intervals_ns = vec![5_000_000, 10_000_000];
    r
}

/// Draws `chart` to an SVG string in `style`.
fn svg<C: Chart>(chart: &C, style: &Style) -> String {
    gilsim::plot::register_fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, chart.size(style)).into_drawing_area();
        chart.draw(&root, style).expect("the chart draws");
        root.present().unwrap();
    }
    out
}

/// Every text of an SVG, one string per `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses as XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let text: String = n
                .descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect();
            text.trim().to_string()
        })
        .collect()
}

fn speedup(r: &SweepResults) -> ScalingChart<'_> {
    ScalingChart {
        results: r,
        scaling: "strong",
        metric: Metric::Speedup,
    }
}

fn picking(names: &[&str]) -> Style {
    Style {
        series: names.iter().map(|s| s.to_string()).collect(),
        ..Style::default()
    }
}

fn count(ts: &[String], text: &str) -> usize {
    ts.iter().filter(|t| t.as_str() == text).count()
}

#[test]
fn two_workloads_make_two_titled_panels_and_a_legend_entry_per_mode() {
    let r = small();
    for metric in [Metric::Speedup, Metric::Wall] {
        let chart = ScalingChart {
            results: &r,
            scaling: "strong",
            metric,
        };
        let ts = texts(&svg(&chart, &Style::default()));
        assert_eq!(count(&ts, "CPU-bound: cpu"), 1, "{metric:?}: {ts:?}");
        assert_eq!(count(&ts, "IO-bound: io"), 1, "{metric:?}: {ts:?}");
        assert_eq!(count(&ts, "threads with the GIL"), 1, "{ts:?}");
        assert_eq!(count(&ts, "free-threaded"), 1, "{ts:?}");
        assert_eq!(count(&ts, "2 simulated cores"), 1, "{ts:?}");
        assert!(ts
            .iter()
            .all(|t| !t.contains("(dashed") && !t.contains("(solid")));
        assert_eq!(count(&ts, "threads (log2 scale)"), 2, "an x axis per panel");
    }
    let ts = texts(&svg(&speedup(&r), &Style::default()));
    assert!(ts.iter().any(|t| t.starts_with("Strong scaling: speedup")));
    assert_eq!(count(&ts, "ideal (linear speedup)"), 1);
    let foot = ts
        .iter()
        .find(|t| t.starts_with("gilsim "))
        .expect("a footnote");
    assert!(foot.contains("mean of 3 runs, bands are 95% CIs"), "{foot}");
    assert!(
        foot.contains("2 simulated cores (virtual engine)"),
        "{foot}"
    );
    assert!(foot.contains("switch interval 5 ms"), "{foot}");
}

#[test]
fn series_pick_modes_in_every_panel_and_workloads_as_panels() {
    let r = small();
    let ts = texts(&svg(&speedup(&r), &picking(&["gil"])));
    assert_eq!(count(&ts, "threads with the GIL"), 1);
    assert_eq!(count(&ts, "free-threaded"), 0, "{ts:?}");
    assert_eq!(count(&ts, "CPU-bound: cpu") + count(&ts, "IO-bound: io"), 2);

    let ts = texts(&svg(&speedup(&r), &picking(&["io"])));
    assert_eq!(count(&ts, "IO-bound: io"), 1);
    assert_eq!(count(&ts, "CPU-bound: cpu"), 0, "{ts:?}");
    assert_eq!(count(&ts, "free-threaded"), 1);

    let wait = WaitShareChart {
        results: &r,
        scaling: "strong",
    };
    let ts = texts(&svg(&wait, &picking(&["cpu"])));
    assert_eq!(count(&ts, "CPU-bound: cpu"), 1);
    assert_eq!(count(&ts, "IO-bound: io"), 0);
    let names = speedup(&r).series_names();
    for n in [
        "gil", "free", "cpu", "io", "newgil", "5 ms", "5ms", "2 cores",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
    }
}

#[test]
fn variants_are_named_with_human_intervals_and_picked_by_flag_spelling() {
    let r = with_intervals();
    let ts = texts(&svg(&speedup(&r), &Style::default()));
    assert_eq!(count(&ts, "threads with the GIL, 5 ms"), 1, "{ts:?}");
    assert_eq!(count(&ts, "threads with the GIL, 10 ms"), 1, "{ts:?}");
    assert!(ts
        .iter()
        .all(|t| !t.contains("10ms") && !t.contains("10000us")));
    let ts = texts(&svg(&speedup(&r), &picking(&["10ms"])));
    assert_eq!(count(&ts, "threads with the GIL, 10 ms"), 1, "{ts:?}");
    assert_eq!(count(&ts, "threads with the GIL, 5 ms"), 0, "{ts:?}");
}

#[test]
fn dark_theme_paints_a_dark_background_and_slides_keep_their_size() {
    let r = small();
    let style = Style {
        theme: Theme::Dark,
        size: Some((1920, 1080)),
        font_scale: 1.8,
        ..Style::default()
    };
    let text = svg(&speedup(&r), &style);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let svg_el = doc.root_element();
    assert_eq!(svg_el.attribute("width"), Some("1920"));
    let bg = doc
        .descendants()
        .find(|n| n.has_tag_name("rect"))
        .and_then(|n| n.attribute("fill"))
        .expect("a background")
        .to_ascii_lowercase();
    assert!(bg != "#ffffff" && bg != "white", "{bg}");
    let wait = WaitShareChart {
        results: &r,
        scaling: "weak",
    };
    let ts = texts(&svg(&wait, &style));
    assert_eq!(
        count(&ts, "threads with the GIL: mean over threads"),
        1,
        "{ts:?}"
    );
}

#[test]
fn an_unknown_series_is_refused_with_the_names_the_charts_have() {
    let dir = TempDir::new("plot-sweep-nosuch");
    let fixture = repo_path("tests/fixtures/sweep_small.json");
    let out = gilsim_within(
        &[
            "plot",
            fixture.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
            "--series",
            "nosuch",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(64), "{}", out.show());
    for name in ["nosuch", "gil", "free", "cpu", "io"] {
        assert!(out.stderr.contains(name), "{name}: {}", out.show());
    }
    let ok = gilsim_within(
        &[
            "plot",
            fixture.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
            "--series",
            "gil,io",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(ok.code, Some(0), "{}", ok.show());
}

/// The footnote's lines (its quiet colour and size, top to bottom) with
/// the x of each.
fn footnote_lines(svg: &str, style: &Style) -> Vec<(f64, f64, String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let num = |n: &roxmltree::Node, a: &str| -> f64 {
        n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0)
    };
    let px = style.px(14.0) as f64;
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            n.attribute("fill")
                .is_some_and(|f| f.eq_ignore_ascii_case("#5A5A5A"))
        })
        .filter(|n| (num(n, "font-size") * 1.24 - px).abs() < 0.5)
        .map(|n| {
            let text: String = n
                .descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect();
            (num(&n, "x"), num(&n, "y"), text.trim().to_string())
        })
        .collect()
}

#[test]
fn a_sweep_footnote_too_long_for_a_narrow_chart_wraps_between_its_items() {
    use plotters::style::IntoFont;
    gilsim::plot::register_fonts();
    let r = small();
    let chart = speedup(&r);
    let whole = footnote_lines(&svg(&chart, &Style::default()), &Style::default());
    assert_eq!(whole.len(), 1, "{whole:?}");
    let whole = &whole[0].2;
    assert!(whole.contains(" · switch interval 5 ms") || whole.contains("switch interval 5 ms"));
    for style in [
        Style {
            size: Some((600, 500)),
            ..Style::default()
        },
        Style {
            size: Some((1100, 700)),
            font_scale: 2.0,
            ..Style::default()
        },
    ] {
        let (w, h) = chart.size(&style);
        let lines = footnote_lines(&svg(&chart, &style), &style);
        assert!(lines.len() >= 2, "{lines:?}");
        let font = ("sans-serif", style.px(14.0)).into_font();
        for (x, y, text) in &lines {
            let tw = font.box_size(text).unwrap().0 as f64;
            assert!(*x >= 0.0 && x + tw <= w as f64, "{text}: {x} + {tw} > {w}");
            assert!(*y < h as f64, "{text} below the chart");
            assert!(!text.starts_with('·') && !text.ends_with('·'), "{text}");
        }
        let joined: Vec<&str> = lines.iter().map(|l| l.2.as_str()).collect();
        assert_eq!(&joined.join(" · "), whole);
    }
}
