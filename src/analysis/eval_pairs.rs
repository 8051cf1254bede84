//! Measures pairing against judged pairs: precision@1, coverage, distinct partners, cross-lingual share.
//!
//! A judged pairing file (`fixtures/pairs-dev.json`; format in docs/commands.md) lists external statements,
//! each under one theme, with the internal statements a scholar accepts as its contrast. [`evaluate`] runs
//! the contrast of every theme in the file over an index and compares the partner chosen for each judged
//! external statement with its `acceptable` list; [`measure`] is that arithmetic alone, on plain data.
//! For each miss, [`evaluate`] also says why as far as pairing goes ([`MissCause`]): the acceptable partners
//! in the index are scored against the statement as `contrast` scores candidates, and the best one it was
//! not given is named, with who took it.

use crate::error::{Error, Result};
use crate::index::StatementIndex;
use crate::model::{Audience, Indexed, Lang, Theme};
use crate::pair::{self, PairOptions, ThemeContrast};
use crate::rules::RuleSet;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// One judged external statement: the internal statements accepted as its contrast under one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(expecting = "a JSON object with `external`, `theme` and `acceptable`")]
pub struct Judged {
    /// Id of the external statement.
    pub external: String,
    /// The theme it is paired under.
    pub theme: Theme,
    /// Ids of internal statements judged a genuine contrast (score 2).
    pub acceptable: Vec<String>,
    /// Ids of internal statements judged related but not opposed (score 1); not acceptable.
    #[serde(default)]
    pub related: Vec<String>,
    /// The contradiction in a few words.
    #[serde(default)]
    pub note: String,
}

/// Which external statements compete for the internal partners while measuring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Only the judged external statements of each theme (as `contrast --external ID…` pairs them), against
    /// every internal statement of the theme: measures the partner chosen for each statement asked about.
    Judged,
    /// Every external statement of the theme in the index (as plain `contrast`): judged statements also
    /// compete with unjudged ones for partners that each serve `--reuse` of them.
    WholeCorpus,
}

/// A judged pairing file: an object with `judged` (and free `description`, `corpus`), or a bare array.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(expecting = "a JSON object with a `judged` list, or a list of judged statements")]
pub struct JudgedSet {
    /// Who judged, how, over which corpus.
    #[serde(default)]
    pub description: String,
    /// The statement files whose ids are used (informational).
    #[serde(default)]
    pub corpus: Vec<String>,
    /// The judged external statements.
    pub judged: Vec<Judged>,
}

/// What a judged pairing file must look like, for error messages.
const SHAPE: &str = "expected an object with a `judged` array (or a bare array) of \
    {\"external\": ID, \"theme\": THEME, \"acceptable\": [ID, …]} with optional `related` and `note` \
    (see docs/commands.md, eval-pairs)";

impl JudgedSet {
    /// Reads and checks a judged pairing file.
    pub fn load(path: &Path) -> Result<JudgedSet> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: name.clone(),
            source,
        })?;
        JudgedSet::parse(&name, &bytes)
    }

    /// Parses and checks the text of a judged pairing file; `path` names it in errors.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<JudgedSet> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let bare = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
        // Object and array are told apart by their first character, not by an untagged enum, so that
        // serde_json's error keeps the line and column of the real problem.
        let parsed = if bare {
            serde_json::from_slice::<Vec<Judged>>(bytes).map(|judged| JudgedSet {
                judged,
                ..JudgedSet::default()
            })
        } else {
            serde_json::from_slice::<JudgedSet>(bytes)
        };
        let set = parsed.map_err(|e| {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg);
            let message = match e.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    format!("invalid JSON: {msg}; {SHAPE}")
                }
                _ => format!("{msg}; {SHAPE}"),
            };
            Error::PairsFile {
                path: path.to_string(),
                line: (e.line() > 0).then_some(e.line()),
                // serde_json counts columns from 0 before the first character of a line (an empty file).
                column: (e.line() > 0).then_some(e.column().max(1)),
                message,
            }
        })?;
        let plain = |message: String| Error::PairsFile {
            path: path.to_string(),
            line: None,
            column: None,
            message,
        };
        if set.judged.is_empty() {
            return Err(plain(format!("no judged external statement; {SHAPE}")));
        }
        let mut first: HashMap<(&str, Theme), usize> = HashMap::new();
        for (n, j) in set.judged.iter().enumerate() {
            if j.external.trim().is_empty() {
                return Err(plain(format!(
                    "judged item {} has an empty `external` id; expected a statement id",
                    n + 1
                )));
            }
            if let Some(m) = first.insert((j.external.as_str(), j.theme), n) {
                return Err(plain(format!(
                    "judged items {} and {} both judge `{}` under theme `{}`; expected one item per external statement and theme",
                    m + 1,
                    n + 1,
                    j.external,
                    j.theme
                )));
            }
        }
        Ok(set)
    }
}

/// One pair of a contrast table, as far as measuring needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenPair {
    /// Id of the external statement.
    pub external: String,
    /// Its language.
    pub external_lang: Lang,
    /// Id of the internal statement chosen as its partner.
    pub internal: String,
    /// Its language.
    pub internal_lang: Lang,
    /// True for a pair on subject alone, no opposition frame fired (listed only with `show_weak`).
    #[serde(default)]
    pub weak: bool,
}

impl ChosenPair {
    fn cross_lingual(&self) -> bool {
        self.external_lang != self.internal_lang
    }

    fn en_zh(&self) -> bool {
        self.external_lang == Lang::En && self.internal_lang == Lang::Zh
    }
}

/// What the contrast of one theme gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThemePairs {
    /// The pairs of the theme's table, best first, then its weak pairs (if asked for).
    pub pairs: Vec<ChosenPair>,
    /// The side with no statement of the theme in the index, when contrast had nothing to pair.
    pub missing: Option<Audience>,
}

impl From<&ThemeContrast> for ThemePairs {
    fn from(c: &ThemeContrast) -> ThemePairs {
        ThemePairs {
            // Weak pairs come after the table's pairs: an external statement is in one list or the other.
            pairs: c
                .pairs
                .iter()
                .chain(&c.weak)
                .map(|p| ChosenPair {
                    external: p.external.statement.id.clone(),
                    external_lang: p.external.statement.lang,
                    internal: p.internal.statement.id.clone(),
                    internal_lang: p.internal.statement.lang,
                    weak: p.weak,
                })
                .collect(),
            missing: None,
        }
    }
}

/// What the index says about a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Its language.
    pub lang: Lang,
    /// The audience the rules gave it.
    pub audience: Audience,
    /// The themes the rules gave it.
    pub themes: Vec<Theme>,
    /// Its gold label, if it has one: the judges listed their candidates by gold label.
    pub gold: Option<(Audience, Vec<Theme>)>,
}

/// What became of one judged external statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its partner is in `acceptable`.
    Acceptable,
    /// Its partner is in `related`: same subject, not opposed (a miss).
    Related,
    /// Its partner is in neither list, and was among the judge's candidates (an internal statement of the
    /// theme by its gold label): judged not a contrast (a miss).
    Wrong,
    /// Its partner is in neither list and was never a candidate for the judge (its gold label is not internal
    /// of the theme, or it has none), so nobody said whether it is a contrast (counted as a miss).
    Unjudged,
    /// No partner: the statement is not in the index.
    NotInIndex,
    /// No partner: the index classifies it as internal.
    ClassifiedInternal,
    /// No partner: the index does not give it the judged theme.
    NotInTheme,
    /// No partner: the theme has no statement on one side in the index, so nothing was paired.
    ThemeOneSided,
    /// No partner: external and of the theme, but the contrast table has no pair for it (its candidates
    /// were taken by others, or it fell under `--pairs`).
    Unpaired,
}

impl Outcome {
    /// Whether the statement got a partner.
    pub fn partnered(self) -> bool {
        matches!(
            self,
            Outcome::Acceptable | Outcome::Related | Outcome::Wrong | Outcome::Unjudged
        )
    }
}

/// Why a judged statement missed, as far as pairing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissCause {
    /// The index did not make it an external statement of the theme (not indexed, classified internal,
    /// not given the theme, or the theme has one side): classification, not pairing.
    Classification,
    /// No acceptable partner the index holds as internal of the theme shares a frame with it: the frames do
    /// not reach them.
    NoAcceptableFrame,
    /// Every acceptable partner sharing a frame with it went to another external statement (partners are
    /// distinct): capacity, not ranking.
    AcceptableTaken,
    /// An acceptable partner sharing a frame with it was left free, scoring no higher than what it got:
    /// ranking.
    RankedBelow,
}

/// The best acceptable partner a missed statement was not given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassedOver {
    /// Its id.
    pub id: String,
    /// Its pair score with the statement, as `contrast` scores it.
    pub score: f32,
    /// The frames that fire on the pair.
    pub frames: Vec<String>,
    /// The external statement of the theme's table it went to, if any.
    pub taken_by: Option<String>,
}

/// One judged external statement, measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// Id of the external statement.
    pub external: String,
    /// The theme it was judged under.
    pub theme: Theme,
    /// What became of it.
    pub outcome: Outcome,
    /// The partner the contrast chose, if any.
    pub partner: Option<String>,
    /// True when partner and statement differ in language.
    pub cross_lingual: bool,
    /// How many of its acceptable partners the index holds as internal statements of the theme: with 0, no
    /// pairing could be right.
    pub reachable: usize,
    /// For a miss with a partner: the chosen pair's score (filled by [`evaluate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// For a miss: why, as far as pairing goes (filled by [`evaluate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<MissCause>,
    /// For a miss: the acceptable partner sharing a frame with it that it was not given, the best free one
    /// if any, else the best taken one (filled by [`evaluate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_acceptable: Option<PassedOver>,
}

/// The scores of a set of judged external statements (one theme, or all).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Scores {
    /// Judged external statements.
    pub judged: usize,
    /// Those that got a partner.
    pub partnered: usize,
    /// Those whose partner is acceptable.
    pub acceptable: usize,
    /// Those whose partner is only related (counted as misses).
    pub related: usize,
    /// Those whose partner the judge never scored: not an internal statement of the theme by its gold label
    /// (counted as misses).
    #[serde(default)]
    pub unjudged: usize,
    /// Those partnered by a weak pair, no opposition frame fired (only with `show_weak`).
    pub weak: usize,
    /// `acceptable / partnered` (None without pairs).
    pub precision_at_1: Option<f64>,
    /// `acceptable / judged`: a statement without partner counts as a miss.
    pub precision_at_1_all: f64,
    /// `partnered / judged`.
    pub coverage: f64,
    /// Distinct internal partners among the pairs of judged statements (summed over themes for all).
    pub distinct_partners: usize,
    /// `distinct_partners / partnered` (None without pairs).
    pub distinct_ratio: Option<f64>,
    /// Pairs whose two statements differ in language.
    pub cross_lingual: usize,
    /// `cross_lingual / partnered` (None without pairs).
    pub cross_lingual_share: Option<f64>,
    /// Pairs of an English external statement with a Chinese internal one.
    pub en_external_zh_internal: usize,
    /// Judged statements that the index holds as external statements of the theme, with at least one
    /// acceptable partner that it holds as an internal statement of the theme: the most that could be right.
    pub reachable: usize,
}

/// Every pair of one theme's contrast table, judged or not.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct TableStats {
    /// Pairs in the table.
    pub pairs: usize,
    /// Distinct internal statements among them.
    pub distinct_partners: usize,
    /// `distinct_partners / pairs` (None without pairs).
    pub distinct_ratio: Option<f64>,
    /// Pairs whose two statements differ in language.
    pub cross_lingual: usize,
    /// Pairs of an English external statement with a Chinese internal one.
    pub en_external_zh_internal: usize,
}

/// The scores of one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeScores {
    /// The theme.
    pub theme: Theme,
    /// The side with no statement of the theme in the index, when nothing could be paired.
    pub missing: Option<Audience>,
    /// Scores of the judged statements of the theme.
    pub judged: Scores,
    /// The theme's whole contrast table.
    pub table: TableStats,
}

/// A judged id that the index does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownId {
    /// The id.
    pub id: String,
    /// True when it is judged as an external statement.
    pub external: bool,
    /// The judged external statements that list it as acceptable or related.
    pub partner_of: Vec<String>,
}

/// The measurement of pairing against a judged file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairMetrics {
    /// All judged statements together; distinct partners are counted per theme and summed.
    pub overall: Scores,
    /// Totals of the themes' contrast tables.
    pub overall_table: TableStats,
    /// Per theme, in report order (only the themes in the judged file).
    pub themes: Vec<ThemeScores>,
    /// Which external statements competed for partners.
    pub scope: Scope,
    /// Every judged statement, in file order.
    pub items: Vec<ItemResult>,
    /// Judged ids the index does not hold, by id.
    pub unknown_ids: Vec<UnknownId>,
    /// Per judged statement, its best candidates with their score parts and the judge's verdict (only
    /// when asked for: [`candidates`], `eval-pairs --dump-candidates N`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<CandidateList>,
}

/// What the judge said of a candidate partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// In `acceptable`: a genuine contrast.
    Acceptable,
    /// In `related`: same subject, not opposed.
    Related,
    /// In neither list, and among the judge's candidates (internal of the theme by its gold label): not a
    /// contrast.
    Rejected,
    /// In neither list and never among the judge's candidates: nobody said.
    Unjudged,
}

/// One candidate partner of a judged external statement, scored as `contrast` scores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Its id.
    pub id: String,
    /// Its language.
    pub lang: Lang,
    /// The pair's score, its parts, the frames that fire and the reasons.
    #[serde(flatten)]
    pub scored: pair::Scored,
    /// What the judge said of it.
    pub verdict: Verdict,
    /// The judged external statement of the theme it went to, if any (itself when it is the partner).
    pub taken_by: Option<String>,
}

/// A judged external statement's best candidates, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateList {
    /// Id of the external statement.
    pub external: String,
    /// The theme it was judged under.
    pub theme: Theme,
    /// What became of it.
    pub outcome: Outcome,
    /// The partner the contrast chose, if any.
    pub partner: Option<String>,
    /// How many internal statements of the theme a frame fires on with it.
    pub framed: usize,
    /// The place (1 = best) of the first acceptable candidate among those, if any.
    pub first_acceptable: Option<usize>,
    /// The best candidates on which a frame fires, best first.
    pub candidates: Vec<Candidate>,
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

fn table_stats(pairs: &[ChosenPair]) -> TableStats {
    let distinct = pairs
        .iter()
        .map(|p| p.internal.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    TableStats {
        pairs: pairs.len(),
        distinct_partners: distinct,
        distinct_ratio: ratio(distinct, pairs.len()),
        cross_lingual: pairs.iter().filter(|p| p.cross_lingual()).count(),
        en_external_zh_internal: pairs.iter().filter(|p| p.en_zh()).count(),
    }
}

/// A judged statement's result with its pair, if it got one.
type Row<'a> = (&'a ItemResult, Option<&'a ChosenPair>);

/// Adds up judged results; `distinct` is the number of distinct partners, computed by the caller.
fn scores(items: &[Row<'_>], distinct: usize) -> Scores {
    let count = |f: &dyn Fn(&Row<'_>) -> bool| items.iter().filter(|x| f(x)).count();
    let judged = items.len();
    let partnered = count(&|(r, _)| r.outcome.partnered());
    let acceptable = count(&|(r, _)| r.outcome == Outcome::Acceptable);
    let cross_lingual = count(&|(_, p)| p.is_some_and(|p| p.cross_lingual()));
    Scores {
        judged,
        partnered,
        acceptable,
        related: count(&|(r, _)| r.outcome == Outcome::Related),
        unjudged: count(&|(r, _)| r.outcome == Outcome::Unjudged),
        weak: count(&|(_, p)| p.is_some_and(|p| p.weak)),
        precision_at_1: ratio(acceptable, partnered),
        precision_at_1_all: ratio(acceptable, judged).unwrap_or(0.0),
        coverage: ratio(partnered, judged).unwrap_or(0.0),
        distinct_partners: distinct,
        distinct_ratio: ratio(distinct, partnered),
        cross_lingual,
        cross_lingual_share: ratio(cross_lingual, partnered),
        en_external_zh_internal: count(&|(_, p)| p.is_some_and(|p| p.en_zh())),
        reachable: count(&|(r, _)| {
            r.reachable > 0
                && !matches!(
                    r.outcome,
                    Outcome::NotInIndex | Outcome::ClassifiedInternal | Outcome::NotInTheme
                )
        }),
    }
}

/// Whether the judge had this statement among the candidates for a theme: candidates were listed by gold
/// label, so an internal statement of the theme by its gold label (or, with no gold label known, never).
fn judged_candidate(s: Option<&Seen>, theme: Theme) -> bool {
    s.and_then(|s| s.gold.as_ref())
        .is_some_and(|(audience, themes)| {
            *audience == Audience::Internal && themes.contains(&theme)
        })
}

/// The arithmetic: each judged statement against the pairs of its theme (`pairs`; the first pair of an
/// external statement is its partner) and what the index says of each id (`seen`; absent = not indexed).
pub fn measure(
    judged: &[Judged],
    pairs: &BTreeMap<Theme, ThemePairs>,
    seen: &HashMap<String, Seen>,
) -> PairMetrics {
    let empty = ThemePairs::default();
    let mut results: Vec<(ItemResult, Option<&ChosenPair>)> = Vec::with_capacity(judged.len());
    for j in judged {
        let tp = pairs.get(&j.theme).unwrap_or(&empty);
        let chosen = tp.pairs.iter().find(|p| p.external == j.external);
        let outcome = match (chosen, seen.get(&j.external)) {
            (Some(c), _) if j.acceptable.contains(&c.internal) => Outcome::Acceptable,
            (Some(c), _) if j.related.contains(&c.internal) => Outcome::Related,
            (Some(c), _) if !judged_candidate(seen.get(&c.internal), j.theme) => Outcome::Unjudged,
            (Some(_), _) => Outcome::Wrong,
            (None, None) => Outcome::NotInIndex,
            (None, Some(s)) if s.audience != Audience::External => Outcome::ClassifiedInternal,
            (None, Some(s)) if !s.themes.contains(&j.theme) => Outcome::NotInTheme,
            (None, Some(_)) if tp.missing.is_some() => Outcome::ThemeOneSided,
            (None, Some(_)) => Outcome::Unpaired,
        };
        let reachable = j
            .acceptable
            .iter()
            .filter(|id| {
                seen.get(id.as_str()).is_some_and(|s| {
                    s.audience == Audience::Internal && s.themes.contains(&j.theme)
                })
            })
            .count();
        results.push((
            ItemResult {
                external: j.external.clone(),
                theme: j.theme,
                outcome,
                partner: chosen.map(|c| c.internal.clone()),
                cross_lingual: chosen.is_some_and(|c| c.cross_lingual()),
                reachable,
                score: None,
                cause: None,
                best_acceptable: None,
            },
            chosen,
        ));
    }
    let distinct_of = |rows: &[Row<'_>]| {
        rows.iter()
            .filter_map(|(_, p)| p.map(|p| p.internal.as_str()))
            .collect::<BTreeSet<_>>()
            .len()
    };
    let mut themes = Vec::new();
    let mut distinct_sum = 0;
    let mut overall_table = TableStats::default();
    for theme in Theme::ALL {
        let rows: Vec<Row<'_>> = results
            .iter()
            .filter(|(r, _)| r.theme == theme)
            .map(|(r, p)| (r, *p))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let distinct = distinct_of(&rows);
        distinct_sum += distinct;
        let tp = pairs.get(&theme).unwrap_or(&empty);
        let table = table_stats(&tp.pairs);
        overall_table.pairs += table.pairs;
        overall_table.distinct_partners += table.distinct_partners;
        overall_table.cross_lingual += table.cross_lingual;
        overall_table.en_external_zh_internal += table.en_external_zh_internal;
        themes.push(ThemeScores {
            theme,
            missing: tp.missing,
            judged: scores(&rows, distinct),
            table,
        });
    }
    overall_table.distinct_ratio = ratio(overall_table.distinct_partners, overall_table.pairs);
    let all: Vec<Row<'_>> = results.iter().map(|(r, p)| (r, *p)).collect();
    let overall = scores(&all, distinct_sum);
    let mut unknown: BTreeMap<String, UnknownId> = BTreeMap::new();
    for j in judged {
        let mut note = |id: &str, external: bool| {
            if seen.contains_key(id) {
                return;
            }
            let u = unknown.entry(id.to_string()).or_insert_with(|| UnknownId {
                id: id.to_string(),
                external: false,
                partner_of: Vec::new(),
            });
            if external {
                u.external = true;
            } else if !u.partner_of.contains(&j.external) {
                u.partner_of.push(j.external.clone());
            }
        };
        note(&j.external, true);
        for id in j.acceptable.iter().chain(&j.related) {
            note(id, false);
        }
    }
    PairMetrics {
        scope: Scope::Judged,
        overall,
        overall_table,
        themes,
        items: results.into_iter().map(|(r, _)| r).collect(),
        unknown_ids: unknown.into_values().collect(),
        candidates: Vec::new(),
    }
}

/// Runs the contrast of every theme of the judged file over `index` with `opts` and measures the
/// partners it chose against the judgements.
pub fn evaluate(
    index: &StatementIndex,
    rules: &RuleSet,
    set: &JudgedSet,
    opts: &PairOptions,
    scope: Scope,
) -> Result<PairMetrics> {
    let themes: BTreeSet<Theme> = set.judged.iter().map(|j| j.theme).collect();
    let mut pairs = BTreeMap::new();
    for theme in themes {
        let judged_here: BTreeSet<String> = set
            .judged
            .iter()
            .filter(|j| j.theme == theme)
            .map(|j| j.external.clone())
            .collect();
        let only = match scope {
            Scope::Judged => Some(&judged_here),
            Scope::WholeCorpus => None,
        };
        let tp = match pair::contrast_of(index, rules, theme, None, only, opts) {
            Ok(c) => ThemePairs::from(&c),
            Err(Error::NothingToPair { missing, .. }) => ThemePairs {
                pairs: Vec::new(),
                missing: Some(missing),
            },
            Err(e) => return Err(e),
        };
        pairs.insert(theme, tp);
    }
    let searcher = index.searcher()?;
    let mut seen = HashMap::new();
    let partners: Vec<&String> = pairs
        .values()
        .flat_map(|tp| tp.pairs.iter().map(|p| &p.internal))
        .collect();
    for j in &set.judged {
        for id in std::iter::once(&j.external)
            .chain(&j.acceptable)
            .chain(&j.related)
            .chain(partners.iter().copied())
        {
            if seen.contains_key(id) {
                continue;
            }
            if let Some(addr) = index.find(&searcher, id)? {
                let r = index.record(&searcher, addr)?;
                seen.insert(
                    id.clone(),
                    Seen {
                        lang: r.statement.lang,
                        audience: r.audience,
                        themes: r.themes,
                        gold: r.statement.gold.map(|g| (g.audience, g.themes)),
                    },
                );
            }
        }
    }
    let mut metrics = measure(&set.judged, &pairs, &seen);
    metrics.scope = scope;
    diagnose(
        index,
        rules,
        &set.judged,
        &pairs,
        opts.targets,
        &mut metrics,
    )?;
    Ok(metrics)
}

/// Every internal statement of `theme` in the index, read once per theme into `pools` (the pool a partner's
/// naming factor is computed among, as `contrast` computes it).
fn internal_pool<'a>(
    index: &StatementIndex,
    pools: &'a mut BTreeMap<Theme, Vec<Indexed>>,
    theme: Theme,
) -> Result<&'a [Indexed]> {
    Ok(match pools.entry(theme) {
        std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::btree_map::Entry::Vacant(e) => e.insert(
            index
                .theme_records(theme, Audience::Internal, None)?
                .into_iter()
                .map(|(_, r)| r)
                .collect(),
        ),
    }
    .as_slice())
}

/// Fills in, for every miss of `metrics`, its [`MissCause`], the chosen pair's score and the best acceptable
/// partner it was not given: each acceptable partner the index holds as an internal statement of the theme
/// is scored against the statement with [`pair::score_pair`]; those on which a frame fires count, free ones
/// (no external statement of the table has them) before taken ones.
fn diagnose(
    index: &StatementIndex,
    rules: &RuleSet,
    judged: &[Judged],
    pairs: &BTreeMap<Theme, ThemePairs>,
    targets: bool,
    metrics: &mut PairMetrics,
) -> Result<()> {
    let searcher = index.searcher()?;
    let stats = index.word_stats()?;
    let mut records: HashMap<String, Option<Indexed>> = HashMap::new();
    let mut record = |id: &str| -> Result<Option<Indexed>> {
        if let Some(r) = records.get(id) {
            return Ok(r.clone());
        }
        let r = match index.find(&searcher, id)? {
            Some(addr) => Some(index.record(&searcher, addr)?),
            None => None,
        };
        records.insert(id.to_string(), r.clone());
        Ok(r)
    };
    let mut pools: BTreeMap<Theme, Vec<Indexed>> = BTreeMap::new();
    let mut naming: BTreeMap<Theme, pair::NamingPool<'_>> = BTreeMap::new();
    for (item, j) in metrics.items.iter_mut().zip(judged) {
        item.cause = match item.outcome {
            Outcome::Acceptable => None,
            Outcome::NotInIndex
            | Outcome::ClassifiedInternal
            | Outcome::NotInTheme
            | Outcome::ThemeOneSided => Some(MissCause::Classification),
            Outcome::Related | Outcome::Wrong | Outcome::Unjudged | Outcome::Unpaired => None,
        };
        if item.outcome == Outcome::Acceptable || item.cause.is_some() {
            continue;
        }
        let Some(ext) = record(&item.external)? else {
            continue;
        };
        // Scored as among every internal statement of the theme (their naming factor, pair::naming), whose
        // features are computed once per theme.
        let pool = match naming.entry(j.theme) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let pool = internal_pool(index, &mut pools, j.theme)?;
                e.insert(pair::NamingPool::new(rules, j.theme, &stats, pool, targets))
            }
        };
        let least = Some(pool.least_missed(&stats, &ext));
        if let Some(partner) = &item.partner {
            if let Some(int) = record(partner)? {
                item.score =
                    Some(pair::score_pair(rules, j.theme, &stats, &ext, &int, targets, least).0);
            }
        }
        let table = pairs.get(&j.theme);
        let mut best_free: Option<PassedOver> = None;
        let mut best_taken: Option<PassedOver> = None;
        for id in &j.acceptable {
            let Some(int) = record(id)? else {
                continue;
            };
            if int.audience != Audience::Internal || !int.themes.contains(&j.theme) {
                continue;
            }
            let (score, _, frames) =
                pair::score_pair(rules, j.theme, &stats, &ext, &int, targets, least);
            if frames.is_empty() {
                continue;
            }
            let taken_by = table
                .and_then(|t| t.pairs.iter().find(|p| &p.internal == id && !p.weak))
                .map(|p| p.external.clone());
            let slot = if taken_by.is_some() {
                &mut best_taken
            } else {
                &mut best_free
            };
            if slot.as_ref().is_none_or(|b| score > b.score) {
                *slot = Some(PassedOver {
                    id: id.clone(),
                    score,
                    frames,
                    taken_by,
                });
            }
        }
        item.cause = Some(if best_free.is_some() {
            MissCause::RankedBelow
        } else if best_taken.is_some() {
            MissCause::AcceptableTaken
        } else {
            MissCause::NoAcceptableFrame
        });
        item.best_acceptable = best_free.or(best_taken);
    }
    Ok(())
}

/// Per judged statement of `metrics`, the internal statements of its theme on which a frame fires with it,
/// each scored as `contrast` scores a candidate ([`pair::score_candidates`]), best first, the `top` best
/// kept (and the chosen partner always), with the judge's verdict and who took each: a reviewer's view of
/// why a partner won, and the data for measuring what tells an acceptable partner from a related one.
/// "Taken" is known for the judged statements only (the table of the default scope).
pub fn candidates(
    index: &StatementIndex,
    rules: &RuleSet,
    judged: &[Judged],
    metrics: &PairMetrics,
    top: usize,
    targets: bool,
) -> Result<Vec<CandidateList>> {
    let stats = index.word_stats()?;
    let searcher = index.searcher()?;
    let mut internals: BTreeMap<Theme, Vec<Indexed>> = BTreeMap::new();
    let mut out = Vec::new();
    for (item, j) in metrics.items.iter().zip(judged) {
        let Some(addr) = index.find(&searcher, &item.external)? else {
            continue;
        };
        let ext = index.record(&searcher, addr)?;
        let pool = internal_pool(index, &mut internals, j.theme)?;
        let mut list: Vec<(&Indexed, pair::Scored)> = pool
            .iter()
            .zip(pair::score_candidates(
                rules, j.theme, &stats, &ext, pool, targets,
            ))
            .filter(|(_, s)| !s.frames.is_empty())
            .collect();
        list.sort_by(|a, b| {
            b.1.score
                .total_cmp(&a.1.score)
                .then_with(|| a.0.statement.id.cmp(&b.0.statement.id))
        });
        let verdict =
            |rec: &Indexed| {
                let id = &rec.statement.id;
                if j.acceptable.contains(id) {
                    Verdict::Acceptable
                } else if j.related.contains(id) {
                    Verdict::Related
                } else if rec.statement.gold.as_ref().is_some_and(|g| {
                    g.audience == Audience::Internal && g.themes.contains(&j.theme)
                }) {
                    Verdict::Rejected
                } else {
                    Verdict::Unjudged
                }
            };
        let first_acceptable = list
            .iter()
            .position(|(rec, _)| verdict(rec) == Verdict::Acceptable)
            .map(|k| k + 1);
        let framed = list.len();
        let candidates = list
            .into_iter()
            .enumerate()
            .filter(|(k, (rec, _))| {
                *k < top || item.partner.as_deref() == Some(rec.statement.id.as_str())
            })
            .map(|(_, (rec, scored))| Candidate {
                id: rec.statement.id.clone(),
                lang: rec.statement.lang,
                verdict: verdict(rec),
                taken_by: metrics
                    .items
                    .iter()
                    .find(|r| r.theme == j.theme && r.partner.as_ref() == Some(&rec.statement.id))
                    .map(|r| r.external.clone()),
                scored,
            })
            .collect();
        out.push(CandidateList {
            external: item.external.clone(),
            theme: j.theme,
            outcome: item.outcome,
            partner: item.partner.clone(),
            framed,
            first_acceptable,
            candidates,
        });
    }
    Ok(out)
}

/// Small judged sets, contrast tables and index contents for the tests of the measure and of its views.
#[cfg(test)]
pub(crate) mod test_data {
    use super::*;

    pub fn judged(external: &str, theme: Theme, acceptable: &[&str], related: &[&str]) -> Judged {
        Judged {
            external: external.into(),
            theme,
            acceptable: acceptable.iter().map(|s| s.to_string()).collect(),
            related: related.iter().map(|s| s.to_string()).collect(),
            note: String::new(),
        }
    }

    pub fn pair(external: &str, el: Lang, internal: &str, il: Lang) -> ChosenPair {
        ChosenPair {
            external: external.into(),
            external_lang: el,
            internal: internal.into(),
            internal_lang: il,
            weak: false,
        }
    }

    pub fn seen(lang: Lang, audience: Audience, themes: &[Theme]) -> Seen {
        Seen {
            lang,
            audience,
            themes: themes.to_vec(),
            gold: Some((audience, themes.to_vec())),
        }
    }

    /// A statement the index holds with its gold label replaced (`None`: no gold).
    pub fn with_gold(mut s: Seen, gold: Option<(Audience, &[Theme])>) -> Seen {
        s.gold = gold.map(|(a, t)| (a, t.to_vec()));
        s
    }

    /// The tables `contrast` chose, theme by theme, with both sides present.
    pub fn tables(themes: Vec<(Theme, Vec<ChosenPair>)>) -> BTreeMap<Theme, ThemePairs> {
        themes
            .into_iter()
            .map(|(theme, pairs)| {
                (
                    theme,
                    ThemePairs {
                        pairs,
                        missing: None,
                    },
                )
            })
            .collect()
    }

    /// What the index holds, by id.
    pub fn index_of(seen: Vec<(&str, Seen)>) -> HashMap<String, Seen> {
        seen.into_iter()
            .map(|(id, s)| (id.to_string(), s))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_data::{index_of, judged, pair, seen, tables, with_gold};
    use super::*;
    use crate::model::{Indexed, Statement};

    fn close(got: Option<f64>, want: f64) {
        let got = got.expect("a ratio");
        assert!((got - want).abs() < 1e-12, "got {got}, want {want}");
    }

    /// Six judged statements, two themes; every count worked out by hand in the comments.
    #[test]
    fn arithmetic_on_a_hand_made_set() {
        use Audience::{External as Ext, Internal as Int};
        use Lang::{En, Zh};
        use Theme::{Security as Sec, Standards as Std};
        let gold = vec![
            judged("a", Sec, &["x"], &["y"]), // partner x: acceptable, en→zh
            judged("b", Sec, &["z"], &["x"]), // partner x: related, en→zh; z is not of the theme
            judged("c", Sec, &["z"], &[]),    // partner y: wrong, zh→zh
            judged("d", Sec, &["x"], &[]), // indexed, external, of the theme, but no pair: unpaired
            judged("e", Std, &["w"], &[]), // partner w: acceptable, zh→en
            judged("f", Std, &["w", "gone"], &[]), // not indexed; `gone` neither
        ];
        let pairs = tables(vec![
            (
                Sec,
                vec![
                    pair("a", En, "x", Zh),
                    pair("b", En, "x", Zh),
                    pair("c", Zh, "y", Zh),
                    pair("g", En, "y", Zh), // not judged: only in the table's figures
                    pair("a", En, "y", Zh), // a's second partner: not its partner for P@1
                ],
            ),
            (Std, vec![pair("e", Zh, "w", En), pair("h", En, "v", En)]),
        ]);
        let index = index_of(vec![
            ("a", seen(En, Ext, &[Sec])),
            ("b", seen(En, Ext, &[Sec])),
            ("c", seen(Zh, Ext, &[Sec])),
            ("d", seen(En, Ext, &[Sec])),
            ("e", seen(Zh, Ext, &[Std])),
            ("x", seen(Zh, Int, &[Sec])),
            ("y", seen(Zh, Int, &[Sec])),
            ("z", seen(En, Int, &[Std])),
            ("w", seen(En, Int, &[Std])),
        ]);
        let m = measure(&gold, &pairs, &index);

        let outcomes: Vec<Outcome> = m.items.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Acceptable,
                Outcome::Related,
                Outcome::Wrong,
                Outcome::Unpaired,
                Outcome::Acceptable,
                Outcome::NotInIndex
            ]
        );
        assert_eq!(m.items[0].partner.as_deref(), Some("x"));
        assert_eq!(m.items[3].partner, None);
        let reach: Vec<usize> = m.items.iter().map(|r| r.reachable).collect();
        assert_eq!(reach, [1, 0, 0, 1, 1, 1]);

        assert_eq!(m.themes.len(), 2);
        let sec = &m.themes[0];
        assert_eq!(sec.theme, Sec);
        let s = sec.judged;
        assert_eq!(
            (s.judged, s.partnered, s.acceptable, s.related, s.reachable),
            (4, 3, 1, 1, 2)
        );
        close(s.precision_at_1, 1.0 / 3.0);
        assert!((s.precision_at_1_all - 0.25).abs() < 1e-12);
        assert!((s.coverage - 0.75).abs() < 1e-12);
        assert_eq!(s.distinct_partners, 2); // x, y
        close(s.distinct_ratio, 2.0 / 3.0);
        assert_eq!((s.cross_lingual, s.en_external_zh_internal), (2, 2));
        close(s.cross_lingual_share, 2.0 / 3.0);
        let t = sec.table;
        assert_eq!(
            (
                t.pairs,
                t.distinct_partners,
                t.cross_lingual,
                t.en_external_zh_internal
            ),
            (5, 2, 4, 4)
        );

        let std = m.themes[1].judged;
        assert_eq!((std.judged, std.partnered, std.acceptable), (2, 1, 1));
        close(std.precision_at_1, 1.0);
        assert!((std.precision_at_1_all - 0.5).abs() < 1e-12);
        assert_eq!((std.cross_lingual, std.en_external_zh_internal), (1, 0));

        let o = m.overall;
        assert_eq!(
            (o.judged, o.partnered, o.acceptable, o.related, o.reachable),
            (6, 4, 2, 1, 3) // f is reachable by its partners but not indexed itself
        );
        close(o.precision_at_1, 0.5);
        assert!((o.precision_at_1_all - 2.0 / 6.0).abs() < 1e-12);
        assert!((o.coverage - 4.0 / 6.0).abs() < 1e-12);
        assert_eq!(o.distinct_partners, 3); // x, y in security; w in standards
        close(o.distinct_ratio, 0.75);
        assert_eq!((o.cross_lingual, o.en_external_zh_internal), (3, 2));
        let ot = m.overall_table;
        assert_eq!(
            (ot.pairs, ot.distinct_partners, ot.cross_lingual),
            (7, 4, 5)
        );
        close(ot.distinct_ratio, 4.0 / 7.0);

        assert_eq!(
            m.unknown_ids,
            [
                UnknownId {
                    id: "f".into(),
                    external: true,
                    partner_of: vec![]
                },
                UnknownId {
                    id: "gone".into(),
                    external: false,
                    partner_of: vec!["f".into()]
                },
            ]
        );
    }

    #[test]
    fn no_pairs_give_no_ratios_rather_than_nan() {
        let gold = vec![judged("a", Theme::Ambition, &["x"], &[])];
        let m = measure(&gold, &BTreeMap::new(), &HashMap::new());
        assert_eq!(m.overall.precision_at_1, None);
        assert_eq!(m.overall.distinct_ratio, None);
        assert_eq!(m.overall.precision_at_1_all, 0.0);
        assert_eq!(m.items[0].outcome, Outcome::NotInIndex);
        assert!(serde_json::to_string(&m)
            .unwrap()
            .contains("\"precision_at_1\":null"));
    }

    /// A statement as `index` stores it, classified by the built-in rules (so it carries whatever the
    /// rules compute for pairing), with audience and themes then set by the test.
    /// An index in RAM holding `records`, committed as the built-in rules would leave it.
    fn ram_index<const N: usize>(records: [Indexed; N]) -> StatementIndex {
        let idx = StatementIndex::in_ram().unwrap();
        let mut run = idx.begin().unwrap();
        for r in &records {
            run.upsert(r).unwrap();
        }
        run.commit(&crate::index::IndexInfo {
            format: crate::index::FORMAT,
            rules_fingerprint: "f".into(),
            rules_source: "built-in".into(),
        })
        .unwrap();
        idx
    }

    fn record(id: &str, text: &str, audience: Audience, themes: &[Theme]) -> Indexed {
        let statement = Statement::new(id, text);
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let classification = crate::classify::Classifier::new(&rules).classify(&statement);
        let mut r = Indexed::new(statement, &classification, &rules.fingerprint());
        r.audience = audience;
        r.themes = themes.to_vec();
        r
    }

    /// A partner in neither list is "wrong" only when the judge had it among the candidates (internal of the
    /// theme by its gold label); one that is external by gold, of another theme or without gold is unjudged.
    /// Both are misses.
    #[test]
    fn a_partner_the_judge_never_saw_is_unjudged_not_wrong() {
        use Audience::{External as Ext, Internal as Int};
        use Lang::{En, Zh};
        use Theme::{Security as Sec, Standards as Std};
        let gold = vec![
            judged("a", Sec, &["x"], &[]), // partner y: internal of the theme by gold: wrong
            judged("b", Sec, &["x"], &[]), // partner z: external by gold: unjudged
            judged("c", Sec, &["x"], &[]), // partner u: no gold label: unjudged
            judged("d", Sec, &["x"], &[]), // partner w: internal, but of another theme by gold: unjudged
        ];
        let pairs = tables(vec![(
            Sec,
            vec![
                pair("a", En, "y", Zh),
                pair("b", En, "z", Zh),
                pair("c", En, "u", Zh),
                pair("d", En, "w", Zh),
            ],
        )]);
        let internal = || seen(Zh, Int, &[Sec]);
        let index = index_of(vec![
            ("a", seen(En, Ext, &[Sec])),
            ("b", seen(En, Ext, &[Sec])),
            ("c", seen(En, Ext, &[Sec])),
            ("d", seen(En, Ext, &[Sec])),
            ("y", internal()),
            ("z", with_gold(internal(), Some((Ext, &[Sec])))),
            ("u", with_gold(internal(), None)),
            ("w", with_gold(internal(), Some((Int, &[Std])))),
        ]);
        let m = measure(&gold, &pairs, &index);
        let outcomes: Vec<Outcome> = m.items.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Wrong,
                Outcome::Unjudged,
                Outcome::Unjudged,
                Outcome::Unjudged
            ]
        );
        assert_eq!(m.overall.partnered, 4);
        assert_eq!(m.overall.acceptable, 0);
        assert_eq!(m.overall.unjudged, 3);
        assert_eq!(m.overall.precision_at_1_all, 0.0);
    }

    /// Through the index: the one pairable statement meets the one internal statement of its theme; the
    /// others have no partner, each for its own reason, and the missing ids are listed.
    #[test]
    fn evaluate_over_an_index_in_ram() {
        use Theme::{Indigenization as Ind, Security as Sec, Standards as Std};
        let idx = ram_index([
            market_rebuttal(),
            record(
                "i1",
                "核心技术受制于人是我们最大的隐患，必须自主创新。",
                Audience::Internal,
                &[Ind],
            ),
            record(
                "e2",
                "Using national security as a pretext to block standards is a lame excuse.",
                Audience::External,
                &[Sec, Std],
            ),
        ]);
        let set = JudgedSet {
            judged: vec![
                judged("e1", Ind, &["i1", "gone"], &[]),
                judged("i1", Ind, &["i1"], &[]),
                judged("e2", Ind, &["i1"], &[]),
                judged("ghost", Ind, &["i1"], &[]),
                judged("e2", Std, &["i1"], &[]),
            ],
            ..JudgedSet::default()
        };
        let rules = RuleSet::builtin().unwrap();
        let m = evaluate(&idx, &rules, &set, &PairOptions::default(), Scope::Judged).unwrap();
        let whole = evaluate(
            &idx,
            &rules,
            &set,
            &PairOptions::default(),
            Scope::WholeCorpus,
        )
        .unwrap();
        assert_eq!(m.scope, Scope::Judged);
        assert_eq!(whole.scope, Scope::WholeCorpus);
        let outcomes: Vec<Outcome> = m.items.iter().map(|r| r.outcome).collect();
        let whole_outcomes: Vec<Outcome> = whole.items.iter().map(|r| r.outcome).collect();
        // Here the judged externals are the only ones of their themes, so the two scopes agree.
        assert_eq!(outcomes, whole_outcomes);
        assert_eq!(
            outcomes,
            [
                Outcome::Acceptable,
                Outcome::ClassifiedInternal,
                Outcome::NotInTheme,
                Outcome::NotInIndex,
                Outcome::ThemeOneSided
            ]
        );
        assert!(m.items[0].cross_lingual);
        assert_eq!(m.overall.en_external_zh_internal, 1);
        assert_eq!(m.themes[1].theme, Std);
        assert_eq!(m.themes[1].missing, Some(Audience::Internal));
        let unknown: Vec<&str> = m.unknown_ids.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(unknown, ["ghost", "gone"]);
        assert_eq!(m.overall.reachable, 1); // only e1 is an indexed external of its theme with i1 in reach
        let causes: Vec<Option<MissCause>> = m.items.iter().map(|r| r.cause).collect();
        assert_eq!(causes[0], None);
        assert!(causes[1..]
            .iter()
            .all(|c| *c == Some(MissCause::Classification)));
    }

    /// The external statement of the pairing tests: a market-principles rebuttal of curbs on Huawei (e1).
    fn market_rebuttal() -> Indexed {
        record(
            "e1",
            "Restrictions on Huawei violate market economy principles and fair competition.",
            Audience::External,
            &[Theme::Indigenization],
        )
    }

    /// The market rebuttal of Huawei's restrictions with two internal partners of the same frame: one that
    /// names Huawei (`i4`) and one that does not (`i2`).
    fn market_rebuttal_and_a_partner_naming_huawei() -> StatementIndex {
        use Theme::Indigenization as Ind;
        ram_index([
            market_rebuttal(),
            record(
                "i2",
                "核心技术受制于人是最大隐患，关键核心技术必须掌握在自己手中，实现自立自强、自主可控。",
                Audience::Internal,
                &[Ind],
            ),
            record(
                "i4",
                "华为的经验说明，关键核心技术必须掌握在自己手中，实现自立自强。",
                Audience::Internal,
                &[Ind],
            ),
        ])
    }

    /// One external market-principles rebuttal and three internal indigenization statements: a one-line
    /// call for self-reliance (i1), a fuller statement of it (i2), and one with no stance (i3).
    fn market_rebuttal_and_three_internals() -> StatementIndex {
        use Theme::Indigenization as Ind;
        ram_index([
            market_rebuttal(),
            record("i1", "我们必须自主创新。", Audience::Internal, &[Ind]),
            record(
                "i2",
                "核心技术受制于人是最大隐患，关键核心技术必须掌握在自己手中，实现自立自强、自主可控。",
                Audience::Internal,
                &[Ind],
            ),
            record("i3", "我们要大力发展数字经济。", Audience::Internal, &[Ind]),
        ])
    }

    /// A miss is explained by the acceptable partners it was not given: one sharing a frame and left free
    /// is a ranking miss (named, with a score no higher than the chosen pair's); with none sharing a frame,
    /// the frames do not reach the acceptable partners.
    #[test]
    fn a_miss_names_the_acceptable_partner_passed_over() {
        use Theme::Indigenization as Ind;
        let idx = market_rebuttal_and_three_internals();
        let rules = RuleSet::builtin().unwrap();
        let eval = |acceptable: &[&str]| {
            let set = JudgedSet {
                judged: vec![judged("e1", Ind, acceptable, &[])],
                ..JudgedSet::default()
            };
            evaluate(&idx, &rules, &set, &PairOptions::default(), Scope::Judged).unwrap()
        };
        // The fuller statement of self-reliance wins; the one-line one, acceptable, was left free.
        let m = eval(&["i1", "i3"]);
        let item = &m.items[0];
        assert_eq!(item.partner.as_deref(), Some("i2"));
        assert_eq!(item.outcome, Outcome::Unjudged);
        assert_eq!(item.cause, Some(MissCause::RankedBelow));
        let passed = item
            .best_acceptable
            .as_ref()
            .expect("an acceptable partner passed over");
        assert_eq!(passed.id, "i1");
        assert_eq!(passed.taken_by, None);
        assert!(!passed.frames.is_empty());
        let chosen = item.score.expect("the chosen pair's score");
        assert!(passed.score <= chosen, "{} > {chosen}", passed.score);
        // No acceptable partner shares a frame: the frames do not reach it.
        let m = eval(&["i3"]);
        assert_eq!(m.items[0].cause, Some(MissCause::NoAcceptableFrame));
        assert_eq!(m.items[0].best_acceptable, None);
        // A hit has no cause.
        let m = eval(&["i2"]);
        assert_eq!(m.items[0].outcome, Outcome::Acceptable);
        assert_eq!(m.items[0].cause, None);
    }

    /// The candidate dump lists only framed candidates, best first, as `contrast` scores them (the chosen
    /// partner first here), with the judge's verdict, who took each, and where the first acceptable one is.
    #[test]
    fn candidates_are_the_framed_ones_best_first_with_verdicts() {
        use Theme::Indigenization as Ind;
        let idx = market_rebuttal_and_three_internals();
        let rules = RuleSet::builtin().unwrap();
        let set = JudgedSet {
            judged: vec![judged("e1", Ind, &["i1"], &["i2"])],
            ..JudgedSet::default()
        };
        let m = evaluate(&idx, &rules, &set, &PairOptions::default(), Scope::Judged).unwrap();
        let lists = candidates(&idx, &rules, &set.judged, &m, 5, false).unwrap();
        assert_eq!(lists.len(), 1);
        let l = &lists[0];
        assert_eq!(l.partner.as_deref(), Some("i2"));
        assert_eq!(l.outcome, Outcome::Related);
        let ids: Vec<&str> = l.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["i2", "i1"], "i3 takes no frame against e1");
        assert_eq!(l.framed, 2);
        assert_eq!(l.first_acceptable, Some(2));
        assert_eq!(l.candidates[0].verdict, Verdict::Related);
        assert_eq!(l.candidates[1].verdict, Verdict::Acceptable);
        assert_eq!(l.candidates[0].taken_by.as_deref(), Some("e1"));
        assert_eq!(l.candidates[1].taken_by, None);
        assert!(l.candidates[0].scored.score >= l.candidates[1].scored.score);
        // The components not in the score are filled in for every dumped candidate.
        for c in &l.candidates {
            let p = &c.scored.parts;
            assert!(p.cross_lingual, "an English external, Chinese internals");
            assert_eq!(p.words, 0.0, "no words are shared across languages");
            assert_eq!(p.frames_fired, c.scored.frames.len());
            assert!(p.frames_fired >= 1);
            assert_eq!(p.subjects_missed, 1.0, "no internal statement names Huawei");
            assert!(p.external_only > 0.0 && p.external_only <= 1.0);
            assert!(!p.near_duplicate);
        }
        // Each is scored as `contrast` scores it.
        let ext = idx.get("e1").unwrap().unwrap();
        let int = idx.get("i1").unwrap().unwrap();
        let stats = idx.word_stats().unwrap();
        let (score, parts, frames) = pair::score_pair(&rules, Ind, &stats, &ext, &int, false, None);
        assert_eq!(l.candidates[1].scored.score, score);
        assert_eq!(l.candidates[1].scored.parts, parts);
        assert_eq!(l.candidates[1].scored.frames, frames);
        // The top N only, but the chosen partner always.
        let top1 = candidates(&idx, &rules, &set.judged, &m, 1, false).unwrap();
        assert_eq!(top1[0].candidates.len(), 1);
        assert_eq!(top1[0].framed, 2);
    }

    /// A candidate that leaves unnamed the external statement's specific subject, which another framed
    /// candidate names, keeps `1 - SUBJECTS_MISSED_PENALTY` of its score ([`pair::naming`]); `contrast`'s
    /// pair, the candidate dump and `score_pair` among the theme's statements give the same score.
    #[test]
    fn a_partner_leaving_the_subject_unnamed_loses_the_same_everywhere() {
        use Theme::Indigenization as Ind;
        let idx = market_rebuttal_and_a_partner_naming_huawei();
        let rules = RuleSet::builtin().unwrap();
        let set = JudgedSet {
            judged: vec![judged("e1", Ind, &["i4"], &["i2"])],
            ..JudgedSet::default()
        };
        let opts = PairOptions::default();
        let m = evaluate(&idx, &rules, &set, &opts, Scope::Judged).unwrap();
        let lists = candidates(&idx, &rules, &set.judged, &m, 5, false).unwrap();
        let dumped = |id: &str| {
            lists[0]
                .candidates
                .iter()
                .find(|c| c.id == id)
                .unwrap_or_else(|| panic!("{id} is not a framed candidate"))
                .scored
                .clone()
        };
        let (named, unnamed) = (dumped("i4"), dumped("i2"));
        assert_eq!(named.parts.subjects_missed, 0.0, "i4 names Huawei");
        assert_eq!(named.parts.naming, 1.0);
        assert_eq!(unnamed.parts.subjects_missed, 1.0, "i2 does not");
        let penalty = rules.pair_weights.subjects_missed_penalty;
        assert!(
            (unnamed.parts.naming - (1.0 - penalty)).abs() < 1e-6,
            "{:?}",
            unnamed.parts
        );
        // The chosen pair's score and parts are the dump's.
        let table = pair::contrast_of(&idx, &rules, Ind, None, None, &opts).unwrap();
        assert_eq!(table.pairs.len(), 1);
        let p = &table.pairs[0];
        assert_eq!(p.internal.statement.id, "i4");
        assert_eq!(p.score, named.score);
        // The hub factor is the assignment's, not the pair's (docs/rules.md › hub58): the dump scores pairs
        // before the assignment, so it carries the neutral factor.
        assert_eq!(named.parts.hub, 1.0);
        assert_eq!(
            pair::ScoreParts {
                hub: 1.0,
                ..p.parts
            },
            named.parts
        );
        // score_pair among the theme's statements agrees; alone, a pair has nothing to be measured against.
        let (ext, int) = (
            idx.get("e1").unwrap().unwrap(),
            idx.get("i2").unwrap().unwrap(),
        );
        let stats = idx.word_stats().unwrap();
        let pool = [
            idx.get("i2").unwrap().unwrap(),
            idx.get("i4").unwrap().unwrap(),
        ];
        let least = pair::least_missed_among(&rules, Ind, &stats, &ext, &pool, false);
        assert_eq!(least, 0.0);
        let (among, parts, _) =
            pair::score_pair(&rules, Ind, &stats, &ext, &int, false, Some(least));
        assert_eq!((among, parts), (unnamed.score, unnamed.parts));
        let (alone, parts, _) = pair::score_pair(&rules, Ind, &stats, &ext, &int, false, None);
        assert_eq!(parts.naming, 1.0);
        assert!((among - alone * (1.0 - penalty)).abs() < 1e-6);
    }

    /// A dumped candidate's score recomputed from its raw parts ([`pair::RawParts`], the formula its doc gives and
    /// benches/pair_weights_fit.py uses) under the weights it was scored with.
    fn from_raw(s: &pair::Scored, w: &crate::rules::PairWeights, least: f32) -> f32 {
        let raw = s
            .raw
            .as_ref()
            .expect("a dumped candidate has its raw parts");
        let keep: f32 = raw
            .frames
            .iter()
            .map(|f| {
                let crossed = if f.crossed {
                    w.crossed_stance_factor
                } else {
                    1.0
                };
                let broad = if f.broad_unanswered {
                    w.broad_factor
                } else {
                    1.0
                };
                1.0 - f.weight * f.terms * crossed * broad
            })
            .product();
        let echo = if raw.echoed { w.echo_factor } else { 1.0 };
        let opposition = (1.0 - keep) * echo;
        let specific = if raw.subject_counted {
            1.0 + w.subject_bonus
                * (raw.subject_named + w.target_credit * raw.subject_targeted).min(1.0)
        } else {
            1.0
        };
        let p = &s.parts;
        let language = if p.language > 1.0 {
            1.0 + w.domestic_language_bonus
        } else {
            1.0
        };
        let mut score = (w.opposition_weight * opposition
            + (1.0 - w.opposition_weight) * p.subject)
            * (1.0 - w.focus_penalty * raw.length)
            * specific
            * language;
        if p.near_duplicate {
            score *= 0.2;
        }
        score.clamp(0.0, 1.0)
            * (1.0 - w.subjects_missed_penalty * (p.subjects_missed - least).clamp(0.0, 1.0))
    }

    /// The pair weights come from the rules (`[pair_weights]`), and a dumped candidate's raw parts give its score
    /// under them: under the built-in weights and under others, the recomputed score is the dumped one, and the
    /// other weights do change the scores.
    #[test]
    fn raw_parts_give_a_candidates_score_under_the_rules_pair_weights() {
        use Theme::Indigenization as Ind;
        let idx = market_rebuttal_and_a_partner_naming_huawei();
        let builtin = RuleSet::builtin().unwrap();
        let other_weights =
            "[pair_weights]\nopposition_weight = 0.6\ncrossed_stance_factor = 0.5\n\
             echo_factor = 0.3\nbroad_factor = 0.9\nsubject_bonus = 0.1\ntarget_credit = 0.2\n\
             domestic_language_bonus = 0.15\nsubjects_missed_penalty = 0.7\nfocus_penalty = 0.35\n";
        let files = RuleSet::source_files(None)
            .unwrap()
            .into_iter()
            .map(|mut f| {
                if f.path.ends_with("pair-weights.toml") {
                    f.text = other_weights.into();
                }
                f
            })
            .collect();
        let other = RuleSet::from_files(files).unwrap();
        assert_eq!(other.pair_weights.subject_bonus, 0.1);
        assert_ne!(other.pair_weights, builtin.pair_weights);
        let set = JudgedSet {
            judged: vec![judged("e1", Ind, &["i4"], &["i2"])],
            ..JudgedSet::default()
        };
        let opts = PairOptions::default();
        let mut scores = Vec::new();
        for rules in [&builtin, &other] {
            let m = evaluate(&idx, rules, &set, &opts, Scope::Judged).unwrap();
            let lists = candidates(&idx, rules, &set.judged, &m, 5, false).unwrap();
            let cands = &lists[0].candidates;
            assert_eq!(cands.len(), 2);
            let least = cands
                .iter()
                .map(|c| c.scored.parts.subjects_missed)
                .fold(f32::INFINITY, f32::min);
            for c in cands {
                let again = from_raw(&c.scored, &rules.pair_weights, least);
                assert!(
                    (again - c.scored.score).abs() < 1e-6,
                    "{again} {:?}",
                    c.scored
                );
            }
            scores.push(cands.iter().map(|c| c.scored.score).collect::<Vec<f32>>());
        }
        assert_ne!(scores[0], scores[1]);
    }

    fn parse(text: &str) -> Result<JudgedSet> {
        JudgedSet::parse("gold.json", text.as_bytes())
    }

    #[test]
    fn object_and_bare_array_are_read_unknown_keys_ignored() {
        let obj = parse(
            r#"{"description": "d", "extra": 1, "judged": [
                {"external": "a", "theme": "security", "acceptable": ["x"], "score": 2}]}"#,
        )
        .unwrap();
        assert_eq!(obj.description, "d");
        assert_eq!(obj.judged[0].theme, Theme::Security);
        let bare = parse("\u{feff} [{\"external\": \"a\", \"theme\": \"military-civil-fusion\", \"acceptable\": [], \"related\": [\"y\"]}]").unwrap();
        assert_eq!(bare.judged[0].theme, Theme::MilitaryCivilFusion);
        assert_eq!(bare.judged[0].related, ["y"]);
    }

    fn error(text: &str) -> String {
        let e = parse(text).unwrap_err();
        assert!(matches!(e, Error::PairsFile { .. }), "{e:?}");
        e.to_string()
    }

    #[test]
    fn bad_files_name_file_line_column_and_what_was_expected() {
        let e = error("{\"judged\": [\n  {\"external\": \"a\" \"theme\": \"security\"}]}");
        assert!(
            e.starts_with("gold.json:2:20: invalid JSON: expected `,` or `}`"),
            "{e}"
        );
        assert!(
            e.contains("expected an object with a `judged` array"),
            "{e}"
        );
        let e = error("[\n {\"external\": \"a\", \"theme\": \"farming\", \"acceptable\": []}\n]");
        assert!(e.starts_with("gold.json:2:"), "{e}");
        assert!(e.contains("unknown variant `farming`"), "{e}");
        let e = error("[\n {\"external\": \"a\", \"theme\": \"security\"}\n]");
        assert!(e.starts_with("gold.json:2:"), "{e}");
        assert!(e.contains("missing field `acceptable`"), "{e}");
        let e = error("{\"judged\": {}}");
        assert!(e.starts_with("gold.json:1:"), "{e}");
        assert!(e.contains("expected a sequence"), "{e}");
        assert!(error("").starts_with("gold.json:1:1: invalid JSON: EOF"));
        assert!(error("[]").contains("no judged external statement"));
        let dup = error(
            r#"[{"external": "a", "theme": "security", "acceptable": []},
                {"external": "a", "theme": "security", "acceptable": ["x"]}]"#,
        );
        assert!(dup.contains("judged items 1 and 2 both judge `a`"), "{dup}");
        // The same statement under two themes is two judgements.
        assert!(parse(
            r#"[{"external": "a", "theme": "security", "acceptable": []},
                {"external": "a", "theme": "standards", "acceptable": []}]"#
        )
        .is_ok());
    }
}
