//! Terminal tables (comfy-table), wrapped to the terminal's width.

use crate::analysis::eval::Metrics;
use crate::model::{Audience, Classified, Theme};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ContentArrangement, Table};
use std::io::Write;

/// A table that wraps to the terminal (or to 120 columns when output is not a terminal).
pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if t.width().is_none() {
        t.set_width(120);
    }
    t.set_header(header.iter().map(Cell::new));
    t
}

/// The classification table: one row per statement, with the rules that fired and their words.
pub fn classify<W: Write>(out: &mut W, rows: &[Classified]) -> crate::Result<()> {
    let mut t = new_table(&["id", "audience", "themes", "rules fired (matched words)", "text"]);
    for c in rows {
        let cl = &c.classification;
        let audience = match cl.audience_basis {
            crate::model::Basis::Rules => cl.audience.to_string(),
            crate::model::Basis::Default => format!("{} (default)", cl.audience),
        };
        let themes: Vec<&str> = cl.themes.iter().map(|t| t.as_str()).collect();
        let fired: Vec<String> = cl
            .fired
            .iter()
            .map(|f| {
                let words: Vec<String> = f.evidence.iter().map(|e| format!("\"{}\"", e.matched)).collect();
                format!("{} {:+} {}", f.rule, f.weight, words.join(", "))
            })
            .collect();
        t.add_row(vec![
            Cell::new(&c.statement.id),
            Cell::new(audience),
            Cell::new(if themes.is_empty() { "—".to_string() } else { themes.join("\n") }),
            Cell::new(fired.join("\n")),
            Cell::new(super::excerpt(&c.statement.text, 160)),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(())
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

/// The evaluation tables: overall and per-language scores, per-theme scores, confusion, then the errors.
pub fn eval<W: Write>(out: &mut W, m: &Metrics) -> crate::Result<()> {
    let mut t = new_table(&["set", "n", "audience acc", "audience macro-F1", "theme micro-F1", "theme macro-F1", "exact match"]);
    t.add_row(vec![
        Cell::new("all"), Cell::new(m.n), Cell::new(f3(m.audience.accuracy)), Cell::new(f3(m.audience.macro_f1)),
        Cell::new(f3(m.themes.micro_f1)), Cell::new(f3(m.themes.macro_f1)), Cell::new(f3(m.themes.exact_match)),
    ]);
    for (lang, l) in &m.by_lang {
        t.add_row(vec![
            Cell::new(lang.as_str()), Cell::new(l.n), Cell::new(f3(l.audience.accuracy)), Cell::new(f3(l.audience.macro_f1)),
            Cell::new(f3(l.themes.micro_f1)), Cell::new(f3(l.themes.macro_f1)), Cell::new(f3(l.themes.exact_match)),
        ]);
    }
    writeln!(out, "{t}")?;
    let mut t = new_table(&["theme", "precision", "recall", "F1", "support", "TP", "FP", "FN"]);
    for th in Theme::ALL {
        let p = &m.themes.per_theme[&th];
        t.add_row(vec![
            Cell::new(th), Cell::new(f3(p.precision)), Cell::new(f3(p.recall)), Cell::new(f3(p.f1)),
            Cell::new(p.support), Cell::new(p.tp), Cell::new(p.fp), Cell::new(p.r#fn),
        ]);
    }
    writeln!(out, "{t}")?;
    let mut t = new_table(&["gold \\ predicted", "external", "internal"]);
    for g in Audience::ALL {
        let row = &m.audience.confusion[&g];
        t.add_row(vec![
            Cell::new(g),
            Cell::new(row[&Audience::External]).set_alignment(CellAlignment::Right),
            Cell::new(row[&Audience::Internal]).set_alignment(CellAlignment::Right),
        ]);
    }
    writeln!(out, "{t}")?;
    if !m.errors.is_empty() {
        let mut t = new_table(&["id", "gold", "predicted", "rules fired", "text"]);
        let label = |g: &crate::model::Gold| {
            let themes: Vec<&str> = g.themes.iter().map(|t| t.as_str()).collect();
            format!("{}\n{}", g.audience, if themes.is_empty() { "—".into() } else { themes.join(", ") })
        };
        for e in &m.errors {
            t.add_row(vec![
                Cell::new(&e.id), Cell::new(label(&e.gold)), Cell::new(label(&e.predicted)),
                Cell::new(e.fired.join("\n")), Cell::new(super::excerpt(&e.text, 120)),
            ]);
        }
        writeln!(out, "{} statement(s) with a wrong audience or theme set:\n{t}", m.errors.len())?;
    }
    Ok(())
}
