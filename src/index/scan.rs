//! Column scans of the index: each live statement's audience, themes, language, year and (optionally)
//! speaker or venue, read from the inverted index and the date fast field without loading stored
//! records, so that counting over a million statements takes a fraction of a second.

use super::{date_key, StatementIndex};
use crate::error::Result;
use crate::model::{Audience, Indexed, Lang, Theme};
use std::collections::HashMap;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocId, DocSet, SegmentReader, TantivyDocument, Term, TERMINATED};

/// A field statements can be grouped by in a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupField {
    /// Who spoke.
    Speaker,
    /// Where it was said or published.
    Venue,
}

/// One statement's labels as scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanRow {
    /// Its audience.
    pub audience: Audience,
    /// Its themes as a bit mask (bit `Theme::index()`).
    pub themes: u8,
    /// Its language.
    pub lang: Lang,
    /// Its year, when dated.
    pub year: Option<u16>,
    /// Its group in [`Scan::groups`], when grouped and the field is not empty.
    pub group: Option<u32>,
}

/// Every live statement's labels, in no particular order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// One row per statement.
    pub rows: Vec<ScanRow>,
    /// Display names of the groups, as written in the first statement of each group found.
    pub groups: Vec<String>,
}

impl StatementIndex {
    /// Scans every live statement's labels, grouping by `group` when given.
    pub fn scan(&self, group: Option<GroupField>) -> Result<Scan> {
        let searcher = self.searcher()?;
        let f = self.fields();
        let err = |e: tantivy::TantivyError| self.err(e);
        let mut scan = Scan::default();
        let mut group_ids: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut first_doc: Vec<Option<tantivy::DocAddress>> = Vec::new();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let max = seg.max_doc() as usize;
            let mut audience = vec![u8::MAX; max];
            for a in Audience::ALL {
                each_doc(seg, f.audience, a.as_str(), |d| {
                    audience[d as usize] = a as u8
                })
                .map_err(err)?;
            }
            let mut themes = vec![0u8; max];
            for t in Theme::ALL {
                each_doc(seg, f.themes, t.as_str(), |d| {
                    themes[d as usize] |= 1 << t.index()
                })
                .map_err(err)?;
            }
            let mut zh = vec![false; max];
            each_doc(seg, f.lang, Lang::Zh.as_str(), |d| zh[d as usize] = true).map_err(err)?;
            let mut groups = vec![u32::MAX; max];
            if let Some(g) = group {
                let field = match g {
                    GroupField::Speaker => f.speaker,
                    GroupField::Venue => f.venue,
                };
                let inverted = seg.inverted_index(field).map_err(err)?;
                let mut stream = inverted.terms().stream().map_err(|e| err(e.into()))?;
                while stream.advance() {
                    let next = group_ids.len() as u32;
                    let id = *group_ids.entry(stream.key().to_vec()).or_insert(next);
                    let mut postings = inverted
                        .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
                        .map_err(|e| err(e.into()))?;
                    let mut d = postings.doc();
                    while d != TERMINATED {
                        groups[d as usize] = id;
                        d = postings.advance();
                    }
                }
            }
            let dates = seg.fast_fields().i64("date").map_err(err)?;
            let alive = seg.alive_bitset();
            for d in 0..max as DocId {
                if alive.is_some_and(|a| !a.is_alive(d)) {
                    continue;
                }
                let aud = match audience[d as usize] {
                    0 => Audience::External,
                    1 => Audience::Internal,
                    _ => continue,
                };
                let g = groups[d as usize];
                if g != u32::MAX {
                    if first_doc.len() <= g as usize {
                        first_doc.resize(g as usize + 1, None);
                    }
                    first_doc[g as usize].get_or_insert(tantivy::DocAddress::new(ord as u32, d));
                }
                scan.rows.push(ScanRow {
                    audience: aud,
                    themes: themes[d as usize],
                    lang: if zh[d as usize] { Lang::Zh } else { Lang::En },
                    year: dates
                        .first(d)
                        .map(|k| (k / 10000) as u16)
                        .filter(|y| *y > 0),
                    group: (g != u32::MAX).then_some(g),
                });
            }
        }
        // The index holds normalised keys (lower case, simplified); the first live statement of each
        // group gives its display name as written.
        let mut names: Vec<(u32, String)> = group_ids
            .iter()
            .map(|(k, id)| (*id, String::from_utf8_lossy(k).into_owned()))
            .collect();
        names.sort();
        scan.groups = names.into_iter().map(|(_, n)| n).collect();
        for (id, addr) in first_doc.iter().enumerate() {
            let Some(addr) = addr else { continue };
            let rec = self.record(&searcher, *addr)?;
            let s = &rec.statement;
            let name = match group {
                Some(GroupField::Speaker) => &s.speaker,
                Some(GroupField::Venue) => &s.venue,
                None => continue,
            };
            if let Some(slot) = scan.groups.get_mut(id) {
                *slot = name.trim().to_string();
            }
        }
        Ok(scan)
    }
}

impl StatementIndex {
    /// Calls `f` with every live statement's stored record, segment by segment in store order
    /// (sequential reads, nothing collected).
    pub fn for_each_record(&self, mut f: impl FnMut(Indexed)) -> Result<()> {
        let searcher = self.searcher()?;
        let record = self.fields().record;
        for seg in searcher.segment_readers() {
            let store = seg.get_store_reader(1).map_err(|e| self.err(e.into()))?;
            for doc in store.iter::<TantivyDocument>(seg.alive_bitset()) {
                let doc = doc.map_err(|e| self.err(e))?;
                let json = doc
                    .get_first(record)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                f(serde_json::from_str(json)?);
            }
        }
        Ok(())
    }
}

/// Calls `f` with every document (live or not) of a segment that holds `value` in `field`.
fn each_doc(
    seg: &SegmentReader,
    field: Field,
    value: &str,
    mut f: impl FnMut(DocId),
) -> tantivy::Result<()> {
    let inverted = seg.inverted_index(field)?;
    let term = Term::from_field_text(field, value);
    if let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? {
        let mut d = postings.doc();
        while d != TERMINATED {
            f(d);
            d = postings.advance();
        }
    }
    Ok(())
}

/// The year of a `YYYY[-MM[-DD]]` date, as the scan reads it from the index.
pub fn year_of(date: &str) -> Option<u16> {
    date_key(date, false)
        .map(|k| (k / 10000) as u16)
        .filter(|y| *y > 0)
}
