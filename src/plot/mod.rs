//! Plots: charts drawn with plotters to SVG, PNG and PDF. Text goes
//! through ab_glyph with DejaVu Sans embedded in the binary, so no system
//! font library is needed. Every chart takes a [`style::Style`] (size, text
//! scale, theme, title, series) and shares the colours, markers, legend and
//! frame of [`style`] and [`frame`].

pub mod axis;
pub mod convoy;
pub mod frame;
pub mod load;
pub mod output;
pub mod policy_key;
pub mod series;
pub mod style;
pub mod sweep;
pub mod timeline;
pub mod timeline_draw;
pub mod timeline_titles;
pub mod validate;

use crate::error::Error;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Once;

pub use output::{Format, Output};
pub use style::Style;

/// Pixel size of a chart unless asked otherwise.
pub const SIZE: (u32, u32) = style::DEFAULT_SIZE;

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
    /// Draws the whole chart on `root` in `style`.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), String>;

    /// Its pixel size in `style` (the size asked for, else the chart's own).
    fn size(&self, style: &Style) -> (u32, u32) {
        style.size_or(SIZE)
    }

    /// The names `--series` can pick on this chart.
    fn series_names(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Draws `chart` to `STEM.svg` and `STEM.png` in the default style;
/// returns the files written.
pub fn save<C: Chart>(chart: &C, stem: &Path) -> Result<Vec<PathBuf>, Error> {
    Output::default().save(chart, stem)
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
