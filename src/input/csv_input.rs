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
];

/// Rows of a CSV file with their line numbers.
pub(super) struct Rows {
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    columns: HashMap<&'static str, usize>,
    record: csv::StringRecord,
}

impl Rows {
    pub(super) fn new(reader: Box<dyn BufRead + Send>, path: &str) -> Result<Rows> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(reader);
        let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim().trim_start_matches('\u{feff}');
            match KNOWN.iter().find(|k| **k == h) {
                Some(k) => {
                    columns.insert(*k, i);
                }
                None => {
                    return Err(Error::Record {
                        path: path.to_string(),
                        line: 1,
                        column: None,
                        message: format!(
                            "unknown CSV column `{h}`, expected some of: {}",
                            KNOWN.join(", ")
                        ),
                    })
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
            record: csv::StringRecord::new(),
        })
    }

    /// The next row as a statement (or its error), with its line; `None` at the end of the file.
    pub(super) fn next_row(&mut self, path: &str) -> Option<(u64, Result<Statement>)> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line());
                Some((line, self.to_statement(path, line)))
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                // A broken row ends the file: the CSV reader cannot resynchronise reliably after it.
                let err = csv_error(path, e);
                self.reader = csv::Reader::from_reader(Box::new(std::io::empty()));
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
            Some(Gold {
                audience,
                themes: ts,
            })
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
            },
        )
        .map_err(|m| err(None, m))
    }
}

fn csv_error(path: &str, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields, expected {expected_len} like the header")
        }
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
