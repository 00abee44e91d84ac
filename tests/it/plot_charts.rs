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
