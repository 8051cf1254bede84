//! The stacked theme model: per theme, an L2-regularised logistic regression over the rules' own output for
//! a statement and the character 2–4-grams of its words, trained on gold-labelled statements (issue 11).
//!
//! It is data of the rule set (`rules/theme-stack.toml`), written by `twovoices rules train-stack` and never
//! by hand. Every feature has a name a reader can look up: `rule=ID` (the rule fired), `level=LEVEL:LABEL`
//! (the summed weight of the rules of that level and label; theme rules have the level `none`),
//! `concept=ID`, `audience=…`, `audience_level=…`, `theme=…` (the rules assigned it), `score=…` (the rules'
//! sum for the theme), `lang=…`, `no_metadata` (no speaker, role or venue) and `chars=…` (a character
//! n-gram of the speaker, role, venue and text after the matcher's folding: traditional to simplified,
//! lower case, punctuation unified; each word padded with a space, n-grams inside words only). A rule
//! feature counts 1 (or its weight sum, or its score); the n-grams of a text each count
//! 1/√(distinct n-grams of the text), so a long text weighs no more than a short one.
//!
//! A theme's probability is σ(bias + Σ weight × value). The gate ([`StackGate`]) says what it may change:
//! add a theme the rules did not assign when the probability reaches `add`, take away one they did when it
//! falls below `remove`; with `trap_veto`, never add a theme a trap rule (negative weight) voted against.

use crate::model::{Classification, ModelMove, Statement, Theme};
use crate::text::Normalized;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What the stacked model may change, and whether it is consulted at all.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StackGate {
    /// Whether `classify` consults the model unless told otherwise (`--stack` / `--no-stack`).
    pub on: bool,
    /// Add a theme the rules did not assign when its probability reaches this; 1: never.
    pub add: f32,
    /// Take away a theme the rules assigned when its probability is below this; 0: never.
    pub remove: f32,
    /// Never add a theme a trap rule voted against.
    pub trap_veto: bool,
}

impl Default for StackGate {
    fn default() -> Self {
        StackGate {
            on: false,
            add: 0.5,
            remove: 0.5,
            trap_veto: true,
        }
    }
}

impl StackGate {
    /// The move the gate makes for a theme the rules left `assigned` (or not), with a trap rule's vote
    /// against it or not, at probability `p`.
    pub fn decide(&self, assigned: bool, trap: bool, p: f32) -> Option<ModelMove> {
        if assigned {
            (p < self.remove).then_some(ModelMove::Removed)
        } else if self.add < 1.0 && p >= self.add && !(trap && self.trap_veto) {
            Some(ModelMove::Added)
        } else {
            None
        }
    }
}

/// How the model is trained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StackSettings {
    /// Inverse regularisation strength (scikit-learn's `C`): the loss is C·Σ log-loss + ½‖w‖².
    pub c: f32,
    /// The least number of training statements a feature must occur in.
    pub min_df: u32,
    /// Weights whose absolute value is below this for every theme are dropped from the file.
    pub min_weight: f32,
    /// Optimiser iterations (L-BFGS), at most.
    pub iterations: u32,
    /// The feature families it is trained without (none as shipped before session 51): a family left out
    /// has no weight in the file, so classification needs no other change.
    pub without: Families,
}

impl Default for StackSettings {
    fn default() -> Self {
        StackSettings {
            c: 1.0,
            min_df: 2,
            min_weight: 0.01,
            iterations: 300,
            without: Families::default(),
        }
    }
}

/// A family of the stacked model's features, to train without (`--without`): the families of
/// [`named_features`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// The audience side of the rules' output: `rule=` of an audience rule, `level=` of an audience level,
    /// `audience=`, `audience_level=`.
    Audience,
    /// `rule=` of a theme rule.
    Rule,
    /// `level=none:THEME`, a theme's summed rule weights.
    Level,
    /// `concept=`.
    Concept,
    /// `theme=`.
    Theme,
    /// `score=`.
    Score,
    /// `lang=`.
    Lang,
    /// `no_metadata`.
    NoMetadata,
    /// `chars=`, the character n-grams.
    Chars,
}

impl Family {
    /// Every family, as `--without` names them.
    pub const ALL: [(&'static str, Family); 9] = [
        ("audience", Family::Audience),
        ("rule", Family::Rule),
        ("level", Family::Level),
        ("concept", Family::Concept),
        ("theme", Family::Theme),
        ("score", Family::Score),
        ("lang", Family::Lang),
        ("no_metadata", Family::NoMetadata),
        ("chars", Family::Chars),
    ];

    /// The family of a feature's name; `audience_rules`: the ids of the rule set's audience rules.
    pub fn of(name: &str, audience_rules: &std::collections::HashSet<&str>) -> Family {
        if name.starts_with("audience=") || name.starts_with("audience_level=") {
            Family::Audience
        } else if let Some(id) = name.strip_prefix("rule=") {
            if audience_rules.contains(id) {
                Family::Audience
            } else {
                Family::Rule
            }
        } else if let Some(key) = name.strip_prefix("level=") {
            if key.starts_with("none:") {
                Family::Level
            } else {
                Family::Audience
            }
        } else if name.starts_with("concept=") {
            Family::Concept
        } else if name.starts_with("theme=") {
            Family::Theme
        } else if name.starts_with("score=") {
            Family::Score
        } else if name.starts_with("lang=") {
            Family::Lang
        } else if name == "no_metadata" {
            Family::NoMetadata
        } else {
            Family::Chars
        }
    }
}

impl Family {
    /// Its bit in a [`Families`] set.
    fn bit(self) -> u16 {
        1 << Family::ALL
            .iter()
            .position(|(_, f)| *f == self)
            .unwrap_or(0)
    }

    /// The family `--without` and the model's file call `name`.
    pub fn named(name: &str) -> Option<Family> {
        Family::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    /// Its name, as `--without` and the model's file give it.
    pub fn name(self) -> &'static str {
        Family::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }
}

/// A set of feature families, the ones a model is trained without ([`StackSettings::without`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Families(u16);

impl Families {
    /// The set of `families`.
    pub fn of(families: &[Family]) -> Families {
        Families(families.iter().fold(0, |b, f| b | f.bit()))
    }

    /// Whether `f` is in it.
    pub fn contains(self, f: Family) -> bool {
        self.0 & f.bit() != 0
    }

    /// Whether it holds no family.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Its families, in [`Family::ALL`]'s order.
    pub fn to_vec(self) -> Vec<Family> {
        Family::ALL
            .iter()
            .map(|(_, f)| *f)
            .filter(|f| self.contains(*f))
            .collect()
    }
}

/// What a stacked model was trained with, hashed (FNV-1a, 64 bits, hex): each rule file whose output its features
/// read, by file name (every rule file but the model's own), and each training file's bytes, by the path as
/// given to the trainer. A model whose fingerprint no longer matches is *stale*: the rules' output it learnt to
/// weigh has changed ([`StackModel::staleness`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StackFingerprint {
    /// Rule file name → hash of its text.
    pub rules: BTreeMap<String, String>,
    /// Training file path → hash of its bytes.
    pub data: BTreeMap<String, String>,
}

/// FNV-1a (64 bits) of bytes, as 16 hex digits: stable across builds and platforms.
pub fn fnv_hex(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

impl StackFingerprint {
    /// The hashes of the rule files a model is trained with (`skip`: the file holding the model itself, whose
    /// bytes change with every retraining, and files that change no classification:
    /// [`super::RuleSet::stack_inert_files`]) and of its training files. A training file that cannot be read
    /// (standard input) is left out.
    pub fn of(
        rule_files: &[super::SourceFile],
        skip: &[std::path::PathBuf],
        data: &[String],
    ) -> StackFingerprint {
        StackFingerprint {
            rules: StackFingerprint::rules_of(rule_files, skip),
            data: data
                .iter()
                .filter_map(|f| std::fs::read(f).ok().map(|b| (f.clone(), fnv_hex(&b))))
                .collect(),
        }
    }

    fn rules_of(
        rule_files: &[super::SourceFile],
        skip: &[std::path::PathBuf],
    ) -> BTreeMap<String, String> {
        rule_files
            .iter()
            .filter(|f| !skip.contains(&f.path))
            .map(|f| (file_name(&f.path), fnv_hex(f.text.as_bytes())))
            .collect()
    }
}

/// A rule file's name as the fingerprint keys it.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Why a stacked model is stale ([`StackModel::staleness`]); empty lists and `false` mean it is not.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Staleness {
    /// The file records no fingerprint (written before session 29).
    pub no_fingerprint: bool,
    /// Rule files changed, added or removed since training, by name.
    pub rules: Vec<String>,
    /// Training files whose bytes changed since training.
    pub data: Vec<String>,
    /// Training files that could not be read from the current folder (not compared).
    pub unread: usize,
}

impl Staleness {
    /// True when the model is stale.
    pub fn is_stale(&self) -> bool {
        self.no_fingerprint || !self.rules.is_empty() || !self.data.is_empty()
    }

    /// One line saying why, e.g. "rule files changed since training: audience.toml, themes.toml".
    pub fn reason(&self) -> String {
        if self.no_fingerprint {
            return "its file records no fingerprint of what it was trained with".into();
        }
        let mut parts = Vec::new();
        if !self.rules.is_empty() {
            parts.push(format!(
                "rule files changed since training: {}",
                self.rules.join(", ")
            ));
        }
        if !self.data.is_empty() {
            let shown: Vec<&str> = self.data.iter().take(5).map(String::as_str).collect();
            let more = self.data.len().saturating_sub(shown.len());
            parts.push(format!(
                "training files changed: {}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
        parts.join("; ")
    }
}

/// The trained stacked model.
#[derive(Debug, Clone)]
pub struct StackModel {
    /// The files it was trained on, as given to the trainer.
    pub trained_on: Vec<String>,
    /// The pre-classified files it was also trained on (`rules train-stack --classified`): labelled statements
    /// as an older rule set classified them (`classify --format jsonl`), features read from that record, so
    /// the model sees how rules fail on text they were not written on. Empty as shipped before session 51.
    pub classified: Vec<String>,
    /// How it was trained.
    pub settings: StackSettings,
    /// When it moves a theme.
    pub gate: StackGate,
    /// Per theme ([`Theme::index`]).
    pub bias: [f32; 5],
    /// Per feature, its weight for each theme.
    pub weights: BTreeMap<String, [f32; 5]>,
    /// What it was trained with (empty in a file written before session 29).
    pub fingerprint: StackFingerprint,
    /// The `chars=` features by the 64-bit FNV hash of their n-gram (the text's n-grams are hashed once, for
    /// both the lookup and the count of distinct n-grams), and every other feature by its name.
    grams: HashMap<u64, u32, fnv::FnvBuildHasher>,
    /// The weights of the `chars=` features, by the index `grams` gives.
    gram_weights: Vec<[f32; 5]>,
    /// The other features by kind ([`Kind`] as a number), then by key (a level sum's `LEVEL:LABEL`).
    named: [HashMap<Box<str>, [f32; 5], fnv::FnvBuildHasher>; 9],
    /// A number no other model made in this process has (a clone shares it: same weights).
    id: u64,
    /// A blocked Bloom filter of the keys of `grams` (two bits in one word per key): most of a text's
    /// n-grams have no weight, and are turned away here without a look into the larger map.
    gram_filter: Vec<u64>,
    /// 64 − log2 of `gram_filter`'s length.
    filter_shift: u32,
}

impl PartialEq for StackModel {
    fn eq(&self, o: &Self) -> bool {
        self.trained_on == o.trained_on
            && self.classified == o.classified
            && self.settings == o.settings
            && self.gate == o.gate
            && self.bias == o.bias
            && self.weights == o.weights
            && self.fingerprint == o.fingerprint
    }
}

/// One feature's part in a theme's probability, for `explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StackContribution {
    /// The feature's name.
    pub feature: String,
    /// Its value for the statement.
    pub value: f32,
    /// Its weight for the theme.
    pub weight: f32,
}

/// The model's reading of one theme of one statement, for `explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StackExplained {
    /// The theme.
    pub theme: Theme,
    /// σ(logit).
    pub probability: f32,
    /// The theme's bias.
    pub bias: f32,
    /// The features that contributed, largest |value × weight| first.
    pub contributions: Vec<StackContribution>,
}

/// Reusable buffers for scoring.
#[derive(Default)]
pub struct StackScratch {
    normalized: Normalized,
    joined: String,
    name: String,
}

impl std::fmt::Debug for StackScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StackScratch")
    }
}

/// The text the n-grams are taken from: speaker, role, venue, a bar, then the text.
fn joined_text(s: &Statement, out: &mut String) {
    out.clear();
    for part in [&s.speaker, &s.role, &s.venue] {
        out.push_str(part);
        out.push(' ');
    }
    out.push_str("| ");
    out.push_str(&s.text);
}

/// Calls `f` with every character 2–4-gram of every word of a normalised text (each word padded with a
/// space on both sides), repeats included.
pub fn for_each_gram(normalized: &str, mut f: impl FnMut(&str)) {
    let mut bounds: Vec<usize> = Vec::with_capacity(64);
    for word in normalized.split(' ').filter(|w| !w.is_empty()) {
        word_grams(word, &mut bounds, &mut f);
    }
}

/// Calls `f` with every character 2–4-gram of one word padded with a space on both sides, repeats
/// included; `bounds` is a buffer.
fn word_grams(word: &str, bounds: &mut Vec<usize>, mut f: impl FnMut(&str)) {
    // Byte offsets of the padded word " word ": the pad, each char, the pad, its end.
    bounds.clear();
    let padded_len = word.len() + 2;
    bounds.push(0);
    bounds.extend(word.char_indices().map(|(i, _)| i + 1));
    bounds.push(padded_len - 1);
    bounds.push(padded_len);
    // The grams are slices of the padded word; build it only once per word, on the stack when short.
    let mut buf = [0u8; 256];
    let owned;
    let padded: &str = if padded_len <= buf.len() {
        buf[0] = b' ';
        buf[1..=word.len()].copy_from_slice(word.as_bytes());
        buf[padded_len - 1] = b' ';
        std::str::from_utf8(&buf[..padded_len]).expect("padded word is UTF-8")
    } else {
        owned = format!(" {word} ");
        &owned
    };
    let chars = bounds.len() - 1;
    for n in 2..=4usize {
        if chars < n {
            break;
        }
        for start in 0..=chars - n {
            f(&padded[bounds[start]..bounds[start + n]]);
        }
    }
}

/// Calls `f` with the FNV-1a hash ([`hash_str`]) of every character 2–4-gram of one word padded with a
/// space on both sides, repeats included, by start and then length (not [`word_grams`]' order): the
/// 3- and 4-grams at a start continue the hash of the shorter one. `bounds` is a buffer.
fn word_gram_hashes(word: &str, bounds: &mut Vec<usize>, mut f: impl FnMut(u64)) {
    const PRIME: u64 = 0x100000001b3;
    let feed = |mut h: u64, bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(PRIME);
        }
        h
    };
    // Byte ranges of the padded word's chars: the pad, each char of `word`, the pad.
    bounds.clear();
    bounds.extend(word.char_indices().map(|(i, _)| i));
    bounds.push(word.len());
    let chars = bounds.len() + 1;
    let bytes = word.as_bytes();
    let char_at = |i: usize| -> &[u8] {
        if i == 0 || i == chars - 1 {
            b" "
        } else {
            &bytes[bounds[i - 1]..bounds[i]]
        }
    };
    for start in 0..chars.saturating_sub(1) {
        let mut h = feed(0xcbf29ce484222325, char_at(start));
        for end in start + 1..(start + 4).min(chars) {
            h = feed(h, char_at(end));
            f(h);
        }
    }
}

fn hash_str(s: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = fnv::FnvBuildHasher::default().build_hasher();
    h.write(s.as_bytes());
    h.finish()
}

/// The word of [`StackModel::gram_filter`] a gram hash falls in, and its two bits there.
fn filter_slot(h: u64, shift: u32) -> (usize, u64) {
    let m = (h ^ (h >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (
        (m >> shift) as usize,
        (1 << ((m >> 20) & 63)) | (1 << ((m >> 26) & 63)),
    )
}

/// A gram's index among the model's `chars=` weights when it has none.
const NO_WEIGHT: u32 = u32::MAX;

/// Words longer than this (bytes) are not kept in the word cache: a Chinese clause with no space in it is
/// one word, rarely seen twice.
const CACHED_WORD: usize = 48;

/// The word cache is emptied when it holds this many words.
const CACHED_WORDS: usize = 1 << 17;

/// Numbers each [`StackModel`] made, so a thread's word cache knows which model its entries were looked up in.
static MODEL_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

thread_local! {
    /// Each thread's word cache and buffers for the n-gram features ([`GramScorer`]).
    static GRAM_SCORER: std::cell::RefCell<GramScorer> = Default::default();
}

/// A set of 64-bit gram hashes, emptied in constant time: a slot is taken when its stamp is the current
/// round's (open addressing, linear probing, at most half full).
#[derive(Default)]
struct HashSet64 {
    slots: Vec<(u64, u32)>,
    shift: u32,
    round: u32,
    keys: Vec<u64>,
}

impl HashSet64 {
    /// Empties the set.
    fn clear(&mut self) {
        self.keys.clear();
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.slots.iter_mut().for_each(|s| s.1 = 0);
            self.round = 1;
        }
    }

    /// The number of hashes in the set.
    fn len(&self) -> usize {
        self.keys.len()
    }

    /// Adds `h`; true when it was not in the set yet.
    fn insert(&mut self, h: u64) -> bool {
        if (self.keys.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        loop {
            let slot = &mut self.slots[i];
            if slot.1 != self.round {
                *slot = (h, self.round);
                self.keys.push(h);
                return true;
            }
            if slot.0 == h {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(1024);
        self.slots = vec![(0, 0); n];
        self.shift = 64 - n.trailing_zeros();
        self.round = 1;
        let keys = std::mem::take(&mut self.keys);
        for h in keys {
            self.insert(h);
        }
    }
}

/// A cached word: its distinct grams are `grams[start..start + len]` of the cache; `seen` is the number of
/// the last statement it was met in.
struct CachedWord {
    start: u32,
    len: u32,
    seen: u32,
}

/// The n-gram part of a statement's logits. Each word's distinct grams, hashed and looked up in the model,
/// are cached per thread (across statements and classifiers), so a word met again costs one lookup. The
/// statement's grams with a weight are marked in a bit set by their index (one index per gram, so the bits
/// count them, each once), the others counted in a set that empties in constant time; the known weights are
/// summed in the model's order (ascending index) from the bits: the same sum, in the same order, as sorting
/// the indices.
#[derive(Default)]
struct GramScorer {
    /// The model the cache's lookups were made in ([`StackModel::id`]); 0: none.
    model: u64,
    words: HashMap<Box<str>, CachedWord, fnv::FnvBuildHasher>,
    /// Per cached word, its distinct grams: hash and index of the model's weights (or [`NO_WEIGHT`]).
    grams: Vec<(u64, u32)>,
    /// The statement's distinct gram hashes that have no weight.
    distinct: HashSet64,
    /// The statement's grams with weights, by index.
    known: Vec<u64>,
    /// The number of the statement (for [`CachedWord::seen`]).
    statement: u32,
    bounds: Vec<usize>,
    word: Vec<u64>,
}

impl GramScorer {
    /// Adds the weights of the grams of normalised `text` to `z`, each gram counting 1/√(distinct grams);
    /// returns the number of distinct grams.
    fn add(&mut self, model: &StackModel, text: &str, z: &mut [f32; 5]) -> usize {
        if self.model != model.id {
            self.words.clear();
            self.grams.clear();
            self.model = model.id;
            self.known = vec![0; model.gram_weights.len().div_ceil(64)];
        }
        self.statement = self.statement.wrapping_add(1);
        if self.statement == 0 || self.words.len() >= CACHED_WORDS {
            self.words.clear();
            self.grams.clear();
            self.statement = 1;
        }
        self.distinct.clear();
        let GramScorer {
            words,
            grams,
            distinct,
            known,
            statement,
            bounds,
            word: word_hashes,
            ..
        } = self;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            if word.len() > CACHED_WORD {
                word_gram_hashes(word, bounds, |h| match model.gram_index(h) {
                    Some(k) => known[k as usize / 64] |= 1 << (k % 64),
                    None => {
                        distinct.insert(h);
                    }
                });
                continue;
            }
            let cached = match words.get_mut(word) {
                Some(c) => c,
                None => {
                    word_hashes.clear();
                    word_gram_hashes(word, bounds, |h| word_hashes.push(h));
                    word_hashes.sort_unstable();
                    word_hashes.dedup();
                    let start = grams.len() as u32;
                    grams.extend(
                        word_hashes
                            .iter()
                            .map(|h| (*h, model.gram_index(*h).unwrap_or(NO_WEIGHT))),
                    );
                    words.entry(word.into()).or_insert(CachedWord {
                        start,
                        len: word_hashes.len() as u32,
                        seen: 0,
                    })
                }
            };
            if cached.seen == *statement {
                continue;
            }
            cached.seen = *statement;
            let (a, n) = (cached.start as usize, cached.len as usize);
            for &(h, k) in &grams[a..a + n] {
                if k != NO_WEIGHT {
                    known[k as usize / 64] |= 1 << (k % 64);
                } else {
                    distinct.insert(h);
                }
            }
        }
        // A gram with a weight has one index, so the bits count the distinct known grams; the set holds
        // the others.
        let count = distinct.len() + known.iter().map(|b| b.count_ones() as usize).sum::<usize>();
        if count == 0 {
            return 0;
        }
        let value = 1.0 / (count as f32).sqrt();
        for (i, bits) in known.iter_mut().enumerate() {
            let mut b = std::mem::take(bits);
            while b != 0 {
                let w = &model.gram_weights[i * 64 + b.trailing_zeros() as usize];
                for k in 0..5 {
                    z[k] += w[k] * value;
                }
                b &= b - 1;
            }
        }
        count
    }
}

/// Whether a trap rule (negative weight) voted against each theme.
pub fn trap_votes(c: &Classification) -> [bool; 5] {
    let mut out = [false; 5];
    for f in &c.fired {
        if f.weight < 0.0 {
            if let Some(t) = Theme::ALL.into_iter().find(|t| t.as_str() == f.label) {
                out[t.index()] = true;
            }
        }
    }
    out
}

/// The kinds of feature of the rules' output, each named `PREFIX` + key (`rule=ID`, …, `no_metadata`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rule,
    Level,
    Concept,
    Audience,
    AudienceLevel,
    Theme,
    Score,
    Lang,
    NoMetadata,
}

impl Kind {
    /// What a feature's name of this kind starts with; the rest is its key.
    fn prefix(self) -> &'static str {
        match self {
            Kind::Rule => "rule=",
            Kind::Level => "level=",
            Kind::Concept => "concept=",
            Kind::Audience => "audience=",
            Kind::AudienceLevel => "audience_level=",
            Kind::Theme => "theme=",
            Kind::Score => "score=",
            Kind::Lang => "lang=",
            Kind::NoMetadata => "no_metadata",
        }
    }

    /// The kind and key of a feature's name; `None` for a name no feature of the rules' output has
    /// (an n-gram's).
    fn of(name: &str) -> Option<(Kind, &str)> {
        if name == "no_metadata" {
            return Some((Kind::NoMetadata, ""));
        }
        // `audience_level=` before `audience=`: neither is a prefix of the other, but keep the longer first.
        [
            Kind::AudienceLevel,
            Kind::Audience,
            Kind::Rule,
            Kind::Level,
            Kind::Concept,
            Kind::Theme,
            Kind::Score,
            Kind::Lang,
        ]
        .into_iter()
        .find_map(|k| name.strip_prefix(k.prefix()).map(|key| (k, key)))
    }
}

/// Calls `f` with the kind, key (for a level sum: level and label, to be joined by `:`) and value of every
/// feature of the rules' output (not the n-grams), in one fixed order. `themes` are the themes the rules
/// assigned.
fn keyed_rule_features(
    s: &Statement,
    c: &Classification,
    themes: &[Theme],
    mut f: impl FnMut(Kind, &str, &str, f32),
) {
    // Level sums: the distinct (level, label) pairs in order of first firing, on the stack (there are at
    // most levels × labels of them; more would go on in a vector).
    type Sum<'a> = (Option<crate::model::Level>, &'a str, f32);
    let mut first: [Sum; 48] = [(None, "", 0.0); 48];
    let mut n = 0;
    let mut more: Vec<Sum> = Vec::new();
    for fired in &c.fired {
        f(Kind::Rule, &fired.rule, "", 1.0);
        match first[..n]
            .iter_mut()
            .chain(more.iter_mut())
            .find(|(l, lab, _)| *l == fired.level && *lab == fired.label)
        {
            Some(e) => e.2 += fired.weight,
            None if n < 48 => {
                first[n] = (fired.level, &fired.label, fired.weight);
                n += 1;
            }
            None => more.push((fired.level, &fired.label, fired.weight)),
        }
    }
    for &(level, label, w) in first[..n].iter().chain(&more) {
        let level = level.map_or("none", |l| l.as_str());
        f(Kind::Level, level, label, w);
    }
    for k in &c.concepts {
        f(Kind::Concept, &k.concept, "", 1.0);
    }
    f(Kind::Audience, c.audience.as_str(), "", 1.0);
    let level = c.audience_level.map_or("none", |l| l.as_str());
    f(Kind::AudienceLevel, level, "", 1.0);
    for t in themes {
        f(Kind::Theme, t.as_str(), "", 1.0);
    }
    for (t, v) in &c.theme_scores {
        f(Kind::Score, t.as_str(), "", *v);
    }
    f(Kind::Lang, s.lang.as_str(), "", 1.0);
    if s.speaker.is_empty() && s.role.is_empty() && s.venue.is_empty() {
        f(Kind::NoMetadata, "", "", 1.0);
    }
}

/// Calls `f` with the name and value of every feature of the rules' output (not the n-grams). `themes` are
/// the themes the rules assigned.
pub fn rule_features(
    s: &Statement,
    c: &Classification,
    themes: &[Theme],
    name: &mut String,
    mut f: impl FnMut(&str, f32),
) {
    keyed_rule_features(s, c, themes, |kind, key, label, value| {
        name.clear();
        name.push_str(kind.prefix());
        name.push_str(key);
        if kind == Kind::Level {
            name.push(':');
            name.push_str(label);
        }
        f(name, value);
    });
}

/// The statements of a pre-classified file (`classify --format jsonl` output: each line a statement with its
/// `classification`), each with the classification its rules gave, as `rules train-stack --classified` trains
/// on them: the themes are the rules' own (a move of the stacked model that classified them is undone, since
/// the model is trained on what the rules said) and records without gold themes are left out. Rule ids that
/// today's rules no longer have are kept: their features simply never fire when the model classifies.
pub fn read_classified(path: &str) -> crate::Result<Vec<(Statement, Classification)>> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
        path: path.to_string(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: crate::model::Classified =
            serde_json::from_str(line).map_err(|e| crate::Error::Record {
                path: path.to_string(),
                line: i as u64 + 1,
                column: Some(e.column() as u64),
                message: format!("not a classified statement (`classify --format jsonl`): {e}"),
            })?;
        let (s, mut c) = (record.statement, record.classification);
        if s.theme_gold().is_none() {
            continue;
        }
        for call in std::mem::take(&mut c.theme_stack) {
            match call.change {
                Some(crate::model::ModelMove::Added) => c.themes.retain(|t| *t != call.theme),
                Some(crate::model::ModelMove::Removed) if !c.themes.contains(&call.theme) => {
                    c.themes.push(call.theme)
                }
                _ => {}
            }
        }
        c.themes.sort_by_key(|t| t.index());
        out.push((s, c));
    }
    Ok(out)
}

/// Whether the statement's gold labels hold each theme, in [`Theme::ALL`]'s order (all false without gold).
pub fn gold_themes(s: &Statement) -> [bool; 5] {
    std::array::from_fn(|k| {
        s.gold
            .as_ref()
            .is_some_and(|g| g.themes.contains(&Theme::ALL[k]))
    })
}

/// Every feature of a statement with its value, by name (n-grams as `chars=…`): what training reads.
pub fn named_features(s: &Statement, c: &Classification, themes: &[Theme]) -> Vec<(String, f32)> {
    let mut out: Vec<(String, f32)> = Vec::new();
    let mut name = String::new();
    rule_features(s, c, themes, &mut name, |n, v| out.push((n.to_string(), v)));
    let mut joined = String::new();
    joined_text(s, &mut joined);
    let mut norm = Normalized::default();
    norm.set(&joined);
    let mut distinct: Vec<String> = Vec::new();
    for_each_gram(&norm.text, |g| distinct.push(format!("chars={g}")));
    distinct.sort_unstable();
    distinct.dedup();
    let value = if distinct.is_empty() {
        0.0
    } else {
        1.0 / (distinct.len() as f32).sqrt()
    };
    out.extend(distinct.into_iter().map(|g| (g, value)));
    // Duplicate names (a rule could in principle be listed twice) are summed.
    out.sort_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(String, f32)> = Vec::with_capacity(out.len());
    for (n, v) in out {
        match merged.last_mut() {
            Some(last) if last.0 == n => last.1 += v,
            _ => merged.push((n, v)),
        }
    }
    merged
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Rounds a weight to four decimals, as the file writes it.
fn round4(w: f64) -> f32 {
    ((w * 1e4).round() / 1e4) as f32
}

/// A sparse matrix by rows.
pub struct Rows {
    /// Row `i` is `cols[ptr[i]..ptr[i+1]]` with `vals` alike.
    pub ptr: Vec<usize>,
    pub cols: Vec<u32>,
    pub vals: Vec<f64>,
    pub n_cols: usize,
}

impl Rows {
    fn dot(&self, i: usize, w: &[f64]) -> f64 {
        let (a, b) = (self.ptr[i], self.ptr[i + 1]);
        self.cols[a..b]
            .iter()
            .zip(&self.vals[a..b])
            .map(|(c, v)| w[*c as usize] * v)
            .sum()
    }
}

/// Loss and gradient of C·Σ log-loss + ½‖w‖² at `theta` (weights, then the bias, not regularised).
fn loss_grad(x: &Rows, y: &[bool], c: f64, theta: &[f64], grad: &mut [f64]) -> f64 {
    let nf = x.n_cols;
    let (w, b) = (&theta[..nf], theta[nf]);
    for (g, wi) in grad[..nf].iter_mut().zip(w) {
        *g = *wi;
    }
    grad[nf] = 0.0;
    let mut loss = 0.5 * w.iter().map(|v| v * v).sum::<f64>();
    for (i, &yi) in y.iter().enumerate() {
        let z = x.dot(i, w) + b;
        // log(1 + exp(-s z)), s = ±1, computed stably.
        let m = if yi { -z } else { z };
        loss += c * if m > 0.0 {
            m + (-m).exp().ln_1p()
        } else {
            m.exp().ln_1p()
        };
        let r = c * (sigmoid(z) - f64::from(u8::from(yi)));
        let (a, e) = (x.ptr[i], x.ptr[i + 1]);
        for (col, v) in x.cols[a..e].iter().zip(&x.vals[a..e]) {
            grad[*col as usize] += r * v;
        }
        grad[nf] += r;
    }
    loss
}

/// Fits one theme's logistic regression by L-BFGS (memory 10, backtracking line search), from zero,
/// for at most `iterations` steps or until the largest gradient component is below 1e-4: deterministic.
pub fn fit(x: &Rows, y: &[bool], c: f64, iterations: u32) -> Vec<f64> {
    let n = x.n_cols + 1;
    let mut theta = vec![0.0; n];
    let mut grad = vec![0.0; n];
    let mut loss = loss_grad(x, y, c, &theta, &mut grad);
    let mut hist: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> = Default::default();
    let mut next = vec![0.0; n];
    let mut next_grad = vec![0.0; n];
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    for _ in 0..iterations {
        if grad.iter().fold(0.0f64, |m, g| m.max(g.abs())) < 1e-4 {
            break;
        }
        // Two-loop recursion: the direction -H·g.
        let mut q = grad.clone();
        let mut alphas = Vec::with_capacity(hist.len());
        for (s, yv, rho) in hist.iter().rev() {
            let a = rho * dot(s, &q);
            for (qi, yi) in q.iter_mut().zip(yv) {
                *qi -= a * yi;
            }
            alphas.push(a);
        }
        let gamma = match hist.back() {
            Some((s, yv, _)) => dot(s, yv) / dot(yv, yv),
            None => 1.0 / grad.iter().map(|g| g * g).sum::<f64>().sqrt().max(1.0),
        };
        for qi in q.iter_mut() {
            *qi *= gamma;
        }
        for ((s, yv, rho), a) in hist.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(yv, &q);
            for (qi, si) in q.iter_mut().zip(s) {
                *qi += (a - b) * si;
            }
        }
        let slope = -dot(&grad, &q);
        if slope >= 0.0 {
            // Not a descent direction: start the memory again.
            hist.clear();
            continue;
        }
        let mut step = 1.0;
        let mut accepted = false;
        for _ in 0..30 {
            for ((t, th), d) in next.iter_mut().zip(&theta).zip(&q) {
                *t = th - step * d;
            }
            let l = loss_grad(x, y, c, &next, &mut next_grad);
            if l <= loss + 1e-4 * step * slope {
                let s: Vec<f64> = next.iter().zip(&theta).map(|(a, b)| a - b).collect();
                let yv: Vec<f64> = next_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
                let sy = dot(&s, &yv);
                if sy > 1e-12 {
                    if hist.len() == 10 {
                        hist.pop_front();
                    }
                    hist.push_back((s, yv, 1.0 / sy));
                }
                std::mem::swap(&mut theta, &mut next);
                std::mem::swap(&mut grad, &mut next_grad);
                loss = l;
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    theta
}

/// Statements turned into features once, to train many models on subsets of them (`rules cv-stack`).
pub struct FeatureTable {
    /// Every feature name seen, by id.
    pub names: Vec<String>,
    /// Per statement, its (feature id, value) pairs, ids ascending.
    pub rows: Vec<Vec<(u32, f64)>>,
}

impl FeatureTable {
    /// The table of `named` feature lists (as [`named_features`] gives them), names interned in sorted
    /// order so that ids follow the names.
    pub fn new(named: &[Vec<(String, f32)>]) -> FeatureTable {
        let mut all: Vec<&str> = named
            .iter()
            .flat_map(|r| r.iter().map(|(n, _)| n.as_str()))
            .collect();
        all.sort_unstable();
        all.dedup();
        let index: HashMap<&str, u32> = all
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, i as u32))
            .collect();
        let rows = named
            .iter()
            .map(|r| {
                let mut row: Vec<(u32, f64)> = r
                    .iter()
                    .map(|(n, v)| (index[n.as_str()], f64::from(*v)))
                    .collect();
                row.sort_by_key(|e| e.0);
                row
            })
            .collect();
        FeatureTable {
            names: all.into_iter().map(str::to_string).collect(),
            rows,
        }
    }
}

impl StackModel {
    /// Trains the model on rows `train` of a feature table, with gold themes `gold` per row.
    pub fn train_rows(
        table: &FeatureTable,
        train: &[usize],
        gold: &[[bool; 5]],
        trained_on: Vec<String>,
        settings: StackSettings,
        gate: StackGate,
    ) -> StackModel {
        // Document frequency over the training rows; columns of the kept features in name order.
        let mut df = vec![0u32; table.names.len()];
        for &i in train {
            for (f, _) in &table.rows[i] {
                df[*f as usize] += 1;
            }
        }
        let mut col = vec![u32::MAX; table.names.len()];
        let mut kept: Vec<u32> = Vec::new();
        for (f, d) in df.iter().enumerate() {
            if *d >= settings.min_df {
                col[f] = kept.len() as u32;
                kept.push(f as u32);
            }
        }
        let mut x = Rows {
            ptr: vec![0],
            cols: Vec::new(),
            vals: Vec::new(),
            n_cols: kept.len(),
        };
        for &i in train {
            for (f, v) in &table.rows[i] {
                let c = col[*f as usize];
                if c != u32::MAX {
                    x.cols.push(c);
                    x.vals.push(*v);
                }
            }
            x.ptr.push(x.cols.len());
        }
        use rayon::prelude::*;
        let fitted: Vec<Vec<f64>> = Theme::ALL
            .par_iter()
            .map(|t| {
                let y: Vec<bool> = train.iter().map(|&i| gold[i][t.index()]).collect();
                fit(&x, &y, f64::from(settings.c), settings.iterations)
            })
            .collect();
        let mut bias = [0.0f32; 5];
        let mut weights = BTreeMap::new();
        for (k, theta) in fitted.iter().enumerate() {
            bias[k] = round4(theta[kept.len()]);
        }
        for (j, f) in kept.iter().enumerate() {
            let w: [f32; 5] = std::array::from_fn(|k| round4(fitted[k][j]));
            if w.iter().any(|v| v.abs() >= settings.min_weight) {
                weights.insert(table.names[*f as usize].clone(), w);
            }
        }
        StackModel::new(trained_on, settings, gate, bias, weights)
    }

    /// Trains on gold-labelled statements with the rules' classification of each (`rules` themes: the
    /// classification's own). Statements without gold are skipped.
    pub fn train(
        data: &[(Statement, Classification)],
        trained_on: Vec<String>,
        settings: StackSettings,
        gate: StackGate,
    ) -> StackModel {
        let labelled: Vec<&(Statement, Classification)> = data
            .iter()
            .filter(|(s, _)| s.theme_gold().is_some())
            .collect();
        // The audience rules are the fired rules whose label is no theme (the rule set is not at hand).
        let audience_rules: std::collections::HashSet<&str> = labelled
            .iter()
            .flat_map(|(_, c)| &c.fired)
            .filter(|f| !Theme::ALL.iter().any(|t| t.as_str() == f.label))
            .map(|f| f.rule.as_str())
            .collect();
        let without = settings.without;
        let named: Vec<Vec<(String, f32)>> = labelled
            .iter()
            .map(|(s, c)| {
                let mut f = named_features(s, c, &c.themes);
                if !without.is_empty() {
                    f.retain(|(n, _)| !without.contains(Family::of(n, &audience_rules)));
                }
                f
            })
            .collect();
        let gold: Vec<[bool; 5]> = labelled.iter().map(|(s, _)| gold_themes(s)).collect();
        let table = FeatureTable::new(&named);
        let rows: Vec<usize> = (0..labelled.len()).collect();
        StackModel::train_rows(&table, &rows, &gold, trained_on, settings, gate)
    }

    /// The model from its parts (the loader's and the trainer's way in).
    pub fn new(
        trained_on: Vec<String>,
        settings: StackSettings,
        gate: StackGate,
        bias: [f32; 5],
        weights: BTreeMap<String, [f32; 5]>,
    ) -> StackModel {
        let mut grams = HashMap::default();
        let mut gram_weights = Vec::new();
        let mut named: [HashMap<Box<str>, [f32; 5], fnv::FnvBuildHasher>; 9] = Default::default();
        for (f, w) in &weights {
            match f.strip_prefix("chars=") {
                Some(g) => {
                    grams.insert(hash_str(g), gram_weights.len() as u32);
                    gram_weights.push(*w);
                }
                None => {
                    // A name of no kind is a feature no statement has (none is written so).
                    if let Some((kind, key)) = Kind::of(f) {
                        named[kind as usize].insert(key.into(), *w);
                    }
                }
            }
        }
        // About three keys a word: one text n-gram in a hundred without a weight passes the filter.
        let words = (grams.len() / 3).next_power_of_two().max(64);
        let filter_shift = 64 - words.trailing_zeros();
        let mut gram_filter = vec![0u64; words];
        for h in grams.keys() {
            let (w, bits) = filter_slot(*h, filter_shift);
            gram_filter[w] |= bits;
        }
        StackModel {
            trained_on,
            classified: Vec::new(),
            settings,
            gate,
            bias,
            weights,
            fingerprint: StackFingerprint::default(),
            grams,
            gram_weights,
            named,
            id: MODEL_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            gram_filter,
            filter_shift,
        }
    }

    /// The index of the weights of the `chars=` feature whose n-gram hashes to `h` ([`hash_str`]), if any.
    fn gram_index(&self, h: u64) -> Option<u32> {
        let (w, bits) = filter_slot(h, self.filter_shift);
        if self.gram_filter[w] & bits != bits {
            return None;
        }
        self.grams.get(&h).copied()
    }

    /// The model with the pre-classified files it was also trained on ([`StackModel::classified`]).
    pub fn with_classified(mut self, classified: Vec<String>) -> StackModel {
        self.classified = classified;
        self
    }

    /// The model with the fingerprint of what it was trained with.
    pub fn with_fingerprint(mut self, fingerprint: StackFingerprint) -> StackModel {
        self.fingerprint = fingerprint;
        self
    }

    /// Whether the model is stale for rules made of `rule_files` (`skip`: as for [`StackFingerprint::of`]): a rule
    /// file or a training file (read from the current folder; those that cannot be read are counted, not
    /// compared) differs from what it was trained with.
    pub fn staleness(
        &self,
        rule_files: &[super::SourceFile],
        skip: &[std::path::PathBuf],
    ) -> Staleness {
        if self.fingerprint.rules.is_empty() {
            return Staleness {
                no_fingerprint: true,
                ..Staleness::default()
            };
        }
        let now = StackFingerprint::rules_of(rule_files, skip);
        // A file inert now is not compared either way: a model trained when it was still hashed (frames files
        // were, before session 44) is not stale for it.
        let inert: Vec<String> = skip.iter().map(|p| file_name(p)).collect();
        let rules: Vec<String> = now
            .keys()
            .chain(self.fingerprint.rules.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .filter(|name| !inert.contains(name))
            .filter(|name| now.get(*name) != self.fingerprint.rules.get(*name))
            .cloned()
            .collect();
        let mut data = Vec::new();
        let mut unread = 0;
        for (f, h) in &self.fingerprint.data {
            match std::fs::read(f) {
                Ok(bytes) if fnv_hex(&bytes) != *h => data.push(f.clone()),
                Ok(_) => {}
                Err(_) => unread += 1,
            }
        }
        Staleness {
            no_fingerprint: false,
            rules,
            data,
            unread,
        }
    }

    /// The command that retrains the model with its own settings (`on`: the gate's default as its file says
    /// it, whatever `--stack` made of it), writing `path`: its training files as folder globs where every file
    /// it was trained on from a folder is among that folder's files of the same ending (read from the current
    /// folder; files added since are then trained on too), the rest by name.
    pub fn retrain_command(&self, path: &str, on: bool) -> String {
        let files = as_globs(&self.trained_on);
        let s = &self.settings;
        let g = &self.gate;
        let mut cmd = format!(
            "twovoices rules train-stack {} -o {path} --c {} --add {} --remove {} --min-df {} --min-weight {}",
            files.join(" "),
            s.c,
            g.add,
            g.remove,
            s.min_df,
            s.min_weight
        );
        if !s.without.is_empty() {
            let names: Vec<&str> = s.without.to_vec().iter().map(|f| f.name()).collect();
            cmd.push_str(&format!(" --without {}", names.join(",")));
        }
        if !self.classified.is_empty() {
            cmd.push_str(&format!(
                " --classified {}",
                as_globs(&self.classified).join(" ")
            ));
        }
        if !g.trap_veto {
            cmd.push_str(" --no-trap-veto");
        }
        if on {
            cmd.push_str(" --on");
        }
        cmd
    }

    /// The logit of each theme for a statement the rules classified as `c`, assigning `themes`.
    pub fn logits(
        &self,
        scratch: &mut StackScratch,
        s: &Statement,
        c: &Classification,
        themes: &[Theme],
    ) -> [f32; 5] {
        let mut z = self.bias;
        let (named, name) = (&self.named, &mut scratch.name);
        // Each feature's weights by its kind and key: no name is built but a level sum's.
        keyed_rule_features(s, c, themes, |kind, key, label, v| {
            let table = &named[kind as usize];
            let w = if kind == Kind::Level {
                name.clear();
                name.push_str(key);
                name.push(':');
                name.push_str(label);
                table.get(name.as_str())
            } else {
                table.get(key)
            };
            if let Some(w) = w {
                for k in 0..5 {
                    z[k] += w[k] * v;
                }
            }
        });
        joined_text(s, &mut scratch.joined);
        scratch.normalized.set_text(&scratch.joined);
        GRAM_SCORER.with(|g| g.borrow_mut().add(self, &scratch.normalized.text, &mut z));
        z
    }

    /// Each theme's probability.
    pub fn probabilities(
        &self,
        scratch: &mut StackScratch,
        s: &Statement,
        c: &Classification,
        themes: &[Theme],
    ) -> [f32; 5] {
        self.logits(scratch, s, c, themes)
            .map(|z| sigmoid(f64::from(z)) as f32)
    }

    /// Each theme's probability with the features that made it, largest part first (at most `top` each).
    pub fn explain(
        &self,
        s: &Statement,
        c: &Classification,
        themes: &[Theme],
        top: usize,
    ) -> Vec<StackExplained> {
        let features = named_features(s, c, themes);
        Theme::ALL
            .into_iter()
            .map(|t| {
                let k = t.index();
                let mut contributions: Vec<StackContribution> = features
                    .iter()
                    .filter_map(|(f, v)| {
                        let w = self.weights.get(f)?[k];
                        (w != 0.0).then(|| StackContribution {
                            feature: f.clone(),
                            value: *v,
                            weight: w,
                        })
                    })
                    .collect();
                let z: f32 = self.bias[k]
                    + contributions
                        .iter()
                        .map(|c| c.value * c.weight)
                        .sum::<f32>();
                contributions.sort_by(|a, b| {
                    (b.value * b.weight)
                        .abs()
                        .total_cmp(&(a.value * a.weight).abs())
                        .then_with(|| a.feature.cmp(&b.feature))
                });
                contributions.truncate(top);
                StackExplained {
                    theme: t,
                    probability: sigmoid(f64::from(z)) as f32,
                    bias: self.bias[k],
                    contributions,
                }
            })
            .collect()
    }

    /// The model as the TOML file `rules train-stack` writes; the same model gives the same bytes.
    pub fn to_toml(&self) -> String {
        use crate::rules::word_model::toml_string;
        let mut out = String::new();
        out.push_str(
            "# The stacked theme model (docs/rules.md, \"The stacked theme model\"): per theme, a logistic regression\n\
             # (L2, strength 1/c) over the rules' own output for a statement (rule=, level=, concept=, audience=,\n\
             # audience_level=, theme=, score=, lang=, no_metadata) and the character 2-4-grams of its speaker, role,\n\
             # venue and text after folding (chars=). A theme's probability is sigmoid(bias + sum of weight x value).\n\
             # The gate: `on` (consulted unless --no-stack / --stack say otherwise), `add` (add a theme the rules did\n\
             # not assign at this probability), `remove` (take away one they did below it), `trap_veto`.\n\
             # Written by `twovoices rules train-stack`; do not edit by hand, retrain. Weights below `min_weight`\n\
             # for every theme are left out.\n\n",
        );
        out.push_str("[theme_stack]\ntrained_on = [\n");
        for f in &self.trained_on {
            out.push_str(&format!("  {},\n", toml_string(f)));
        }
        out.push_str("]\n");
        // Written only when there are any, so a model trained on labelled files alone keeps its bytes.
        if !self.classified.is_empty() {
            out.push_str("# Pre-classified files also trained on, features as their rules gave them (--classified)\nclassified = [\n");
            for f in &self.classified {
                out.push_str(&format!("  {},\n", toml_string(f)));
            }
            out.push_str("]\n");
        }
        let s = &self.settings;
        let g = &self.gate;
        out.push_str(&format!(
            "c = {:?}\nmin_df = {}\nmin_weight = {:?}\niterations = {}\non = {}\nadd = {:?}\nremove = {:?}\ntrap_veto = {}\n",
            s.c, s.min_df, s.min_weight, s.iterations, g.on, g.add, g.remove, g.trap_veto
        ));
        // Written only when a family is left out, so a model trained with every family keeps its bytes.
        if !s.without.is_empty() {
            let names: Vec<String> = s
                .without
                .to_vec()
                .iter()
                .map(|f| toml_string(f.name()))
                .collect();
            out.push_str(&format!("without = [{}]\n", names.join(", ")));
        }
        let names: Vec<&str> = Theme::ALL.iter().map(|t| t.as_str()).collect();
        out.push_str(&format!(
            "# per theme: {}\nbias = {}\n\n",
            names.join(", "),
            list(&self.bias)
        ));
        out.push_str(
            "# What it was trained with (FNV-1a, 64 bits): every rule file but this one, by name, and each training\n\
             # file's bytes. `rules check` (and `explain`, `eval` with the model on) warn when they differ: retrain.\n\
             [theme_stack.fingerprint.rules]\n",
        );
        for (f, h) in &self.fingerprint.rules {
            out.push_str(&format!("{} = {}\n", toml_string(f), toml_string(h)));
        }
        out.push_str("\n[theme_stack.fingerprint.data]\n");
        for (f, h) in &self.fingerprint.data {
            out.push_str(&format!("{} = {}\n", toml_string(f), toml_string(h)));
        }
        out.push_str("\n# feature = [weight per theme, as above]\n[theme_stack.weights]\n");
        for (f, w) in &self.weights {
            out.push_str(&format!("{} = {}\n", toml_string(f), list(w)));
        }
        out
    }
}

/// Files as the retrain command names them: a folder's files as `DIR/*.EXT` when every one of them is among
/// that folder's files of the same ending (read from the current folder), the rest by name.
fn as_globs(given: &[String]) -> Vec<String> {
    let mut groups: BTreeMap<(String, String), Vec<&String>> = BTreeMap::new();
    for f in given {
        let p = std::path::Path::new(f);
        let dir = p
            .parent()
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        groups.entry((dir, ext)).or_default().push(f);
    }
    let mut files: Vec<String> = Vec::new();
    for ((dir, ext), members) in &groups {
        let on_disk: Option<std::collections::BTreeSet<String>> =
            std::fs::read_dir(if dir.is_empty() { "." } else { dir })
                .ok()
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            p.is_file()
                                && p.extension().map(|e| e.to_string_lossy().into_owned())
                                    == Some(ext.clone())
                        })
                        .filter_map(|p| {
                            p.file_name().map(|n| {
                                let n = n.to_string_lossy();
                                if dir.is_empty() {
                                    n.into_owned()
                                } else {
                                    format!("{dir}/{n}")
                                }
                            })
                        })
                        .collect()
                });
        let trained: std::collections::BTreeSet<String> =
            members.iter().map(|m| m.to_string()).collect();
        if !ext.is_empty()
            && on_disk.as_ref().is_some_and(|d| trained.is_subset(d))
            && members.len() > 1
        {
            files.push(if dir.is_empty() {
                format!("*.{ext}")
            } else {
                format!("{dir}/*.{ext}")
            });
        } else {
            files.extend(members.iter().map(|m| m.to_string()));
        }
    }
    files
}

fn list(v: &[f32; 5]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, Gold, Lang};

    fn gold(id: &str, text: &str, themes: &[Theme]) -> Statement {
        let mut s = Statement::new(id, text);
        s.lang = Lang::En;
        s.gold = Some(Gold::new(Audience::External, themes.to_vec()));
        s
    }

    #[test]
    fn a_pre_classified_record_trains_on_the_rules_themes_not_the_stacked_models() {
        let mut s = gold("a", "cyberattack on the grid", &[]);
        let mut c = crate::classify::Classifier::without_evidence(&rules()).classify(&s);
        // As a classify run with the stack on wrote it: security added by the model, standards taken away.
        c.themes = vec![Theme::Security];
        c.theme_stack = vec![
            crate::model::StackCall {
                theme: Theme::Security,
                probability: 0.8,
                change: Some(crate::model::ModelMove::Added),
            },
            crate::model::StackCall {
                theme: Theme::Standards,
                probability: 0.1,
                change: Some(crate::model::ModelMove::Removed),
            },
        ];
        let record = |s: &Statement| {
            serde_json::to_string(&crate::model::Classified {
                statement: s.clone(),
                classification: c.clone(),
            })
            .unwrap()
        };
        let first = record(&s);
        s.gold = None;
        let no_gold = record(&s);
        let path =
            std::env::temp_dir().join(format!("stack-classified-{}.jsonl", std::process::id()));
        std::fs::write(&path, format!("{first}\n{no_gold}\n")).unwrap();
        let read = read_classified(&path.display().to_string()).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read.len(), 1, "a record without gold is left out");
        assert_eq!(read[0].1.themes, vec![Theme::Standards]);
        assert!(read[0].1.theme_stack.is_empty());
        let named = named_features(&read[0].0, &read[0].1, &read[0].1.themes);
        assert!(named.iter().any(|(n, _)| n == "theme=standards"));
        assert!(!named.iter().any(|(n, _)| n == "theme=security"));
    }

    /// One rule that never fires: the model learns from the words alone.
    fn rules() -> crate::rules::RuleSet {
        crate::rules::RuleSet::from_files(vec![crate::rules::SourceFile {
            path: "r.toml".into(),
            text:
                "[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"zzz\"]\n"
                    .into(),
        }])
        .unwrap()
    }

    /// The test rules with a stacked model's file beside them, loaded as a rule set is.
    fn with_stack_file(
        text: String,
        set: &crate::rules::RuleSet,
    ) -> crate::error::Result<crate::rules::RuleSet> {
        crate::rules::RuleSet::from_files(vec![
            crate::rules::SourceFile {
                path: "theme-stack.toml".into(),
                text,
            },
            set.files[0].clone(),
        ])
    }

    fn data(set: &crate::rules::RuleSet) -> Vec<(Statement, Classification)> {
        let mut out = Vec::new();
        for i in 0..6 {
            for (text, themes) in [
                (
                    "hackers attack the firewall of the grid",
                    &[Theme::Security][..],
                ),
                ("the garden festival opened in spring", &[][..]),
            ] {
                let s = gold(&format!("{i}-{text}"), text, themes);
                let c = crate::classify::classify(set, &s);
                out.push((s, c));
            }
        }
        out
    }

    #[test]
    fn grams_are_two_to_four_characters_inside_padded_words() {
        let mut g = Vec::new();
        for_each_gram("ab 中国", |x| g.push(x.to_string()));
        assert_eq!(
            g,
            [
                " a", "ab", "b ", " ab", "ab ", " ab ", " 中", "中国", "国 ", " 中国", "中国 ",
                " 中国 "
            ]
        );
        let mut n = 0;
        for_each_gram("", |_| n += 1);
        assert_eq!(n, 0);
    }

    #[test]
    fn gram_hashes_continue_the_shorter_grams_hash() {
        for word in ["ab", "x", "中国人民", "défense", "a-b'c"] {
            let mut bounds = Vec::new();
            let mut by_slice = Vec::new();
            word_grams(word, &mut bounds, |g| by_slice.push(hash_str(g)));
            let mut incremental = Vec::new();
            word_gram_hashes(word, &mut bounds, |h| incremental.push(h));
            by_slice.sort_unstable();
            incremental.sort_unstable();
            assert_eq!(by_slice, incremental, "{word}");
        }
    }

    /// The scorer counts each distinct gram of a text once, whether it has a weight or not, from a word
    /// met for the first time, a word from the cache, or a long word that is never cached.
    #[test]
    fn the_scorer_counts_the_distinct_grams_of_every_fixture_text() {
        let set = crate::rules::RuleSet::builtin().unwrap();
        let model = set.theme_stack.as_ref().unwrap();
        let mut scorer = GramScorer::default();
        let (mut joined, mut norm) = (String::new(), Normalized::default());
        let (mut long, mut known) = (0, 0);
        for s in crate::input::fixture_statements() {
            joined_text(&s, &mut joined);
            norm.set_text(&joined);
            let mut grams = std::collections::HashSet::new();
            for_each_gram(&norm.text, |g| {
                grams.insert(g.to_string());
            });
            known += grams
                .iter()
                .filter(|g| model.weights.contains_key(&format!("chars={g}")))
                .count();
            long += norm.text.split(' ').any(|w| w.len() > CACHED_WORD) as usize;
            for _ in 0..2 {
                let mut z = [0.0; 5];
                assert_eq!(
                    scorer.add(model, &norm.text, &mut z),
                    grams.len(),
                    "{}",
                    s.id
                );
            }
        }
        assert!(
            long > 100 && known > 10_000,
            "{long} long texts, {known} known grams"
        );
    }

    #[test]
    fn a_family_left_out_has_no_weight_and_the_file_and_retrain_command_keep_it_out() {
        let set = rules();
        let d = data(&set);
        let settings = StackSettings {
            without: Families::of(&[Family::NoMetadata, Family::Chars]),
            ..StackSettings::default()
        };
        let m = StackModel::train(&d, vec!["a.jsonl".into()], settings, StackGate::default());
        assert!(
            m.weights
                .keys()
                .all(|f| !f.starts_with("chars=") && f != "no_metadata"),
            "{:?}",
            m.weights.keys().collect::<Vec<_>>()
        );
        let text = m.to_toml();
        assert!(
            text.contains("\nwithout = [\"no_metadata\", \"chars\"]\n"),
            "{text}"
        );
        assert!(m
            .retrain_command("t.toml", false)
            .ends_with(" --without no_metadata,chars"));
        let loaded = with_stack_file(text.clone(), &set).unwrap();
        let back = loaded.theme_stack.as_ref().unwrap();
        assert_eq!(back.settings.without, settings.without);
        assert_eq!(back.to_toml(), text);
        // Trained with every family, the file says nothing of `without` (older files keep their bytes).
        let all = StackModel::train(
            &d,
            vec!["a.jsonl".into()],
            StackSettings::default(),
            StackGate::default(),
        );
        assert!(!all.to_toml().contains("without"));
        assert!(all.weights.keys().any(|f| f.starts_with("chars=")));
        // A family no model has is refused with its name.
        let bad = text.replace("\"no_metadata\", \"chars\"", "\"words\"");
        let err = with_stack_file(bad, &set).unwrap_err().to_string();
        assert!(err.contains("`words`, no feature family"), "{err}");
    }

    #[test]
    fn training_is_deterministic_and_the_file_round_trips_through_the_loader() {
        let set = rules();
        let d = data(&set);
        let settings = StackSettings::default();
        let gate = StackGate {
            on: true,
            ..StackGate::default()
        };
        let a = StackModel::train(&d, vec!["a \"b\".jsonl".into()], settings, gate);
        let b = StackModel::train(&d, vec!["a \"b\".jsonl".into()], settings, gate);
        let text = a.to_toml();
        assert_eq!(text, b.to_toml());
        assert!(text.contains("\"chars=fire\" = ["), "{text}");
        // Security leans on the attack's words, against the festival's.
        let w = |f: &str| a.weights.get(f).map_or(0.0, |w| w[Theme::Security.index()]);
        assert!(w("chars=hack") > 0.0 && w("chars=gard") < 0.0);
        let loaded = with_stack_file(text.clone(), &set).unwrap();
        let m = loaded.theme_stack.as_ref().unwrap();
        assert_eq!(m, &a);
        assert_eq!(m.to_toml(), text);
        // The fast scorer and explain's sum agree, and follow the words.
        let mut scratch = StackScratch::default();
        for (s, c) in &d {
            let p = m.probabilities(&mut scratch, s, c, &c.themes);
            let e = m.explain(s, c, &c.themes, 3);
            for t in Theme::ALL {
                assert!((p[t.index()] - e[t.index()].probability).abs() < 1e-4);
            }
            let has = s.gold.as_ref().unwrap().themes.contains(&Theme::Security);
            assert_eq!(p[Theme::Security.index()] > 0.5, has, "{}", s.text);
        }
    }

    #[test]
    fn the_gate_adds_removes_and_respects_a_trap_vote() {
        let g = StackGate {
            on: true,
            add: 0.6,
            remove: 0.3,
            trap_veto: true,
        };
        assert_eq!(g.decide(false, false, 0.6), Some(ModelMove::Added));
        assert_eq!(g.decide(false, false, 0.59), None);
        assert_eq!(
            g.decide(false, true, 0.99),
            None,
            "a trap rule voted against"
        );
        assert_eq!(g.decide(true, false, 0.29), Some(ModelMove::Removed));
        assert_eq!(g.decide(true, false, 0.3), None);
        let no_veto = StackGate {
            trap_veto: false,
            ..g
        };
        assert_eq!(no_veto.decide(false, true, 0.99), Some(ModelMove::Added));
        let remove_only = StackGate {
            add: 1.0,
            remove: 0.3,
            ..g
        };
        assert_eq!(
            remove_only.decide(false, false, 1.0),
            None,
            "add = 1: never"
        );
        assert_eq!(
            remove_only.decide(true, false, 0.1),
            Some(ModelMove::Removed)
        );
    }
}
