//! Plots: charts drawn with plotters to SVG and PNG. Text goes through
//! ab_glyph with DejaVu Sans embedded in the binary, so no system font
//! library is needed.

pub mod convoy;
pub mod load;
pub mod series;
pub mod sweep;
pub mod timeline;
pub mod validate;

use crate::error::Error;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// Pixel size of every chart.
pub const SIZE: (u32, u32) = (1100, 700);

/// Registers the embedded font; needed once before drawing any text.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The embedded DejaVu fonts are valid; failure would be a build bug.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
}

/// A chart that can draw itself on any plotters backend.
pub trait Chart {
    /// Draws the whole chart on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// Draws `chart` to `STEM.svg` and `STEM.png`; returns the files written.
pub fn save<C: Chart>(chart: &C, stem: &Path) -> Result<Vec<PathBuf>, Error> {
    save_sized(chart, stem, SIZE)
}

/// [`save`] at `size` pixels (for a chart whose height grows with its rows).
pub fn save_sized<C: Chart>(
    chart: &C,
    stem: &Path,
    size: (u32, u32),
) -> Result<Vec<PathBuf>, Error> {
    register_fonts();
    let svg = stem.with_extension("svg");
    let png = stem.with_extension("png");
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |message: String| Error::Plot { path, message }
    };
    {
        let root = SVGBackend::new(&svg, size).into_drawing_area();
        chart.draw(&root).map_err(fail(&svg))?;
        root.present().map_err(|e| fail(&svg)(e.to_string()))?;
    }
    {
        let root = BitMapBackend::new(&png, size).into_drawing_area();
        chart.draw(&root).map_err(fail(&png))?;
        root.present().map_err(|e| fail(&png)(e.to_string()))?;
    }
    Ok(vec![svg, png])
}

/// Characters of a name or title from an input file drawn on a chart; the
/// rest is cut (a megabyte of text would take minutes to lay out).
pub const MAX_LABEL: usize = 120;

/// `s`, cut to [`MAX_LABEL`] characters with an ellipsis.
pub fn cut(s: &str) -> String {
    cut_to(s, MAX_LABEL)
}

/// `s`, cut to `max` (>= 1) characters, the last an ellipsis if cut.
pub fn cut_to(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max.saturating_sub(1)).chain(['…']).collect()
    }
}

/// Text style helper: DejaVu Sans at `size` px.
pub fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().into()
}
