//! The tantivy index of classified statements: the schema in one place, opening, all-or-nothing writing
//! (upsert by id), and querying with filters.
//!
//! Layout of a stored statement:
//! - `text_en` (English, stemmed with tantivy's `en_stem`) or `text_zh` (Chinese, segmented by jieba after
//!   traditional → simplified conversion, registered as [`ZH_TOKENIZER`]) holds the text, by its `lang`;
//! - `speaker`, `role`, `venue` hold [`key`]-normalised values (exact, case-insensitive filters);
//! - `audience`, `themes`, `lang`, `rules` (the rules fingerprint), `stances` (`FRAME/external` or
//!   `FRAME/internal`, one per frame side the statement takes) and `concepts` are keyword fields, `date` an `i64`
//!   `YYYYMMDD` fast field (missing month or day is `00`);
//! - `words` stores the text's distinct index terms ([`words`]), tokenised once when it is indexed;
//! - `record` stores the whole [`Indexed`] record as JSON, so what comes out is what went in.
//!
//! Each commit carries a payload ([`IndexInfo`]) naming the rules of the last run; each document carries
//! its own rules fingerprint, so [`StatementIndex::stale`] counts exactly the statements that other rules
//! classified.

//!
//! The parts: [`schema`] (fields), [`tokenizer`] (Chinese), [`write`] (documents, runs), [`query`] (search,
//! filters, and the queries pairing needs; no other module builds tantivy queries), [`scan`] (column scans
//! and record streams for statistics).

mod directory;
mod query;
pub mod scan;
mod schema;
mod tokenizer;
mod verify;
pub mod words;
mod write;

pub use query::{Filters, Highlighter, Hit, WordStats};
pub use schema::{date_key, field_names, key, schema, Fields, DEFAULT_DIR, FORMAT};
pub use tokenizer::{OwnedTokens, ZhTokenizer, EN_TOKENIZER, ZH_TOKENIZER};
pub use write::{IndexDoc, IndexRun, IndexValue};

use crate::error::{Error, Result};
use crate::model::Indexed;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, Term};

/// What the last run recorded in the index (the commit payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexInfo {
    /// Layout version ([`FORMAT`]).
    pub format: u32,
    /// Fingerprint of the rules of the last run.
    pub rules_fingerprint: String,
    /// Where those rules came from (`built-in` or a folder).
    pub rules_source: String,
}

/// Counts of what a run did to the index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Statements whose id was new.
    pub added: u64,
    /// Statements whose id was there with another text, metadata or classification.
    pub replaced: u64,
    /// Statements already there exactly as given (nothing written).
    pub unchanged: u64,
    /// Invalid records left out (only with `--skip-invalid`).
    pub invalid: u64,
}

impl IndexStats {
    /// Statements skipped for any reason (unchanged or invalid).
    pub fn skipped(&self) -> u64 {
        self.unchanged + self.invalid
    }
}

/// What [`IndexRun::upsert`] did with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    /// A new id.
    Added,
    /// An existing id, replaced.
    Replaced,
    /// An existing id, identical; nothing written.
    Unchanged,
}

/// A statement index, on disk or in memory.
pub struct StatementIndex {
    index: Index,
    fields: Fields,
    path: PathBuf,
    reader: IndexReader,
}

impl std::fmt::Debug for StatementIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatementIndex")
            .field("path", &self.path)
            .finish()
    }
}

/// Refuses an index path that names a file (or anything else that is not a folder), with
/// [`Error::IndexNotAFolder`]: otherwise the reader says "no index" and `index` fails with the system's
/// bare "File exists".
fn not_a_file(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_dir() => Err(Error::IndexNotAFolder {
            path: path.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

impl StatementIndex {
    /// Opens an existing index; fails with [`Error::IndexNotFound`] when there is none.
    pub fn open(path: &Path) -> Result<StatementIndex> {
        not_a_file(path)?;
        if !path.join("meta.json").is_file() {
            return Err(Error::IndexNotFound {
                path: path.to_path_buf(),
            });
        }
        let index = directory::IndexDir::open(path)
            .and_then(Index::open)
            .map_err(|source| Error::Index {
                path: path.to_path_buf(),
                source,
            })?;
        verify::verify(&index, path)?;
        StatementIndex::wrap(index, path.to_path_buf())
    }

    /// Opens the index at `path`, creating the folder and an empty index when there is none.
    pub fn open_or_create(path: &Path) -> Result<StatementIndex> {
        if path.join("meta.json").is_file() {
            return StatementIndex::open(path);
        }
        not_a_file(path)?;
        std::fs::create_dir_all(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        let index = Index::create_in_dir(path, schema().0).map_err(|source| Error::Index {
            path: path.to_path_buf(),
            source,
        })?;
        StatementIndex::wrap(index, path.to_path_buf())
    }

    /// A new, empty index in memory (for tests and one-off runs).
    pub fn in_ram() -> Result<StatementIndex> {
        StatementIndex::wrap(Index::create_in_ram(schema().0), PathBuf::from("<memory>"))
    }

    fn wrap(index: Index, path: PathBuf) -> Result<StatementIndex> {
        let err = |source| Error::Index {
            path: path.clone(),
            source,
        };
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(err(tantivy::TantivyError::SchemaError(
                "this index was made by another version of twovoices; delete the folder and index again".into(),
            )));
        }
        index
            .tokenizers()
            .register(ZH_TOKENIZER, TextAnalyzer::from(ZhTokenizer));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        Ok(StatementIndex {
            index,
            fields,
            path,
            reader,
        })
    }

    /// The files of the last commit at `path` that do not match their checksum (all checked, whatever was
    /// checked before); empty when there are none or when they cannot be listed.
    pub fn damaged_files(path: &Path) -> Vec<PathBuf> {
        let check = || -> Result<Vec<PathBuf>, tantivy::TantivyError> {
            let index = Index::open(directory::IndexDir::open(path)?)?;
            Ok(verify::damaged(&index, path).unwrap_or_default())
        };
        // Checking reads the same damaged files: if that fails too, nothing more can be said.
        std::panic::catch_unwind(check)
            .ok()
            .and_then(|r| r.ok())
            .unwrap_or_default()
    }

    /// The error for an index whose reading failed deep inside tantivy (`detail`: what failed, where),
    /// naming the files that fail their checksum. tantivy trusts its files when it reads them, so a damaged
    /// segment can show as a panic inside a query; a caller that caught one turns it into this error.
    pub fn damaged(path: &Path, detail: String) -> Error {
        Error::IndexDamaged {
            path: path.to_path_buf(),
            files: StatementIndex::damaged_files(path),
            detail,
        }
    }

    /// Checks the files of the last commit against their checksums (those not checked before; see
    /// [`verify`]). [`StatementIndex::open`] does it; a run calls it after its commit so that the next
    /// reader does not pay for checking the new files. An index in memory has nothing to check.
    pub fn verify(&self) -> Result<()> {
        if self.path == Path::new("<memory>") {
            return Ok(());
        }
        verify::verify(&self.index, &self.path)
    }

    /// The index folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema's fields.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// The underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    fn err(&self, source: tantivy::TantivyError) -> Error {
        Error::Index {
            path: self.path.clone(),
            source,
        }
    }

    /// An error of a run writing the index. tantivy reports a full disk met by an indexing thread only as
    /// "an index writer was killed", so the file system is asked: with (almost) nothing left, the error is
    /// [`Error::NoSpace`].
    fn write_err(&self, source: tantivy::TantivyError) -> Error {
        const NEARLY_FULL: u64 = 1 << 20;
        let io_full = |e: &std::io::Error| {
            e.kind() == std::io::ErrorKind::StorageFull || e.raw_os_error() == Some(28)
        };
        let says_full = match &source {
            tantivy::TantivyError::IoError(e) => io_full(e),
            tantivy::TantivyError::OpenWriteError(
                tantivy::directory::error::OpenWriteError::IoError { io_error, .. },
            ) => io_full(io_error),
            _ => false,
        };
        match fs4::available_space(&self.path) {
            Ok(available) if says_full || available < NEARLY_FULL => Error::NoSpace {
                path: self.path.clone(),
                available,
                source,
            },
            _ => self.err(source),
        }
    }

    /// What the last committed run recorded; `None` for an index never committed by twovoices.
    pub fn info(&self) -> Result<Option<IndexInfo>> {
        let metas = self.index.load_metas().map_err(|e| self.err(e))?;
        Ok(metas.payload.and_then(|p| serde_json::from_str(&p).ok()))
    }

    /// A searcher on the last commit.
    pub fn searcher(&self) -> Result<Searcher> {
        self.reader.reload().map_err(|e| self.err(e))?;
        Ok(self.reader.searcher())
    }

    /// The statement stored under `id`, if any.
    pub fn get(&self, id: &str) -> Result<Option<Indexed>> {
        let searcher = self.searcher()?;
        match self.find(&searcher, id)? {
            Some(addr) => Ok(Some(self.record(&searcher, addr)?)),
            None => Ok(None),
        }
    }

    /// Up to `n` stored ids that look like `id` (Jaro-Winkler similarity at least 0.8), most alike first:
    /// the "did you mean" of a lookup that found nothing. Reads the id column's term dictionary only.
    pub fn ids_like(&self, id: &str, n: usize) -> Result<Vec<String>> {
        let searcher = self.searcher()?;
        let mut near: Vec<(f64, String)> = Vec::new();
        for seg in searcher.segment_readers() {
            let inverted = seg
                .inverted_index(self.fields.id)
                .map_err(|e| self.err(e))?;
            let mut terms = inverted.terms().stream().map_err(|e| self.err(e.into()))?;
            while terms.advance() {
                let Ok(other) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                let score = strsim::jaro_winkler(id, other);
                if score >= 0.8 && !near.iter().any(|(_, x)| x == other) {
                    near.push((score, other.to_string()));
                }
            }
        }
        near.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(near.into_iter().take(n).map(|x| x.1).collect())
    }

    /// How many statements the index holds.
    pub fn len(&self) -> Result<u64> {
        Ok(self.searcher()?.num_docs())
    }

    /// True when the index holds no statement.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// How many statements were classified by rules other than `fingerprint`, and how many there are.
    pub fn stale(&self, fingerprint: &str) -> Result<(u64, u64)> {
        let searcher = self.searcher()?;
        let total = searcher.num_docs();
        let fresh = TermQuery::new(
            Term::from_field_text(self.fields.rules, fingerprint),
            IndexRecordOption::Basic,
        );
        let fresh = searcher.search(&fresh, &Count).map_err(|e| self.err(e))? as u64;
        Ok((total - fresh.min(total), total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, Indexed, Lang, Statement, Theme};
    use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

    fn rec(id: &str, text: &str, lang: Lang) -> Indexed {
        Indexed {
            statement: Statement {
                speaker: "Hua Chunying".into(),
                date: "2020-07-15".into(),
                lang,
                ..Statement::new(id, text)
            },
            audience: Audience::External,
            themes: vec![Theme::Security],
            rules: vec![],
            rules_fingerprint: "f".into(),
            audience_basis: crate::model::Basis::Rules,
            stances: vec![],
            concepts: vec![],
        }
    }

    fn info() -> IndexInfo {
        IndexInfo {
            format: FORMAT,
            rules_fingerprint: "f".into(),
            rules_source: "built-in".into(),
        }
    }

    #[test]
    fn date_keys() {
        assert_eq!(date_key("2020-07-15", false), Some(20200715));
        assert_eq!(date_key("2020-07", false), Some(20200700));
        assert_eq!(date_key("2020-07", true), Some(20200799));
        assert_eq!(date_key("2020", true), Some(20209999));
        assert_eq!(date_key("20-07", false), None);
        assert_eq!(date_key("2020-7", false), None);
        assert_eq!(date_key("", false), None);
    }

    #[test]
    fn keys_fold_case_space_and_script() {
        assert_eq!(key("  Hua   Chunying "), "hua chunying");
        assert_eq!(key("外交部發言人"), "外交部发言人");
    }

    #[test]
    fn zh_tokenizer_segments_words_and_maps_offsets() {
        let text = "維護網絡安全，反對霸權。";
        let tokens: Vec<Token> = {
            let mut t = ZhTokenizer;
            let mut s = t.token_stream(text);
            let mut v = Vec::new();
            while s.advance() {
                v.push(s.token().clone());
            }
            v
        };
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert!(words.contains(&"网络"), "{words:?}");
        assert!(words.contains(&"安全"), "{words:?}");
        assert!(!words.contains(&"，"));
        let net = tokens.iter().find(|t| t.text == "网络").unwrap();
        assert_eq!(&text[net.offset_from..net.offset_to], "網絡");
    }

    #[test]
    fn upsert_replaces_and_search_filters() {
        let idx = StatementIndex::in_ram().unwrap();
        let mut run = idx.begin().unwrap();
        run.upsert(&rec("a", "National security is a lame excuse.", Lang::En))
            .unwrap();
        run.upsert(&rec("b", "没有网络安全就没有国家安全。", Lang::Zh))
            .unwrap();
        run.commit(&info()).unwrap();
        let mut run = idx.begin().unwrap();
        assert_eq!(
            run.upsert(&rec("a", "National security is a lame excuse.", Lang::En))
                .unwrap(),
            Upsert::Unchanged
        );
        assert_eq!(
            run.upsert(&rec("b", "沒有網絡安全就沒有國家安全。", Lang::Zh))
                .unwrap(),
            Upsert::Replaced
        );
        run.commit(&info()).unwrap();
        assert_eq!(idx.len().unwrap(), 2);
        let hits = idx.search("网络安全", &Filters::default(), 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].record.statement.id, "b");
        let (s, e) = hits[0].highlights[0];
        assert_eq!(&hits[0].record.statement.text[s..e], "網絡安全");
        let hits = idx
            .search(
                "excuses",
                &Filters {
                    speaker: Some("hua  CHUNYING".into()),
                    ..Filters::default()
                },
                10,
            )
            .unwrap();
        assert_eq!(hits.len(), 1);
        let none = Filters {
            since: Some("2021".into()),
            ..Filters::default()
        };
        assert!(idx.search("excuse", &none, 10).unwrap().is_empty());
        assert_eq!(idx.info().unwrap(), Some(info()));
    }

    /// The `words` stored with every fixture statement are its text's distinct terms with their first
    /// surfaces, as tokenising the text again gives them; and the pre-tokenised text is searchable as
    /// before (phrases need the tokens' positions).
    #[test]
    fn stored_words_are_the_analyzers_terms() {
        let idx = StatementIndex::in_ram().unwrap();
        let mut run = idx.begin().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "jsonl") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for s in crate::input::parse_jsonl_str(&path.display().to_string(), &text).unwrap() {
                let mut r = rec(&format!("{n}"), &s.text, s.lang);
                r.statement.id = format!("s{n}");
                run.upsert(&r).unwrap();
                n += 1;
            }
        }
        assert!(n > 1000, "{n} fixture statements");
        run.commit(&info()).unwrap();
        let searcher = idx.searcher().unwrap();
        let addrs = idx.docs(&searcher, &tantivy::query::AllQuery).unwrap();
        let stats = idx.word_stats().unwrap();
        let distinct = |mut t: Vec<(String, String)>| {
            t.sort_by(|a, b| a.0.cmp(&b.0));
            t.dedup_by(|a, b| a.0 == b.0);
            t
        };
        let mut stored = 0;
        for (r, words) in idx.records_with_words_at(&searcher, &addrs).unwrap() {
            let (text, lang) = (&r.statement.text, r.statement.lang);
            let again = distinct(stats.tokens(text, lang));
            assert!(!again.is_empty(), "{}", r.statement.id);
            let words = words.expect("every fixture text can be encoded");
            assert_eq!(stats.tokens_of(text, lang, Some(&words)), again, "{text}");
            stored += 1;
        }
        assert_eq!(stored, n);
        for (query, lang) in [
            ("\"core technologies\"", Lang::En),
            ("\"核心技术\"", Lang::Zh),
        ] {
            let hits = idx.search(query, &Filters::default(), 1000).unwrap();
            assert!(!hits.is_empty(), "{query}");
            for h in hits {
                assert_eq!(h.record.statement.lang, lang);
                assert!(!h.highlights.is_empty(), "{query}");
            }
        }
    }

    #[test]
    fn bad_query_is_an_error() {
        let idx = StatementIndex::in_ram().unwrap();
        assert!(matches!(
            idx.search("text_en:(", &Filters::default(), 10),
            Err(Error::Query { .. })
        ));
    }
}
