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

/// Paints the background, draws `title` on top, `footnote` at the bottom
/// and `legend` above the footnote, outside the data; returns the area
/// left for the data.
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
    let title_h = if title.is_empty() {
        style.len(10.0)
    } else {
        style.len(48.0)
    };
    let (head, rest) = root.split_vertically(title_h.min(h as i32 / 3));
    if !title.is_empty() {
        let text = super::cut_to(title, 200);
        head.draw_text(
            &text,
            &style.bold(26.0).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            )),
            (w as i32 / 2, title_h / 2 + style.len(4.0)),
        )
        .map_err(err)?;
    }
    let foot_h = if footnote.is_empty() {
        0
    } else {
        style.len(30.0)
    };
    let rest_h = rest.dim_in_pixel().1 as i32;
    let (upper, foot) = rest.split_vertically((rest_h - foot_h).max(1));
    if !footnote.is_empty() {
        foot.draw_text(
            &super::cut_to(footnote, 4 * super::MAX_LABEL),
            &style.muted(14.0),
            (style.len(16.0), style.len(6.0)),
        )
        .map_err(err)?;
    }
    let legend_h = legend.height(&upper, style) as i32;
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
