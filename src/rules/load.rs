//! Reads rule files: parses the TOML, checks every rule, and reports every problem with file, line and column.

use crate::error::RuleProblem;
use crate::model::{Audience, Field, Level, Theme};
use crate::rules::lists::{ListTable, ListUse, RawList, TermList, TermSlot, WrittenTerms};
use crate::rules::stack::{StackFingerprint, StackGate, StackModel, StackSettings};
use crate::rules::theme_model::{ThemeGate, ThemeModel};
use crate::rules::word_model::{self, LangModel, TrainSettings, WordModel};
use crate::rules::{Concept, Example, Frame, Label, Rule, Settings, Side};
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Weights must lie in this range (and not be zero).
pub const WEIGHT_RANGE: std::ops::RangeInclusive<f32> = -10.0..=10.0;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "a rule file of [[rule]], [[frame]], [[concept]] or [[list]] tables")]
struct RawFile {
    #[serde(default)]
    audience: Option<Spanned<RawAudienceSettings>>,
    #[serde(default)]
    themes: Option<Spanned<RawThemeSettings>>,
    #[serde(default)]
    audience_model: Option<Spanned<RawAudienceModel>>,
    #[serde(default)]
    theme_model: Option<Spanned<RawThemeModel>>,
    #[serde(default)]
    theme_stack: Option<Spanned<RawThemeStack>>,
    #[serde(default)]
    pair_weights: Option<Spanned<RawPairWeights>>,
    #[serde(default)]
    aliases: BTreeMap<String, String>,
    #[serde(default)]
    rule: Vec<Spanned<RawRuleTable>>,
    #[serde(default)]
    speaker: Vec<Spanned<super::speakers::RawSpeaker>>,
    #[serde(default)]
    frame: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    concept: Vec<Spanned<RawConcept>>,
    #[serde(default)]
    list: Vec<Spanned<RawList>>,
}

/// Hands the matcher keys every kind of rule shares (`fields`, the terms, the context keys and the
/// examples), with their types, to the macro `$then`: the one list of them.
macro_rules! matcher_keys {
    ($then:ident! { $($args:tt)* }) => {
        $then! {
            $($args)*
            keys {
                fields: Option<Spanned<Vec<String>>>,
                phrases: Vec<Spanned<String>>,
                regex: Vec<Spanned<String>>,
                fuzzy: Vec<Spanned<String>>,
                fuzzy_threshold: Option<Spanned<f32>>,
                requires: Option<Spanned<RawRequires>>,
                within: Option<Spanned<u32>>,
                requires_in: Option<Spanned<Vec<String>>>,
                excludes: Vec<Spanned<String>>,
                excludes_in: Option<Spanned<Vec<String>>>,
                must_match: Vec<Spanned<RawExample>>,
                must_not_match: Vec<Spanned<RawExample>>,
            }
        }
    };
}

/// Declares [`RawMatcher`] from the key list.
macro_rules! raw_matcher {
    (keys { $($key:ident: $kty:ty,)* }) => {
        /// The matcher keys of a rule, a stance or a concept, as read (checked by [`check_rule`]).
        #[derive(Debug, Default)]
        struct RawMatcher {
            $($key: $kty,)*
        }
    };
}
matcher_keys!(raw_matcher! {});

/// Declares a raw TOML table that takes, besides its own keys, the matcher keys, and its `split` that
/// moves those keys out as a [`RawMatcher`]. The first key of the list (`fields`) comes after the table's
/// own keys, then the keys in `after_fields { … }`, then the rest, so that serde's "expected one of" lists
/// keep the order of the documentation.
macro_rules! with_matcher_keys {
    (
        $(#[$meta:meta])*
        struct $name:ident { $($(#[$fmeta:meta])* $field:ident: $ty:ty,)* }
        $(after_fields { $($(#[$gmeta:meta])* $gfield:ident: $gty:ty,)* })?
        keys { $first:ident: $first_ty:ty, $($key:ident: $kty:ty,)* }
    ) => {
        $(#[$meta])*
        struct $name {
            $($(#[$fmeta])* $field: $ty,)*
            #[serde(default)]
            $first: $first_ty,
            $($($(#[$gmeta])* $gfield: $gty,)*)?
            $(#[serde(default)] $key: $kty,)*
        }

        impl $name {
            /// The table's own keys, and its matcher keys.
            fn split(self) -> (($($ty,)* $($($gty,)*)?), RawMatcher) {
                let $name { $($field,)* $($($gfield,)*)? $first, $($key,)* } = self;
                (
                    ($($field,)* $($($gfield,)*)?),
                    RawMatcher { $first, $($key,)* },
                )
            }
        }
    };
}

matcher_keys!(with_matcher_keys! {
    /// One side of a frame: a rule without id or label (the frame gives both).
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[serde(expecting = "a stance table (`phrases` and the other rule keys)")]
    struct RawStance {
        #[serde(default)]
        summary: String,
        #[serde(default)]
        why: String,
        #[serde(default)]
        charge: Vec<Spanned<String>>,
    }
});

impl RawStance {
    /// The stance as a rule with the given id and label text; its own summary and why, else the frame's.
    fn into_rule(self, id: Spanned<String>, label: &str, summary: String, why: String) -> RawRule {
        let span = id.span();
        let ((own_summary, own_why, _charge), m) = self.split();
        let or = |own: String, frame: String| if own.is_empty() { frame } else { own };
        RawRule {
            id,
            label: Spanned::new(span, label.to_string()),
            summary: or(own_summary, summary),
            why: or(own_why, why),
            weight: None,
            level: None,
            m,
        }
    }
}

/// An opposition frame: what the external voice says and what the internal voice says on one subject.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "a [[frame]] table with `id`, `summary`, `external` and `internal`")]
struct RawFrame {
    id: Spanned<String>,
    summary: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    themes: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    weight: Option<Spanned<f32>>,
    #[serde(default)]
    echo: bool,
    #[serde(default)]
    broad: bool,
    external: Spanned<RawStance>,
    internal: Spanned<RawStance>,
}

/// A concept of the bilingual lexicon: an id, its English and its Chinese forms, and the usual matcher
/// keys for the forms that need context.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "a [[concept]] table with `id`, `en` and `zh`")]
struct RawConcept {
    id: Spanned<String>,
    #[serde(default)]
    en: Vec<Spanned<String>>,
    #[serde(default)]
    zh: Vec<Spanned<String>>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    family: Option<Spanned<String>>,
    #[serde(default)]
    targets: Vec<Spanned<String>>,
    #[serde(default)]
    targets_why: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    requires: Option<Spanned<RawRequires>>,
    #[serde(default)]
    within: Option<Spanned<u32>>,
    #[serde(default)]
    excludes: Vec<Spanned<String>>,
    #[serde(default)]
    must_match: Vec<Spanned<RawExample>>,
    #[serde(default)]
    must_not_match: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "an [audience] table")]
struct RawAudienceSettings {
    default: Spanned<String>,
}

/// The audience word model (`rules train-audience` writes it; see `word_model.rs`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(
    expecting = "an [audience_model] table with `trained_on`, `smoothing`, `min_count`, `margin`, `en` and `zh`"
)]
struct RawAudienceModel {
    trained_on: Vec<String>,
    smoothing: Spanned<f32>,
    min_count: Spanned<u32>,
    margin: Spanned<f32>,
    #[serde(default)]
    outranks: Vec<Spanned<String>>,
    #[serde(default)]
    outrank_margin: Option<Spanned<f32>>,
    en: RawLangModel,
    zh: RawLangModel,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "a language table with `statements` and `counts`")]
struct RawLangModel {
    statements: [u32; 2],
    counts: BTreeMap<Spanned<String>, [u32; 2]>,
}

/// The theme word model (`rules train-themes` writes it; see `theme_model.rs`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(
    expecting = "a [theme_model] table with `trained_on`, `smoothing`, `min_count`, the optional margins `weak_margin`, `bare_margin`, `remove_margin`, `en` and `zh`"
)]
struct RawThemeModel {
    trained_on: Vec<String>,
    smoothing: Spanned<f32>,
    min_count: Spanned<u32>,
    #[serde(default)]
    weak_margin: Option<Spanned<f32>>,
    #[serde(default)]
    bare_margin: Option<Spanned<f32>>,
    #[serde(default)]
    remove_margin: Option<Spanned<f32>>,
    en: RawThemeLang,
    zh: RawThemeLang,
}

/// The stacked theme model (`rules train-stack` writes it; see `stack.rs`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(
    expecting = "a [theme_stack] table with `trained_on`, `c`, `min_df`, `min_weight`, `iterations`, `on`, `add`, `remove`, `trap_veto`, `bias` and `weights`, and optionally `classified` and `without`"
)]
struct RawThemeStack {
    trained_on: Vec<String>,
    /// Pre-classified files also trained on (none: labelled files alone).
    #[serde(default)]
    classified: Vec<String>,
    c: Spanned<f32>,
    min_df: u32,
    min_weight: f32,
    iterations: u32,
    on: bool,
    add: Spanned<f32>,
    remove: Spanned<f32>,
    trap_veto: bool,
    /// The feature families it was trained without (left out: none).
    #[serde(default)]
    without: Option<Spanned<Vec<String>>>,
    bias: [f32; 5],
    #[serde(default)]
    fingerprint: RawStackFingerprint,
    weights: BTreeMap<String, [f32; 5]>,
}

/// The pairing scorer's weights (`[pair_weights]`, rules/pair-weights.toml): every one required but the hub
/// bonus's two (0, off, when absent), each a number from 0 to 1 ([`crate::rules::PairWeights`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(
    expecting = "a [pair_weights] table with `opposition_weight`, `crossed_stance_factor`, `echo_factor`, `broad_factor`, `subject_bonus`, `target_credit`, `domestic_language_bonus`, `subjects_missed_penalty` and `focus_penalty`, optionally `hub_fraction` and `hub_bonus`, and optionally a [pair_weights.focus_penalty_by_theme] table of theme to number"
)]
struct RawPairWeights {
    opposition_weight: f32,
    crossed_stance_factor: f32,
    echo_factor: f32,
    broad_factor: f32,
    subject_bonus: f32,
    target_credit: f32,
    domestic_language_bonus: f32,
    subjects_missed_penalty: f32,
    focus_penalty: f32,
    /// `focus_penalty` for one theme's pairs (optional; [`crate::rules::PairWeights::focus_penalty_by_theme`]).
    #[serde(default)]
    focus_penalty_by_theme: BTreeMap<String, f32>,
    /// The hub share's fraction (optional, 0 = off; [`crate::rules::PairWeights::hub_fraction`]).
    #[serde(default)]
    hub_fraction: f32,
    /// The hub share's bonus (optional, 0 = off; [`crate::rules::PairWeights::hub_bonus`]).
    #[serde(default)]
    hub_bonus: f32,
}

/// Checks a `[pair_weights]` table: every weight a number from 0 to 1, every theme of
/// `focus_penalty_by_theme` a theme.
fn check_pair_weights(
    loc: &Locator<'_>,
    span: Range<usize>,
    raw: RawPairWeights,
    problems: &mut Vec<RuleProblem>,
) -> Option<super::PairWeights> {
    let mut w = super::PairWeights {
        opposition_weight: raw.opposition_weight,
        crossed_stance_factor: raw.crossed_stance_factor,
        echo_factor: raw.echo_factor,
        broad_factor: raw.broad_factor,
        subject_bonus: raw.subject_bonus,
        target_credit: raw.target_credit,
        domestic_language_bonus: raw.domestic_language_bonus,
        subjects_missed_penalty: raw.subjects_missed_penalty,
        focus_penalty: raw.focus_penalty,
        focus_penalty_by_theme: [None; 5],
        hub_fraction: raw.hub_fraction,
        hub_bonus: raw.hub_bonus,
    };
    let before = problems.len();
    for (theme, &v) in &raw.focus_penalty_by_theme {
        let Some(t) = crate::model::Theme::parse(theme) else {
            let names: Vec<&str> = crate::model::Theme::ALL
                .iter()
                .map(|t| t.as_str())
                .collect();
            let hint = crate::text::nearest(theme, names.iter().copied())
                .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
            problems.push(loc.problem(
                Some(span.clone()),
                None,
                format!(
                    "`{theme}` of [pair_weights.focus_penalty_by_theme] is no theme (one of {}){hint}",
                    names.join(", ")
                ),
            ));
            continue;
        };
        if !(0.0..=1.0).contains(&v) {
            problems.push(loc.problem(
                Some(span.clone()),
                None,
                format!("{theme} of [pair_weights.focus_penalty_by_theme] is {v}, expected a number from 0 to 1"),
            ));
            continue;
        }
        w.focus_penalty_by_theme[t.index()] = Some(v);
    }
    for (name, v) in w.named() {
        if !(0.0..=1.0).contains(&v) {
            problems.push(loc.problem(
                Some(span.clone()),
                None,
                format!("{name} of [pair_weights] is {v}, expected a number from 0 to 1"),
            ));
        }
    }
    // The hub bonus is on only with both of its numbers: one alone does nothing, and is refused as a slip.
    if (w.hub_fraction > 0.0) != (w.hub_bonus > 0.0) {
        problems.push(loc.problem(
            Some(span.clone()),
            None,
            format!(
                "hub_fraction ({}) and hub_bonus ({}) of [pair_weights] turn the hub bonus on together: set both above 0, or both to 0 (off)",
                w.hub_fraction, w.hub_bonus
            ),
        ));
    }
    (problems.len() == before).then_some(w)
}

/// What the stacked model was trained on, hashed (`[theme_stack.fingerprint]`; absent in files written before
/// session 29).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(
    expecting = "a [theme_stack.fingerprint] table with `rules` and `data`, each a table of file name to hash"
)]
struct RawStackFingerprint {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    data: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(
    expecting = "a language table with `statements` and `counts`, each six numbers: all, then ambition, indigenization, security, standards, military-civil-fusion"
)]
struct RawThemeLang {
    statements: Spanned<[u32; 6]>,
    counts: BTreeMap<Spanned<String>, Spanned<[u32; 6]>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "a [theme] table")]
struct RawThemeSettings {
    threshold: Spanned<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawRequires {
    Any(Vec<String>),
    Groups(Vec<Vec<String>>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawExample {
    Text(String),
    Fields(BTreeMap<String, String>),
}

matcher_keys!(with_matcher_keys! {
    /// A `[[rule]]` table.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[serde(expecting = "a [[rule]] table with `id`, `label`, `summary` and `phrases`")]
    struct RawRuleTable {
        id: Spanned<String>,
        label: Spanned<String>,
        summary: String,
        #[serde(default)]
        why: String,
    }
    after_fields {
        #[serde(default)]
        weight: Option<Spanned<f32>>,
        #[serde(default)]
        level: Option<Spanned<String>>,
    }
});

/// A rule as [`check_rule`] reads it, from a `[[rule]]` table, a frame's stance or a concept.
#[derive(Debug)]
struct RawRule {
    id: Spanned<String>,
    label: Spanned<String>,
    summary: String,
    why: String,
    weight: Option<Spanned<f32>>,
    level: Option<Spanned<String>>,
    m: RawMatcher,
}

impl From<RawRuleTable> for RawRule {
    fn from(t: RawRuleTable) -> RawRule {
        let ((id, label, summary, why, weight, level), m) = t.split();
        RawRule {
            id,
            label,
            summary,
            why,
            weight,
            level,
            m,
        }
    }
}

/// A rule file's name and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it came from (`<built-in>/…` for the compiled-in rules).
    pub path: PathBuf,
    /// Its TOML text.
    pub text: String,
}

/// What [`parse_files`] found: the rules and settings, or nothing at all when any problem was found.
pub struct Parsed {
    pub rules: Vec<Rule>,
    pub frames: Vec<Frame>,
    pub concepts: Vec<Concept>,
    pub speakers: Vec<super::speakers::Speaker>,
    pub settings: Settings,
    pub aliases: BTreeMap<String, String>,
    pub audience_model: Option<WordModel>,
    pub theme_model: Option<ThemeModel>,
    pub theme_stack: Option<StackModel>,
    /// The file the stacked model came from: its own bytes are not part of what it was trained with.
    pub theme_stack_file: Option<PathBuf>,
    /// The file the theme word model came from.
    pub theme_model_file: Option<PathBuf>,
    /// The pairing scorer's weights (`[pair_weights]`; the defaults when no file sets them).
    pub pair_weights: super::PairWeights,
    /// The file that set them.
    pub pair_weights_file: Option<PathBuf>,
    /// The named term lists.
    pub lists: Vec<TermList>,
}

pub(super) struct Locator<'a> {
    pub(super) path: &'a Path,
    text: &'a str,
    /// Whether each rule's regexes are compiled (and linted); off only for a command that never matches.
    compile_regexes: bool,
}

/// Keeps a model table (`[audience_model]`, `[theme_model]`, `[theme_stack]`) that may be set in one rule file
/// only: a second one replaces the first and is reported at its span, naming the file that set it before.
fn set_once<M>(
    slot: &mut Option<(M, PathBuf)>,
    table: &str,
    model: M,
    path: PathBuf,
    loc: &Locator<'_>,
    span: Range<usize>,
    problems: &mut Vec<RuleProblem>,
) {
    if let Some((_, other)) = slot {
        problems.push(loc.problem(
            Some(span),
            None,
            format!(
                "[{table}] is set again (already set in {})",
                other.display()
            ),
        ));
    }
    *slot = Some((model, path));
}

impl Locator<'_> {
    /// The 1-based line where a span starts.
    pub(super) fn line_of(&self, span: Range<usize>) -> usize {
        let start = span.start.min(self.text.len());
        self.text[..start].matches('\n').count() + 1
    }

    pub(super) fn problem(
        &self,
        span: Option<Range<usize>>,
        rule: Option<&str>,
        message: impl Into<String>,
    ) -> RuleProblem {
        let (line, column, snippet) = match span {
            Some(span) => {
                let start = span.start.min(self.text.len());
                let before = &self.text[..start];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = self.text[line_start..start].chars().count() + 1;
                let snippet = self.text[line_start..]
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string();
                (Some(line), Some(column), Some(snippet))
            }
            None => (None, None, None),
        };
        RuleProblem {
            path: self.path.to_path_buf(),
            line,
            column,
            rule: rule.map(str::to_string),
            message: message.into(),
            snippet,
        }
    }
}

/// Parses and checks all files together; returns every problem found, or the rules when there are none.
pub fn parse_files(files: &[SourceFile]) -> Result<Parsed, Vec<RuleProblem>> {
    parse_files_with(files, true)
}

/// [`parse_files`], compiling each rule's regexes only when `compile_regexes` (a command that never matches
/// a statement, such as `contrast`, leaves every rule's `regexes` empty).
pub fn parse_files_with(
    files: &[SourceFile],
    compile_regexes: bool,
) -> Result<Parsed, Vec<RuleProblem>> {
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    let mut speakers = Vec::new();
    let mut default_audience: Option<(Audience, PathBuf)> = None;
    let mut threshold: Option<(f32, PathBuf)> = None;
    let mut audience_model: Option<(WordModel, PathBuf)> = None;
    let mut theme_model: Option<(ThemeModel, PathBuf)> = None;
    let mut theme_stack: Option<(StackModel, PathBuf)> = None;
    let mut pair_weights: Option<(super::PairWeights, PathBuf)> = None;
    let mut aliases = BTreeMap::new();
    let mut seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut concepts: Vec<Concept> = Vec::new();
    // Each concept's `targets`, checked once every file's concepts are known: (file, concept, target).
    let mut targets: Vec<(usize, String, Spanned<String>)> = Vec::new();

    let locs: Vec<Locator> = files
        .iter()
        .map(|file| Locator {
            path: &file.path,
            text: &file.text,
            compile_regexes,
        })
        .collect();
    // Every file is read first, so that the term lists of all files are known before any rule refers to one.
    let mut read: Vec<(Option<RawFile>, bool, Vec<RuleProblem>)> = Vec::new();
    for loc in &locs {
        let mut found_problems = Vec::new();
        let mut tolerant = false;
        let raw = match toml::from_str::<RawFile>(loc.text) {
            Ok(raw) => Some(raw),
            Err(e) => {
                // The toml crate's message already says what was expected; keep it, add the place.
                // serde stops at the first error, so each table is read again on its own: the tables that
                // read go on to every other check, the others report their own error.
                let first = loc.problem(e.span(), None, serde_message(&e));
                match read_each_table(loc) {
                    Some((raw, found)) => {
                        let same = |p: &RuleProblem| {
                            (p.line, p.column, &p.message)
                                == (first.line, first.column, &first.message)
                        };
                        if !found.iter().any(same) {
                            found_problems.push(first);
                        }
                        found_problems.extend(found);
                        tolerant = true;
                        Some(raw)
                    }
                    None => {
                        found_problems.push(first);
                        None
                    }
                }
            }
        };
        read.push((raw, tolerant, found_problems));
    }
    let mut raw_lists = Vec::new();
    for (file_no, (raw, _, _)) in read.iter_mut().enumerate() {
        if let Some(raw) = raw {
            raw_lists.extend(
                std::mem::take(&mut raw.list)
                    .into_iter()
                    .map(|l| (file_no, l)),
            );
        }
    }
    let mut list_problems = Vec::new();
    let mut lists = ListTable::build(raw_lists, &locs, &mut list_problems);

    for (file_no, (file, (raw, tolerant, found))) in files.iter().zip(read).enumerate() {
        let loc = &locs[file_no];
        let before_file = problems.len();
        problems.extend(found);
        let Some(raw) = raw else {
            continue;
        };
        if let Some(a) = &raw.audience {
            match Audience::parse(a.get_ref().default.get_ref()) {
                Some(aud) => {
                    if let Some((_, other)) = &default_audience {
                        problems.push(loc.problem(
                            Some(a.span()),
                            None,
                            format!(
                                "[audience] is set again (already set in {})",
                                other.display()
                            ),
                        ));
                    }
                    default_audience = Some((aud, file.path.clone()));
                }
                None => problems.push(loc.problem(
                    Some(a.get_ref().default.span()),
                    None,
                    format!(
                        "unknown audience `{}`, expected `external` or `internal`",
                        a.get_ref().default.get_ref()
                    ),
                )),
            }
        }
        if let Some(m) = raw.audience_model {
            let span = m.span();
            if let Some(model) = check_audience_model(loc, m.into_inner(), &mut problems) {
                set_once(
                    &mut audience_model,
                    "audience_model",
                    model,
                    file.path.clone(),
                    loc,
                    span,
                    &mut problems,
                );
            }
        }
        if let Some(m) = raw.theme_model {
            let span = m.span();
            if let Some(model) = check_theme_model(loc, m.into_inner(), &mut problems) {
                set_once(
                    &mut theme_model,
                    "theme_model",
                    model,
                    file.path.clone(),
                    loc,
                    span,
                    &mut problems,
                );
            }
        }
        if let Some(m) = raw.theme_stack {
            let span = m.span();
            if let Some(model) = check_theme_stack(loc, m.into_inner(), &mut problems) {
                set_once(
                    &mut theme_stack,
                    "theme_stack",
                    model,
                    file.path.clone(),
                    loc,
                    span,
                    &mut problems,
                );
            }
        }
        if let Some(w) = raw.pair_weights {
            let span = w.span();
            if let Some(w) = check_pair_weights(loc, span.clone(), w.into_inner(), &mut problems) {
                set_once(
                    &mut pair_weights,
                    "pair_weights",
                    w,
                    file.path.clone(),
                    loc,
                    span,
                    &mut problems,
                );
            }
        }
        if let Some(t) = &raw.themes {
            let v = *t.get_ref().threshold.get_ref();
            if !(v > 0.0 && v <= 100.0) {
                problems.push(loc.problem(Some(t.get_ref().threshold.span()), None,
                    format!("theme threshold {v} is out of range, expected a number above 0 and at most 100")));
            } else {
                if let Some((_, other)) = &threshold {
                    problems.push(loc.problem(
                        Some(t.span()),
                        None,
                        format!("[themes] is set again (already set in {})", other.display()),
                    ));
                }
                threshold = Some((v, file.path.clone()));
            }
        }
        for (k, v) in &raw.aliases {
            aliases.insert(
                crate::text::normalize_term(k),
                crate::text::normalize_term(v),
            );
        }
        for spanned in raw.rule {
            let line = loc
                .problem(Some(spanned.span()), None, "")
                .line
                .unwrap_or(0);
            let raw = RawRule::from(spanned.into_inner());
            let before = problems.len();
            let id = raw.id.get_ref().clone();
            if let Some((path, l)) = seen.get(&id) {
                problems.push(loc.problem(
                    Some(raw.id.span()),
                    Some(&id),
                    format!(
                        "duplicate rule id (first defined at {}:{l})",
                        path.display()
                    ),
                ));
            } else {
                seen.insert(id.clone(), (file.path.clone(), line));
            }
            if let Some(rule) = check_rule(loc, raw, None, line, &lists, &mut problems) {
                if problems.len() == before {
                    rules.push(rule);
                }
            }
        }
        for spanned in raw.frame {
            let line = loc.line_of(spanned.span());
            let span = spanned.span();
            let raw = spanned.into_inner();
            let id = raw.id.get_ref().clone();
            let mut claim = |key: String, at: Range<usize>, problems: &mut Vec<RuleProblem>| {
                if let Some((path, l)) = seen.get(&key) {
                    problems.push(loc.problem(
                        Some(at),
                        Some(&key),
                        format!("duplicate id (first defined at {}:{l})", path.display()),
                    ));
                    false
                } else {
                    seen.insert(key, (file.path.clone(), line));
                    true
                }
            };
            // A stance's rule id is made from the frame's: a duplicate frame is said once, not three times.
            let unique = claim(id.clone(), raw.id.span(), &mut problems);
            let before = problems.len();
            let mut themes = Vec::new();
            if let Some(t) = &raw.themes {
                for name in t.get_ref() {
                    match Theme::parse(name) {
                        Some(x) => themes.push(x),
                        None => problems.push(loc.problem(
                            Some(t.span()),
                            Some(&id),
                            format!(
                                "unknown theme `{name}`, expected one of {}",
                                Theme::ALL.map(|t| t.as_str()).join(", ")
                            ),
                        )),
                    }
                }
            }
            let weight = raw.weight.as_ref().map_or(0.8, |w| *w.get_ref());
            if let Some(w) = &raw.weight {
                if !(weight > 0.0 && weight <= 1.0) {
                    problems.push(loc.problem(
                        Some(w.span()),
                        Some(&id),
                        format!("frame weight {weight} is out of range, expected a number above 0 and at most 1"),
                    ));
                }
            }
            if raw.summary.trim().is_empty() {
                problems.push(loc.problem(
                    Some(span.clone()),
                    Some(&id),
                    "a frame needs a `summary`",
                ));
            }
            let frame_index = frames.len();
            let mut sides = [None, None];
            let mut charge = Vec::new();
            for (k, (side, stance)) in [
                (Side::External, raw.external),
                (Side::Internal, raw.internal),
            ]
            .into_iter()
            .enumerate()
            {
                let rule_id = Frame::stance_rule_id(&id, side);
                let sline = loc.line_of(stance.span());
                if unique {
                    claim(rule_id.clone(), stance.span(), &mut problems);
                }
                let mut stance = stance.into_inner();
                let marked = std::mem::take(&mut stance.charge);
                if side == Side::External {
                    charge = charge_terms(loc, &id, &marked, &stance, &mut problems);
                } else if let Some(first) = marked.first() {
                    problems.push(loc.problem(
                        Some(first.span()),
                        Some(&rule_id),
                        "`charge` marks words of the external stance (the charge the outward voice rebuts); \
                         the internal stance is the home voice's own, and has none",
                    ));
                }
                let rule = stance.into_rule(
                    Spanned::new(raw.id.span(), rule_id),
                    side.as_str(),
                    raw.summary.clone(),
                    raw.why.clone(),
                );
                let label = Label::Stance {
                    frame: frame_index as u16,
                    side,
                };
                sides[k] = check_rule(loc, rule, Some(label), sline, &lists, &mut problems);
            }
            if let ([Some(e), Some(i)], true) = (sides, problems.len() == before) {
                frames.push(Frame {
                    id,
                    summary: raw.summary,
                    why: raw.why,
                    note: raw.note,
                    themes,
                    weight,
                    echo: raw.echo,
                    broad: raw.broad,
                    charge,
                    external: rules.len(),
                    internal: rules.len() + 1,
                    path: file.path.clone(),
                    line,
                });
                rules.push(e);
                rules.push(i);
            }
        }
        for spanned in raw.concept {
            let line = loc.line_of(spanned.span());
            let raw = spanned.into_inner();
            let id = raw.id.get_ref().clone();
            let rule_id = Concept::rule_id(&id);
            if let Some((path, l)) = seen.get(&rule_id) {
                problems.push(loc.problem(
                    Some(raw.id.span()),
                    Some(&id),
                    format!(
                        "duplicate concept id (first defined at {}:{l})",
                        path.display()
                    ),
                ));
            } else {
                seen.insert(rule_id.clone(), (file.path.clone(), line));
            }
            if raw.en.is_empty() && raw.zh.is_empty() {
                problems.push(loc.problem(
                    Some(raw.id.span()),
                    Some(&id),
                    "a concept needs at least one form in `en` or `zh`",
                ));
                continue;
            }
            let before = problems.len();
            if let Some(kind) = &raw.kind {
                if !Concept::KINDS.contains(&kind.get_ref().as_str()) {
                    problems.push(loc.problem(
                        Some(kind.span()),
                        Some(&id),
                        format!(
                            "unknown concept kind {:?} (one of: {})",
                            kind.get_ref(),
                            Concept::KINDS.join(", ")
                        ),
                    ));
                }
            }
            if let (Some(family), None) = (&raw.family, &raw.kind) {
                problems.push(loc.problem(
                    Some(family.span()),
                    Some(&id),
                    "a concept's `family` needs a `kind`",
                ));
            }
            if !raw.targets.is_empty() {
                if raw.kind.is_none() {
                    problems.push(loc.problem(
                        Some(raw.targets[0].span()),
                        Some(&id),
                        "a concept's `targets` need a `kind`: only a specific subject (a measure, a firm…) \
                         is aimed at or belongs to another",
                    ));
                }
                if raw.targets_why.trim().is_empty() {
                    problems.push(loc.problem(
                        Some(raw.targets[0].span()),
                        Some(&id),
                        "a concept's `targets` need a `targets_why`: why the measure is aimed at them, or why \
                         they are the firm's sector",
                    ));
                }
            } else if !raw.targets_why.is_empty() {
                problems.push(loc.problem(
                    Some(raw.id.span()),
                    Some(&id),
                    "`targets_why` without `targets`",
                ));
            }
            let kind = raw.kind.map(|k| k.into_inner());
            let family = raw.family.map(|f| f.into_inner());
            let target_ids: Vec<String> = raw.targets.iter().map(|t| t.get_ref().clone()).collect();
            targets.extend(raw.targets.into_iter().map(|t| (file_no, id.clone(), t)));
            // A form that names a term list stands for its terms.
            let forms = |list: &[Spanned<String>]| {
                let mut out = Vec::new();
                for s in list {
                    match super::lists::reference(s.get_ref()).map(|r| lists.resolve(r)) {
                        Some(Ok((_, terms))) => out.extend(terms.iter().cloned()),
                        Some(Err(_)) => {}
                        None => out.push(s.get_ref().clone()),
                    }
                }
                out
            };
            let (en, zh) = (forms(&raw.en), forms(&raw.zh));
            let summary = format!(
                "{} / {}",
                en.first().map_or("", |s| s.as_str()),
                zh.first().map_or("", |s| s.as_str())
            );
            let rule = RawRule {
                id: Spanned::new(raw.id.span(), rule_id),
                label: Spanned::new(raw.id.span(), "concept".into()),
                summary,
                why: raw.why,
                weight: None,
                level: None,
                m: RawMatcher {
                    phrases: raw.en.into_iter().chain(raw.zh).collect(),
                    requires: raw.requires,
                    within: raw.within,
                    excludes: raw.excludes,
                    must_match: raw.must_match,
                    must_not_match: raw.must_not_match,
                    ..RawMatcher::default()
                },
            };
            let label = Label::Concept(concepts.len() as u16);
            if let Some(rule) = check_rule(loc, rule, Some(label), line, &lists, &mut problems) {
                if problems.len() == before {
                    concepts.push(Concept {
                        id,
                        en,
                        zh,
                        kind,
                        family,
                        targets: target_ids,
                        targets_why: raw.targets_why,
                        rule: rules.len(),
                        path: file.path.clone(),
                        line,
                    });
                    rules.push(rule);
                }
            }
        }
        for spanned in raw.speaker {
            let span = spanned.span();
            let line = loc.problem(Some(span.clone()), None, "").line.unwrap_or(0);
            let Some((speaker, generated)) =
                super::speakers::compile(loc, spanned.into_inner(), line, &lists, &mut problems)
            else {
                continue;
            };
            for rule in generated {
                if let Some((path, l)) = seen.get(&rule.id) {
                    problems.push(loc.problem(
                        Some(span.clone()),
                        Some(&rule.id),
                        format!(
                            "duplicate rule id (first defined at {}:{l})",
                            path.display()
                        ),
                    ));
                    continue;
                }
                seen.insert(rule.id.clone(), (file.path.clone(), line));
                rules.push(rule);
            }
            speakers.push(speaker);
        }
        if tolerant {
            problems[before_file..].sort_by_key(|p| (p.line, p.column));
        }
    }
    for (file_no, id, target) in &targets {
        let file = &files[*file_no];
        let loc = Locator {
            path: &file.path,
            text: &file.text,
            compile_regexes,
        };
        let t = target.get_ref();
        let message = if t == id {
            format!("concept {id:?} cannot target itself")
        } else if !concepts.iter().any(|c| &c.id == t) {
            format!("`targets` names {t:?}, which is no concept's id")
        } else if targets
            .iter()
            .filter(|(_, i, u)| i == id && u.get_ref() == t)
            .count()
            > 1
        {
            format!("`targets` names {t:?} twice")
        } else {
            continue;
        };
        problems.push(loc.problem(Some(target.span()), Some(id), message));
    }
    lists.report_unused(&locs, &mut list_problems);
    problems.extend(list_problems);
    for rule in &rules {
        for u in &rule.lists {
            if let Some(l) = lists.lists.iter_mut().find(|l| l.id == u.list) {
                if !l.used_by.contains(&rule.id) {
                    l.used_by.push(rule.id.clone());
                }
            }
        }
    }
    if rules.is_empty() && problems.is_empty() {
        problems.push(RuleProblem {
            path: files.first().map(|f| f.path.clone()).unwrap_or_default(),
            line: None,
            column: None,
            rule: None,
            message: "no rules found: a rule set needs at least one [[rule]]".into(),
            snippet: None,
        });
    }
    if problems.is_empty() {
        Ok(Parsed {
            rules,
            frames,
            concepts,
            speakers,
            settings: Settings {
                default_audience: default_audience.map_or(Audience::Internal, |d| d.0),
                theme_threshold: threshold.map_or(1.0, |t| t.0),
            },
            aliases,
            audience_model: audience_model.map(|m| m.0),
            theme_model_file: theme_model.as_ref().map(|m| m.1.clone()),
            theme_model: theme_model.map(|m| m.0),
            theme_stack_file: theme_stack.as_ref().map(|m| m.1.clone()),
            theme_stack: theme_stack.map(|m| m.0),
            pair_weights_file: pair_weights.as_ref().map(|m| m.1.clone()),
            pair_weights: pair_weights.map_or_else(super::PairWeights::default, |m| m.0),
            lists: lists.lists,
        })
    } else {
        Err(problems)
    }
}

/// Checks an `[audience_model]` table: settings in range, and every feature one that the model's own
/// feature extraction can produce (a hand-edited `"The"` or `"网"` would never match anything).
fn check_audience_model(
    loc: &Locator,
    raw: RawAudienceModel,
    problems: &mut Vec<RuleProblem>,
) -> Option<WordModel> {
    let before = problems.len();
    let smoothing = check_smoothing(loc, &raw.smoothing, problems);
    check_margin(loc, &raw.margin, problems);
    let margin = *raw.margin.get_ref();
    let min_count = check_min_count(loc, &raw.min_count, problems);
    let mut levels = Vec::new();
    for l in &raw.outranks {
        match crate::model::Level::parse(l.get_ref()) {
            Some(level) => levels.push(level),
            None => problems.push(loc.problem(
                Some(l.span()),
                None,
                format!(
                    "`outranks` names level `{}`, expected one of office, venue, speaker, relay, register",
                    l.get_ref()
                ),
            )),
        }
    }
    let outrank = match (&raw.outrank_margin, levels.is_empty()) {
        (Some(m), false) => {
            check_margin(loc, m, problems);
            crate::rules::word_model::OutrankGate::new(&levels, *m.get_ref())
        }
        (None, true) => crate::rules::word_model::OutrankGate::default(),
        _ => {
            problems.push(loc.problem(
                None,
                None,
                "[audience_model] needs `outranks` and `outrank_margin` together".to_string(),
            ));
            crate::rules::word_model::OutrankGate::default()
        }
    };
    let mut langs = Vec::new();
    for (name, lang) in [("en", raw.en), ("zh", raw.zh)] {
        let mut counts = BTreeMap::new();
        for (feature, c) in lang.counts {
            let span = feature.span();
            let f = feature.into_inner();
            if !feature_can_match(
                loc,
                &f,
                span.clone(),
                &format!("audience_model.{name}"),
                problems,
            ) {
            } else if c[0] + c[1] < min_count {
                problems.push(loc.problem(Some(span), None, format!(
                    "feature `{f}` of [audience_model.{name}] occurs in {} statements, fewer than min_count {min_count}", c[0] + c[1]
                )));
            }
            counts.insert(f, c);
        }
        langs.push(LangModel::from_counts(lang.statements, counts, smoothing));
    }
    if problems.len() > before {
        return None;
    }
    let zh = langs.pop()?;
    let en = langs.pop()?;
    Some(WordModel {
        trained_on: raw.trained_on,
        settings: TrainSettings {
            smoothing,
            min_count,
            margin,
            outrank,
        },
        langs: [en, zh],
    })
}

fn check_smoothing(loc: &Locator, v: &Spanned<f32>, problems: &mut Vec<RuleProblem>) -> f32 {
    let smoothing = *v.get_ref();
    if !(smoothing > 0.0 && smoothing <= 100.0) {
        problems.push(loc.problem(
            Some(v.span()),
            None,
            format!(
                "smoothing {smoothing} is out of range, expected a number above 0 and at most 100"
            ),
        ));
    }
    smoothing
}

fn check_margin(loc: &Locator, v: &Spanned<f32>, problems: &mut Vec<RuleProblem>) -> f32 {
    let margin = *v.get_ref();
    if !(0.0..=1000.0).contains(&margin) {
        problems.push(loc.problem(
            Some(v.span()),
            None,
            format!("margin {margin} is out of range, expected a number from 0 to 1000"),
        ));
    }
    margin
}

fn check_min_count(loc: &Locator, v: &Spanned<u32>, problems: &mut Vec<RuleProblem>) -> u32 {
    let min_count = *v.get_ref();
    if min_count == 0 {
        problems.push(loc.problem(
            Some(v.span()),
            None,
            "min_count 0 is out of range, expected at least 1",
        ));
    }
    min_count
}

/// Whether a word model's feature is one its own feature extraction can produce (a hand-edited `"The"`
/// or `"网"` would never match anything); reports it when not.
fn feature_can_match(
    loc: &Locator,
    f: &str,
    span: Range<usize>,
    table: &str,
    problems: &mut Vec<RuleProblem>,
) -> bool {
    let mut norm = crate::text::Normalized::default();
    norm.set(f);
    if norm.text != f || !word_model::features(f).iter().any(|x| x == f) {
        problems.push(loc.problem(Some(span), None, format!(
            "feature `{f}` of [{table}] can never match: features are lower-case words, two words joined by one space, or two Han characters in simplified script"
        )));
        return false;
    }
    true
}

/// Checks a `[theme_model]` table: settings and margins in range, every feature one the model can match,
/// and no theme count above the count of all statements it is part of.
fn check_theme_model(
    loc: &Locator,
    raw: RawThemeModel,
    problems: &mut Vec<RuleProblem>,
) -> Option<ThemeModel> {
    let before = problems.len();
    let smoothing = check_smoothing(loc, &raw.smoothing, problems);
    let min_count = check_min_count(loc, &raw.min_count, problems);
    let margin = |m: &Option<Spanned<f32>>, problems: &mut Vec<RuleProblem>| {
        m.as_ref().map(|m| check_margin(loc, m, problems))
    };
    let gate = ThemeGate {
        weak_margin: margin(&raw.weak_margin, problems),
        bare_margin: margin(&raw.bare_margin, problems),
        remove_margin: margin(&raw.remove_margin, problems),
    };
    let mut table = Vec::new();
    for (name, lang) in [("en", raw.en), ("zh", raw.zh)] {
        let within = |c: &[u32; 6]| c[1..].iter().all(|k| *k <= c[0]);
        let n = *lang.statements.get_ref();
        if !within(&n) {
            problems.push(loc.problem(Some(lang.statements.span()), None, format!(
                "statements of [theme_model.{name}]: a theme count is above the count of all statements ({})", n[0]
            )));
        }
        let mut counts = Vec::with_capacity(lang.counts.len());
        for (feature, c) in lang.counts {
            let span = feature.span();
            let f = feature.into_inner();
            let c_span = c.span();
            let c = c.into_inner();
            if !feature_can_match(
                loc,
                &f,
                span.clone(),
                &format!("theme_model.{name}"),
                problems,
            ) {
            } else if c[0] < min_count {
                problems.push(loc.problem(Some(span), None, format!(
                    "feature `{f}` of [theme_model.{name}] occurs in {} statements, fewer than min_count {min_count}", c[0]
                )));
            } else if !within(&c) || c[0] > n[0] || (1..6).any(|k| c[k] > n[k]) {
                problems.push(loc.problem(Some(c_span), None, format!(
                    "counts of feature `{f}` of [theme_model.{name}] are inconsistent: a theme count is above the feature's count {} or above the theme's statements", c[0]
                )));
            }
            counts.push((f, c));
        }
        table.push((n, counts));
    }
    if problems.len() > before {
        return None;
    }
    let zh = table.pop()?;
    let en = table.pop()?;
    Some(ThemeModel::from_table(
        raw.trained_on,
        smoothing,
        min_count,
        gate,
        &[en, zh],
    ))
}

/// Checks a `[theme_stack]` table: a positive `c`, probabilities in [0, 1], finite weights.
fn check_theme_stack(
    loc: &Locator,
    raw: RawThemeStack,
    problems: &mut Vec<RuleProblem>,
) -> Option<StackModel> {
    let before = problems.len();
    if raw.c.get_ref().partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        problems.push(loc.problem(
            Some(raw.c.span()),
            None,
            "c of [theme_stack] must be above 0",
        ));
    }
    for (name, p) in [("add", &raw.add), ("remove", &raw.remove)] {
        if !(0.0..=1.0).contains(p.get_ref()) {
            problems.push(loc.problem(
                Some(p.span()),
                None,
                format!("{name} of [theme_stack] is a probability, from 0 to 1"),
            ));
        }
    }
    if let Some((f, _)) = raw
        .weights
        .iter()
        .find(|(_, w)| w.iter().any(|v| !v.is_finite()))
    {
        problems.push(loc.problem(
            None,
            None,
            format!("weight of `{f}` in [theme_stack.weights] is not a finite number"),
        ));
    }
    let mut without = Vec::new();
    if let Some(names) = &raw.without {
        for n in names.get_ref() {
            match crate::rules::stack::Family::named(n) {
                Some(f) => without.push(f),
                None => problems.push(loc.problem(
                    Some(names.span()),
                    None,
                    format!(
                        "without of [theme_stack] names `{n}`, no feature family; one of {}",
                        crate::rules::stack::Family::ALL
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(
        StackModel::new(
            raw.trained_on,
            StackSettings {
                c: raw.c.into_inner(),
                min_df: raw.min_df,
                min_weight: raw.min_weight,
                iterations: raw.iterations,
                without: crate::rules::stack::Families::of(&without),
            },
            StackGate {
                on: raw.on,
                add: raw.add.into_inner(),
                remove: raw.remove.into_inner(),
                trap_veto: raw.trap_veto,
            },
            raw.bias,
            raw.weights,
        )
        .with_classified(raw.classified)
        .with_fingerprint(StackFingerprint {
            rules: raw.fingerprint.rules,
            data: raw.fingerprint.data,
        }),
    )
}

/// Checks one rule and compiles its terms; `fixed` is the label of a stance or concept (whose `label`
/// text is not the user's), `None` for a `[[rule]]`, whose label is read from the file.
fn check_rule(
    loc: &Locator,
    raw: RawRule,
    fixed: Option<Label>,
    line: usize,
    lists: &ListTable,
    problems: &mut Vec<RuleProblem>,
) -> Option<Rule> {
    let id = raw.id.get_ref().as_str();
    let mut bad =
        |span: Range<usize>, msg: String| problems.push(loc.problem(Some(span), Some(id), msg));

    if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
        bad(
            raw.id.span(),
            "a rule id must be non-empty and contain no spaces".into(),
        );
    }
    let label_text = raw.label.get_ref();
    let label = if let Some(l) = fixed {
        Some(l)
    } else if let Some(a) = Audience::parse(label_text) {
        Some(Label::Audience(a))
    } else if let Some(t) = Theme::parse(label_text) {
        Some(Label::Theme(t))
    } else {
        bad(raw.label.span(), format!(
            "unknown label `{label_text}`, expected an audience (external, internal) or a theme ({})",
            Theme::ALL.map(|t| t.as_str()).join(", ")));
        None
    };
    let field_list = |list: &Option<Spanned<Vec<String>>>,
                      key: &str,
                      bad: &mut dyn FnMut(Range<usize>, String)| {
        let mut out = Vec::new();
        if let Some(f) = list {
            for name in f.get_ref() {
                match Field::ALL.into_iter().find(|x| x.as_str() == name) {
                    Some(x) => out.push(x),
                    None => bad(f.span(), format!(
                        "unknown field `{name}` in `{key}`, expected one of text, speaker, role, venue, source")),
                }
            }
            if f.get_ref().is_empty() {
                bad(
                    f.span(),
                    format!("`{key}` is empty; leave it out to use the rule's `fields`"),
                );
            }
        }
        out
    };
    let requires_in = field_list(&raw.m.requires_in, "requires_in", &mut bad);
    let excludes_in = field_list(&raw.m.excludes_in, "excludes_in", &mut bad);
    if raw.m.requires_in.is_some() && raw.m.requires.is_none() {
        bad(
            raw.m.requires_in.as_ref().map_or(0..0, |r| r.span()),
            "`requires_in` is set but the rule has no `requires`".into(),
        );
    }
    if raw.m.excludes_in.is_some() && raw.m.excludes.is_empty() {
        bad(
            raw.m.excludes_in.as_ref().map_or(0..0, |r| r.span()),
            "`excludes_in` is set but the rule has no `excludes`".into(),
        );
    }
    let mut fields = Vec::new();
    match &raw.m.fields {
        Some(f) => {
            for name in f.get_ref() {
                match Field::ALL.into_iter().find(|x| x.as_str() == name) {
                    Some(x) => fields.push(x),
                    None => bad(f.span(), format!(
                        "unknown field `{name}`, expected one of text, speaker, role, venue, source")),
                }
            }
            if f.get_ref().is_empty() {
                bad(
                    f.span(),
                    "`fields` is empty, so the rule can never fire".into(),
                );
            }
        }
        None => fields.push(Field::Text),
    }
    let weight = raw.weight.as_ref().map_or(1.0, |w| *w.get_ref());
    if let Some(w) = &raw.weight {
        if !WEIGHT_RANGE.contains(&weight) || weight == 0.0 {
            bad(
                w.span(),
                format!(
                    "weight {weight} is out of range, expected a non-zero number from -10 to 10"
                ),
            );
        }
    }
    let level = match &raw.level {
        None => None,
        Some(l) => {
            let parsed = Level::parse(l.get_ref());
            if parsed.is_none() {
                bad(
                    l.span(),
                    format!(
                        "unknown level `{}`, expected one of {}",
                        l.get_ref(),
                        Level::ALL.map(|x| x.as_str()).join(", ")
                    ),
                );
            }
            if !matches!(label, Some(Label::Audience(_))) {
                bad(
                    l.span(),
                    "`level` orders audience evidence; a theme rule has none".into(),
                );
            }
            parsed
        }
    };
    let fuzzy_threshold = raw.m.fuzzy_threshold.as_ref().map_or(0.9, |t| *t.get_ref());
    if let Some(t) = &raw.m.fuzzy_threshold {
        if !(fuzzy_threshold > 0.0 && fuzzy_threshold <= 1.0) {
            bad(t.span(), format!("fuzzy_threshold {fuzzy_threshold} is out of range, expected a number above 0 and at most 1"));
        }
        if raw.m.fuzzy.is_empty() {
            bad(
                t.span(),
                "fuzzy_threshold is set but the rule has no `fuzzy` terms".into(),
            );
        }
    }
    // Each term compiled once; a named list (`@id`) stands for its terms, recorded per part of the rule
    // so that `explain` and `rules show` can name it.
    let mut uses: Vec<ListUse> = Vec::new();
    let mut written = WrittenTerms::default();
    let mut terms = |list: &[Spanned<String>],
                     what: &str,
                     slot: Option<TermSlot>,
                     bad: &mut dyn FnMut(Range<usize>, String)| {
        let mut out: Vec<String> = Vec::new();
        let mut shown = Vec::new();
        for t in list {
            if let Some(r) = super::lists::reference(t.get_ref()) {
                let Some(slot) = slot else {
                    bad(
                        t.span(),
                        format!("a {what} term cannot name a term list (`@{r}`)"),
                    );
                    continue;
                };
                match lists.resolve(r) {
                    Ok((id, expanded)) => {
                        for x in expanded {
                            if !out.contains(x) {
                                out.push(x.clone());
                            }
                        }
                        shown.push(TermList::reference(id));
                        let u = ListUse {
                            list: id.to_string(),
                            slot,
                            terms: expanded.to_vec(),
                        };
                        if !uses.contains(&u) {
                            uses.push(u);
                        }
                    }
                    Err(message) => bad(t.span(), message),
                }
                continue;
            }
            match compile_term(t.get_ref(), what) {
                Ok(n) => {
                    shown.push(n.clone());
                    out.push(n);
                }
                Err(message) => bad(t.span(), message),
            }
        }
        (out, shown)
    };
    let (phrases, shown) = terms(&raw.m.phrases, "phrase", Some(TermSlot::Phrases), &mut bad);
    written.phrases = shown;
    let (excludes, shown) = terms(
        &raw.m.excludes,
        "excludes",
        Some(TermSlot::Excludes),
        &mut bad,
    );
    written.excludes = shown;
    let (fuzzy, _) = terms(&raw.m.fuzzy, "fuzzy", None, &mut bad);
    let mut requires = Vec::new();
    if let Some(r) = &raw.m.requires {
        let groups = match r.get_ref() {
            RawRequires::Any(g) => vec![g.clone()],
            RawRequires::Groups(gs) => gs.clone(),
        };
        for (k, g) in groups.into_iter().enumerate() {
            // The toml crate spans the whole `requires` value, not each of its strings: a problem in a
            // group is reported where `requires` begins.
            let spanned: Vec<Spanned<String>> =
                g.into_iter().map(|s| Spanned::new(r.span(), s)).collect();
            let (group, shown) = terms(&spanned, "requires", Some(TermSlot::Requires(k)), &mut bad);
            // A group emptied by an unknown or empty list is reported as such, not twice.
            let names_list = shown.iter().any(|t| t.starts_with('@'))
                || spanned
                    .iter()
                    .any(|t| super::lists::reference(t.get_ref()).is_some());
            if group.is_empty() && !names_list {
                bad(
                    r.span(),
                    "a `requires` group is empty, so the rule can never fire".into(),
                );
            }
            requires.push(group);
            written.requires.push(shown);
        }
    }
    if let Some(w) = &raw.m.within {
        if raw.m.requires.is_none() {
            bad(
                w.span(),
                "`within` limits the distance to a required term, but the rule has no `requires`"
                    .into(),
            );
        }
        if *w.get_ref() == 0 {
            bad(w.span(), "`within` must be at least 1 character".into());
        }
    }
    let mut regexes = Vec::new();
    for r in raw.m.regex.iter().filter(|_| loc.compile_regexes) {
        // The ASCII-boundary form is the one kept: when the pattern parses and that form compiles, it is
        // compiled alone (the two match the empty string alike, and compiling a regex is most of loading
        // the rules); otherwise the pattern itself is compiled, for its error or as the fallback.
        let ascii = ascii_word_boundaries(r.get_ref());
        if regex_syntax::Parser::new().parse(r.get_ref()).is_ok() {
            if let Ok(re) = Regex::new(&ascii) {
                for message in super::lint::regex_problems(r.get_ref(), &re) {
                    bad(r.span(), message);
                }
                regexes.push(re);
                continue;
            }
        }
        match Regex::new(r.get_ref()) {
            Ok(re) => {
                for message in super::lint::regex_problems(r.get_ref(), &re) {
                    bad(r.span(), message);
                }
                // The original compiled, so the ASCII-boundary form does too; keep the original if not.
                regexes.push(Regex::new(&ascii).unwrap_or(re))
            }
            Err(e) => bad(
                r.span(),
                format!(
                    "invalid regular expression: {}",
                    e.to_string().replace('\n', " ")
                ),
            ),
        }
    }
    if phrases.is_empty() && regexes.is_empty() && fuzzy.is_empty() && raw.m.regex.is_empty() {
        bad(
            raw.id.span(),
            "the rule has no `phrases`, `regex` or `fuzzy` terms, so it can never fire".into(),
        );
    }
    // A phrase that always contains one of the rule's own excluding terms (looked for in every field the
    // phrase is) vetoes itself; when every term is such a phrase the rule can never fire.
    let excluded_everywhere = fields
        .iter()
        .all(|f| excludes_in.is_empty() || excludes_in.contains(f));
    let mut dead = 0;
    for p in raw.m.phrases.iter() {
        // A list's terms are checked one by one, each reported at the list's name.
        let each: Vec<String> = match super::lists::reference(p.get_ref()) {
            Some(r) => lists
                .resolve(r)
                .map(|(_, t)| t.to_vec())
                .unwrap_or_default(),
            None => compile_term(p.get_ref(), "phrase").into_iter().collect(),
        };
        for n in each {
            if let Some(e) = super::lint::excluder_of(&n, &excludes).filter(|_| excluded_everywhere)
            {
                dead += 1;
                bad(p.span(), format!("phrase `{n}` always contains the rule's own `excludes` term `{e}`, so it can never make the rule fire"));
            }
        }
    }
    if dead > 0 && dead == phrases.len() && raw.m.regex.is_empty() && fuzzy.is_empty() {
        bad(raw.id.span(), "every phrase contains one of the rule's own `excludes` terms, so the rule can never fire".into());
    }
    if let (Some(w), Some(_)) = (&raw.m.within, &raw.m.requires) {
        if !requires_in.is_empty() && !requires_in.iter().any(|f| fields.contains(f)) {
            bad(w.span(), "`within` needs a required term in the same field as a match, but `requires_in` shares no field with `fields`, so the rule can never fire".into());
        }
    }
    let examples = |list: &[Spanned<RawExample>], bad: &mut dyn FnMut(Range<usize>, String)| {
        let mut out = Vec::new();
        for ex in list {
            match ex.get_ref() {
                RawExample::Text(t) => out.push(Example {
                    fields: fields.iter().map(|f| (*f, t.clone())).collect(),
                }),
                RawExample::Fields(map) => {
                    let mut fs = Vec::new();
                    for (k, v) in map {
                        match Field::ALL.into_iter().find(|x| x.as_str() == k) {
                            Some(f) => fs.push((f, v.clone())),
                            None => bad(ex.span(), format!(
                                "unknown example field `{k}`, expected one of text, speaker, role, venue, source")),
                        }
                    }
                    out.push(Example { fields: fs });
                }
            }
        }
        out
    };
    let must_match = examples(&raw.m.must_match, &mut bad);
    let must_not_match = examples(&raw.m.must_not_match, &mut bad);
    let mask = |list: &[Field]| list.iter().fold(0u8, |m, f| m | f.bit());
    let field_mask = mask(&fields);
    Some(Rule {
        requires_mask: if requires_in.is_empty() {
            field_mask
        } else {
            mask(&requires_in)
        },
        excludes_mask: if excludes_in.is_empty() {
            field_mask
        } else {
            mask(&excludes_in)
        },
        id: id.to_string(),
        label: label?,
        summary: raw.summary,
        why: raw.why,
        field_mask,
        fields,
        weight,
        level,
        dates: None,
        lang: None,
        phrases,
        regexes,
        fuzzy,
        fuzzy_threshold,
        requires,
        within: raw.m.within.map(|w| w.into_inner()),
        excludes,
        must_match,
        must_not_match,
        attribution: None,
        written: (!uses.is_empty()).then(|| Box::new(written)),
        lists: uses,
        path: loc.path.to_path_buf(),
        line,
    })
}

/// Compiles one term as written (not a list reference): normalised (`crate::text::normalize_term`), a
/// trailing `*` kept as the prefix mark; the problem's message when it is empty or has a `*` inside.
pub(super) fn compile_term(t: &str, what: &str) -> Result<String, String> {
    let n = crate::text::normalize_term(t.trim_end_matches('*'));
    if n.is_empty() {
        Err(format!("empty {what} term"))
    } else if t.trim_end().trim_end_matches('*').contains('*') {
        // Normalising drops the `*`, so `benefit* the world` would match only `benefit the world`.
        Err(format!(
            "`*` inside the {what} term `{t}` is not a wildcard (only a trailing `*` matches any word ending): write the word's forms out, or use `regex`"
        ))
    } else if t.trim_end().ends_with('*') {
        Ok(format!("{n}*"))
    } else {
        Ok(n)
    }
}

/// Reads a file whose TOML is well formed but does not fit the schema, one part at a time: the settings
/// (`[audience]`, `[themes]`, `[aliases]`), unknown top-level keys, and each `[[rule]]`, `[[speaker]]`,
/// `[[frame]]` and `[[concept]]` table on its own, so that a typo in one table hides neither a wrong type in
/// another nor the duplicate ids, bad labels and weights the later checks find. Returns the tables that
/// read and the problems of those that did not; `None` when even the outline does not read (malformed
/// TOML, or a section of the wrong kind), where the toml crate's first error is all there is.
fn read_each_table(loc: &Locator) -> Option<(RawFile, Vec<RuleProblem>)> {
    #[derive(Deserialize)]
    struct Outline {
        #[serde(default)]
        rule: Vec<Spanned<toml::Table>>,
        #[serde(default)]
        speaker: Vec<Spanned<toml::Table>>,
        #[serde(default)]
        frame: Vec<Spanned<toml::Table>>,
        #[serde(default)]
        concept: Vec<Spanned<toml::Table>>,
        #[serde(default)]
        list: Vec<Spanned<toml::Table>>,
    }
    #[derive(Deserialize)]
    struct Settings {
        #[serde(default)]
        audience: Option<Spanned<RawAudienceSettings>>,
        #[serde(default)]
        themes: Option<Spanned<RawThemeSettings>>,
        #[serde(default)]
        audience_model: Option<Spanned<RawAudienceModel>>,
        #[serde(default)]
        theme_model: Option<Spanned<RawThemeModel>>,
        #[serde(default)]
        theme_stack: Option<Spanned<RawThemeStack>>,
        #[serde(default)]
        pair_weights: Option<Spanned<RawPairWeights>>,
        #[serde(default)]
        aliases: BTreeMap<String, String>,
    }
    const SECTIONS: [&str; 12] = [
        "audience",
        "themes",
        "audience_model",
        "theme_model",
        "theme_stack",
        "pair_weights",
        "aliases",
        "rule",
        "speaker",
        "frame",
        "concept",
        "list",
    ];
    let outline = toml::from_str::<Outline>(loc.text).ok()?;
    let mut out = Vec::new();
    let mut raw = RawFile {
        audience: None,
        themes: None,
        audience_model: None,
        theme_model: None,
        theme_stack: None,
        pair_weights: None,
        aliases: BTreeMap::new(),
        rule: Vec::new(),
        speaker: Vec::new(),
        frame: Vec::new(),
        concept: Vec::new(),
        list: Vec::new(),
    };
    match toml::from_str::<Settings>(loc.text) {
        Ok(settings) => {
            raw.audience = settings.audience;
            raw.themes = settings.themes;
            raw.audience_model = settings.audience_model;
            raw.theme_model = settings.theme_model;
            raw.theme_stack = settings.theme_stack;
            raw.pair_weights = settings.pair_weights;
            raw.aliases = settings.aliases;
        }
        Err(e) => out.push(loc.problem(e.span(), None, serde_message(&e))),
    }
    if let Ok(keys) = toml::from_str::<BTreeMap<Spanned<String>, toml::Value>>(loc.text) {
        for key in keys
            .keys()
            .filter(|k| !SECTIONS.contains(&k.get_ref().as_str()))
        {
            let expected = SECTIONS.map(|s| format!("`{s}`")).join(", ");
            let message = format!(
                "unknown field `{}`, expected one of {expected}",
                key.get_ref()
            );
            out.push(loc.problem(Some(key.span()), None, serde_message_text(message)));
        }
    }
    fn each<T: serde::de::DeserializeOwned>(
        loc: &Locator,
        section: &str,
        tables: Vec<Spanned<toml::Table>>,
        out: &mut Vec<RuleProblem>,
    ) -> Vec<Spanned<T>> {
        let mut read = Vec::new();
        for table in tables {
            let span = table.span();
            match toml::from_str::<T>(&table_alone(loc.text, span.clone(), section)) {
                Ok(value) => read.push(Spanned::new(span, value)),
                Err(e) => {
                    let id = table.get_ref().get("id").and_then(|v| v.as_str());
                    out.push(loc.problem(e.span().or(Some(span)), id, serde_message(&e)));
                }
            }
        }
        read
    }
    raw.rule = each(loc, "rule", outline.rule, &mut out);
    raw.speaker = each(loc, "speaker", outline.speaker, &mut out);
    raw.frame = each(loc, "frame", outline.frame, &mut out);
    raw.concept = each(loc, "concept", outline.concept, &mut out);
    raw.list = each(loc, "list", outline.list, &mut out);
    Some((raw, out))
}

/// The file with everything but the `[[section]]` table at `span` blanked out, byte for byte, so that the
/// table reads as a document of its own and every position in it is its position in the file: its header
/// line is blanked, and its sub-table headers (`[frame.external]`) lose the `section.` prefix.
fn table_alone(text: &str, span: Range<usize>, section: &str) -> String {
    let blank = |s: &str| -> String {
        s.bytes()
            .map(|b| if b == b'\n' { '\n' } else { ' ' })
            .collect()
    };
    let prefix = format!("{section}.");
    let header_of = |line: &str| -> Option<(usize, usize)> {
        let trimmed = line.trim_start();
        let brackets = trimmed.len() - trimmed.trim_start_matches('[').len();
        (brackets > 0).then_some((line.len() - trimmed.len(), brackets))
    };
    // The toml crate spans a table without its sub-tables: take the lines up to the next header that is
    // not one of this table's own (`[frame.external]`).
    let mut end = span.end.min(text.len());
    let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    if line_start < end {
        end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    }
    for line in text[end..].split_inclusive('\n') {
        if let Some((indent, brackets)) = header_of(line) {
            if !line[indent + brackets..].starts_with(&prefix) {
                break;
            }
        }
        end += line.len();
    }
    let span = span.start.min(end)..end;
    let mut out = blank(&text[..span.start]);
    for (i, line) in text[span.clone()].split_inclusive('\n').enumerate() {
        let (indent, brackets) = header_of(line).unwrap_or((0, 0));
        if i == 0 && brackets > 0 {
            out.push_str(&blank(line));
        } else if brackets > 0 && line[indent + brackets..].starts_with(&prefix) {
            let (eol, body) = match line.strip_suffix('\n') {
                Some(body) => ("\n", body),
                None => ("", line),
            };
            out.push_str(&body[..indent + brackets]);
            out.push_str(&body[indent + brackets + prefix.len()..]);
            out.push_str(&" ".repeat(prefix.len()));
            out.push_str(eol);
        } else {
            out.push_str(line);
        }
    }
    out.push_str(&blank(&text[span.end..]));
    out
}

/// The toml crate's message, with a suggestion added to an unknown key (`exlude` → `excludes`).
fn serde_message(e: &toml::de::Error) -> String {
    serde_message_text(e.message().trim().to_string())
}

/// The `charge` of an external stance, checked: each entry must be one of the stance's own `phrases` (a
/// named list `@id` among them) or `regex`, written the same way, and listed once. Returns the entries in the
/// form the matcher reports its evidence in (`Evidence::term`, or `@id` for a list), so that `classify` can
/// tell a stance found on charge words alone ([`crate::model::StanceHit::charge`]).
fn charge_terms(
    loc: &Locator,
    frame: &str,
    marked: &[Spanned<String>],
    stance: &RawStance,
    problems: &mut Vec<RuleProblem>,
) -> Vec<String> {
    let rule_id = Frame::stance_rule_id(frame, Side::External);
    let phrases: Vec<&str> = stance
        .phrases
        .iter()
        .map(|t| t.get_ref().as_str())
        .collect();
    let regexes: Vec<&str> = stance.regex.iter().map(|t| t.get_ref().as_str()).collect();
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for t in marked {
        let term = t.get_ref().as_str();
        if seen.contains(&term) {
            problems.push(loc.problem(
                Some(t.span()),
                Some(&rule_id),
                format!("`{term}` is listed twice in `charge`"),
            ));
            continue;
        }
        seen.push(term);
        if phrases.contains(&term) {
            match super::lists::reference(term) {
                Some(list) => out.push(format!("@{list}")),
                None => {
                    if let Ok(n) = compile_term(term, "charge") {
                        out.push(n);
                    }
                }
            }
        } else if regexes.contains(&term) {
            out.push(ascii_word_boundaries(term));
        } else {
            let near = crate::text::nearest(term, phrases.iter().chain(&regexes).copied());
            let mut message = format!(
                "`{term}` in `charge` is not one of the stance's `phrases` or `regex`: a charge word must be a word the stance matches on"
            );
            if let Some(name) = near {
                message.push_str(&format!("; did you mean `{name}`?"));
            }
            problems.push(loc.problem(Some(t.span()), Some(&rule_id), message));
        }
    }
    out
}

/// A serde message, with a suggestion added to an unknown key.
fn serde_message_text(message: String) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message;
    };
    let Some((key, expected)) = rest.split_once('`') else {
        return message;
    };
    match crate::text::nearest(key, expected.split('`').skip(1).step_by(2)) {
        Some(name) => format!("{message}; did you mean `{name}`?"),
        None => message,
    }
}

/// Rewrites `\b` and `\B` as ASCII word boundaries. Unicode `\b` keeps the regex crate off its fast
/// engines, and the text a regex runs on is normalised, Latin words are ASCII in practice, and Chinese has
/// no word boundaries to find.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod boundary_tests {
    use super::ascii_word_boundaries;

    #[test]
    fn only_unescaped_boundaries_are_rewritten() {
        assert_eq!(ascii_word_boundaries(r"\bcore\B"), r"(?-u:\b)core(?-u:\B)");
        assert_eq!(ascii_word_boundaries(r"a\\b\d"), r"a\\b\d");
    }
}
