//! Reads statements from JSONL and CSV files (or standard input) in bounded batches, with the file and
//! line of every record, and every invalid record reported as an error naming file, line and column.

mod csv_input;
pub mod document;
mod jsonl;
mod markdown;
mod quote;
pub mod segment;
pub mod transcript;

use crate::error::{Error, Result};
use crate::model::{Lang, Statement};
use rayon::prelude::*;
use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::io::{BufRead, BufReader, Read};

/// The format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON object per line.
    Jsonl,
    /// A header row with the schema's field names, then one statement per row.
    Csv,
    /// A whole document: one statement per paragraph (long ones cut at sentence boundaries), with an
    /// optional front matter of `key: value` lines for speaker, role, venue, date, source and lang.
    Text,
}

impl InputFormat {
    /// The format a file name suggests: CSV for `.csv`, a document for `.txt` and `.md`, JSONL otherwise
    /// (and for `-`).
    pub fn for_path(path: &str) -> InputFormat {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            InputFormat::Csv
        } else if [".txt", ".md", ".markdown"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            InputFormat::Text
        } else {
            InputFormat::Jsonl
        }
    }
}

/// A statement and where it was read.
#[derive(Debug, Clone)]
pub struct Located {
    /// The statement.
    pub statement: Statement,
    /// The file it came from.
    pub path: String,
    /// Its 1-based line.
    pub line: u64,
}

/// A record not yet parsed: the raw line of a JSONL file, or a CSV row already parsed.
enum Raw {
    Line(String),
    Parsed(Box<Result<Statement>>),
}

enum Source {
    Jsonl(jsonl::Lines),
    Csv(csv_input::Rows),
    Document(std::vec::IntoIter<(u64, Result<Statement>)>),
}

/// Opens a file (or `-` for standard input) as a buffered reader.
pub fn open(path: &str) -> Result<Box<dyn BufRead + Send>> {
    if path == "-" {
        return Ok(Box::new(BufReader::with_capacity(
            1 << 20,
            std::io::stdin(),
        )));
    }
    let f = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_string(),
        source,
    })?;
    Ok(Box::new(BufReader::with_capacity(1 << 20, f)))
}

/// Reads statements from several files in batches; ids must be unique across all of them.
pub struct Batches {
    files: std::collections::VecDeque<String>,
    forced: Option<InputFormat>,
    current: Option<(String, Source)>,
    ids: HashSet<u64, BuildHasherDefault<DefaultHasher>>,
    batch_size: usize,
    failed: bool,
    unit: document::Unit,
}

impl Batches {
    /// Batches over `files`; the format comes from each file's name unless `format` forces one.
    pub fn new(files: &[String], format: Option<InputFormat>) -> Batches {
        Batches {
            files: files.iter().cloned().collect(),
            forced: format,
            current: None,
            ids: HashSet::default(),
            batch_size: 4096,
            failed: false,
            unit: document::Unit::default(),
        }
    }

    /// Sets what documents (`.txt`, `.md`) are cut into: paragraphs (the default) or sentences.
    pub fn with_unit(mut self, unit: document::Unit) -> Batches {
        self.unit = unit;
        self
    }

    /// Sets how many records a batch holds (memory grows with this, not with the file).
    pub fn with_batch_size(mut self, n: usize) -> Batches {
        self.batch_size = n.max(1);
        self
    }

    /// The next batch of records, each a statement or the error that makes it invalid; `None` at the end.
    /// An error reading a file (not a record) is returned as the outer error and ends the run.
    pub fn next_batch(&mut self) -> Result<Option<Vec<Result<Located>>>> {
        let mut raw: Vec<(String, u64, Raw)> = Vec::with_capacity(self.batch_size);
        while raw.len() < self.batch_size {
            if self.current.is_none() {
                let Some(path) = self.files.pop_front() else {
                    break;
                };
                let reader = open(&path)?;
                let source = match self.forced.unwrap_or_else(|| InputFormat::for_path(&path)) {
                    InputFormat::Jsonl => Source::Jsonl(jsonl::Lines::new(reader)),
                    InputFormat::Csv => Source::Csv(csv_input::Rows::new(reader, &path)?),
                    // A bad document is one invalid record, so `--skip-invalid` goes on to the next file.
                    InputFormat::Text => {
                        Source::Document(match document::read(reader, &path, self.unit) {
                            Ok(items) => items.into_iter(),
                            Err(e @ Error::Record { .. }) => {
                                let line = match &e {
                                    Error::Record { line, .. } => *line,
                                    _ => 1,
                                };
                                vec![(line, Err(e))].into_iter()
                            }
                            Err(e) => return Err(e),
                        })
                    }
                };
                self.current = Some((path, source));
            }
            let Some((path, source)) = self.current.as_mut() else {
                break;
            };
            let next = match source {
                Source::Jsonl(lines) => lines
                    .next_line()
                    .map_err(|source| Error::Io {
                        path: path.clone(),
                        source,
                    })?
                    .map(|(line, text)| (line, Raw::Line(text))),
                Source::Csv(rows) => rows
                    .next_row(path)
                    .map(|(line, st)| (line, Raw::Parsed(Box::new(st)))),
                Source::Document(items) => items
                    .next()
                    .map(|(line, st)| (line, Raw::Parsed(Box::new(st)))),
            };
            match next {
                Some((line, record)) => raw.push((path.clone(), line, record)),
                None => self.current = None,
            }
        }
        if raw.is_empty() {
            return Ok(None);
        }
        let parsed: Vec<Result<Located>> = raw
            .into_par_iter()
            .map(|(path, line, record)| {
                let statement = match record {
                    Raw::Line(text) => jsonl::parse_line(&path, line, &text),
                    Raw::Parsed(st) => *st,
                }?;
                Ok(Located {
                    statement,
                    path,
                    line,
                })
            })
            .collect();
        // Uniqueness is checked in input order, so the second occurrence is the one reported.
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        Ok(Some(
            parsed
                .into_iter()
                .map(|r| {
                    let rec = r?;
                    if !self.ids.insert(hasher.hash_one(&rec.statement.id)) {
                        return Err(Error::Record {
                            path: rec.path,
                            line: rec.line,
                            column: None,
                            message: format!(
                                "duplicate id `{}`: ids must be unique across the input",
                                rec.statement.id
                            ),
                        });
                    }
                    Ok(rec)
                })
                .collect(),
        ))
    }
}

impl Iterator for Batches {
    type Item = Result<Vec<Result<Located>>>;

    /// The next batch; after an error reading a file, nothing more.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.next_batch().transpose();
        self.failed = matches!(next, Some(Err(_)));
        next
    }
}

impl Batches {
    /// The batches as plain statements (where a record was read lives on in its errors), the input of
    /// [`crate::stream::classify_into`].
    pub fn statements(self) -> impl Iterator<Item = crate::stream::Batch> + Send {
        self.map(|batch| {
            batch.map(|records| {
                records
                    .into_iter()
                    .map(|r| r.map(|l| l.statement))
                    .collect()
            })
        })
    }
}

/// What a run did with invalid records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Records read and valid.
    pub read: u64,
    /// Invalid records skipped (only with `--skip-invalid`).
    pub skipped: u64,
}

/// Reads every statement of `files` into memory, for commands that need them all at once (eval, index).
/// Invalid records stop the run, or with `skip_invalid` are passed to `on_skip` and left out.
pub fn read_all(
    files: &[String],
    format: Option<InputFormat>,
    skip_invalid: bool,
    mut on_skip: impl FnMut(&Error),
) -> Result<(Vec<Located>, ReadStats)> {
    let mut out = Vec::new();
    let mut stats = ReadStats::default();
    let mut batches = Batches::new(files, format);
    while let Some(batch) = batches.next_batch()? {
        for rec in batch {
            match rec {
                Ok(r) => {
                    stats.read += 1;
                    out.push(r);
                }
                Err(e) if skip_invalid => {
                    stats.skipped += 1;
                    on_skip(&e);
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok((out, stats))
}

/// Checks what every format needs of a statement, and fills `lang` where it was left out.
pub(crate) fn finish(
    id: Option<String>,
    text: Option<String>,
    lang: Option<String>,
    rest: impl FnOnce(String, String, Lang) -> Statement,
) -> std::result::Result<Statement, String> {
    let id = id
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or("missing `id`: every statement needs a non-empty, unique id")?;
    let text = text.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
        format!("statement `{id}` has no `text`: expected the statement itself, non-empty")
    })?;
    let lang = match lang.as_deref().map(str::trim) {
        None | Some("") => Lang::detect(&text),
        Some("en") => Lang::En,
        Some("zh") | Some("zh-cn") | Some("zh-hans") | Some("zh-tw") | Some("zh-hant") => Lang::Zh,
        Some(other) => {
            return Err(format!(
                "statement `{id}`: unknown lang `{other}`, expected `en` or `zh`"
            ))
        }
    };
    let statement = rest(id, text, lang);
    if !statement.date.trim().is_empty() {
        crate::date::check(&statement.date)
            .map_err(|m| format!("statement `{}`: {m}", statement.id))?;
    }
    Ok(statement)
}

/// Parses JSONL text already in memory (e.g. fixtures compiled into the binary); `path` names it in errors.
pub fn parse_jsonl_str(path: &str, text: &str) -> Result<Vec<Statement>> {
    let mut lines = jsonl::Lines::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())));
    let mut out = Vec::new();
    while let Some((line, record)) = lines.next_line().map_err(|source| Error::Io {
        path: path.to_string(),
        source,
    })? {
        out.push(jsonl::parse_line(path, line, &record)?);
    }
    Ok(out)
}

/// Reads a whole small input into a string (for tests and one-off tools).
pub fn read_to_string(mut r: impl Read) -> std::io::Result<String> {
    let mut s = String::new();
    r.read_to_string(&mut s)?;
    Ok(s)
}

/// Every statement of the top-level `fixtures/*.jsonl` files, for tests that compare two ways of
/// classifying the whole bundled corpus.
#[cfg(test)]
pub(crate) fn fixture_statements() -> Vec<Statement> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            parse_jsonl_str(&path.display().to_string(), &text).unwrap()
        })
        .collect()
}
