//! Plain data types shared by every stage: statements, labels, classifications and their evidence.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Who a statement was originally addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Foreign audiences: MFA pressers, embassies, international venues.
    External,
    /// Domestic audiences: Party meetings, Qiushi, PLA Daily, domestic journals.
    Internal,
}

impl Audience {
    /// Both audiences, in display order.
    pub const ALL: [Audience; 2] = [Audience::External, Audience::Internal];

    /// The label as written in rules and gold files.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::External => "external",
            Audience::Internal => "internal",
        }
    }

    /// Parses a label written in rules or on the command line.
    pub fn parse(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One of the five themes of `docs/labelling.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Becoming a cyber, network or manufacturing great power.
    Ambition,
    /// Self-reliance in core technology, and the free-market argument against restrictions.
    Indigenization,
    /// Cyber, network, data or national security as applied to technology.
    Security,
    /// Technical standards and international rule-setting for cyberspace.
    Standards,
    /// Military-civil fusion, dual use, 5G or cyber applied to defence.
    MilitaryCivilFusion,
}

impl Theme {
    /// All themes, in the report's order.
    pub const ALL: [Theme; 5] = [
        Theme::Ambition,
        Theme::Indigenization,
        Theme::Security,
        Theme::Standards,
        Theme::MilitaryCivilFusion,
    ];

    /// The label as written in rules and gold files.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Ambition => "ambition",
            Theme::Indigenization => "indigenization",
            Theme::Security => "security",
            Theme::Standards => "standards",
            Theme::MilitaryCivilFusion => "military-civil-fusion",
        }
    }

    /// Parses a label written in rules or on the command line.
    pub fn parse(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Position in [`Theme::ALL`], for dense per-theme arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Gold labels of a statement, as assigned by a person following `docs/labelling.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "an object with `audience` (external or internal) and `themes` (a list)")]
pub struct Gold {
    /// The audience of the original speech act.
    pub audience: Audience,
    /// Zero or more themes.
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// The statement was labelled for its audience only (`"audience_only": true`): its empty `themes` are
    /// no gold, so theme scoring and training skip it (see [`Gold::theme_gold`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub audience_only: bool,
}

impl Gold {
    /// Gold for the audience and themes both.
    pub fn new(audience: Audience, themes: Vec<Theme>) -> Self {
        Gold {
            audience,
            themes,
            audience_only: false,
        }
    }

    /// The gold themes, or `None` when the statement was labelled for its audience only.
    pub fn theme_gold(&self) -> Option<&[Theme]> {
        (!self.audience_only).then_some(self.themes.as_slice())
    }

    /// Whether a decision agrees with this gold exactly: the same audience and, unless the gold is for the
    /// audience only, the same set of themes.
    pub fn agrees_exactly(&self, audience: Audience, themes: &[Theme]) -> bool {
        self.audience == audience
            && self.theme_gold().is_none_or(|g| {
                Theme::ALL
                    .iter()
                    .all(|t| g.contains(t) == themes.contains(t))
            })
    }
}

/// Language of a statement's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Chinese, simplified or traditional.
    Zh,
}

impl Lang {
    /// The code as written in statement files.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Guesses the language of a text that carries no `lang` by the share of Han characters among its
    /// letters: Chinese from [`Lang::ZH_SHARE`] up, so an English paragraph that quotes one Chinese term
    /// in brackets stays English, and a Chinese sentence naming a foreign company stays Chinese.
    pub fn detect(text: &str) -> Lang {
        let (mut han, mut latin) = (0usize, 0usize);
        for c in text.chars() {
            if c.is_ascii() {
                latin += usize::from(c.is_ascii_alphabetic());
            } else if crate::text::is_han(c) {
                han += 1;
            } else if c.is_alphabetic() {
                latin += 1;
            }
        }
        // One Han character carries about as much as two or three Latin letters; the threshold is on
        // characters, so a text is Chinese once Han characters are a quarter of its letters.
        if han > 0 && han as f64 >= Lang::ZH_SHARE * (han + latin) as f64 {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The share of Han characters among letters from which [`Lang::detect`] says Chinese.
    pub const ZH_SHARE: f64 = 0.25;
}

/// One statement in the schema of `docs/labelling.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Stable, unique identifier.
    pub id: String,
    /// The statement, verbatim.
    pub text: String,
    /// Person or body that spoke or wrote it.
    #[serde(default)]
    pub speaker: String,
    /// The speaker's office, in free wording.
    #[serde(default)]
    pub role: String,
    /// Where it was said or published.
    #[serde(default)]
    pub venue: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    #[serde(default)]
    pub date: String,
    /// Where it was found (URL or citation).
    #[serde(default)]
    pub source: String,
    /// Language of `text`.
    pub lang: Lang,
    /// Gold labels, when a person has labelled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold: Option<Gold>,
    /// Where in a document it was found and in whose voice; absent for statements read from JSONL/CSV
    /// written by hand, so older files read and write unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Box<Provenance>>,
    /// An English translation of a Chinese `text`, when the source or a person gives one; reports show it
    /// beside the original, which stays the quote. Absent in most records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
}

impl Statement {
    /// The gold themes, or `None` without gold or when it was labelled for its audience only.
    pub fn theme_gold(&self) -> Option<&[Theme]> {
        self.gold.as_ref().and_then(Gold::theme_gold)
    }

    /// A statement with only its id and text: no speaker, role, venue, date, source, gold labels,
    /// provenance or translation; the language detected from the text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Statement {
        let text = text.into();
        Statement {
            id: id.into(),
            lang: Lang::detect(&text),
            text,
            speaker: String::new(),
            role: String::new(),
            venue: String::new(),
            date: String::new(),
            source: String::new(),
            gold: None,
            provenance: None,
            translation: None,
        }
    }
}

/// Whose words a statement extracted from a document are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    /// The document's speaker (front matter), or a spokesperson answering at a press conference.
    #[default]
    Speaker,
    /// Words quoted in an article and attributed to the person named in `speaker`.
    Quoted,
    /// An article's own prose: the outlet's voice, not the voice of anyone it quotes.
    Outlet,
}

impl Voice {
    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Speaker => "speaker",
            Voice::Quoted => "quoted",
            Voice::Outlet => "outlet",
        }
    }
}

/// Where a statement was found in a document, and the context it was said in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(expecting = "an object describing where in a document the statement was found")]
pub struct Provenance {
    /// The document file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// 1-based line of the document where the statement starts.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub line: u64,
    /// Whose words these are.
    #[serde(default)]
    pub voice: Voice,
    /// The nearest heading above the statement, kept as context.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub heading: String,
    /// For an answer at a press conference: the question it answers, as context (never the speaker's words).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// Who asked the question (the outlet named before it), when the transcript says.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub asked_by: String,
    /// Other sources that carried the same statement (reposts merged into this one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A statement field that a rule can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The statement itself.
    Text,
    /// Who spoke.
    Speaker,
    /// The speaker's office.
    Role,
    /// Where it was said or published.
    Venue,
    /// Where it was found.
    Source,
}

impl Field {
    /// Every field, in the order rules are evaluated.
    pub const ALL: [Field; 5] = [
        Field::Text,
        Field::Speaker,
        Field::Role,
        Field::Venue,
        Field::Source,
    ];

    /// The field's name as written in rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Speaker => "speaker",
            Field::Role => "role",
            Field::Venue => "venue",
            Field::Source => "source",
        }
    }

    /// The field's value in a statement.
    pub fn of(self, s: &Statement) -> &str {
        match self {
            Field::Text => &s.text,
            Field::Speaker => &s.speaker,
            Field::Role => &s.role,
            Field::Venue => &s.venue,
            Field::Source => &s.source,
        }
    }

    /// Bit of this field in a field mask.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a piece of evidence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// A literal phrase.
    Phrase,
    /// A regular expression.
    Regex,
    /// A fuzzy match of a name or title.
    Fuzzy,
}

/// Where a rule matched: the words, their place, and how they were found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The field the words are in.
    pub field: Field,
    /// Byte offsets `[start, end)` of the words in the original field value.
    pub span: (usize, usize),
    /// The words as they stand in the statement.
    pub matched: String,
    /// The rule's term that found them.
    pub term: String,
    /// Literal, regex or fuzzy.
    pub kind: MatchKind,
    /// Similarity for a fuzzy match, in `[0, 1]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// The named term list (`@id`) the term came from, when the rule names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
}

/// Which voice a stance belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// What is said to foreign audiences.
    External,
    /// What is said to domestic audiences.
    Internal,
}

impl Side {
    /// `external` or `internal`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::External => "external",
            Side::Internal => "internal",
        }
    }

    /// The side of an audience.
    pub fn of(audience: Audience) -> Side {
        match audience {
            Audience::External => Side::External,
            Audience::Internal => Side::Internal,
        }
    }
}

/// One side of an opposition frame that a statement takes: the frame's stance rule fired on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceHit {
    /// The frame's id.
    pub frame: String,
    /// Which side of the frame.
    pub side: Side,
    /// The words that made the stance fire, as written.
    pub terms: Vec<String>,
    /// True when only the stance's charge words made it fire (the frame's `charge`, docs/rules.md): the
    /// statement names the accusation or measure the outward voice answers ("backdoors", 后门, the entity
    /// list), not the outward voice's claim about it. Such a statement does not speak the outward voice.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub charge: bool,
}

/// A concept of the lexicon a statement talks about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptHit {
    /// The concept's id.
    pub concept: String,
    /// The words that named it, as written.
    pub terms: Vec<String>,
}

/// The level of evidence an audience rule gives, in the order of precedence of `docs/rules.md`: the first
/// level at which one audience leads decides, and the levels below it are outranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// An office whose voice does not depend on the venue: spokespeople, embassies, ambassadors; also when the
    /// text attributes the words to them ("华春莹表示").
    Office,
    /// Where it was said or first published: a press conference, an international gathering, a Party meeting,
    /// Qiushi, a journal, an outlet's own commentary.
    Venue,
    /// Who spoke, when the office's voice depends on the venue and the venue says nothing: a foreign minister
    /// is external, a General Secretary or a PLA officer internal.
    Speaker,
    /// The outlet that relayed the statement (Xinhua, CCTV, China Daily, "(香港01)").
    Relay,
    /// The register of the text itself: diplomatic answers, UN register, "our Party", "我国".
    Register,
}

impl Level {
    /// Every level, highest precedence first.
    pub const ALL: [Level; 5] = [
        Level::Office,
        Level::Venue,
        Level::Speaker,
        Level::Relay,
        Level::Register,
    ];

    /// The level as written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Office => "office",
            Level::Venue => "venue",
            Level::Speaker => "speaker",
            Level::Relay => "relay",
            Level::Register => "register",
        }
    }

    /// Parses a level written in a rule file.
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule that fired on a statement, with its vote and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fired {
    /// The rule's id.
    pub rule: String,
    /// The label it votes for (`external`, `internal` or a theme).
    pub label: String,
    /// Its weight (negative weights vote against the label).
    pub weight: f32,
    /// For an audience rule, its level of precedence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The words that made it fire.
    pub evidence: Vec<Evidence>,
}

/// How the audience was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The weighted votes of the rules that fired.
    Rules,
    /// No rule decided, so the rule set's default applied.
    Default,
    /// No rule level decided, and the audience word model's score reached its margin
    /// (`rules/audience-model.toml`, docs/rules.md).
    Model,
}

/// What the theme word model did to a theme (`rules/theme-model.toml`, docs/rules.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelMove {
    /// The theme was added: a weak rule voted for it or none did, and the model's score reached the margin.
    Added,
    /// The theme was taken away: one rule alone assigned it, and the model's score was at or below minus
    /// the margin.
    Removed,
}

/// A theme the theme word model decided, overriding the rules' sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeModelCall {
    /// The theme.
    pub theme: Theme,
    /// Added or taken away.
    pub change: ModelMove,
    /// The model's score (natural log-odds, the theme positive).
    pub score: f32,
    /// The margin the gate asked for this move.
    pub margin: f32,
}

/// The stacked theme model's reading of one theme (`rules/theme-stack.toml`, docs/rules.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackCall {
    /// The theme.
    pub theme: Theme,
    /// The model's probability of it.
    pub probability: f32,
    /// What it changed: added a theme the rules did not assign, or took away one they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<ModelMove>,
}

/// The outcome of classifying one statement, with every rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The statement's id.
    pub id: String,
    /// The decided audience.
    pub audience: Audience,
    /// Whether rules or the default decided the audience.
    pub audience_basis: Basis,
    /// The level of precedence that decided the audience (none when the default applied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience_level: Option<Level>,
    /// Summed weights per audience at the deciding level (over all levels when the default or the word
    /// model decided).
    pub audience_scores: BTreeMap<Audience, f32>,
    /// The audience word model's score (log-odds, external positive) when no rule level decided and the rule
    /// set has a model; it decided when it reached the model's margin (`audience_basis: model`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience_model_score: Option<f32>,
    /// The rule level the word model overruled, when its gate (`outranks`) let it and its score reached
    /// `outrank_margin` for the other audience (`audience_basis: model`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience_model_outranked: Option<Level>,
    /// The decided themes, in [`Theme::ALL`] order.
    pub themes: Vec<Theme>,
    /// Summed weights per theme that any rule voted on.
    pub theme_scores: BTreeMap<Theme, f32>,
    /// The themes the theme word model added or took away (their basis is `model`, not the rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theme_model: Vec<ThemeModelCall>,
    /// The themes the stacked theme model added or took away, with its probability of each
    /// (`rules/theme-stack.toml`; `explain` shows every theme's probability and its features).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theme_stack: Vec<StackCall>,
    /// Every rule that fired, audience rules first.
    pub fired: Vec<Fired>,
    /// The sides of opposition frames the statement takes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stances: Vec<StanceHit>,
    /// The concepts it talks about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concepts: Vec<ConceptHit>,
}

impl Classification {
    /// The ids of the rules that fired.
    pub fn fired_ids(&self) -> Vec<&str> {
        self.fired.iter().map(|f| f.rule.as_str()).collect()
    }
}

/// A statement together with its classification: the record that `classify` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classified {
    /// The statement as read.
    #[serde(flatten)]
    pub statement: Statement,
    /// What the rules decided.
    pub classification: Classification,
}

/// A statement as stored in the index: the statement, the labels the rules gave it, and which rules.
///
/// Read through [`IndexedFlat`], the same fields without `flatten`: serde buffers a flattened struct's
/// fields as generic values before parsing them again, which made parsing records a sixth of `contrast`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "IndexedFlat")]
pub struct Indexed {
    /// The statement as read.
    #[serde(flatten)]
    pub statement: Statement,
    /// The audience the rules decided.
    pub audience: Audience,
    /// The themes the rules decided.
    pub themes: Vec<Theme>,
    /// The ids of the rules that fired.
    pub rules: Vec<String>,
    /// Fingerprint of the rule set that classified it (see `RuleSet::fingerprint`).
    pub rules_fingerprint: String,
    /// Whether rules or only the default decided the audience.
    #[serde(default = "default_basis")]
    pub audience_basis: Basis,
    /// The sides of opposition frames the statement takes.
    #[serde(default)]
    pub stances: Vec<StanceHit>,
    /// The concepts it talks about.
    #[serde(default)]
    pub concepts: Vec<ConceptHit>,
}

fn default_basis() -> Basis {
    Basis::Rules
}

/// [`Indexed`] as one flat object, for reading: every field of [`Statement`] and of [`Indexed`] with the same
/// names, defaults and types, so a record reads as it did with `flatten` (unknown fields are ignored there
/// and here).
#[derive(Deserialize)]
struct IndexedFlat {
    id: String,
    text: String,
    #[serde(default)]
    speaker: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    source: String,
    lang: Lang,
    #[serde(default)]
    gold: Option<Gold>,
    #[serde(default)]
    provenance: Option<Box<Provenance>>,
    #[serde(default)]
    translation: Option<String>,
    audience: Audience,
    themes: Vec<Theme>,
    rules: Vec<String>,
    rules_fingerprint: String,
    #[serde(default = "default_basis")]
    audience_basis: Basis,
    #[serde(default)]
    stances: Vec<StanceHit>,
    #[serde(default)]
    concepts: Vec<ConceptHit>,
}

impl From<IndexedFlat> for Indexed {
    fn from(f: IndexedFlat) -> Indexed {
        Indexed {
            statement: Statement {
                id: f.id,
                text: f.text,
                speaker: f.speaker,
                role: f.role,
                venue: f.venue,
                date: f.date,
                source: f.source,
                lang: f.lang,
                gold: f.gold,
                provenance: f.provenance,
                translation: f.translation,
            },
            audience: f.audience,
            themes: f.themes,
            rules: f.rules,
            rules_fingerprint: f.rules_fingerprint,
            audience_basis: f.audience_basis,
            stances: f.stances,
            concepts: f.concepts,
        }
    }
}

impl Indexed {
    /// The record for a statement and its classification by rules with the given fingerprint.
    pub fn new(
        statement: Statement,
        classification: &Classification,
        rules_fingerprint: &str,
    ) -> Indexed {
        Indexed {
            statement,
            audience: classification.audience,
            themes: classification.themes.clone(),
            rules: classification
                .fired
                .iter()
                .map(|f| f.rule.clone())
                .collect(),
            rules_fingerprint: rules_fingerprint.to_string(),
            audience_basis: classification.audience_basis,
            stances: classification.stances.clone(),
            concepts: classification.concepts.clone(),
        }
    }

    /// [`Indexed::new`] taking the classification apart instead of copying what the record keeps of it.
    pub fn from_classified(c: Classified, rules_fingerprint: &str) -> Indexed {
        let Classification {
            audience,
            audience_basis,
            themes,
            fired,
            stances,
            concepts,
            ..
        } = c.classification;
        Indexed {
            statement: c.statement,
            audience,
            themes,
            rules: fired.into_iter().map(|f| f.rule).collect(),
            rules_fingerprint: rules_fingerprint.to_string(),
            audience_basis,
            stances,
            concepts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading of [`Indexed`] through [`IndexedFlat`] agrees with serde's `flatten`, which it replaced.
    #[derive(Deserialize)]
    struct Flattened {
        #[serde(flatten)]
        statement: Statement,
        audience: Audience,
        themes: Vec<Theme>,
        rules: Vec<String>,
        rules_fingerprint: String,
        #[serde(default = "default_basis")]
        audience_basis: Basis,
        #[serde(default)]
        stances: Vec<StanceHit>,
        #[serde(default)]
        concepts: Vec<ConceptHit>,
    }

    fn flattened(json: &str) -> Indexed {
        let f: Flattened = serde_json::from_str(json).unwrap();
        Indexed {
            statement: f.statement,
            audience: f.audience,
            themes: f.themes,
            rules: f.rules,
            rules_fingerprint: f.rules_fingerprint,
            audience_basis: f.audience_basis,
            stances: f.stances,
            concepts: f.concepts,
        }
    }

    #[test]
    fn audience_only_gold_has_no_theme_gold() {
        let g: Gold =
            serde_json::from_str(r#"{"audience":"external","themes":[],"audience_only":true}"#)
                .unwrap();
        assert!(g.audience_only);
        assert_eq!(g.theme_gold(), None);
        let mut s = Statement::new("a", "t");
        s.gold = Some(g.clone());
        assert_eq!(s.theme_gold(), None);
        // Written back with the flag; ordinary gold is written without it and has (empty) theme gold.
        assert!(serde_json::to_string(&g)
            .unwrap()
            .contains("\"audience_only\":true"));
        let plain = Gold::new(Audience::Internal, Vec::new());
        assert!(!serde_json::to_string(&plain)
            .unwrap()
            .contains("audience_only"));
        assert_eq!(plain.theme_gold(), Some(&[][..]));
    }

    #[test]
    fn records_read_as_with_flatten() {
        let mut s = Statement::new("a-1", "我们要掌握核心技术。");
        s.speaker = "X".into();
        s.venue = "Qiushi".into();
        s.date = "2021-03".into();
        s.gold = Some(Gold::new(Audience::Internal, vec![Theme::Indigenization]));
        s.provenance = Some(Box::new(Provenance {
            file: "d.md".into(),
            line: 7,
            voice: Voice::Quoted,
            also_in: vec!["u".into()],
            ..Provenance::default()
        }));
        s.translation = Some("We must master core technology.".into());
        let full = Indexed {
            statement: s,
            audience: Audience::Internal,
            themes: vec![Theme::Indigenization, Theme::Security],
            rules: vec!["r1".into(), "r2".into()],
            rules_fingerprint: "f".into(),
            audience_basis: Basis::Model,
            stances: vec![StanceHit {
                frame: "fr".into(),
                side: Side::Internal,
                terms: vec!["核心技术".into()],
                charge: false,
            }],
            concepts: vec![ConceptHit {
                concept: "c".into(),
                terms: vec!["t".into()],
            }],
        };
        let json = serde_json::to_string(&full).unwrap();
        let read: Indexed = serde_json::from_str(&json).unwrap();
        assert_eq!(read, full);
        assert_eq!(flattened(&json), full);
        // Fields left out take their defaults, unknown fields are ignored, in both readings.
        let sparse = r#"{"id":"b","text":"t","lang":"en","audience":"external","themes":[],
            "rules":[],"rules_fingerprint":"f","later":{"x":[1]}}"#;
        let read: Indexed = serde_json::from_str(sparse).unwrap();
        assert_eq!(read, flattened(sparse));
        assert_eq!(read.audience_basis, Basis::Rules);
        assert!(read.statement.gold.is_none() && read.statement.speaker.is_empty());
        // A record without a required field is refused by both.
        let bad = r#"{"id":"b","lang":"en","audience":"external","themes":[],"rules":[],"rules_fingerprint":"f"}"#;
        assert!(serde_json::from_str::<Indexed>(bad).is_err());
        assert!(serde_json::from_str::<Flattened>(bad).is_err());
    }
}
