//! The chart options every command that draws takes: title, size, slides,
//! font scale, theme, series and formats.

use crate::error::Error;
use crate::plot::style::{parse_font_scale, parse_size, Theme, SLIDES_FONT_SCALE, SLIDES_SIZE};
use crate::plot::{Format, Output, Style};

/// How charts look and which files they are written to.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Chart options")]
pub struct ChartArgs {
    /// Title of the chart, replacing its own.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Pixel size WIDTHxHEIGHT (default 1100x700; some charts grow with
    /// their rows).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// A 1920x1080 slide with text scaled 1.8x for a projector (--size and
    /// --font-scale still win).
    #[arg(long)]
    pub slides: bool,
    /// Multiplies every text size (0.25 to 8; default 1, 1.8 with --slides).
    #[arg(long, value_name = "F", value_parser = parse_font_scale)]
    pub font_scale: Option<f64>,
    /// Background: light (white) or dark (near-black, for dark slides).
    #[arg(long, value_enum, default_value_t = Theme::Light)]
    pub theme: Theme,
    /// Draw only these series, comma-separated: mode, workload, policy,
    /// interval or thread names as the chart's legend shows them (an
    /// unknown name is refused with the chart's list).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub series: Vec<String>,
    /// File formats to write, comma-separated: svg, png, pdf.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_enum,
          default_values_t = crate::plot::output::DEFAULT_FORMATS)]
    pub format: Vec<Format>,
}

impl ChartArgs {
    /// The look asked for.
    pub fn style(&self) -> Style {
        let size = self.size.or(self.slides.then_some(SLIDES_SIZE));
        let font_scale =
            self.font_scale
                .unwrap_or(if self.slides { SLIDES_FONT_SCALE } else { 1.0 });
        Style {
            size,
            font_scale,
            theme: self.theme,
            title: self.title.clone(),
            series: self
                .series
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }

    /// The look and the formats, each format once.
    pub fn output(&self) -> Result<Output, Error> {
        let mut formats: Vec<Format> = Vec::new();
        for f in &self.format {
            if !formats.contains(f) {
                formats.push(*f);
            }
        }
        if formats.is_empty() {
            return Err(Error::Usage(
                "--format: name at least one of svg, png, pdf".into(),
            ));
        }
        Ok(Output {
            style: self.style(),
            formats,
        })
    }
}
