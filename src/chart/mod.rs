//! Charts of the two voices, drawn with plotters: distinctive terms, a phrase's trend, and theme shares.
//!
//! Each chart is drawn once as SVG by plotters, with the embedded Noto Sans CJK SC subset
//! (`src/chart/fonts/`, SIL Open Font License) giving text metrics; then usvg lays the text out with the same
//! font and turns it into paths. So an SVG chart needs no font wherever it is shown, and a PNG chart
//! (rasterised by resvg from that tree) renders Chinese with no system font installed. Quotes and ellipses in
//! English text take their proportional forms, which the subset keeps at private-use code points
//! (`punct.rs`), so an English title reads “cyber power”, not “ cyber power ”.
//!
//! The voices are told apart without colour: the external voice is dark with round markers and solid
//! lines, the internal voice light with triangle markers and dashed lines, and every chart has a legend.

mod draw;
mod punct;

use draw::terms as terms_chart;
pub use draw::{share_by_theme, share_over_years, terms, trend};

use crate::error::{Error, Result};
use std::path::Path;
use std::sync::{Arc, LazyLock};

/// The embedded font: Noto Sans CJK SC Regular, subset to Latin, punctuation and GB 2312, with the
/// proportional forms of ‘ ’ “ ” … at U+E000–U+E004 (`fonts/make_subset.py`).
pub static FONT: &[u8] = include_bytes!("fonts/NotoSansCJKsc-Regular-subset.otf");

/// Family name of [`FONT`].
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";

/// The font database usvg lays text out with: the embedded font only, as every generic family.
static FONTDB: LazyLock<Arc<resvg::usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(FONT.to_vec());
    db.set_sans_serif_family(FONT_FAMILY);
    db.set_serif_family(FONT_FAMILY);
    db.set_monospace_family(FONT_FAMILY);
    Arc::new(db)
});

/// Image formats a chart can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Scalable vector graphics, text as paths (self-contained).
    Svg,
    /// A PNG picture.
    Png,
}

impl ImageFormat {
    /// The format named by a file's extension (`.svg` or `.png`).
    pub fn from_path(path: &Path) -> Result<ImageFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Ok(ImageFormat::Svg),
            Some("png") => Ok(ImageFormat::Png),
            _ => Err(Error::Usage(format!(
                "cannot tell the image format of `{}`: expected a file name ending in .svg or .png",
                path.display()
            ))),
        }
    }
}

/// A drawn chart: plotters' SVG, with text still as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    svg: String,
}

impl Chart {
    /// The chart in a format: SVG with text turned into paths, or PNG at `scale` × its size.
    pub fn encode(&self, format: ImageFormat, scale: f32) -> Result<Vec<u8>> {
        let tree = self.tree()?;
        match format {
            ImageFormat::Svg => Ok(tree.to_string(&write_options(None)).into_bytes()),
            ImageFormat::Png => {
                let size = tree
                    .size()
                    .to_int_size()
                    .scale_by(scale)
                    .ok_or_else(|| Error::Chart(format!("cannot scale a chart by {scale}")))?;
                let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
                    .ok_or_else(|| Error::Chart("empty chart".into()))?;
                pixmap.fill(resvg::tiny_skia::Color::WHITE);
                resvg::render(
                    &tree,
                    resvg::tiny_skia::Transform::from_scale(scale, scale),
                    &mut pixmap.as_mut(),
                );
                pixmap
                    .encode_png()
                    .map_err(|e| Error::Chart(format!("cannot encode PNG: {e}")))
            }
        }
    }

    /// The chart as an `<svg>` element to put inside an HTML page: text as paths, every element id
    /// prefixed with `id_prefix` (so several charts can share a page), and a `viewBox` so that it scales.
    pub fn inline_svg(&self, id_prefix: &str) -> Result<String> {
        let tree = self.tree()?;
        let svg = tree.to_string(&write_options(Some(id_prefix)));
        let svg = match svg.find("<svg") {
            Some(i) => &svg[i..],
            None => svg.as_str(),
        };
        let size = tree.size();
        Ok(match svg.strip_prefix("<svg ") {
            Some(rest) if !rest.contains("viewBox") => format!(
                "<svg viewBox=\"0 0 {} {}\" {rest}",
                size.width(),
                size.height()
            ),
            _ => svg.to_string(),
        })
    }

    /// plotters' SVG, text as `<text>` elements naming the font family.
    pub fn raw_svg(&self) -> &str {
        &self.svg
    }

    fn tree(&self) -> Result<resvg::usvg::Tree> {
        let opts = resvg::usvg::Options {
            fontdb: FONTDB.clone(),
            font_family: FONT_FAMILY.to_string(),
            ..resvg::usvg::Options::default()
        };
        resvg::usvg::Tree::from_str(&self.svg, &opts)
            .map_err(|e| Error::Chart(format!("cannot read the drawn SVG: {e}")))
    }
}

/// SVG writing: two decimals of a pixel are finer than any screen shows, and keep glyph paths small.
fn write_options(id_prefix: Option<&str>) -> resvg::usvg::WriteOptions {
    resvg::usvg::WriteOptions {
        id_prefix: id_prefix.map(str::to_string),
        coordinates_precision: 2,
        transforms_precision: 4,
        ..resvg::usvg::WriteOptions::default()
    }
}

/// A chart placed in a report section, with its caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The theme whose section shows it.
    pub theme: crate::model::Theme,
    /// What the chart shows, in a sentence.
    pub caption: String,
    /// The chart.
    pub chart: Chart,
}

/// The figures of a report's theme sections: each theme's share of both voices' statements per year,
/// and the terms most typical of each voice within the theme (one panel per language). `by_year` are
/// the index's statistics by year, `terms` the terms per theme.
pub fn theme_figures(
    by_year: &crate::analysis::stats::Stats,
    terms: &[(crate::model::Theme, Vec<crate::analysis::terms::VoiceTerms>)],
) -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    for (theme, results) in terms {
        out.push(Figure {
            theme: *theme,
            caption: format!(
                "Share of each voice's statements that carry the theme {theme}, per year; under each year, each voice's statements that year (n). Statements without a date left out."
            ),
            chart: share_over_years(by_year, *theme)?,
        });
        if results
            .iter()
            .any(|r| !r.external.top.is_empty() || !r.internal.top.is_empty())
        {
            out.push(Figure {
                theme: *theme,
                caption: format!(
                    "The terms most typical of each voice within {theme}: z-scores of the log-odds ratio with an informative Dirichlet prior (docs/analysis.md)."
                ),
                chart: terms_chart(results)?,
            });
        }
    }
    Ok(out)
}

/// Writes a chart to a file in the format its name says, replacing the file only when all is written.
pub fn write(chart: &Chart, path: &Path) -> Result<()> {
    let format = ImageFormat::from_path(path)?;
    let bytes = chart.encode(format, 1.0)?;
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, &bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| {
            let _ = std::fs::remove_file(&tmp);
            Error::Io {
                path: path.display().to_string(),
                source,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dark pixels in a PNG rendering of `label` alone.
    fn ink(label: &str) -> usize {
        let chart = draw::label_only(label).unwrap();
        let png = chart.encode(ImageFormat::Png, 1.0).unwrap();
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        pixmap
            .pixels()
            .iter()
            .filter(|p| u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue()) < 384)
            .count()
    }

    /// Width in pixels from the first to the last inked column of a PNG rendering of `label` alone.
    fn ink_width(label: &str) -> u32 {
        let chart = draw::label_only(label).unwrap();
        let png = chart.encode(ImageFormat::Png, 1.0).unwrap();
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        let width = pixmap.width() as usize;
        let columns: Vec<usize> = pixmap
            .pixels()
            .iter()
            .enumerate()
            .filter(|(_, p)| u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue()) < 384)
            .map(|(i, _)| i % width)
            .collect();
        let (min, max) = (columns.iter().min().unwrap(), columns.iter().max().unwrap());
        (max - min + 1) as u32
    }

    #[test]
    fn quotes_are_proportional_in_english_and_full_width_in_chinese() {
        // Straight quotes are proportional in every font: the yardstick for curly ones.
        let straight = ink_width("\"ab\":x");
        let curly = ink_width("“ab”:x");
        assert!(
            curly.abs_diff(straight) <= 3,
            "English “ab”:x is {curly} px wide, \"ab\":x {straight} px"
        );
        // In Chinese the quotes keep their full em: about 13 px more at this size than proportional ones.
        let han_straight = ink_width("\"网络\"一");
        let han_curly = ink_width("“网络”一");
        assert!(
            han_curly >= han_straight + 10,
            "Chinese “网络”一 is {han_curly} px wide, \"网络\"一 {han_straight} px"
        );
    }

    #[test]
    fn chinese_glyphs_are_drawn_not_boxes() {
        let wang = ink("网络");
        let yi = ink("一一");
        let blank = ink(" ");
        // A character outside the font (Linear B) comes out as the .notdef box, the same for any such.
        let tofu = ink("\u{10000}\u{10001}");
        assert_eq!(blank, 0, "a blank label draws nothing");
        assert!(wang > 150, "网络 drew only {wang} dark pixels");
        // 网络 has many more strokes than 一一; boxes would make them equal.
        assert!(wang > 2 * yi, "网络 {wang} vs 一一 {yi}");
        assert_ne!(wang, tofu, "网络 drew the same as missing glyphs");
    }

    #[test]
    fn svg_has_text_as_paths_only() {
        let chart = draw::label_only("网络强国 cyber power").unwrap();
        assert!(chart.raw_svg().contains("<text"));
        let svg = String::from_utf8(chart.encode(ImageFormat::Svg, 1.0).unwrap()).unwrap();
        assert!(!svg.contains("<text"), "{svg}");
        assert!(svg.contains("<path"));
        let inline = chart.inline_svg("c1-").unwrap();
        assert!(
            inline.starts_with("<svg viewBox=\"0 0 200 80\""),
            "{inline}"
        );
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a.SVG")).unwrap(),
            ImageFormat::Svg
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("x/a.png")).unwrap(),
            ImageFormat::Png
        );
        assert!(matches!(
            ImageFormat::from_path(Path::new("a.jpg")),
            Err(Error::Usage(_))
        ));
    }
}
