//! Querying the index: user queries with filters, stored records, highlights, and what pairing needs
//! (the statements of a theme and audience, word and concept frequencies, the index's tokenizers).

use super::{date_key, key, StatementIndex};
use crate::error::{Error, Result};
use crate::model::{Audience, Indexed, Lang, Theme};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::RwLock;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::Token;
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term};

/// Filters applied to a query: every filter given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Statements with this theme.
    pub theme: Option<Theme>,
    /// Statements for this audience.
    pub audience: Option<Audience>,
    /// Statements by this speaker (exact, case-insensitive).
    pub speaker: Option<String>,
    /// Other names of the same speaker (from the who's-who, `rules/speakers.toml`): a statement by any of
    /// them passes the speaker filter too (`Xi Jinping` finds `习近平` and `習近平`).
    pub speaker_aliases: Vec<String>,
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

impl StatementIndex {
    /// Reads the stored record of a document.
    pub fn record(&self, searcher: &Searcher, addr: DocAddress) -> Result<Indexed> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
        let json = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        Ok(serde_json::from_str(json)?)
    }

    /// Every record matching a query, in index order. Records are read and parsed in parallel (in
    /// runs of consecutive documents, so the store's block cache still serves each run).
    pub fn records(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> Result<Vec<(DocAddress, Indexed)>> {
        let addrs = self.docs(searcher, query)?;
        let recs = self.records_at(searcher, &addrs)?;
        Ok(addrs.into_iter().zip(recs).collect())
    }

    /// The records of the given documents, in the order given. Read and parsed in parallel, in runs of
    /// consecutive addresses (so sorted addresses let the store's block cache serve each run).
    pub fn records_at(&self, searcher: &Searcher, addrs: &[DocAddress]) -> Result<Vec<Indexed>> {
        addrs
            .par_iter()
            .with_min_len(256)
            .map(|&a| self.record(searcher, a))
            .collect()
    }

    /// [`Self::records_at`], each record with its stored `words` value ([`super::words`]; `None` for a
    /// text the encoding cannot hold).
    pub fn records_with_words_at(
        &self,
        searcher: &Searcher,
        addrs: &[DocAddress],
    ) -> Result<Vec<(Indexed, Option<String>)>> {
        addrs
            .par_iter()
            .with_min_len(256)
            .map(|&a| {
                let doc: TantivyDocument = searcher.doc(a).map_err(|e| self.err(e))?;
                let json = doc
                    .get_first(self.fields.record)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                let words = doc
                    .get_first(self.fields.words)
                    .and_then(|v| v.as_str())
                    .map(str::to_string);
                Ok((serde_json::from_str(json)?, words))
            })
            .collect()
    }

    /// The documents matching a query, in index order.
    pub fn docs(&self, searcher: &Searcher, query: &dyn Query) -> Result<Vec<DocAddress>> {
        let mut addrs: Vec<DocAddress> = searcher
            .search(query, &DocSetCollector)
            .map_err(|e| self.err(e))?
            .into_iter()
            .collect();
        addrs.sort();
        Ok(addrs)
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
            let mut names: Vec<String> = vec![key(s)];
            for a in &filters.speaker_aliases {
                let k = key(a);
                if !names.contains(&k) {
                    names.push(k);
                }
            }
            let any: Vec<(Occur, Box<dyn Query>)> = names
                .iter()
                .map(|n| (Occur::Should, self.term_query(f.speaker, n)))
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
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
        // The collector allocates room for `limit` hits up front: never ask for more than there are.
        let limit = limit.clamp(
            1,
            usize::try_from(searcher.num_docs())
                .unwrap_or(usize::MAX)
                .max(1),
        );
        let top = searcher
            .search(&full, &TopDocs::with_limit(limit).order_by_score())
            .map_err(|e| match e {
                // A query the schema cannot answer (`text_en:*` asks whether a field exists, which
                // tantivy answers only for fast fields) is the query's fault: exit code 2.
                tantivy::TantivyError::SchemaError(message) => Error::Query {
                    query: query.to_string(),
                    source: tantivy::query::QueryParserError::UnsupportedQuery(message),
                },
                // `~:*` asks whether a field named `~` exists; there is none: the query's fault too.
                tantivy::TantivyError::FieldNotFound(field) => Error::Query {
                    query: query.to_string(),
                    source: tantivy::query::QueryParserError::FieldDoesNotExist(field),
                },
                e => self.err(e),
            })?;
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

impl StatementIndex {
    /// How many statements of a theme are for an audience.
    pub fn count(&self, theme: Theme, audience: Audience) -> Result<usize> {
        let f = &self.fields;
        let q = BooleanQuery::new(vec![
            (Occur::Must, self.term_query(f.themes, theme.as_str())),
            (Occur::Must, self.term_query(f.audience, audience.as_str())),
        ]);
        self.searcher()?.search(&q, &Count).map_err(|e| self.err(e))
    }

    /// The statements of a theme for an audience (those matching a user query, if given), in index order.
    pub fn theme_records(
        &self,
        theme: Theme,
        audience: Audience,
        query: Option<&str>,
    ) -> Result<Vec<(DocAddress, Indexed)>> {
        let searcher = self.searcher()?;
        let q = self.theme_query(theme, audience, query)?;
        self.records(&searcher, q.as_ref())
    }

    /// The documents of [`Self::theme_records`], without reading them.
    pub fn theme_docs(
        &self,
        searcher: &Searcher,
        theme: Theme,
        audience: Audience,
        query: Option<&str>,
    ) -> Result<Vec<DocAddress>> {
        let q = self.theme_query(theme, audience, query)?;
        self.docs(searcher, q.as_ref())
    }

    /// The documents for `audience` that are pairing candidates of a theme: classified with it, or
    /// carrying one of `stances` (stance rule ids, `FRAME/side`; see [`crate::pair::candidate_stances`]);
    /// those matching a user query, if given; in index order.
    pub fn candidate_docs(
        &self,
        searcher: &Searcher,
        theme: Theme,
        audience: Audience,
        query: Option<&str>,
        stances: &[String],
    ) -> Result<Vec<DocAddress>> {
        if stances.is_empty() {
            return self.theme_docs(searcher, theme, audience, query);
        }
        let f = &self.fields;
        let mut member: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Should, self.term_query(f.themes, theme.as_str()))];
        member.extend(
            stances
                .iter()
                .map(|s| (Occur::Should, self.term_query(f.stances, s))),
        );
        let filters = Filters {
            audience: Some(audience),
            ..Default::default()
        };
        let base = self.parse_query(query.unwrap_or(""))?;
        let q = BooleanQuery::new(vec![
            (Occur::Must, self.filtered(base, &filters)?),
            (Occur::Must, Box::new(BooleanQuery::new(member))),
        ]);
        self.docs(searcher, &q)
    }

    fn theme_query(
        &self,
        theme: Theme,
        audience: Audience,
        query: Option<&str>,
    ) -> Result<Box<dyn Query>> {
        let base = self.parse_query(query.unwrap_or(""))?;
        let filters = Filters {
            theme: Some(theme),
            audience: Some(audience),
            ..Default::default()
        };
        self.filtered(base, &filters)
    }

    /// Document frequencies for weighting words and concepts, on the current commit.
    pub fn word_stats(&self) -> Result<WordStats<'_>> {
        let searcher = self.searcher()?;
        let n = searcher.num_docs() as f32;
        Ok(WordStats {
            index: self,
            searcher,
            n,
            cache: Default::default(),
        })
    }
}

/// Document frequencies of words and concepts, and the index's tokenizers, for scoring pairs.
/// Safe to share between threads; each term's idf is looked up in the index once and then remembered
/// (a term dictionary lookup per segment costs about a microsecond, and a theme repeats its words).
pub struct WordStats<'a> {
    index: &'a StatementIndex,
    searcher: Searcher,
    n: f32,
    /// Remembered idfs by field (English text, Chinese text, concepts) and term: looked up by the term's
    /// text, so that a remembered term costs no allocation.
    cache: [RwLock<fnv::FnvHashMap<Box<str>, f32>>; 3],
}

impl WordStats<'_> {
    fn idf(&self, cache: usize, field: tantivy::schema::Field, text: &str) -> f32 {
        let cache = &self.cache[cache];
        if let Some(&idf) = cache.read().ok().as_ref().and_then(|c| c.get(text)) {
            return idf;
        }
        let term = Term::from_field_text(field, text);
        let df = self.searcher.doc_freq(&term).unwrap_or(0) as f32;
        let idf = ((self.n - df + 0.5) / (df + 0.5) + 1.0).ln().max(0.0);
        if let Ok(mut c) = cache.write() {
            c.insert(text.into(), idf);
        }
        idf
    }

    /// The idf of an index term of a language's text field.
    pub fn word_idf(&self, term: &str, lang: Lang) -> f32 {
        let cache = match lang {
            Lang::En => 0,
            Lang::Zh => 1,
        };
        self.idf(cache, self.index.text_field(lang), term)
    }

    /// The idf of a concept (how rare statements naming it are).
    pub fn concept_idf(&self, concept: &str) -> f32 {
        self.idf(2, self.index.fields.concepts, concept)
    }

    /// The index terms of a text with the words as written: decoded from the statement's stored `words`
    /// value when it is given ([`StatementIndex::records_with_words_at`]), else tokenised. Either way the
    /// same terms with the same first surfaces, though only the tokenised list keeps repeats and text order.
    pub fn tokens_of(&self, text: &str, lang: Lang, words: Option<&str>) -> Vec<(String, String)> {
        match words {
            Some(words) => super::words::decode(words)
                .map(|(term, surface)| (term.to_string(), surface.to_string()))
                .collect(),
            None => self.tokens(text, lang),
        }
    }

    /// The index terms of a text with the words as written.
    pub fn tokens(&self, text: &str, lang: Lang) -> Vec<(String, String)> {
        self.index
            .tokens(text, lang)
            .into_iter()
            .map(|t| {
                let surface = text
                    .get(t.offset_from..t.offset_to)
                    .unwrap_or(&t.text)
                    .to_string();
                (t.text, surface)
            })
            .collect()
    }
}
