//! Writing a chart to files: SVG and PNG through plotters' backends, PDF
//! by converting the SVG with svg2pdf (plotters has no PDF backend), the
//! embedded DejaVu fonts going into the PDF so it looks the same anywhere.

use super::style::Style;
use super::{register_fonts, Chart};
use crate::error::Error;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

/// A file format a chart can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Scalable vector graphics: for the web and for editing.
    Svg,
    /// A bitmap: for slides and READMEs.
    Png,
    /// Vector PDF with the fonts embedded: for papers and LaTeX.
    Pdf,
}

impl Format {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file name's extension names, if any.
    pub fn of_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// The formats written when none are named.
pub const DEFAULT_FORMATS: [Format; 2] = [Format::Svg, Format::Png];

/// How charts are drawn and written: the look and the file formats.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// The look.
    pub style: Style,
    /// Formats to write, each once, in order.
    pub formats: Vec<Format>,
}

impl Default for Output {
    fn default() -> Self {
        Output {
            style: Style::default(),
            formats: DEFAULT_FORMATS.to_vec(),
        }
    }
}

impl Output {
    /// The files a chart saved at `stem` would be written to.
    pub fn files(&self, stem: &Path) -> Vec<PathBuf> {
        self.formats
            .iter()
            .map(|f| stem.with_extension(f.extension()))
            .collect()
    }

    /// Draws `chart` to `STEM.EXT` for each format; returns the files.
    pub fn save<C: Chart>(&self, chart: &C, stem: &Path) -> Result<Vec<PathBuf>, Error> {
        self.formats
            .iter()
            .map(|f| {
                let path = stem.with_extension(f.extension());
                save_as(chart, &path, *f, &self.style).map(|()| path)
            })
            .collect()
    }
}

/// Draws `chart` to `path` in the format its extension names.
pub fn save_file<C: Chart>(chart: &C, path: &Path, style: &Style) -> Result<(), Error> {
    let format = Format::of_path(path).ok_or_else(|| {
        Error::Usage(format!(
            "{}: a chart's file name must end in .svg, .png or .pdf",
            path.display()
        ))
    })?;
    save_as(chart, path, format, style)
}

/// Draws `chart` to `path` in `format`.
pub fn save_as<C: Chart>(
    chart: &C,
    path: &Path,
    format: Format,
    style: &Style,
) -> Result<(), Error> {
    register_fonts();
    let size = chart.size(style);
    let fail = |message: String| Error::Plot {
        path: path.to_path_buf(),
        message,
    };
    match format {
        Format::Svg => {
            let root = SVGBackend::new(path, size).into_drawing_area();
            chart.draw(&root, style).map_err(fail)?;
            root.present().map_err(|e| fail(e.to_string()))
        }
        Format::Png => {
            let root = BitMapBackend::new(path, size).into_drawing_area();
            chart.draw(&root, style).map_err(fail)?;
            root.present().map_err(|e| fail(e.to_string()))
        }
        Format::Pdf => {
            let svg = svg_string(chart, size, style).map_err(fail)?;
            let pdf = svg_to_pdf(&svg).map_err(fail)?;
            std::fs::write(path, pdf).map_err(|source| Error::Write {
                path: path.to_path_buf(),
                source,
            })
        }
    }
}

/// The chart drawn as SVG text.
fn svg_string<C: Chart>(chart: &C, size: (u32, u32), style: &Style) -> Result<String, String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        chart.draw(&root, style)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(text)
}

/// Converts SVG text to a one-page PDF, with the embedded DejaVu fonts
/// standing for the SVG's `sans-serif`.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, String> {
    use svg2pdf::usvg;
    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_font_data(dejavu::sans::regular().to_vec());
    fonts.load_font_data(dejavu::sans::bold().to_vec());
    fonts.set_sans_serif_family("DejaVu Sans");
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("SVG for PDF: {e}"))?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions::default(),
    )
    .map_err(|e| format!("PDF: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(Format::of_path(Path::new("a/b.PDF")), Some(Format::Pdf));
        assert_eq!(Format::of_path(Path::new("b.svg")), Some(Format::Svg));
        assert_eq!(Format::of_path(Path::new("b.png")), Some(Format::Png));
        assert_eq!(Format::of_path(Path::new("b.jpg")), None);
        assert_eq!(Format::of_path(Path::new("b")), None);
    }

    #[test]
    fn svg_becomes_a_pdf_with_the_embedded_font() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><text x="10" y="40" font-family="sans-serif" font-size="20">5 µs</text></svg>"##;
        let pdf = svg_to_pdf(svg).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("DejaVuSans"), "the font is embedded");
    }
}
