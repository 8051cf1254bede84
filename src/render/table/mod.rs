//! The `table` format: terminal tables (comfy-table) wrapped to the terminal's width, one file per view.

pub mod align;
pub mod classify;
pub mod eval;
pub mod index;
pub mod pairs;
pub mod rules;
pub mod split;
pub mod voice;

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, ColumnConstraint, ContentArrangement, Table, Width,
};
use std::io::Write;

/// A table that wraps to the terminal (or to 120 columns when output is not a terminal).
pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if t.width().is_none() {
        t.set_width(piped_width());
    }
    t.set_header(header.iter().map(Cell::new));
    t
}

/// A table whose `word_columns` hold identifiers (`aud.ext.mfa-spokesperson`, `frame/external`) or prose
/// with them: laid out to fit like any table, then each word too long for its column is broken after a
/// `.`, `-`, `/` or `_` in it, so that an id is never cut inside a word (comfy-table cuts a long word at
/// the column's edge, wherever that falls). The layout of the first pass is kept.
pub fn table_keeping_words(header: &[&str], rows: Vec<Vec<Cell>>, word_columns: &[usize]) -> Table {
    let mut probe = new_table(header);
    probe.add_rows(rows.clone());
    let widths = probe
        .lines()
        .next()
        .map(|top| border_widths(&top))
        .unwrap_or_default();
    let mut t = new_table(header);
    for mut row in rows {
        for &c in word_columns {
            if let (Some(cell), Some(&w)) = (row.get_mut(c), widths.get(c)) {
                // The width includes one space of padding on each side.
                let text = break_long_words(&cell.content(), usize::from(w.saturating_sub(2)));
                *cell = Cell::new(text);
            }
        }
        t.add_row(row);
    }
    for (column, &w) in t.column_iter_mut().zip(&widths) {
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
    }
    t
}

/// `text` with every space-separated word wider than `width` broken into lines after the `.`, `-`, `/`
/// and `_` in it, each line as full as `width` allows. A word with no such place is left whole (the table
/// then cuts it where it must).
pub fn break_long_words(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let break_word = |word: &str| -> String {
        if word.width() <= width {
            return word.to_string();
        }
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut piece_start = 0;
        let mut pieces = Vec::new();
        for (i, ch) in word.char_indices() {
            if matches!(ch, '.' | '-' | '/' | '_') {
                let end = i + ch.len_utf8();
                pieces.push(&word[piece_start..end]);
                piece_start = end;
            }
        }
        pieces.push(&word[piece_start..]);
        for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
            if !line.is_empty() && line.width() + piece.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(piece);
        }
        lines.push(line);
        lines.join("\n")
    };
    text.split('\n')
        .map(|line| {
            line.split(' ')
                .map(break_word)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The width text beside the tables should keep to: the terminal's, or as for a piped table.
pub fn line_width() -> usize {
    usize::from(Table::new().width().unwrap_or_else(piped_width))
}

/// `text` wrapped at spaces to lines of at most `width` columns (a word longer than that stays whole),
/// every line after the first indented by `indent` spaces.
pub fn wrap_text(text: &str, width: usize, indent: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let lead = text.len() - text.trim_start_matches(' ').len();
    let mut out = " ".repeat(lead);
    let mut line_width = lead;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        if line_width > lead && line_width + 1 + w > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line_width = indent;
        } else if line_width > lead {
            out.push(' ');
            line_width += 1;
        }
        out.push_str(word);
        line_width += w;
    }
    out
}

/// The width of a table that does not go to a terminal: `COLUMNS` when it is a number, 120 otherwise.
fn piped_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c >= 20)
        .unwrap_or(120)
}

/// Rows a streamed table holds before writing them: memory stays bounded by this, not by the input.
pub const CHUNK_ROWS: usize = 1000;

/// A table written in chunks of rows, for output of any length: the first chunk is laid out to fit the
/// terminal and its column widths are kept for every later chunk, whose rows continue the same frame.
pub struct ChunkedTable {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
    chunk: usize,
    /// Column widths (with padding), fixed by the first chunk.
    widths: Option<Vec<u16>>,
    /// The bottom border of what was written, held back until the table ends.
    bottom: Option<String>,
}

impl ChunkedTable {
    /// A table with this header, written every `chunk` rows.
    pub fn new(header: &[&str], chunk: usize) -> Self {
        ChunkedTable {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            chunk: chunk.max(1),
            widths: None,
            bottom: None,
        }
    }

    /// Adds a row, writing the rows held so far when a chunk is full.
    pub fn push<W: Write>(&mut self, out: &mut W, row: Vec<Cell>) -> crate::Result<()> {
        self.rows.push(row);
        if self.rows.len() >= self.chunk {
            self.write_chunk(out)?;
        }
        Ok(())
    }

    /// Writes the rows still held and closes the frame.
    pub fn finish<W: Write>(&mut self, out: &mut W) -> crate::Result<()> {
        if !self.rows.is_empty() || self.widths.is_none() {
            self.write_chunk(out)?;
        }
        if let Some(bottom) = self.bottom.take() {
            writeln!(out, "{bottom}")?;
        }
        Ok(())
    }

    fn write_chunk<W: Write>(&mut self, out: &mut W) -> crate::Result<()> {
        let rows = std::mem::take(&mut self.rows);
        let lines: Vec<String> = match &self.widths {
            None => {
                let header: Vec<&str> = self.header.iter().map(String::as_str).collect();
                let mut t = new_table(&header);
                t.add_rows(rows);
                let lines: Vec<String> = t.lines().collect();
                self.widths = lines.first().map(|top| border_widths(top));
                lines
            }
            Some(widths) => {
                let mut t = Table::new();
                let frame: u16 = widths.iter().sum::<u16>() + widths.len() as u16 + 1;
                t.load_preset(UTF8_FULL_CONDENSED)
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(frame);
                t.add_rows(rows);
                for (column, &w) in t.column_iter_mut().zip(widths) {
                    column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
                }
                // The top border continues the frame already on screen.
                t.lines().skip(1).collect()
            }
        };
        let Some((bottom, body)) = lines.split_last() else {
            return Ok(());
        };
        for line in body {
            writeln!(out, "{line}")?;
        }
        self.bottom = Some(bottom.clone());
        Ok(())
    }
}

/// The widths of a table's columns, read from its top border (`┌──┬───┐`).
fn border_widths(top: &str) -> Vec<u16> {
    top.trim_start_matches('┌')
        .trim_end_matches('┐')
        .split('┬')
        .map(|segment| u16::try_from(segment.chars().count()).unwrap_or(u16::MAX))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_at_spaces_with_a_hanging_indent() {
        assert_eq!(wrap_text("  12  short", 40, 4), "  12  short");
        assert_eq!(
            wrap_text("  one two three four", 12, 4),
            "  one two\n    three\n    four"
        );
    }

    #[test]
    fn long_ids_break_after_punctuation_only() {
        let id = "indigenization.market-and-supply-chains-vs-cannot-be-bought/external";
        let broken = break_long_words(id, 30);
        assert_eq!(
            broken,
            "indigenization.market-and-\nsupply-chains-vs-cannot-be-\nbought/external"
        );
        assert_eq!(broken.replace('\n', ""), id);
        assert_eq!(break_long_words("short words stay", 10), "short words stay");
        assert_eq!(break_long_words("unbreakableword", 5), "unbreakableword");
    }

    #[test]
    fn a_table_of_ids_keeps_every_id_whole_and_fits_its_width() {
        let ids = [
            "military-civil-fusion.normal-practice-vs-military-strength/external",
            "aud.ext.mfa-spokesperson",
            "security.others-surveillance-vs-ideological-infiltration/internal",
        ];
        let rows = ids
            .iter()
            .map(|id| {
                vec![
                    Cell::new(id),
                    Cell::new("a summary of some length ".repeat(4)),
                ]
            })
            .collect();
        let t = table_keeping_words(&["rule", "summary"], rows, &[0]);
        let width = usize::from(t.width().unwrap());
        let text = t.to_string();
        assert!(
            text.lines().count() > ids.len() * 2,
            "the ids had to wrap:\n{text}"
        );
        for line in text.lines() {
            assert!(line.chars().count() <= width, "{line}");
        }
        // Each id reads whole when its lines in the first column are joined.
        let first_column: String = text
            .lines()
            .filter_map(|l| l.split('┆').next())
            .map(|c| c.trim_start_matches('│').trim())
            .collect::<Vec<_>>()
            .concat();
        for id in ids {
            assert!(first_column.contains(id), "{id} cut in:\n{text}");
        }
    }
}
