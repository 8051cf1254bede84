//! The alignment of two language versions of a transcript, as terminal tables.

use super::new_table;
use crate::align::{Alignment, Part, Passage};
use comfy_table::Cell;
use std::io::Write;

/// The paired turns, then the passages of each version that the other does not have.
pub fn table<W: Write>(out: &mut W, a: &Alignment) -> crate::Result<()> {
    let heading = format!(
        "{} ({} {}) ↔ {} ({} {}): {} turn(s) paired",
        a.zh_file,
        a.zh_header.0,
        a.zh_header.1,
        a.en_file,
        a.en_header.0,
        a.en_header.1,
        a.pairs.len()
    );
    writeln!(
        out,
        "{}",
        super::wrap_line_at(&heading, super::line_width(), 2)
    )?;
    if !a.pairs.is_empty() {
        let mut t = new_table(&["zh line", "en line", "score", "shared"]);
        for p in &a.pairs {
            t.add_row(vec![
                Cell::new(p.zh_line),
                Cell::new(p.en_line),
                Cell::new(format!("{:.2}", p.score)),
                Cell::new(if p.shared.is_empty() {
                    "—".to_string()
                } else {
                    p.shared.join(", ")
                }),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    missing(out, "only in the Chinese version", &a.missing_in_en)?;
    missing(out, "only in the English version", &a.missing_in_zh)?;
    Ok(())
}

fn missing<W: Write>(out: &mut W, title: &str, passages: &[Passage]) -> crate::Result<()> {
    if passages.is_empty() {
        writeln!(out, "{title}: nothing")?;
        return Ok(());
    }
    writeln!(out, "{title}: {} passage(s)", passages.len())?;
    let mut t = new_table(&["where", "part", "text"]);
    for p in passages {
        t.add_row(vec![
            Cell::new(format!("{}:{}", p.file, p.line)),
            Cell::new(match p.part {
                Part::Question => "question",
                Part::Answer => "answer",
            }),
            Cell::new(&p.text),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(())
}
