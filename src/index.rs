//! The tantivy index of classified statements: the schema in one place, opening, all-or-nothing writing
//! (upsert by id), and querying with filters.
//!
//! Layout of a stored statement:
//! - `text_en` (English, stemmed with tantivy's `en_stem`) or `text_zh` (Chinese, segmented by jieba after
//!   traditional → simplified conversion, registered as [`ZH_TOKENIZER`]) holds the text, by its `lang`;
//! - `speaker`, `role`, `venue` hold [`key`]-normalised values (exact, case-insensitive filters);
//! - `audience`, `themes`, `lang`, `rules` (the rules fingerprint) are keyword fields, `date` an `i64`
//!   `YYYYMMDD` fast field (missing month or day is `00`);
//! - `record` stores the whole [`Indexed`] record as JSON, so what comes out is what went in.
//!
//! Each commit carries a payload ([`IndexInfo`]) naming the rules of the last run; each document carries
//! its own rules fingerprint, so [`StatementIndex::stale`] counts exactly the statements that other rules
//! classified.

use crate::error::{Error, Result};
use crate::model::{Audience, Indexed, Lang, Theme};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};

/// The index folder used when neither `--index` nor `$TWOVOICES_INDEX` names one.
pub const DEFAULT_DIR: &str = ".twovoices";
/// Name under which the Chinese tokenizer (t2s + jieba) is registered.
pub const ZH_TOKENIZER: &str = "twovoices_zh";
/// Name of tantivy's built-in English tokenizer with stemming.
pub const EN_TOKENIZER: &str = "en_stem";
/// Version of the index layout; an index of another version must be rebuilt.
pub const FORMAT: u32 = 1;

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Statement id (raw keyword; the upsert key).
    pub id: Field,
    /// The whole record as JSON (stored only).
    pub record: Field,
    /// English text, stemmed.
    pub text_en: Field,
    /// Chinese text, jieba-segmented, simplified.
    pub text_zh: Field,
    /// Speaker, normalised by [`key`].
    pub speaker: Field,
    /// Role, normalised by [`key`].
    pub role: Field,
    /// Venue, normalised by [`key`].
    pub venue: Field,
    /// `external` or `internal`.
    pub audience: Field,
    /// One value per theme.
    pub themes: Field,
    /// `en` or `zh`.
    pub lang: Field,
    /// `YYYYMMDD` as an integer.
    pub date: Field,
    /// Fingerprint of the rules that classified the statement.
    pub rules: Field,
}

/// The schema of the statement index, and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING),
        record: b.add_text_field("record", STORED),
        text_en: b.add_text_field("text_en", text(EN_TOKENIZER)),
        text_zh: b.add_text_field("text_zh", text(ZH_TOKENIZER)),
        speaker: b.add_text_field("speaker", STRING),
        role: b.add_text_field("role", STRING),
        venue: b.add_text_field("venue", STRING),
        audience: b.add_text_field("audience", STRING),
        themes: b.add_text_field("themes", STRING),
        lang: b.add_text_field("lang", STRING),
        date: b.add_i64_field("date", INDEXED | FAST),
        rules: b.add_text_field("rules", STRING),
    };
    (b.build(), fields)
}

/// Normalises a speaker, role or venue for exact filtering: simplified, lower case, single spaces.
pub fn key(value: &str) -> String {
    let simplified;
    let v = if value.chars().any(crate::text::is_cjk) {
        simplified = fast2s::convert(value);
        simplified.as_str()
    } else {
        value
    };
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as the integer `YYYYMMDD`; missing parts are `00`, or `99`
/// when `upper` (so that `--until 2020-07` includes every day of July). `None` when it is not such a date.
pub fn date_key(date: &str, upper: bool) -> Option<i64> {
    let mut parts = date.trim().split('-');
    let num = |s: Option<&str>, len: usize| -> Option<Option<i64>> {
        match s {
            None => Some(None),
            Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().ok().map(Some)
            }
            Some(_) => None,
        }
    };
    let y = num(parts.next(), 4)??;
    let m = num(parts.next(), 2)?;
    let d = num(parts.next(), 2)?;
    if parts.next().is_some() || (m.is_none() && d.is_some()) {
        return None;
    }
    let fill = if upper { 99 } else { 0 };
    Some(y * 10000 + m.unwrap_or(fill) * 100 + d.unwrap_or(fill))
}

static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

/// Chinese tokenizer: converts traditional to simplified characters, segments with jieba (search mode, so
/// a long word also yields its parts), drops punctuation, lower-cases Latin words. Offsets point into the
/// original text, so highlights land on the characters as written.
#[derive(Clone, Default)]
pub struct ZhTokenizer;

/// The tokens of one text, computed at once.
pub struct OwnedTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for OwnedTokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = OwnedTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> OwnedTokens {
        let simplified = fast2s::convert(text);
        // Byte offset of every char of the original, plus the end; conversion keeps one char per char.
        let starts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let same_chars = simplified.chars().count() + 1 == starts.len();
        let source = if same_chars {
            simplified.as_str()
        } else {
            text
        };
        let tokens = JIEBA
            .tokenize(source, jieba_rs::TokenizeMode::Search, true)
            .into_iter()
            .filter(|t| t.word.chars().any(char::is_alphanumeric))
            .map(|t| Token {
                offset_from: starts[t.start.min(starts.len() - 1)],
                offset_to: starts[t.end.min(starts.len() - 1)],
                position: t.start,
                text: t.word.to_lowercase(),
                position_length: t.end - t.start,
            })
            .collect();
        OwnedTokens { tokens, next: 0 }
    }
}

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

/// Filters applied to a query: every filter given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Statements with this theme.
    pub theme: Option<Theme>,
    /// Statements for this audience.
    pub audience: Option<Audience>,
    /// Statements by this speaker (exact, case-insensitive).
    pub speaker: Option<String>,
    /// Statements in this language.
    pub lang: Option<Lang>,
    /// Dated on or after (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Dated on or before.
    pub until: Option<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// BM25 score.
    pub score: f32,
    /// The stored record.
    #[serde(flatten)]
    pub record: Indexed,
    /// Byte ranges `[start, end)` of `text` that match the query.
    pub highlights: Vec<(usize, usize)>,
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

impl StatementIndex {
    /// Opens an existing index; fails with [`Error::IndexNotFound`] when there is none.
    pub fn open(path: &Path) -> Result<StatementIndex> {
        if !path.join("meta.json").is_file() {
            return Err(Error::IndexNotFound {
                path: path.to_path_buf(),
            });
        }
        let index = Index::open_in_dir(path).map_err(|source| Error::Index {
            path: path.to_path_buf(),
            source,
        })?;
        StatementIndex::wrap(index, path.to_path_buf())
    }

    /// Opens the index at `path`, creating the folder and an empty index when there is none.
    pub fn open_or_create(path: &Path) -> Result<StatementIndex> {
        if path.join("meta.json").is_file() {
            return StatementIndex::open(path);
        }
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

    /// Starts a run that writes the index. Nothing is visible to readers until [`IndexRun::commit`];
    /// dropping the run (on error, or when the process dies) leaves the index as it was.
    pub fn begin(&self) -> Result<IndexRun<'_>> {
        let threads = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4);
        let writer = self
            .index
            .writer_with_num_threads(threads, threads * 100_000_000)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                    path: self.path.clone(),
                },
                e => self.err(e),
            })?;
        let before = self.searcher()?;
        Ok(IndexRun {
            index: self,
            writer,
            before,
            stats: IndexStats::default(),
        })
    }

    /// The document stored for a record.
    pub fn document(&self, rec: &Indexed) -> Result<TantivyDocument> {
        let f = &self.fields;
        let s = &rec.statement;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &s.id);
        d.add_text(f.record, serde_json::to_string(rec)?);
        d.add_text(
            if s.lang == Lang::Zh {
                f.text_zh
            } else {
                f.text_en
            },
            &s.text,
        );
        for (field, value) in [
            (f.speaker, &s.speaker),
            (f.role, &s.role),
            (f.venue, &s.venue),
        ] {
            if !value.trim().is_empty() {
                d.add_text(field, key(value));
            }
        }
        d.add_text(f.audience, rec.audience.as_str());
        for t in &rec.themes {
            d.add_text(f.themes, t.as_str());
        }
        d.add_text(f.lang, s.lang.as_str());
        d.add_text(f.rules, &rec.rules_fingerprint);
        if let Some(k) = date_key(&s.date, false) {
            d.add_i64(f.date, k);
        }
        Ok(d)
    }

    /// Reads the stored record of a document.
    pub fn record(&self, searcher: &Searcher, addr: DocAddress) -> Result<Indexed> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
        let json = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        Ok(serde_json::from_str(json)?)
    }

    /// Every record matching a query, in index order.
    pub fn records(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> Result<Vec<(DocAddress, Indexed)>> {
        let mut addrs: Vec<DocAddress> = searcher
            .search(query, &DocSetCollector)
            .map_err(|e| self.err(e))?
            .into_iter()
            .collect();
        addrs.sort();
        addrs
            .into_iter()
            .map(|a| Ok((a, self.record(searcher, a)?)))
            .collect()
    }

    /// The live document holding `id`, if any.
    pub fn find(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>> {
        let term = Term::from_field_text(self.fields.id, id);
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let inverted = seg
                .inverted_index(self.fields.id)
                .map_err(|e| self.err(e))?;
            let postings = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(|e| self.err(e.into()))?;
            let Some(mut postings) = postings else {
                continue;
            };
            let alive = seg.alive_bitset();
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    return Ok(Some(DocAddress::new(ord as u32, doc)));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }

    /// A query parser over both text fields; terms are required unless `OR` says otherwise.
    pub fn query_parser(&self) -> QueryParser {
        let mut p =
            QueryParser::for_index(&self.index, vec![self.fields.text_en, self.fields.text_zh]);
        p.set_conjunction_by_default();
        p
    }

    /// Parses a user query; an empty query or `*` matches everything.
    pub fn parse_query(&self, query: &str) -> Result<Box<dyn Query>> {
        let q = query.trim();
        if q.is_empty() || q == "*" {
            return Ok(Box::new(AllQuery));
        }
        self.query_parser()
            .parse_query(q)
            .map_err(|source| Error::Query {
                query: query.to_string(),
                source,
            })
    }

    /// The keyword filter for a field's value.
    pub fn term_query(&self, field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    /// `query` restricted by `filters`. Fails with a usage error on a malformed date.
    pub fn filtered(&self, query: Box<dyn Query>, filters: &Filters) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        if let Some(t) = filters.theme {
            clauses.push((Occur::Must, self.term_query(f.themes, t.as_str())));
        }
        if let Some(a) = filters.audience {
            clauses.push((Occur::Must, self.term_query(f.audience, a.as_str())));
        }
        if let Some(s) = &filters.speaker {
            clauses.push((Occur::Must, self.term_query(f.speaker, &key(s))));
        }
        if let Some(l) = filters.lang {
            clauses.push((Occur::Must, self.term_query(f.lang, l.as_str())));
        }
        if filters.since.is_some() || filters.until.is_some() {
            let bound = |d: &Option<String>, upper: bool| -> Result<std::ops::Bound<Term>> {
                match d {
                    None => Ok(std::ops::Bound::Unbounded),
                    Some(d) => date_key(d, upper)
                        .map(|k| std::ops::Bound::Included(Term::from_field_i64(f.date, k)))
                        .ok_or_else(|| {
                            Error::Usage(format!(
                                "invalid date `{d}`: expected YYYY, YYYY-MM or YYYY-MM-DD"
                            ))
                        }),
                }
            };
            let range =
                RangeQuery::new(bound(&filters.since, false)?, bound(&filters.until, true)?);
            clauses.push((Occur::Must, Box::new(range)));
        }
        if clauses.len() == 1 {
            return Ok(clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Ranked hits for a user query under filters, best first, with the matched words of each text.
    pub fn search(&self, query: &str, filters: &Filters, limit: usize) -> Result<Vec<Hit>> {
        let parsed = self.parse_query(query)?;
        let highlighter = Highlighter::new(self, parsed.as_ref())?;
        let full = self.filtered(parsed, filters)?;
        let searcher = self.searcher()?;
        let top = searcher
            .search(&full, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(|e| self.err(e))?;
        top.into_iter()
            .map(|(score, addr)| {
                let record = self.record(&searcher, addr)?;
                let highlights = highlighter.ranges(&record.statement.text, record.statement.lang);
                Ok(Hit {
                    score,
                    record,
                    highlights,
                })
            })
            .collect()
    }

    /// Tokenizes a text with the analyzer of the field its language is indexed in.
    pub fn tokens(&self, text: &str, lang: Lang) -> Vec<Token> {
        let field = self.text_field(lang);
        let mut out = Vec::new();
        if let Ok(mut analyzer) = self.index.tokenizer_for_field(field) {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                out.push(stream.token().clone());
            }
        }
        out
    }

    /// The text field for a language.
    pub fn text_field(&self, lang: Lang) -> Field {
        match lang {
            Lang::En => self.fields.text_en,
            Lang::Zh => self.fields.text_zh,
        }
    }
}

/// Finds the words of a text that a query's terms match, with the same analyzers as the index.
pub struct Highlighter<'a> {
    index: &'a StatementIndex,
    en: HashSet<String>,
    zh: HashSet<String>,
}

impl<'a> Highlighter<'a> {
    /// Collects the text terms of a query.
    pub fn new(index: &'a StatementIndex, query: &dyn Query) -> Result<Highlighter<'a>> {
        let (mut en, mut zh) = (HashSet::new(), HashSet::new());
        let f = index.fields;
        query.query_terms(&mut |term, _| {
            if let Some(s) = term.value().as_str() {
                if term.field() == f.text_en {
                    en.insert(s.to_string());
                } else if term.field() == f.text_zh {
                    zh.insert(s.to_string());
                }
            }
        });
        Ok(Highlighter { index, en, zh })
    }

    /// Byte ranges of `text` that match, merged where they overlap.
    pub fn ranges(&self, text: &str, lang: Lang) -> Vec<(usize, usize)> {
        let terms = match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        };
        if terms.is_empty() {
            return Vec::new();
        }
        let mut ranges: Vec<(usize, usize)> = self
            .index
            .tokens(text, lang)
            .into_iter()
            .filter(|t| terms.contains(&t.text))
            .map(|t| (t.offset_from, t.offset_to))
            .collect();
        ranges.sort();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }
}

/// A run writing the index: records are upserted by id and become visible together at [`commit`](Self::commit).
pub struct IndexRun<'a> {
    index: &'a StatementIndex,
    writer: IndexWriter,
    before: Searcher,
    stats: IndexStats,
}

impl IndexRun<'_> {
    /// Adds a record, replacing the statement with the same id; an identical record is left alone.
    pub fn upsert(&mut self, rec: &Indexed) -> Result<Upsert> {
        let existing = if self.before.num_docs() == 0 {
            None
        } else {
            self.index.find(&self.before, &rec.statement.id)?
        };
        let outcome = match existing {
            Some(addr) if self.index.record(&self.before, addr)? == *rec => {
                self.stats.unchanged += 1;
                return Ok(Upsert::Unchanged);
            }
            Some(_) => {
                self.writer.delete_term(Term::from_field_text(
                    self.index.fields.id,
                    &rec.statement.id,
                ));
                self.stats.replaced += 1;
                Upsert::Replaced
            }
            None => {
                self.stats.added += 1;
                Upsert::Added
            }
        };
        let doc = self.index.document(rec)?;
        self.writer
            .add_document(doc)
            .map_err(|e| self.index.err(e))?;
        Ok(outcome)
    }

    /// Counts an invalid record that was left out.
    pub fn skip_invalid(&mut self) {
        self.stats.invalid += 1;
    }

    /// The counts so far.
    pub fn stats(&self) -> IndexStats {
        self.stats
    }

    /// The records stored before this run began.
    pub fn stored(&self) -> Result<Vec<Indexed>> {
        Ok(self
            .index
            .records(&self.before, &AllQuery)?
            .into_iter()
            .map(|(_, r)| r)
            .collect())
    }

    /// Makes every upsert of the run visible at once, recording `info` with the commit.
    pub fn commit(mut self, info: &IndexInfo) -> Result<IndexStats> {
        let payload = serde_json::to_string(info)?;
        let mut prepared = self
            .writer
            .prepare_commit()
            .map_err(|e| self.index.err(e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| self.index.err(e))?;
        let stats = self.stats;
        self.writer
            .wait_merging_threads()
            .map_err(|e| self.index.err(e))?;
        Ok(stats)
    }

    /// Abandons the run: nothing of it becomes visible.
    pub fn abort(mut self) {
        // Rolling back also deletes the run's unfinished segment files now rather than at the next run.
        let _ = self.writer.rollback();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Statement;

    fn rec(id: &str, text: &str, lang: Lang) -> Indexed {
        Indexed {
            statement: Statement {
                id: id.into(),
                text: text.into(),
                speaker: "Hua Chunying".into(),
                role: String::new(),
                venue: String::new(),
                date: "2020-07-15".into(),
                source: String::new(),
                lang,
                gold: None,
                provenance: None,
            },
            audience: Audience::External,
            themes: vec![Theme::Security],
            rules: vec![],
            rules_fingerprint: "f".into(),
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

    #[test]
    fn bad_query_is_an_error() {
        let idx = StatementIndex::in_ram().unwrap();
        assert!(matches!(
            idx.search("text_en:(", &Filters::default(), 10),
            Err(Error::Query { .. })
        ));
    }
}
