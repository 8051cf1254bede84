//! Writing the index: documents from records, and all-or-nothing runs that upsert by id.

use super::{date_key, key, IndexInfo, IndexStats, StatementIndex, Upsert};
use crate::error::{Error, Result};
use crate::model::Indexed;
use tantivy::directory::error::LockError;
use tantivy::query::AllQuery;
use tantivy::schema::document::{CompactDocValue, Document, ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Field, Value};
use tantivy::tokenizer::PreTokenizedString;
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

/// A statement's document as the index writes it: its stored and keyword fields, and its text already
/// tokenised by its field's analyzer. tantivy indexes the tokens as given. (Its own document type would
/// store pre-tokenised text as JSON and parse it back, which cost more than tokenising.)
pub struct IndexDoc {
    fields: TantivyDocument,
    text_field: Field,
    text: PreTokenizedString,
}

/// A value of an [`IndexDoc`]: one of its fields' values, or its tokenised text.
#[derive(Clone, Debug)]
pub enum IndexValue<'a> {
    /// A value of the stored and keyword fields.
    Field(CompactDocValue<'a>),
    /// The tokenised text.
    Tokens(&'a PreTokenizedString),
}

type FieldValues<'a> = std::iter::Map<
    <CompactDocValue<'a> as Value<'a>>::ArrayIter,
    fn(CompactDocValue<'a>) -> IndexValue<'a>,
>;
type FieldEntries<'a> = std::iter::Map<
    <CompactDocValue<'a> as Value<'a>>::ObjectIter,
    fn((&'a str, CompactDocValue<'a>)) -> (&'a str, IndexValue<'a>),
>;

impl<'a> Value<'a> for IndexValue<'a> {
    type ArrayIter = FieldValues<'a>;
    type ObjectIter = FieldEntries<'a>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        match self {
            IndexValue::Field(v) => match v.as_value() {
                ReferenceValue::Leaf(leaf) => ReferenceValue::Leaf(leaf),
                ReferenceValue::Array(values) => {
                    let wrap: fn(CompactDocValue<'a>) -> IndexValue<'a> = IndexValue::Field;
                    ReferenceValue::Array(values.map(wrap))
                }
                ReferenceValue::Object(entries) => {
                    let wrap: fn((&'a str, CompactDocValue<'a>)) -> (&'a str, IndexValue<'a>) =
                        |(k, v)| (k, IndexValue::Field(v));
                    ReferenceValue::Object(entries.map(wrap))
                }
            },
            IndexValue::Tokens(t) => {
                ReferenceValue::Leaf(ReferenceValueLeaf::PreTokStr(Box::new((*t).clone())))
            }
        }
    }
}

impl Document for IndexDoc {
    type Value<'a> = IndexValue<'a>;
    type FieldsValuesIter<'a> = std::iter::Chain<
        std::iter::Map<
            Box<dyn Iterator<Item = (Field, CompactDocValue<'a>)> + 'a>,
            fn((Field, CompactDocValue<'a>)) -> (Field, IndexValue<'a>),
        >,
        std::iter::Once<(Field, IndexValue<'a>)>,
    >;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        let fields: Box<dyn Iterator<Item = (Field, CompactDocValue<'_>)>> =
            Box::new(self.fields.field_values());
        let wrap: fn((Field, CompactDocValue<'_>)) -> (Field, IndexValue<'_>) =
            |(f, v)| (f, IndexValue::Field(v));
        fields.map(wrap).chain(std::iter::once((
            self.text_field,
            IndexValue::Tokens(&self.text),
        )))
    }
}

impl StatementIndex {
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
    pub fn document(&self, rec: &Indexed) -> Result<IndexDoc> {
        let f = &self.fields;
        let s = &rec.statement;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &s.id);
        d.add_text(f.record, serde_json::to_string(rec)?);
        // The text is tokenised here, once, with its field's analyzer: tantivy indexes the tokens as given
        // (exactly what it would make of the text), and the distinct terms are stored for `contrast`.
        let tokens = self.tokens(&s.text, s.lang);
        if let Some(words) = super::words::encode(&s.text, &tokens) {
            d.add_text(f.words, words);
        }
        // The text itself is not kept with its tokens: tantivy reads it only for a stored or fast field.
        let text = PreTokenizedString {
            text: String::new(),
            tokens,
        };
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
        // `Frame::stance_rule_id`, written into one buffer.
        let mut stance = String::new();
        for h in &rec.stances {
            stance.clear();
            stance.push_str(&h.frame);
            stance.push('/');
            stance.push_str(h.side.as_str());
            debug_assert_eq!(
                stance,
                crate::rules::Frame::stance_rule_id(&h.frame, h.side)
            );
            d.add_text(f.stances, &stance);
        }
        for h in &rec.concepts {
            d.add_text(f.concepts, &h.concept);
        }
        if let Some(k) = date_key(&s.date, false) {
            d.add_i64(f.date, k);
        }
        Ok(IndexDoc {
            fields: d,
            text_field: self.text_field(s.lang),
            text,
        })
    }
}

/// A run writing the index: records are upserted by id and become visible together at [`commit`](Self::commit).
pub struct IndexRun<'a> {
    index: &'a StatementIndex,
    writer: IndexWriter<IndexDoc>,
    before: Searcher,
    stats: IndexStats,
}

impl<'a> IndexRun<'a> {
    /// The index this run writes.
    pub fn index(&self) -> &'a StatementIndex {
        self.index
    }

    /// Adds a record, replacing the statement with the same id; an identical record is left alone.
    pub fn upsert(&mut self, rec: &Indexed) -> Result<Upsert> {
        let doc = self.index.document(rec)?;
        self.upsert_document(rec, doc)
    }

    /// [`upsert`](Self::upsert) with the record's document already built ([`StatementIndex::document`]),
    /// so that callers can build documents in parallel.
    pub fn upsert_document(&mut self, rec: &Indexed, doc: IndexDoc) -> Result<Upsert> {
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
        self.writer
            .add_document(doc)
            .map_err(|e| self.index.write_err(e))?;
        Ok(outcome)
    }

    /// Replaces a record this run already wrote (its counts stay as they were): for a statement that
    /// a later repost gave another source.
    pub fn rewrite(&mut self, rec: &Indexed) -> Result<()> {
        let doc = self.index.document(rec)?;
        self.rewrite_document(rec, doc)
    }

    /// [`rewrite`](Self::rewrite) with the record's document already built.
    pub fn rewrite_document(&mut self, rec: &Indexed, doc: IndexDoc) -> Result<()> {
        // A deletion reaches every document added before it, in this run too.
        self.writer.delete_term(Term::from_field_text(
            self.index.fields.id,
            &rec.statement.id,
        ));
        self.writer
            .add_document(doc)
            .map_err(|e| self.index.write_err(e))?;
        Ok(())
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
            .map_err(|e| self.index.write_err(e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| self.index.write_err(e))?;
        let stats = self.stats;
        self.writer
            .wait_merging_threads()
            .map_err(|e| self.index.write_err(e))?;
        self.index.verify()?;
        Ok(stats)
    }

    /// Abandons the run: nothing of it becomes visible.
    pub fn abort(mut self) {
        // Rolling back also deletes the run's unfinished segment files now rather than at the next run.
        let _ = self.writer.rollback();
    }
}
