//! Finds reposts: the same statement relayed by several outlets, with edits, other punctuation,
//! traditional or simplified characters, full- or half-width forms. MinHash signatures (gaoya) over
//! character shingles are cut into LSH bands, so only statements that share a band are compared, never
//! all pairs; each candidate is confirmed with a normalised Levenshtein similarity (strsim).
//!
//! Memory per kept statement is fixed (one bucket entry and one link per band, no signature is kept),
//! so the table for a million statements stays within a few hundred megabytes whatever their length.

use crate::model::{Provenance, Statement};
use gaoya::minhash::{MinHasher, MinHasher32};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// LSH bands; with [`ROWS`] rows each, pairs with a shingle Jaccard similarity above about 0.6 share a
/// band with high probability (0.8 → 98.5 %), pairs below 0.3 almost never do.
const BANDS: usize = 8;
/// MinHash values per band.
const ROWS: usize = 4;
/// The similarity (normalised Levenshtein on normalised text) from which two statements are one.
pub const SIMILARITY: f64 = 0.8;
/// At most this many candidates are confirmed per statement (a text repeated thousands of times
/// does not make the run quadratic).
const MAX_CANDIDATES: usize = 16;
const NONE: u32 = u32::MAX;

/// The text two reposts share once their differences of form are taken away: simplified characters,
/// half-width forms, lower case, no punctuation or spaces.
pub fn normalize(text: &str) -> String {
    let simplified = fast2s::convert(text);
    let mut out = String::with_capacity(simplified.len());
    for c in simplified.chars() {
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Character shingles of a normalised text: 3 characters where Han characters dominate, 5 otherwise.
fn shingles(norm: &str) -> Vec<&str> {
    let han = norm.chars().filter(|c| crate::text::is_han(*c)).count();
    let total = norm.chars().count();
    let k = if han * 2 >= total { 3 } else { 5 };
    let bounds: Vec<usize> = norm
        .char_indices()
        .map(|(i, _)| i)
        .chain([norm.len()])
        .collect();
    if bounds.len() <= k + 1 {
        return vec![norm];
    }
    (0..bounds.len() - k)
        .map(|i| &norm[bounds[i]..bounds[i + k]])
        .collect()
}

/// What [`Deduper::offer`] decided about a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Offer {
    /// New: kept as number `n` (0-based, in the order kept).
    Kept(u32),
    /// A near-duplicate of kept text `of`, with this similarity.
    Duplicate {
        /// The kept text it repeats.
        of: u32,
        /// Normalised Levenshtein similarity, in `[SIMILARITY, 1]`.
        similarity: f64,
    },
}

/// Near-duplicate detection over a stream of texts, in bounded memory per kept text.
pub struct Deduper {
    hasher: MinHasher32<fnv::FnvBuildHasher>,
    buckets: HashMap<u64, u32>,
    next: Vec<u32>,
    kept: u32,
}

impl Default for Deduper {
    fn default() -> Self {
        Deduper::new()
    }
}

impl Deduper {
    /// An empty deduper.
    pub fn new() -> Deduper {
        Deduper {
            hasher: MinHasher32::new(BANDS * ROWS),
            buckets: HashMap::new(),
            next: Vec::new(),
            kept: 0,
        }
    }

    /// How many texts were kept.
    pub fn kept(&self) -> u32 {
        self.kept
    }

    /// Offers the next normalised text (see [`normalize`]). `kept_text(n)` gives the normalised text of
    /// kept text `n` (the caller holds the texts; the deduper holds only their bands), and `may_merge(n)`
    /// whether the two may be one at all (e.g. the same speaker and date).
    pub fn offer(
        &mut self,
        norm: &str,
        kept_text: impl Fn(u32) -> String,
        may_merge: impl Fn(u32) -> bool,
    ) -> Offer {
        let signature = self.hasher.create_signature(shingles(norm).into_iter());
        let keys: Vec<u64> = (0..BANDS)
            .map(|b| {
                let mut h = fnv::FnvHasher::default();
                b.hash(&mut h);
                signature[b * ROWS..(b + 1) * ROWS].hash(&mut h);
                h.finish()
            })
            .collect();
        let mut seen: Vec<u32> = Vec::new();
        'bands: for key in &keys {
            let mut entry = self.buckets.get(key).copied().unwrap_or(NONE);
            while entry != NONE {
                let n = entry / BANDS as u32;
                if !seen.contains(&n) {
                    seen.push(n);
                    if seen.len() > MAX_CANDIDATES {
                        break 'bands;
                    }
                }
                entry = self.next[entry as usize];
            }
        }
        let norm_len = norm.chars().count();
        let mut best: Option<(u32, f64)> = None;
        for &n in seen.iter().take(MAX_CANDIDATES) {
            if !may_merge(n) {
                continue;
            }
            let other = kept_text(n);
            let other_len = other.chars().count();
            let (lo, hi) = (norm_len.min(other_len), norm_len.max(other_len));
            // Levenshtein similarity cannot exceed the ratio of the lengths: skip the work when it is low.
            if hi == 0 || (lo as f64 / hi as f64) < SIMILARITY {
                continue;
            }
            let s = strsim::normalized_levenshtein(norm, &other);
            if s >= SIMILARITY && best.is_none_or(|(_, b)| s > b) {
                best = Some((n, s));
            }
        }
        if let Some((of, similarity)) = best {
            return Offer::Duplicate { of, similarity };
        }
        let n = self.kept;
        self.kept += 1;
        for (b, key) in keys.into_iter().enumerate() {
            let entry = n * BANDS as u32 + b as u32;
            let previous = self.buckets.insert(key, entry).unwrap_or(NONE);
            self.next.push(previous);
        }
        Offer::Kept(n)
    }
}

/// A repost merged into a statement already kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The id of the statement kept.
    pub kept: String,
    /// The id of the repost merged into it.
    pub repost: String,
    /// Their similarity.
    pub similarity: f64,
}

/// Statements with reposts stored once: each repost's source is added to the kept statement's
/// `provenance.also_in`. Two statements are only merged when they come from different sources and
/// their speakers and dates do not disagree, so a spokesperson repeating a formula on another day, or a
/// file of records that name no source, stays as it is.
#[derive(Default)]
pub struct Reposts {
    deduper: Deduper,
    kept: Vec<Statement>,
    merges: Vec<Merge>,
}

impl Reposts {
    /// No statement yet.
    pub fn new() -> Reposts {
        Reposts::default()
    }

    /// Adds the next statement: kept, or merged into the statement it reposts.
    pub fn push(&mut self, s: Statement) {
        let norm = normalize(&s.text);
        let agree = |a: &str, b: &str| a.is_empty() || b.is_empty() || a == b;
        let kept = &self.kept;
        let offer = self.deduper.offer(
            &norm,
            |n| normalize(&kept[n as usize].text),
            |n| {
                let k = &kept[n as usize];
                // A repost comes from another source; the same words twice in one source (or in
                // records that name none) are separate statements.
                !s.source.is_empty()
                    && !k.source.is_empty()
                    && k.source != s.source
                    && agree(&k.speaker, &s.speaker)
                    && agree(&k.date, &s.date)
            },
        );
        match offer {
            Offer::Kept(_) => self.kept.push(s),
            Offer::Duplicate { of, similarity } => {
                let k = &mut self.kept[of as usize];
                let source = if s.source.is_empty() {
                    s.provenance
                        .as_ref()
                        .map(|p| p.file.clone())
                        .unwrap_or_default()
                } else {
                    s.source.clone()
                };
                let p = k
                    .provenance
                    .get_or_insert_with(|| Box::new(Provenance::default()));
                if !source.is_empty() && source != k.source && !p.also_in.contains(&source) {
                    p.also_in.push(source);
                }
                self.merges.push(Merge {
                    kept: k.id.clone(),
                    repost: s.id,
                    similarity,
                });
            }
        }
    }

    /// The statements kept, in input order, and every merge.
    pub fn finish(self) -> (Vec<Statement>, Vec<Merge>) {
        (self.kept, self.merges)
    }
}

/// [`Reposts`] over a whole list.
pub fn merge_reposts(statements: Vec<Statement>) -> (Vec<Statement>, Vec<Merge>) {
    let mut r = Reposts::new();
    for s in statements {
        r.push(s);
    }
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::document::{split_bytes, Unit};

    fn doc(name: &str) -> Vec<Statement> {
        let path = format!("fixtures/documents/{name}");
        let bytes = std::fs::read(env!("CARGO_MANIFEST_DIR").to_string() + "/" + &path).unwrap();
        split_bytes(&bytes, &path, Unit::Paragraph).unwrap()
    }

    #[test]
    fn normalisation_takes_away_form() {
        assert_eq!(normalize("網絡安全，ＡＢＣ！"), normalize("网络安全,abc!"));
        assert_eq!(normalize("Hello,  World."), "helloworld");
    }

    /// The crntt repost of the 2013-12-10 transcript (traditional characters, 發布/發佈, 於/于,
    /// 盡快恢復/儘快恢複) merges into the gov.cn statements, keeping both sources.
    #[test]
    fn a_real_repost_is_stored_once_with_both_sources() {
        let gov = doc("mfa-2013-12-10-zh.txt");
        let repost = doc("crntt-2013-12-10-repost.txt");
        let english = doc("mfa-2013-12-10-en.txt");
        let total = gov.len() + repost.len() + english.len();
        let all: Vec<Statement> = gov.iter().chain(&repost).chain(&english).cloned().collect();
        let (kept, merges) = merge_reposts(all);
        assert_eq!(merges.len(), repost.len(), "{merges:#?}");
        assert_eq!(kept.len(), total - repost.len());
        for m in &merges {
            assert!(
                m.kept.starts_with("mfa-2013-12-10-zh") && m.repost.starts_with("crntt"),
                "{m:?}"
            );
        }
        let also: Vec<&Vec<String>> = kept
            .iter()
            .filter_map(|s| s.provenance.as_ref())
            .map(|p| &p.also_in)
            .collect();
        assert_eq!(
            also.iter()
                .filter(|a| a.as_slice() == ["https://hk.crntt.com/doc/7_0_102916598_1.html"])
                .count(),
            repost.len()
        );
        // Two different answers of the same day stay apart.
        assert!(
            kept.iter()
                .filter(|s| s.id.starts_with("mfa-2013-12-10-zh"))
                .count()
                == gov.len()
        );
    }

    #[test]
    fn the_same_words_on_another_day_stay_two_statements() {
        let mut a = doc("mfa-2013-12-10-en.txt");
        let mut b = a.clone();
        for s in &mut b {
            s.id.push_str("-later");
            s.date = "2014-01-01".into();
        }
        a.extend(b);
        let n = a.len();
        let (kept, merges) = merge_reposts(a);
        assert_eq!((kept.len(), merges.len()), (n, 0));
    }

    #[test]
    fn the_same_words_twice_in_one_source_stay_two_statements() {
        let mut a = doc("mfa-2013-12-10-en.txt");
        let mut b = a.clone();
        for s in &mut b {
            s.id.push_str("-again");
        }
        a.extend(b);
        let n = a.len();
        assert_eq!(merge_reposts(a).0.len(), n);
    }

    #[test]
    fn edits_are_found_unrelated_texts_are_not() {
        let mut d = Deduper::new();
        let texts = [
            "China firmly upholds cyber security and opposes any forms of hacker attacks.",
            "China firmly upholds cybersecurity and opposes all forms of hacker attacks!",
            "Japan’s abandoned chemical weapons in China is a major issue in bilateral relations.",
        ];
        let norms: Vec<String> = texts.iter().map(|t| normalize(t)).collect();
        let mut kept: Vec<usize> = Vec::new();
        let mut offers = Vec::new();
        for (i, n) in norms.iter().enumerate() {
            let o = d.offer(n, |k| norms[kept[k as usize]].clone(), |_| true);
            if matches!(o, Offer::Kept(_)) {
                kept.push(i);
            }
            offers.push(o);
        }
        assert_eq!(offers[0], Offer::Kept(0));
        assert!(
            matches!(offers[1], Offer::Duplicate { of: 0, similarity } if similarity > 0.85),
            "{:?}",
            offers[1]
        );
        assert_eq!(offers[2], Offer::Kept(1));
    }
}
