//! Classifier rules: their data, how they are loaded (built in or from a folder), and the compiled matcher.

pub mod doc;
mod gloss;
pub mod lint;
pub mod lists;
mod load;
mod matcher;
pub mod phrases;
pub mod selftest;
pub mod speakers;
pub mod stack;
pub mod theme_model;
pub mod word_model;

pub use load::{SourceFile, WEIGHT_RANGE};
pub use matcher::{NearMiss, RuleHit, RuleTrace, Scratch, FUZZY_NEAR_MARGIN};
pub use phrases::PhraseSet;
pub use speakers::NotTheSpeaker;

use crate::error::{Error, Result, RuleProblem};
pub use crate::model::Side;
use crate::model::{Audience, Field, Level, Statement, Theme};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The rule files compiled into the binary, so that twovoices works from any folder: classifier rules,
/// opposition frames and the concept lexicon, all read by the same loader.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "audience-model.toml",
        include_str!("../../rules/audience-model.toml"),
    ),
    ("audience.toml", include_str!("../../rules/audience.toml")),
    ("concepts.toml", include_str!("../../rules/concepts.toml")),
    ("frames.toml", include_str!("../../rules/frames.toml")),
    ("lists.toml", include_str!("../../rules/lists.toml")),
    (
        "pair-weights.toml",
        include_str!("../../rules/pair-weights.toml"),
    ),
    ("speakers.toml", include_str!("../../rules/speakers.toml")),
    // In file-name order, as a folder is read (the index's rules fingerprint depends on it).
    (
        "theme-stack.toml",
        include_str!("../../rules/theme-stack.toml"),
    ),
    ("themes.toml", include_str!("../../rules/themes.toml")),
];

/// An opposition frame: one subject framed one way for foreign audiences and the opposite way at home.
/// Each side is a stance rule of the rule set (label [`Label::Stance`]), matched like any rule.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Unique id, e.g. `indigenization.open-markets-vs-dependence`.
    pub id: String,
    /// One line saying what the opposition is.
    pub summary: String,
    /// Why it is an opposition: the definition or the known pattern of the two voices.
    pub why: String,
    /// A caveat for readers, e.g. that a term is someone else's accusation rather than China's own stance.
    pub note: String,
    /// Themes it applies to; empty for every theme.
    pub themes: Vec<Theme>,
    /// Strength in `(0, 1]`: how strongly the frame alone makes a pair a contradiction.
    pub weight: f32,
    /// True when the external stance is the external argument itself (China opposes hacking, markets
    /// should stay open), not the accusation it rebuts: an internal statement that takes it says what the
    /// external voice says, and is an echo, not an opposite, of an external statement that takes it too
    /// ([`crate::pair::ECHO_FACTOR`]). False where the same words at home are the charge itself
    /// ("backdoors", "security risk"), which is the contradiction.
    pub echo: bool,
    /// True for a theme's general stance pair (what each voice says of the theme in any wording), as
    /// against the specific frames that name one argument and its answer: when the external statement takes
    /// a specific frame's stance that the partner does not answer, a general frame counts only
    /// [`crate::pair::BROAD_FACTOR`] of its weight.
    pub broad: bool,
    /// The external stance's charge words (its `charge`): the terms that name the accusation, measure or
    /// forum the outward voice answers ("backdoors", the entity list, 后门, ITU) rather than its own claim
    /// about it (denial, openness, "politicising"), in the form the matcher reports them
    /// (`Evidence::term`; `@id` for a named list). A statement that takes the external stance on these words
    /// alone does not speak the outward voice ([`crate::model::StanceHit::charge`]).
    pub charge: Vec<String>,
    /// Index in [`RuleSet::rules`] of the external stance.
    pub external: usize,
    /// Index in [`RuleSet::rules`] of the internal stance.
    pub internal: usize,
    /// The file it was defined in.
    pub path: PathBuf,
    /// Its line in that file.
    pub line: usize,
}

impl Frame {
    /// The rule id of one of a frame's stances: `FRAME/external` or `FRAME/internal`.
    pub fn stance_rule_id(frame: &str, side: Side) -> String {
        format!("{frame}/{}", side.as_str())
    }

    /// True when the frame applies to `theme`.
    pub fn applies_to(&self, theme: Theme) -> bool {
        self.themes.is_empty() || self.themes.contains(&theme)
    }

    /// True when the frame names `theme` in its `themes` (a frame for every theme names none). Its
    /// stances are the theme's own opposition vocabulary: a statement taking one on its own voice's side
    /// is a pairing candidate of the theme even when the theme rules did not assign it
    /// ([`crate::pair::candidacy`]).
    pub fn names(&self, theme: Theme) -> bool {
        self.themes.contains(&theme)
    }

    /// The rule index of a side's stance.
    pub fn stance(&self, side: Side) -> usize {
        match side {
            Side::External => self.external,
            Side::Internal => self.internal,
        }
    }
}

/// A concept of the bilingual lexicon: a subject named the same way in any language.
#[derive(Debug, Clone)]
pub struct Concept {
    /// Unique id, e.g. `chips`.
    pub id: String,
    /// English forms.
    pub en: Vec<String>,
    /// Chinese forms.
    pub zh: Vec<String>,
    /// What kind of specific subject it is (one of [`Concept::KINDS`]: a firm, a measure, a technology…),
    /// or `None` for a general subject (a country, a theme's own notion such as innovation or security).
    /// When the external statement names a subject of a kind, pairing prefers partners naming the same
    /// one (`pair::SUBJECT_BONUS`).
    pub kind: Option<String>,
    /// Its close relatives: the concepts of the same `family` (chips, lithography and EDA software are
    /// one family, `semiconductors`). Only with `kind`.
    pub family: Option<String>,
    /// What it is aimed at or belongs to, across kinds (ids of other concepts): the subjects a measure
    /// targets (export controls → chips, chip-making tools, supercomputers), a firm's sector (Huawei →
    /// telecom equipment, 5G). A statement about it and one about a target share a subject, more loosely
    /// than a concept both name (`pair::TARGET_CREDIT`). Only with `kind`.
    pub targets: Vec<String>,
    /// Why it targets them (required with `targets`).
    pub targets_why: String,
    /// Index in [`RuleSet::rules`] of the rule that finds it.
    pub rule: usize,
    /// The file it was defined in.
    pub path: PathBuf,
    /// Its line in that file.
    pub line: usize,
}

impl Concept {
    /// The kinds of specific subject a concept may be (`kind`).
    pub const KINDS: &'static [&'static str] = &[
        "firm",
        "technology",
        "measure",
        "forum",
        "organ",
        "law",
        "programme",
        "accusation",
    ];

    /// The rule id of a concept: `concept/ID`.
    pub fn rule_id(concept: &str) -> String {
        format!("concept/{concept}")
    }

    /// Its name in both scripts, `chips / 芯片` (one when it has forms in one language only).
    pub fn label(&self) -> String {
        match (self.name_en(), self.name_zh()) {
            (Some(e), Some(z)) => format!("{e} / {z}"),
            (Some(e), None) => e,
            (None, Some(z)) => z,
            (None, None) => self.id.clone(),
        }
    }

    /// Its English name for readers: the first English form, or, when that form is a pattern such as
    /// `decoupl*`, the id in words (`decoupling`), never term syntax. `None` without English forms.
    pub fn name_en(&self) -> Option<String> {
        let first = self.en.first()?;
        Some(if first.contains('*') {
            self.id.replace(['-', '_'], " ")
        } else {
            first.clone()
        })
    }

    /// Its Chinese name for readers: the first Chinese form that is not a pattern. `None` without one.
    pub fn name_zh(&self) -> Option<String> {
        self.zh
            .iter()
            .find(|z| !z.contains('*'))
            .or(self.zh.first())
            .map(|z| z.replace('*', ""))
    }
}

/// What a rule votes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// An audience.
    Audience(Audience),
    /// A theme.
    Theme(Theme),
    /// One side of an opposition frame (index into [`RuleSet::frames`]); it does not vote.
    Stance {
        /// The frame.
        frame: u16,
        /// Which voice.
        side: Side,
    },
    /// A concept of the lexicon (index into [`RuleSet::concepts`]); it does not vote.
    Concept(u16),
}

impl Label {
    /// True for audience and theme rules, the ones that vote in classification.
    pub fn votes(self) -> bool {
        matches!(self, Label::Audience(_) | Label::Theme(_))
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::Audience(a) => a.fmt(f),
            Label::Theme(t) => t.fmt(f),
            Label::Stance { side, .. } => write!(f, "{} stance", side.as_str()),
            Label::Concept(_) => f.write_str("concept"),
        }
    }
}

/// A statement made up for a rule's own test: the fields it sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Field values; unset fields are empty.
    pub fields: Vec<(Field, String)>,
}

impl Example {
    /// The example as a statement, with the given id.
    pub fn to_statement(&self, id: &str) -> Statement {
        let mut s = Statement {
            lang: crate::model::Lang::En,
            ..Statement::new(id, String::new())
        };
        for (f, v) in &self.fields {
            let slot = match f {
                Field::Text => &mut s.text,
                Field::Speaker => &mut s.speaker,
                Field::Role => &mut s.role,
                Field::Venue => &mut s.venue,
                Field::Source => &mut s.source,
            };
            *slot = v.clone();
        }
        s.lang = crate::model::Lang::detect(&s.text);
        s
    }

    /// A one-line description of the example.
    pub fn describe(&self) -> String {
        self.fields
            .iter()
            .map(|(f, v)| format!("{f}: {v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// One classifier rule, checked and normalised.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id, e.g. `aud.ext.mfa-spokesperson`.
    pub id: String,
    /// What it votes for.
    pub label: Label,
    /// One line saying what it detects.
    pub summary: String,
    /// Why it exists: the definition or trap it implements.
    pub why: String,
    /// The fields it reads.
    pub fields: Vec<Field>,
    /// The same fields as a bit mask.
    pub field_mask: u8,
    /// Its vote; negative weights count against the label.
    pub weight: f32,
    /// For an audience rule, its level of precedence (see [`Rule::level`]).
    pub level: Option<Level>,
    /// The dates (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive) between which the rule holds; a statement
    /// dated outside them is not matched. Used by the who's-who, where offices change hands.
    pub dates: Option<(String, String)>,
    /// The language of statements on which the rule holds (`None`: every language). Used by the who's-who,
    /// where an outlet's English-language service speaks to foreign readers and its home service does not.
    pub lang: Option<crate::model::Lang>,
    /// Normalised literal phrases; a trailing `*` matches any word ending.
    pub phrases: Vec<String>,
    /// Regular expressions, run on the normalised text.
    pub regexes: Vec<regex::Regex>,
    /// Names or titles matched by similarity.
    pub fuzzy: Vec<String>,
    /// Least similarity for a fuzzy match.
    pub fuzzy_threshold: f32,
    /// Groups of terms; each group needs one match too.
    pub requires: Vec<Vec<String>>,
    /// Fields searched for the required terms (the rule's own fields unless `requires_in` says otherwise).
    pub requires_mask: u8,
    /// Fields searched for the excluding terms (the rule's own fields unless `excludes_in` says otherwise).
    pub excludes_mask: u8,
    /// Greatest distance in characters between a match and a required term.
    pub within: Option<u32>,
    /// Terms whose presence stops the rule from firing.
    pub excludes: Vec<String>,
    /// Statements on which the rule must fire.
    pub must_match: Vec<Example>,
    /// Statements on which the rule must not fire.
    pub must_not_match: Vec<Example>,
    /// Set on a who's-who rule that finds words attributed to a person inside the text (`spk.ID.said`): the
    /// conditions under which such an attribution speaks for the statement (see [`Attribution`]).
    pub attribution: Option<Attribution>,
    /// The named term lists (`@id`) its terms came from, and where it names them.
    pub lists: Vec<lists::ListUse>,
    /// Its terms as its file writes them, for a rule that names a list (`None` otherwise: its terms are
    /// as written).
    pub written: Option<Box<lists::WrittenTerms>>,
    /// The file it was defined in.
    pub path: PathBuf,
    /// Its line in that file.
    pub line: usize,
}

/// When a name found next to a word of attribution in the text ("Wang Yi said") names the statement's speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    /// Only when the statement's `speaker` and `role` fields are empty: a speaker named in the metadata speaks
    /// for the statement, and a person the text mentions does not outvote them. Words quoted inside quotation
    /// marks never count, whatever this says (they are someone else's quotation of the person).
    pub only_unnamed: bool,
}

impl Rule {
    /// The level of precedence of an audience rule: its `level`, or else one read from its fields (the text
    /// alone is the register; a venue is the venue; a speaker or role the speaker). `None` for theme rules.
    pub fn level(&self) -> Option<Level> {
        if !matches!(self.label, Label::Audience(_)) {
            return None;
        }
        Some(
            self.level
                .unwrap_or(if self.field_mask == Field::Text.bit() {
                    Level::Register
                } else if self.field_mask & Field::Venue.bit() != 0 {
                    Level::Venue
                } else {
                    Level::Speaker
                }),
        )
    }

    /// The named list a term of the rule came from (its id), when it came from one.
    pub fn list_of(&self, term: &str) -> Option<&str> {
        self.lists
            .iter()
            .find(|u| u.terms.iter().any(|t| t == term))
            .map(|u| u.list.as_str())
    }

    /// True when the rule holds on `date` (always, for a rule without dates or a statement without a date).
    pub fn holds_on(&self, date: &str) -> bool {
        match &self.dates {
            None => true,
            Some((from, to)) => date_in_range(date, from, to),
        }
    }

    /// True when the rule holds for the statement: its date is within the rule's dates and its language is
    /// the rule's language (when the rule has one).
    pub fn holds_for(&self, s: &crate::model::Statement) -> bool {
        self.lang.is_none_or(|l| l == s.lang) && self.holds_on(&s.date)
    }
}

/// True when `date` falls between `from` and `to` (inclusive), each `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; compared
/// at the precision both sides have, so `2020` lies in `2019-06`..`2022-01`. An empty bound is open; an empty
/// date is in every range.
pub fn date_in_range(date: &str, from: &str, to: &str) -> bool {
    let date = date.trim();
    if date.is_empty() {
        return true;
    }
    // Bytes, not `str` slices: a date or bound with a multi-byte character (`2021年5月`) must not be cut inside
    // it. UTF-8 bytes order as the characters do, so ASCII dates compare as before.
    let cmp = |a: &str, b: &str| {
        let n = a.len().min(b.len());
        a.as_bytes()[..n].cmp(&b.as_bytes()[..n])
    };
    (from.is_empty() || cmp(date, from) != std::cmp::Ordering::Less)
        && (to.is_empty() || cmp(date, to) != std::cmp::Ordering::Greater)
}

/// The decision settings of a rule set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The audience when no audience rule decides.
    pub default_audience: Audience,
    /// The least summed weight that assigns a theme.
    pub theme_threshold: f32,
}

/// The pairing scorer's weights (`[pair_weights]`, rules/pair-weights.toml), each a number from 0 to 1: what
/// each part of a pair's score counts (src/pair.rs, the module doc, says how they combine). Fitted to the judged
/// pairing sets, chosen by leave-one-set-out cross-validation (docs/rules.md › Pair weights, which gives the command
/// that refits them); without a `[pair_weights]` table, the hand-set defaults of the `pair::` constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairWeights {
    /// Weight of the opposition part of the score; the subject part has the rest ([`crate::pair::OPPOSITION_WEIGHT`]).
    pub opposition_weight: f32,
    /// A frame's weight kept when either statement also takes the other voice's stance of it
    /// ([`crate::pair::CROSSED_STANCE_FACTOR`]).
    pub crossed_stance_factor: f32,
    /// The opposition kept when the internal statement echoes the external one ([`crate::pair::ECHO_FACTOR`]).
    pub echo_factor: f32,
    /// A broad frame's weight kept when the external statement's specific argument goes unanswered
    /// ([`crate::pair::BROAD_FACTOR`]).
    pub broad_factor: f32,
    /// The most a pair gains for naming the external statement's specific subjects ([`crate::pair::SUBJECT_BONUS`]).
    pub subject_bonus: f32,
    /// The share of a same-subject match a named target earns ([`crate::pair::TARGET_CREDIT`]).
    pub target_credit: f32,
    /// The gain of a partner in Chinese, its audience's language ([`crate::pair::DOMESTIC_LANGUAGE_BONUS`]).
    pub domestic_language_bonus: f32,
    /// The loss per share of specific subjects left unnamed beyond the best-naming candidate
    /// ([`crate::pair::SUBJECTS_MISSED_PENALTY`]).
    pub subjects_missed_penalty: f32,
    /// The most a pair loses for a long internal statement ([`crate::pair::FOCUS_PENALTY`]).
    pub focus_penalty: f32,
    /// `focus_penalty` for the pairs of one theme, where it is set (`[pair_weights.focus_penalty_by_theme]`,
    /// indexed by [`Theme::index`]): where the judges hold a long partner against a pair more in one theme than
    /// over all (ambition, session 43: docs/rules.md › Pair weights).
    pub focus_penalty_by_theme: [Option<f32>; 5],
    /// The hub share's fraction ([`crate::pair::hub_factors`]): an internal candidate meets an external statement
    /// when its score is at least this fraction of that statement's best. 0 (the default when the key is absent):
    /// the hub bonus is off.
    pub hub_fraction: f32,
    /// The hub share's bonus ([`crate::pair::hub_factors`]): an internal candidate's every score is multiplied by
    /// `1 + hub_bonus × share` before the assignment. 0 (the default when the key is absent): off.
    pub hub_bonus: f32,
}

impl PairWeights {
    /// The focus penalty of a theme's pairs: its own where `[pair_weights.focus_penalty_by_theme]` sets one,
    /// `focus_penalty` otherwise.
    pub fn focus_penalty_for(&self, theme: Theme) -> f32 {
        self.focus_penalty_by_theme[theme.index()].unwrap_or(self.focus_penalty)
    }

    /// The hub bonus's `(fraction, bonus)` when it is on (both above 0), `None` when it is off.
    pub fn hub(&self) -> Option<(f32, f32)> {
        (self.hub_fraction > 0.0 && self.hub_bonus > 0.0)
            .then_some((self.hub_fraction, self.hub_bonus))
    }
}

impl Default for PairWeights {
    /// The hand-set values of sessions 18–35 (the `pair::` constants).
    fn default() -> Self {
        use crate::pair as p;
        PairWeights {
            opposition_weight: p::OPPOSITION_WEIGHT,
            crossed_stance_factor: p::CROSSED_STANCE_FACTOR,
            echo_factor: p::ECHO_FACTOR,
            broad_factor: p::BROAD_FACTOR,
            subject_bonus: p::SUBJECT_BONUS,
            target_credit: p::TARGET_CREDIT,
            domestic_language_bonus: p::DOMESTIC_LANGUAGE_BONUS,
            subjects_missed_penalty: p::SUBJECTS_MISSED_PENALTY,
            focus_penalty: p::FOCUS_PENALTY,
            focus_penalty_by_theme: [None; 5],
            hub_fraction: 0.0,
            hub_bonus: 0.0,
        }
    }
}

impl PairWeights {
    /// Each weight with its name in `[pair_weights]`, in file order.
    pub fn named(&self) -> [(&'static str, f32); 11] {
        [
            ("opposition_weight", self.opposition_weight),
            ("crossed_stance_factor", self.crossed_stance_factor),
            ("echo_factor", self.echo_factor),
            ("broad_factor", self.broad_factor),
            ("subject_bonus", self.subject_bonus),
            ("target_credit", self.target_credit),
            ("domestic_language_bonus", self.domestic_language_bonus),
            ("subjects_missed_penalty", self.subjects_missed_penalty),
            ("focus_penalty", self.focus_penalty),
            ("hub_fraction", self.hub_fraction),
            ("hub_bonus", self.hub_bonus),
        ]
    }
}

/// A loaded, checked and compiled rule set.
pub struct RuleSet {
    /// Every rule, in file order; stances and concepts are rules too.
    pub rules: Vec<Rule>,
    /// Opposition frames, in file order.
    pub frames: Vec<Frame>,
    /// Concepts of the lexicon, in file order.
    pub concepts: Vec<Concept>,
    /// Decision settings.
    pub settings: Settings,
    /// Word aliases for fuzzy matching (`mfa` → `foreign ministry`).
    pub aliases: BTreeMap<String, String>,
    /// The who's-who: people, organs and outlets (their rules are among [`RuleSet::rules`], ids `spk.*`).
    pub speakers: Vec<speakers::Speaker>,
    /// The audience word model (`[audience_model]`), which decides only where no rule level does.
    pub audience_model: Option<word_model::WordModel>,
    /// The theme word model (`[theme_model]`), which may change a theme only where the rules are weak.
    pub theme_model: Option<theme_model::ThemeModel>,
    /// The stacked theme model (`[theme_stack]`), consulted when its gate is on (`--stack`, `--no-stack`).
    pub theme_stack: Option<stack::StackModel>,
    /// The file the stacked model was read from (its own bytes are no part of what it was trained with).
    pub theme_stack_file: Option<PathBuf>,
    /// The file the theme word model was read from.
    pub theme_model_file: Option<PathBuf>,
    /// The named term lists (`[[list]]`), in file order.
    pub lists: Vec<lists::TermList>,
    /// The pairing scorer's weights (`[pair_weights]`; [`PairWeights::default`] when no file sets them).
    pub pair_weights: PairWeights,
    /// The file the pair weights were read from: no part of classification, so no part of what the stacked
    /// model was trained with ([`RuleSet::stack_inert_files`]).
    pub pair_weights_file: Option<PathBuf>,
    /// The files the rules came from.
    pub files: Vec<SourceFile>,
    /// Whether the stacked model's file says it is consulted (`on`), to tell when `--stack` / `--no-stack`
    /// changed that: the fingerprint then says so.
    stack_in_file: Option<bool>,
    /// Compiled on first use: commands that read rules without matching them (`contrast`, `rules show`)
    /// do not build the automata (tens of megabytes of tables).
    matcher: std::sync::OnceLock<matcher::Matcher>,
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.rules.len())
            .field("files", &self.files.len())
            .finish()
    }
}

impl RuleSet {
    /// The rules compiled into the binary.
    pub fn builtin() -> Result<RuleSet> {
        let files = BUILTIN
            .iter()
            .map(|(name, text)| SourceFile {
                path: Path::new("<built-in>").join(name),
                text: text.to_string(),
            })
            .collect();
        RuleSet::from_files(files)
    }

    /// Every `*.toml` file of a folder, in name order.
    pub fn rule_files_in(dir: &Path) -> Result<Vec<SourceFile>> {
        let io = |source| Error::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(Error::Rules {
                problems: vec![RuleProblem {
                    path: dir.to_path_buf(),
                    line: None,
                    column: None,
                    rule: None,
                    message: "no rule files (*.toml) in this folder".into(),
                    snippet: None,
                }],
            });
        }
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?;
            match String::from_utf8(bytes) {
                Ok(text) => files.push(SourceFile { path, text }),
                Err(e) => problems.push(not_utf8(path, e.as_bytes(), e.utf8_error())),
            }
        }
        if problems.is_empty() {
            Ok(files)
        } else {
            Err(Error::Rules { problems })
        }
    }

    /// Loads the rules of a folder, or the built-in rules when `dir` is `None`.
    pub fn load(dir: Option<&Path>) -> Result<RuleSet> {
        match dir {
            Some(dir) => RuleSet::from_files(RuleSet::rule_files_in(dir)?),
            None => RuleSet::builtin(),
        }
    }

    /// The built-in files that hold a word or stacked model alone, which pairing never reads.
    const MODELS_ALONE: [&'static str; 2] = ["audience-model.toml", "theme-stack.toml"];

    /// What pairing (`contrast`, `eval-pairs`) reads of the rules of a folder, or of the built-in rules when
    /// `dir` is `None`: the frames, concepts, rules (their summaries) and pair weights. For the built-in
    /// rules, the files holding the audience word model or the stacked model alone are not parsed and no
    /// regex is compiled (the rules are checked by `rules check` and the tests: loading is about 80 %
    /// faster); a folder is loaded whole, as [`RuleSet::load`] does, so that it is refused as every command
    /// refuses it. The fingerprint is that of every file either way (the models' files included).
    pub fn load_for_pairing(dir: Option<&Path>) -> Result<RuleSet> {
        if dir.is_some() {
            return RuleSet::load(dir);
        }
        let files: Vec<SourceFile> = RuleSet::source_files(None)?;
        let read: Vec<SourceFile> = files
            .iter()
            .filter(|f| {
                !f.path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| RuleSet::MODELS_ALONE.contains(&n))
            })
            .cloned()
            .collect();
        let parsed =
            load::parse_files_with(&read, false).map_err(|problems| Error::Rules { problems })?;
        Ok(RuleSet::assemble(parsed, files))
    }

    /// Parses, checks and compiles rule files; refuses the whole set if any file has a problem.
    pub fn from_files(files: Vec<SourceFile>) -> Result<RuleSet> {
        let parsed = load::parse_files(&files).map_err(|problems| Error::Rules { problems })?;
        Ok(RuleSet::assemble(parsed, files))
    }

    /// The rule set of what was parsed, fingerprinted by `files`.
    fn assemble(parsed: load::Parsed, files: Vec<SourceFile>) -> RuleSet {
        RuleSet {
            rules: parsed.rules,
            frames: parsed.frames,
            concepts: parsed.concepts,
            speakers: parsed.speakers,
            settings: parsed.settings,
            aliases: parsed.aliases,
            audience_model: parsed.audience_model,
            theme_model: parsed.theme_model,
            stack_in_file: parsed.theme_stack.as_ref().map(|m| m.gate.on),
            theme_stack: parsed.theme_stack,
            theme_stack_file: parsed.theme_stack_file,
            theme_model_file: parsed.theme_model_file,
            lists: parsed.lists,
            pair_weights: parsed.pair_weights,
            pair_weights_file: parsed.pair_weights_file,
            files,
            matcher: std::sync::OnceLock::new(),
        }
    }

    /// The compiled matcher, built the first time a statement is matched.
    fn matcher(&self) -> &matcher::Matcher {
        self.matcher
            .get_or_init(|| matcher::Matcher::new(&self.rules, &self.aliases))
    }

    /// Finds a rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Finds a frame by id.
    pub fn frame(&self, id: &str) -> Option<&Frame> {
        self.frames.iter().find(|f| f.id == id)
    }

    /// Finds a concept by id.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    /// Finds a term list by id (with or without its `@`).
    pub fn list(&self, id: &str) -> Option<&lists::TermList> {
        let id = id.strip_prefix('@').unwrap_or(id);
        self.lists.iter().find(|l| l.id == id)
    }

    /// A short fingerprint of the rule files' contents, to tell whether rules changed; when `--stack` or
    /// `--no-stack` turned the stacked theme model on or off against what its file says, the fingerprint ends
    /// in `+stack` or `-stack` (the same files classify differently then).
    pub fn fingerprint(&self) -> String {
        let files = RuleSet::fingerprint_of(&self.files);
        match (&self.theme_stack, self.stack_in_file) {
            (Some(m), Some(in_file)) if m.gate.on != in_file => {
                format!("{files}{}", if m.gate.on { "+stack" } else { "-stack" })
            }
            _ => files,
        }
    }

    /// The rule files that are no part of what the stacked model was trained with: its own file, the pair
    /// weights' (pairing only), files holding nothing but opposition frames (a frame's stances are no feature
    /// of the model: [`stack::rule_features`] reads the rules, levels, concepts and audience), and the theme
    /// word model's when its gate changes nothing (every margin off; that model is not compiled in, so the
    /// built-in rules and the `rules/` folder then read the same). See [`stack::StackFingerprint`].
    pub fn stack_inert_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .theme_stack_file
            .iter()
            .chain(&self.pair_weights_file)
            .cloned()
            .collect();
        // The files already known to hold a model or the weights hold a table that is no frame: not parsed
        // again (the stacked model's is the largest rule file).
        let known: Vec<&PathBuf> = out.iter().chain(&self.theme_model_file).collect();
        let frames_only: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|f| !known.contains(&&f.path) && only_frames(&f.text))
            .map(|f| f.path.clone())
            .collect();
        out.extend(frames_only);
        if let (Some(m), Some(f)) = (&self.theme_model, &self.theme_model_file) {
            let g = &m.gate;
            if g.weak_margin.is_none() && g.bare_margin.is_none() && g.remove_margin.is_none() {
                out.push(f.clone());
            }
        }
        out
    }

    /// Whether the stacked model's file says it is consulted (`on`), before `--stack` / `--no-stack`; `None`
    /// without a model.
    pub fn stack_on_in_file(&self) -> Option<bool> {
        self.stack_in_file
    }

    /// The rule files of a folder, or the built-in ones when `dir` is `None`, read but not compiled.
    pub fn source_files(dir: Option<&Path>) -> Result<Vec<SourceFile>> {
        match dir {
            Some(dir) => RuleSet::rule_files_in(dir),
            None => Ok(BUILTIN
                .iter()
                .map(|(name, text)| SourceFile {
                    path: Path::new("<built-in>").join(name),
                    text: text.to_string(),
                })
                .collect()),
        }
    }

    /// The fingerprint ([`RuleSet::fingerprint`]) of rule files, without compiling them: what a command that
    /// only checks the index for staleness needs (compiling the built-in rules takes ~30 ms).
    pub fn fingerprint_of(files: &[SourceFile]) -> String {
        // FNV-1a: stable across builds and platforms, unlike std's hasher.
        let mut h: u64 = 0xcbf29ce484222325;
        for f in files {
            for b in f
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
                .bytes()
                .chain([0u8])
                .chain(f.text.bytes())
                .chain([0u8])
            {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x100000001b3);
            }
        }
        format!("{h:016x}")
    }

    /// `None` when the matcher's term index holds every term; otherwise the terms that keep it on the slower
    /// automaton (each as the rules write it, with the rules using it). `rules check` warns of them.
    pub fn unindexed_terms(&self) -> Option<Vec<(String, Vec<String>)>> {
        self.matcher().unindexed(&self.rules)
    }

    /// Every rule that fires on a statement, with its evidence, in rule order.
    pub fn matches(&self, scratch: &mut Scratch, statement: &Statement) -> Vec<RuleHit> {
        self.matcher().run(&self.rules, scratch, statement, true)
    }

    /// [`RuleSet::matches`] where the rules that vote (audience, theme) come without evidence, for callers
    /// that keep only which rules fired; stance and concept rules keep theirs. The same rules fire.
    pub fn matches_without_votes_evidence(
        &self,
        scratch: &mut Scratch,
        statement: &Statement,
    ) -> Vec<RuleHit> {
        self.matcher().run(&self.rules, scratch, statement, false)
    }

    /// For each example text, whether one of a term list's terms is found in it, matched as a phrase of
    /// the text (what `rules test` checks against the list's `must_match` and `must_not_match`).
    pub fn list_finds(&self, list: &lists::TermList, texts: &[String]) -> Vec<bool> {
        // The list as a rule of its own: its terms are phrases, matched by the one term matcher.
        let probe = phrases::text_rule(
            lists::TermList::reference(&list.id),
            list.summary.clone(),
            list.expanded.clone(),
            list.path.clone(),
            list.line,
        );
        let rules = [probe];
        let matcher = matcher::Matcher::new(&rules, &self.aliases);
        let mut scratch = Scratch::default();
        texts
            .iter()
            .map(|t| {
                let s = Example {
                    fields: vec![(Field::Text, t.clone())],
                }
                .to_statement("example");
                !matcher.run(&rules, &mut scratch, &s, false).is_empty()
            })
            .collect()
    }

    /// Explain mode: every rule whose terms matched a statement, fired or not, with what stopped the ones
    /// that did not fire (an excluding term, a missing required term, a fuzzy score just below threshold).
    /// Slower than [`RuleSet::matches`]; `classify` never calls it.
    pub fn trace(&self, scratch: &mut Scratch, statement: &Statement) -> Vec<RuleTrace> {
        self.matcher().trace(&self.rules, scratch, statement)
    }
}

/// The problem of a rule file that is not UTF-8: the line, column and byte where the first invalid
/// byte is, and that line as far as it reads.
fn not_utf8(path: PathBuf, bytes: &[u8], e: std::str::Utf8Error) -> RuleProblem {
    let at = e.valid_up_to();
    // Everything before `at` is valid UTF-8.
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    RuleProblem {
        path,
        line: Some(before.matches('\n').count() + 1),
        column: Some(before[line_start..].chars().count() + 1),
        rule: None,
        message: format!(
            "the file is not valid UTF-8: byte {at} (0x{:02X}) does not begin or continue a character; save it as UTF-8",
            bytes[at]
        ),
        snippet: Some(String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned()),
    }
}

/// Whether a rule file's text holds opposition frames (`[[frame]]`) and nothing else: no rule, list, concept,
/// speaker, model or weights table (a file that does not parse holds nothing inert).
fn only_frames(text: &str) -> bool {
    text.parse::<toml::Table>()
        .is_ok_and(|t| t.contains_key("frame") && t.keys().all(|k| k == "frame"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_multi_byte_characters_compare_without_panicking() {
        // The two inputs proptest found (tests/parsers.rs, rule_files_never_panic): a bound cut inside '。'
        // or inside an emoji.
        assert!(date_in_range("2021-。🃌x<", "", "202。🃌x<12"));
        assert!(!date_in_range("2021年5月", "2022", ""));
        // ASCII dates as before: compared at the precision both sides have.
        assert!(date_in_range("2020", "2019-06", "2022-01"));
        assert!(!date_in_range("2018-12-31", "2019", ""));
        assert!(date_in_range("", "2019", "2020"));
    }

    #[test]
    fn pairing_reads_of_the_built_in_rules_what_the_whole_load_reads() {
        let whole = RuleSet::builtin().unwrap();
        let pairing = RuleSet::load_for_pairing(None).unwrap();
        assert_eq!(pairing.fingerprint(), whole.fingerprint());
        assert_eq!(pairing.pair_weights, whole.pair_weights);
        assert_eq!(pairing.pair_weights_file, whole.pair_weights_file);
        assert_eq!(
            format!("{:?}", pairing.frames),
            format!("{:?}", whole.frames)
        );
        assert_eq!(
            format!("{:?}", pairing.concepts),
            format!("{:?}", whole.concepts)
        );
        let summaries = |s: &RuleSet| -> Vec<(String, String)> {
            s.rules
                .iter()
                .map(|r| (r.id.clone(), r.summary.clone()))
                .collect()
        };
        assert_eq!(summaries(&pairing), summaries(&whole));
        assert!(pairing.theme_stack.is_none() && pairing.audience_model.is_none());
        assert!(pairing.rules.iter().all(|r| r.regexes.is_empty()));
    }

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(name),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_file_of_frames_alone_is_no_part_of_the_stacked_models_fingerprint() {
        let rules = "[[rule]]\nid='r'\nlabel='external'\nsummary='s'\nphrases=['x']\n";
        let frame = "[[frame]]\nid='f'\nsummary='s'\nthemes=['security']\n\n[frame.external]\nphrases=['a']\n\n[frame.internal]\nphrases=['b']\n";
        let list = "[[list]]\nid='l'\nsummary='s'\nterms=['y']\n";
        let set = RuleSet::from_files(vec![
            file("r.toml", rules),
            file("frames.toml", frame),
            file(
                "mixed.toml",
                &format!("{list}\n{frame}")
                    .replace("id='f'", "id='g'")
                    .replace("'b'", "'@l'"),
            ),
        ])
        .unwrap();
        let inert = set.stack_inert_files();
        assert!(inert.contains(&PathBuf::from("frames.toml")), "{inert:?}");
        // A file that also holds a list (or a rule) can change what the rules fire: not inert.
        assert!(!inert.contains(&PathBuf::from("mixed.toml")), "{inert:?}");
        assert!(!inert.contains(&PathBuf::from("r.toml")), "{inert:?}");
        assert!(!only_frames(rules) && !only_frames("") && !only_frames("[[frame]"));
    }

    #[test]
    fn frames_and_concepts_load_through_the_rule_loader_with_places_in_errors() {
        let rules = "[[rule]]\nid='r'\nlabel='external'\nsummary='s'\nphrases=['x']\n";
        let frames = "[[frame]]\nid='f'\nsummary='s'\nthemes=['farming']\n\n[frame.external]\nphrases=['a']\n\n[frame.internal]\nphrases=['b']\nexlude=['c']\n";
        let Err(Error::Rules { problems }) =
            RuleSet::from_files(vec![file("r.toml", rules), file("frames.toml", frames)])
        else {
            panic!("a broken frame file must be refused");
        };
        let at: Vec<(Option<usize>, String)> = problems
            .iter()
            .map(|p| (p.line, p.message.clone()))
            .collect();
        assert!(
            problems.iter().all(|p| p.path == Path::new("frames.toml")
                && p.line.is_some()
                && p.column.is_some()),
            "{at:?}"
        );
        assert!(
            at.iter()
                .any(|(l, m)| *l == Some(11) && m.contains("did you mean `excludes`")),
            "{at:?}"
        );
        let frames = "[[frame]]\nid='f'\nsummary='s'\nthemes=['farming']\n\n[frame.external]\nphrases=['a']\n\n[frame.internal]\nphrases=['b']\n";
        let Err(Error::Rules { problems }) =
            RuleSet::from_files(vec![file("r.toml", rules), file("frames.toml", frames)])
        else {
            panic!("an unknown theme must be refused");
        };
        assert_eq!(problems[0].line, Some(4));
        assert!(problems[0].message.contains("unknown theme `farming`"));
        let concepts = "[[concept]]\nid='chips'\nen=['chip*', 'semiconductor*']\nzh=['芯片']\n";
        let set = RuleSet::from_files(vec![
            file("r.toml", rules),
            file("frames.toml", &frames.replace("farming", "security")),
            file("concepts.toml", concepts),
        ])
        .unwrap();
        assert_eq!(set.frames.len(), 1);
        // A pattern is never shown to readers: the id stands in for `chip*`.
        assert_eq!(set.concepts[0].label(), "chips / 芯片");
        assert_eq!(set.concepts[0].name_en().as_deref(), Some("chips"));
        let mut scratch = Scratch::default();
        let hit = |text: &str, rule: usize, scratch: &mut Scratch| {
            let s = Example {
                fields: vec![(Field::Text, text.to_string())],
            }
            .to_statement("t");
            set.matches(scratch, &s).iter().any(|h| h.rule == rule)
        };
        let c = set.concepts[0].rule;
        assert!(hit("高端芯片", c, &mut scratch));
        assert!(hit("Semiconductors matter", c, &mut scratch));
        assert!(!hit("potato crisps", c, &mut scratch));
        let f = &set.frames[0];
        assert!(hit("a", f.external, &mut scratch) && !hit("a", f.internal, &mut scratch));
    }

    #[test]
    fn a_charge_must_be_a_term_of_the_external_stance() {
        let frames = |external: &str, internal: &str| {
            format!(
                "[[frame]]\nid='f'\nsummary='s'\n\n[frame.external]\nphrases=['no backdoors', 'backdoor*', '@acc']\n\
                 regex=['never (asked|required)']\n{external}\n\n[frame.internal]\nphrases=['duty']\n{internal}\n"
            )
        };
        let lists = "[[list]]\nid='acc'\nsummary='s'\nwhy='w'\nterms=['espionage']\n";
        let load = |text: String| {
            RuleSet::from_files(vec![file("lists.toml", lists), file("frames.toml", &text)])
        };
        // Phrases (a named list among them) and regexes, written as in the stance, are charge words.
        let set = load(frames(
            "charge=['backdoor*', '@acc', 'never (asked|required)']",
            "",
        ))
        .unwrap();
        assert_eq!(
            set.frames[0].charge,
            ["backdoor*", "@acc", "never (asked|required)"]
        );
        let problems = |text: String| -> Vec<(Option<usize>, String)> {
            match load(text) {
                Err(Error::Rules { problems }) => problems
                    .iter()
                    .map(|p| (p.line, p.message.clone()))
                    .collect(),
                other => panic!("must be refused: {other:?}"),
            }
        };
        // Not a term of the stance: refused at its line, with the nearest term.
        let p = problems(frames("charge=['backdoors']", ""));
        assert!(
            p.iter().any(|(l, m)| *l == Some(8)
                && m.contains("`backdoors` in `charge` is not one of the stance's")
                && m.contains("did you mean `backdoor*`?")),
            "{p:?}"
        );
        // Twice, and on the internal stance (the home voice's own words have no charge).
        let p = problems(frames(
            "charge=['backdoor*', 'backdoor*']",
            "charge=['duty']",
        ));
        assert!(p.iter().any(|(_, m)| m.contains("listed twice")), "{p:?}");
        assert!(
            p.iter().any(|(l, m)| *l == Some(12)
                && m.contains("the internal stance is the home voice's own")),
            "{p:?}"
        );
    }

    #[test]
    fn builtin_rules_load() {
        let set = RuleSet::builtin().unwrap();
        assert!(set.rules.len() > 20);
        assert_eq!(set.fingerprint().len(), 16);
    }
}
