//! The plotters drawings of each chart, onto an SVG string.

use super::{Chart, FONT};
use crate::analysis::stats::Stats;
use crate::analysis::terms::{TermScore, VoiceTerms};
use crate::analysis::trend::Trend;
use crate::error::{Error, Result};
use crate::model::{Audience, Theme};
use plotters::chart::MeshStyle;
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
    Ok(Chart {
        svg: super::punct::latin_punctuation(&svg),
    })
}

/// How a voice is shown in a legend: a line with its marker, or a bar.
#[derive(Clone, Copy, PartialEq)]
enum Swatch {
    Line,
    Bar,
}

/// The set-up every chart shares: margins, the title, and under it a legend of both voices in a strip of
/// its own, outside the plot, so that it never hides a bar, a point or a term. Returns the area left for
/// the plot.
fn titled_with_legend<'a>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    title: &str,
    swatch: Swatch,
) -> Result<DrawingArea<SVGBackend<'a>, Shift>> {
    let area = root.margin(12, 12, 18, 18);
    let (title, size) = fit_title(&area, title)?;
    let area = area
        .titled(&title, (FAMILY, size).into_font().color(&INK))
        .map_err(chart_err)?;
    let (strip, rest) = area.split_vertically(30);
    let font = (FAMILY, 15).into_font().color(&INK);
    let (swatch_w, gap) = (24, 28);
    let widths: Vec<i32> = Audience::ALL
        .iter()
        .map(|&a| {
            let (w, _) = strip
                .estimate_text_size(voice_name(a), &font)
                .map_err(chart_err)?;
            Ok(swatch_w + 8 + w as i32)
        })
        .collect::<Result<_>>()?;
    let total: i32 = widths.iter().sum::<i32>() + gap;
    let mut x = (strip.dim_in_pixel().0 as i32 - total) / 2;
    let y = 12;
    for (a, w) in Audience::ALL.into_iter().zip(widths) {
        let line = ShapeStyle::from(&colour(a)).stroke_width(3);
        match (swatch, a) {
            (Swatch::Line, Audience::External) => strip.draw(
                &(EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (swatch_w, 0)], line)
                    + Circle::new((swatch_w / 2, 0), 5, EXTERNAL.filled())),
            ),
            (Swatch::Line, Audience::Internal) => strip.draw(
                &(EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (8, 0)], line)
                    + PathElement::new(vec![(16, 0), (swatch_w, 0)], line)
                    + TriangleMarker::new((swatch_w / 2, 0), 7, line)),
            ),
            (Swatch::Bar, _) => {
                // The light voice's swatch is outlined in dark, like its bars.
                let outline = if a == Audience::Internal {
                    INK
                } else {
                    colour(a)
                };
                strip.draw(
                    &(EmptyElement::at((x, y))
                        + Rectangle::new([(3, -6), (21, 6)], colour(a).filled())
                        + Rectangle::new(
                            [(3, -6), (21, 6)],
                            ShapeStyle::from(&outline).stroke_width(1),
                        )),
                )
            }
        }
        .map_err(chart_err)?;
        strip
            .draw(&Text::new(
                voice_name(a),
                (x + swatch_w + 8, y),
                font.pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(chart_err)?;
        x += w + gap;
    }
    Ok(rest)
}

/// A title that fits the width of `area`: in 22 pixels if it can, else smaller down to 16, else cut
/// with an ellipsis.
fn fit_title(area: &DrawingArea<SVGBackend<'_>, Shift>, title: &str) -> Result<(String, u32)> {
    let width = area.dim_in_pixel().0;
    let fits = |t: &str, size: u32| -> Result<bool> {
        let (w, _) = area
            .estimate_text_size(
                &super::punct::as_drawn(t),
                &TextStyle::from((FAMILY, size).into_font()),
            )
            .map_err(chart_err)?;
        Ok(w <= width)
    };
    for size in [22, 20, 18, 16] {
        if fits(title, size)? {
            return Ok((title.to_string(), size));
        }
    }
    let mut chars: Vec<char> = title.chars().collect();
    while chars.len() > 1 {
        chars.pop();
        let cut = format!("{}…", chars.iter().collect::<String>().trim_end());
        if fits(&cut, 16)? {
            return Ok((cut, 16));
        }
    }
    Ok((title.to_string(), 16))
}

/// The house style of axes: label and description fonts, light grid lines only at labelled values.
fn house_style<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.label_style((FAMILY, 14).into_font().color(&INK))
        .axis_desc_style((FAMILY, 16).into_font().color(&INK))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(215, 215, 215))
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

/// Years further than this from every other year with statements stand apart from the data.
const YEAR_GAP: i64 = 5;

/// The years an over-the-years chart draws: the run of years that holds the data, and the years left out
/// because they stand apart from it (a stray or mis-read date must not stretch the axis over decades).
#[derive(Debug, Clone, PartialEq)]
struct YearSpan {
    /// First year drawn.
    from: i64,
    /// Last year drawn.
    to: i64,
    /// Years not drawn, with their statements.
    left_out: Vec<(i64, u64)>,
}

impl YearSpan {
    /// The span of `years` (each year with statements and how many). The years are cut into runs wherever
    /// two years with statements are more than [`YEAR_GAP`] years apart; the run with the most statements
    /// is drawn, with any other run that holds at least a tenth of all statements (and the runs between
    /// them, so the axis stays continuous). The rest are left out and named on the chart.
    fn of(years: &[(i64, u64)]) -> Option<YearSpan> {
        let mut years: Vec<(i64, u64)> = years.iter().copied().filter(|y| y.1 > 0).collect();
        years.sort_unstable();
        let mut runs: Vec<&[(i64, u64)]> = Vec::new();
        let mut start = 0;
        for k in 1..=years.len() {
            if k == years.len() || years[k].0 - years[k - 1].0 > YEAR_GAP {
                runs.push(&years[start..k]);
                start = k;
            }
        }
        let weight = |r: &[(i64, u64)]| r.iter().map(|y| y.1).sum::<u64>();
        let total: u64 = weight(&years);
        let main = (0..runs.len()).max_by_key(|&k| (weight(runs[k]), std::cmp::Reverse(k)))?;
        let kept: Vec<usize> = (0..runs.len())
            .filter(|&k| k == main || weight(runs[k]) * 10 >= total)
            .collect();
        let (first, last) = (kept[0], kept[kept.len() - 1]);
        let left_out = runs[..first]
            .iter()
            .chain(&runs[last + 1..])
            .flat_map(|r| r.iter().copied())
            .collect();
        Some(YearSpan {
            from: runs[first][0].0,
            to: runs[last][runs[last].len() - 1].0,
            left_out,
        })
    }

    fn contains(&self, year: f64) -> bool {
        (self.from as f64..=self.to as f64).contains(&year)
    }

    /// The sentence naming the years left out, if any.
    fn note(&self) -> Option<String> {
        if self.left_out.is_empty() {
            return None;
        }
        let years: Vec<String> = self
            .left_out
            .iter()
            .map(|(y, n)| format!("{y} ({n} statement{})", if *n == 1 { "" } else { "s" }))
            .collect();
        Some(format!(
            "Not drawn, more than {YEAR_GAP} years from the rest of the data: {}.",
            years.join(", ")
        ))
    }
}

/// Each voice's statements in a period: external, internal (in the order of [`Audience::ALL`]).
type VoiceCounts = [u64; 2];

/// The statements of each voice in each year, from rows keyed by period (rows that are not a year, such
/// as `(undated)`, left out).
fn years_with<'a>(
    rows: impl Iterator<Item = (&'a String, VoiceCounts)>,
) -> Vec<(i64, VoiceCounts)> {
    rows.filter_map(|(period, n)| period.parse::<i64>().ok().map(|y| (y, n)))
        .collect()
}

/// Pixels under the year labels for the two rows of n.
const N_ROWS_HEIGHT: u32 = 36;

/// Both voices' values over the years, as lines with markers, and under each year's label the
/// statements of each voice that year (n), so that a reader can tell a share of 2 statements from one of
/// 200. `statements` are each year's statements per voice; their sum decides the years drawn
/// ([`YearSpan`]).
fn voices_over_years(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    title: &str,
    y_desc: &str,
    series: [(Audience, Vec<(f64, f64)>); 2],
    statements: &[(i64, VoiceCounts)],
) -> Result<()> {
    let totals: Vec<(i64, u64)> = statements.iter().map(|&(y, n)| (y, n[0] + n[1])).collect();
    let span = YearSpan::of(&totals);
    let series = series.map(|(a, points)| {
        let points: Vec<(f64, f64)> = points
            .into_iter()
            .filter(|p| span.as_ref().is_none_or(|s| s.contains(p.0)))
            .collect();
        (a, points)
    });
    let (x0, x1) = span
        .as_ref()
        .map_or((2000.0, 2001.0), |s| (s.from as f64, s.to as f64));
    let ymax = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|p| p.1))
        .fold(0.0f64, f64::max);
    let ymax = if ymax <= 0.0 { 1.0 } else { ymax * 1.15 };
    let mut plot = titled_with_legend(root, title, Swatch::Line)?;
    if let Some(note) = span.as_ref().and_then(YearSpan::note) {
        let (rest, foot) = plot.split_vertically(plot.dim_in_pixel().1 - 24);
        foot.draw(&Text::new(
            note,
            (0, 4),
            (FAMILY, 14).into_font().color(&INK),
        ))
        .map_err(chart_err)?;
        plot = rest;
    }
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(50 + N_ROWS_HEIGHT)
        .y_label_area_size(72)
        .build_cartesian_2d((x0 - 0.5)..(x1 + 0.5), 0.0..ymax)
        .map_err(chart_err)?;
    house_style(
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc(y_desc)
            .x_labels(((x1 - x0) as usize + 2).min(40))
            .x_label_formatter(&year_label)
            .y_label_formatter(&|y: &f64| axis_number(*y, ymax)),
    )
    .draw()
    .map_err(chart_err)?;
    // Markers that survive greyscale: filled circles outside, hollow triangles inside.
    for (a, points) in series {
        let style = ShapeStyle::from(&colour(a)).stroke_width(3);
        match a {
            Audience::External => {
                chart
                    .draw_series(LineSeries::new(points.clone(), style))
                    .map_err(chart_err)?;
                chart
                    .draw_series(points.iter().map(|p| Circle::new(*p, 5, EXTERNAL.filled())))
                    .map_err(chart_err)?;
            }
            Audience::Internal => {
                chart
                    .draw_series(DashedLineSeries::new(points.clone(), 10, 6, style))
                    .map_err(chart_err)?;
                chart
                    .draw_series(points.iter().map(|p| TriangleMarker::new(*p, 7, style)))
                    .map_err(chart_err)?;
            }
        }
    }
    let x_at = |x: f64| chart.backend_coord(&(x, 0.0));
    match span {
        Some(s) => n_under_years(&plot, x_at, x0 - 0.5, s.from..=s.to, statements),
        // No year has a statement: no row to write.
        None => Ok(()),
    }
}

/// Writes under each year's label (in `plot`, the area of the chart with its axes) each voice's
/// statements that year, in two rows headed `n external` and `n internal`; a year of the axis with no
/// statement of a voice shows 0. `x_at` gives the pixel (in the whole canvas) of a year on the x axis,
/// `x_start` is where the axis starts.
fn n_under_years(
    plot: &DrawingArea<SVGBackend<'_>, Shift>,
    x_at: impl Fn(f64) -> (i32, i32),
    x_start: f64,
    years: std::ops::RangeInclusive<i64>,
    statements: &[(i64, VoiceCounts)],
) -> Result<()> {
    let (bx, by) = plot.get_base_pixel();
    let (_, axis_y) = x_at(x_start);
    let n_of = |year: i64, k: usize| -> u64 {
        statements
            .iter()
            .filter(|s| s.0 == year)
            .map(|s| s.1[k])
            .sum()
    };
    let rows: Vec<Vec<(i64, String)>> = (0..2)
        .map(|k| {
            years
                .clone()
                .map(|y| (y, compact_count(n_of(y, k))))
                .collect()
        })
        .collect();
    // Smaller figures when the widest would crowd its neighbour.
    let year_width = (x_at(x_start + 1.0).0 - x_at(x_start).0).abs();
    let widest = rows
        .iter()
        .flatten()
        .map(|(_, n)| n.as_str())
        .max_by_key(|n| n.len());
    let mut size = 13;
    if let Some(widest) = widest {
        while size > 9 {
            let (w, _) = plot
                .estimate_text_size(widest, &TextStyle::from((FAMILY, size).into_font()))
                .map_err(chart_err)?;
            if (w as i32) + 4 <= year_width {
                break;
            }
            size -= 1;
        }
    }
    let font = (FAMILY, size).into_font().color(&INK);
    let head = (FAMILY, 12).into_font().color(&INK);
    for (k, (a, row)) in Audience::ALL.into_iter().zip(rows).enumerate() {
        // Below the year labels (which end about 28 pixels under the axis), one row per voice.
        let y = axis_y - by + 38 + 16 * k as i32;
        let head_text = match a {
            Audience::External => "n external",
            Audience::Internal => "n internal",
        };
        plot.draw(&Text::new(
            head_text,
            (x_at(x_start).0 - bx - 8, y),
            head.pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(chart_err)?;
        for (year, n) in row {
            plot.draw(&Text::new(
                n,
                (x_at(year as f64).0 - bx, y),
                font.pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(chart_err)?;
        }
    }
    Ok(())
}

/// A count in few characters: whole below 10,000, then in thousands (`12k`) or millions (`3.4M`).
fn compact_count(n: u64) -> String {
    match n {
        0..=9_999 => n.to_string(),
        10_000..=999_499 => format!("{}k", (n + 500) / 1000),
        _ => {
            let m = n as f64 / 1e6;
            if m < 9.95 {
                format!("{m:.1}M")
            } else {
                format!("{m:.0}M")
            }
        }
    }
}

/// A phrase's uses per 1,000 statements of each voice, year by year (undated statements left out, and
/// years without a statement of the voice).
pub fn trend(t: &Trend) -> Result<Chart> {
    // A long list of forms would crowd the title: the first three, then how many more.
    let forms = match t.forms.len() {
        0..=3 => t.forms.join(" / "),
        n => format!("{} / … ({} forms)", t.forms[..3].join(" / "), n),
    };
    let title = format!("“{forms}”: uses per 1,000 statements of each voice");
    let series = Audience::ALL.map(|a| {
        // A year with no statement of the voice has no rate (its n shows 0), as in the share chart.
        let points = t
            .points
            .iter()
            .filter(|p| p.voice(a).statements > 0)
            .filter_map(|p| {
                p.period
                    .parse::<f64>()
                    .ok()
                    .map(|y| (y, p.voice(a).per_1000))
            })
            .collect();
        (a, points)
    });
    let statements = years_with(
        t.points
            .iter()
            .map(|p| (&p.period, [p.external.statements, p.internal.statements])),
    );
    canvas((1000, 520), |root| {
        voices_over_years(
            root,
            &title,
            "uses per 1,000 statements",
            series,
            &statements,
        )
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
    let statements = years_with(
        stats
            .rows
            .iter()
            .map(|r| (&r.key, [r.external.statements, r.internal.statements])),
    );
    canvas((1000, 520), |root| {
        voices_over_years(
            root,
            &title,
            "% of the voice's statements",
            series,
            &statements,
        )
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
    canvas((1000, 520), |root| {
        let plot = titled_with_legend(root, &title, Swatch::Bar)?;
        let mut chart = ChartBuilder::on(&plot)
            .x_label_area_size(50)
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
        house_style(
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_desc("theme")
                .y_desc("% of the voice's statements")
                .x_labels(2 * n + 1)
                .x_label_formatter(&label)
                .y_label_formatter(&|y: &f64| axis_number(*y, ymax)),
        )
        .draw()
        .map_err(chart_err)?;
        for (k, a) in Audience::ALL.into_iter().enumerate() {
            let x = |i: usize| i as f64 + 0.1 + 0.4 * k as f64;
            let bars = Theme::ALL.iter().enumerate().flat_map(move |(i, t)| {
                let v = 100.0 * stats.total.voice(a).share[t];
                bar(a, (x(i), 0.0), (x(i) + 0.38, v))
            });
            chart.draw_series(bars).map_err(chart_err)?;
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
        let plot = titled_with_legend(root, title, Swatch::Bar)?;
        let mut chart = ChartBuilder::on(&plot)
            .x_label_area_size(50)
            .y_label_area_size(10)
            .build_cartesian_2d(-reach..reach, 0.0..rows as f64)
            .map_err(chart_err)?;
        house_style(
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_desc("z-score of the log-odds ratio (informative Dirichlet prior): ← external · internal →")
                // A z-score's size, on both sides of zero (one decimal on a short axis, so that no two
                // ticks read alike).
                .x_label_formatter(&|x: &f64| axis_number(x.abs(), reach)),
        )
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
                .map_err(chart_err)?;
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
        Ok(())
    }
}

/// A terms panel: title, legend and axis (about 150 pixels), then 26 pixels a term.
fn panel_height(t: &VoiceTerms) -> u32 {
    150 + 26 * t.external.top.len().max(t.internal.top.len()).max(1) as u32
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_year_far_from_the_data_is_left_out_and_named() {
        let years = [
            (1981, 1),
            (2006, 1),
            (2009, 2),
            (2013, 20),
            (2017, 40),
            (2020, 90),
            (2024, 5),
        ];
        let span = YearSpan::of(&years).unwrap();
        assert_eq!((span.from, span.to), (2006, 2024));
        assert_eq!(span.left_out, vec![(1981, 1)]);
        assert!(span.note().unwrap().contains("1981 (1 statement)"));
        // Years with no statement do not count; unsorted input is fine.
        let span = YearSpan::of(&[(2020, 3), (1900, 0), (2018, 2)]).unwrap();
        assert_eq!((span.from, span.to, span.note()), (2018, 2020, None));
        assert_eq!(YearSpan::of(&[(2020, 0)]), None);
    }

    #[test]
    fn two_large_runs_apart_are_both_drawn() {
        // A corpus of the 1990s and the 2010s: each run holds much of the data, so neither is an outlier.
        let years = [(1994, 30), (1995, 20), (2014, 40), (2015, 10), (2030, 1)];
        let span = YearSpan::of(&years).unwrap();
        assert_eq!((span.from, span.to), (1994, 2015));
        assert_eq!(span.left_out, vec![(2030, 1)]);
    }

    fn point(year: &str, external: u64, internal: u64) -> crate::analysis::trend::TrendPoint {
        let cell = |statements| crate::analysis::trend::TrendCell {
            statements,
            uses: statements / 2,
            statements_using: statements / 2,
            per_1000: if statements == 0 { 0.0 } else { 500.0 },
        };
        crate::analysis::trend::TrendPoint {
            period: year.into(),
            external: cell(external),
            internal: cell(internal),
        }
    }

    /// The `<text>` contents of a chart (plotters' SVG, before text becomes paths).
    fn texts(chart: &Chart) -> Vec<&str> {
        chart
            .raw_svg()
            .split("</text>")
            .filter_map(|t| t.rsplit_once('>').map(|(_, text)| text.trim()))
            .collect()
    }

    #[test]
    fn per_year_charts_write_each_voices_statements_under_each_year() {
        let t = Trend {
            phrase: "cyber power".into(),
            concept: None,
            forms: vec!["cyber power".into()],
            points: vec![
                point("2019", 2, 200),
                point("2021", 15_300, 7),
                point("(undated)", 40, 40),
            ],
            total: point("all", 15_342, 247),
        };
        let chart = trend(&t).unwrap();
        let texts = texts(&chart);
        let after = |head: &str| -> Vec<&str> {
            let at = texts.iter().position(|t| *t == head).unwrap();
            texts[at + 1..at + 4].to_vec()
        };
        // 2020 has no statement: 0 for both voices; undated statements are not drawn.
        assert_eq!(after("n external"), ["2", "0", "15k"], "{texts:?}");
        assert_eq!(after("n internal"), ["200", "0", "7"], "{texts:?}");
        assert!(!texts.contains(&"40"), "{texts:?}");
    }

    #[test]
    fn counts_stay_short() {
        let shown: Vec<String> = [
            0, 9_999, 10_000, 15_499, 999_499, 999_500, 3_449_999, 12_000_000,
        ]
        .into_iter()
        .map(compact_count)
        .collect();
        assert_eq!(
            shown,
            ["0", "9999", "10k", "15k", "999k", "1.0M", "3.4M", "12M"]
        );
    }

    #[test]
    fn long_titles_shrink_then_are_cut() {
        let chart = canvas((300, 100), |root| {
            let (t, size) = fit_title(root, "short")?;
            assert_eq!((t.as_str(), size), ("short", 22));
            let long = "网络强国 cyber power ".repeat(10);
            let (t, size) = fit_title(root, &long)?;
            assert_eq!(size, 16);
            assert!(
                t.ends_with('…') && t.chars().count() < long.chars().count(),
                "{t}"
            );
            Ok(())
        });
        assert!(chart.is_ok());
    }
}
