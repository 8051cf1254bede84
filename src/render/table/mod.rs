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
