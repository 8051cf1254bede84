//! CSV input: a header with the schema's field names (`gold_audience`, and `gold_themes` split on `;`).

use crate::error::{Error, Result};
use crate::model::{Audience, Gold, Statement, Theme};
use std::collections::HashMap;
use std::io::BufRead;

const KNOWN: &[&str] = &[
    "id",
    "text",
    "speaker",
    "role",
    "venue",
    "date",
    "source",
    "lang",
    "gold_audience",
    "gold_themes",
    "translation",
];

/// Columns that twovoices' own CSV outputs add (`classify`, `search`): what the rules decided, and a hit's
/// rank and score. Reading such a file back ignores them (the rules decide again), so an output can be fed to
/// `classify` or `index`; any other column is refused, so a misspelt header does not drop data unnoticed.
pub const DERIVED: &[&str] = &[
    "audience",
    "audience_basis",
    "themes",
    "rules",
    "matched",
    "rank",
    "score",
];

/// Rows of a CSV file with their line numbers.
pub(super) struct Rows {
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    columns: HashMap<&'static str, usize>,
    /// Number of fields in the header; every row must have as many.
    width: usize,
    record: csv::StringRecord,
}

impl Rows {
    pub(super) fn new(reader: Box<dyn BufRead + Send>, path: &str) -> Result<Rows> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            // Rows of the wrong width are checked here, not by the reader: its error for them cannot be
            // told apart from one it cannot read past, and one bad row must not end the file.
            .flexible(true)
            .from_reader(reader);
        let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim().trim_start_matches('\u{feff}');
            match KNOWN.iter().find(|k| **k == h) {
                Some(k) => {
                    columns.insert(*k, i);
                }
                None if DERIVED.contains(&h) => {}
                None => {
                    let near = crate::text::nearest(h, KNOWN.iter().copied())
                        .map(|k| format!(" (did you mean `{k}`?)"))
                        .unwrap_or_default();
                    return Err(Error::Record {
                        path: path.to_string(),
                        line: 1,
                        column: Some(i as u64 + 1),
                        message: format!(
                            "unknown CSV column `{h}`{near}; expected some of: {} (the columns twovoices writes, {}, are read and ignored)",
                            KNOWN.join(", "),
                            DERIVED.join(", ")
                        ),
                    });
                }
            }
        }
        for required in ["id", "text"] {
            if !columns.contains_key(required) {
                return Err(Error::Record {
                    path: path.to_string(),
                    line: 1,
                    column: None,
                    message: format!(
                        "the CSV header has no `{required}` column; expected a header of: {}",
                        KNOWN.join(", ")
                    ),
                });
            }
        }
        Ok(Rows {
            reader,
            columns,
            width: headers.len(),
            record: csv::StringRecord::new(),
        })
    }

    /// The next row as a statement (or its error), with its line; `None` at the end of the file.
    pub(super) fn next_row(&mut self, path: &str) -> Option<(u64, Result<Statement>)> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line());
                if self.record.len() != self.width {
                    let err = Error::Record {
                        path: path.to_string(),
                        line,
                        column: None,
                        message: format!(
                            "this row has {} fields, expected {} like the header",
                            self.record.len(),
                            self.width
                        ),
                    };
                    return Some((line, Err(err)));
                }
                Some((line, self.to_statement(path, line)))
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                // A row that is not UTF-8 was read whole, so the next row starts cleanly; an I/O error
                // ends the file, as the reader cannot go on after it.
                let fatal = !matches!(e.kind(), csv::ErrorKind::Utf8 { .. });
                let err = csv_error(path, e);
                if fatal {
                    self.reader = csv::Reader::from_reader(Box::new(std::io::empty()));
                }
                Some((line, Err(err)))
            }
        }
    }

    fn get(&self, name: &str) -> Option<String> {
        self.columns
            .get(name)
            .and_then(|&i| self.record.get(i))
            .map(str::to_string)
    }

    fn to_statement(&self, path: &str, line: u64) -> Result<Statement> {
        let err = |column: Option<u64>, message: String| Error::Record {
            path: path.to_string(),
            line,
            column,
            message,
        };
        let col = |name: &str| self.columns.get(name).map(|i| *i as u64 + 1);
        let audience = self.get("gold_audience").unwrap_or_default();
        let themes = self.get("gold_themes").unwrap_or_default();
        let gold = if audience.trim().is_empty() {
            if !themes.trim().is_empty() {
                return Err(err(
                    col("gold_themes"),
                    "`gold_themes` is set but `gold_audience` is empty; expected both or neither"
                        .into(),
                ));
            }
            None
        } else {
            let audience = Audience::parse(audience.trim()).ok_or_else(|| {
                err(
                    col("gold_audience"),
                    format!(
                        "unknown gold_audience `{}`, expected `external` or `internal`",
                        audience.trim()
                    ),
                )
            })?;
            let mut ts = Vec::new();
            for t in themes.split(';').map(str::trim).filter(|t| !t.is_empty()) {
                ts.push(Theme::parse(t).ok_or_else(|| {
                    err(
                        col("gold_themes"),
                        format!(
                        "unknown theme `{t}` in gold_themes, expected some of {} separated by `;`",
                        Theme::ALL.map(|t| t.as_str()).join(", ")),
                    )
                })?);
            }
            Some(Gold::new(audience, ts))
        };
        super::finish(
            self.get("id"),
            self.get("text"),
            self.get("lang"),
            |id, text, lang| Statement {
                id,
                text,
                speaker: self.get("speaker").unwrap_or_default(),
                role: self.get("role").unwrap_or_default(),
                venue: self.get("venue").unwrap_or_default(),
                date: self.get("date").unwrap_or_default(),
                source: self.get("source").unwrap_or_default(),
                lang,
                gold,
                provenance: None,
                translation: self.get("translation").filter(|t| !t.trim().is_empty()),
            },
        )
        .map_err(|m| err(None, m))
    }
}

fn csv_error(path: &str, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "invalid UTF-8 in field {}: expected UTF-8 text",
            err.field() + 1
        ),
        _ => format!("invalid CSV: {e}"),
    };
    Error::Record {
        path: path.to_string(),
        line,
        column: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(u64, std::result::Result<String, String>)> {
        let reader: Box<dyn BufRead + Send> =
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let mut rows = Rows::new(reader, "x.csv").unwrap();
        let mut out = Vec::new();
        while let Some((line, r)) = rows.next_row("x.csv") {
            out.push((line, r.map(|s| s.id).map_err(|e| e.to_string())));
        }
        out
    }

    #[test]
    fn a_row_of_the_wrong_width_is_reported_and_the_next_rows_are_read() {
        let got = rows("id,text\nc1,a\nc2,b,EXTRA\nc3,c\nc4\nc5,e\n");
        let ids: Vec<&str> = got
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(String::as_str))
            .collect();
        assert_eq!(ids, ["c1", "c3", "c5"]);
        let errors: Vec<(u64, &String)> = got
            .iter()
            .filter_map(|(l, r)| r.as_ref().err().map(|e| (*l, e)))
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].0, 3);
        assert!(errors[0].1.contains("x.csv:3") && errors[0].1.contains("3 fields, expected 2"));
        assert_eq!(errors[1].0, 5);
        assert!(
            errors[1].1.contains("1 fields, expected 2"),
            "{}",
            errors[1].1
        );
    }

    #[test]
    fn a_row_that_is_not_utf8_is_reported_and_the_next_rows_are_read() {
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(
            b"id,text\nc1,a\nc2,\xff\nc3,c\n".to_vec(),
        ));
        let mut rows = Rows::new(reader, "x.csv").unwrap();
        let mut got = Vec::new();
        while let Some((line, r)) = rows.next_row("x.csv") {
            got.push((line, r.is_ok()));
        }
        assert_eq!(got, [(2, true), (3, false), (4, true)]);
    }
}
