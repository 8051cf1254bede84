//! The classification table of `classify`, streamed: a row per statement with the rules that fired.

use super::{ChunkedTable, CHUNK_ROWS};
use crate::model::Classified;
use crate::stream::Sink;
use comfy_table::Cell;
use std::io::Write;

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
        crate::model::Basis::Model => format!("{} (model)", cl.audience),
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
        Cell::new(crate::render::excerpt(&c.statement.text, 160)),
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
            // Rule ids break only after their dots and dashes.
            table: ChunkedTable::new(&CLASSIFY_HEADER, chunk).keeping_words(&[3]),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classify;
    use crate::model::Statement;
    use crate::render::table::table_keeping_words;
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
                let statement = Statement::new(format!("statement-{i:02}"), text);
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
        let t = table_keeping_words(
            &CLASSIFY_HEADER,
            rows.iter().map(classify_row).collect(),
            &[3],
        );
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
