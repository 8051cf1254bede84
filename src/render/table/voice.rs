//! Terminal tables of the voice analyses: distinctive terms, statistics and trends.

use super::new_table;
use crate::analysis::stats::{By, Stats, StatsRow};
use crate::analysis::terms::{TermScore, VoiceTerms};
use crate::analysis::trend::Trend;
use crate::model::{Audience, Theme};
use comfy_table::{Cell, CellAlignment};
use std::io::Write;

fn num(v: f64, decimals: usize) -> Cell {
    Cell::new(format!("{v:.decimals$}")).set_alignment(CellAlignment::Right)
}

fn int(v: u64) -> Cell {
    Cell::new(v).set_alignment(CellAlignment::Right)
}

fn side(t: Option<&TermScore>) -> [Cell; 4] {
    match t {
        Some(t) => [
            Cell::new(&t.term),
            num(t.z, 2),
            Cell::new(format!("{} · {}", t.count[0], t.count[1]))
                .set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.1} · {:.1}", t.per_1000[0], t.per_1000[1]))
                .set_alignment(CellAlignment::Right),
        ],
        None => [Cell::new(""), Cell::new(""), Cell::new(""), Cell::new("")],
    }
}

/// One table per language: rank, then the external voice's terms beside the internal voice's, each with
/// its z-score, its uses (this voice · the other) and its uses per 1,000 statements (likewise).
pub fn terms<W: Write>(out: &mut W, results: &[VoiceTerms]) -> crate::Result<()> {
    if results.is_empty() {
        writeln!(out, "no statements to compare")?;
    }
    for (i, r) in results.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let lang = match r.lang.as_str() {
            "en" => "English",
            "zh" => "Chinese",
            _ => "English and Chinese",
        };
        let theme = r.theme.map(|t| format!(", theme {t}")).unwrap_or_default();
        let heading = format!(
            "{lang} statements{theme}: {} external ({} terms), {} internal ({} terms); prior from the {} terms of every {}statement (α0 = {:.0})",
            r.external.statements,
            r.external.terms,
            r.internal.statements,
            r.internal.terms,
            r.background_terms,
            if r.lang == "all" {
                String::new()
            } else {
                format!("{lang} ")
            },
            r.alpha0
        );
        writeln!(
            out,
            "{}",
            super::wrap_line_at(&heading, super::line_width(), 2)
        )?;
        let note = match (r.lang == "all", r.concepts_merged) {
            (true, true) => "English and Chinese forms of a concept of rules/concepts.toml are counted as one term, named in both scripts",
            (true, false) => "note: no concept lexicon, so English and Chinese forms of one idea are counted as different terms",
            _ => "",
        };
        if !note.is_empty() {
            writeln!(out, "{}", super::wrap_line_at(note, super::line_width(), 2))?;
        }
        let mut t = new_table(&[
            "#",
            "external voice",
            "z",
            "uses ext · int",
            "per 1,000 ext · int",
            "internal voice",
            "z",
            "uses int · ext",
            "per 1,000 int · ext",
        ]);
        let rows = r.external.top.len().max(r.internal.top.len());
        for k in 0..rows {
            let mut row = vec![int(k as u64 + 1)];
            row.extend(side(r.external.top.get(k)));
            row.extend(side(r.internal.top.get(k)));
            t.add_row(row);
        }
        // Terms wrap between words only; the figures stay whole.
        super::keep_words(&mut t, &[1, 5]);
        super::keep_whole(&mut t, &[0, 2, 3, 4, 6, 7, 8], true);
        writeln!(out, "{t}")?;
    }
    Ok(())
}

fn theme_cell(c: u64, share: f64) -> Cell {
    Cell::new(format!("{c} ({:.0}%)", 100.0 * share)).set_alignment(CellAlignment::Right)
}

fn voice_row(key: &str, r: &StatsRow, a: Audience) -> Vec<Cell> {
    let v = r.voice(a);
    let mut row = vec![Cell::new(key), Cell::new(a.as_str()), int(v.statements)];
    for t in Theme::ALL {
        row.push(theme_cell(v.themes[&t], v.share[&t]));
    }
    row.push(theme_cell(
        v.no_theme,
        if v.statements == 0 {
            0.0
        } else {
            v.no_theme as f64 / v.statements as f64
        },
    ));
    row
}

/// Statistics: by theme the audience × theme table; otherwise one line per row and voice, each theme's
/// count with its share of the voice's statements in that row.
pub fn stats<W: Write>(out: &mut W, s: &Stats) -> crate::Result<()> {
    if s.by == By::Theme {
        let mut t = new_table(&[
            "theme",
            "external",
            "% of external",
            "internal",
            "% of internal",
            "all",
        ]);
        for r in s.rows.iter().chain(std::iter::once(&s.total)) {
            let pct = |a: Audience| {
                let total = s.total.voice(a).statements;
                if total == 0 {
                    0.0
                } else {
                    100.0 * r.voice(a).statements as f64 / total as f64
                }
            };
            t.add_row(vec![
                Cell::new(&r.key),
                int(r.external.statements),
                num(pct(Audience::External), 1),
                int(r.internal.statements),
                num(pct(Audience::Internal), 1),
                int(r.statements()),
            ]);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "A statement can carry several themes, so theme rows add up to more than `all`."
        )?;
        return Ok(());
    }
    let by = match s.by {
        By::Year => "year",
        By::Speaker => "speaker",
        By::Venue => "venue",
        By::Theme => "theme",
    };
    let mut header = vec![by, "voice", "all"];
    header.extend(Theme::ALL.iter().map(|t| t.as_str()));
    header.push("no theme");
    let mut t = new_table(&header);
    for r in s.rows.iter().chain(std::iter::once(&s.total)) {
        for a in Audience::ALL {
            let key = if a == Audience::External {
                r.key.as_str()
            } else {
                ""
            };
            t.add_row(voice_row(key, r, a));
        }
    }
    // Counts with their shares stay whole; their columns give up the left padding the right-aligned
    // numbers do not need, so a year's row fits 100 columns. Speakers and venues are text and may wrap.
    if s.by == By::Year {
        super::keep_whole(&mut t, &[0, 1], false);
    } else {
        super::keep_whole(&mut t, &[1], false);
    }
    let counts: Vec<usize> = (2..header.len()).collect();
    super::keep_whole(&mut t, &counts, true);
    writeln!(out, "{t}")?;
    writeln!(
        out,
        "{}",
        super::wrap_hanging(
            "all: the voice's statements in the row. Each theme cell: statements of that voice carrying the \
             theme (their share of the voice's statements in the row).",
            super::line_width()
        )
    )?;
    Ok(())
}

/// A phrase's trend: one row per year, both voices' statements, uses and uses per 1,000 statements.
pub fn trend<W: Write>(out: &mut W, tr: &Trend) -> crate::Result<()> {
    let concept = tr
        .concept
        .as_deref()
        .map(|c| format!(" (concept {c})"))
        .unwrap_or_default();
    let heading = format!(
        "“{}”{concept}: counting {}",
        tr.phrase,
        tr.forms
            .iter()
            .map(|f| format!("“{f}”"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    writeln!(
        out,
        "{}",
        super::wrap_line_at(&heading, super::line_width(), 2)
    )?;
    let mut t = new_table(&[
        "year",
        "external statements",
        "external uses",
        "external per 1,000",
        "internal statements",
        "internal uses",
        "internal per 1,000",
    ]);
    for p in tr.points.iter().chain(std::iter::once(&tr.total)) {
        t.add_row(vec![
            Cell::new(&p.period),
            int(p.external.statements),
            int(p.external.uses),
            num(p.external.per_1000, 1),
            int(p.internal.statements),
            int(p.internal.uses),
            num(p.internal.per_1000, 1),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(())
}
