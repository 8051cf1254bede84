//! Pairs external and internal statements of a theme: for each external statement, the internal ones that
//! most directly oppose it, each pair with a score in `[0, 1]` and the reasons for it.
//!
//! The method, in three steps:
//! 1. **Candidates from the index.** For an external statement, its rarest index terms (not the whole
//!    text) make a BM25 query over the theme's internal statements; the internal statements that carry an
//!    opposition cue the external one triggers are added from a per-cue pool. Cost grows with n·k, not n·m.
//!    When a theme has few internal statements, every one is a candidate.
//! 2. **Opposition.** The cues of `rules/opposition.toml` say how the two voices frame the same subject
//!    in opposite ways ('fair competition' outside, 'dependence on foreign technology is a danger' inside).
//!    A cue fires on a pair when the external statement matches its external side and the internal one its
//!    internal side; fired cues combine as `1 - Π(1 - weight)`.
//! 3. **Subject.** The idf-weighted cosine of the two statements' index terms, where near-identical word
//!    forms count half (strsim's Jaro-Winkler; stemming misses some). Statements that are nearly the same
//!    text (strsim's normalised Levenshtein) are not a contrast and are pushed down.
//!
//! `score = opposition_weight × opposition + subject_weight × subject` (weights from the cue file).

use crate::error::{Error, Result, RuleProblem};
use crate::index::StatementIndex;
use crate::model::{Audience, Indexed, Theme};
use crate::text::{normalize_term, on_word_boundaries, Normalized};
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

/// The opposition cues compiled into the binary.
pub const OPPOSITION_BUILTIN: &str = include_str!("../rules/opposition.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    score: Option<RawScore>,
    #[serde(default)]
    cue: Vec<RawCue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScore {
    opposition_weight: f32,
    subject_weight: f32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    id: String,
    summary: String,
    #[serde(default)]
    themes: Vec<String>,
    weight: f32,
    external: Vec<String>,
    internal: Vec<String>,
}

/// Which voice a cue term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Said to foreign audiences.
    External,
    /// Said to domestic audiences.
    Internal,
}

/// One opposition cue: how the two voices frame the same subject in opposite ways.
#[derive(Debug, Clone)]
pub struct Cue {
    /// Unique id.
    pub id: String,
    /// One line saying what the opposition is.
    pub summary: String,
    /// Themes it applies to; empty for every theme.
    pub themes: Vec<Theme>,
    /// Strength in `(0, 1]`.
    pub weight: f32,
    /// Terms of the external framing.
    pub external: Vec<String>,
    /// Terms of the internal framing.
    pub internal: Vec<String>,
}

impl Cue {
    /// True when the cue applies to `theme`.
    pub fn applies_to(&self, theme: Theme) -> bool {
        self.themes.is_empty() || self.themes.contains(&theme)
    }
}

/// The loaded cue file, compiled for matching.
pub struct Opposition {
    /// Every cue, in file order.
    pub cues: Vec<Cue>,
    /// Weight of the opposition component of a pair score.
    pub opposition_weight: f32,
    /// Weight of the subject component.
    pub subject_weight: f32,
    /// The file the cues came from.
    pub path: PathBuf,
    matcher: AhoCorasick,
    /// For each pattern: cue index, side, and whether it may continue into a longer word.
    patterns: Vec<(usize, Side, bool)>,
}

impl std::fmt::Debug for Opposition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opposition")
            .field("cues", &self.cues.len())
            .field("path", &self.path)
            .finish()
    }
}

/// The cue terms a statement matched: for each (cue, side), the distinct words as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CueHits {
    hits: Vec<(usize, Side, Vec<String>)>,
}

impl CueHits {
    /// The words that matched a cue's side, if any.
    pub fn get(&self, cue: usize, side: Side) -> Option<&[String]> {
        self.hits
            .iter()
            .find(|(c, s, _)| *c == cue && *s == side)
            .map(|(_, _, w)| w.as_slice())
    }

    /// The cues matched on a side.
    pub fn cues(&self, side: Side) -> impl Iterator<Item = usize> + '_ {
        self.hits
            .iter()
            .filter(move |(_, s, _)| *s == side)
            .map(|(c, _, _)| *c)
    }
}

impl Opposition {
    /// The cues compiled into the binary.
    pub fn builtin() -> Result<Opposition> {
        Opposition::parse(
            &Path::new("<built-in>").join(crate::rules::OPPOSITION_FILE),
            OPPOSITION_BUILTIN,
        )
    }

    /// The cue file of a rules folder when it has one, the built-in cues otherwise.
    pub fn load(rules_dir: Option<&Path>) -> Result<Opposition> {
        if let Some(dir) = rules_dir {
            let path = dir.join(crate::rules::OPPOSITION_FILE);
            if path.is_file() {
                let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                return Opposition::parse(&path, &text);
            }
        }
        Opposition::builtin()
    }

    /// Parses and checks a cue file.
    pub fn parse(path: &Path, text: &str) -> Result<Opposition> {
        let problem = |message: String, rule: Option<String>| Error::Rules {
            problems: vec![RuleProblem {
                path: path.to_path_buf(),
                line: None,
                column: None,
                rule,
                message,
                snippet: None,
            }],
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| problem(e.to_string(), None))?;
        let (opposition_weight, subject_weight) = raw
            .score
            .map_or((0.7, 0.3), |s| (s.opposition_weight, s.subject_weight));
        if !(0.0..=1.0).contains(&opposition_weight)
            || !(0.0..=1.0).contains(&subject_weight)
            || (opposition_weight + subject_weight - 1.0).abs() > 1e-3
        {
            return Err(problem(
                "[score] weights must lie in [0, 1] and sum to 1".into(),
                None,
            ));
        }
        let mut cues = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for c in raw.cue {
            let id = Some(c.id.clone());
            if !seen.insert(c.id.clone()) {
                return Err(problem("duplicate cue id".into(), id));
            }
            if !(c.weight > 0.0 && c.weight <= 1.0) {
                return Err(problem(
                    format!("weight {} must lie in (0, 1]", c.weight),
                    id,
                ));
            }
            if c.external.is_empty() || c.internal.is_empty() {
                return Err(problem(
                    "a cue needs at least one external and one internal term".into(),
                    id,
                ));
            }
            let themes = c
                .themes
                .iter()
                .map(|t| {
                    Theme::parse(t)
                        .ok_or_else(|| problem(format!("unknown theme `{t}`"), id.clone()))
                })
                .collect::<Result<Vec<_>>>()?;
            cues.push(Cue {
                id: c.id,
                summary: c.summary,
                themes,
                weight: c.weight,
                external: c.external,
                internal: c.internal,
            });
        }
        let mut needles = Vec::new();
        let mut patterns = Vec::new();
        for (i, c) in cues.iter().enumerate() {
            for (side, terms) in [(Side::External, &c.external), (Side::Internal, &c.internal)] {
                for t in terms {
                    let prefix = t.trim_end().ends_with('*');
                    let n = normalize_term(t.trim_end().trim_end_matches('*'));
                    if n.is_empty() {
                        return Err(problem(format!("empty term `{t}`"), Some(c.id.clone())));
                    }
                    needles.push(n);
                    patterns.push((i, side, prefix));
                }
            }
        }
        let matcher = AhoCorasick::new(&needles).map_err(|e| problem(e.to_string(), None))?;
        Ok(Opposition {
            cues,
            opposition_weight,
            subject_weight,
            path: path.to_path_buf(),
            matcher,
            patterns,
        })
    }

    /// The cue terms a text matches, with the words as written.
    pub fn matches(&self, text: &str) -> CueHits {
        let mut norm = Normalized::default();
        norm.set(text);
        let mut hits: Vec<(usize, Side, Vec<String>)> = Vec::new();
        for m in self.matcher.find_overlapping_iter(&norm.text) {
            let (cue, side, prefix) = self.patterns[m.pattern().as_usize()];
            if !on_word_boundaries(&norm.text, m.start(), m.end(), !prefix) {
                continue;
            }
            let (s, e) = norm.original_span(m.start(), m.end());
            let mut word = text.get(s..e).unwrap_or_default().to_string();
            if prefix {
                // Show the whole word the prefix matched.
                let rest: String = text[e.min(text.len())..]
                    .chars()
                    .take_while(|c| crate::text::is_word_char(*c))
                    .collect();
                word.push_str(&rest);
            }
            let folded = word.to_lowercase();
            match hits.iter_mut().find(|(c, s, _)| *c == cue && *s == side) {
                Some((_, _, words)) => {
                    // A term inside a longer matched term ("security" in "national security") adds nothing.
                    if !words.iter().any(|w| {
                        w.to_lowercase().contains(&folded) || folded.contains(&w.to_lowercase())
                    }) {
                        words.push(word);
                    }
                }
                None => hits.push((cue, side, vec![word])),
            }
        }
        CueHits { hits }
    }
}

/// How many partners and pairs to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairOptions {
    /// Partners listed for each external statement.
    pub per_external: usize,
    /// Keep only this many best pairs in all.
    pub pairs: Option<usize>,
    /// BM25 candidates fetched per external statement.
    pub candidates: usize,
    /// Rarest terms of the external statement that make its candidate query.
    pub rare_terms: usize,
    /// Internal statements taken from each cue's pool.
    pub pool: usize,
    /// Below this many internal statements, every one is a candidate.
    pub exhaustive_below: usize,
}

impl Default for PairOptions {
    fn default() -> PairOptions {
        PairOptions {
            per_external: 1,
            pairs: None,
            candidates: 24,
            rare_terms: 8,
            pool: 24,
            exhaustive_below: 256,
        }
    }
}

/// The parts of a pair's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScoreParts {
    /// Combined weight of the opposition cues that fired, in `[0, 1]`.
    pub opposition: f32,
    /// Idf-weighted similarity of what the two talk about, in `[0, 1]`.
    pub subject: f32,
}

/// An external statement set against an internal one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// The statement for foreign audiences.
    pub external: Indexed,
    /// The statement for domestic audiences.
    pub internal: Indexed,
    /// How directly they oppose each other, in `[0, 1]`.
    pub score: f32,
    /// The parts of the score.
    pub parts: ScoreParts,
    /// Ids of the opposition cues that fired.
    pub cues: Vec<String>,
    /// Why they are paired, one line each.
    pub reasons: Vec<String>,
}

/// The pairs of one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeContrast {
    /// The theme.
    pub theme: Theme,
    /// External statements considered.
    pub external_count: usize,
    /// Internal statements considered.
    pub internal_count: usize,
    /// The pairs, best first.
    pub pairs: Vec<Pair>,
}

/// One index term of a statement: the term, its idf, and the word as written.
#[derive(Debug, Clone)]
struct TermInfo {
    term: String,
    idf: f32,
    surface: String,
}

/// What scoring needs of a statement, computed once.
struct Features {
    terms: Vec<TermInfo>,
    norm: f32,
    cues: CueHits,
}

struct Stats<'a> {
    searcher: &'a Searcher,
    index: &'a StatementIndex,
    n: f32,
}

impl Stats<'_> {
    fn idf(&self, field: tantivy::schema::Field, term: &str) -> (u64, f32) {
        let df = self
            .searcher
            .doc_freq(&Term::from_field_text(field, term))
            .unwrap_or(0);
        let d = df as f32;
        (df, ((self.n - d + 0.5) / (d + 0.5) + 1.0).ln().max(0.0))
    }

    fn features(&self, rec: &Indexed, opp: &Opposition) -> (Features, Vec<(u64, String)>) {
        let field = self.index.text_field(rec.statement.lang);
        let mut terms: Vec<TermInfo> = Vec::new();
        let mut dfs = Vec::new();
        let text = &rec.statement.text;
        let mut tokens = self.index.tokens(text, rec.statement.lang);
        tokens.sort_by(|a, b| a.text.cmp(&b.text));
        tokens.dedup_by(|a, b| a.text == b.text);
        for t in tokens.into_iter().filter(|t| !is_stopword(&t.text)) {
            let (df, idf) = self.idf(field, &t.text);
            dfs.push((df, t.text.clone()));
            let surface = text
                .get(t.offset_from..t.offset_to)
                .unwrap_or(&t.text)
                .to_string();
            terms.push(TermInfo {
                term: t.text,
                idf,
                surface,
            });
        }
        let norm = terms.iter().map(|t| t.idf * t.idf).sum::<f32>().sqrt();
        (
            Features {
                terms,
                norm,
                cues: opp.matches(text),
            },
            dfs,
        )
    }
}

/// Function words that say nothing about a subject (after stemming), English and Chinese.
fn is_stopword(term: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "about", "after", "all", "also", "an", "and", "ani", "are", "as", "at", "be", "been",
        "but", "by", "can", "could", "do", "even", "for", "from", "ha", "has", "have", "he", "her",
        "hi", "if", "in", "into", "is", "it", "it'", "itself", "just", "mai", "more", "most",
        "must", "no", "not", "of", "on", "onli", "or", "other", "our", "ourselv", "over", "s",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "thei", "thi", "this", "those", "through", "to", "too", "under",
        "up", "us", "veri", "wa", "we", "were", "what", "when", "where", "which", "while", "who",
        "whi", "will", "with", "would", "you", "your", "的", "了", "和", "是", "在", "与", "及",
        "也", "都", "就", "而", "对", "把", "被", "将", "为", "以", "之", "我们", "我国", "一个",
        "这", "那", "其", "中", "上", "等", "要", "不", "有", "没有",
    ];
    WORDS.contains(&term)
}

/// Shared words of two statements: (idf-weighted cosine in [0, 1], the shared words as written in `e`).
fn subject(e: &Features, i: &Features, explain: bool) -> (f32, Vec<String>) {
    if e.norm == 0.0 || i.norm == 0.0 {
        return (0.0, Vec::new());
    }
    let (mut a, mut b) = (0, 0);
    let mut dot = 0.0;
    let mut shared: Vec<(f32, String)> = Vec::new();
    let mut unmatched: Vec<&TermInfo> = Vec::new();
    while a < e.terms.len() && b < i.terms.len() {
        match e.terms[a].term.cmp(&i.terms[b].term) {
            std::cmp::Ordering::Equal => {
                dot += e.terms[a].idf * i.terms[b].idf;
                if explain {
                    shared.push((e.terms[a].idf, e.terms[a].surface.clone()));
                }
                a += 1;
                b += 1;
            }
            std::cmp::Ordering::Less => {
                unmatched.push(&e.terms[a]);
                a += 1;
            }
            std::cmp::Ordering::Greater => b += 1,
        }
    }
    unmatched.extend(&e.terms[a..]);
    // Word forms the stemmer left apart ("militarization" / "military"): half weight when very similar.
    for u in unmatched
        .iter()
        .filter(|u| u.term.len() >= 5 && u.term.is_ascii() && u.idf > 2.0)
    {
        let prefix = &u.term[..3];
        let start = i.terms.partition_point(|t| t.term.as_str() < prefix);
        let close = i.terms[start..]
            .iter()
            .take_while(|t| t.term.starts_with(prefix))
            .find(|t| t.term.len() >= 5 && strsim::jaro_winkler(&u.term, &t.term) >= 0.92);
        if let Some(t) = close {
            dot += 0.5 * u.idf * t.idf;
            if explain {
                shared.push((0.5 * u.idf, format!("{}~{}", u.surface, t.surface)));
            }
        }
    }
    shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
    let words = shared
        .into_iter()
        .filter(|(idf, _)| *idf > 1.0)
        .map(|(_, w)| w.to_lowercase())
        .take(5)
        .collect();
    ((dot / (e.norm * i.norm)).clamp(0.0, 1.0), words)
}

fn score_pair(
    opp: &Opposition,
    theme: Theme,
    e: (&Indexed, &Features),
    i: (&Indexed, &Features),
    explain: bool,
) -> (f32, ScoreParts, Vec<String>, Vec<String>) {
    let mut keep = 1.0f32;
    let mut cues = Vec::new();
    let mut reasons = Vec::new();
    for c in e.1.cues.cues(Side::External) {
        let cue = &opp.cues[c];
        if !cue.applies_to(theme) {
            continue;
        }
        if let (Some(ew), Some(iw)) = (
            e.1.cues.get(c, Side::External),
            i.1.cues.get(c, Side::Internal),
        ) {
            // The more of the framing both statements carry, the stronger the cue: 70 % of its weight
            // for one term on each side, the full weight from two more terms on.
            let extra = (ew.len() + iw.len() - 2).min(2) as f32;
            keep *= 1.0 - cue.weight * (0.7 + 0.15 * extra);
            cues.push(cue.id.clone());
            if !explain {
                continue;
            }
            let quote = |w: &[String]| {
                w.iter()
                    .take(3)
                    .map(|w| format!("“{w}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            reasons.push(format!(
                "{}: external {} vs internal {} [{}]",
                cue.summary,
                quote(ew),
                quote(iw),
                cue.id
            ));
        }
    }
    let opposition = 1.0 - keep;
    let (subject, words) = subject(e.1, i.1, explain);
    let mut score = opp.opposition_weight * opposition + opp.subject_weight * subject;
    if !words.is_empty() {
        reasons.push(format!("same subject: {}", words.join(", ")));
    }
    if subject > 0.8 {
        let cut = |s: &str| s.chars().take(400).collect::<String>();
        if strsim::normalized_levenshtein(&cut(&e.0.statement.text), &cut(&i.0.statement.text))
            > 0.85
        {
            score *= 0.2;
            reasons.push("nearly the same words in both voices: not a contrast".into());
        }
    }
    if cues.is_empty() {
        reasons.push("no opposition cue fired: paired on subject only".into());
    }
    (
        score.clamp(0.0, 1.0),
        ScoreParts {
            opposition,
            subject,
        },
        cues,
        reasons,
    )
}

/// Pairs every external statement of `theme` (those matching `query`, if given) with the internal
/// statements that most directly oppose it, best pairs first.
pub fn contrast(
    index: &StatementIndex,
    opp: &Opposition,
    theme: Theme,
    query: Option<&str>,
    opts: &PairOptions,
) -> Result<ThemeContrast> {
    let searcher = index.searcher()?;
    let f = index.fields();
    let side = |audience: Audience, q: Option<&str>| -> Result<Box<dyn Query>> {
        let base = index.parse_query(q.unwrap_or(""))?;
        let filters = crate::index::Filters {
            theme: Some(theme),
            audience: Some(audience),
            ..Default::default()
        };
        index.filtered(base, &filters)
    };
    let externals = index.records(&searcher, side(Audience::External, query)?.as_ref())?;
    let internals = index.records(&searcher, side(Audience::Internal, None)?.as_ref())?;
    let matching = if query.is_some_and(|q| !q.trim().is_empty()) {
        " matching the query".to_string()
    } else {
        String::new()
    };
    if externals.is_empty() || internals.is_empty() {
        let (missing, other, present) = if externals.is_empty() {
            (Audience::External, Audience::Internal, internals.len())
        } else {
            (Audience::Internal, Audience::External, externals.len())
        };
        let matching = if missing == Audience::External {
            matching
        } else {
            String::new()
        };
        return Err(Error::NothingToPair {
            theme,
            missing,
            other,
            present,
            matching,
        });
    }
    let stats = Stats {
        searcher: &searcher,
        index,
        n: searcher.num_docs() as f32,
    };
    let internal_features: Vec<Features> = internals
        .par_iter()
        .map(|(_, r)| stats.features(r, opp).0)
        .collect();
    let by_addr: HashMap<DocAddress, usize> = internals
        .iter()
        .enumerate()
        .map(|(k, (a, _))| (*a, k))
        .collect();
    // Each cue's pool: the internal statements that match its internal side, most cues first.
    let mut pools: Vec<Vec<usize>> = vec![Vec::new(); opp.cues.len()];
    for (k, feat) in internal_features.iter().enumerate() {
        for c in feat.cues.cues(Side::Internal) {
            pools[c].push(k);
        }
    }
    for pool in &mut pools {
        pool.sort_by_key(|&k| {
            (
                std::cmp::Reverse(internal_features[k].cues.cues(Side::Internal).count()),
                k,
            )
        });
        pool.truncate(opts.pool);
    }
    let exhaustive = internals.len() < opts.exhaustive_below;
    let filter = |field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    let per_external: Vec<Result<Vec<Pair>>> = externals
        .par_iter()
        .map(|(_, ext)| {
            let (feat, mut dfs) = stats.features(ext, opp);
            let candidates: BTreeSet<usize> = if exhaustive {
                (0..internals.len()).collect()
            } else {
                let mut set = BTreeSet::new();
                dfs.retain(|(df, _)| *df >= 2);
                dfs.sort();
                let field = index.text_field(ext.statement.lang);
                let rare: Vec<(Occur, Box<dyn Query>)> = dfs
                    .iter()
                    .take(opts.rare_terms)
                    .map(|(_, t)| -> (Occur, Box<dyn Query>) {
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(field, t),
                                IndexRecordOption::WithFreqs,
                            )),
                        )
                    })
                    .collect();
                if !rare.is_empty() {
                    let q = BooleanQuery::new(vec![
                        (Occur::Must, filter(f.themes, theme.as_str())),
                        (Occur::Must, filter(f.audience, Audience::Internal.as_str())),
                        (Occur::Must, Box::new(BooleanQuery::new(rare))),
                    ]);
                    let top = searcher
                        .search(&q, &TopDocs::with_limit(opts.candidates).order_by_score())
                        .map_err(|source| Error::Index {
                            path: index.path().to_path_buf(),
                            source,
                        })?;
                    set.extend(
                        top.into_iter()
                            .filter_map(|(_, a): (f32, DocAddress)| by_addr.get(&a).copied()),
                    );
                }
                for c in feat
                    .cues
                    .cues(Side::External)
                    .filter(|&c| opp.cues[c].applies_to(theme))
                {
                    set.extend(pools[c].iter().copied());
                }
                set
            };
            // Score every candidate cheaply; build reasons and copies only for the kept ones.
            let mut scored: Vec<(f32, usize)> = candidates
                .into_iter()
                .map(|k| {
                    (
                        score_pair(
                            opp,
                            theme,
                            (ext, &feat),
                            (&internals[k].1, &internal_features[k]),
                            false,
                        )
                        .0,
                        k,
                    )
                })
                .collect();
            scored.sort_by(|a, b| {
                b.0.total_cmp(&a.0).then_with(|| {
                    internals[a.1]
                        .1
                        .statement
                        .id
                        .cmp(&internals[b.1].1.statement.id)
                })
            });
            scored.truncate(opts.per_external.max(1));
            let scored: Vec<Pair> = scored
                .into_iter()
                .map(|(_, k)| {
                    let int = &internals[k].1;
                    let (score, parts, cues, reasons) =
                        score_pair(opp, theme, (ext, &feat), (int, &internal_features[k]), true);
                    Pair {
                        external: ext.clone(),
                        internal: int.clone(),
                        score,
                        parts,
                        cues,
                        reasons,
                    }
                })
                .collect();
            Ok(scored)
        })
        .collect();
    let mut pairs = Vec::new();
    for p in per_external {
        pairs.extend(p?);
    }
    pairs.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.external.statement.id.cmp(&b.external.statement.id))
            .then_with(|| a.internal.statement.id.cmp(&b.internal.statement.id))
    });
    if let Some(n) = opts.pairs {
        pairs.truncate(n);
    }
    Ok(ThemeContrast {
        theme,
        external_count: externals.len(),
        internal_count: internals.len(),
        pairs,
    })
}

/// The themes that have statements on both sides in the index, in report order.
pub fn themes_with_both_sides(index: &StatementIndex) -> Result<Vec<Theme>> {
    let searcher = index.searcher()?;
    let f = index.fields();
    let count = |theme: Theme, audience: Audience| -> Result<usize> {
        let q = BooleanQuery::new(vec![
            (Occur::Must, index.term_query(f.themes, theme.as_str())),
            (Occur::Must, index.term_query(f.audience, audience.as_str())),
        ]);
        searcher
            .search(&q, &tantivy::collector::Count)
            .map_err(|source| Error::Index {
                path: index.path().to_path_buf(),
                source,
            })
    };
    let mut out = Vec::new();
    for t in Theme::ALL {
        if count(t, Audience::External)? > 0 && count(t, Audience::Internal)? > 0 {
            out.push(t);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_cues_load_and_match_both_scripts() {
        let opp = Opposition::builtin().unwrap();
        assert!(opp.cues.len() >= 8);
        let hits = opp.matches(
            "Restrictions on Huawei violated the market economy principles and free-trade rules.",
        );
        let c = opp
            .cues
            .iter()
            .position(|c| c.id == "open-markets-vs-dependence-danger")
            .unwrap();
        assert_eq!(hits.get(c, Side::External).unwrap()[0], "market economy");
        let hits = opp.matches("核心技術受制於人是我們最大的隱患。");
        assert!(hits.get(c, Side::Internal).is_some());
        // Whole words only: "competitions" is fine for a prefix term, "cooperationism" is not "cooperation".
        let s = opp
            .cues
            .iter()
            .position(|c| c.id == "cooperation-vs-discourse-power")
            .unwrap();
        assert!(opp
            .matches("cooperationism")
            .get(s, Side::External)
            .is_none());
        assert_eq!(
            opp.matches("They collaborated.")
                .get(s, Side::External)
                .unwrap(),
            ["collaborated"]
        );
    }

    #[test]
    fn bad_cue_files_are_refused() {
        let p = Path::new("opposition.toml");
        let bad_theme = "[[cue]]\nid='a'\nsummary='s'\nthemes=['farming']\nweight=0.5\nexternal=['x']\ninternal=['y']\n";
        assert!(matches!(
            Opposition::parse(p, bad_theme),
            Err(Error::Rules { .. })
        ));
        let bad_weight = "[[cue]]\nid='a'\nsummary='s'\nweight=2\nexternal=['x']\ninternal=['y']\n";
        assert!(Opposition::parse(p, bad_weight).is_err());
        assert!(Opposition::parse(p, "[[cue]]\nid=1").is_err());
    }
}
