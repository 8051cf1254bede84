//! Pairs external and internal statements of a theme: each external statement with the internal one that
//! most directly contradicts it, as an assignment over the whole theme, with structured reasons.
//!
//! The method:
//! 1. **Candidates** (`candidates.rs`, in memory over the features below): for an external statement, the
//!    internal statements of the theme that take the internal side of a frame whose external side it takes,
//!    best first by the rarer concepts and words they share, topped up from the frame's pool at a place
//!    that moves with the statement (so look-alike statements are offered different partners). Cost grows
//!    with n·k, not n·m. Small themes are paired exhaustively.
//! 2. **Opposition.** The frames of `rules/frames.toml` (stances found at classification time and stored in
//!    the index) fire on a pair when the external statement takes a frame's external stance and the internal
//!    one its internal stance; fired frames combine as `1 - Π(1 - weight)`. A frame counts
//!    [`CROSSED_STANCE_FACTOR`] of its weight when either statement also takes the other voice's stance of it
//!    (a domestic commentary repeating the external argument is related, not opposed). An **echo** is
//!    weaker still: when the internal statement takes the external stance of a frame marked `echo` (the
//!    stance is the external argument itself: China opposes hacking, markets must stay open) that the
//!    external statement takes too, it says what the external statement says, and the pair keeps
//!    [`ECHO_FACTOR`] of its opposition, whichever frames fired ([`Reason::Echo`]).
//! 3. **Subject.** Language-free: the idf-weighted cosine of the two statements' concepts (the bilingual
//!    lexicon, `rules/concepts.toml`), so English meets Chinese on equal terms. Shared content words do not
//!    count: only a partner in the external statement's own language can share them, and among the
//!    candidates a frame fires on they mark the related partner (a report in the same language on the same
//!    story), not the opposed one (docs/history.md › Pairing, session 26). They still find nearly identical texts,
//!    which are not a contrast and are pushed down.
//! 4. **Focus.** A partner that says much besides its stance is a weaker quote of the contradiction: the
//!    score keeps `1 - 0.2 × min(content words / 90, 1)` of itself ([`FOCUS_PENALTY`], [`FOCUS_WORDS`]).
//!    Among partners taking the same frames, the judges accept the focused statement over the long one
//!    (docs/history.md › Pairing, session 18). A theme may weigh length more: ambition's pairs keep
//!    `1 - 0.5 × …` (`[pair_weights.focus_penalty_by_theme]`, session 43: a long home text carries the race in
//!    a passing phrase, and the judges call it related).
//! 5. **Same specific subject.** When the external statement names one or two specific subjects (concepts
//!    with a `kind`: a firm, a measure, a technology, a forum, an organ, a law, a programme, an accusation),
//!    a partner that names them too gains up to [`SUBJECT_BONUS`] (`× 1.25`, the score capped at 1): judges
//!    accept the partner on the same firm or measure and call one that only takes the opposite stance
//!    "related". Across kinds, a partner that names what the subject is aimed at or belongs to (`targets`
//!    in rules/concepts.toml: export controls → chips, Huawei → telecom equipment) gains half of that
//!    ([`TARGET_CREDIT`]). [`Reason::Subject`] says which subjects are shared, which have a target named,
//!    which only a close relative of the same `family` or a concept of the same class ([`CLASSES`]: the
//!    field's broad subjects), and which are not named; relatives and class-mates earn nothing
//!    ([`RELATIVE_CREDIT`], [`CLASS_CREDIT`]).
//! 6. **Language.** An internal statement in Chinese, its audience's language, gains [`DOMESTIC_LANGUAGE_BONUS`]
//!    (`× 1.05`): among partners saying the same, the domestic voice in its own words over an English rendering.
//! 7. **Naming.** Among the candidates of one external statement, a partner that leaves unnamed more of its
//!    specific subjects than the best-naming framed candidate keeps `1 − 0.4 × (missed − least)`
//!    ([`SUBJECTS_MISSED_PENALTY`], [`naming`]): the judges accept the partner on the external statement's own
//!    firm, measure or technology. Relative: a statement whose subject no candidate names loses nothing.
//! 8. **Assignment.** `score = (0.8 × opposition + 0.2 × subject) × focus × same subject × language × naming`. Pairs with no frame fired are not
//!    contrasts and are left out (or listed apart as weak). Among the rest, each internal statement is given
//!    to at most `reuse` external ones, chosen to maximise the total score of the theme (an exact
//!    assignment by shortest augmenting paths over the sparse candidate graph; see [`assign`]); with a
//!    `reuse_cost`, each further use of an internal statement counts only part of its score in that total
//!    ([`assign_with_cost`]); with a `reuse_margin`, each further use costs that much score
//!    ([`assign_with_reuse_cost`]), and with a `distinct_floor` the margin is raised until the theme's
//!    pairs keep that share of distinct partners. A shared partner's pair says so ([`Reason::Shared`]).
//!    With the **hub bonus** on (`[pair_weights]`' `hub_fraction` and `hub_bonus`, off when absent), each
//!    internal statement's framed scores count `× (1 + hub_bonus × share)` in that total (the pairs keep their
//!    own scores), its share being the part of the
//!    paired external statements it meets within `hub_fraction` of their best score ([`hub_factors`]: a home
//!    text stating the theme's stance in general); a pair whose partner it changed says so ([`Reason::Hub`]).
//!
//! The numbers above are the hand-set defaults (the constants below). The weights in use are the rules'
//! `[pair_weights]` (rules/pair-weights.toml, [`crate::rules::PairWeights`]): since session 38 fitted to the
//! judged sets and chosen leave one set out (docs/rules.md › Pair weights). [`RawParts`] gives what a candidate's
//! score is made of before they weigh it, so that they can be refitted over `eval-pairs --dump-candidates`.

use crate::error::{Error, Result};
use crate::index::{StatementIndex, WordStats};
use crate::model::{Audience, Basis, Indexed, Lang, Side, StanceHit, Theme};
use crate::rules::RuleSet;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub mod assign;
mod candidates;
mod flow;
pub use assign::{
    assign, assign_grouped, assign_grouped_with_cost, assign_grouped_with_reuse_cost,
    assign_with_cost, assign_with_reuse_cost, Edge, ReuseCost,
};

/// The reuse margins a distinct-partner floor tries in turn ([`PairOptions::distinct_floor`]), after the one
/// asked for: each a Lagrange price on sharing, so each step is still an exact assignment of the total score
/// less the price of every further use. At 1 no pair can pay for a second use (scores are at most 1).
pub const FLOOR_MARGINS: [f32; 7] = [0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 1.0];
use candidates::{CandidateIndex, Scratch};
pub use flow::contrast_themes;

/// Weight of the opposition part of a pair score; the subject part has the rest. Among the candidates a frame
/// fires on, the opposition tells an acceptable partner from an only-related one better than the shared
/// subject does (docs/history.md › Pairing, session 26: 0.7 → 0.8).
pub const OPPOSITION_WEIGHT: f32 = 0.8;

/// How much of a frame's weight is left when one of the two statements also takes the other voice's
/// stance of that frame (it partly says what the other side says).
pub const CROSSED_STANCE_FACTOR: f32 = 0.7;

/// The share of a pair's opposition kept when the internal statement echoes the external one: it takes
/// the external stance of a frame marked `echo` (the stance is the external argument itself: China opposes
/// hacking, markets must stay open) that the external statement takes too. It says what the external
/// statement says, and judges call such a partner related, not opposed; an internal statement that
/// takes only the internal stance is the contradiction and should win.
pub const ECHO_FACTOR: f32 = 0.5;

/// The share of a broad frame's weight (`broad = true`: a theme's general stance pair) kept when the
/// external statement takes the external stance of a specific frame of the theme that the internal statement
/// does not answer (it takes none of those frames' internal stances). Against "China opposes all hacking",
/// a partner that only puts security first in general is related; one that names China's own cyber forces
/// answers the argument, and should rank above it (docs/history.md › Pairing, session 23).
pub const BROAD_FACTOR: f32 = 0.6;

/// How much a pair's score gains (`× (1 + SUBJECT_BONUS)`, capped at 1) when the external statement names
/// specific subjects (concepts with a `kind`: a firm, a measure, a technology, a forum, an accusation…) and
/// the internal statement names them too (`Scorer::subject_match`; in part, for part of them). Judges accept
/// a partner on the same firm, measure or technology and call one that only takes the opposite stance of
/// the frame "related" (docs/history.md › Pairing, session 27: tune sets 0.15–0.35 all within 2 of 0.25).
pub const SUBJECT_BONUS: f32 = 0.25;

/// How much of a same-subject match a close relative earns (a concept of the same `family`: lithography
/// for chips, the entity list for export controls). Relatives are named in the reasons, but measured at
/// 0.25 and 0.5 they cost the tune sets 3 and 4 partners (docs/history.md › Pairing, session 27), so they earn nothing.
pub const RELATIVE_CREDIT: f32 = 0.0;

/// The share of a same-subject match a concept of the same **class** earns: a family of the same broad
/// subject of the field ([`CLASSES`]: Huawei, a telecom firm, and chips or an operating system are all
/// information and communications technology). Named in the reasons ("same class"); measured at 0.1–0.5
/// with [`RELATIVE_CREDIT`] at 0.25–0.75 it gained nothing beyond the family credit (README › Pairing,
/// session 30), so it earns nothing.
pub const CLASS_CREDIT: f32 = 0.0;

/// The share of a same-subject match a **target** earns: the internal statement names what the external
/// statement's subject is aimed at or belongs to (`targets` in rules/concepts.toml: export controls → chips,
/// Huawei → telecom equipment), across kinds. Named in the reasons ("measure on: export controls → chips").
/// Measured on every judged set (docs/history.md › Pairing, session 31): 0.5 raises the pooled P@1 536 → 538 and the
/// recent strict sets 57 → 58, the check sets unchanged; 0.25 changes nothing, 1.0 costs the tune sets 3.
pub const TARGET_CREDIT: f32 = 0.5;

/// How much a pair's score gains (`× (1 + DOMESTIC_LANGUAGE_BONUS)`, capped at 1) when the internal statement
/// is in Chinese, the language its audience reads: the domestic voice in its own words. An internal
/// statement in English is that voice at second hand (a think tank's translation of a speech, an official
/// English relay of a domestic document), and where the two say the same, judges accept the Chinese original
/// and call its English rendering related (docs/history.md › Pairing, session 33: the same Xi sentence
/// acceptable in Chinese, related in English, for five externals). Over the ten best framed candidates of
/// every judged external statement, a Chinese partner is acceptable more often than an English one, for
/// English and Chinese external statements alike, on the old and the recent judged sets (README › Pairing,
/// session 34). A preference among near-equals, not a subject: a corpus with one language is unchanged.
pub const DOMESTIC_LANGUAGE_BONUS: f32 = 0.05;

/// How much a pair's score loses (`× (1 − SUBJECTS_MISSED_PENALTY × (missed − least))`) for the external
/// statement's specific subjects it leaves unnamed that another candidate names: `missed` is the idf-weighted
/// share of the external statement's specific subjects (concepts with a `kind`, however many it names) the
/// internal statement does not name ([`ScoreParts::subjects_missed`]), `least` the smallest such share among the
/// framed candidates of the same external statement ([`naming`]). Relative, so that an external statement whose
/// subject no candidate names loses nothing, and ranks against the others as before. The judges of the recent
/// sets (pairs-holdout13 on) accept the partner on the external statement's own firm, measure or technology and
/// call one that answers only the argument "related"; the older tune sets often accepted the latter, so the
/// penalty trades some of those for more of the recent ones (README › Pairing, session 35: over every judged set
/// 0.35–0.45 all gain the same; session 29 measured the same trade in exponential form).
pub const SUBJECTS_MISSED_PENALTY: f32 = 0.4;

/// The share of a pair's score kept for the external statement's specific subjects its internal statement does
/// not name (`missed`, [`ScoreParts::subjects_missed`]) beyond the fewest any framed candidate of the same external
/// statement misses (`least`): `1 − SUBJECTS_MISSED_PENALTY × (missed − least)`, in
/// `[1 − SUBJECTS_MISSED_PENALTY, 1]`, with `penalty` the rules' `subjects_missed_penalty`
/// ([`crate::rules::PairWeights`]; [`SUBJECTS_MISSED_PENALTY`] by default).
pub fn naming(penalty: f32, missed: f32, least: f32) -> f32 {
    1.0 - penalty * (missed - least).clamp(0.0, 1.0)
}

/// The fewest specific subjects missed ([`ScoreParts::subjects_missed`]) among the candidates of one external
/// statement, given as `(missed, framed)` ([`naming_entry`]): among the framed ones (a frame fires on the pair), or
/// among all when none is framed; 0 when there are none. The reference of [`naming`].
pub fn least_missed(candidates: impl IntoIterator<Item = (f32, bool)>) -> f32 {
    let (mut framed, mut any) = (None::<f32>, None::<f32>);
    for (missed, is_framed) in candidates {
        any = Some(any.map_or(missed, |a| a.min(missed)));
        if is_framed {
            framed = Some(framed.map_or(missed, |f| f.min(missed)));
        }
    }
    framed.or(any).unwrap_or(0.0)
}

/// A scored candidate's entry for [`least_missed`]: the share of specific subjects it misses and whether a
/// frame fires on it; none when it does not score (it is no candidate).
pub fn naming_entry(score: f32, parts: &ScoreParts) -> Option<(f32, bool)> {
    (score > 0.0).then_some((parts.subjects_missed, parts.opposition > 0.0))
}

/// A candidate's score with its [`naming`] against `least` ([`least_missed`]), recorded in its parts.
fn with_naming(penalty: f32, score: f32, parts: &mut ScoreParts, least: f32) -> f32 {
    parts.naming = naming(penalty, parts.subjects_missed, least);
    score * parts.naming
}

/// The hub share of every internal statement of a theme, and the factor it gives, before the assignment:
/// `edges[e]` are external statement `e`'s candidates `(internal, score, framed)` (the scores with everything
/// but this); an internal statement **meets** `e` when its framed score is above 0 and at least `fraction` of
/// `e`'s best framed score; its share is the number of external statements it meets over the number that have
/// a framed candidate (the ones being paired), and its factor `1 + bonus × share`. Returns the shares and the
/// factors, one per internal statement (`n_internal`); `None` when the bonus is off ([`PairWeights::hub`]).
/// The factors weigh the framed scores in the assignment's total (capped at 1, [`with_hub`]); the pairs keep their
/// own scores.
///
/// Why: the judges accept the home text that states the theme's stance in general, the one many external
/// statements meet nearly as well as their own best candidate, over a near tie that answers one of them
/// (docs/rules.md › "The pairing round of session 57", the hub share; session 58 built it). It is a term of the
/// assignment's input, not of a pair: it needs every external statement's best score first.
///
/// Scope: the external statements of the call, those the assignment pairs. In `contrast` over a corpus, every
/// external statement of the theme (or those its query and `--external` ids leave); in `eval-pairs`, the judged
/// external statements of the theme. The share is a fraction, so it reads the same at both scales: how much of
/// the external voice at hand the home text answers nearly as well as the best.
///
/// [`PairWeights::hub`]: crate::rules::PairWeights::hub
pub fn hub_factors(
    edges: &[Vec<(u32, f32, bool)>],
    n_internal: usize,
    weights: &crate::rules::PairWeights,
) -> Option<(Vec<f32>, Vec<f32>)> {
    let (fraction, bonus) = weights.hub()?;
    let mut meets = vec![0u32; n_internal];
    let mut paired = 0u32;
    for list in edges {
        let best = list
            .iter()
            .filter(|x| x.2)
            .map(|x| x.1)
            .fold(0.0f32, f32::max);
        if best <= 0.0 {
            continue;
        }
        paired += 1;
        for &(i, score, framed) in list {
            if framed && score > 0.0 && score >= fraction * best {
                meets[i as usize] += 1;
            }
        }
    }
    let shares: Vec<f32> = meets
        .iter()
        .map(|&m| {
            if paired == 0 {
                0.0
            } else {
                m as f32 / paired as f32
            }
        })
        .collect();
    let factors = shares.iter().map(|&s| 1.0 + bonus * s).collect();
    Some((shares, factors))
}

/// A framed candidate's score with its internal statement's hub factor ([`hub_factors`]), capped at 1 as
/// every score is.
pub fn with_hub(score: f32, factor: f32) -> f32 {
    (score * factor).min(1.0)
}

/// The field's broad subjects, each a set of concept families (`family` in rules/concepts.toml): the class
/// a partner shares with the external statement when it names neither its subject nor a close relative.
/// Written from the field's structure: the judges accept, against a rebuttal for a telecom firm or an
/// app, the home voice on foreign chips, software and equipment as a risk; against a rebuttal of a curb,
/// the home voice on another curb. Countries, the themes' own notions and the accusations have no class.
pub const CLASSES: &[(&str, &[&str])] = &[
    (
        "ICT equipment and software",
        &[
            "telecom",
            "semiconductors",
            "software",
            "computing",
            "consumer-devices",
            "iot",
            "internet-infrastructure",
            "cybersecurity-firms",
            "apps",
            "platforms",
            "domestic-substitution",
        ],
    ),
    (
        "curbs on trade, technology and investment",
        &[
            "trade-curbs",
            "network-exclusion",
            "investment-curbs",
            "people-curbs",
            "trade-war",
            "trade-remedies",
            "export-control-regimes",
            "security-review",
            "us-laws",
        ],
    ),
];

/// The class of a concept family ([`CLASSES`]), by its place in the table.
fn class_of(family: &str) -> Option<usize> {
    CLASSES.iter().position(|(_, fams)| fams.contains(&family))
}

/// An external statement naming more specific subjects than this lists them (WTO, e-commerce and biotech in
/// one sentence) rather than being about one: no subject is preferred for it.
pub const MAX_SUBJECTS: usize = 2;

/// The most a pair's score loses for the length of its internal statement ([`focus`]).
pub const FOCUS_PENALTY: f32 = 0.2;

/// Distinct content words of an internal statement at which [`FOCUS_PENALTY`] is reached in full.
pub const FOCUS_WORDS: usize = 90;

/// The share of a pair's score kept for how focused its internal statement is, in
/// `[1 - FOCUS_PENALTY, 1]`: `content_words` distinct content words (no stop words, no filler) cost
/// [`FOCUS_PENALTY`] `× content_words / FOCUS_WORDS`, up to [`FOCUS_WORDS`].
///
/// Why: among the internal statements that take the same frames against an external statement, the
/// judged sets accept the short, pointed statement over the long one that takes the stance in passing
/// (a long report, a Party document listing many tasks). Over the top five candidates of each judged
/// external statement, the internal statement's length tells an acceptable partner from a rejected one
/// better than any other feature measured, and subject similarity does not tell them apart at all
/// (docs/history.md › Pairing, session 18). Only the internal side counts: the external statement is the one
/// asked about, and its length is the same for all its candidates. `penalty` is the rules' `focus_penalty`
/// ([`crate::rules::PairWeights`]; [`FOCUS_PENALTY`] by default).
pub fn focus(penalty: f32, content_words: usize) -> f32 {
    1.0 - penalty * focus_share(content_words)
}

/// The share of [`FOCUS_WORDS`] an internal statement's distinct content words reach, in `[0, 1]`.
fn focus_share(content_words: usize) -> f32 {
    content_words.min(FOCUS_WORDS) as f32 / FOCUS_WORDS as f32
}

/// How pairs are chosen and how many are kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairOptions {
    /// How many external statements one internal statement may be paired with.
    pub reuse: usize,
    /// With `reuse` above 1: the share of a pair's score that each further use of an internal statement
    /// costs in the assignment (its `k`-th further use counts `(1 - reuse_cost)^k`; 0, the default: every
    /// use counts in full). A soft limit: a partner is shared only when sharing gains more than it costs.
    /// The pairs keep their own scores.
    pub reuse_cost: f32,
    /// With `reuse` above 1: the score each further use of an internal statement costs in the assignment
    /// (its `k`-th further use counts its score less `k × reuse_margin`; 0, the default). A partner is shared
    /// only where the pair beats what the external statement would get from free partners by more than this.
    pub reuse_margin: f32,
    /// With `reuse` above 1: the least share of distinct partners among a theme's pairs. When the
    /// assignment with `reuse_margin` falls below it, the margin is raised through [`FLOOR_MARGINS`] until the
    /// table meets it (the last, 1, shares nothing). `None`, the default: no floor.
    pub distinct_floor: Option<f32>,
    /// Keep only this many best pairs in all.
    pub pairs: Option<usize>,
    /// Pairs scoring below this are left out.
    pub min_score: f32,
    /// Count a partner naming what the external statement's subject targets (a measure's technology, a firm's
    /// sector: `targets` in rules/concepts.toml) as part of a same-subject match ([`TARGET_CREDIT`]). On by
    /// default since session 35: with [`naming`] it raises every judged set or leaves it as it was (README ›
    /// Pairing, session 35); off, as from session 31 (on that session's blind judged set it had gained one pair
    /// of 50, short of the two its criterion asked for), it is `--no-targets`.
    pub targets: bool,
    /// Also pair the external statements left over on subject alone, listed apart and marked weak.
    pub show_weak: bool,
    /// Candidates per external statement (and as many more on subject alone with `show_weak`).
    pub candidates: usize,
    /// Rarest words of the external statement that look for candidates.
    pub rare_terms: usize,
    /// Below this many internal statements, every one is a candidate.
    pub exhaustive_below: usize,
    /// Which external statements not classified with the theme are its candidates when they take the
    /// external stance of a frame naming it ([`candidacy`]).
    pub widen: Widen,
}

/// Which external statements the stance route of [`candidacy`] applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Widen {
    /// None: only statements classified with the theme are paired.
    None,
    /// The external statements asked about by id (`contrast --external ID`, `eval-pairs`): the researcher
    /// chose the statement and the theme, and its stance says it is a side of the theme's contradiction.
    /// In a whole-corpus table the stance route is not used: on the gold-labelled fixtures, 19 of 864
    /// statements it would add carry the theme, and they would crowd the table out.
    #[default]
    Asked,
    /// Every external statement, asked about or not.
    All,
}

impl Default for PairOptions {
    fn default() -> PairOptions {
        PairOptions {
            reuse: 1,
            reuse_cost: 0.0,
            reuse_margin: 0.0,
            distinct_floor: None,
            pairs: None,
            min_score: 0.0,
            targets: true,
            show_weak: false,
            candidates: 24,
            rare_terms: 8,
            exhaustive_below: 600,
            widen: Widen::Asked,
        }
    }
}

/// How a statement is a pairing candidate of a theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "route", rename_all = "snake_case")]
pub enum Candidacy {
    /// The theme rules classified it with the theme.
    Classified,
    /// An external statement the theme rules did not classify with the theme, that takes the external
    /// stance of frames naming the theme (their ids): the frames' stances are the theme's own opposition
    /// vocabulary, and the external voice often rebuts an accusation ("no evidence", "so-called links to
    /// the military") without the words the theme rules look for.
    Stance {
        /// The frames whose external stance it takes, in rule-file order.
        frames: Vec<String>,
    },
}

/// Whether, and how, a statement (its classified `themes`, `audience` and frame `stances`) is a pairing
/// candidate of `theme`: classified with it; or, for an external statement, taking the external stance of
/// a frame that names the theme ([`crate::rules::Frame::names`]; frames for every theme widen nothing).
/// Internal statements are candidates only when classified: the internal voice takes the broad stances
/// (security first, own control) on many subjects, and a partner off the theme is no contrast of it.
/// `None` when it is not a candidate.
pub fn candidacy(
    rules: &RuleSet,
    themes: &[Theme],
    audience: Audience,
    stances: &[StanceHit],
    theme: Theme,
) -> Option<Candidacy> {
    if themes.contains(&theme) {
        return Some(Candidacy::Classified);
    }
    if audience != Audience::External {
        return None;
    }
    let frames: Vec<String> = rules
        .frames
        .iter()
        .filter(|f| f.names(theme))
        .filter(|f| {
            stances
                .iter()
                .any(|h| h.side == Side::External && h.frame == f.id)
        })
        .map(|f| f.id.clone())
        .collect();
    (!frames.is_empty()).then_some(Candidacy::Stance { frames })
}

/// Every theme a statement is a pairing candidate of, in [`Theme::ALL`] order, with how.
pub fn candidacies(
    rules: &RuleSet,
    themes: &[Theme],
    audience: Audience,
    stances: &[StanceHit],
) -> Vec<(Theme, Candidacy)> {
    Theme::ALL
        .into_iter()
        .filter_map(|t| candidacy(rules, themes, audience, stances, t).map(|c| (t, c)))
        .collect()
}

/// The stance rule ids (`FRAME/external`, as stored in the index) that make an external statement a
/// pairing candidate of `theme` by [`Candidacy::Stance`].
pub fn candidate_stances(rules: &RuleSet, theme: Theme) -> Vec<String> {
    rules
        .frames
        .iter()
        .filter(|f| f.names(theme))
        .map(|f| crate::rules::Frame::stance_rule_id(&f.id, Side::External))
        .collect()
}

/// The echo frames (frames marked `echo`) whose external stance an internal statement takes, in rule-file
/// order: set against an external statement that takes the same stance, it says what that statement says
/// and the pair keeps [`ECHO_FACTOR`] of its opposition. Empty for an external statement.
pub fn echoes(rules: &RuleSet, audience: Audience, stances: &[StanceHit]) -> Vec<String> {
    if audience != Audience::Internal {
        return Vec::new();
    }
    let crossed: Vec<&str> = other_voice_frames(stances, Side::Internal).collect();
    rules
        .frames
        .iter()
        .filter(|f| f.echo && crossed.contains(&f.id.as_str()))
        .map(|f| f.id.clone())
        .collect()
}

/// The frames whose other voice's stance (not `own`'s) a statement takes in words of its own: every stance
/// hit of the other side, except one whose words all lie within the words that gave the statement its own
/// side of the same frame. A word both stances of a frame list ("cyber war": what the external voice opposes,
/// what the PLA prepares for), or one found inside a longer word of the own stance (网络战 inside 网络战略力量,
/// "cyber strategic forces"), is the statement's own voice speaking: a PLA text on cyber-war forces does not
/// also say that China opposes cyber war. Such a statement is neither crossed nor an echo.
pub fn other_voice_frames(stances: &[StanceHit], own: Side) -> impl Iterator<Item = &str> {
    stances
        .iter()
        .filter(move |h| h.side != own)
        .filter(move |h| {
            let Some(mine) = stances.iter().find(|m| m.side == own && m.frame == h.frame) else {
                return true;
            };
            let mine: Vec<String> = mine.terms.iter().map(|t| t.to_lowercase()).collect();
            !h.terms.iter().all(|t| {
                let t = t.to_lowercase();
                mine.iter().any(|m| m.contains(&t))
            })
        })
        .map(|h| h.frame.as_str())
}

/// The parts of a pair's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScoreParts {
    /// Combined weight of the frames that fired, in `[0, 1]`.
    pub opposition: f32,
    /// How much the two talk about the same thing, in `[0, 1]`.
    pub subject: f32,
    /// The share of the score kept for the internal statement's focus ([`focus`]), in `[0.8, 1]`.
    #[serde(default = "full_focus")]
    pub focus: f32,
    /// The share of the opposition kept because the internal statement echoes the external one: 1, or
    /// [`ECHO_FACTOR`] when it takes the external stance of an echo frame the external statement takes
    /// too (the opposition above already includes it).
    #[serde(default = "full_focus")]
    pub echo: f32,
    /// The factor for naming the external statement's specific subjects (`Scorer::subject_match`), in
    /// `[1, 1 + SUBJECT_BONUS]`: 1 when the external statement names none (or more than [`MAX_SUBJECTS`]) or
    /// the internal one names none of them; `1 + SUBJECT_BONUS` when it names them all.
    #[serde(default = "full_focus")]
    pub specific: f32,
    /// The factor for the internal statement's language, in `[1, 1 + DOMESTIC_LANGUAGE_BONUS]`:
    /// `1 + DOMESTIC_LANGUAGE_BONUS` when it is in Chinese, the language of its audience, else 1.
    #[serde(default = "full_focus")]
    pub language: f32,
    /// The factor for the external statement's specific subjects this partner leaves unnamed that another
    /// framed candidate of the same external statement names ([`naming`]), in
    /// `[1 − SUBJECTS_MISSED_PENALTY, 1]`: 1 for the candidates that miss the fewest (and for a pair scored
    /// alone, [`score_pair`]).
    #[serde(default = "full_focus")]
    pub naming: f32,
    /// The hub factor of the internal statement ([`hub_factors`]): `1 + hub_bonus × share`, where the share is
    /// the part of the paired external statements it meets within `hub_fraction` of their best score. It
    /// weighs the pair in the assignment's total only: the pair's `score` is its own, without it (as with
    /// `reuse_cost`). 1 when the bonus is off (`hub_bonus` 0) and for a pair scored alone.
    #[serde(default = "full_focus")]
    pub hub: f32,
    /// The rest are not in the score: what a reviewer (or a fitted model) may weigh besides it, filled in
    /// when the pair is explained (every pair `contrast` shows, every candidate `eval-pairs` dumps) and 0 or
    /// false while candidates are only scored. Measured as weights leave-one-set-out in README › Pairing,
    /// session 28 (`benches/pairing_loso.py`). The content-word cosine of the two statements when they are
    /// in one language (0 across languages; it finds near-duplicates).
    #[serde(default)]
    pub words: f32,
    /// True when the two statements are in different languages.
    #[serde(default)]
    pub cross_lingual: bool,
    /// How many frames fired.
    #[serde(default)]
    pub frames_fired: usize,
    /// The idf-weighted share of the external statement's specific subjects (concepts with a `kind`,
    /// however many it names) that the internal statement does not name; 0 when it names none. Always
    /// filled in: [`Self::naming`] is computed from it.
    #[serde(default)]
    pub subjects_missed: f32,
    /// The idf-weighted share of the external statement's concepts that the internal one does not name.
    #[serde(default)]
    pub external_only: f32,
    /// The idf-weighted share of the internal statement's concepts that the external one does not name.
    #[serde(default)]
    pub internal_only: f32,
    /// Years between the two statements' dates (0 when either is undated).
    #[serde(default)]
    pub years_apart: f32,
    /// True when the two texts are nearly the same (the score took × 0.2).
    #[serde(default)]
    pub near_duplicate: bool,
}

/// A date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as a year with the fraction of its month (mid-year when no month).
fn year_of(date: &str) -> Option<f32> {
    let mut parts = date.trim().split('-');
    let y: f32 = parts.next()?.get(..4)?.parse().ok()?;
    let m: f32 = parts
        .next()
        .and_then(|m| m.get(..2).and_then(|m| m.parse().ok()))
        .unwrap_or(7.0);
    Some(y + (m - 1.0) / 12.0)
}

/// The idf-weighted share of `a`'s concepts (of those with a `kind` only, when `kinded`) that `b` does not
/// name; 0 when `a` has none.
fn concepts_only(rules: &RuleSet, a: &Features, b: &Features, kinded: bool) -> f32 {
    let (mut all, mut only) = (0.0f32, 0.0f32);
    for &(c, idf) in &a.concepts {
        if kinded && rules.concepts[c].kind.is_none() {
            continue;
        }
        all += idf;
        if b.concepts.binary_search_by_key(&c, |x| x.0).is_err() {
            only += idf;
        }
    }
    if all > 0.0 {
        only / all
    } else {
        0.0
    }
}

fn full_focus() -> f32 {
    1.0
}

/// A concept both statements talk about, with its names in both scripts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedConcept {
    /// The concept's id.
    pub id: String,
    /// Its first English form.
    pub en: String,
    /// Its first Chinese form.
    pub zh: String,
}

/// A specific subject: a concept with a `kind` (firm, measure, technology…), with its names in both scripts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectConcept {
    /// The concept's id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// Its first English form.
    pub en: String,
    /// Its first Chinese form.
    pub zh: String,
}

/// How far an internal statement names the specific subjects of an external one, in `[0, 1]`, and which:
/// the idf-weighted share of the external statement's subjects (concepts with a `kind`) that the internal
/// statement names (1 each), of which it names a target (`targets`, [`TARGET_CREDIT`] each), a close relative
/// of the same `family` ([`RELATIVE_CREDIT`] each), or, failing that, a concept of the same class ([`CLASSES`], [`CLASS_CREDIT`] each). None when the external statement names no specific subject or more than
/// [`MAX_SUBJECTS`].
struct SubjectMatch {
    share: f32,
    /// The idf-weighted share of the subjects named, and of those whose target is named ([`RawParts`]).
    same_got: f32,
    target_got: f32,
    same: Vec<usize>,
    related: Vec<(usize, usize)>,
    class: Vec<(usize, usize)>,
    targets: Vec<(usize, usize)>,
    missed: Vec<usize>,
}

/// Why two statements are paired (or why a pair is weak): structured, so that each renderer words it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A frame fired: the external statement takes its external stance, the internal one its internal stance.
    Frame {
        /// The frame's id.
        frame: String,
        /// Its one-line summary.
        summary: String,
        /// The external statement's words for its stance.
        external_terms: Vec<String>,
        /// The internal statement's words for its stance.
        internal_terms: Vec<String>,
        /// The frame's caveat for readers, if any.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// The internal statement echoes the external one: it takes the external stance of this echo frame,
    /// as the external statement does (it says what the external voice says), so the pair's opposition is
    /// demoted ([`ECHO_FACTOR`]).
    Echo {
        /// The frame's id.
        frame: String,
        /// The summary of its external stance.
        summary: String,
        /// The external statement's words for the stance.
        external_terms: Vec<String>,
        /// The internal statement's words for the same stance.
        internal_terms: Vec<String>,
    },
    /// Concepts both talk about.
    SameConcepts {
        /// The shared concepts, rarest first.
        concepts: Vec<SharedConcept>,
    },
    /// The external statement names specific subjects (a firm, a measure, a technology, a forum, an
    /// accusation…: concepts with a `kind`), and whether the internal statement names the same ones.
    Subject {
        /// The external statement's subjects the internal statement names too.
        same: Vec<SubjectConcept>,
        /// The external statement's subjects of which the internal statement names a close relative
        /// (same `family`), each with the relative it names.
        related: Vec<(SubjectConcept, SubjectConcept)>,
        /// The external statement's subjects of which the internal statement names no relative but a concept
        /// of the same class ([`CLASSES`]: a family of the same broad subject), each with that concept.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        class: Vec<(SubjectConcept, SubjectConcept)>,
        /// The external statement's subjects the internal statement does not name, but names what they are
        /// aimed at or belong to (`targets` in rules/concepts.toml: a measure and what it targets, a firm and
        /// its sector), each with that target.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        targets: Vec<(SubjectConcept, SubjectConcept)>,
        /// The external statement's subjects the internal statement names neither the same, nor a relative
        /// of, nor a concept of their class.
        missed: Vec<SubjectConcept>,
        /// The factor applied to the score ([`ScoreParts::specific`]).
        factor: f32,
    },
    /// Content words both use (same language only). Not produced since shared words stopped counting
    /// towards the subject (docs/history.md › Pairing, session 26); kept so that output written before still reads.
    SameWords {
        /// The words as written in the external statement, rarest first.
        words: Vec<String>,
    },
    /// The two texts are nearly the same: not a contrast.
    NearDuplicate,
    /// No frame fired: the pair shares a subject only.
    NoFrame,
    /// The internal statement is the partner of other external statements of the theme too (`reuse` above
    /// 1): the assignment found the pair worth more than any partner left to this external statement alone.
    Shared {
        /// How many other external statements of the theme have it as their partner.
        others: usize,
        /// The best score this external statement has with an internal statement no pair uses (None: it
        /// has no such candidate).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        best_unshared: Option<f32>,
    },
    /// The hub bonus ([`hub_factors`]) changed this external statement's partner: without it the assignment
    /// gives it another partner (or none). Either the partner meets a large share of the theme's paired external
    /// statements nearly as well as their best candidates do (a home text that states the theme's stance in
    /// general), or (share 0) it moved because the bonus gave another partner to another statement.
    Hub {
        /// The share of the paired external statements the partner meets within `hub_fraction` of their best.
        share: f32,
        /// The factor its scores took, `1 + hub_bonus × share`.
        factor: f32,
        /// The id of the partner the assignment gives this external statement without the bonus (None: none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        without: Option<String>,
    },
    /// A statement's audience was not decided by any rule, only by the default.
    DefaultAudience {
        /// Which statement of the pair.
        side: Side,
    },
    /// A statement's audience was not decided by any rule, only by the audience word model
    /// (`audience_basis: model`): as weak a footing as the default, and marked the same way.
    ModelAudience {
        /// Which statement of the pair.
        side: Side,
    },
    /// The external statement is not classified with the theme; it is paired because it takes the external
    /// stance of frames that name the theme ([`Candidacy::Stance`]).
    ByStance {
        /// Which statement of the pair.
        side: Side,
        /// The frames whose stance it takes.
        frames: Vec<String>,
    },
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
    /// Ids of the frames that fired.
    pub frames: Vec<String>,
    /// Why they are paired.
    pub reasons: Vec<Reason>,
    /// True when no frame fired (listed only with `show_weak`).
    #[serde(default)]
    pub weak: bool,
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
    /// The pairs, best first; each internal statement at most `reuse` times.
    pub pairs: Vec<Pair>,
    /// Pairs on subject only, no frame fired (only with `show_weak`), best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weak: Vec<Pair>,
}

/// What scoring needs of a statement, computed once.
#[derive(Clone)]
struct Features {
    /// Content words: (term, idf), sorted by term. Only while features are computed and for the pairs
    /// whose reasons are written; `contrast` keeps `word_ids` alone for the statements it holds.
    words: Vec<(String, f32)>,
    /// The same words as (number, idf), numbered in sorted order over all statements being paired, so
    /// that the word cosine compares integers in the same order ([`number_words`]).
    word_ids: std::sync::Arc<[(u32, f32)]>,
    word_norm: f32,
    /// The statement's language.
    lang: Lang,
    /// The first [`HEAD_CHARS`] characters of its text (for the near-duplicate check).
    head: std::sync::Arc<str>,
    /// Concept indexes into the rule set with their idf, sorted.
    concepts: Vec<(usize, f32)>,
    concept_norm: f32,
    /// Frame indexes of the stances taken on the statement's own side, sorted, with how many distinct
    /// terms of the stance the statement uses.
    frames: Vec<(usize, usize)>,
    /// Frame indexes of the stances taken on the other voice's side, sorted: a statement that also says
    /// what the other voice says (internal commentary repeating the external argument) is less of a contrast.
    crossed: Vec<usize>,
}

impl Default for Features {
    fn default() -> Features {
        Features {
            words: Vec::new(),
            word_ids: std::sync::Arc::new([]),
            word_norm: 0.0,
            lang: Lang::En,
            head: "".into(),
            concepts: Vec::new(),
            concept_norm: 0.0,
            frames: Vec::new(),
            crossed: Vec::new(),
        }
    }
}

/// Characters of a text compared by the near-duplicate check.
const HEAD_CHARS: usize = 400;

/// Function words and filler that say nothing about a subject (after stemming), English and Chinese.
fn is_stopword(term: &str) -> bool {
    const WORDS: &[&str] = &[
        "about", "after", "all", "also", "and", "ani", "are", "because", "been", "befor",
        "between", "both", "but", "can", "could", "did", "doe", "each", "even", "ever", "for",
        "from", "had", "has", "have", "her", "here", "him", "his", "how", "into", "it", "its",
        "just", "like", "mani", "may", "more", "most", "much", "must", "not", "now", "onc", "one",
        "onli", "other", "our", "out", "over", "own", "said", "same", "say", "shall", "she",
        "should", "sinc", "some", "such", "than", "that", "the", "their", "them", "then", "there",
        "therefor", "these", "thei", "thi", "this", "those", "through", "thu", "too", "two",
        "under", "upon", "veri", "wa", "want", "well", "were", "what", "when", "where", "which",
        "while", "who", "whi", "will", "with", "within", "without", "would", "year", "you", "your",
        "yet", "make", "made", "use", "new", "way", "need", "take", "first", "我们", "我国",
        "一个", "这个", "这些", "那些", "以及", "因此", "所以", "但是", "可以", "已经", "进行",
        "还是", "就是", "不是", "一些", "方面", "问题", "工作", "提出", "表示", "认为", "指出",
        "通过", "对于", "关于", "其中", "同时", "更加", "更好", "不断", "加强", "推动", "推进",
        "坚持", "实现", "发挥", "作用", "重要", "如何", "什么", "没有", "自己", "他们", "她们",
        "它们", "一定",
    ];
    static SET: std::sync::LazyLock<fnv::FnvHashSet<&'static str>> =
        std::sync::LazyLock::new(|| WORDS.iter().copied().collect());
    SET.contains(term)
}

/// True when a word can say what a statement is about: not a stop word, not a number, not a single
/// Chinese character or a Latin word of fewer than three letters.
fn is_content_word(term: &str) -> bool {
    let chars = term.chars().count();
    if term.chars().all(|c| c.is_ascii_digit()) || is_stopword(term) {
        return false;
    }
    if term.chars().any(crate::text::is_cjk) {
        chars >= 2
    } else {
        chars >= 3
    }
}

/// Sparse idf-weighted cosine of two sorted (key, idf) lists; when `shared` is given, the shared keys'
/// positions in `a` are pushed to it (scoring alone needs the cosine only, and allocates nothing).
fn cosine<K: Ord>(
    a: &[(K, f32)],
    an: f32,
    b: &[(K, f32)],
    bn: f32,
    mut shared: Option<&mut Vec<usize>>,
) -> f32 {
    if an == 0.0 || bn == 0.0 {
        return 0.0;
    }
    let (mut x, mut y, mut dot) = (0, 0, 0.0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Equal => {
                dot += a[x].1 * b[y].1;
                if let Some(shared) = shared.as_deref_mut() {
                    shared.push(x);
                }
                x += 1;
                y += 1;
            }
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
        }
    }
    (dot / (an * bn)).clamp(0.0, 1.0)
}

/// Numbers the content words of every statement in sorted order of the words (so `word_ids` sorts as
/// `words` does, and cosines add the same products in the same order as on the strings).
fn number_words(sets: &mut [&mut [Features]]) {
    type WordIds = std::sync::Arc<[(u32, f32)]>;
    let ids: Vec<Vec<WordIds>> = {
        let mut vocab: Vec<&str> = sets
            .iter()
            .flat_map(|set| set.iter())
            .flat_map(|f| f.words.iter().map(|w| w.0.as_str()))
            .collect::<fnv::FnvHashSet<&str>>()
            .into_iter()
            .collect();
        vocab.par_sort_unstable();
        let number: fnv::FnvHashMap<&str, u32> = vocab
            .iter()
            .enumerate()
            .map(|(k, w)| (*w, k as u32))
            .collect();
        sets.iter()
            .map(|set| {
                set.par_iter()
                    .map(|f| {
                        f.words
                            .iter()
                            .map(|w| (number.get(w.0.as_str()).copied().unwrap_or(u32::MAX), w.1))
                            .collect()
                    })
                    .collect()
            })
            .collect()
    };
    for (set, ids) in sets.iter_mut().zip(ids) {
        for (f, ids) in set.iter_mut().zip(ids) {
            f.word_ids = ids;
        }
    }
}

/// Content words with their idf, borrowed from a statement's stored terms when it has them.
type ContentWords<'w> = Vec<(std::borrow::Cow<'w, str>, f32)>;

/// A statement's content words ([`is_content_word`]) with their idf, sorted and without repeats: from
/// its stored index terms when given (borrowed from them), else from its text tokenised again.
fn content_words<'w>(rec: &Indexed, words: Option<&'w str>, stats: &WordStats) -> ContentWords<'w> {
    use std::borrow::Cow;
    let lang = rec.statement.lang;
    let idf = |t: &str| stats.word_idf(t, lang);
    // The terms alone: their surfaces are not used, so they are not copied.
    let mut words: ContentWords<'w> = match words {
        Some(words) => crate::index::words::decode(words)
            .filter(|(t, _)| is_content_word(t))
            .map(|(t, _)| (Cow::Borrowed(t), idf(t)))
            .collect(),
        None => stats
            .tokens(&rec.statement.text, lang)
            .into_iter()
            .filter(|(t, _)| is_content_word(t))
            .map(|(t, _)| {
                let idf = idf(&t);
                (Cow::Owned(t), idf)
            })
            .collect(),
    };
    words.sort_by(|a, b| a.0.cmp(&b.0));
    words.dedup_by(|a, b| a.0 == b.0);
    words
}

struct Scorer<'a> {
    rules: &'a RuleSet,
    theme: Theme,
    frame_index: fnv::FnvHashMap<&'a str, usize>,
    concept_index: fnv::FnvHashMap<&'a str, usize>,
    /// Each concept's `targets`, as concept indices.
    targets: Vec<Vec<usize>>,
}

impl Scorer<'_> {
    /// The scorer with the `targets` relation of the lexicon used (`on`) or left out ([`PairOptions::targets`]).
    fn with_targets(mut self, on: bool) -> Self {
        if !on {
            self.targets.iter_mut().for_each(Vec::clear);
        }
        self
    }

    /// How far the internal statement names the external statement's specific subjects ([`SubjectMatch`]).
    fn subject_match(&self, e: &Features, i: &Features) -> Option<SubjectMatch> {
        let concepts = &self.rules.concepts;
        let (mut total, mut got) = (0.0f32, 0.0f32);
        let mut m = SubjectMatch {
            share: 0.0,
            same_got: 0.0,
            target_got: 0.0,
            same: Vec::new(),
            related: Vec::new(),
            class: Vec::new(),
            targets: Vec::new(),
            missed: Vec::new(),
        };
        for &(c, idf) in &e.concepts {
            if concepts.get(c).is_none_or(|c| c.kind.is_none()) {
                continue;
            }
            total += idf;
            if i.concepts.binary_search_by_key(&c, |x| x.0).is_ok() {
                got += idf;
                m.same_got += idf;
                m.same.push(c);
                continue;
            }
            let target = self.targets.get(c).and_then(|ts| {
                ts.iter()
                    .copied()
                    .find(|t| i.concepts.binary_search_by_key(t, |x| x.0).is_ok())
            });
            if let Some(t) = target {
                got += self.rules.pair_weights.target_credit * idf;
                m.target_got += idf;
                m.targets.push((c, t));
                continue;
            }
            let relative = concepts[c].family.as_ref().and_then(|family| {
                i.concepts
                    .iter()
                    .map(|x| x.0)
                    .find(|&r| concepts.get(r).and_then(|r| r.family.as_ref()) == Some(family))
            });
            let cousin = || {
                let class = concepts[c].family.as_deref().and_then(class_of)?;
                i.concepts.iter().map(|x| x.0).find(|&r| {
                    concepts
                        .get(r)
                        .and_then(|r| r.family.as_deref())
                        .and_then(class_of)
                        == Some(class)
                })
            };
            match relative {
                Some(r) => {
                    got += RELATIVE_CREDIT * idf;
                    m.related.push((c, r));
                }
                None => match cousin() {
                    Some(r) => {
                        got += CLASS_CREDIT * idf;
                        m.class.push((c, r));
                    }
                    None => m.missed.push(c),
                },
            }
        }
        if total <= 0.0 {
            return None;
        }
        if m.same.len() + m.related.len() + m.class.len() + m.targets.len() + m.missed.len()
            > MAX_SUBJECTS
        {
            return None;
        }
        m.share = (got / total).clamp(0.0, 1.0);
        m.same_got /= total;
        m.target_got /= total;
        Some(m)
    }

    fn subject_concept(&self, c: usize) -> SubjectConcept {
        let c = &self.rules.concepts[c];
        SubjectConcept {
            id: c.id.clone(),
            kind: c.kind.clone().unwrap_or_default(),
            en: c.name_en().unwrap_or_default(),
            zh: c.name_zh().unwrap_or_default(),
        }
    }
}

impl<'a> Scorer<'a> {
    fn new(rules: &'a RuleSet, theme: Theme) -> Scorer<'a> {
        Scorer {
            rules,
            theme,
            frame_index: rules
                .frames
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.as_str(), i))
                .collect(),
            concept_index: rules
                .concepts
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            targets: rules
                .concepts
                .iter()
                .map(|c| {
                    c.targets
                        .iter()
                        .filter_map(|t| rules.concepts.iter().position(|x| &x.id == t))
                        .collect()
                })
                .collect(),
        }
    }

    fn features(&self, rec: &Indexed, words: Option<&str>, stats: &WordStats) -> Features {
        let mut f = self.features_any_theme(rec, words, stats);
        self.keep_theme_frames(&mut f);
        f
    }

    /// Keeps the frames of this scorer's theme in features computed for every theme at once.
    fn keep_theme_frames(&self, f: &mut Features) {
        f.frames
            .retain(|&(f, _)| self.rules.frames[f].applies_to(self.theme));
    }

    /// [`Self::features`] with the frames of every theme. `words`: the statement's stored index terms
    /// ([`crate::index::words`]), read instead of tokenising its text again, when given.
    fn features_any_theme(
        &self,
        rec: &Indexed,
        words: Option<&str>,
        stats: &WordStats,
    ) -> Features {
        let words = content_words(rec, words, stats);
        let mut f = self.features_but_words(rec, &words, stats);
        f.words = words
            .into_iter()
            .map(|(t, idf)| (t.into_owned(), idf))
            .collect();
        f
    }

    /// [`Self::features_any_theme`] without its `words`, given them ([`content_words`]): what `contrast`'s
    /// pass keeps of a statement, which numbers the words it borrows instead of copying them.
    fn features_but_words(
        &self,
        rec: &Indexed,
        words: &[(std::borrow::Cow<'_, str>, f32)],
        stats: &WordStats,
    ) -> Features {
        let side = Side::of(rec.audience);
        let word_norm = words.iter().map(|w| w.1 * w.1).sum::<f32>().sqrt();
        let mut concepts: Vec<(usize, f32)> = rec
            .concepts
            .iter()
            .filter_map(|h| self.concept_index.get(h.concept.as_str()).copied())
            .map(|c| (c, stats.concept_idf(&self.rules.concepts[c].id)))
            .collect();
        concepts.sort_by_key(|c| c.0);
        concepts.dedup_by_key(|c| c.0);
        let concept_norm = concepts.iter().map(|c| c.1 * c.1).sum::<f32>().sqrt();
        let mut frames: Vec<(usize, usize)> = rec
            .stances
            .iter()
            .filter(|h| h.side == side)
            .filter_map(|h| {
                self.frame_index
                    .get(h.frame.as_str())
                    .map(|&f| (f, h.terms.len().max(1)))
            })
            .collect();
        frames.sort_unstable();
        frames.dedup_by_key(|f| f.0);
        let mut crossed: Vec<usize> = other_voice_frames(&rec.stances, side)
            .filter_map(|f| self.frame_index.get(f).copied())
            .collect();
        crossed.sort_unstable();
        crossed.dedup();
        Features {
            words: Vec::new(),
            word_ids: std::sync::Arc::new([]),
            word_norm,
            lang: rec.statement.lang,
            head: {
                let text = &rec.statement.text;
                let end = text
                    .char_indices()
                    .nth(HEAD_CHARS)
                    .map_or(text.len(), |(at, _)| at);
                std::sync::Arc::from(&text[..end])
            },
            concepts,
            concept_norm,
            frames,
            crossed,
        }
    }

    /// The score of a pair and its parts; given both records, also the fired frames and the reasons
    /// (scoring alone needs only the features).
    fn score(
        &self,
        e: (Option<&Indexed>, &Features),
        i: (Option<&Indexed>, &Features),
    ) -> (f32, ScoreParts, Vec<String>, Vec<Reason>) {
        let (score, parts, fired, reasons, _) = self.score_raw(e, i);
        (score, parts, fired, reasons)
    }

    /// [`Scorer::score`] with, given both records, the [`RawParts`] the score was made of.
    fn score_raw(
        &self,
        e: (Option<&Indexed>, &Features),
        i: (Option<&Indexed>, &Features),
    ) -> (f32, ScoreParts, Vec<String>, Vec<Reason>, Option<RawParts>) {
        let w = &self.rules.pair_weights;
        let explain = e.0.zip(i.0);
        let mut raw_frames = Vec::new();
        // The external statement's specific argument goes unanswered: it takes the external stance of a
        // specific (not broad) frame of the theme, and the internal statement takes the internal stance of
        // none of them. Then the broad frames say only that the two voices differ on the theme in general.
        let is_broad = |f: usize| self.rules.frames[f].broad;
        let unanswered = e.1.frames.iter().any(|&(f, _)| !is_broad(f))
            && !e.1.frames.iter().any(|&(f, _)| {
                !is_broad(f) && i.1.frames.binary_search_by_key(&f, |x| x.0).is_ok()
            });
        let mut keep = 1.0f32;
        let mut fired = Vec::new();
        let mut reasons = Vec::new();
        for &(f, ne) in &e.1.frames {
            let Ok(at) = i.1.frames.binary_search_by_key(&f, |x| x.0) else {
                continue;
            };
            let ni = i.1.frames[at].1;
            let frame = &self.rules.frames[f];
            // The more of the framing both statements carry, the stronger the frame: 70 % of its weight for
            // one term on each side, 85 % when one side uses a second term, the full weight when both do (a
            // single word on one side is thin evidence however much the other side says).
            let extra = ((ne - 1).min(1) + (ni - 1).min(1)) as f32;
            // When either statement also takes the other voice's stance of the frame, the two partly agree
            // (a domestic commentary repeating the external argument is "related", not opposed): half weight.
            let crossed =
                e.1.crossed.binary_search(&f).is_ok() || i.1.crossed.binary_search(&f).is_ok();
            let agree = if crossed {
                w.crossed_stance_factor
            } else {
                1.0
            };
            let agree = if unanswered && is_broad(f) {
                agree * w.broad_factor
            } else {
                agree
            };
            keep *= 1.0 - frame.weight * (0.7 + 0.15 * extra) * agree;
            if let Some((erec, irec)) = explain {
                raw_frames.push(RawFrame {
                    weight: frame.weight,
                    terms: 0.7 + 0.15 * extra,
                    crossed,
                    broad_unanswered: unanswered && is_broad(f),
                });
                let terms = |rec: &Indexed, side: Side| {
                    rec.stances
                        .iter()
                        .find(|h| h.frame == frame.id && h.side == side)
                        .map(|h| h.terms.iter().take(3).cloned().collect())
                        .unwrap_or_default()
                };
                fired.push(frame.id.clone());
                reasons.push(Reason::Frame {
                    frame: frame.id.clone(),
                    summary: frame.summary.clone(),
                    external_terms: terms(erec, Side::External),
                    internal_terms: terms(irec, Side::Internal),
                    note: frame.note.clone(),
                });
            }
        }
        // An echo: the internal statement takes the external stance of an echo frame of the theme that the
        // external statement takes too. It says what the external statement says, so whatever else fired
        // is weaker evidence of a contradiction; the pair keeps ECHO_FACTOR of its opposition.
        let echoed: Vec<usize> =
            e.1.frames
                .iter()
                .map(|&(g, _)| g)
                .filter(|&g| self.rules.frames[g].echo && i.1.crossed.binary_search(&g).is_ok())
                .collect();
        let echo = if echoed.is_empty() {
            1.0
        } else {
            w.echo_factor
        };
        let opposition = (1.0 - keep) * echo;
        let mut shared_concepts = Vec::new();
        let concept_sim = cosine(
            &e.1.concepts,
            e.1.concept_norm,
            &i.1.concepts,
            i.1.concept_norm,
            explain.is_some().then_some(&mut shared_concepts),
        );
        let same_lang = e.1.lang == i.1.lang;
        // Content words find near-duplicates only; the subject is the concepts both name, in any language.
        let word_sim = if same_lang {
            cosine(
                &e.1.word_ids,
                e.1.word_norm,
                &i.1.word_ids,
                i.1.word_norm,
                None,
            )
        } else {
            0.0
        };
        let subject = concept_sim;
        let focus = focus(w.focus_penalty_for(self.theme), i.1.word_ids.len());
        // The external statement names a firm, a measure, a technology…: a partner that names the same one
        // answers the subject as well as the frame, and gains on one that takes the frame alone.
        let subject_match = self.subject_match(e.1, i.1);
        let specific = subject_match
            .as_ref()
            .map_or(1.0, |m| 1.0 + w.subject_bonus * m.share);
        // The domestic voice in its own language: among partners saying the same, the Chinese original
        // over an English rendering of it.
        let language = if i.1.lang == Lang::Zh {
            1.0 + w.domestic_language_bonus
        } else {
            1.0
        };
        let mut score = (w.opposition_weight * opposition + (1.0 - w.opposition_weight) * subject)
            * focus
            * specific
            * language;
        let near_duplicate = same_lang
            && word_sim > 0.8
            && crate::text::normalized_levenshtein_above(&e.1.head, &i.1.head, 0.85);
        if near_duplicate {
            score *= 0.2;
        }
        if let Some((erec, irec)) = explain {
            let mut concepts: Vec<(f32, usize)> = shared_concepts
                .iter()
                .map(|&x| (e.1.concepts[x].1, e.1.concepts[x].0))
                .collect();
            concepts.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            if !concepts.is_empty() {
                reasons.push(Reason::SameConcepts {
                    concepts: concepts
                        .into_iter()
                        .take(4)
                        .map(|(_, c)| {
                            let c = &self.rules.concepts[c];
                            SharedConcept {
                                id: c.id.clone(),
                                en: c.name_en().unwrap_or_default(),
                                zh: c.name_zh().unwrap_or_default(),
                            }
                        })
                        .collect(),
                });
            }
            if let Some(m) = &subject_match {
                reasons.push(Reason::Subject {
                    same: m.same.iter().map(|&c| self.subject_concept(c)).collect(),
                    related: m
                        .related
                        .iter()
                        .map(|&(c, r)| (self.subject_concept(c), self.subject_concept(r)))
                        .collect(),
                    class: m
                        .class
                        .iter()
                        .map(|&(c, r)| (self.subject_concept(c), self.subject_concept(r)))
                        .collect(),
                    targets: m
                        .targets
                        .iter()
                        .map(|&(c, t)| (self.subject_concept(c), self.subject_concept(t)))
                        .collect(),
                    missed: m.missed.iter().map(|&c| self.subject_concept(c)).collect(),
                    factor: specific,
                });
            }
            for &g in &echoed {
                let frame = &self.rules.frames[g];
                let terms = |rec: &Indexed| {
                    rec.stances
                        .iter()
                        .find(|h| h.frame == frame.id && h.side == Side::External)
                        .map(|h| h.terms.iter().take(3).cloned().collect())
                        .unwrap_or_default()
                };
                reasons.push(Reason::Echo {
                    frame: frame.id.clone(),
                    summary: self.rules.rules[frame.external].summary.clone(),
                    external_terms: terms(erec),
                    internal_terms: terms(irec),
                });
            }
            if near_duplicate {
                reasons.push(Reason::NearDuplicate);
            }
            if fired.is_empty() {
                reasons.push(Reason::NoFrame);
            }
            for (rec, side) in [(erec, Side::External), (irec, Side::Internal)] {
                match rec.audience_basis {
                    Basis::Default => reasons.push(Reason::DefaultAudience { side }),
                    Basis::Model => reasons.push(Reason::ModelAudience { side }),
                    Basis::Rules => {}
                }
                if let Some(Candidacy::Stance { frames }) = candidacy(
                    self.rules,
                    &rec.themes,
                    rec.audience,
                    &rec.stances,
                    self.theme,
                ) {
                    reasons.push(Reason::ByStance { side, frames });
                }
            }
        }
        let mut parts = ScoreParts {
            opposition,
            subject,
            focus,
            echo,
            specific,
            language,
            words: word_sim,
            cross_lingual: !same_lang,
            naming: 1.0,
            hub: 1.0,
            frames_fired: 0,
            subjects_missed: concepts_only(self.rules, e.1, i.1, true),
            external_only: 0.0,
            internal_only: 0.0,
            years_apart: 0.0,
            near_duplicate,
        };
        if let Some((erec, irec)) = explain {
            parts.frames_fired = fired.len();
            parts.external_only = concepts_only(self.rules, e.1, i.1, false);
            parts.internal_only = concepts_only(self.rules, i.1, e.1, false);
            if let (Some(a), Some(b)) =
                (year_of(&erec.statement.date), year_of(&irec.statement.date))
            {
                parts.years_apart = (a - b).abs();
            }
        }
        let raw = explain.map(|_| RawParts {
            frames: raw_frames,
            echoed: !echoed.is_empty(),
            subject_counted: subject_match.is_some(),
            subject_named: subject_match.as_ref().map_or(0.0, |m| m.same_got),
            subject_targeted: subject_match.as_ref().map_or(0.0, |m| m.target_got),
            length: focus_share(i.1.word_ids.len()),
        });
        (score.clamp(0.0, 1.0), parts, fired, reasons, raw)
    }
}

/// Content-word Jaccard similarity from which two statements in one language are one quote ([`quote_groups`]).
pub const SAME_QUOTE_WORDS: f32 = 0.7;

/// The most two statements in different languages may differ in length (content words, the longer over the
/// shorter) and still be one quote ([`quote_groups`]).
pub const SAME_QUOTE_LENGTH: f32 = 1.5;

/// Concepts two statements in different languages must share, all of them, to be one quote.
const SAME_QUOTE_CONCEPTS: usize = 3;

/// At most this many statements share a blocking key before it is ignored (a key that common says nothing).
const QUOTE_BUCKET: usize = 64;

/// Groups the statements that are one quote: the same words relayed by another outlet or in another language
/// (a reprint, a Chinese relay of a quote known in English). Returns, for each statement, the smallest index
/// of its group. In the assignment a group is one partner: it takes one row (per `reuse`), so that a table
/// never sets the same words against two external statements, and a relay does not take a second row from the
/// quote it relays (docs/history.md › Pairing, session 23).
///
/// - **One language:** the Jaccard similarity of the two statements' content words is at least
///   [`SAME_QUOTE_WORDS`] (a reprint with edits; a paragraph and a reworded summary of it are not one quote).
/// - **Two languages:** words cannot be compared, so the test is strict: the same concepts, all of them (at
///   least three), the same stances (Jaccard of the frames whose stance of its voice each takes ≥ 0.75), and
///   lengths within [`SAME_QUOTE_LENGTH`] of each other. A false merge costs a partner, a missed one only
///   repeats a quote.
///
/// Work is linear in the number of statements: only statements sharing a blocking key are compared (one of
/// their three rarest words; the whole concept set), keys shared by more than [`QUOTE_BUCKET`] are skipped.
fn quote_groups(features: &[Features]) -> Vec<usize> {
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    /// Jaccard similarity of two lists sorted by `key` (compared by key, without copying them).
    fn jaccard<T, K: Ord>(a: &[T], b: &[T], key: impl Fn(&T) -> K) -> f32 {
        let (mut x, mut y, mut both) = (0, 0, 0usize);
        while x < a.len() && y < b.len() {
            match key(&a[x]).cmp(&key(&b[y])) {
                std::cmp::Ordering::Equal => {
                    both += 1;
                    x += 1;
                    y += 1;
                }
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
            }
        }
        let union = a.len() + b.len() - both;
        if union == 0 {
            0.0
        } else {
            both as f32 / union as f32
        }
    }
    let n = features.len();
    let mut parent: Vec<usize> = (0..n).collect();
    // Blocking keys: (language, word number) for the three rarest words; (concept set) across languages.
    let mut by_word: fnv::FnvHashMap<(bool, u32), Vec<usize>> = fnv::FnvHashMap::default();
    let mut by_concepts: fnv::FnvHashMap<Vec<usize>, Vec<usize>> = fnv::FnvHashMap::default();
    for (k, f) in features.iter().enumerate() {
        let mut rare: Vec<(f32, u32)> = f.word_ids.iter().map(|&(w, idf)| (idf, w)).collect();
        rare.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, w) in rare.iter().take(3) {
            by_word.entry((f.lang == Lang::Zh, w)).or_default().push(k);
        }
        if f.concepts.len() >= SAME_QUOTE_CONCEPTS {
            let set: Vec<usize> = f.concepts.iter().map(|c| c.0).collect();
            by_concepts.entry(set).or_default().push(k);
        }
    }
    let merge = |a: usize, b: usize, parent: &mut Vec<usize>| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            parent[hi] = lo;
        }
    };
    let mut seen: fnv::FnvHashSet<(usize, usize)> = fnv::FnvHashSet::default();
    for bucket in by_word
        .values()
        .filter(|b| b.len() > 1 && b.len() <= QUOTE_BUCKET)
    {
        for (x, &a) in bucket.iter().enumerate() {
            for &b in &bucket[x + 1..] {
                if !seen.insert((a.min(b), a.max(b))) {
                    continue;
                }
                if jaccard(&features[a].word_ids, &features[b].word_ids, |w| w.0)
                    >= SAME_QUOTE_WORDS
                {
                    merge(a, b, &mut parent);
                }
            }
        }
    }
    for bucket in by_concepts
        .values()
        .filter(|b| b.len() > 1 && b.len() <= QUOTE_BUCKET)
    {
        for (x, &a) in bucket.iter().enumerate() {
            for &b in &bucket[x + 1..] {
                let (fa, fb) = (&features[a], &features[b]);
                if fa.lang == fb.lang {
                    continue;
                }
                let (la, lb) = (
                    fa.word_ids.len().max(1) as f32,
                    fb.word_ids.len().max(1) as f32,
                );
                if la.max(lb) / la.min(lb) <= SAME_QUOTE_LENGTH
                    && jaccard(&fa.frames, &fb.frames, |x| x.0) >= 0.75
                {
                    merge(a, b, &mut parent);
                }
            }
        }
    }
    (0..n).map(|k| root(&mut parent, k)).collect()
}

/// The score of `external` against `internal` under `theme` as `contrast` scores a candidate pair (the same
/// features, frames, subject and focus), with its parts and the frames that fire. For asking why a pair was
/// not chosen: `eval-pairs` weighs the acceptable partners a missed statement was not given. `least`: the
/// fewest specific subjects any candidate of `external` misses ([`least_missed_among`]), for its [`naming`]
/// as among those candidates; without it the pair is scored alone (naming 1).
pub fn score_pair(
    rules: &RuleSet,
    theme: Theme,
    stats: &WordStats<'_>,
    external: &Indexed,
    internal: &Indexed,
    targets: bool,
    least: Option<f32>,
) -> (f32, ScoreParts, Vec<String>) {
    let mut scored = score_candidates(
        rules,
        theme,
        stats,
        external,
        std::slice::from_ref(internal),
        targets,
    );
    let mut s = scored.remove(0);
    let score = match least {
        Some(least) => with_naming(
            rules.pair_weights.subjects_missed_penalty,
            s.score,
            &mut s.parts,
            least,
        ),
        None => s.score,
    };
    (score, s.parts, s.frames)
}

/// [`least_missed`] over the candidates `pool` offers `external` (every internal statement of the theme, as
/// `contrast` offers them to a small theme): the reference of [`score_pair`]'s naming. For many external
/// statements against the same pool, [`NamingPool`] computes the pool's features once.
pub fn least_missed_among(
    rules: &RuleSet,
    theme: Theme,
    stats: &WordStats<'_>,
    external: &Indexed,
    pool: &[Indexed],
    targets: bool,
) -> f32 {
    NamingPool::new(rules, theme, stats, pool, targets).least_missed(stats, external)
}

/// The internal statements of a theme with their features computed once, for the [`least_missed`] of many
/// external statements among them ([`least_missed_among`]).
pub struct NamingPool<'a> {
    scorer: Scorer<'a>,
    features: Vec<Features>,
}

impl<'a> NamingPool<'a> {
    /// The features of `pool` under `theme`, scored with the `targets` relation or without.
    pub fn new(
        rules: &'a RuleSet,
        theme: Theme,
        stats: &WordStats<'_>,
        pool: &[Indexed],
        targets: bool,
    ) -> NamingPool<'a> {
        let scorer = Scorer::new(rules, theme).with_targets(targets);
        let features = pool
            .iter()
            .map(|rec| scorer.features(rec, None, stats))
            .collect();
        NamingPool { scorer, features }
    }

    /// [`least_missed`] over the candidates the pool offers `external`.
    pub fn least_missed(&self, stats: &WordStats<'_>, external: &Indexed) -> f32 {
        let e = self.scorer.features(external, None, stats);
        least_missed(self.features.iter().filter_map(|i| {
            let (score, parts, _, _) = self.scorer.score((None, &e), (None, i));
            naming_entry(score, &parts)
        }))
    }
}

/// One internal statement scored against an external one as `contrast` scores a candidate pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    /// The pair's score.
    pub score: f32,
    /// Its parts.
    pub parts: ScoreParts,
    /// The frames that fire on the pair.
    pub frames: Vec<String>,
    /// Why, as `contrast` words it (frames, shared concepts and words, echoes, audience footing).
    pub reasons: Vec<Reason>,
    /// What the score was made of before the [`crate::rules::PairWeights`] (`eval-pairs --dump-candidates`), so that the
    /// weights can be refitted over the dump without scoring again (docs/rules.md › Pair weights).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<RawParts>,
}

/// The inputs of a pair's score before the [`crate::rules::PairWeights`] weigh them. With `w` the weights, a pair scores
/// `clamp((w.opposition_weight × opposition + (1 − w.opposition_weight) × subject) × focus × specific × language
/// × near-duplicate, 0, 1) × naming`, where
/// `opposition = (1 − Π over frames (1 − weight × terms × crossed? w.crossed_stance_factor × broad_unanswered?
/// w.broad_factor)) × (echoed? w.echo_factor)`, `focus = 1 − w.focus_penalty × length`, `specific = 1 +
/// w.subject_bonus × min(subject_named + w.target_credit × subject_targeted, 1)` when `subject_counted` (else 1),
/// `language = 1 + w.domestic_language_bonus` for a Chinese partner, near-duplicate 0.2 or 1, and `naming = 1 −
/// w.subjects_missed_penalty × (missed − least)` (`subject` and `subjects_missed` are in [`ScoreParts`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawParts {
    /// The frames that fired, in the external statement's frame order.
    pub frames: Vec<RawFrame>,
    /// True when the internal statement echoes the external one ([`Reason::Echo`]).
    pub echoed: bool,
    /// True when the external statement names one or two specific subjects (the same-subject factor applies).
    pub subject_counted: bool,
    /// The idf-weighted share of those subjects the internal statement names.
    pub subject_named: f32,
    /// The idf-weighted share of those subjects whose target it names instead.
    pub subject_targeted: f32,
    /// Its distinct content words as a share of [`FOCUS_WORDS`], in `[0, 1]`.
    pub length: f32,
}

/// One fired frame's inputs to the opposition ([`RawParts`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RawFrame {
    /// The frame's weight (`rules/frames.toml`).
    pub weight: f32,
    /// How much of the framing both statements carry: 0.7, 0.85 or 1.
    pub terms: f32,
    /// Either statement also takes the other voice's stance of the frame.
    pub crossed: bool,
    /// A broad frame while the external statement's specific argument goes unanswered.
    pub broad_unanswered: bool,
}

/// [`score_pair`] for many internal statements against one external statement, with the reasons: every
/// candidate a reviewer asks about (`eval-pairs --dump-candidates`), scored once, in the order given, each
/// with its [`naming`] among the statements given (pass every internal statement of the theme for the
/// scores `contrast` gives a small theme).
pub fn score_candidates(
    rules: &RuleSet,
    theme: Theme,
    stats: &WordStats<'_>,
    external: &Indexed,
    internals: &[Indexed],
    targets: bool,
) -> Vec<Scored> {
    let scorer = Scorer::new(rules, theme).with_targets(targets);
    let mut e = [scorer.features(external, None, stats)];
    let mut i: Vec<Features> = internals
        .iter()
        .map(|rec| scorer.features(rec, None, stats))
        .collect();
    number_words(&mut [&mut e, &mut i]);
    let mut scored: Vec<Scored> = internals
        .iter()
        .zip(&i)
        .map(|(rec, f)| {
            let (score, parts, frames, reasons, raw) =
                scorer.score_raw((Some(external), &e[0]), (Some(rec), f));
            Scored {
                score,
                parts,
                frames,
                reasons,
                raw,
            }
        })
        .collect();
    let least = least_missed(
        scored
            .iter()
            .filter_map(|s| naming_entry(s.score, &s.parts)),
    );
    let penalty = rules.pair_weights.subjects_missed_penalty;
    for s in &mut scored {
        s.score = with_naming(penalty, s.score, &mut s.parts, least);
    }
    scored
}

/// Pairs the external statements of `theme` (those matching `query`, if given) with the internal
/// statements that most directly contradict them, as an assignment over the theme.
pub fn contrast(
    index: &StatementIndex,
    rules: &RuleSet,
    theme: Theme,
    query: Option<&str>,
    opts: &PairOptions,
) -> Result<ThemeContrast> {
    contrast_of(index, rules, theme, query, None, opts)
}

/// [`contrast`] with the external side limited to the statements whose ids are in `only` (when given):
/// the question "which internal statement opposes each of THESE external statements?", answered against
/// every internal statement of the theme. Unlisted external statements do not compete for partners.
pub fn contrast_of(
    index: &StatementIndex,
    rules: &RuleSet,
    theme: Theme,
    query: Option<&str>,
    only: Option<&BTreeSet<String>>,
    opts: &PairOptions,
) -> Result<ThemeContrast> {
    let mut out = None;
    contrast_themes(index, rules, &[theme], query, only, opts, |c| {
        out = Some(c);
        Ok(())
    })?;
    out.ok_or_else(|| Error::Usage(format!("no pairs were made for theme {theme}")))
}

/// The themes that have statements on both sides in the index, in report order.
pub fn themes_with_both_sides(index: &StatementIndex) -> Result<Vec<Theme>> {
    let mut out = Vec::new();
    for t in Theme::ALL {
        if index.count(t, Audience::External)? > 0 && index.count(t, Audience::Internal)? > 0 {
            out.push(t);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::PairWeights;

    fn words_of(list: &[(String, f32)]) -> Features {
        let mut words: Vec<(String, f32)> = list.to_vec();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        words.dedup_by(|a, b| a.0 == b.0);
        let word_norm = words.iter().map(|w| w.1 * w.1).sum::<f32>().sqrt();
        Features {
            words,
            word_norm,
            ..Default::default()
        }
    }

    proptest::proptest! {
        /// Numbered words give bit for bit the cosine (and shared positions) of the words as strings.
        #[test]
        fn numbered_words_score_as_the_words(
            a in proptest::collection::vec(("[a-d]{1,3}|[芯片标准]{1,2}", 0.1f32..5.0), 0..12),
            b in proptest::collection::vec(("[a-d]{1,3}|[芯片标准]{1,2}", 0.1f32..5.0), 0..12),
        ) {
            let (mut x, mut y) = (vec![words_of(&a)], vec![words_of(&b)]);
            number_words(&mut [&mut x, &mut y]);
            let strings = |f: &Features| -> Vec<(String, f32)> {
                f.words.iter().map(|w| (w.0.clone(), w.1)).collect()
            };
            let (mut shared_s, mut shared_n) = (Vec::new(), Vec::new());
            let by_string = cosine(&strings(&x[0]), x[0].word_norm, &strings(&y[0]), y[0].word_norm, Some(&mut shared_s));
            let by_number = cosine(&x[0].word_ids, x[0].word_norm, &y[0].word_ids, y[0].word_norm, Some(&mut shared_n));
            let alone = cosine(&x[0].word_ids, x[0].word_norm, &y[0].word_ids, y[0].word_norm, None);
            proptest::prop_assert_eq!(by_string.to_bits(), by_number.to_bits());
            proptest::prop_assert_eq!(alone.to_bits(), by_number.to_bits());
            proptest::prop_assert_eq!(shared_s, shared_n);
        }
    }

    /// The index of [`frame_rules`]' security frame, and a statement that takes that frame and nothing else.
    fn takes_sec(rules: &RuleSet) -> (usize, Features) {
        let sec = rules.frames.iter().position(|f| f.id == "sec").unwrap();
        let statement = Features {
            frames: vec![(sec, 1)],
            ..Default::default()
        };
        (sec, statement)
    }

    /// Three frames: one naming security, one for every theme, and an echo frame naming security.
    fn frame_rules() -> RuleSet {
        let frame = |id: &str, themes: &str, echo: bool| {
            format!(
                "[[frame]]\nid = \"{id}\"\nsummary = \"s\"\nthemes = [{themes}]\necho = {echo}\n\
                 [frame.external]\nphrases = [\"open {id}\"]\n\
                 [frame.internal]\nphrases = [\"closed {id}\"]\n\n"
            )
        };
        rules_of(
            frame("sec", "\"security\"", false)
                + &frame("any", "", false)
                + &frame("peace", "\"security\"", true),
        )
    }

    /// The rule set of one rule file's text.
    fn rules_of(text: impl Into<String>) -> RuleSet {
        RuleSet::from_files(vec![crate::rules::SourceFile {
            path: "f.toml".into(),
            text: text.into(),
        }])
        .unwrap()
    }

    #[test]
    fn an_internal_statement_saying_what_the_external_one_says_is_an_echo_and_loses() {
        let rules = frame_rules();
        let scorer = Scorer::new(&rules, Theme::Security);
        let at = |id: &str| rules.frames.iter().position(|f| f.id == id).unwrap();
        let (sec, peace) = (at("sec"), at("peace"));
        // The external statement takes the external stances of `sec` and of the echo frame `peace`.
        let ext = Features {
            frames: vec![(sec, 1), (peace, 1)],
            ..Default::default()
        };
        // Both internal statements take the internal stance of `sec`; the echo also takes `peace`'s
        // external stance (it says what the external statement says).
        let opposite = Features {
            frames: vec![(sec, 1)],
            ..Default::default()
        };
        let echo = Features {
            crossed: vec![peace],
            ..opposite.clone()
        };
        let (a, pa, _, _) = scorer.score((None, &ext), (None, &opposite));
        let (b, pb, _, _) = scorer.score((None, &ext), (None, &echo));
        assert_eq!(pa.echo, 1.0);
        assert_eq!(pb.echo, ECHO_FACTOR);
        assert!((pb.opposition - pa.opposition * ECHO_FACTOR).abs() < 1e-6);
        assert!(b < a, "{b} {a}");
        // The other voice's stance of a frame not marked `echo` is no echo (only the crossed factor).
        let crossed = Features {
            crossed: vec![at("any")],
            ..opposite.clone()
        };
        let (_, pc, _, _) = scorer.score((None, &ext), (None, &crossed));
        assert_eq!(pc.echo, 1.0);
        // An echo frame's external stance that the external statement does not take is no echo either.
        let ext_sec = Features {
            frames: vec![(sec, 1)],
            ..Default::default()
        };
        let (_, pd, _, _) = scorer.score((None, &ext_sec), (None, &echo));
        assert_eq!(pd.echo, 1.0);
        // `echoes` names the echo frames an internal statement takes the external stance of.
        let hits = [hit("peace", Side::External), hit("sec", Side::External)];
        assert_eq!(
            echoes(&rules, Audience::Internal, &hits),
            vec!["peace".to_string()]
        );
        assert!(echoes(&rules, Audience::External, &hits).is_empty());
        assert!(echoes(&rules, Audience::Internal, &[hit("peace", Side::Internal)]).is_empty());
    }

    fn hit_with(frame: &str, side: Side, terms: &[&str]) -> StanceHit {
        StanceHit {
            frame: frame.into(),
            side,
            terms: terms.iter().map(|t| t.to_string()).collect(),
            charge: false,
        }
    }

    #[test]
    fn a_word_of_both_stances_is_the_statements_own_voice() {
        let rules = frame_rules();
        // A PLA text on cyber-war forces: its external-stance word lies within its internal-stance words.
        let own = [
            hit_with("peace", Side::External, &["网络战"]),
            hit_with("peace", Side::Internal, &["网络战部队", "攻防"]),
        ];
        assert_eq!(other_voice_frames(&own, Side::Internal).count(), 0);
        assert!(echoes(&rules, Audience::Internal, &own).is_empty());
        // A domestic commentary repeating the external argument: a word of its own beyond the shared one.
        let repeats = [
            hit_with("peace", Side::External, &["网络战", "受害者"]),
            hit_with("peace", Side::Internal, &["网络战"]),
        ];
        assert_eq!(
            other_voice_frames(&repeats, Side::Internal).collect::<Vec<_>>(),
            vec!["peace"]
        );
        assert_eq!(
            echoes(&rules, Audience::Internal, &repeats),
            vec!["peace".to_string()]
        );
        // The other voice's stance with none of its own side: crossed, as before (case does not matter).
        let other = [hit_with("sec", Side::External, &["Cyber War"])];
        assert_eq!(
            other_voice_frames(&other, Side::Internal).collect::<Vec<_>>(),
            vec!["sec"]
        );
        let mixed = [
            hit_with("sec", Side::External, &["Cyber War"]),
            hit_with("sec", Side::Internal, &["cyber warfare forces"]),
        ];
        assert_eq!(other_voice_frames(&mixed, Side::Internal).count(), 0);
    }

    #[test]
    fn a_broad_frame_counts_less_when_the_specific_argument_goes_unanswered() {
        let text = "[[frame]]\nid = \"specific\"\nsummary = \"s\"\nthemes = [\"security\"]\nweight = 0.85\n\
                    [frame.external]\nphrases = [\"no hacking\"]\n[frame.internal]\nphrases = [\"cyber forces\"]\n\n\
                    [[frame]]\nid = \"general\"\nsummary = \"s\"\nthemes = [\"security\"]\nweight = 0.5\nbroad = true\n\
                    [frame.external]\nphrases = [\"cooperation\"]\n[frame.internal]\nphrases = [\"security first\"]\n";
        let rules = rules_of(text);
        let scorer = Scorer::new(&rules, Theme::Security);
        let at = |id: &str| rules.frames.iter().position(|f| f.id == id).unwrap();
        let (specific, general) = (at("specific"), at("general"));
        assert!(rules.frames[general].broad && !rules.frames[specific].broad);
        let feats = |frames: Vec<(usize, usize)>| {
            let mut frames = frames;
            frames.sort_unstable();
            Features {
                frames,
                ..Default::default()
            }
        };
        let both = feats(vec![(specific, 1), (general, 1)]);
        let general_only = feats(vec![(general, 1)]);
        let answers = feats(vec![(specific, 1)]);
        // An external statement with the specific argument: the general-only partner keeps BROAD_FACTOR.
        let (_, p, _, _) = scorer.score((None, &both), (None, &general_only));
        assert!(
            (p.opposition - 0.5 * 0.7 * BROAD_FACTOR).abs() < 1e-6,
            "{p:?}"
        );
        let (a, _, _, _) = scorer.score((None, &both), (None, &answers));
        let (b, _, _, _) = scorer.score((None, &both), (None, &general_only));
        assert!(a > b);
        // An external statement with the general stance only: the general frame counts in full.
        let (_, q, _, _) = scorer.score((None, &general_only), (None, &general_only));
        assert!((q.opposition - 0.5 * 0.7).abs() < 1e-6, "{q:?}");
        // A partner that answers the specific argument keeps the general frame in full too.
        let answers_both = feats(vec![(specific, 1), (general, 1)]);
        let (_, r, _, _) = scorer.score((None, &both), (None, &answers_both));
        let full = 1.0 - (1.0 - 0.85 * 0.7) * (1.0 - 0.5 * 0.7);
        assert!((r.opposition - full).abs() < 1e-6, "{r:?}");
    }

    /// `[pair_weights]` of the rules weighs the parts (here the broad frame's and the language's), and is checked:
    /// a value outside 0…1, a missing key and a second table are refused.
    #[test]
    fn the_pair_weights_of_the_rules_weigh_the_parts_and_are_checked() {
        let frames = "[[frame]]\nid = \"specific\"\nsummary = \"s\"\nthemes = [\"security\"]\nweight = 0.85\n\
                      [frame.external]\nphrases = [\"no hacking\"]\n[frame.internal]\nphrases = [\"cyber forces\"]\n\n\
                      [[frame]]\nid = \"general\"\nsummary = \"s\"\nthemes = [\"security\"]\nweight = 0.5\nbroad = true\n\
                      [frame.external]\nphrases = [\"cooperation\"]\n[frame.internal]\nphrases = [\"security first\"]\n";
        let weights = |broad: &str, language: &str| {
            format!(
                "[pair_weights]\nopposition_weight = 0.8\ncrossed_stance_factor = 0.7\necho_factor = 0.5\n\
                 broad_factor = {broad}\nsubject_bonus = 0.25\ntarget_credit = 0.5\n\
                 domestic_language_bonus = {language}\nsubjects_missed_penalty = 0.4\nfocus_penalty = 0.2\n"
            )
        };
        let file = |path: &str, text: String| crate::rules::SourceFile {
            path: path.into(),
            text,
        };
        // Without the table, the hand-set defaults.
        assert_eq!(rules_of(frames).pair_weights, PairWeights::default());
        let rules = RuleSet::from_files(vec![
            file("f.toml", frames.into()),
            file("pair-weights.toml", weights("0.3", "0.1")),
        ])
        .unwrap();
        assert_eq!(rules.pair_weights.broad_factor, 0.3);
        assert_eq!(
            rules.pair_weights_file.as_deref(),
            Some(std::path::Path::new("pair-weights.toml"))
        );
        assert!(rules
            .stack_inert_files()
            .contains(&std::path::PathBuf::from("pair-weights.toml")));
        let scorer = Scorer::new(&rules, Theme::Security);
        let at = |id: &str| rules.frames.iter().position(|f| f.id == id).unwrap();
        let (specific, general) = (at("specific"), at("general"));
        let both = Features {
            frames: vec![(specific, 1), (general, 1)],
            ..Default::default()
        };
        let general_only = Features {
            frames: vec![(general, 1)],
            lang: Lang::Zh,
            ..Default::default()
        };
        let (_, p, _, _) = scorer.score((None, &both), (None, &general_only));
        assert!((p.opposition - 0.5 * 0.7 * 0.3).abs() < 1e-6, "{p:?}");
        assert!((p.language - 1.1).abs() < 1e-6, "{p:?}");
        // Checked.
        let refused = |files: Vec<crate::rules::SourceFile>| refusal(RuleSet::from_files(files));
        let out_of_range = refused(vec![
            file("f.toml", frames.into()),
            file("w.toml", weights("1.5", "0.1")),
        ]);
        assert!(
            out_of_range.contains("broad_factor of [pair_weights] is 1.5"),
            "{out_of_range}"
        );
        let missing = refused(vec![file(
            "w.toml",
            weights("0.3", "0.1").replace("focus_penalty = 0.2\n", ""),
        )]);
        assert!(missing.contains("focus_penalty"), "{missing}");
        let twice = refused(vec![
            file("v.toml", weights("0.3", "0.1")),
            file("w.toml", weights("0.4", "0.1")),
        ]);
        assert!(twice.contains("[pair_weights] is set again"), "{twice}");
    }

    #[test]
    fn the_domestic_voice_in_its_own_language_ranks_above_its_english_rendering() {
        let rules = frame_rules();
        let scorer = Scorer::new(&rules, Theme::Security);
        let (sec, ext) = takes_sec(&rules);
        // The same stance, once in English (a rendering) and once in Chinese (the original).
        let english = Features {
            frames: vec![(sec, 1)],
            lang: Lang::En,
            ..Default::default()
        };
        let chinese = Features {
            lang: Lang::Zh,
            ..english.clone()
        };
        let (e, pe, _, _) = scorer.score((None, &ext), (None, &english));
        let (z, pz, _, _) = scorer.score((None, &ext), (None, &chinese));
        assert_eq!(pe.language, 1.0);
        assert_eq!(pz.language, 1.0 + DOMESTIC_LANGUAGE_BONUS);
        assert!(e > 0.0);
        assert!(
            (z - e * (1.0 + DOMESTIC_LANGUAGE_BONUS)).abs() < 1e-6,
            "{z} {e}"
        );
        // The external statement's language does not matter: only the internal voice's.
        let ext_zh = Features {
            lang: Lang::Zh,
            ..ext.clone()
        };
        let (_, p, _, _) = scorer.score((None, &ext_zh), (None, &english));
        assert_eq!(p.language, 1.0);
    }

    #[test]
    fn naming_counts_the_subjects_missed_beyond_the_best_framed_candidate() {
        // The reference is the fewest missed among the framed candidates; unframed ones do not set it.
        assert_eq!(least_missed([(1.0, true), (0.5, true), (0.0, false)]), 0.5);
        // With no framed candidate, the fewest among all; with none at all, 0.
        assert_eq!(least_missed([(1.0, false), (0.25, false)]), 0.25);
        assert_eq!(least_missed([]), 0.0);
        // The candidates that miss the fewest keep their score; the rest lose in proportion.
        assert_eq!(naming(SUBJECTS_MISSED_PENALTY, 0.5, 0.5), 1.0);
        assert!(
            (naming(SUBJECTS_MISSED_PENALTY, 1.0, 0.5) - (1.0 - SUBJECTS_MISSED_PENALTY * 0.5))
                .abs()
                < 1e-6
        );
        assert!(
            (naming(SUBJECTS_MISSED_PENALTY, 1.0, 0.0) - (1.0 - SUBJECTS_MISSED_PENALTY)).abs()
                < 1e-6
        );
        // An external statement whose subject no candidate names: nobody loses.
        assert_eq!(naming(SUBJECTS_MISSED_PENALTY, 1.0, 1.0), 1.0);
        // Never more than 1, never below 1 - SUBJECTS_MISSED_PENALTY.
        assert_eq!(naming(SUBJECTS_MISSED_PENALTY, 0.0, 0.5), 1.0);
        assert!(naming(SUBJECTS_MISSED_PENALTY, 1.0, -1.0) >= 1.0 - SUBJECTS_MISSED_PENALTY - 1e-6);
    }

    fn hit(frame: &str, side: Side) -> StanceHit {
        StanceHit {
            frame: frame.into(),
            side,
            terms: vec!["w".into()],
            charge: false,
        }
    }

    #[test]
    fn an_external_statement_enters_a_theme_by_the_stance_of_a_frame_naming_it() {
        let rules = frame_rules();
        let ext = Audience::External;
        // Classified: a candidate whatever its stances.
        assert_eq!(
            candidacy(&rules, &[Theme::Security], ext, &[], Theme::Security),
            Some(Candidacy::Classified)
        );
        // Not classified, external stance of the security frame: a candidate of security only.
        let own = [hit("sec", Side::External)];
        assert_eq!(
            candidacy(&rules, &[], ext, &own, Theme::Security),
            Some(Candidacy::Stance {
                frames: vec!["sec".into()]
            })
        );
        assert_eq!(candidacy(&rules, &[], ext, &own, Theme::Standards), None);
        assert_eq!(
            candidacies(&rules, &[Theme::Ambition], ext, &own)
                .into_iter()
                .map(|c| c.0)
                .collect::<Vec<_>>(),
            vec![Theme::Ambition, Theme::Security]
        );
        // The other voice's stance, a frame for every theme, or an internal statement: no.
        let other = [hit("sec", Side::Internal), hit("any", Side::External)];
        assert_eq!(candidacy(&rules, &[], ext, &other, Theme::Security), None);
        let int = [hit("sec", Side::Internal)];
        assert_eq!(
            candidacy(&rules, &[], Audience::Internal, &int, Theme::Security),
            None
        );
        assert_eq!(
            candidate_stances(&rules, Theme::Security),
            vec!["sec/external".to_string(), "peace/external".to_string()]
        );
        assert!(candidate_stances(&rules, Theme::Ambition).is_empty());
    }

    #[test]
    fn shared_words_do_not_make_a_subject_shared_concepts_do() {
        // Concept 0, the one the statements below name: a general subject (no kind).
        let mut rules = frame_rules();
        rules.concepts.push(crate::rules::Concept {
            id: "c0".into(),
            en: Vec::new(),
            zh: Vec::new(),
            kind: None,
            family: None,
            targets: Vec::new(),
            targets_why: String::new(),
            rule: 0,
            path: std::path::PathBuf::new(),
            line: 1,
        });
        let scorer = Scorer::new(&rules, Theme::Security);
        let sec = rules.frames.iter().position(|f| f.id == "sec").unwrap();
        let words = |ids: std::ops::Range<u32>| -> std::sync::Arc<[(u32, f32)]> {
            ids.map(|w| (w, 2.0)).collect::<Vec<_>>().into()
        };
        // An English external statement with ten content words and one concept.
        let ext = Features {
            frames: vec![(sec, 1)],
            word_ids: words(0..10),
            word_norm: (10.0f32 * 4.0).sqrt(),
            concepts: vec![(0, 3.0)],
            concept_norm: 3.0,
            ..Default::default()
        };
        // Same frame and length: one English partner sharing half the words, one Chinese partner sharing
        // the concept, one English partner sharing nothing.
        let same_words = Features {
            frames: vec![(sec, 1)],
            word_ids: words(5..15),
            word_norm: (10.0f32 * 4.0).sqrt(),
            ..Default::default()
        };
        let same_concept = Features {
            lang: Lang::Zh,
            word_ids: words(100..110),
            word_norm: (10.0f32 * 4.0).sqrt(),
            concepts: vec![(0, 3.0)],
            concept_norm: 3.0,
            ..same_words.clone()
        };
        let nothing = Features {
            word_ids: words(200..210),
            ..same_words.clone()
        };
        let (w, pw, _, _) = scorer.score((None, &ext), (None, &same_words));
        let (c, pc, _, _) = scorer.score((None, &ext), (None, &same_concept));
        let (n, pn, _, _) = scorer.score((None, &ext), (None, &nothing));
        assert_eq!(pw.subject, 0.0);
        assert!((pc.subject - 1.0).abs() < 1e-6, "{pc:?}");
        assert_eq!(w, n);
        assert_eq!(pw.opposition, pn.opposition);
        assert!(c > w, "{c} {w}");
        // The opposition carries OPPOSITION_WEIGHT of the score, the subject the rest (the Chinese partner's
        // language factor aside).
        assert_eq!(pc.language, 1.0 + DOMESTIC_LANGUAGE_BONUS);
        assert!((c / pc.language - w - (1.0 - OPPOSITION_WEIGHT) * pc.focus).abs() < 1e-6);
    }

    #[test]
    fn a_partner_naming_the_external_statements_firm_gains_on_one_that_only_shares_the_frame() {
        let text = "[[frame]]\nid = \"sec\"\nsummary = \"s\"\nthemes = [\"security\"]\n\
                    [frame.external]\nphrases = [\"open sec\"]\n[frame.internal]\nphrases = [\"closed sec\"]\n\n\
                    [[concept]]\nid = \"huawei\"\nkind = \"firm\"\nfamily = \"telecom\"\nen = [\"Huawei\"]\nzh = [\"华为\"]\n\n\
                    [[concept]]\nid = \"5g\"\nkind = \"technology\"\nfamily = \"telecom\"\nen = [\"5G\"]\nzh = [\"5G\"]\n\n\
                    [[concept]]\nid = \"zte\"\nkind = \"firm\"\nfamily = \"telecom\"\nen = [\"ZTE\"]\nzh = [\"中兴\"]\n\n\
                    [[concept]]\nid = \"china\"\nen = [\"China\"]\nzh = [\"中国\"]\n";
        let rules = rules_of(text);
        let scorer = Scorer::new(&rules, Theme::Security);
        let id = |name: &str| rules.concepts.iter().position(|c| c.id == name).unwrap();
        let (huawei, g5, zte, china) = (id("huawei"), id("5g"), id("zte"), id("china"));
        let with = |concepts: &[usize]| {
            let mut concepts: Vec<(usize, f32)> = concepts.iter().map(|&c| (c, 1.0)).collect();
            concepts.sort_by_key(|c| c.0);
            Features {
                frames: vec![(0, 1)],
                concept_norm: (concepts.len() as f32).sqrt(),
                concepts,
                ..Default::default()
            }
        };
        let ext = with(&[huawei, china]);
        let (same, ps, _, _) = scorer.score((None, &ext), (None, &with(&[huawei])));
        let (relative, pr, _, _) = scorer.score((None, &ext), (None, &with(&[g5])));
        let (general, pg, _, _) = scorer.score((None, &ext), (None, &with(&[china])));
        assert!((ps.specific - (1.0 + SUBJECT_BONUS)).abs() < 1e-6, "{ps:?}");
        assert!(
            (pr.specific - (1.0 + SUBJECT_BONUS * RELATIVE_CREDIT)).abs() < 1e-6,
            "{pr:?}"
        );
        assert_eq!(pg.specific, 1.0);
        // The same opposition; the general partner shares "China", the firm's partner shares the firm.
        assert_eq!(ps.opposition, pg.opposition);
        assert!(same > general, "{same} {general}");
        assert!(same > relative, "{same} {relative}");
        // A list of three specific subjects (more than MAX_SUBJECTS) is about none of them.
        let (_, pl, _, _) =
            scorer.score((None, &with(&[huawei, g5, zte])), (None, &with(&[huawei])));
        assert_eq!(pl.specific, 1.0);
        // An external statement naming no specific subject: every partner keeps its score.
        let (_, pn, _, _) = scorer.score((None, &with(&[china])), (None, &with(&[china])));
        assert_eq!(pn.specific, 1.0);
    }

    #[test]
    fn a_concept_of_the_same_class_is_named_and_earns_its_credit() {
        let text = "[[frame]]\nid = \"sec\"\nsummary = \"s\"\nthemes = [\"security\"]\n\
                    [frame.external]\nphrases = [\"open sec\"]\n[frame.internal]\nphrases = [\"closed sec\"]\n\n\
                    [[concept]]\nid = \"huawei\"\nkind = \"firm\"\nfamily = \"telecom\"\nen = [\"Huawei\"]\nzh = [\"华为\"]\n\n\
                    [[concept]]\nid = \"5g\"\nkind = \"technology\"\nfamily = \"telecom\"\nen = [\"5G\"]\nzh = [\"5G\"]\n\n\
                    [[concept]]\nid = \"chips\"\nkind = \"technology\"\nfamily = \"semiconductors\"\nen = [\"chips\"]\nzh = [\"芯片\"]\n\n\
                    [[concept]]\nid = \"tariffs\"\nkind = \"measure\"\nfamily = \"trade-war\"\nen = [\"tariffs\"]\nzh = [\"关税\"]\n";
        let rules = rules_of(text);
        let scorer = Scorer::new(&rules, Theme::Security);
        let id = |name: &str| rules.concepts.iter().position(|c| c.id == name).unwrap();
        let (huawei, g5, chips, tariffs) = (id("huawei"), id("5g"), id("chips"), id("tariffs"));
        let with = |c: usize| Features {
            frames: vec![(0, 1)],
            concepts: vec![(c, 1.0)],
            concept_norm: 1.0,
            ..Default::default()
        };
        let ext = with(huawei);
        // 5G is of Huawei's family (telecom); chips of its class (ICT equipment and software); tariffs neither.
        let family = scorer.subject_match(&ext, &with(g5)).unwrap();
        assert_eq!(
            (family.related, family.class.len()),
            (vec![(huawei, g5)], 0)
        );
        let class = scorer.subject_match(&ext, &with(chips)).unwrap();
        assert_eq!(
            (class.related.len(), class.class),
            (0, vec![(huawei, chips)])
        );
        assert!((class.share - CLASS_CREDIT).abs() < 1e-6);
        let none = scorer.subject_match(&ext, &with(tariffs)).unwrap();
        assert_eq!(none.missed, vec![huawei]);
        let (_, pc, _, _) = scorer.score((None, &ext), (None, &with(chips)));
        assert!(
            (pc.specific - (1.0 + SUBJECT_BONUS * CLASS_CREDIT)).abs() < 1e-6,
            "{pc:?}"
        );
    }

    #[test]
    fn a_partner_naming_what_the_measure_targets_shares_a_subject_more_loosely() {
        let text = "[[frame]]\nid = \"sec\"\nsummary = \"s\"\nthemes = [\"security\"]\n\
                    [frame.external]\nphrases = [\"open sec\"]\n[frame.internal]\nphrases = [\"closed sec\"]\n\n\
                    [[concept]]\nid = \"export-controls\"\nkind = \"measure\"\nfamily = \"trade-curbs\"\n\
                    targets = [\"chips\"]\ntargets_why = \"aimed at chips\"\nen = [\"export controls\"]\nzh = [\"出口管制\"]\n\n\
                    [[concept]]\nid = \"chips\"\nkind = \"technology\"\nfamily = \"semiconductors\"\nen = [\"chips\"]\nzh = [\"芯片\"]\n\n\
                    [[concept]]\nid = \"tariffs\"\nkind = \"measure\"\nfamily = \"trade-war\"\nen = [\"tariffs\"]\nzh = [\"关税\"]\n";
        let rules = rules_of(text);
        let scorer = Scorer::new(&rules, Theme::Security);
        let id = |name: &str| rules.concepts.iter().position(|c| c.id == name).unwrap();
        let (controls, chips, tariffs) = (id("export-controls"), id("chips"), id("tariffs"));
        let with = |c: usize| Features {
            frames: vec![(0, 1)],
            concepts: vec![(c, 1.0)],
            concept_norm: 1.0,
            ..Default::default()
        };
        // Export controls against chips: a target, named as such, worth TARGET_CREDIT of the same measure.
        let target = scorer.subject_match(&with(controls), &with(chips)).unwrap();
        assert_eq!(target.targets, vec![(controls, chips)]);
        assert!((target.share - TARGET_CREDIT).abs() < 1e-6);
        let (t, pt, _, _) = scorer.score((None, &with(controls)), (None, &with(chips)));
        let (s, ps, _, _) = scorer.score((None, &with(controls)), (None, &with(controls)));
        let (n, pn, _, _) = scorer.score((None, &with(controls)), (None, &with(tariffs)));
        assert!(
            (pt.specific - (1.0 + SUBJECT_BONUS * TARGET_CREDIT)).abs() < 1e-6,
            "{pt:?}"
        );
        assert!(ps.specific > pt.specific && pt.specific > pn.specific);
        assert!(s > t && t > n, "{s} {t} {n}");
        // The relation has a direction: chips do not target export controls.
        let back = scorer.subject_match(&with(chips), &with(controls)).unwrap();
        assert!(
            back.targets.is_empty() && back.share == 0.0,
            "{:?}",
            back.targets
        );
        // Another curb of the same class is not a target.
        let curb = scorer
            .subject_match(&with(controls), &with(tariffs))
            .unwrap();
        assert!(curb.targets.is_empty());
    }

    #[test]
    fn targets_must_name_concepts_and_say_why() {
        let base = "[[frame]]\nid = \"sec\"\nsummary = \"s\"\nthemes = [\"security\"]\n\
                    [frame.external]\nphrases = [\"open sec\"]\n[frame.internal]\nphrases = [\"closed sec\"]\n\n\
                    [[concept]]\nid = \"chips\"\nkind = \"technology\"\nen = [\"chips\"]\n\n";
        let problems = |extra: &str| {
            let files = vec![crate::rules::SourceFile {
                path: "f.toml".into(),
                text: format!("{base}{extra}"),
            }];
            match RuleSet::from_files(files) {
                Ok(_) => String::new(),
                Err(e) => e.to_string(),
            }
        };
        let ok = "[[concept]]\nid = \"ban\"\nkind = \"measure\"\ntargets = [\"chips\"]\ntargets_why = \"w\"\nen = [\"ban\"]\n";
        assert_eq!(problems(ok), "");
        let rules = rules_of(format!("{base}{ok}"));
        let ban = rules.concepts.iter().find(|c| c.id == "ban").unwrap();
        assert_eq!(
            (ban.targets.clone(), ban.targets_why.as_str()),
            (vec!["chips".to_string()], "w")
        );
        for (broken, expected) in [
            (ok.replace("[\"chips\"]", "[\"chip\"]"), "no concept's id"),
            (ok.replace("targets_why = \"w\"\n", ""), "targets_why"),
            (ok.replace("kind = \"measure\"\n", ""), "need a `kind`"),
            (
                ok.replace("[\"chips\"]", "[\"ban\"]"),
                "cannot target itself",
            ),
        ] {
            let found = problems(&broken);
            assert!(found.contains(expected), "{expected:?} not in {found}");
        }
    }

    #[test]
    fn every_target_of_the_lexicon_is_a_concept_with_a_why() {
        let rules = RuleSet::builtin().unwrap();
        let with_targets: Vec<_> = rules
            .concepts
            .iter()
            .filter(|c| !c.targets.is_empty())
            .collect();
        assert!(with_targets.len() >= 20, "{}", with_targets.len());
        for c in with_targets {
            assert!(
                c.kind.is_some() && !c.targets_why.trim().is_empty(),
                "{}",
                c.id
            );
            for t in &c.targets {
                assert!(
                    rules.concepts.iter().any(|x| &x.id == t),
                    "{} targets {t}",
                    c.id
                );
            }
        }
    }

    #[test]
    fn every_chip_firm_names_its_sector_so_a_home_text_on_chips_shares_its_subject() {
        // Session 46 (docs/rules.md › The pairing round of session 46): against "the Dutch order on Nexperia is
        // improper interference", the judges accept the home voice on chip self-reliance and call core technology
        // in general related; a chip firm's sector is chips, as SMIC's already was.
        let rules = RuleSet::builtin().unwrap();
        let family = |id: &str| {
            rules
                .concepts
                .iter()
                .find(|c| c.id == id)
                .and_then(|c| c.family.clone())
        };
        for c in rules.concepts.iter().filter(|c| {
            c.kind.as_deref() == Some("firm") && c.family.as_deref() == Some("semiconductors")
        }) {
            assert!(
                c.targets
                    .iter()
                    .any(|t| family(t.as_str()).as_deref() == Some("semiconductors")),
                "chip firm {} names no chip technology as its sector: {:?}",
                c.id,
                c.targets
            );
        }
        let scorer = Scorer::new(&rules, Theme::Indigenization);
        let id = |name: &str| rules.concepts.iter().position(|c| c.id == name).unwrap();
        let with = |c: usize| Features {
            frames: vec![(0, 1)],
            concepts: vec![(c, 1.0)],
            concept_norm: 1.0,
            ..Default::default()
        };
        for firm in ["nexperia", "tsmc", "intel"] {
            let m = scorer
                .subject_match(&with(id(firm)), &with(id("chips")))
                .unwrap();
            assert_eq!(m.targets, vec![(id(firm), id("chips"))], "{firm}");
        }
    }

    #[test]
    fn the_targets_relation_is_used_unless_turned_off() {
        let rules = RuleSet::builtin().unwrap();
        assert!(PairOptions::default().targets);
        let on = Scorer::new(&rules, Theme::Indigenization).with_targets(true);
        assert!(on.targets.iter().filter(|t| !t.is_empty()).count() >= 20);
        let off = Scorer::new(&rules, Theme::Indigenization).with_targets(false);
        assert!(off.targets.iter().all(Vec::is_empty));
    }

    #[test]
    fn every_family_of_a_class_is_a_family_of_the_lexicon() {
        let rules = RuleSet::builtin().unwrap();
        for (class, families) in CLASSES {
            for f in *families {
                assert!(
                    rules.concepts.iter().any(|c| c.family.as_deref() == Some(*f)),
                    "class {class:?} names family {f:?}, which no concept of rules/concepts.toml has"
                );
            }
        }
    }

    #[test]
    fn a_long_partner_keeps_less_of_its_score_up_to_the_cap() {
        assert_eq!(focus(FOCUS_PENALTY, 0), 1.0);
        assert!((focus(FOCUS_PENALTY, FOCUS_WORDS / 2) - (1.0 - FOCUS_PENALTY / 2.0)).abs() < 1e-6);
        assert!(focus(FOCUS_PENALTY, 10) > focus(FOCUS_PENALTY, 40));
        assert_eq!(focus(FOCUS_PENALTY, FOCUS_WORDS), 1.0 - FOCUS_PENALTY);
        assert_eq!(
            focus(FOCUS_PENALTY, 10 * FOCUS_WORDS),
            focus(FOCUS_PENALTY, FOCUS_WORDS)
        );
        // The same pair with a longer internal statement scores lower, by the focus share alone.
        let rules = frame_rules();
        let scorer = Scorer::new(&rules, Theme::Security);
        let (sec, ext) = takes_sec(&rules);
        let short = Features {
            frames: vec![(sec, 1)],
            word_ids: (0..10u32).map(|w| (w, 1.0)).collect::<Vec<_>>().into(),
            ..Default::default()
        };
        let long = Features {
            word_ids: (0..300u32).map(|w| (w, 1.0)).collect::<Vec<_>>().into(),
            ..short.clone()
        };
        let (a, pa, _, _) = scorer.score((None, &ext), (None, &short));
        let (b, pb, _, _) = scorer.score((None, &ext), (None, &long));
        assert_eq!(pa.opposition, pb.opposition);
        assert!(a > b, "{a} {b}");
        assert_eq!(pb.focus, 1.0 - FOCUS_PENALTY);
        assert!((b / pb.focus - a / pa.focus).abs() < 1e-6);
    }

    /// A `[pair_weights]` table with every required key and `extra` lines after them.
    fn pair_weights_with(extra: &str) -> String {
        format!(
            "[pair_weights]\nopposition_weight = 0.8\ncrossed_stance_factor = 0.7\necho_factor = 0.5\n\
             broad_factor = 0.6\nsubject_bonus = 0.25\ntarget_credit = 0.5\n\
             domestic_language_bonus = 0.05\nsubjects_missed_penalty = 0.4\nfocus_penalty = 0.2\n{extra}"
        )
    }

    /// The messages of a rule set that must be refused, one a line; panics if it loaded.
    fn refusal(loaded: crate::error::Result<RuleSet>) -> String {
        match loaded {
            Err(crate::error::Error::Rules { problems }) => problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            other => panic!("accepted: {:?}", other.map(|r| r.pair_weights)),
        }
    }

    #[test]
    fn a_themes_own_focus_penalty_weighs_a_long_partner_in_that_theme_alone() {
        // The same frame for two themes; ambition's pairs set their own focus penalty.
        let frames = "[[frame]]\nid = \"race\"\nsummary = \"s\"\nthemes = [\"ambition\", \"security\"]\n\
                      weight = 0.8\n[frame.external]\nphrases = [\"no race\"]\n[frame.internal]\nphrases = [\"win the race\"]\n";
        let weights = pair_weights_with;
        let file = |path: &str, text: String| crate::rules::SourceFile {
            path: path.into(),
            text,
        };
        let rules = RuleSet::from_files(vec![
            file("f.toml", frames.into()),
            file(
                "w.toml",
                weights("[pair_weights.focus_penalty_by_theme]\nambition = 0.5\n"),
            ),
        ])
        .unwrap();
        assert_eq!(rules.pair_weights.focus_penalty_for(Theme::Ambition), 0.5);
        assert_eq!(rules.pair_weights.focus_penalty_for(Theme::Security), 0.2);
        let race = rules.frames.iter().position(|f| f.id == "race").unwrap();
        let ext = Features {
            frames: vec![(race, 1)],
            ..Default::default()
        };
        let long = Features {
            frames: vec![(race, 1)],
            word_ids: (0..300u32).map(|w| (w, 1.0)).collect::<Vec<_>>().into(),
            ..Default::default()
        };
        let short = Features {
            word_ids: (0..10u32).map(|w| (w, 1.0)).collect::<Vec<_>>().into(),
            ..long.clone()
        };
        let score =
            |theme: Theme, i: &Features| Scorer::new(&rules, theme).score((None, &ext), (None, i));
        let (amb_long, p, _, _) = score(Theme::Ambition, &long);
        assert_eq!(p.focus, 0.5);
        let (sec_long, p, _, _) = score(Theme::Security, &long);
        assert_eq!(p.focus, 1.0 - 0.2);
        assert!(amb_long < sec_long, "{amb_long} {sec_long}");
        // A short partner is hardly touched in either theme.
        let (amb_short, _, _, _) = score(Theme::Ambition, &short);
        let (sec_short, _, _, _) = score(Theme::Security, &short);
        assert!(
            sec_short - amb_short < 0.05 * sec_short,
            "{amb_short} {sec_short}"
        );
        // Checked: a theme that is none, a value out of range.
        let refused = |by_theme: &str| {
            refusal(RuleSet::from_files(vec![
                file("f.toml", frames.into()),
                file("w.toml", weights(by_theme)),
            ]))
        };
        let unknown = refused("[pair_weights.focus_penalty_by_theme]\nambitions = 0.5\n");
        assert!(
            unknown.contains("`ambitions` of [pair_weights.focus_penalty_by_theme] is no theme")
                && unknown.contains("did you mean `ambition`?"),
            "{unknown}"
        );
        let high = refused("[pair_weights.focus_penalty_by_theme]\nambition = 1.5\n");
        assert!(
            high.contains("ambition of [pair_weights.focus_penalty_by_theme] is 1.5"),
            "{high}"
        );
    }

    /// The toy candidate graph of the hub bonus: two external statements; `A` (0) meets both within 0.9 of
    /// their best, `B` (1) is the best of the first only, `C` (2) of the second only, `D` (3) is far below and
    /// `E` (4) is unframed (a subject-only candidate).
    fn hub_graph() -> Vec<Vec<(u32, f32, bool)>> {
        vec![
            vec![
                (0, 0.60, true),
                (1, 0.62, true),
                (3, 0.30, true),
                (4, 0.70, false),
            ],
            vec![(0, 0.50, true), (2, 0.52, true)],
        ]
    }

    /// The assignment over the framed edges, with the factors when given.
    fn assign_hub(edges: &[Vec<(u32, f32, bool)>], factors: Option<&[f32]>) -> Vec<Option<usize>> {
        let strong: Vec<Edge> = edges
            .iter()
            .enumerate()
            .flat_map(|(e, list)| {
                list.iter().filter(|x| x.2).map(move |&(i, score, _)| Edge {
                    e,
                    i: i as usize,
                    score: factors.map_or(score, |f| with_hub(score, f[i as usize])),
                })
            })
            .collect();
        assign(edges.len(), 5, &strong, 1).unwrap()
    }

    #[test]
    fn the_hub_bonus_gives_the_text_that_meets_many_external_statements_its_row() {
        let edges = hub_graph();
        let on = PairWeights {
            hub_fraction: 0.9,
            hub_bonus: 0.3,
            ..PairWeights::default()
        };
        let (shares, factors) = hub_factors(&edges, 5, &on).unwrap();
        // A meets both; B and C one each; D is below 0.9 of the first's best; E is unframed and neither
        // counts nor sets the best (0.70 would put A and B below 0.9 of it).
        assert_eq!(shares, vec![1.0, 0.5, 0.5, 0.0, 0.0]);
        assert!((factors[0] - 1.3).abs() < 1e-6 && (factors[1] - 1.15).abs() < 1e-6);
        assert_eq!(factors[3], 1.0);
        // Without the bonus each external statement takes its own best; with it, the first takes A
        // (0.78 + 0.598 against 0.713 + 0.65).
        assert_eq!(assign_hub(&edges, None), vec![Some(1), Some(2)]);
        assert_eq!(
            assign_hub(&edges, Some(factors.as_slice())),
            vec![Some(0), Some(2)]
        );
        // A score is capped at 1 as every score is.
        assert_eq!(with_hub(0.9, 1.3), 1.0);
        // A lower fraction lets more candidates meet: at 0.4, D meets the first external statement too.
        let wide = PairWeights {
            hub_fraction: 0.4,
            ..on
        };
        assert_eq!(hub_factors(&edges, 5, &wide).unwrap().0[3], 0.5);
    }

    #[test]
    fn the_hub_bonus_off_changes_nothing() {
        let edges = hub_graph();
        // Off by default, and off when either number is 0 (the loader refuses one without the other).
        assert!(hub_factors(&edges, 5, &PairWeights::default()).is_none());
        for (hub_fraction, hub_bonus) in [(0.0, 0.3), (0.9, 0.0)] {
            let w = PairWeights {
                hub_fraction,
                hub_bonus,
                ..PairWeights::default()
            };
            assert!(w.hub().is_none() && hub_factors(&edges, 5, &w).is_none());
        }
        assert_eq!(assign_hub(&edges, None), vec![Some(1), Some(2)]);
        // No framed candidate at all: no external statement is paired, every share is 0.
        let none = vec![vec![(0u32, 0.5f32, false)]];
        let on = PairWeights {
            hub_fraction: 0.9,
            hub_bonus: 0.3,
            ..PairWeights::default()
        };
        assert_eq!(hub_factors(&none, 1, &on).unwrap().0, vec![0.0]);
    }

    #[test]
    fn the_hub_keys_are_optional_and_checked_together() {
        let weights = pair_weights_with;
        let frames = "[[frame]]\nid = \"race\"\nsummary = \"s\"\nthemes = [\"ambition\"]\n\
                      [frame.external]\nphrases = [\"no race\"]\n[frame.internal]\nphrases = [\"win the race\"]\n";
        let load = |extra: &str| {
            RuleSet::from_files(vec![
                crate::rules::SourceFile {
                    path: "f.toml".into(),
                    text: frames.into(),
                },
                crate::rules::SourceFile {
                    path: "w.toml".into(),
                    text: weights(extra),
                },
            ])
        };
        assert_eq!(load("").unwrap().pair_weights.hub(), None);
        assert_eq!(
            load("hub_fraction = 0.95\nhub_bonus = 0.1\n")
                .unwrap()
                .pair_weights
                .hub(),
            Some((0.95, 0.1))
        );
        let refused = |extra: &str| refusal(load(extra));
        let alone = refused("hub_bonus = 0.1\n");
        assert!(alone.contains("turn the hub bonus on together"), "{alone}");
        let high = refused("hub_fraction = 1.5\nhub_bonus = 0.1\n");
        assert!(
            high.contains("hub_fraction of [pair_weights] is 1.5"),
            "{high}"
        );
    }

    #[test]
    fn content_words_leave_filler_out() {
        assert!(!is_content_word("therefor"));
        assert!(!is_content_word("更"));
        assert!(!is_content_word("2020"));
        assert!(is_content_word("芯片"));
        assert!(is_content_word("semiconductor"));
    }

    #[test]
    fn a_date_is_a_year_with_its_month() {
        assert_eq!(year_of("2021-07-15"), Some(2021.5));
        assert_eq!(year_of("2021-01"), Some(2021.0));
        assert_eq!(year_of("2020"), Some(2020.5));
        assert_eq!(year_of(""), None);
        assert_eq!(year_of("July 2020"), None);
    }
}
