//! The parts every chart shares around its data: the background, the
//! title, a legend drawn outside the data (in as many columns as fit), the
//! footnote, markers and swatches, and axis styling in the chart's theme.

use super::style::{Marker, Style};
use plotters::coord::Shift;
use plotters::element::{DynElement, EmptyElement, IntoDynElement, PathElement};
use plotters::prelude::*;

/// Turns a drawing error into the message charts return.
pub fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// One key of a legend: a swatch (line, marker, filled box) and its label.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The text.
    pub label: String,
    /// The colour of the swatch.
    pub color: RGBColor,
    /// The marker drawn on the swatch, if the series has one.
    pub marker: Option<Marker>,
    /// How the swatch is drawn.
    pub swatch: Swatch,
}

/// The look of a legend swatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// A solid line (with the marker on it).
    Line,
    /// A dashed line (with the marker on it).
    Dashed,
    /// A filled box: a state or a band.
    Block,
    /// The marker alone.
    Point,
}

impl Entry {
    /// A solid-line entry with a marker.
    pub fn line(label: impl Into<String>, color: RGBColor, marker: Option<Marker>) -> Entry {
        Entry {
            label: label.into(),
            color,
            marker,
            swatch: Swatch::Line,
        }
    }

    /// A dashed-line entry with a marker.
    pub fn dashed(label: impl Into<String>, color: RGBColor, marker: Option<Marker>) -> Entry {
        Entry {
            swatch: Swatch::Dashed,
            ..Entry::line(label, color, marker)
        }
    }

    /// A filled-box entry.
    pub fn block(label: impl Into<String>, color: RGBColor) -> Entry {
        Entry {
            swatch: Swatch::Block,
            ..Entry::line(label, color, None)
        }
    }

    /// A marker-only entry.
    pub fn point(label: impl Into<String>, color: RGBColor, marker: Marker) -> Entry {
        Entry {
            swatch: Swatch::Point,
            ..Entry::line(label, color, Some(marker))
        }
    }
}

/// A marker of `radius` pixels at `at`, as an element of any coordinate
/// system (data coordinates on a chart, pixels on an area).
pub fn glyph<'a, DB: DrawingBackend + 'a, C: Clone + 'a>(
    m: Marker,
    at: C,
    radius: i32,
    color: RGBColor,
) -> DynElement<'a, DB, C> {
    let r = radius.max(2);
    let fill = color.filled();
    let stroke = color.stroke_width((r / 3).max(2) as u32);
    let e = EmptyElement::at(at);
    match m {
        Marker::Circle => (e + Circle::new((0, 0), r, fill)).into_dyn(),
        Marker::Square => {
            let s = r * 85 / 100;
            (e + Polygon::new(vec![(-s, -s), (s, -s), (s, s), (-s, s)], fill)).into_dyn()
        }
        Marker::Triangle => {
            (e + Polygon::new(vec![(0, -r - 1), (r + 1, r - 1), (-r - 1, r - 1)], fill)).into_dyn()
        }
        Marker::TriangleDown => {
            (e + Polygon::new(vec![(0, r + 1), (r + 1, -r + 1), (-r - 1, -r + 1)], fill)).into_dyn()
        }
        Marker::Diamond => {
            let s = r + 1;
            (e + Polygon::new(vec![(0, -s), (s, 0), (0, s), (-s, 0)], fill)).into_dyn()
        }
        Marker::Plus => (e
            + PathElement::new(vec![(-r, 0), (r, 0)], stroke)
            + PathElement::new(vec![(0, -r), (0, r)], stroke))
        .into_dyn(),
        Marker::Cross => (e
            + PathElement::new(vec![(-r, -r), (r, r)], stroke)
            + PathElement::new(vec![(-r, r), (r, -r)], stroke))
        .into_dyn(),
    }
}

/// Draws `marker` in `color` at each of `points` on `chart`, `radius`
/// pixels across: the markers of a line series.
pub fn draw_markers<DB: DrawingBackend, X, Y>(
    chart: &plotters::chart::ChartContext<'_, DB, plotters::coord::cartesian::Cartesian2d<X, Y>>,
    points: &[(X::ValueType, Y::ValueType)],
    marker: Marker,
    radius: i32,
    color: RGBColor,
) -> Result<(), String>
where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
    X::ValueType: Clone,
    Y::ValueType: Clone,
{
    let area = chart.plotting_area();
    for p in points {
        area.draw(&glyph(marker, p.clone(), radius, color))
            .map_err(err)?;
    }
    Ok(())
}

/// A legend: its entries, laid out in rows of as many columns as fit.
#[derive(Clone, Debug, Default)]
pub struct Legend {
    /// The keys, in reading order.
    pub entries: Vec<Entry>,
}

/// How a legend is laid out in a given width.
struct Layout {
    columns: usize,
    rows: usize,
    column_width: i32,
    row_height: i32,
}

impl Legend {
    /// A legend of `entries`.
    pub fn new(entries: Vec<Entry>) -> Legend {
        Legend { entries }
    }

    fn swatch_width(style: &Style) -> i32 {
        style.len(44.0)
    }

    fn layout<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        width: i32,
        style: &Style,
    ) -> Layout {
        let font = style.font(16.0);
        let widest = self
            .entries
            .iter()
            .map(|e| {
                area.estimate_text_size(&e.label, &font)
                    .map_or(e.label.chars().count() as i32 * style.len(9.0), |(w, _)| {
                        w as i32
                    })
            })
            .max()
            .unwrap_or(0);
        let column_width = Self::swatch_width(style) + style.len(10.0) + widest + style.len(28.0);
        let columns = ((width / column_width.max(1)) as usize).clamp(1, self.entries.len().max(1));
        // Balance the rows: 5 entries in 4 columns read better as 3 + 2.
        let rows = self.entries.len().div_ceil(columns);
        let columns = self.entries.len().div_ceil(rows.max(1)).max(1);
        Layout {
            columns,
            rows,
            column_width,
            row_height: style.len(28.0),
        }
    }

    /// Pixels of height the legend takes in `width` pixels.
    pub fn height<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, style: &Style) -> u32 {
        if self.entries.is_empty() {
            return 0;
        }
        let l = self.layout(area, area.dim_in_pixel().0 as i32, style);
        (l.rows as i32 * l.row_height + style.len(12.0)) as u32
    }

    /// Draws the legend centred in `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), String> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let (w, _) = area.dim_in_pixel();
        let l = self.layout(area, w as i32, style);
        let used = l.columns as i32 * l.column_width;
        let left = ((w as i32 - used) / 2).max(0);
        let font = style.font(16.0);
        let sw = Self::swatch_width(style);
        let thick = style.len(3.0).max(2) as u32;
        for (i, e) in self.entries.iter().enumerate() {
            let (row, col) = (i / l.columns, i % l.columns);
            let x = left + col as i32 * l.column_width;
            let y = style.len(6.0) + row as i32 * l.row_height + l.row_height / 2;
            match e.swatch {
                Swatch::Line => {
                    area.draw(&PathElement::new(
                        vec![(x, y), (x + sw, y)],
                        e.color.stroke_width(thick),
                    ))
                    .map_err(err)?;
                }
                Swatch::Dashed => {
                    let dash = sw / 5;
                    for k in [0, 2, 4] {
                        area.draw(&PathElement::new(
                            vec![(x + k * dash, y), (x + (k + 1) * dash, y)],
                            e.color.stroke_width(thick),
                        ))
                        .map_err(err)?;
                    }
                }
                Swatch::Block => {
                    let h = l.row_height / 3;
                    area.draw(&Rectangle::new(
                        [(x, y - h), (x + sw, y + h)],
                        e.color.filled(),
                    ))
                    .map_err(err)?;
                }
                Swatch::Point => {}
            }
            if let Some(m) = e.marker {
                area.draw(&glyph(m, (x + sw / 2, y), style.len(6.0), e.color))
                    .map_err(err)?;
            }
            area.draw_text(
                &e.label,
                &font.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                )),
                (x + sw + style.len(10.0), y),
            )
            .map_err(err)?;
        }
        Ok(())
    }
}

/// The areas of a framed chart.
pub struct Framed<DB: DrawingBackend> {
    /// Where the data goes (one panel or several).
    pub body: DrawingArea<DB, Shift>,
}

/// Where a long line of text may break, best first: between the items of
/// a footnote (` · `, or ` | ` in files written before), then between
/// words.
const BREAKS: [&str; 2] = [" · ", " | "];

/// `text` broken into lines no wider than `max_w` by `width`: at the
/// item separators of [`BREAKS`] where they allow, else between words,
/// a word wider than a whole line cut between characters. Each line is
/// trimmed; a separator at a break is dropped.
pub fn wrap(text: &str, max_w: i32, width: &dyn Fn(&str) -> i32) -> Vec<String> {
    let fits = |s: &str| width(s) <= max_w;
    let sep = BREAKS.iter().find(|b| text.contains(**b)).copied();
    let items: Vec<&str> = match sep {
        Some(b) => text
            .split(b)
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect(),
        None => vec![text.trim()],
    };
    let sep = sep.unwrap_or(" ");
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        let joined = if line.is_empty() {
            item.to_string()
        } else {
            format!("{line}{sep}{item}")
        };
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if fits(item) {
            line = item.to_string();
            continue;
        }
        // An item wider than a line: by words.
        for word in item.split_whitespace() {
            let joined = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if fits(&joined) {
                line = joined;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than a line: by characters.
            for c in word.chars() {
                let mut next = line.clone();
                next.push(c);
                if !line.is_empty() && !fits(&next) {
                    lines.push(std::mem::take(&mut line));
                    next = c.to_string();
                }
                line = next;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// At most `max` of `lines`, the last cut with an ellipsis to fit
/// `max_w` if any were left out.
fn at_most(
    mut lines: Vec<String>,
    max: usize,
    max_w: i32,
    width: &dyn Fn(&str) -> i32,
) -> Vec<String> {
    let max = max.max(1);
    if lines.len() <= max {
        return lines;
    }
    lines.truncate(max);
    let last = lines.last_mut().expect("at least one line");
    let mut cut: Vec<char> = last.chars().collect();
    loop {
        let s: String = cut.iter().collect::<String>().trim_end().to_string() + "…";
        if cut.is_empty() || width(&s) <= max_w {
            *last = s;
            break;
        }
        cut.pop();
    }
    lines
}

/// The width of `text` in `font` on `area`: the backend's estimate, else
/// one from the character count.
pub fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
) -> i32 {
    area.estimate_text_size(text, font).map_or_else(
        |_| (text.chars().count() as f64 * font.font.get_size() * 0.6) as i32,
        |(w, _)| w as i32,
    )
}

/// The footnote's lines on `root` in `style`: wrapped to the chart's
/// width less its margins, at most `max` lines.
pub fn footnote_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    style: &Style,
    footnote: &str,
    max: usize,
) -> Vec<String> {
    if footnote.is_empty() {
        return Vec::new();
    }
    let font = style.muted(14.0);
    let max_w = root.dim_in_pixel().0 as i32 - 2 * style.len(16.0);
    let width = |s: &str| text_width(root, s, &font);
    let text = super::cut_to(footnote, 4 * super::MAX_LABEL);
    at_most(wrap(&text, max_w, &width), max, max_w, &width)
}

/// The title's lines on `root` in `style`: wrapped to the chart's width
/// less its margins, at most `max` lines.
fn title_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    style: &Style,
    title: &str,
    max: usize,
) -> Vec<String> {
    if title.is_empty() {
        return Vec::new();
    }
    let font = style.bold(26.0);
    let max_w = root.dim_in_pixel().0 as i32 - 2 * style.len(16.0);
    let width = |s: &str| text_width(root, s, &font);
    let text = super::cut_to(title, 200);
    at_most(wrap(&text, max_w, &width), max, max_w, &width)
}

/// The height of a footnote line.
fn footnote_line(style: &Style) -> i32 {
    style.len(20.0)
}

/// The height of a title line after the first.
fn title_line(style: &Style) -> i32 {
    style.len(34.0)
}

/// The most lines a footnote takes.
const FOOTNOTE_LINES: usize = 4;

/// The most lines a title takes.
const TITLE_LINES: usize = 2;

/// Paints the background, draws `title` on top (on two lines if it is
/// wider than the chart), `footnote` at the bottom (on as many lines as
/// it needs, broken between its items or words) and `legend` above the
/// footnote, outside the data; returns the area left for the data. If
/// all that would leave the data less than a third of the chart, the
/// title and then the footnote give up lines (the last cut with an
/// ellipsis).
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    style: &Style,
    title: &str,
    legend: &Legend,
    footnote: &str,
) -> Result<Framed<DB>, String> {
    let ink = style.ink();
    root.fill(&ink.background).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let legend_h = legend.height(root, style) as i32;
    let title_h = |n: usize| match n {
        0 => style.len(10.0),
        n => style.len(48.0) + (n as i32 - 1) * title_line(style),
    };
    let foot_h = |n: usize| match n {
        0 => 0,
        n => n as i32 * footnote_line(style) + style.len(10.0),
    };
    let mut heads = title_lines(root, style, title, TITLE_LINES);
    let mut foot = footnote_lines(root, style, footnote, FOOTNOTE_LINES);
    // The data keeps at least a third of the chart (less, and panels
    // with their captions and axes have no room left to plot in).
    let over = |t: usize, f: usize| 3 * (title_h(t) + legend_h + foot_h(f)) > 2 * h as i32;
    if heads.len() > 1 && over(heads.len(), foot.len()) {
        heads = title_lines(root, style, title, 1);
    }
    while foot.len() > 1 && over(heads.len(), foot.len()) {
        foot = footnote_lines(root, style, footnote, foot.len() - 1);
    }
    let title_font = style.bold(26.0);
    let top_h = title_h(heads.len());
    let (head, rest) = root.split_vertically(top_h.min(h as i32 / 3));
    for (i, line) in heads.iter().enumerate() {
        let first = style.len(48.0) / 2 + style.len(4.0);
        head.draw_text(
            line,
            &title_font.pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            )),
            (w as i32 / 2, first + i as i32 * title_line(style)),
        )
        .map_err(err)?;
    }
    let rest_h = rest.dim_in_pixel().1 as i32;
    let (upper, foot_area) = rest.split_vertically((rest_h - foot_h(foot.len())).max(1));
    let font = style.muted(14.0);
    for (i, line) in foot.iter().enumerate() {
        foot_area
            .draw_text(
                line,
                &font,
                (
                    style.len(16.0),
                    style.len(6.0) + i as i32 * footnote_line(style),
                ),
            )
            .map_err(err)?;
    }
    let upper_h = upper.dim_in_pixel().1 as i32;
    let (body, key) = upper.split_vertically((upper_h - legend_h).max(1));
    legend.draw(&key, style)?;
    Ok(Framed { body })
}

/// Styles a chart's mesh for the theme: axis and label colours, a quiet
/// grid, text sizes scaled.
pub fn style_mesh<'a, 'b, DB: DrawingBackend, X, Y>(
    mesh: &'b mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    style: &Style,
) -> &'b mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
{
    let ink = style.ink();
    mesh.label_style(style.font(16.0))
        .axis_desc_style(style.font(17.0))
        .axis_style(ink.muted)
        .light_line_style(TRANSPARENT)
        .bold_line_style(ink.grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten pixels a character.
    fn w10(s: &str) -> i32 {
        s.chars().count() as i32 * 10
    }

    #[test]
    fn a_line_that_fits_stays_whole() {
        let t = "gilsim 0.2.0 · 2 cores · mean of 5 runs";
        assert_eq!(wrap(t, 1000, &w10), vec![t.to_string()]);
    }

    #[test]
    fn a_long_footnote_breaks_between_its_items_and_drops_the_separator() {
        let t = "gilsim 0.2.0 · 2 cores, AMD EPYC (real engine) · mean of 5 runs, bands are 95% CIs · policy newgil, switch interval 5 ms";
        let lines = wrap(t, 400, &w10);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| w10(l) <= 400), "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('·') && !l.ends_with('·')),
            "{lines:?}"
        );
        assert_eq!(lines.join(" · "), t, "breaks only between items");
        // The old separator breaks the same way.
        let old = t.replace(" · ", " | ");
        assert_eq!(wrap(&old, 400, &w10).join(" | "), old);
    }

    #[test]
    fn an_item_wider_than_a_line_breaks_between_words_and_a_word_between_characters() {
        let t = "gilsim · cpu bimodal:0.9:100us:5ms, io fixed:2ms per request · runs";
        let lines = wrap(t, 250, &w10);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| w10(l) <= 250), "{lines:?}");
        let words = |s: &str| -> Vec<String> {
            s.split_whitespace()
                .filter(|w| *w != "·")
                .map(String::from)
                .collect()
        };
        assert_eq!(
            words(&lines.join(" ")),
            words(t),
            "every word kept, in order"
        );
        let long = "x".repeat(45);
        let lines = wrap(&long, 200, &w10);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines.concat(), long);
    }

    #[test]
    fn too_many_lines_end_in_an_ellipsis_that_fits() {
        let lines: Vec<String> = ["aaaa aaaa", "bbbb bbbb", "cccc cccc"]
            .map(String::from)
            .into();
        let cut = at_most(lines, 2, 90, &w10);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…') && w10(&cut[1]) <= 90, "{cut:?}");
    }
}
