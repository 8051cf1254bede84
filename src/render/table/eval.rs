//! The evaluation tables of `eval`: scores overall and by language, per theme, confusion, then the errors.

use super::new_table;
use crate::analysis::eval::Metrics;
use crate::model::{Audience, Theme};
use comfy_table::{Cell, CellAlignment};
use std::io::Write;

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

/// The evaluation tables: overall and per-language scores, per-theme scores, confusion, then the errors.
pub fn eval<W: Write>(out: &mut W, m: &Metrics) -> crate::Result<()> {
    let mut t = new_table(&[
        "set",
        "n",
        "audience acc",
        "audience macro-F1",
        "theme micro-F1",
        "theme macro-F1",
        "exact match",
    ]);
    t.add_row(vec![
        Cell::new("all"),
        Cell::new(m.n),
        Cell::new(f3(m.audience.accuracy)),
        Cell::new(f3(m.audience.macro_f1)),
        Cell::new(f3(m.themes.micro_f1)),
        Cell::new(f3(m.themes.macro_f1)),
        Cell::new(f3(m.themes.exact_match)),
    ]);
    for (lang, l) in &m.by_lang {
        t.add_row(vec![
            Cell::new(lang.as_str()),
            Cell::new(l.n),
            Cell::new(f3(l.audience.accuracy)),
            Cell::new(f3(l.audience.macro_f1)),
            Cell::new(f3(l.themes.micro_f1)),
            Cell::new(f3(l.themes.macro_f1)),
            Cell::new(f3(l.themes.exact_match)),
        ]);
    }
    writeln!(out, "{t}")?;
    let mut t = new_table(&[
        "theme",
        "precision",
        "recall",
        "F1",
        "support",
        "TP",
        "FP",
        "FN",
    ]);
    for th in Theme::ALL {
        let p = &m.themes.per_theme[&th];
        t.add_row(vec![
            Cell::new(th),
            Cell::new(f3(p.precision)),
            Cell::new(f3(p.recall)),
            Cell::new(f3(p.f1)),
            Cell::new(p.support),
            Cell::new(p.tp),
            Cell::new(p.fp),
            Cell::new(p.r#fn),
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
        let mut rows = Vec::new();
        let label = |g: &crate::model::Gold| {
            let themes: Vec<&str> = g.themes.iter().map(|t| t.as_str()).collect();
            format!(
                "{}\n{}",
                g.audience,
                if themes.is_empty() {
                    "—".into()
                } else {
                    // One theme a line: the column stays as narrow as the longest theme, and the rules
                    // and the text beside it get the room.
                    themes.join(",\n")
                }
            )
        };
        for e in &m.errors {
            rows.push(vec![
                Cell::new(&e.id),
                Cell::new(label(&e.gold)),
                Cell::new(label(&e.predicted)),
                Cell::new(e.fired.join("\n")),
                Cell::new(crate::render::excerpt(&e.text, 120)),
            ]);
        }
        let header = ["id", "gold", "predicted", "rules fired", "text"];
        // Audience and themes, one a line, in columns as wide as "indigenization," (a longer theme breaks
        // at its dashes).
        let t =
            super::table_keeping_words_within(&header, rows, &[0, 1, 2, 3], &[(1, 17), (2, 17)]);
        writeln!(
            out,
            "{} statement(s) with a wrong audience or theme set:\n{t}",
            m.errors.len()
        )?;
    }
    Ok(())
}
