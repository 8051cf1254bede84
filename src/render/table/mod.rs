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
    presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table,
    Width,
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
    table_keeping_words_within(header, rows, word_columns, &[])
}

/// [`table_keeping_words`], with some columns at most as wide as given (padding included): short labels
/// that should wrap to leave room for the prose beside them.
pub fn table_keeping_words_within(
    header: &[&str],
    rows: Vec<Vec<Cell>>,
    word_columns: &[usize],
    at_most: &[(usize, u16)],
) -> Table {
    let mut probe = new_table(header);
    probe.add_rows(rows.clone());
    for &(c, w) in at_most {
        if let Some(column) = probe.column_mut(c) {
            column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(w)));
        }
    }
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

/// Keeps the words of the cells of `columns` whole: each such column is at least as wide as its longest word,
/// so that its cells wrap between words, never inside one. Call before [`keep_whole`], which keeps the layout.
pub fn keep_words(t: &mut Table, columns: &[usize]) {
    let mut longest = vec![0usize; t.column_count()];
    for row in t.row_iter() {
        for (k, cell) in row.cell_iter().enumerate() {
            let w = cell
                .content()
                .split(char::is_whitespace)
                .map(display_width)
                .max()
                .unwrap_or(0);
            if let Some(x) = longest.get_mut(k) {
                *x = (*x).max(w);
            }
        }
    }
    for &c in columns {
        if let (Some(column), Some(&w)) = (t.column_mut(c), longest.get(c)) {
            let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
        }
    }
}

/// Keeps the cells of `columns` whole (numbers, counts with their shares, short keys): each such column is
/// at least as wide as its widest cell, so that when the terminal is narrow the text columns and the
/// headers wrap, never a number. A header word wider than its column is broken after a `-`. `tight`
/// drops the left padding of those columns (right-aligned numbers do not need it), for wide tables.
pub fn keep_whole(t: &mut Table, columns: &[usize], tight: bool) {
    let mut widest = vec![0usize; t.column_count()];
    for row in t.row_iter() {
        for (k, cell) in row.cell_iter().enumerate() {
            let w = cell.content().lines().map(display_width).max().unwrap_or(0);
            if let Some(x) = widest.get_mut(k) {
                *x = (*x).max(w);
            }
        }
    }
    // Tight only when the table, with its header words whole (a word may break after a dash), would not
    // fit with the usual padding.
    let header_words: Vec<usize> = t
        .header()
        .map(|h| {
            h.cell_iter()
                .map(|c| {
                    c.content()
                        .split(|ch: char| ch.is_whitespace() || ch == '-')
                        .map(|w| display_width(w) + 1)
                        .max()
                        .unwrap_or(0)
                })
                .collect()
        })
        .unwrap_or_default();
    let natural: usize = widest
        .iter()
        .enumerate()
        .map(|(k, &w)| w.max(header_words.get(k).copied().unwrap_or(0)) + 3)
        .sum::<usize>()
        + 1;
    let tight = tight && t.width().is_some_and(|w| natural > usize::from(w));
    for &c in columns {
        if let (Some(column), Some(&w)) = (t.column_mut(c), widest.get(c)) {
            let padding = if tight {
                column.set_padding((0, 1));
                1
            } else {
                2
            };
            let w = u16::try_from(w).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                w.saturating_add(padding),
            )));
        }
    }
    // Lay out once to learn the widths, then break header words at their dashes to fit them.
    let widths = t.lines().next().map(|top| border_widths(&top));
    if let (Some(widths), Some(header)) = (widths, t.header()) {
        let cells: Vec<Cell> = header
            .cell_iter()
            .zip(&widths)
            .enumerate()
            .map(|(k, (cell, &w))| {
                let tight = tight && columns.contains(&k);
                let padding = if tight { 1 } else { 2 };
                let cell = Cell::new(break_long_words(
                    &cell.content(),
                    usize::from(w.saturating_sub(padding)),
                ));
                // Over numbers without left padding, the header stands right, clear of the border.
                if tight {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            })
            .collect();
        t.set_header(cells);
        for (column, &w) in t.column_iter_mut().zip(&widths) {
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
        }
    }
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

/// The display width of a line: East Asian wide characters count two columns, ANSI colour sequences none.
pub fn display_width(line: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    let mut width = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // Skip to the end of the escape sequence (`ESC [ … m`).
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        width += c.width().unwrap_or(0);
    }
    width
}

/// Every line of `text` wider than `width` wrapped, its continuation lines hanging under where its content
/// starts: inside a last parenthesis that follows two spaces (`decided    (rule +4, …)`), else after a
/// one-word `label:` and its spaces (`  phrases:   "a", "b"`), else at the line's own indent (two columns
/// in for an unindented line). Lines break at spaces, or between Chinese characters but never before a
/// closing punctuation mark; the spacing of the first line is kept, so aligned columns stay aligned. A line
/// that fits is left as it is.
pub fn wrap_hanging(text: &str, width: usize) -> String {
    let width = width.max(20);
    text.split('\n')
        .map(|line| wrap_line(line, width, hang_of(line, width)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line wrapped as by [`wrap_hanging`], its continuation lines indented by `hang` columns.
pub fn wrap_line_at(line: &str, width: usize, hang: usize) -> String {
    let width = width.max(20);
    wrap_line(line, width, hang.min(width / 2))
}

/// The column the continuation lines of `line` hang at (see [`wrap_hanging`]).
fn hang_of(line: &str, width: usize) -> usize {
    let lead = line.len() - line.trim_start_matches(' ').len();
    if let Some(p) = line.rfind("  (") {
        let col = display_width(&line[..p + 3]);
        if col <= width * 2 / 3 {
            return col;
        }
    }
    let body = &line[lead..];
    if let Some(colon) = body.find(':') {
        let label = &body[..colon];
        let after = &body[colon + 1..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if !label.is_empty() && !label.contains(' ') && spaces > 0 && !after.trim().is_empty() {
            let col = display_width(&line[..lead + colon + 1 + spaces]);
            if col <= width / 2 {
                return col;
            }
        }
    }
    match lead {
        0 => 2,
        n if n <= width / 2 => n,
        _ => 0,
    }
}

/// Chinese punctuation that must not begin a line.
fn closes(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '”'
            | '’'
            | '】'
    )
}

fn wrap_line(line: &str, width: usize, hang: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if display_width(line) <= width {
        return line.to_string();
    }
    let mut out = String::new();
    let mut rest = line;
    let mut first = true;
    loop {
        let (indent, room) = if first {
            (0, width)
        } else {
            (hang, width - hang)
        };
        if display_width(rest) <= room {
            out.push_str(&" ".repeat(indent));
            out.push_str(rest);
            return out;
        }
        // The last place to break within `room`: after a space (dropped), or before a wide character or
        // after one. Never before the first character of content.
        let mut cut: Option<(usize, usize)> = None; // (end of this line, start of the next)
        let mut col = 0;
        let mut prev_wide = false;
        let content = rest.len() - rest.trim_start_matches(' ').len();
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            if c == '\x1b' {
                for (_, d) in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
                continue;
            }
            let w = c.width().unwrap_or(0);
            let wide = w == 2;
            if i > content && (c == ' ' || ((wide || prev_wide) && !closes(c))) && col <= room {
                let next = if c == ' ' { i + 1 } else { i };
                cut = Some((i, next));
            }
            col += w;
            if col > room {
                break;
            }
            prev_wide = wide;
        }
        let (end, next) = cut.unwrap_or_else(|| {
            // No place to break: cut the word at the edge.
            let mut col = 0;
            let at = rest
                .char_indices()
                .find(|&(_, c)| {
                    col += c.width().unwrap_or(0);
                    col > room
                })
                .map_or(rest.len(), |(i, c)| if i == 0 { c.len_utf8() } else { i });
            (at, at)
        });
        out.push_str(&" ".repeat(indent));
        out.push_str(rest[..end].trim_end());
        out.push('\n');
        rest = rest[next..].trim_start_matches(' ');
        first = false;
        if rest.is_empty() {
            out.pop();
            return out;
        }
    }
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
    /// Columns of identifiers, broken only after `.`, `-`, `/` or `_` (see [`table_keeping_words`]).
    word_columns: Vec<usize>,
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
            word_columns: Vec::new(),
        }
    }

    /// The same table, its `columns` holding identifiers that are never cut inside a word.
    pub fn keeping_words(mut self, columns: &[usize]) -> Self {
        self.word_columns = columns.to_vec();
        self
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
                let t = table_keeping_words(&header, rows, &self.word_columns);
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
                for mut row in rows {
                    for &c in &self.word_columns {
                        if let (Some(cell), Some(&w)) = (row.get_mut(c), widths.get(c)) {
                            let text =
                                break_long_words(&cell.content(), usize::from(w.saturating_sub(2)));
                            *cell = Cell::new(text);
                        }
                    }
                    t.add_row(row);
                }
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
    fn long_lines_hang_under_their_content_and_keep_their_spacing() {
        let row = "  office    external    7  decided    (aud.ext.mfa-spokesperson external +4, spk.hua-chunying external +3)";
        let w = wrap_hanging(row, 80);
        let lines: Vec<&str> = w.lines().collect();
        assert!(
            lines[0].starts_with("  office    external    7  decided    (aud.ext"),
            "{w}"
        );
        let paren = lines[0].find('(').unwrap();
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.len() - l.trim_start().len() == paren + 1),
            "{w}"
        );
        assert!(
            lines.len() > 1 && lines.iter().all(|l| display_width(l) <= 80),
            "{w}"
        );
        let label = "  phrases:   \"外交部发言人\", \"foreign ministry spokesperson\", \"ministry foreign affairs\"";
        let w = wrap_hanging(label, 40);
        assert!(w.lines().count() > 1, "{w}");
        assert!(
            w.lines()
                .skip(1)
                .all(|l| l.len() - l.trim_start().len() == 13),
            "{w}"
        );
        // Chinese breaks between characters; nothing is lost.
        let zh = format!(
            "  text:    {}",
            "核心技术受制于人是我们最大的隐患。".repeat(4)
        );
        let w = wrap_hanging(&zh, 40);
        assert!(w.lines().all(|l| display_width(l) <= 40), "{w}");
        assert_eq!(w.replace(['\n', ' '], ""), zh.replace(' ', ""));
        // A line that fits, and a word longer than the width, come out whole and in order.
        assert_eq!(wrap_hanging("short line", 40), "short line");
        let word = "x".repeat(50);
        assert_eq!(wrap_hanging(&word, 20).replace(['\n', ' '], ""), word);
        // Colour codes take no room.
        assert_eq!(display_width("\x1b[1;33mab\x1b[0m"), 2);
    }

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
