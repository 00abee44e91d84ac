//! The timeline, convoy, load and validate charts as a reader sees them:
//! titles that say what differs, legends of what is drawn, intervals for
//! people, grammatical footnotes, `--series`, the dark theme. Drawn from
//! the saved results in plots/ and read back as SVG.

use crate::common::{gilsim_within, TempDir};
use gilsim::plot::convoy::ConvoyChart;
use gilsim::plot::load::LoadChart;
use gilsim::plot::output::save_file;
use gilsim::plot::style::Theme;
use gilsim::plot::timeline::{self, TimelineData};
use gilsim::plot::validate::ValidateChart;
use gilsim::plot::{Chart, Style};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn plots(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("plots")
        .join(name)
}

/// The texts of an SVG, in document order.
fn texts(svg: &Path) -> Vec<String> {
    let src = std::fs::read_to_string(svg).unwrap();
    let doc = roxmltree::Document::parse(&src).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            n.descendants()
                .filter_map(|d| d.text())
                .map(str::trim)
                .find(|t| !t.is_empty())
                .map(str::to_string)
        })
        .collect()
}

/// Draws `chart` in `style` to an SVG in a fresh directory; its texts.
fn svg_texts<C: Chart>(chart: &C, style: &Style, name: &str) -> Vec<String> {
    let dir = TempDir::new("plot-charts");
    let out = dir.path(&format!("{name}.svg"));
    save_file(chart, &out, style).unwrap();
    texts(&out)
}

fn traces() -> Vec<TimelineData> {
    ["trace_convoy_newgil.json", "trace_convoy_io-priority.json"]
        .iter()
        .map(|f| TimelineData::read(&plots(f)).unwrap())
        .collect()
}

fn timeline_texts(data: &[TimelineData], style: &Style) -> Vec<String> {
    let chart = timeline::TimelineChart {
        data,
        from_ms: 0.0,
        to_ms: 40.0,
    };
    svg_texts(&chart, style, "timeline")
}

#[test]
fn a_two_trace_timeline_titles_each_panel_by_its_policy_and_shows_no_path() {
    let t = timeline_texts(&traces(), &Style::default());
    assert!(t.iter().any(|s| s == "policy newgil"), "{t:?}");
    assert!(t.iter().any(|s| s == "policy io-priority"), "{t:?}");
    assert!(
        t.iter()
            .any(|s| s.contains("convoy.pyasm, gil mode: newgil vs io-priority")),
        "{t:?}"
    );
    assert!(
        t.iter()
            .all(|s| !s.contains("/work") && !s.contains("programs/")),
        "{t:?}"
    );
}

#[test]
fn a_timeline_legend_lists_only_the_states_drawn() {
    let t = timeline_texts(&traces(), &Style::default());
    for shown in [
        "running (GIL held)",
        "waiting for the GIL",
        "IO",
        "drop request",
    ] {
        assert!(t.iter().any(|s| s == shown), "{shown} missing: {t:?}");
    }
    for absent in [
        "blocked on a lock",
        "native work (GIL released)",
        "native work (GIL held)",
    ] {
        assert!(!t.iter().any(|s| s == absent), "{absent} drawn: {t:?}");
    }
    // The CPU-bound thread alone never waits for IO.
    let cpu_only = Style {
        series: vec!["Thread-1 (cpu)".into()],
        ..Style::default()
    };
    let t = timeline_texts(&traces(), &cpu_only);
    assert!(t.iter().any(|s| s == "running (GIL held)"), "{t:?}");
    assert!(!t.iter().any(|s| s == "IO"), "{t:?}");
    assert!(!t.iter().any(|s| s == "Thread-2 (io)"), "{t:?}");
}

fn convoy() -> gilsim::experiment::convoy::ConvoyResults {
    gilsim::experiment::convoy::ConvoyResults::read_json(&plots("convoy.json")).unwrap()
}

#[test]
fn the_convoy_chart_names_intervals_for_people_and_counts_runs_grammatically() {
    let r = convoy();
    let t = svg_texts(&ConvoyChart { results: &r }, &Style::default(), "convoy");
    assert!(t.iter().any(|s| s == "switch interval 5 ms"), "{t:?}");
    assert!(t.iter().any(|s| s == "switch interval 100 µs"), "{t:?}");
    assert!(
        !t.iter().any(|s| s.split_whitespace().any(|w| w == "us")
            || s.contains("000 u")
            || s.contains("000us")),
        "{t:?}"
    );
    let foot = t
        .iter()
        .find(|s| s.starts_with("gilsim "))
        .expect("a footnote");
    assert!(foot.contains("1 run") && !foot.contains("1 runs"), "{foot}");
}

#[test]
fn series_on_the_convoy_chart_keeps_only_the_policies_and_intervals_asked_for() {
    let r = convoy();
    let chart = ConvoyChart { results: &r };
    let names = chart.series_names();
    for n in ["newgil", "io-priority", "5 ms", "5ms", "100 µs", "100us"] {
        assert!(names.iter().any(|x| x == n), "{n} not in {names:?}");
    }
    let style = Style {
        series: vec!["io-priority".into(), "1ms".into()],
        ..Style::default()
    };
    let t = svg_texts(&chart, &style, "convoy");
    assert!(t.iter().any(|s| s == "io-priority"), "{t:?}");
    for gone in ["newgil", "fifo", "ticks", "switch interval 5 ms"] {
        assert!(!t.iter().any(|s| s == gone), "{gone} drawn: {t:?}");
    }
    assert!(t.iter().any(|s| s == "switch interval 1 ms"), "{t:?}");
}

#[test]
fn the_load_chart_labels_lines_by_policy_and_human_interval() {
    let r = gilsim::experiment::load::LoadResults::read_json(&plots("load.json")).unwrap();
    let chart = LoadChart { results: &r };
    let t = svg_texts(&chart, &Style::default(), "load");
    assert!(t.iter().any(|s| s == "newgil, 5 ms"), "{t:?}");
    assert!(t.iter().any(|s| s == "io-priority, 500 µs"), "{t:?}");
    assert!(
        !t.iter().any(|s| s.contains("500us") || s.contains("5000")),
        "{t:?}"
    );
    let foot = t
        .iter()
        .find(|s| s.starts_with("gilsim "))
        .expect("a footnote");
    assert!(foot.contains("mean of 5 runs"), "{foot}");
    let only = Style {
        series: vec!["newgil".into()],
        ..Style::default()
    };
    let t = svg_texts(&chart, &only, "load");
    assert!(!t.iter().any(|s| s.starts_with("io-priority")), "{t:?}");
}

#[test]
fn the_validate_chart_picks_interpreters_and_families() {
    let r = gilsim::validate::ValidateResults::load(&plots("validate/validate.json")).unwrap();
    let chart = ValidateChart { results: &r };
    let names = chart.series_names();
    for n in ["3.11", "2.7", "cpu", "io", "convoy", "pipeline"] {
        assert!(names.iter().any(|x| x == n), "{n} not in {names:?}");
    }
    let style = Style {
        series: vec!["3.11".into(), "convoy".into()],
        ..Style::default()
    };
    let t = svg_texts(&chart, &style, "validate");
    let rows: Vec<&String> = t.iter().filter(|s| s.starts_with("3.")).collect();
    assert_eq!(rows.len(), 3, "{t:?}");
    assert!(
        rows.iter().all(|s| s.starts_with("3.11  convoy")),
        "{rows:?}"
    );
    assert!(t.iter().any(|s| s == "fidelity target"), "{t:?}");
}

#[test]
fn an_unknown_series_is_a_usage_error_through_the_binary() {
    let dir = TempDir::new("plot-charts");
    let out = dir.path("c");
    let o = gilsim_within(
        &[
            "plot",
            "convoy",
            "plots/convoy.json",
            "-o",
            out.to_str().unwrap(),
            "--series",
            "nosuch",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(o.code, Some(64), "{}", o.show());
    assert!(o.stderr.contains("nosuch"), "{}", o.show());
}

#[test]
fn the_dark_theme_has_a_dark_background_and_slides_are_full_hd() {
    let dir = TempDir::new("plot-charts");
    let data = traces();
    let chart = timeline::TimelineChart {
        data: &data,
        from_ms: 0.0,
        to_ms: 40.0,
    };
    let style = Style {
        theme: Theme::Dark,
        size: Some((1920, 1080)),
        font_scale: 1.8,
        ..Style::default()
    };
    let png = dir.path("t.png");
    save_file(&chart, &png, &style).unwrap();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1920, 1080));
    // The top-left pixel is background: dark, not white.
    let px = &buf[..3];
    assert!(px.iter().all(|c| *c < 60), "{px:?}");
}

/// Draws `chart` in `style` to SVG text.
fn svg_of<C: Chart>(chart: &C, style: &Style) -> String {
    use plotters::prelude::*;
    gilsim::plot::register_fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, chart.size(style)).into_drawing_area();
        chart.draw(&root, style).expect("the chart draws");
        root.present().unwrap();
    }
    out
}

/// A `<text>` of an SVG: where, how and what.
#[derive(Debug)]
struct Text {
    x: f64,
    y: f64,
    anchor: String,
    /// In pixels (plotters writes a font's pixel size / 1.24).
    px: f64,
    fill: String,
    text: String,
}

fn svg_text_elements(svg: &str) -> Vec<Text> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let num =
        |n: &roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| Text {
            x: num(&n, "x"),
            y: num(&n, "y"),
            anchor: n.attribute("text-anchor").unwrap_or("").to_string(),
            px: num(&n, "font-size") * 1.24,
            fill: n.attribute("fill").unwrap_or("").to_ascii_uppercase(),
            text: n
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
                .trim()
                .to_string(),
        })
        .collect()
}

/// The horizontal `<line>`s of an SVG in `stroke` (`#RRGGBB`): (x1, x2, y).
fn horizontal_lines(svg: &str, stroke: &str) -> Vec<(f64, f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let num =
        |n: &roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    doc.descendants()
        .filter(|n| n.has_tag_name("line"))
        .filter(|n| {
            n.attribute("stroke")
                .is_some_and(|s| s.eq_ignore_ascii_case(stroke))
        })
        .filter(|n| num(n, "y1") == num(n, "y2"))
        .map(|n| (num(&n, "x1"), num(&n, "x2"), num(&n, "y1")))
        .collect()
}

/// The light theme's grid colour.
const GRID: &str = "#E1E1E1";

/// Checks that every horizontal grid line of `svg` has a y label (a
/// right-aligned, non-empty text just left of the line at its height);
/// returns how many there are.
fn every_grid_line_labelled(svg: &str, what: &str) -> usize {
    let texts = svg_text_elements(svg);
    let lines = horizontal_lines(svg, GRID);
    for (x1, _, y) in &lines {
        let label = texts.iter().find(|t| {
            t.anchor == "end" && (t.y - y).abs() <= 1.0 && t.x <= *x1 && t.x >= x1 - 40.0
        });
        assert!(
            label.is_some_and(|t| !t.text.is_empty()),
            "{what}: a grid line at y = {y} without a label ({label:?})"
        );
    }
    lines.len()
}

#[test]
fn log_axes_draw_grid_lines_only_at_labelled_values() {
    let load = |f: &str| gilsim::experiment::load::LoadResults::read_json(&plots(f)).unwrap();
    for file in ["load.json", "load_long.json"] {
        let r = load(file);
        for style in [
            Style::default(),
            Style {
                size: Some((1920, 1080)),
                font_scale: 1.8,
                ..Style::default()
            },
        ] {
            let svg = svg_of(&LoadChart { results: &r }, &style);
            let n = every_grid_line_labelled(&svg, file);
            // Three log panels of a few labels each, and the throughput's.
            assert!((12..=40).contains(&n), "{file}: {n} grid lines");
        }
    }
    let r = convoy();
    let svg = svg_of(&ConvoyChart { results: &r }, &Style::default());
    every_grid_line_labelled(&svg, "convoy");
}

/// The footnote's lines: the chart's quiet text at the footnote's size.
fn footnote_lines(svg: &str, style: &Style) -> Vec<Text> {
    let muted = "#5A5A5A";
    svg_text_elements(svg)
        .into_iter()
        .filter(|t| t.fill == muted && (t.px - style.px(14.0) as f64).abs() < 0.5)
        .collect()
}

/// The width of `text` in DejaVu Sans at `px` pixels.
fn width(text: &str, px: u32) -> f64 {
    use plotters::style::IntoFont;
    gilsim::plot::register_fonts();
    ("sans-serif", px).into_font().box_size(text).unwrap().0 as f64
}

#[test]
fn a_footnote_wider_than_the_chart_wraps_onto_lines_within_it() {
    let r = gilsim::experiment::load::LoadResults::read_json(&plots("load.json")).unwrap();
    let chart = LoadChart { results: &r };
    let whole = footnote_lines(&svg_of(&chart, &Style::default()), &Style::default());
    assert_eq!(
        whole.len(),
        1,
        "it fits on one line at the default size: {whole:?}"
    );
    for style in [
        Style {
            size: Some((600, 500)),
            ..Style::default()
        },
        Style {
            font_scale: 2.0,
            ..Style::default()
        },
    ] {
        let (w, h) = chart.size(&style);
        let lines = footnote_lines(&svg_of(&chart, &style), &style);
        assert!(lines.len() > 1, "{:?}: {lines:?}", style.size);
        for l in &lines {
            assert!(
                l.x >= 0.0 && l.x + width(&l.text, style.px(14.0)) <= w as f64,
                "{l:?}"
            );
            assert!(l.y > h as f64 * 0.6 && l.y + l.px <= h as f64, "{l:?}");
        }
        for pair in lines.windows(2) {
            assert!(
                pair[1].y >= pair[0].y + pair[0].px,
                "lines overlap: {pair:?}"
            );
        }
        let joined: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            joined.join(" · "),
            whole[0].text,
            "broken only between items"
        );
    }
}

#[test]
fn the_validate_chart_at_slides_has_every_row_in_columns_with_larger_labels() {
    let r = gilsim::validate::ValidateResults::load(&plots("validate/validate.json")).unwrap();
    let chart = ValidateChart { results: &r };
    let is_row =
        |t: &Text| t.anchor == "end" && (t.text.starts_with("3.") || t.text.starts_with("2.7"));
    let n = r.rows.len();
    assert!(n > 30, "the committed results have many rows");

    let rows: Vec<Text> = svg_text_elements(&svg_of(&chart, &Style::default()))
        .into_iter()
        .filter(is_row)
        .collect();
    assert_eq!(rows.len(), n);
    assert!(
        rows.iter().all(|t| t.x == rows[0].x),
        "one column at the default size"
    );
    assert!(
        rows.iter().all(|t| (t.px - 15.0).abs() < 0.5),
        "{:?}",
        rows[0]
    );

    let slides = Style {
        size: Some((1920, 1080)),
        font_scale: 1.8,
        ..Style::default()
    };
    let rows: Vec<Text> = svg_text_elements(&svg_of(&chart, &slides))
        .into_iter()
        .filter(is_row)
        .collect();
    assert_eq!(rows.len(), n, "every row drawn");
    let min_px = rows.iter().map(|t| t.px).fold(f64::INFINITY, f64::min);
    assert!(
        min_px >= 20.0,
        "row labels of {min_px} px on a 1080-line slide"
    );
    let mut xs: Vec<i64> = rows.iter().map(|t| t.x as i64).collect();
    xs.dedup();
    assert!(xs.len() > 1, "in columns");
    for t in &rows {
        assert!(
            t.x - width(&t.text, t.px.round() as u32) >= 0.0 && t.x <= 1920.0,
            "{t:?}"
        );
    }
    // Each interpreter's rows stay in one column.
    for py in ["3.11", "2.7", "3.12", "3.13"] {
        let mut at: Vec<i64> = rows
            .iter()
            .filter(|t| t.text.starts_with(&format!("{py} ")))
            .map(|t| t.x as i64)
            .collect();
        at.dedup();
        assert_eq!(at.len(), 1, "{py}: {at:?}");
    }
    // Rows are no closer than their labels are tall.
    let mut ys: Vec<f64> = rows
        .iter()
        .filter(|t| t.x == rows[0].x)
        .map(|t| t.y)
        .collect();
    ys.sort_by(f64::total_cmp);
    assert!(ys.windows(2).all(|p| p[1] - p[0] >= min_px), "{ys:?}");
}
