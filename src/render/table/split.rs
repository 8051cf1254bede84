//! The statements `split` cut from documents, as a terminal table.

use super::new_table;
use crate::model::Statement;
use comfy_table::Cell;
use std::io::Write;

/// One row per statement: id, who (and in whose voice), date, file:line, the text and its question.
pub fn statements<W: Write>(out: &mut W, statements: &[Statement]) -> crate::Result<()> {
    if statements.is_empty() {
        writeln!(out, "no statement")?;
        return Ok(());
    }
    let mut t = new_table(&["id", "speaker (voice)", "date", "where", "text"]);
    for s in statements {
        let p = s.provenance.as_deref();
        let voice = p.map_or("", |p| p.voice.as_str());
        let place = p.map_or(String::new(), |p| format!("{}:{}", p.file, p.line));
        let mut text = s.text.clone();
        if let Some(p) = p.filter(|p| !p.question.is_empty()) {
            let asker = if p.asked_by.is_empty() {
                "Q"
            } else {
                &p.asked_by
            };
            text.push_str(&format!("\n↳ answers {asker}: {}", p.question));
        }
        t.add_row(vec![
            Cell::new(&s.id),
            Cell::new(format!(
                "{}\n({voice})",
                if s.speaker.is_empty() {
                    "—"
                } else {
                    &s.speaker
                }
            )),
            Cell::new(&s.date),
            Cell::new(place),
            Cell::new(text),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(())
}
