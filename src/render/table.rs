//! Terminal tables (comfy-table), wrapped to the terminal's width.

use crate::analysis::eval::Metrics;
use crate::model::{Audience, Classified, Theme};
use crate::stream::Sink;
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
        t.set_width(120);
    }
    t.set_header(header.iter().map(Cell::new));
    t
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

/// The columns of the classification table.
pub const CLASSIFY_HEADER: [&str; 5] = [
    "id",
    "audience",
    "themes",
    "rules fired (matched words)",
    "text",
];

/// One row of the classification table: the rules that fired and their words.
pub fn classify_row(c: &Classified) -> Vec<Cell> {
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
            let mut words: Vec<String> = Vec::new();
            for e in &f.evidence {
                let w = format!("\"{}\"", e.matched);
                if !words.contains(&w) {
                    words.push(w);
                }
            }
            format!("{} {:+} {}", f.rule, f.weight, words.join(", "))
        })
        .collect();
    vec![
        Cell::new(&c.statement.id),
        Cell::new(audience),
        Cell::new(if themes.is_empty() {
            "—".to_string()
        } else {
            themes.join("\n")
        }),
        Cell::new(fired.join("\n")),
        Cell::new(super::excerpt(&c.statement.text, 160)),
    ]
}

/// Streams the classification table, one row per statement, in chunks of [`CHUNK_ROWS`].
pub struct ClassifyTable<W: Write> {
    out: W,
    table: ChunkedTable,
}

impl<W: Write> ClassifyTable<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> Self {
        Self::with_chunk(out, CHUNK_ROWS)
    }

    /// A sink writing every `chunk` rows.
    pub fn with_chunk(out: W, chunk: usize) -> Self {
        ClassifyTable {
            out,
            table: ChunkedTable::new(&CLASSIFY_HEADER, chunk),
        }
    }
}

impl<W: Write> Sink for ClassifyTable<W> {
    fn classified(&mut self, c: Classified) -> crate::Result<()> {
        self.table.push(&mut self.out, classify_row(&c))
    }

    fn finish(&mut self) -> crate::Result<()> {
        self.table.finish(&mut self.out)
    }
}

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
        let mut t = new_table(&["id", "gold", "predicted", "rules fired", "text"]);
        let label = |g: &crate::model::Gold| {
            let themes: Vec<&str> = g.themes.iter().map(|t| t.as_str()).collect();
            format!(
                "{}\n{}",
                g.audience,
                if themes.is_empty() {
                    "—".into()
                } else {
                    themes.join(", ")
                }
            )
        };
        for e in &m.errors {
            t.add_row(vec![
                Cell::new(&e.id),
                Cell::new(label(&e.gold)),
                Cell::new(label(&e.predicted)),
                Cell::new(e.fired.join("\n")),
                Cell::new(super::excerpt(&e.text, 120)),
            ]);
        }
        writeln!(
            out,
            "{} statement(s) with a wrong audience or theme set:\n{t}",
            m.errors.len()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classify;
    use crate::model::{Lang, Statement};
    use crate::rules::RuleSet;

    fn classified(n: usize) -> Vec<Classified> {
        let rules = RuleSet::builtin().unwrap();
        let texts = [
            "Restrictions on Huawei violate market economy principles and fair competition.",
            "核心技术受制于人是我们最大的隐患。",
            "We must ensure self-reliance in grain production.",
        ];
        (0..n)
            .map(|i| {
                let text = texts[i % texts.len()].repeat(1 + i % 4);
                let statement = Statement {
                    id: format!("statement-{i:02}"),
                    lang: Lang::detect(&text),
                    text,
                    speaker: String::new(),
                    role: String::new(),
                    venue: String::new(),
                    date: String::new(),
                    source: String::new(),
                    gold: None,
                    provenance: None,
                };
                let classification = classify(&rules, &statement);
                Classified {
                    statement,
                    classification,
                }
            })
            .collect()
    }

    fn render(rows: &[Classified], chunk: usize) -> String {
        let mut out = Vec::new();
        let mut sink = ClassifyTable::with_chunk(&mut out, chunk);
        for c in rows {
            sink.classified(c.clone()).unwrap();
        }
        sink.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_chunked_table_is_one_frame_with_fixed_columns() {
        let rows = classified(11);
        let text = render(&rows, 3);
        let lines: Vec<&str> = text.lines().collect();
        let count = |c: char| lines.iter().filter(|l| l.starts_with(c)).count();
        assert_eq!((count('┌'), count('╞'), count('└')), (1, 1, 1), "{text}");
        assert!(lines[0].starts_with('┌') && lines.last().unwrap().starts_with('└'));
        let width = |l: &str| unicode_width::UnicodeWidthStr::width(l);
        assert!(
            lines.iter().all(|l| width(l) == width(lines[0])),
            "every line as wide as the frame:\n{text}"
        );
        let ids: Vec<usize> = (0..11)
            .map(|i| text.find(&format!("statement-{i:02} ")).expect("every row"))
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "rows in input order");
    }

    #[test]
    fn one_chunk_is_the_whole_table() {
        let rows = classified(5);
        let mut t = new_table(&CLASSIFY_HEADER);
        t.add_rows(rows.iter().map(classify_row));
        assert_eq!(render(&rows, CHUNK_ROWS), format!("{t}\n"));
    }

    #[test]
    fn an_empty_table_has_its_header() {
        let text = render(&[], 3);
        assert!(
            text.contains("rules fired") && text.trim_end().ends_with('┘'),
            "{text}"
        );
    }
}
