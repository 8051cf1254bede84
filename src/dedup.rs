//! Finds reposts: the same statement relayed by several outlets, with edits, other punctuation,
//! traditional or simplified characters, full- or half-width forms. MinHash signatures over character
//! shingles (one-permutation hashing) are cut into LSH bands, so only statements that share a band are
//! compared, never all pairs; each candidate is confirmed with strsim's normalised Levenshtein (short
//! texts) or the Dice coefficient of the two texts' shingles (long ones).
//!
//! Memory per kept statement is fixed, whatever the length of its text: one bucket entry and one link
//! per band, a hash, a 32-value signature and, in [`Reposts`], the place of its text and record in a
//! temporary file (about 250 bytes in all). The texts themselves are read back from that file only to
//! confirm a candidate, so a run of any length holds no text it has already passed on.

use crate::error::{Error, Result};
use crate::model::{Provenance, Statement};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;

/// LSH bands; with [`ROWS`] rows each, pairs with a shingle Jaccard similarity above about 0.6 share a
/// band with high probability (0.8 → 98.5 %), pairs below 0.3 almost never do.
const BANDS: usize = 8;
/// MinHash values per band.
const ROWS: usize = 4;
/// The similarity (see [`similarity`], on normalised text) from which two statements are one.
pub const SIMILARITY: f64 = 0.8;
/// At most this many candidates are confirmed per statement (a text repeated thousands of times
/// does not make the run quadratic).
const MAX_CANDIDATES: usize = 16;
/// Candidates whose MinHash estimate of the shingle Jaccard similarity is below this are not compared
/// (near-duplicates at the [`SIMILARITY`] threshold have a Jaccard similarity well above it).
const MIN_JACCARD: f64 = 0.4;
/// At most this many statements sharing a band are looked at (candidates or not).
const MAX_SEEN: usize = 64;
const NONE: u32 = u32::MAX;

/// The text two reposts share once their differences of form are taken away: simplified characters,
/// half-width forms, lower case, no punctuation or spaces.
pub fn normalize(text: &str) -> String {
    // fast2s changes only three-byte characters (U+0800–U+FFFF): text without any is copied as it is.
    let simplified = if text.bytes().any(|b| (0xE0..0xF0).contains(&b)) {
        Cow::Owned(fast2s::convert(text))
    } else {
        Cow::Borrowed(text)
    };
    let mut out = String::with_capacity(simplified.len());
    for c in simplified.chars() {
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        };
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if crate::text::is_han(c) {
            // Han characters have no case: skip the Unicode lower-casing tables.
            out.push(c);
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The hashes of the character shingles of a normalised text: 3 characters where Han characters
/// dominate, 5 otherwise (a text shorter than that is one shingle). One pass over the characters: the
/// last k characters are a shift register (21 bits a character for 3, exact; 12 bits for 5, exact for
/// every character below U+1000), mixed into a hash as each character comes in.
fn shingle_hashes(norm: &str, out: &mut Vec<u64>) {
    out.clear();
    let mut total = 0usize;
    let mut han = 0usize;
    for c in norm.chars() {
        total += 1;
        han += crate::text::is_han(c) as usize;
    }
    let (k, bits) = if han * 2 >= total { (3, 21) } else { (5, 12) };
    let mask = (1u64 << (k * bits)) - 1;
    let mut register = 0u64;
    for (i, c) in norm.chars().enumerate() {
        register = ((register << bits) ^ c as u64) & mask;
        if i + 1 >= k {
            out.push(mix(register));
        }
    }
    if total < k {
        out.push(mix(register));
    }
}

/// The MinHash signature of a set of shingle hashes by one-permutation hashing (Li, Owen & Zhang,
/// 2012): the top bits of each hash choose one of the [`BANDS`]`×`[`ROWS`] bins and each bin keeps its
/// least value, so every hash is looked at once rather than once per MinHash function. A bin no
/// shingle fell in (short texts) takes the value of the next filled bin to its right, changed by the
/// distance (rotation densification, Shrivastava & Li, 2014), so that two texts agree on it exactly
/// when they agree on that bin.
fn signature(hashes: &[u64]) -> [u32; BANDS * ROWS] {
    const BINS: usize = BANDS * ROWS;
    let mut sig = [u32::MAX; BINS];
    let mut filled = 0u32;
    for &h in hashes {
        let bin = (h >> (64 - BINS.trailing_zeros())) as usize;
        let value = h as u32;
        filled |= 1 << bin;
        if value < sig[bin] {
            sig[bin] = value;
        }
    }
    if filled == 0 {
        return [0; BINS];
    }
    let original = sig;
    for (j, v) in sig.iter_mut().enumerate() {
        if filled & (1 << j) == 0 {
            let distance = (1..BINS)
                .find(|d| filled & (1 << ((j + d) % BINS)) != 0)
                .unwrap_or(0);
            *v = original[(j + distance) % BINS] ^ (distance as u32).wrapping_mul(0x9E37_79B9);
        }
    }
    sig
}

/// A strong 64-bit finaliser (splitmix64), so that shingles differing in one character hash apart.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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
        /// Their [`similarity`], in `[SIMILARITY, 1]`.
        similarity: f64,
    },
}

/// Near-duplicate detection over a stream of texts, in bounded memory per kept text.
pub struct Deduper {
    /// Band key → the newest entry (kept text × band) with that key; older ones follow `next`.
    buckets: HashMap<u32, u32, fnv::FnvBuildHasher>,
    next: Vec<u32>,
    /// Hash of each kept text, to recognise an exact repeat without reading it.
    exact: Vec<u64>,
    /// The MinHash signature of each kept text (low 16 bits of each value: two texts share one by
    /// chance once in 65,536), to estimate its similarity before reading it.
    signatures: Vec<u16>,
    kept: u32,
}

impl Default for Deduper {
    fn default() -> Self {
        Deduper::new()
    }
}

/// The kept texts sharing a band with a sketch that may be merged with it.
#[derive(Debug, Default)]
pub struct Candidates {
    /// A kept text with exactly the same normalised text: no need to compare characters.
    pub exact: Option<u32>,
    /// Others whose MinHash estimate is high enough to be worth reading, newest first.
    pub near: Vec<u32>,
}

impl Deduper {
    /// An empty deduper.
    pub fn new() -> Deduper {
        Deduper {
            buckets: HashMap::default(),
            next: Vec::new(),
            exact: Vec::new(),
            signatures: Vec::new(),
            kept: 0,
        }
    }

    /// How many texts were kept.
    pub fn kept(&self) -> u32 {
        self.kept
    }

    /// The LSH keys and exact-text hash of a normalised text (see [`normalize`]). This is the costly
    /// part and needs no `&mut`, so callers compute sketches in parallel and offer them in order.
    pub fn sketch(&self, norm: &str) -> Sketch {
        SHINGLES.with_borrow_mut(|hashes| {
            shingle_hashes(norm, hashes);
            let signature = signature(hashes);
            let mut keys = [0u32; BANDS];
            for (b, key) in keys.iter_mut().enumerate() {
                let mut h = fnv::FnvHasher::default();
                b.hash(&mut h);
                signature[b * ROWS..(b + 1) * ROWS].hash(&mut h);
                *key = h.finish() as u32;
            }
            let mut h = fnv::FnvHasher::default();
            norm.hash(&mut h);
            let mut sig = [0u16; BANDS * ROWS];
            for (s, v) in sig.iter_mut().zip(&signature) {
                *s = *v as u16;
            }
            Sketch {
                keys,
                exact: h.finish(),
                signature: sig,
                chars: norm.chars().count() as u32,
            }
        })
    }

    /// The kept texts numbered from `from` that share a band with `sketch` and that `may_merge` allows,
    /// walked newest first (at most [`MAX_SEEN`] looked at, [`MAX_CANDIDATES`] returned), with the
    /// exact repeat, if any, apart. Needs no `&mut`: many lookups can run at once.
    pub fn candidates(
        &self,
        sketch: &Sketch,
        from: u32,
        may_merge: impl Fn(u32) -> bool,
    ) -> Candidates {
        let mut seen: Vec<u32> = Vec::new();
        let mut out = Candidates::default();
        'bands: for key in &sketch.keys {
            let mut entry = self.buckets.get(key).copied().unwrap_or(NONE);
            while entry != NONE {
                let n = entry / BANDS as u32;
                // Chains run from newest to oldest: the rest is older than `from`.
                if n < from {
                    break;
                }
                if !seen.contains(&n) {
                    if seen.len() == MAX_SEEN || out.near.len() == MAX_CANDIDATES {
                        break 'bands;
                    }
                    seen.push(n);
                    if may_merge(n) {
                        if self.exact[n as usize] == sketch.exact {
                            out.exact = Some(n);
                            return out;
                        }
                        if self.estimate(n, sketch) >= MIN_JACCARD {
                            out.near.push(n);
                        }
                    }
                }
                entry = self.next[entry as usize];
            }
        }
        out
    }

    /// The share of equal MinHash values of kept text `n` and `sketch`: an estimate of the Jaccard
    /// similarity of their shingles.
    fn estimate(&self, n: u32, sketch: &Sketch) -> f64 {
        let sig = &self.signatures[n as usize * BANDS * ROWS..(n as usize + 1) * BANDS * ROWS];
        let equal = sig
            .iter()
            .zip(&sketch.signature)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / (BANDS * ROWS) as f64
    }

    /// The candidate most similar to `norm` at or above [`SIMILARITY`], reading candidate texts with
    /// `kept_text`.
    pub fn confirm<'a>(
        sketch: &Sketch,
        norm: &str,
        candidates: &Candidates,
        kept_text: impl Fn(u32) -> Cow<'a, str>,
    ) -> Option<(u32, f64)> {
        if let Some(n) = candidates.exact {
            return Some((n, 1.0));
        }
        let mut best: Option<(u32, f64)> = None;
        for &n in &candidates.near {
            let other = kept_text(n);
            let other_len = other.chars().count();
            let (lo, hi) = (
                (sketch.chars as usize).min(other_len),
                (sketch.chars as usize).max(other_len),
            );
            // Neither similarity can exceed about the ratio of the lengths: skip the work when it is low.
            if hi == 0 || (lo as f64 / hi as f64) < SIMILARITY {
                continue;
            }
            let s = similarity(norm, &other);
            if s >= SIMILARITY && best.is_none_or(|(_, b)| s > b) {
                best = Some((n, s));
            }
        }
        best
    }

    /// Keeps a text: its bands go into the buckets. Returns its number.
    pub fn insert(&mut self, sketch: &Sketch) -> u32 {
        let n = self.kept;
        self.kept += 1;
        self.exact.push(sketch.exact);
        self.signatures.extend_from_slice(&sketch.signature);
        for (b, key) in sketch.keys.iter().enumerate() {
            let entry = n * BANDS as u32 + b as u32;
            let previous = self.buckets.insert(*key, entry).unwrap_or(NONE);
            self.next.push(previous);
        }
        n
    }

    /// Offers the next normalised text. `kept_text(n)` gives the normalised text of kept text `n` (the
    /// caller holds the texts; the deduper holds only their bands and a hash), and `may_merge(n)` whether
    /// the two may be one at all (e.g. another source, the same speaker and date).
    pub fn offer<'a>(
        &mut self,
        norm: &str,
        kept_text: impl Fn(u32) -> Cow<'a, str>,
        may_merge: impl Fn(u32) -> bool,
    ) -> Offer {
        let sketch = self.sketch(norm);
        let candidates = self.candidates(&sketch, 0, may_merge);
        match Deduper::confirm(&sketch, norm, &candidates, kept_text) {
            Some((of, similarity)) => Offer::Duplicate { of, similarity },
            None => Offer::Kept(self.insert(&sketch)),
        }
    }
}

thread_local! {
    /// Shingle hashes of the text being sketched, reused from one text to the next.
    static SHINGLES: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How alike two normalised texts are, in `[0, 1]`: strsim's normalised Levenshtein similarity for
/// short texts, and for long ones (where its quadratic cost would dominate) the Dice coefficient of
/// their character shingles (counted with repeats), which is linear after a sort. Character bigrams
/// (strsim's Sørensen–Dice) are no substitute on long Latin text: with 36 letters and digits, two
/// English paragraphs that share two sentences of three share most of their bigrams too.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.len() * b.len() <= LEVENSHTEIN_CELLS {
        strsim::normalized_levenshtein(a, b)
    } else {
        shingle_dice(a, b)
    }
}

/// `2 |A ∩ B| / (|A| + |B|)` over the multisets of shingles of two texts.
fn shingle_dice(a: &str, b: &str) -> f64 {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    shingle_hashes(a, &mut x);
    shingle_hashes(b, &mut y);
    x.sort_unstable();
    y.sort_unstable();
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()).max(1) as f64
}

/// The largest product of byte lengths compared with Levenshtein (about 200 Latin or 65 Chinese
/// characters each).
const LEVENSHTEIN_CELLS: usize = 40_000;

/// The LSH band keys, the exact hash and the signature of one normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sketch {
    keys: [u32; BANDS],
    exact: u64,
    signature: [u16; BANDS * ROWS],
    chars: u32,
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

/// What decides whether a later statement may merge into a kept one: hashes of its source, speaker and
/// date (0 when empty), so that no string of a kept statement stays in memory.
#[derive(Debug, Clone, Copy)]
struct Meta {
    source: u64,
    speaker: u64,
    date: u64,
}

impl Meta {
    fn of(s: &Statement) -> Meta {
        let h = |t: &str| {
            if t.is_empty() {
                0
            } else {
                let mut h = fnv::FnvHasher::default();
                t.hash(&mut h);
                h.finish() | 1
            }
        };
        Meta {
            source: h(&s.source),
            speaker: h(&s.speaker),
            date: h(&s.date),
        }
    }

    /// A repost comes from another source and its speaker and date do not disagree; the same words
    /// twice in one source (or in records that name none) are separate statements.
    fn may_merge(&self, kept: &Meta) -> bool {
        let agree = |a: u64, b: u64| a == 0 || b == 0 || a == b;
        self.source != 0
            && kept.source != 0
            && self.source != kept.source
            && agree(self.speaker, kept.speaker)
            && agree(self.date, kept.date)
    }
}

/// The normalised texts (and, when asked, the records) of kept statements, in an unnamed temporary file
/// that the system deletes when it is closed; memory keeps only where each one is.
struct Store {
    writer: std::io::BufWriter<std::fs::File>,
    /// Bytes written so far.
    end: u64,
    /// Per kept statement: where its normalised text, its id and its record (if kept) are.
    places: Vec<Place>,
    keep_records: bool,
}

/// Where one kept statement is in the [`Store`]: its normalised text, then its id, then its record.
#[derive(Debug, Clone, Copy)]
struct Place {
    at: u64,
    norm: u32,
    id: u32,
    record: u32,
}

/// The name errors give the temporary file.
const STORE: &str = "temporary file of kept statements";

fn store_err(source: std::io::Error) -> Error {
    Error::Io {
        path: STORE.to_string(),
        source,
    }
}

impl Store {
    fn new(keep_records: bool) -> Result<Store> {
        Ok(Store {
            writer: std::io::BufWriter::with_capacity(
                1 << 20,
                tempfile::tempfile().map_err(store_err)?,
            ),
            end: 0,
            places: Vec::new(),
            keep_records,
        })
    }

    fn push(&mut self, norm: &str, id: &str, record: &[u8]) -> Result<()> {
        let record = if self.keep_records { record } else { &[] };
        for part in [norm.as_bytes(), id.as_bytes(), record] {
            self.writer.write_all(part).map_err(store_err)?;
        }
        let place = Place {
            at: self.end,
            norm: norm.len() as u32,
            id: id.len() as u32,
            record: record.len() as u32,
        };
        self.places.push(place);
        self.end += (norm.len() + id.len() + record.len()) as u64;
        Ok(())
    }

    /// Makes everything pushed readable.
    fn flush(&mut self) -> Result<()> {
        self.writer.flush().map_err(store_err)
    }

    fn read(&self, at: u64, len: u32) -> std::io::Result<Vec<u8>> {
        let mut buf = vec![0u8; len as usize];
        read_exact_at(self.writer.get_ref(), &mut buf, at)?;
        Ok(buf)
    }

    /// The normalised text of kept statement `n` (flushed). An unreadable temporary file reads as an
    /// empty text, which confirms nothing; the error comes back at the next write or flush.
    fn norm(&self, n: u32) -> String {
        let p = self.places[n as usize];
        self.read(p.at, p.norm)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// The id of kept statement `n` (flushed).
    fn id(&self, n: u32) -> Result<String> {
        let p = self.places[n as usize];
        let bytes = self.read(p.at + p.norm as u64, p.id).map_err(store_err)?;
        String::from_utf8(bytes).map_err(|e| store_err(std::io::Error::other(e)))
    }

    /// The record of kept statement `n` (flushed).
    fn record(&self, n: u32) -> Result<Statement> {
        let p = self.places[n as usize];
        let bytes = self
            .read(p.at + p.norm as u64 + p.id as u64, p.record)
            .map_err(store_err)?;
        serde_json::from_slice(&bytes).map_err(|e| store_err(std::io::Error::other(e)))
    }
}

/// Reads `buf.len()` bytes at offset `at` of a file, without moving its cursor (so threads can share it).
#[cfg(unix)]
pub(crate) fn read_exact_at(f: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

/// Reads `buf.len()` bytes at offset `at` of a file, without moving its cursor (so threads can share it).
#[cfg(windows)]
pub(crate) fn read_exact_at(
    f: &std::fs::File,
    mut buf: &mut [u8],
    mut at: u64,
) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(f, buf, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        at += n as u64;
    }
    Ok(())
}

/// Statements with reposts stored once, as a stream: each batch given to [`Reposts::push_batch`] comes
/// back without the reposts it holds, and each repost's source is added to the kept statement's
/// `provenance.also_in`. Two statements are only merged when they come from different sources and their
/// speakers and dates do not disagree, so a spokesperson repeating a formula on another day, or a file
/// of records that name no source, stays as it is.
///
/// A repost of a statement handed back in an earlier batch cannot change it any more: such statements
/// are read back from the temporary file, with their new sources, by [`Reposts::finish`].
pub struct Reposts {
    deduper: Deduper,
    store: Store,
    meta: Vec<Meta>,
    /// Kept statements already handed back that later reposts repeat, with the new sources.
    late: HashMap<u32, Vec<String>>,
    merges: Vec<Merge>,
    /// Merges into a statement of an earlier batch (index in `merges`, kept number): its id is read
    /// back at the end.
    unnamed: Vec<(usize, u32)>,
}

/// What [`Reposts::finish`] returns.
pub struct Finished {
    /// Every merge, in input order.
    pub merges: Vec<Merge>,
    /// Statements handed back in an earlier batch that later reposts repeat, with the reposts' sources
    /// added: the caller replaces what it did with them.
    pub updated: Updated,
}

/// One statement of a batch, prepared in parallel.
struct Prepared {
    statement: Statement,
    norm: String,
    sketch: Sketch,
    meta: Meta,
    /// The kept statement of an earlier batch it repeats, with the similarity.
    earlier: Option<(u32, f64)>,
}

impl Reposts {
    /// No statement yet; kept statements' records are stored for [`Finished::updated`].
    pub fn new() -> Result<Reposts> {
        Reposts::with_records(true)
    }

    /// No statement yet; without records, [`Finished::updated`] stays empty and a late repost only
    /// counts as a merge (for callers that keep nothing of the statements they were handed).
    pub fn with_records(keep_records: bool) -> Result<Reposts> {
        Ok(Reposts {
            deduper: Deduper::new(),
            store: Store::new(keep_records)?,
            meta: Vec::new(),
            late: HashMap::new(),
            merges: Vec::new(),
            unnamed: Vec::new(),
        })
    }

    /// Adds a batch of statements in order and hands back those that are no repost of another.
    ///
    /// Normalising, sketching and confirming candidates among the statements of earlier batches run in
    /// parallel; only candidates within the batch are compared one after another.
    pub fn push_batch(&mut self, statements: Vec<Statement>) -> Result<Vec<Statement>> {
        let from = self.deduper.kept();
        let (deduper, store, meta) = (&self.deduper, &self.store, &self.meta);
        let prepared: Vec<Prepared> = statements
            .into_par_iter()
            .map(|statement| {
                let norm = normalize(&statement.text);
                let sketch = deduper.sketch(&norm);
                let m = Meta::of(&statement);
                let candidates = deduper.candidates(&sketch, 0, |n| m.may_merge(&meta[n as usize]));
                let earlier =
                    Deduper::confirm(&sketch, &norm, &candidates, |n| Cow::Owned(store.norm(n)));
                Prepared {
                    statement,
                    norm,
                    sketch,
                    meta: m,
                    earlier,
                }
            })
            .collect();
        // Statements kept from this batch, by number minus `from`, with their normalised texts.
        let mut kept: Vec<(Statement, String)> = Vec::new();
        for p in prepared {
            let found = p.earlier.or_else(|| {
                let candidates = self.deduper.candidates(&p.sketch, from, |n| {
                    p.meta.may_merge(&self.meta[n as usize])
                });
                Deduper::confirm(&p.sketch, &p.norm, &candidates, |n| {
                    Cow::Borrowed(kept[(n - from) as usize].1.as_str())
                })
            });
            match found {
                Some((of, similarity)) => {
                    let source = p.statement.source;
                    let kept_id = if of >= from {
                        let k = &mut kept[(of - from) as usize].0;
                        let also = &mut k
                            .provenance
                            .get_or_insert_with(|| Box::new(Provenance::default()))
                            .also_in;
                        if source != k.source && !also.contains(&source) {
                            also.push(source);
                        }
                        k.id.clone()
                    } else {
                        let also = self.late.entry(of).or_default();
                        if !also.contains(&source) {
                            also.push(source);
                        }
                        self.unnamed.push((self.merges.len(), of));
                        String::new()
                    };
                    self.merges.push(Merge {
                        kept: kept_id,
                        repost: p.statement.id,
                        similarity,
                    });
                }
                None => {
                    self.deduper.insert(&p.sketch);
                    self.meta.push(p.meta);
                    kept.push((p.statement, p.norm));
                }
            }
        }
        // Records are written once the batch's own reposts have added their sources.
        let records: Vec<Vec<u8>> = if self.store.keep_records {
            kept.par_iter()
                .map(|(s, _)| serde_json::to_vec(s))
                .collect::<std::result::Result<_, _>>()?
        } else {
            Vec::new()
        };
        for (i, (s, norm)) in kept.iter().enumerate() {
            let record = records.get(i).map_or(&[][..], |r| r.as_slice());
            self.store.push(norm, &s.id, record)?;
        }
        self.store.flush()?;
        Ok(kept.into_iter().map(|(s, _)| s).collect())
    }

    /// Every merge, and the statements of earlier batches that later reposts repeat, to be read back
    /// with their new sources.
    pub fn finish(self) -> Result<Finished> {
        let mut merges = self.merges;
        for (i, n) in self.unnamed {
            merges[i].kept = self.store.id(n)?;
        }
        let mut late: Vec<(u32, Vec<String>)> = if self.store.keep_records {
            self.late.into_iter().collect()
        } else {
            Vec::new()
        };
        late.sort_by_key(|l| l.0);
        Ok(Finished {
            merges,
            updated: Updated {
                store: self.store,
                late: late.into_iter(),
            },
        })
    }
}

/// The statements of earlier batches that later reposts repeat, read back from the temporary file one
/// at a time (so that they never all sit in memory), with the reposts' sources added.
pub struct Updated {
    store: Store,
    late: std::vec::IntoIter<(u32, Vec<String>)>,
}

impl Updated {
    /// How many are left to read.
    pub fn len(&self) -> usize {
        self.late.len()
    }

    /// True when there is none left.
    pub fn is_empty(&self) -> bool {
        self.late.len() == 0
    }
}

impl Iterator for Updated {
    type Item = Result<Statement>;

    fn next(&mut self) -> Option<Result<Statement>> {
        let (n, sources) = self.late.next()?;
        Some(self.store.record(n).map(|mut s| {
            let also = &mut s
                .provenance
                .get_or_insert_with(|| Box::new(Provenance::default()))
                .also_in;
            for source in sources {
                if !also.contains(&source) {
                    also.push(source);
                }
            }
            s
        }))
    }
}

/// [`Reposts`] over a whole list: the statements kept, in input order, and every merge.
pub fn merge_reposts(statements: Vec<Statement>) -> Result<(Vec<Statement>, Vec<Merge>)> {
    let mut r = Reposts::with_records(false)?;
    let kept = r.push_batch(statements)?;
    Ok((kept, r.finish()?.merges))
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
        let (kept, merges) = merge_reposts(all).unwrap();
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

    /// In batches of one statement, every repost comes after the statement it repeats was handed back:
    /// the merges are counted as before, and `finish` reads those statements back from the temporary
    /// file with the reposts' sources added.
    #[test]
    fn reposts_of_statements_of_earlier_batches_come_back_updated() {
        let gov = doc("mfa-2013-12-10-zh.txt");
        let repost = doc("crntt-2013-12-10-repost.txt");
        let mut r = Reposts::new().unwrap();
        let mut handed = 0;
        for s in gov.iter().chain(&repost).cloned() {
            handed += r.push_batch(vec![s]).unwrap().len();
        }
        assert_eq!(handed, gov.len());
        let done = r.finish().unwrap();
        assert_eq!(done.merges.len(), repost.len());
        assert!(
            done.merges
                .iter()
                .all(|m| m.kept.starts_with("mfa-2013-12-10-zh")),
            "{:?}",
            done.merges
        );
        assert_eq!(done.updated.len(), repost.len());
        let updated: Vec<Statement> = done.updated.collect::<Result<_>>().unwrap();
        for s in &updated {
            let original = gov.iter().find(|g| g.id == s.id).expect("a kept statement");
            assert_eq!(s.text, original.text);
            assert_eq!(
                s.provenance.as_ref().unwrap().also_in,
                ["https://hk.crntt.com/doc/7_0_102916598_1.html"]
            );
        }
        // Without records, the merges are the same and nothing is read back.
        let mut r = Reposts::with_records(false).unwrap();
        for s in gov.iter().chain(&repost).cloned() {
            r.push_batch(vec![s]).unwrap();
        }
        let done = r.finish().unwrap();
        assert_eq!((done.merges.len(), done.updated.len()), (repost.len(), 0));
    }

    #[test]
    fn shingles_are_hashed_in_order_and_by_script() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        shingle_hashes("abcdef", &mut a);
        shingle_hashes("abcdeg", &mut b);
        // 5-shingles of Latin text: two of them; only the second differs.
        assert_eq!(a.len(), 2);
        assert_eq!(a[0], b[0]);
        assert_ne!(a[1], b[1]);
        // Order counts.
        shingle_hashes("bacdef", &mut b);
        assert_ne!(a[0], b[0]);
        shingle_hashes("网络安全", &mut a);
        assert_eq!(a.len(), 2, "3-shingles of Han text");
        shingle_hashes("ab", &mut a);
        assert_eq!(a.len(), 1, "a short text is one shingle");
    }

    /// Long texts: a repost with a few edits is alike; two English paragraphs that share two sentences
    /// of three are not, though strsim's bigram coefficient finds them so. Sentences of the fixture
    /// transcripts of 2013.
    #[test]
    fn long_texts_are_compared_by_shingles() {
        let en = doc("mfa-2013-12-10-en.txt");
        let s = [
            en[0].text.as_str(),
            en[1].text.as_str(),
            en[2].text.as_str(),
            doc("mfa-2013-02-20-en.txt")[3].text.as_str(),
        ]
        .map(str::to_string);
        let a = normalize(&format!("{} {} {}", s[0], s[1], s[2]));
        let edited = normalize(&format!(
            "{} {} {}",
            s[0],
            s[1].replace("long been interested in", "always liked"),
            s[2]
        ));
        let two_of_three = normalize(&format!("{} {} {}", s[0], s[1], s[3]));
        assert!(a.len() * two_of_three.len() > LEVENSHTEIN_CELLS);
        assert!(
            similarity(&a, &edited) >= SIMILARITY,
            "{}",
            similarity(&a, &edited)
        );
        let d = similarity(&a, &two_of_three);
        assert!(d < SIMILARITY, "{d}");
        assert!(strsim::sorensen_dice(&a, &two_of_three) > d);
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
        let (kept, merges) = merge_reposts(a).unwrap();
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
        assert_eq!(merge_reposts(a).unwrap().0.len(), n);
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
            let o = d.offer(
                n,
                |k| Cow::Borrowed(norms[kept[k as usize]].as_str()),
                |_| true,
            );
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
