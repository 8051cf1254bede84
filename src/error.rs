//! The library's error type: every failure names the file, line and column it concerns.

use std::path::PathBuf;
use thiserror::Error;

/// Everything that can go wrong in twovoices.
#[derive(Debug, Error)]
pub enum Error {
    /// A statement record could not be read or is invalid.
    #[error("{path}:{line}{col}: {message}", col = column.map(|c| format!(":{c}")).unwrap_or_default())]
    Record {
        /// The input file (`-` for standard input).
        path: String,
        /// 1-based line of the record.
        line: u64,
        /// 1-based column, where known.
        column: Option<u64>,
        /// What was wrong and what was expected.
        message: String,
    },

    /// A judged pairing file (`eval-pairs`) is not JSON, or not in the expected shape.
    #[error("{path}{at}: {message}", at = line.map(|l| format!(":{l}{}", column.map(|c| format!(":{c}")).unwrap_or_default())).unwrap_or_default())]
    PairsFile {
        /// The file.
        path: String,
        /// 1-based line, where the problem has one.
        line: Option<usize>,
        /// 1-based column (in bytes), where the problem has one.
        column: Option<usize>,
        /// What was wrong and what was expected.
        message: String,
    },

    /// An input file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// `--skip-invalid` skipped records; the run finished but is not clean.
    #[error("{skipped} invalid record(s) skipped")]
    Skipped {
        /// How many records were skipped.
        skipped: u64,
    },

    /// One or more rule files are invalid; each problem is listed.
    #[error("invalid rules:\n{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Rules {
        /// Every problem found, in file order.
        problems: Vec<RuleProblem>,
    },

    /// Writing output failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),

    /// Serialising output failed.
    #[error("cannot serialise output: {0}")]
    Json(#[from] serde_json::Error),

    /// Writing CSV output failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),

    /// No rule (or statement) has the id asked for; `near` lists ids that look like it.
    #[error("no {what} with id `{id}`{}", if near.is_empty() { String::new() } else { format!("; did you mean: {}?", near.join(", ")) })]
    UnknownId {
        /// What was looked for: `rule` or `statement`.
        what: &'static str,
        /// The id asked for.
        id: String,
        /// Ids that look like it, best first.
        near: Vec<String>,
    },

    /// `rules test` found failing rules (the report itself is on standard output).
    #[error("{failed} rule(s) failed their tests")]
    RuleTests {
        /// How many rules failed.
        failed: usize,
    },

    /// A command was used in a way that cannot work (e.g. `eval` on a file without gold labels).
    #[error("{0}")]
    Usage(String),

    /// No index exists at the folder a command reads.
    #[error("no index at {path}: run `twovoices index FILE…` first (or pass --index DIR / set TWOVOICES_INDEX)")]
    IndexNotFound {
        /// The index folder looked at.
        path: PathBuf,
    },

    /// The index path names a file, not a folder.
    #[error("index {path} is a file, not a folder: pass --index DIR naming a folder (a new one is created)")]
    IndexNotAFolder {
        /// The path given for the index.
        path: PathBuf,
    },

    /// Another process is writing the index.
    #[error("index is locked: another twovoices process is writing {path}; wait for it to finish and retry")]
    IndexLocked {
        /// The index folder.
        path: PathBuf,
    },

    /// The index could not be opened, read or written.
    #[error("index {path}: {source}")]
    Index {
        /// The index folder (`<memory>` for an index in RAM).
        path: PathBuf,
        /// The underlying tantivy error.
        #[source]
        source: tantivy::TantivyError,
    },

    /// The index's files are damaged: tantivy failed reading them (it does not check its files' checksums
    /// on every read, so damage shows as a failure deep inside a query).
    #[error("index {path} is damaged{files}: {detail}\ndelete the folder and index the statement files again", files = if files.is_empty() { String::new() } else { format!(" ({} fail their checksum)", files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")) })]
    IndexDamaged {
        /// The index folder.
        path: PathBuf,
        /// The files whose checksum does not match, where tantivy could check them (empty when it could not).
        files: Vec<PathBuf>,
        /// What failed, and where in tantivy.
        detail: String,
    },

    /// The disk holding the index filled up while a run wrote it.
    #[error("no space left on device while writing the index at {path} ({available} bytes free): free some space, then run again")]
    NoSpace {
        /// The index folder.
        path: PathBuf,
        /// Bytes still available to this process on that file system after the failure.
        available: u64,
        /// What tantivy reported (often only that its indexing thread died).
        #[source]
        source: tantivy::TantivyError,
    },

    /// A run that writes the index failed; nothing of it was committed.
    #[error("{source}\nthe index at {path} is unchanged: nothing from this run was written")]
    IndexUnchanged {
        /// The index folder.
        path: PathBuf,
        /// What made the run fail.
        #[source]
        source: Box<Error>,
    },

    /// A search query could not be parsed.
    #[error("invalid query `{query}`: {source}")]
    Query {
        /// The query as given.
        query: String,
        /// The parser's complaint.
        #[source]
        source: tantivy::query::QueryParserError,
    },

    /// A chart could not be drawn or encoded.
    #[error("cannot draw chart: {0}")]
    Chart(String),

    /// `report` without `--theme` found no theme with statements on both sides.
    #[error("no theme has both external and internal statements in the index at {path}; nothing to contrast")]
    NothingToReport {
        /// The index folder.
        path: PathBuf,
    },

    /// `contrast` or `report` found no statement on one side of a theme.
    #[error("theme `{theme}` has no {missing} statement in the index{narrowed} ({present} {other}); nothing to contrast")]
    NothingToPair {
        /// The theme.
        theme: crate::model::Theme,
        /// The side with no statement.
        missing: crate::model::Audience,
        /// The other side.
        other: crate::model::Audience,
        /// How many statements the other side has.
        present: usize,
        /// Whether a query or a list of ids narrowed the side that is empty.
        narrowed: Narrowed,
    },

    /// A theme has more statements than the pairing numbers: it numbers them in 32 bits.
    #[error("cannot pair {external} external and {internal} internal statements of one theme: the pairing numbers statements in 32 bits (at most {limit} in all); pair fewer at a time (a query, `--external ID`, or an index of part of the corpus)")]
    TooManyToPair {
        /// The external statements asked for.
        external: usize,
        /// The internal statements asked for.
        internal: usize,
        /// The most statements the pairing can number ([`u32::MAX`]).
        limit: u64,
    },
}

/// How the external side of a contrast was narrowed, for [`Error::NothingToPair`] to say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Narrowed {
    /// Every statement of the theme.
    No,
    /// Only the statements matching a query.
    ByQuery,
    /// Only the statements whose ids were given.
    ByIds,
}

impl std::fmt::Display for Narrowed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Narrowed::No => Ok(()),
            Narrowed::ByQuery => f.write_str(" matching the query"),
            Narrowed::ByIds => f.write_str(" among the ids given"),
        }
    }
}

/// One problem in a rule file, located as precisely as the parser allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// The rule file (or `<built-in>/name.toml` for the compiled-in rules).
    pub path: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// The rule id concerned, where known.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The offending line of the file, for display under the message.
    pub snippet: Option<String>,
}

impl std::fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        match &self.rule {
            // A named term list is written `@id`.
            Some(list) if list.starts_with('@') => write!(f, "list `{list}`: ")?,
            Some(rule) => write!(f, "rule `{rule}`: ")?,
            None => {}
        }
        write!(f, "{}", self.message)?;
        if let (Some(snippet), Some(col)) = (&self.snippet, self.column) {
            let width = snippet.chars().take(col.saturating_sub(1)).count();
            write!(f, "\n    | {snippet}\n    | {}^", " ".repeat(width))?;
        } else if let Some(snippet) = &self.snippet {
            write!(f, "\n    | {snippet}")?;
        }
        Ok(())
    }
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The process exit code this error maps to: 78 for invalid rules, 2 for bad usage, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Rules { .. } => 78,
            Error::Usage(_) | Error::UnknownId { .. } | Error::Query { .. } => 2,
            _ => 1,
        }
    }
}
