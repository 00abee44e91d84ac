//! How a chart looks: its size, text scale, theme and title, chosen on the
//! command line, and the colours and markers every chart shares, so a mode,
//! a kind of work or a thread state looks the same on every chart.
//!
//! Colours are the Okabe-Ito palette (Okabe & Ito, *Color Universal
//! Design*, 2008), safe for the common colour-vision deficiencies; every
//! line also has a marker of its own, so a chart reads in greyscale too.

use plotters::style::{Color, FontStyle, IntoFont, RGBColor, TextStyle};

/// Okabe-Ito orange.
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
/// Okabe-Ito sky blue.
pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
/// Okabe-Ito bluish green.
pub const BLUISH_GREEN: RGBColor = RGBColor(0, 158, 115);
/// Okabe-Ito yellow (too light for lines on white; used for fills only).
pub const YELLOW: RGBColor = RGBColor(240, 228, 66);
/// Okabe-Ito blue.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Okabe-Ito vermillion.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Okabe-Ito reddish purple.
pub const REDDISH_PURPLE: RGBColor = RGBColor(204, 121, 167);

/// The palette in the order lines take it when nothing else gives them a
/// colour (yellow last: it is faint on a light background).
pub const PALETTE: [RGBColor; 7] = [
    BLUE,
    VERMILLION,
    BLUISH_GREEN,
    REDDISH_PURPLE,
    ORANGE,
    SKY_BLUE,
    YELLOW,
];

/// The `i`-th colour of [`PALETTE`], cycling.
pub fn palette(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// `a` laid over `b` at opacity `alpha`, as one solid colour: what a
/// translucent fill looks like on the background, for a legend swatch
/// that must match it.
pub fn blend(a: RGBColor, b: RGBColor, alpha: f64) -> RGBColor {
    let alpha = alpha.clamp(0.0, 1.0);
    let m = |x: u8, y: u8| (x as f64 * alpha + y as f64 * (1.0 - alpha)).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The shapes that tell lines apart without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A filled square.
    Square,
    /// A filled triangle, point up.
    Triangle,
    /// A filled diamond.
    Diamond,
    /// An upright cross (plus sign), drawn with strokes.
    Plus,
    /// A filled triangle, point down.
    TriangleDown,
    /// A diagonal cross, drawn with strokes.
    Cross,
}

/// Markers in the order lines take them, with [`PALETTE`].
pub const MARKERS: [Marker; 7] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Plus,
    Marker::Cross,
];

/// The `i`-th marker of [`MARKERS`], cycling.
pub fn marker(i: usize) -> Marker {
    MARKERS[i % MARKERS.len()]
}

/// The colour of a model (mode) on every chart.
pub fn mode_color(mode: &str) -> RGBColor {
    match mode {
        "gil" => VERMILLION,
        "free" => BLUE,
        "async" => ORANGE,
        "process" => REDDISH_PURPLE,
        "interp" => BLUISH_GREEN,
        _ => SKY_BLUE,
    }
}

/// The marker of a model (mode) on every chart.
pub fn mode_marker(mode: &str) -> Marker {
    match mode {
        "gil" => Marker::Circle,
        "free" => Marker::Square,
        "async" => Marker::Diamond,
        "process" => Marker::Triangle,
        "interp" => Marker::TriangleDown,
        _ => Marker::Plus,
    }
}

/// The kinds of work a chart tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// Running bytecode (CPU-bound work, a thread holding the GIL).
    Cpu,
    /// Waiting on IO (IO-bound work, a thread in a blocking call).
    Io,
    /// Waiting for the GIL.
    Waiting,
}

impl Work {
    /// Its colour on every chart: blue for CPU, bluish green for IO,
    /// vermillion for waiting — the Okabe-Ito trio that stays apart for
    /// red-green colour blindness (orange beside vermillion would not).
    pub fn color(self) -> RGBColor {
        match self {
            Work::Cpu => BLUE,
            Work::Io => BLUISH_GREEN,
            Work::Waiting => VERMILLION,
        }
    }

    /// Its marker on every chart.
    pub fn marker(self) -> Marker {
        match self {
            Work::Cpu => Marker::Circle,
            Work::Io => Marker::Triangle,
            Work::Waiting => Marker::Square,
        }
    }

    /// The kind of a workload named `name`: IO if the name says so.
    pub fn of_workload(name: &str) -> Work {
        let n = name.to_ascii_lowercase();
        if n.contains("io") || n.contains("sleep") || n.contains("wait") {
            Work::Io
        } else {
            Work::Cpu
        }
    }
}

/// Background and text colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dark text on white: print, papers, light slides.
    #[default]
    Light,
    /// Light text on near-black: dark slide decks.
    Dark,
}

/// The colours of a theme that are not data.
#[derive(Clone, Copy, Debug)]
pub struct Ink {
    /// The background.
    pub background: RGBColor,
    /// Titles, labels and axes.
    pub text: RGBColor,
    /// Footnotes and other quiet text.
    pub muted: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Reference lines (ideal, core count).
    pub reference: RGBColor,
}

impl Theme {
    /// Its colours.
    pub fn ink(self) -> Ink {
        match self {
            Theme::Light => Ink {
                background: RGBColor(255, 255, 255),
                text: RGBColor(20, 20, 20),
                muted: RGBColor(90, 90, 90),
                grid: RGBColor(225, 225, 225),
                reference: RGBColor(110, 110, 110),
            },
            Theme::Dark => Ink {
                background: RGBColor(18, 18, 22),
                text: RGBColor(235, 235, 235),
                muted: RGBColor(170, 170, 170),
                grid: RGBColor(60, 60, 66),
                reference: RGBColor(160, 160, 160),
            },
        }
    }
}

/// Default pixel size of a chart.
pub const DEFAULT_SIZE: (u32, u32) = (1100, 700);

/// Pixel size of `--slides`: a 16:9 full-HD slide.
pub const SLIDES_SIZE: (u32, u32) = (1920, 1080);

/// Text scale of `--slides`: body text about 30 px at 1080 lines, legible
/// from the back of a lecture room.
pub const SLIDES_FONT_SCALE: f64 = 1.8;

/// Largest side of a chart, in pixels.
pub const MAX_SIDE: u32 = 10_000;

/// Everything the command line says about how charts look.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    /// Pixel size asked for; `None` lets each chart choose (most take
    /// [`DEFAULT_SIZE`]; some grow with their rows).
    pub size: Option<(u32, u32)>,
    /// Multiplies every text size.
    pub font_scale: f64,
    /// Background and text colours.
    pub theme: Theme,
    /// Replaces the chart's own title.
    pub title: Option<String>,
    /// Draw only these series (names as the chart lists them); empty: all.
    pub series: Vec<String>,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            size: None,
            font_scale: 1.0,
            theme: Theme::Light,
            title: None,
            series: Vec::new(),
        }
    }
}

impl Style {
    /// The theme's colours.
    pub fn ink(&self) -> Ink {
        self.theme.ink()
    }

    /// `base` pixels of text, scaled (at least 6 px).
    pub fn px(&self, base: f64) -> u32 {
        (base * self.font_scale).round().max(6.0) as u32
    }

    /// `base` pixels of a length that grows with text (a label area, a
    /// legend row, a marker), scaled.
    pub fn len(&self, base: f64) -> i32 {
        (base * self.font_scale).round().max(1.0) as i32
    }

    /// DejaVu Sans at `base` px, scaled, in the theme's text colour.
    pub fn font(&self, base: f64) -> TextStyle<'static> {
        inked(
            ("sans-serif", self.px(base)).into_font().into(),
            self.ink().text,
        )
    }

    /// Bold DejaVu Sans at `base` px, scaled, in the theme's text colour.
    pub fn bold(&self, base: f64) -> TextStyle<'static> {
        inked(
            ("sans-serif", self.px(base))
                .into_font()
                .style(FontStyle::Bold)
                .into(),
            self.ink().text,
        )
    }

    /// DejaVu Sans at `base` px, scaled, in the theme's quiet colour.
    pub fn muted(&self, base: f64) -> TextStyle<'static> {
        inked(
            ("sans-serif", self.px(base)).into_font().into(),
            self.ink().muted,
        )
    }

    /// The title to draw: the one asked for, else `own`.
    pub fn title(&self, own: &str) -> String {
        self.title.clone().unwrap_or_else(|| own.to_string())
    }

    /// The pixel size to draw at: the one asked for, else `own`.
    pub fn size_or(&self, own: (u32, u32)) -> (u32, u32) {
        self.size.unwrap_or(own)
    }

    /// Whether a series named by any of `names` is drawn.
    pub fn shows(&self, names: &[&str]) -> bool {
        self.series.is_empty()
            || names
                .iter()
                .any(|n| self.series.iter().any(|s| s.eq_ignore_ascii_case(n)))
    }

    /// Whether a series is drawn, given its value in each dimension a
    /// chart has (`(every name of the dimension on the chart, this series'
    /// name)`): names asked for from one dimension are alternatives, from
    /// different dimensions all must hold — `--series gil,process,cpu` is
    /// "gil or process, and cpu".
    pub fn picks(&self, dims: &[(&[String], &str)]) -> bool {
        dims.iter().all(|(names, mine)| {
            let asked: Vec<&String> = self
                .series
                .iter()
                .filter(|s| names.iter().any(|n| n.eq_ignore_ascii_case(s)))
                .collect();
            asked.is_empty() || asked.iter().any(|s| s.eq_ignore_ascii_case(mine))
        })
    }

    /// Checks `--series` against the names a chart has: every name asked
    /// for must be one of them.
    pub fn check_series(&self, available: &[String]) -> Result<(), String> {
        let unknown: Vec<&str> = self
            .series
            .iter()
            .filter(|s| !available.iter().any(|a| a.eq_ignore_ascii_case(s)))
            .map(String::as_str)
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let mut names: Vec<&str> = available.iter().map(String::as_str).collect();
        names.dedup();
        Err(format!(
            "--series: {} not on this chart; it has: {}",
            unknown.join(", "),
            if names.is_empty() {
                "no named series".to_string()
            } else {
                names.join(", ")
            }
        ))
    }
}

/// `text` in `color`.
fn inked(mut text: TextStyle<'static>, color: RGBColor) -> TextStyle<'static> {
    text.color = color.to_backend_color();
    text
}

/// Parses `--size WxH`: two whole numbers of pixels, each 100 to
/// [`MAX_SIDE`].
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("'{text}': a size is WIDTHxHEIGHT in pixels, e.g. 1920x1080");
    let (w, h) = text.trim().split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    for v in [w, h] {
        if !(100..=MAX_SIDE).contains(&v) {
            return Err(format!(
                "'{text}': each side must be 100 to {MAX_SIDE} pixels"
            ));
        }
    }
    Ok((w, h))
}

/// Parses `--font-scale`: a finite number from 0.25 to 8.
pub fn parse_font_scale(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if !(0.25..=8.0).contains(&v) {
        return Err(format!("'{text}': the font scale must be 0.25 to 8"));
    }
    Ok(v)
}

/// "1 run" or "5 runs": a count with its noun, grammatical.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_within_bounds_and_refuse_the_rest() {
        assert_eq!(parse_size("1920x1080"), Ok((1920, 1080)));
        assert_eq!(parse_size(" 800 X 600 "), Ok((800, 600)));
        assert_eq!(parse_size("800×600"), Ok((800, 600)));
        for bad in [
            "",
            "1920",
            "x",
            "1920x",
            "99x600",
            "800x20000",
            "-5x10",
            "1.5x2",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn font_scale_is_bounded() {
        assert_eq!(parse_font_scale("1.8"), Ok(1.8));
        for bad in ["0", "nan", "inf", "9", "-1", "big"] {
            assert!(parse_font_scale(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn series_selection_matches_names_and_lists_the_chart_s_own_on_a_miss() {
        let s = Style {
            series: vec!["GIL".into(), "io".into()],
            ..Style::default()
        };
        assert!(s.shows(&["gil", "cpu"]));
        assert!(s.shows(&["free", "io"]));
        assert!(!s.shows(&["free", "cpu"]));
        assert!(Style::default().shows(&["anything"]));
        let names = ["gil".to_string(), "io".to_string(), "cpu".to_string()];
        assert_eq!(s.check_series(&names), Ok(()));
        let e = s.check_series(&names[2..]).unwrap_err();
        assert!(e.contains("GIL, io not on this chart"), "{e}");
        assert!(e.contains("it has: cpu"), "{e}");
    }

    #[test]
    fn picks_or_within_a_dimension_and_and_across() {
        let modes = ["gil".to_string(), "free".into(), "process".into()];
        let works = ["cpu".to_string(), "io".into()];
        let s = Style {
            series: vec!["gil".into(), "process".into(), "cpu".into()],
            ..Style::default()
        };
        let pick = |m: &str, w: &str| s.picks(&[(&modes, m), (&works, w)]);
        assert!(pick("gil", "cpu"));
        assert!(pick("process", "cpu"));
        assert!(!pick("free", "cpu"));
        assert!(!pick("gil", "io"));
        let only_io = Style {
            series: vec!["io".into()],
            ..Style::default()
        };
        assert!(only_io.picks(&[(&modes, "free"), (&works, "io")]));
        assert!(!only_io.picks(&[(&modes, "free"), (&works, "cpu")]));
        assert!(Style::default().picks(&[(&modes, "free"), (&works, "cpu")]));
    }

    #[test]
    fn blend_lays_one_colour_over_another() {
        let (a, b) = (RGBColor(200, 100, 0), RGBColor(0, 100, 200));
        assert_eq!(blend(a, b, 1.0), a);
        assert_eq!(blend(a, b, 0.0), b);
        assert_eq!(blend(a, b, 0.5), RGBColor(100, 100, 100));
        assert_eq!(blend(a, b, 2.0), a, "opacity is clamped");
    }

    #[test]
    fn counts_are_grammatical() {
        assert_eq!(count(1, "run"), "1 run");
        assert_eq!(count(5, "run"), "5 runs");
        assert_eq!(count(0, "seed"), "0 seeds");
    }

    #[test]
    fn every_mode_and_work_kind_has_its_own_colour_and_marker() {
        let modes = ["gil", "free", "async", "process", "interp"];
        for (i, a) in modes.iter().enumerate() {
            for b in &modes[i + 1..] {
                assert_ne!(mode_color(a), mode_color(b), "{a} {b}");
                assert_ne!(mode_marker(a), mode_marker(b), "{a} {b}");
            }
        }
        let works = [Work::Cpu, Work::Io, Work::Waiting];
        for (i, a) in works.iter().enumerate() {
            for b in &works[i + 1..] {
                assert_ne!(a.color(), b.color());
                assert_ne!(a.marker(), b.marker());
            }
        }
        assert_eq!(Work::of_workload("io"), Work::Io);
        assert_eq!(Work::of_workload("cpu"), Work::Cpu);
    }
}
