//! The plotters drawings of each chart, onto an SVG string.

use super::{Chart, FONT};
use crate::analysis::stats::Stats;
use crate::analysis::terms::{TermScore, VoiceTerms};
use crate::analysis::trend::Trend;
use crate::error::{Error, Result};
use crate::model::{Audience, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::Once;

/// Dark navy: the external voice (about 20 % grey in black and white).
const EXTERNAL: RGBColor = RGBColor(31, 59, 90);
/// Light terracotta: the internal voice (about 63 % grey in black and white).
const INTERNAL: RGBColor = RGBColor(222, 140, 110);
const INK: RGBColor = RGBColor(40, 40, 40);
const FAMILY: &str = "sans-serif";

static REGISTER: Once = Once::new();

fn register_font() {
    REGISTER.call_once(|| {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            // The font is compiled in and parsed by a test; a failure here would only lose metrics.
            let _ = plotters::style::register_font(FAMILY, style, FONT);
        }
    });
}

fn chart_err<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string())
}

fn colour(a: Audience) -> RGBColor {
    match a {
        Audience::External => EXTERNAL,
        Audience::Internal => INTERNAL,
    }
}

/// The legend name of a voice.
fn voice_name(a: Audience) -> &'static str {
    match a {
        Audience::External => "external voice",
        Audience::Internal => "internal voice",
    }
}

/// Draws on a fresh SVG canvas of the given size.
fn canvas(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>,
) -> Result<Chart> {
    register_font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        draw(&root)?;
        root.present().map_err(chart_err)?;
    }
    Ok(Chart { svg })
}

/// A value on the y axis: whole numbers unless the axis is short.
fn axis_number(y: f64, ymax: f64) -> String {
    if ymax < 5.0 {
        format!("{y:.1}")
    } else {
        format!("{y:.0}")
    }
}

/// Years on the x axis: whole years only.
fn year_label(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        format!("{:.0}", x)
    } else {
        String::new()
    }
}

/// Both voices' values over the years, as lines with markers.
fn voices_over_years(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    title: &str,
    y_desc: &str,
    series: [(Audience, Vec<(f64, f64)>); 2],
) -> Result<()> {
    let xs = series.iter().flat_map(|(_, p)| p.iter().map(|p| p.0));
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let (x0, x1) = if x0 > x1 { (2000.0, 2001.0) } else { (x0, x1) };
    let ymax = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|p| p.1))
        .fold(0.0f64, f64::max);
    let ymax = if ymax <= 0.0 { 1.0 } else { ymax * 1.15 };
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FAMILY, 22).into_font().color(&INK))
        .margin(18)
        .x_label_area_size(56)
        .y_label_area_size(72)
        .build_cartesian_2d((x0 - 0.5)..(x1 + 0.5), 0.0..ymax)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .x_desc("year")
        .y_desc(y_desc)
        .x_labels(((x1 - x0) as usize + 2).min(40))
        .x_label_formatter(&year_label)
        .label_style((FAMILY, 14).into_font().color(&INK))
        .axis_desc_style((FAMILY, 16).into_font().color(&INK))
        .light_line_style(TRANSPARENT)
        .y_label_formatter(&|y: &f64| axis_number(*y, ymax))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()
        .map_err(chart_err)?;
    // Markers that survive greyscale: filled circles outside, hollow triangles inside.
    for (a, points) in series {
        let style = ShapeStyle::from(&colour(a)).stroke_width(3);
        match a {
            Audience::External => {
                chart
                    .draw_series(LineSeries::new(points.clone(), style))
                    .map_err(chart_err)?
                    .label(voice_name(a))
                    .legend(move |at| {
                        EmptyElement::at(at)
                            + PathElement::new(vec![(0, 0), (24, 0)], style)
                            + Circle::new((12, 0), 5, EXTERNAL.filled())
                    });
                chart
                    .draw_series(points.iter().map(|p| Circle::new(*p, 5, EXTERNAL.filled())))
                    .map_err(chart_err)?;
            }
            Audience::Internal => {
                chart
                    .draw_series(DashedLineSeries::new(points.clone(), 10, 6, style))
                    .map_err(chart_err)?
                    .label(voice_name(a))
                    .legend(move |at| {
                        EmptyElement::at(at)
                            + PathElement::new(vec![(0, 0), (24, 0)], style)
                            + TriangleMarker::new((12, 0), 7, style)
                    });
                chart
                    .draw_series(points.iter().map(|p| TriangleMarker::new(*p, 7, style)))
                    .map_err(chart_err)?;
            }
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(150, 150, 150))
        .label_font((FAMILY, 15).into_font().color(&INK))
        .legend_area_size(34)
        .draw()
        .map_err(chart_err)?;
    Ok(())
}

/// A phrase's uses per 1,000 statements of each voice, year by year (undated statements left out).
pub fn trend(t: &Trend) -> Result<Chart> {
    let forms = t.forms.join(" / ");
    let title = format!("“{forms}”: uses per 1,000 statements of each voice");
    let series = Audience::ALL.map(|a| {
        let points = t
            .points
            .iter()
            .filter_map(|p| {
                p.period
                    .parse::<f64>()
                    .ok()
                    .map(|y| (y, p.voice(a).per_1000))
            })
            .collect();
        (a, points)
    });
    canvas((1000, 560), |root| {
        voices_over_years(root, &title, "uses per 1,000 statements", series)
    })
}

/// The share (%) of each voice's statements that carry `theme`, year by year; `stats` must be by year.
pub fn share_over_years(stats: &Stats, theme: Theme) -> Result<Chart> {
    let title = format!("{theme}: share of each voice's statements, per year");
    let series = Audience::ALL.map(|a| {
        let points = stats
            .rows
            .iter()
            .filter(|r| r.voice(a).statements > 0)
            .filter_map(|r| {
                r.key
                    .parse::<f64>()
                    .ok()
                    .map(|y| (y, 100.0 * r.voice(a).share[&theme]))
            })
            .collect();
        (a, points)
    });
    canvas((1000, 560), |root| {
        voices_over_years(root, &title, "% of the voice's statements", series)
    })
}

/// The share (%) of each voice's statements that carry each theme, over the whole corpus.
pub fn share_by_theme(stats: &Stats) -> Result<Chart> {
    let title = format!(
        "Share of each voice's statements carrying each theme ({} external, {} internal)",
        stats.total.external.statements, stats.total.internal.statements
    );
    let n = Theme::ALL.len();
    let ymax = Theme::ALL
        .iter()
        .flat_map(|t| Audience::ALL.map(|a| 100.0 * stats.total.voice(a).share[t]))
        .fold(0.0f64, f64::max);
    let ymax = if ymax <= 0.0 { 10.0 } else { ymax * 1.2 };
    canvas((1000, 560), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(&title, (FAMILY, 22).into_font().color(&INK))
            .margin(18)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(0.0..n as f64, 0.0..ymax)
            .map_err(chart_err)?;
        let label = |x: &f64| {
            let i = (x - 0.5).round();
            if (x - 0.5 - i).abs() < 1e-6 && i >= 0.0 {
                Theme::ALL
                    .get(i as usize)
                    .map_or(String::new(), |t| t.as_str().to_string())
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("theme")
            .y_desc("% of the voice's statements")
            .x_labels(2 * n + 1)
            .x_label_formatter(&label)
            .label_style((FAMILY, 14).into_font().color(&INK))
            .axis_desc_style((FAMILY, 16).into_font().color(&INK))
            .light_line_style(TRANSPARENT)
            .y_label_formatter(&|y: &f64| axis_number(*y, ymax))
            .bold_line_style(RGBColor(215, 215, 215))
            .draw()
            .map_err(chart_err)?;
        for (k, a) in Audience::ALL.into_iter().enumerate() {
            let x = |i: usize| i as f64 + 0.1 + 0.4 * k as f64;
            let bars = Theme::ALL.iter().enumerate().flat_map(move |(i, t)| {
                let v = 100.0 * stats.total.voice(a).share[t];
                bar(a, (x(i), 0.0), (x(i) + 0.38, v))
            });
            chart
                .draw_series(bars)
                .map_err(chart_err)?
                .label(voice_name(a))
                .legend(move |at| {
                    // The light voice's swatch is outlined in dark, like its bars.
                    let outline = if a == Audience::Internal {
                        INK
                    } else {
                        colour(a)
                    };
                    EmptyElement::at(at)
                        + Rectangle::new([(0, -6), (18, 6)], colour(a).filled())
                        + Rectangle::new(
                            [(0, -6), (18, 6)],
                            ShapeStyle::from(&outline).stroke_width(1),
                        )
                });
            let values = Theme::ALL.iter().enumerate().map(move |(i, t)| {
                let v = 100.0 * stats.total.voice(a).share[t];
                Text::new(
                    format!("{v:.0}%"),
                    (x(i) + 0.19, v),
                    TextStyle::from((FAMILY, 13).into_font())
                        .color(&INK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )
            });
            chart.draw_series(values).map_err(chart_err)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(150, 150, 150))
            .label_font((FAMILY, 15).into_font().color(&INK))
            .draw()
            .map_err(chart_err)?;
        Ok(())
    })
}

/// The bars of a voice: dark and solid outside; light with a dark outline inside.
fn bar(a: Audience, from: (f64, f64), to: (f64, f64)) -> Vec<Rectangle<(f64, f64)>> {
    let mut out = vec![Rectangle::new([from, to], colour(a).filled())];
    if a == Audience::Internal {
        out.push(Rectangle::new(
            [from, to],
            ShapeStyle::from(&INK).stroke_width(1),
        ));
    }
    out
}

/// The terms most typical of each voice as bars of their z-scores, external to the left and internal
/// to the right of zero, the term written at the end of its bar.
fn terms_panel(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    external: &[TermScore],
    internal: &[TermScore],
    title: &str,
) -> Result<()> {
    let rows = external.len().max(internal.len()).max(1);
    let zmax = external
        .iter()
        .chain(internal)
        .map(|t| t.z)
        .fold(0.0f64, f64::max);
    let zmax = if zmax <= 0.0 { 1.0 } else { zmax };
    // Room beyond the longest bar for its label.
    let reach = zmax * 1.9;
    {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FAMILY, 22).into_font().color(&INK))
            .margin(18)
            .x_label_area_size(56)
            .y_label_area_size(10)
            .build_cartesian_2d(-reach..reach, 0.0..rows as f64)
            .map_err(chart_err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc("z-score of the log-odds ratio (informative Dirichlet prior): ← external · internal →")
            .x_label_formatter(&|x: &f64| format!("{:.0}", x.abs()))
            .label_style((FAMILY, 14).into_font().color(&INK))
            .axis_desc_style((FAMILY, 16).into_font().color(&INK))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(220, 220, 220))
            .draw()
            .map_err(chart_err)?;
        for (a, list, sign) in [
            (Audience::External, external, -1.0),
            (Audience::Internal, internal, 1.0),
        ] {
            let y = |i: usize| rows as f64 - i as f64;
            chart
                .draw_series(
                    list.iter()
                        .enumerate()
                        .flat_map(|(i, t)| bar(a, (0.0, y(i) - 0.82), (sign * t.z, y(i) - 0.18))),
                )
                .map_err(chart_err)?
                .label(voice_name(a))
                .legend(move |at| {
                    // The light voice's swatch is outlined in dark, like its bars.
                    let outline = if a == Audience::Internal {
                        INK
                    } else {
                        colour(a)
                    };
                    EmptyElement::at(at)
                        + Rectangle::new([(0, -6), (18, 6)], colour(a).filled())
                        + Rectangle::new(
                            [(0, -6), (18, 6)],
                            ShapeStyle::from(&outline).stroke_width(1),
                        )
                });
            let hpos = if sign < 0.0 { HPos::Right } else { HPos::Left };
            chart
                .draw_series(list.iter().enumerate().map(|(i, t)| {
                    Text::new(
                        t.term.clone(),
                        (sign * (t.z + zmax * 0.02), y(i) - 0.5),
                        TextStyle::from((FAMILY, 15).into_font())
                            .color(&INK)
                            .pos(Pos::new(hpos, VPos::Center)),
                    )
                }))
                .map_err(chart_err)?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, rows as f64)],
                ShapeStyle::from(&INK).stroke_width(1),
            )))
            .map_err(chart_err)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(150, 150, 150))
            .label_font((FAMILY, 15).into_font().color(&INK))
            .draw()
            .map_err(chart_err)?;
        Ok(())
    }
}

fn panel_height(t: &VoiceTerms) -> u32 {
    150 + 30 * t.external.top.len().max(t.internal.top.len()).max(1) as u32
}

/// The terms most typical of each voice, one panel per language compared.
pub fn terms(results: &[VoiceTerms]) -> Result<Chart> {
    let height: u32 = results.iter().map(panel_height).sum::<u32>().max(200);
    canvas((1000, height), |root| {
        let mut rest = root.clone();
        for t in results {
            let (panel, below) = rest.split_vertically(panel_height(t));
            let lang = match t.lang.as_str() {
                "en" => "English statements",
                "zh" => "Chinese statements",
                _ if t.concepts_merged => "all statements, concepts merged",
                _ => "all statements",
            };
            let theme = t.theme.map(|th| format!("{th}, ")).unwrap_or_default();
            let title = format!(
                "Most distinctive terms per voice ({theme}{lang}: {} external, {} internal)",
                t.external.statements, t.internal.statements
            );
            terms_panel(&panel, &t.external.top, &t.internal.top, &title)?;
            rest = below;
        }
        Ok(())
    })
}

/// A canvas with one label in the middle (for tests of glyph rendering).
#[cfg(test)]
pub(crate) fn label_only(label: &str) -> Result<Chart> {
    canvas((200, 80), |root| {
        root.draw(&Text::new(
            label.to_string(),
            (20, 20),
            TextStyle::from((FAMILY, 32).into_font()).color(&BLACK),
        ))
        .map_err(chart_err)
    })
}
