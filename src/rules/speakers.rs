//! The who's-who (`[[speaker]]` tables): people, organs and outlets with their names in every script, their
//! offices, voices and dates, compiled into ordinary audience rules so that one matcher finds them.
//!
//! Each speaker gives one rule per office (`spk.ID`, or `spk.ID.N` when the office changed hands), which reads
//! the `speaker` and `role` fields (an outlet also the `venue`), and a person or an organ gives a second rule
//! (`spk.ID.said`) that finds the words attributed to them inside the text: "华春莹表示", "Wang Yi said", "the
//! Ministry of State Security posted". An office may hold in one language only (`lang`): an outlet's
//! English-language service writes for foreign readers, its home service does not. A
//! fixed-voice office's attribution counts at the office level; a venue-dependent one's at the speaker level,
//! and only when the metadata names no speaker (a relaying outlet at most). A name inside quotation marks is
//! someone else quoting the person and never counts.

use super::lists::{ListTable, ListUse, TermList, TermSlot, WrittenTerms};
use super::load::Locator;
use crate::error::RuleProblem;
use crate::model::{Audience, Field, Level};
use crate::rules::{Example, Label, Rule};
use serde::Deserialize;
use toml::Spanned;

/// The term list (`[[list]]`, `rules/speakers.toml`) of the words that attribute the nearby words to a named person
/// or organ ("said", "表示", "posted"): a person's or an organ's `spk.ID.said` rule requires one of them within
/// the list's own `within` characters of the name (until session 44 a constant here), and an English-language office is vetoed by them (the outlet
/// only relays someone else's words).
pub const ATTRIBUTION_LIST: &str = "attribution";

/// The term list (`[[list]]`, `rules/speakers.toml`) of the words in the venue that name an outlet as the one that
/// passed the words on ("China Daily (via PLA Daily)", "reported by Qiushi"): an outlet whose office is at the venue
/// level (where its own articles first appear) does not hold as a venue then. Until session 44 a constant here.
pub const RELAYED_BY_LIST: &str = "relayed-by";

/// The term list (`[[list]]`, `rules/speakers.toml`) of the words that keep an office held in English (`lang =
/// "en"`, an outlet's English-language service) from holding, because the outlet is not the voice: in the speaker,
/// role or venue, a translation of a Chinese original ("Xinhua report (DigiChina translation)"), whose voice is the
/// home service's; in the text, a report of someone else's words or deeds ("according to", an inspection tour), of
/// another text ("the report informs", "the commentary highlighted"), of a leader's remarks or letter, or the
/// Party's own formula for its leadership ("Comrade Xi Jinping at its core"): then the outlet only relays, and the
/// person or text it reports (or, unknown, the home service) speaks. The [`ATTRIBUTION_LIST`] words veto the office
/// too. Until session 43 both lists were constants here; they are data so that a reviewer can read and change them.
pub const NOT_OWN_VOICE_LIST: &str = "not-own-voice";

/// The term list (`[[list]]`, `rules/speakers.toml`) of the words that cite a past occasion ("In March 2015, Xi
/// said", "Five years ago, President Xi proposed"): a text that cites what a person said on an earlier occasion is
/// the citing author's argument, not that person's speech act, so a person's or an organ's `.said` rule that holds
/// at the speaker level (a venue-dependent voice, counted only when the metadata names nobody) does not hold where
/// the text has one of these words. An office-level `.said` rule (a spokesperson's earlier words are still the
/// spokesperson's) is not vetoed. Optional: without the list nothing is vetoed. Session 61.
pub const CITED_OCCASION_LIST: &str = "cited-occasion";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "a [[speaker]] table")]
pub(super) struct RawSpeaker {
    id: Spanned<String>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    en: Vec<Spanned<String>>,
    #[serde(default)]
    zh: Vec<Spanned<String>>,
    #[serde(default)]
    zh_hant: Vec<Spanned<String>>,
    #[serde(default)]
    pinyin: Vec<Spanned<String>>,
    offices: Spanned<Vec<Spanned<RawOffice>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "an [[office]] table")]
pub(super) struct RawOffice {
    office: String,
    voice: Spanned<String>,
    level: Spanned<String>,
    #[serde(default)]
    from: Option<Spanned<String>>,
    #[serde(default)]
    to: Option<Spanned<String>>,
    #[serde(default)]
    lang: Option<Spanned<String>>,
    #[serde(default)]
    weight: Option<Spanned<f32>>,
    /// Terms (or `@lists`) in the office's own fields (speaker and role; an outlet's venue too) that stop the
    /// office from holding: "an institute under the ministry" is not the ministry. Session 61.
    #[serde(default)]
    excludes: Vec<Spanned<String>>,
}

/// What a who's-who entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerKind {
    /// A person: spokesperson, minister, ambassador, leader.
    Person,
    /// A body that speaks as one: a ministry, a Party or PLA organ.
    Organ,
    /// A news outlet that publishes or relays.
    Outlet,
}

/// One office held by a speaker.
#[derive(Debug, Clone)]
pub struct Office {
    /// The office in words.
    pub office: String,
    /// The audience its holder addresses.
    pub voice: Audience,
    /// The level of precedence of that evidence.
    pub level: Level,
    /// First date held (empty: open).
    pub from: String,
    /// Last date held (empty: still held).
    pub to: String,
    /// The language of the statements in which the office speaks (`None`: any): an outlet's English-language
    /// service writes for foreign readers. An English statement marked as a translation is not in it.
    pub lang: Option<crate::model::Lang>,
    /// The office's vote (default 2 at the relay level, 3 above it); weights matter only within a level.
    pub weight: Option<f32>,
    /// Terms, normalised (`@id` for a list, as written), whose presence in the office's own fields vetoes it.
    pub excludes: Vec<String>,
}

/// One entry of the who's-who.
#[derive(Debug, Clone)]
pub struct Speaker {
    /// Unique id, e.g. `hua-chunying`.
    pub id: String,
    /// Person, organ or outlet.
    pub kind: SpeakerKind,
    /// English forms.
    pub en: Vec<String>,
    /// Simplified Chinese forms.
    pub zh: Vec<String>,
    /// Traditional Chinese forms.
    pub zh_hant: Vec<String>,
    /// Pinyin forms.
    pub pinyin: Vec<String>,
    /// Offices, in order.
    pub offices: Vec<Office>,
}

impl Speaker {
    /// Every written form of the name, in all scripts, without repeats.
    pub fn names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for n in self
            .en
            .iter()
            .chain(&self.zh)
            .chain(&self.zh_hant)
            .chain(&self.pinyin)
        {
            if !out.contains(&n.as_str()) {
                out.push(n);
            }
        }
        out
    }

    /// True when `name` is one of the speaker's forms (compared after normalisation, so traditional and
    /// simplified, case and hyphens do not matter).
    pub fn is_named(&self, name: &str) -> bool {
        let n = crate::text::normalize_term(name);
        !n.is_empty()
            && self
                .names()
                .iter()
                .any(|x| crate::text::normalize_term(x) == n)
    }
}

/// Speakers one of whose names contains `partial` as a word (`Zhao` → `Zhao Lijian / 赵立坚`), for a hint
/// when a speaker filter names only part of a name.
pub fn speakers_like(speakers: &[Speaker], partial: &str) -> Vec<String> {
    let p = crate::text::normalize_term(partial);
    if p.is_empty() {
        return Vec::new();
    }
    speakers
        .iter()
        .filter(|s| {
            s.names().iter().any(|n| {
                let n = crate::text::normalize_term(n);
                if p.chars().any(crate::text::is_han) {
                    n.contains(&p)
                } else {
                    n.split(' ').any(|w| w == p)
                }
            })
        })
        .map(|s| {
            let zh = s.zh.first().map(|z| format!(" / {z}")).unwrap_or_default();
            format!("`{}`{zh}", s.en[0])
        })
        .collect()
}

fn valid_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let month = |m: &str| digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0));
    let day = |d: &str| digits(d, 2) && (1..=31).contains(&d.parse::<u8>().unwrap_or(0));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && month(m),
        [y, m, dd] => digits(y, 4) && month(m) && day(dd),
        _ => false,
    }
}

/// Checks one `[[speaker]]` table and compiles it into rules; problems go to `problems`.
pub(super) fn compile(
    loc: &Locator,
    raw: RawSpeaker,
    line: usize,
    lists: &ListTable,
    problems: &mut Vec<RuleProblem>,
) -> Option<(Speaker, Vec<Rule>)> {
    let id = raw.id.get_ref().clone();
    let id_span = raw.id.span();
    let before = problems.len();
    let mut bad = |span: std::ops::Range<usize>, msg: String| {
        problems.push(loc.problem(Some(span), Some(&format!("spk.{id}")), msg))
    };
    if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
        bad(
            raw.id.span(),
            "a speaker id must be non-empty and contain no spaces".into(),
        );
    }
    let kind = match raw.kind.as_ref().map(|k| k.get_ref().as_str()) {
        None | Some("person") => SpeakerKind::Person,
        Some("organ") => SpeakerKind::Organ,
        Some("outlet") => SpeakerKind::Outlet,
        Some(other) => {
            bad(
                raw.kind.as_ref().map_or(0..0, |k| k.span()),
                format!("unknown kind `{other}`, expected person, organ or outlet"),
            );
            SpeakerKind::Person
        }
    };
    let forms = |list: &[Spanned<String>]| -> Vec<String> {
        list.iter()
            .map(|s| s.get_ref().trim().to_string())
            .collect()
    };
    let (en, zh, zh_hant, pinyin) = (
        forms(&raw.en),
        forms(&raw.zh),
        forms(&raw.zh_hant),
        forms(&raw.pinyin),
    );
    if en.is_empty() || zh.is_empty() {
        bad(
            raw.id.span(),
            "a speaker needs at least one English (`en`) and one simplified Chinese (`zh`) form"
                .into(),
        );
    }
    for list in [&raw.en, &raw.zh, &raw.zh_hant, &raw.pinyin] {
        for s in list {
            if crate::text::normalize_term(s.get_ref()).is_empty() {
                bad(s.span(), "empty name form".into());
            }
        }
    }
    let simplified: Vec<String> = zh.iter().map(|z| crate::text::normalize_term(z)).collect();
    for t in &raw.zh_hant {
        let folded = crate::text::normalize_term(t.get_ref());
        if !simplified.contains(&folded) {
            bad(
                t.span(),
                format!(
                    "traditional form `{}` folds to `{folded}`, which is not among the simplified forms (`zh`)",
                    t.get_ref()
                ),
            );
        }
    }
    for p in &raw.pinyin {
        if !p
            .get_ref()
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-' || c == '\'')
        {
            bad(
                p.span(),
                format!(
                    "pinyin form `{}` should be written in plain Latin letters, without tone marks",
                    p.get_ref()
                ),
            );
        }
    }
    let mut offices = Vec::new();
    if raw.offices.get_ref().is_empty() {
        bad(
            raw.offices.span(),
            "a speaker needs at least one office (with its voice and level)".into(),
        );
    }
    for o in raw.offices.get_ref() {
        let o_span = o.span();
        let o = o.get_ref();
        let voice = Audience::parse(o.voice.get_ref());
        if voice.is_none() {
            bad(
                o.voice.span(),
                format!(
                    "unknown voice `{}`, expected `external` or `internal`",
                    o.voice.get_ref()
                ),
            );
        }
        let level = Level::parse(o.level.get_ref());
        if level.is_none() {
            bad(
                o.level.span(),
                format!(
                    "unknown level `{}`, expected one of {}",
                    o.level.get_ref(),
                    Level::ALL.map(|x| x.as_str()).join(", ")
                ),
            );
        }
        let mut date = |d: &Option<Spanned<String>>| -> String {
            match d {
                None => String::new(),
                Some(d) => {
                    if !valid_date(d.get_ref()) {
                        bad(
                            d.span(),
                            format!("date `{}` is not YYYY, YYYY-MM or YYYY-MM-DD", d.get_ref()),
                        );
                    }
                    d.get_ref().clone()
                }
            }
        };
        let from = date(&o.from);
        let to = date(&o.to);
        if !from.is_empty() && !to.is_empty() && !crate::rules::date_in_range(&from, "", &to) {
            bad(
                o_span.clone(),
                format!("the office ends ({to}) before it begins ({from})"),
            );
        }
        let lang = o.lang.as_ref().and_then(|l| match l.get_ref().as_str() {
            "en" => Some(crate::model::Lang::En),
            "zh" => Some(crate::model::Lang::Zh),
            other => {
                bad(
                    l.span(),
                    format!("unknown lang `{other}`, expected `en` or `zh`"),
                );
                None
            }
        });
        let weight = o.weight.as_ref().and_then(|w| {
            let v = *w.get_ref();
            if v > 0.0 && v <= 10.0 {
                Some(v)
            } else {
                bad(
                    w.span(),
                    format!("an office's weight must be above 0 and at most 10, not {v}"),
                );
                None
            }
        });
        if o.office.trim().is_empty() {
            bad(o_span.clone(), "an office needs its name (`office`)".into());
        }
        let mut excludes = Vec::new();
        for t in &o.excludes {
            let written = t.get_ref().trim();
            if let Some(list) = super::lists::reference(written) {
                if let Err(message) = lists.resolve(list) {
                    bad(t.span(), message);
                }
                excludes.push(TermList::reference(list));
            } else if crate::text::normalize_term(written).is_empty() {
                bad(t.span(), "empty term in an office's `excludes`".into());
            } else {
                excludes.push(crate::text::normalize_term(written));
            }
        }
        if let (Some(voice), Some(level)) = (voice, level) {
            offices.push(Office {
                office: o.office.clone(),
                voice,
                level,
                from,
                to,
                lang,
                weight,
                excludes,
            });
        }
    }
    if problems.len() > before {
        return None;
    }
    // The who's-who's own vocabularies are term lists: the attribution words that a person's or an organ's
    // `.said` rule requires, and (with them) the words that veto an English-language office.
    let english = offices
        .iter()
        .any(|o| o.lang == Some(crate::model::Lang::En));
    let need = |list: &str, what: &str, problems: &mut Vec<RuleProblem>| -> Option<Vec<String>> {
        match lists.resolve(list) {
            Ok((_, terms)) => Some(terms.to_vec()),
            Err(_) => {
                let message = format!(
                    "the who's-who needs the term list `@{list}` ({what}): define it as a [[list]] with \
                     id = \"{list}\" (the built-in one is in rules/speakers.toml)"
                );
                // Reported once, at the first speaker that needs it.
                if !problems.iter().any(|p| p.message == message) {
                    problems.push(loc.problem(
                        Some(id_span.clone()),
                        Some(&format!("spk.{id}")),
                        message,
                    ));
                }
                None
            }
        }
    };
    let attribution = if kind != SpeakerKind::Outlet || english {
        need(
            ATTRIBUTION_LIST,
            "the words that attribute words to a person or an organ",
            problems,
        )?
    } else {
        Vec::new()
    };
    // How far an attribution word may stand from a person's or an organ's name: the list's own `within`.
    let within = if kind != SpeakerKind::Outlet {
        match lists.within_of(ATTRIBUTION_LIST) {
            Some(w) => w,
            None => {
                let message = format!(
                    "the who's-who needs `within` on the term list `@{ATTRIBUTION_LIST}`: how far, in characters, \
                     a word of attribution may stand from a name (rules/speakers.toml sets 14)"
                );
                if !problems.iter().any(|p| p.message == message) {
                    problems.push(loc.problem(
                        Some(id_span.clone()),
                        Some(&format!("spk.{id}")),
                        message,
                    ));
                }
                return None;
            }
        }
    } else {
        0
    };
    // An outlet whose own articles make it the venue needs the words that name it as a relay instead.
    let venue_outlet =
        kind == SpeakerKind::Outlet && offices.iter().any(|o| o.level == Level::Venue);
    let relayed_by = if venue_outlet {
        need(
            RELAYED_BY_LIST,
            "the words in the venue naming an outlet as the one that passed the words on",
            problems,
        )?
    } else {
        Vec::new()
    };
    let not_own_voice = if english {
        need(
            NOT_OWN_VOICE_LIST,
            "the words saying an English-language service is not speaking in its own voice",
            problems,
        )?
    } else {
        Vec::new()
    };
    // A past occasion cited vetoes a speaker-level attribution; the list is optional.
    let cited_occasion: Vec<String> = if kind != SpeakerKind::Outlet {
        lists
            .resolve(CITED_OCCASION_LIST)
            .map(|(_, terms)| terms.to_vec())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let speaker = Speaker {
        id: id.clone(),
        kind,
        en,
        zh,
        zh_hant,
        pinyin,
        offices,
    };
    let mut phrases: Vec<String> = Vec::new();
    for n in speaker.names() {
        let n = crate::text::normalize_term(n);
        if !phrases.contains(&n) {
            phrases.push(n);
        }
    }
    let mut fields = vec![Field::Speaker, Field::Role];
    if kind == SpeakerKind::Outlet {
        fields.push(Field::Venue);
    }
    let mask = |list: &[Field]| list.iter().fold(0u8, |m, f| m | f.bit());
    let many = speaker.offices.len() > 1;
    let mut rules = Vec::new();
    for (k, o) in speaker.offices.iter().enumerate() {
        let rule_id = if many {
            format!("spk.{id}.{}", k + 1)
        } else {
            format!("spk.{id}")
        };
        let dates = if o.from.is_empty() && o.to.is_empty() {
            None
        } else {
            Some((o.from.clone(), o.to.clone()))
        };
        let when = match (&dates, many) {
            (Some((f, t)), true) => format!(
                " ({} – {})",
                if f.is_empty() { "…" } else { f },
                if t.is_empty() { "" } else { t }
            ),
            _ => String::new(),
        };
        // An office held in one language is shown its examples in a text of that language.
        let example = |f: Field, v: &str| {
            let mut fields = vec![(f, v.to_string())];
            match o.lang {
                Some(crate::model::Lang::En) if f != Field::Text => {
                    fields.push((Field::Text, "This is a fact.".into()))
                }
                Some(crate::model::Lang::Zh) if f != Field::Text => {
                    fields.push((Field::Text, "这是事实。".into()))
                }
                _ => {}
            }
            Example { fields }
        };
        let in_lang = match o.lang {
            Some(l) => format!(", in {} statements", l.as_str()),
            None => String::new(),
        };
        // An outlet whose own articles make it the venue (PLA Daily, Qiushi) is only a relay where the venue
        // names it as one ("China Daily (via PLA Daily)"): then it does not hold at the venue level.
        let venue_office = kind == SpeakerKind::Outlet && o.level == Level::Venue;
        // An English-language office holds only where the outlet is the voice (the lists of NOT_OWN_VOICE_LIST
        // and ATTRIBUTION_LIST), named as lists so that `explain` and `rules show` say where a veto came from.
        let (mut excludes, mut uses, mut written): (Vec<String>, Vec<ListUse>, _) =
            if o.lang == Some(crate::model::Lang::En) {
                let uses = vec![
                    ListUse {
                        list: NOT_OWN_VOICE_LIST.to_string(),
                        slot: TermSlot::Excludes,
                        terms: not_own_voice.clone(),
                    },
                    ListUse {
                        list: ATTRIBUTION_LIST.to_string(),
                        slot: TermSlot::Excludes,
                        terms: attribution.clone(),
                    },
                ];
                let written = WrittenTerms {
                    phrases: phrases.clone(),
                    requires: Vec::new(),
                    excludes: vec![
                        TermList::reference(NOT_OWN_VOICE_LIST),
                        TermList::reference(ATTRIBUTION_LIST),
                    ],
                };
                (
                    not_own_voice.iter().chain(&attribution).cloned().collect(),
                    uses,
                    Some(Box::new(written)),
                )
            } else if venue_office {
                let uses = vec![ListUse {
                    list: RELAYED_BY_LIST.to_string(),
                    slot: TermSlot::Excludes,
                    terms: relayed_by.clone(),
                }];
                let written = WrittenTerms {
                    phrases: phrases.clone(),
                    requires: Vec::new(),
                    excludes: vec![TermList::reference(RELAYED_BY_LIST)],
                };
                (relayed_by.clone(), uses, Some(Box::new(written)))
            } else {
                (Vec::new(), Vec::new(), None)
            };
        // The office's own vetoes (`excludes`), read in the fields its other vetoes read.
        if !o.excludes.is_empty() {
            let mut w = written.map(|w| *w).unwrap_or_else(|| WrittenTerms {
                phrases: phrases.clone(),
                requires: Vec::new(),
                excludes: Vec::new(),
            });
            for t in &o.excludes {
                match super::lists::reference(t).map(|l| lists.resolve(l)) {
                    Some(Ok((list, terms))) => {
                        uses.push(ListUse {
                            list: list.to_string(),
                            slot: TermSlot::Excludes,
                            terms: terms.to_vec(),
                        });
                        excludes.extend(terms.iter().cloned());
                    }
                    Some(Err(_)) => {} // reported above
                    None => excludes.push(t.clone()),
                }
                w.excludes.push(t.clone());
            }
            written = Some(Box::new(w));
        }
        let name = speaker.en[0].clone();
        rules.push(Rule {
            id: rule_id.clone(),
            label: Label::Audience(o.voice),
            summary: format!("{name}: {}{when}{in_lang}", o.office),
            why: format!(
                "Who's who: {name} speaks in the {} voice as {} (level `{}`{in_lang}).",
                o.voice, o.office, o.level
            ),
            field_mask: mask(&fields),
            fields: fields.clone(),
            weight: o
                .weight
                .unwrap_or(if o.level == Level::Relay { 2.0 } else { 3.0 }),
            level: Some(o.level),
            dates: dates.clone(),
            lang: o.lang,
            phrases: phrases.clone(),
            regexes: Vec::new(),
            fuzzy: Vec::new(),
            fuzzy_threshold: 0.9,
            requires: Vec::new(),
            requires_mask: mask(&fields),
            excludes_mask: if o.lang == Some(crate::model::Lang::En) {
                mask(&fields) | Field::Text.bit()
            } else {
                mask(&fields)
            },
            within: None,
            excludes,
            must_match: speaker
                .names()
                .iter()
                .map(|n| example(Field::Speaker, n))
                .collect(),
            must_not_match: Vec::new(),
            attribution: None,
            lists: uses,
            written,
            path: loc.path.to_path_buf(),
            line,
        });
        // Words attributed to a person or an organ in the text name the speaker as surely as the speaker field: at the
        // office's own level when the office fixes the voice; otherwise at the speaker level, where a named
        // venue still outranks them, and only when the metadata names no speaker of its own (an outlet that
        // relayed the words is below them).
        if kind != SpeakerKind::Outlet {
            let said_level = if o.level == Level::Office {
                Level::Office
            } else {
                Level::Speaker
            };
            let first = speaker.zh.first().cloned().unwrap_or_default();
            // A speaker-level attribution is vetoed where the text cites a past occasion.
            let cited = said_level == Level::Speaker && !cited_occasion.is_empty();
            rules.push(Rule {
                id: format!("{rule_id}.said"),
                label: Label::Audience(o.voice),
                summary: format!(
                    "Words attributed to {name} in the text ({}){when}: a word of @{ATTRIBUTION_LIST} within {within} characters of the name",
                    o.office
                ),
                why: if said_level == Level::Office {
                    "An attribution inside the text (\"华春莹表示\", \"Wang Wenbin said\") names the speaker as surely as the speaker field; a name inside quotation marks is someone else quoting the person and does not count.".into()
                } else {
                    "An attribution inside the text (\"Wang Yi said\") names the speaker when the metadata names none (an outlet that relayed it is below the speaker level); a name inside quotation marks is someone else quoting the person and does not count.".into()
                },
                field_mask: Field::Text.bit(),
                fields: vec![Field::Text],
                weight: if said_level == Level::Office { 3.0 } else { 2.0 },
                level: Some(said_level),
                dates,
                lang: o.lang,
                phrases: phrases.clone(),
                regexes: Vec::new(),
                fuzzy: Vec::new(),
                fuzzy_threshold: 0.9,
                requires: vec![attribution.clone()],
                requires_mask: Field::Text.bit(),
                excludes_mask: Field::Text.bit(),
                within: Some(within),
                excludes: if cited {
                    cited_occasion.clone()
                } else {
                    Vec::new()
                },
                must_match: vec![
                    example(Field::Text, &format!("{first}表示,这是事实。")),
                    example(Field::Text, &format!("\"This is a fact,\" {name} said.")),
                ],
                must_not_match: {
                    let mut not = vec![
                        example(Field::Text, "这是事实。"),
                        example(Field::Text, &format!("Li said: \"As {name} said, this is a fact.\"")),
                        example(Field::Text, &format!("他说:“正如{first}所说,这是事实。”")),
                    ];
                    if said_level != Level::Office {
                        not.push(Example {
                            fields: vec![
                                (Field::Text, format!("\"This is a fact,\" {name} said.")),
                                (Field::Speaker, "Li Ming".to_string()),
                            ],
                        });
                    }
                    not
                },
                lists: {
                    let mut uses = vec![ListUse {
                        list: ATTRIBUTION_LIST.to_string(),
                        slot: TermSlot::Requires(0),
                        terms: attribution.clone(),
                    }];
                    if cited {
                        uses.push(ListUse {
                            list: CITED_OCCASION_LIST.to_string(),
                            slot: TermSlot::Excludes,
                            terms: cited_occasion.clone(),
                        });
                    }
                    uses
                },
                written: Some(Box::new(WrittenTerms {
                    phrases: phrases.clone(),
                    requires: vec![vec![TermList::reference(ATTRIBUTION_LIST)]],
                    excludes: if cited {
                        vec![TermList::reference(CITED_OCCASION_LIST)]
                    } else {
                        Vec::new()
                    },
                })),
                attribution: Some(crate::rules::Attribution {
                    only_unnamed: said_level != Level::Office,
                }),
                path: loc.path.to_path_buf(),
                line,
            });
        }
    }
    Some((speaker, rules))
}

/// Whether the name at `name` (a byte range of the normalised `text`) is the one who speaks the word of attribution at
/// `verb`, not someone named near it in another clause: the two must stand in one sentence (no full stop,
/// semicolon, question or exclamation mark between them), and a Chinese verb (表示, 指出, 强调) follows its
/// speaker, as Chinese puts the subject first: in "会议强调，当前国际形势变化，商务部要会同各地" the meeting stresses
/// and the ministry is the subject of a later clause. A comma or a colon may stand between a speaker and
/// its verb (商务部当天否认，并强调; 发言人：首先通报). An English verb may stand on either
/// side ("Wang Yi said", "said Wang Yi"), and so may 发言人, the office, not a verb (发言人华春莹). Session 54.
pub(crate) fn names_the_speaker_of(text: &str, name: (usize, usize), verb: (usize, usize)) -> bool {
    why_not_the_speaker_of(text, name, verb).is_none()
}

/// Why the name at `name` is not the speaker of the word of attribution at `verb` (see
/// [`names_the_speaker_of`]), or `None` when it is. `explain` reports it for an attribution rule whose name
/// and verb stand near enough but do not belong together.
pub(crate) fn why_not_the_speaker_of(
    text: &str,
    name: (usize, usize),
    verb: (usize, usize),
) -> Option<NotTheSpeaker> {
    if name.0 < verb.1 && verb.0 < name.1 {
        return None; // the word is part of the name (外交部发言人)
    }
    let word = text.get(verb.0..verb.1).unwrap_or("");
    // 发言人 is the office, not a verb: it stands before the name (发言人华春莹).
    let cjk_verb = word.chars().next().is_some_and(crate::text::is_han) && !word.ends_with('人');
    if cjk_verb && name.0 > verb.0 {
        return Some(NotTheSpeaker::VerbBeforeName);
    }
    let (lo, hi) = if name.1 <= verb.0 {
        (name.1, verb.0)
    } else {
        (verb.1.min(name.0), name.0)
    };
    let between = text.get(lo..hi)?;
    let one_sentence = between.chars().all(|c| {
        !(matches!(c, '。' | '；' | '！' | '？' | ';' | '!' | '?') || c == '.' && !cjk_verb)
    });
    (!one_sentence).then_some(NotTheSpeaker::AnotherSentence)
}

/// Why a name near a word of attribution is not its speaker ([`why_not_the_speaker_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotTheSpeaker {
    /// A sentence ends between the name and the verb (a full stop, semicolon, question or exclamation mark).
    AnotherSentence,
    /// A Chinese verb stands before the name: Chinese puts the subject first, so the name is in a later clause.
    VerbBeforeName,
}

#[cfg(test)]
mod tests {
    use crate::classify::classify;
    use crate::model::{Audience, Level, Statement};
    use crate::rules::{RuleSet, SourceFile};

    /// One built-in vocabulary of the who's-who (`attribution`, `not-own-voice`), cut from rules/speakers.toml,
    /// so that a test's own speakers are compiled as the built-in ones are.
    fn builtin_list(id: &str) -> String {
        let all = include_str!("../../rules/speakers.toml");
        let start = all.find(&format!("[[list]]\nid = \"{id}\"")).unwrap();
        let end = start + 8 + all[start + 8..].find("\n[[").unwrap();
        all[start..end].to_string()
    }

    /// Speakers with both vocabularies (an English-language office needs both).
    fn load(text: &str) -> Result<RuleSet, Vec<String>> {
        load_with(
            text,
            &(builtin_list("attribution") + "\n" + &builtin_list("not-own-voice")),
        )
    }

    /// Speakers with the attribution words only (people and organs, no English-language office).
    fn load_people(text: &str) -> Result<RuleSet, Vec<String>> {
        load_with(text, &builtin_list("attribution"))
    }

    fn load_with(text: &str, lists: &str) -> Result<RuleSet, Vec<String>> {
        RuleSet::from_files(vec![
            SourceFile {
                path: "speakers.toml".into(),
                text: text.into(),
            },
            SourceFile {
                path: "lists.toml".into(),
                text: lists.into(),
            },
        ])
        .map_err(|e| match e {
            crate::error::Error::Rules { problems } => problems
                .iter()
                .map(|p| {
                    format!(
                        "{}:{} {}",
                        p.line.unwrap_or(0),
                        p.column.unwrap_or(0),
                        p.message
                    )
                })
                .collect(),
            other => vec![other.to_string()],
        })
    }

    #[test]
    fn a_speaker_becomes_rules_that_respect_its_dates() {
        let set = load_people(
            r#"
[[speaker]]
id = "zhao"
en = ["Zhao Lijian"]
zh = ["赵立坚"]
zh_hant = ["趙立堅"]
pinyin = ["Zhao Lijian"]
offices = [{ office = "spokesperson", voice = "external", level = "office", from = "2020-02", to = "2023-01" }]
"#,
        )
        .unwrap();
        let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["spk.zhao", "spk.zhao.said"]);
        assert!(set.speakers[0].is_named("趙立堅"));
        assert!(!set.speakers[0].is_named("Zhao"));
        let mut s = set.rules[0].must_match[0].to_statement("x");
        s.speaker = "趙立堅".into();
        s.date = "2021-05-03".into();
        assert_eq!(classify(&set, &s).fired_ids(), ["spk.zhao"]);
        s.date = "2024".into();
        assert!(classify(&set, &s).fired.is_empty());
    }

    #[test]
    fn an_attribution_in_the_text_outranks_the_relay_but_not_a_named_speaker_or_a_quotation() {
        let set = load_people(
            r#"
[[speaker]]
id = "wang-yi"
en = ["Wang Yi"]
zh = ["王毅"]
pinyin = ["Wang Yi"]
offices = [{ office = "Foreign Minister", voice = "external", level = "speaker" }]

[[speaker]]
id = "xinhua"
kind = "outlet"
en = ["Xinhua"]
zh = ["新华社"]
pinyin = ["Xinhua"]
offices = [{ office = "domestic wire service", voice = "internal", level = "relay" }]
"#,
        )
        .unwrap();
        // Every statement comes through Xinhua, a relay; `speaker` is the metadata's speaker.
        let classify = |speaker: &str, text: &str| {
            let statement = Statement {
                speaker: speaker.into(),
                venue: "Xinhua".into(),
                ..Statement::new("x", text)
            };
            classify(&set, &statement)
        };
        // Only an outlet in the metadata: the person the text attributes the words to decides, above the relay.
        let c = classify(
            "",
            "Decoupling leads to self-isolation, Foreign Minister Wang Yi said.",
        );
        assert_eq!(c.audience, Audience::External);
        assert_eq!(c.audience_level, Some(Level::Speaker));
        assert!(c.fired_ids().contains(&"spk.wang-yi.said"));
        // Someone else quoting him: the relay decides.
        let c = classify(
            "",
            r#"Li said: "As Wang Yi said, decoupling leads to self-isolation.""#,
        );
        assert_eq!(c.audience, Audience::Internal);
        assert!(!c.fired_ids().contains(&"spk.wang-yi.said"));
        // A speaker named in the metadata speaks for the statement; the attribution does not count.
        let c = classify(
            "Li Ming",
            "Decoupling leads to self-isolation, Wang Yi said.",
        );
        assert!(!c.fired_ids().contains(&"spk.wang-yi.said"));
    }

    #[test]
    fn a_chinese_attribution_is_the_speakers_who_comes_before_the_verb_in_the_same_sentence() {
        let set = load_people(
            r#"
[[speaker]]
id = "mofcom"
kind = "organ"
en = ["Ministry of Commerce"]
zh = ["商务部"]
offices = [{ office = "ministry", voice = "external", level = "speaker" }]
"#,
        )
        .unwrap();
        let fired = |text: &str| {
            classify(&set, &Statement::new("x", text))
                .fired_ids()
                .contains(&"spk.mofcom.said")
        };
        // The ministry is the subject of the verb, also with a comma or a colon between.
        assert!(fired("商务部新闻发言人19日表示,中方坚决反对。"));
        assert!(fired("商务部今天否认,并强调中方坚决反对。"));
        // The meeting points out; the ministry is the subject of a later clause.
        assert!(!fired("会议指出,当前形势复杂,商务部会同各部门完善体系。"));
        // A sentence ends between the ministry and the verb.
        assert!(!fired("商务部召开会议。王明指出,要稳外贸。"));
        // In English the verb may come first; a full stop still parts them.
        assert!(fired("Exports will grow, said the Ministry of Commerce."));
        assert!(!fired("He met the Ministry of Commerce. Li said it."));
    }

    /// The byte spans of the first `name` and the first `verb` in `text`, as the speaker-of-a-verb functions take them.
    fn spans_of(text: &str, name: &str, verb: &str) -> ((usize, usize), (usize, usize)) {
        let n = text.find(name).unwrap();
        let v = text.find(verb).unwrap();
        ((n, n + name.len()), (v, v + verb.len()))
    }

    #[test]
    fn the_speaker_of_a_verb_is_read_from_the_order_and_the_sentence() {
        use super::names_the_speaker_of;
        let names_speaker = |text: &str, name: &str, verb: &str| {
            let (name_span, verb_span) = spans_of(text, name, verb);
            names_the_speaker_of(text, name_span, verb_span)
        };
        assert!(names_speaker("华春莹表示,这是事实。", "华春莹", "表示"));
        assert!(!names_speaker(
            "会议指出,商务部会同各部门。",
            "商务部",
            "指出"
        ));
        // 发言人 is the office before the name, not a verb.
        assert!(names_speaker("外交部发言人华春莹", "华春莹", "发言人"));
        assert!(names_speaker(
            "\"It is a fact,\" said Wang Yi.",
            "Wang Yi",
            "said"
        ));
        assert!(!names_speaker(
            "Wang Yi left. Li said so.",
            "Wang Yi",
            "said"
        ));
    }

    #[test]
    fn why_a_name_is_not_the_speaker_is_told() {
        use super::{why_not_the_speaker_of, NotTheSpeaker};
        let reason_not_speaker = |text: &str, name: &str, verb: &str| {
            let (name_span, verb_span) = spans_of(text, name, verb);
            why_not_the_speaker_of(text, name_span, verb_span)
        };
        assert_eq!(
            reason_not_speaker("华春莹表示,这是事实。", "华春莹", "表示"),
            None
        );
        assert_eq!(
            reason_not_speaker("会议指出,商务部会同各部门。", "商务部", "指出"),
            Some(NotTheSpeaker::VerbBeforeName)
        );
        assert_eq!(
            reason_not_speaker("商务部召开会议。王明指出,要稳外贸。", "商务部", "指出"),
            Some(NotTheSpeaker::AnotherSentence)
        );
        assert_eq!(
            reason_not_speaker("Wang Yi left. Li said so.", "Wang Yi", "said"),
            Some(NotTheSpeaker::AnotherSentence)
        );
    }

    #[test]
    fn an_english_service_speaks_for_its_own_english_words_only() {
        let set = load(
            r#"
[[speaker]]
id = "xinhua"
kind = "outlet"
en = ["Xinhua"]
zh = ["新华社"]
offices = [
  { office = "home service", voice = "internal", level = "relay" },
  { office = "English-language service", voice = "external", level = "relay", lang = "en", weight = 3 },
]

[[speaker]]
id = "mss"
kind = "organ"
en = ["Ministry of State Security"]
zh = ["国家安全部"]
offices = [{ office = "security ministry", voice = "internal", level = "speaker" }]
"#,
        )
        .unwrap();
        let classify = |venue: &str, text: &str| {
            let statement = Statement {
                venue: venue.into(),
                ..Statement::new("x", text)
            };
            classify(&set, &statement)
        };
        // The outlet's own English words: the English service outweighs the home service at the relay level.
        let c = classify("Xinhua feature", "China's private firms are growing fast.");
        assert_eq!(c.audience, Audience::External);
        assert_eq!(c.audience_level, Some(Level::Relay));
        // Chinese text, an English translation of a Chinese original, or someone else's words: the home service.
        for (venue, text) in [
            ("新华社", "民营企业发展迅速。"),
            (
                "Xinhua report (DigiChina translation)",
                "China's private firms are growing fast.",
            ),
            (
                "Xinhua",
                "China's private firms are growing fast, the official said.",
            ),
            (
                "Xinhua",
                "The report informs that private firms are growing fast.",
            ),
            (
                "Xinhua",
                "Xi made the remarks on Wednesday in a letter replying to young scholars.",
            ),
            (
                "Xinhua",
                "The Party Central Committee with Comrade Xi Jinping at its core has focused on innovation.",
            ),
        ] {
            let c = classify(venue, text);
            assert_eq!(c.audience, Audience::Internal, "{venue}: {text}");
            assert!(!c.fired_ids().contains(&"spk.xinhua.2"), "{venue}: {text}");
        }
        // An organ the text names with a word of attribution outranks the relay, like a person.
        let c = classify(
            "Xinhua",
            "China's Ministry of State Security on Saturday posted a short film on spies.",
        );
        assert!(c.fired_ids().contains(&"spk.mss.said"));
        assert_eq!(c.audience_level, Some(Level::Speaker));
    }

    #[test]
    fn an_outlet_named_as_a_relay_is_no_venue() {
        // One outlet, loaded with the relay list, with a shorter list, and with none.
        const PLA_DAILY: &str = r#"
[[speaker]]
id = "pla-press"
kind = "outlet"
en = ["PLA Daily"]
zh = ["解放军报"]
offices = [{ office = "the PLA's own paper", voice = "internal", level = "venue" }]
"#;
        let set = load_with(PLA_DAILY, &builtin_list("relayed-by")).unwrap();
        let venue = |v: &str| {
            let statement = Statement {
                venue: v.into(),
                ..Statement::new("x", "Rumor mongers will fail.")
            };
            classify(&set, &statement)
                .fired_ids()
                .contains(&"spk.pla-press")
        };
        assert!(venue("PLA Daily commentary"));
        assert!(!venue("China Daily (via PLA Daily)"));
        // The relay words are the list's: without "via" among them, the venue holds again.
        let fewer = load_with(
            PLA_DAILY,
            &builtin_list("relayed-by").replace("\"via\", ", ""),
        )
        .unwrap();
        let statement = Statement {
            venue: "China Daily (via PLA Daily)".into(),
            ..Statement::new("x", "Rumor mongers will fail.")
        };
        assert!(classify(&fewer, &statement)
            .fired_ids()
            .contains(&"spk.pla-press"));
        // And without the list, such an outlet is refused.
        let problems = load_with(PLA_DAILY, "").unwrap_err().join("\n");
        assert!(
            problems.contains("needs the term list `@relayed-by`"),
            "{problems}"
        );
    }

    #[test]
    fn the_reach_of_an_attribution_is_the_lists_within() {
        let person = r#"
[[speaker]]
id = "wang-wenbin"
en = ["Wang Wenbin"]
zh = ["汪文斌"]
offices = [{ office = "Foreign Ministry spokesperson", voice = "external", level = "office" }]
"#;
        // "said" stands 20 characters after the end of the name.
        let text = "Wang Wenbin, the spokesman of the ministry, said it was a fact.";
        let fires = |set: &RuleSet| {
            classify(set, &Statement::new("x", text))
                .fired_ids()
                .contains(&"spk.wang-wenbin.said")
        };
        let set = load_people(person).unwrap();
        assert_eq!(set.rule("spk.wang-wenbin.said").unwrap().within, Some(14));
        assert!(set
            .rule("spk.wang-wenbin.said")
            .unwrap()
            .summary
            .contains("within 14 characters"));
        let far = load_with(
            person,
            &builtin_list("attribution")
                .replace("within = 14", "within = 40")
                .replace("\"spokesperson\", \"spokesman\", ", ""),
        )
        .unwrap();
        assert_eq!(far.rule("spk.wang-wenbin.said").unwrap().within, Some(40));
        assert!(fires(&far));
        let near = load_with(
            person,
            &builtin_list("attribution").replace("\"spokesperson\", \"spokesman\", ", ""),
        )
        .unwrap();
        assert!(!fires(&near));
        // No reach, a reach out of range, or a reach on another list: refused by `rules check`.
        let none = load_with(
            person,
            &builtin_list("attribution").replace("within = 14\n", ""),
        )
        .unwrap_err()
        .join("\n");
        assert!(
            none.contains("needs `within` on the term list `@attribution`"),
            "{none}"
        );
        let zero = load_with(
            person,
            &builtin_list("attribution").replace("within = 14", "within = 0"),
        )
        .unwrap_err()
        .join("\n");
        assert!(zero.contains("`within` must be at least 1"), "{zero}");
        let other = load_with(
            person,
            &(builtin_list("attribution")
                + "\n"
                + &builtin_list("relayed-by").replace("\nterms =", "\nwithin = 5\nterms =")),
        )
        .unwrap_err()
        .join("\n");
        assert!(other.contains("`within` is read only on"), "{other}");
    }

    #[test]
    fn an_unknown_lang_or_weight_of_an_office_is_refused() {
        let problems = load_with(
            r#"
[[speaker]]
id = "odd"
kind = "outlet"
en = ["Odd Daily"]
zh = ["奇报"]
offices = [{ office = "x", voice = "external", level = "relay", lang = "fr", weight = 12 }]
"#,
            "",
        )
        .unwrap_err();
        let all = problems.join("\n");
        assert!(all.contains("unknown lang `fr`"), "{all}");
        assert!(
            all.contains("weight must be above 0 and at most 10"),
            "{all}"
        );
    }

    #[test]
    fn every_problem_of_a_speaker_is_reported_with_its_place() {
        let problems = load_with(
            r#"
[[speaker]]
id = "bad"
en = ["Bad"]
zh = ["华春莹"]
zh_hant = ["華春明"]
pinyin = ["Huá"]
offices = [{ office = "x", voice = "outside", level = "top", from = "2020-13-01", to = "2019" }]
"#,
            "",
        )
        .unwrap_err();
        let all = problems.join("\n");
        assert!(
            all.contains("traditional form `華春明` folds to `华春明`"),
            "{all}"
        );
        assert!(all.contains("pinyin form `Huá`"), "{all}");
        assert!(all.contains("unknown voice `outside`"), "{all}");
        assert!(all.contains("unknown level `top`"), "{all}");
        assert!(
            all.contains("date `2020-13-01`") || all.contains("ends (2019) before"),
            "{all}"
        );
        assert!(problems.iter().all(|p| !p.starts_with("0:")), "{all}");
    }

    /// The English-language office's vetoes and the attribution words, as they were constants in this file
    /// until session 43 (`NOT_OWN_VOICE` and `ATTRIBUTION`): the built-in lists must compile every generated
    /// rule exactly as the constants did, so that moving them into rules/speakers.toml changed no behaviour.
    const SESSION_42_NOT_OWN_VOICE: &[&str] = &[
        "translat*",
        "译",
        "according to",
        "inspection",
        "inspected",
        "informs",
        "informed",
        "highlighted",
        "highlights",
        "underlined",
        "underscored",
        "reiterated",
        "the report",
        "the article",
        "the commentary",
        "the editorial",
        "made the remarks",
        "in a letter",
        "comrade",
        "at its core",
    ];
    /// And the relay words of an outlet at the venue level and the reach of an attribution, constants here until
    /// session 44 (`RELAYED_BY`, `ATTRIBUTION_WITHIN`).
    const SESSION_43_RELAYED_BY: &[&str] = &[
        "via",
        "reported by",
        "relayed by",
        "carried by",
        "quoted by",
        "cited by",
    ];
    const SESSION_43_ATTRIBUTION_WITHIN: u32 = 14;
    const SESSION_42_ATTRIBUTION: &[&str] = &[
        "said",
        "says",
        "stated",
        "told",
        "noted",
        "added",
        "stressed",
        "remarked",
        "pointed out",
        "emphasized",
        "emphasised",
        "responded",
        "replied",
        "answered",
        "urged",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "表示",
        "说",
        "指出",
        "强调",
        "称",
        "回应",
        "答",
        "介绍",
        "发言人",
        "表明",
        "posted",
        "warned",
        "announced",
        "issued",
        "released",
        "called on",
        "calling on",
        "called for",
        "calling for",
        "noting",
        "suggested",
        "proposed",
        "ordered",
        "instructed",
        "has required",
        "have required",
        "points out",
        "发布",
        "提醒",
        "通报",
        "公布",
    ];
    /// The attribution words added since (session 45: to reiterate and to rebut), appended to the list.
    const SESSION_45_ATTRIBUTION_ADDED: &[&str] =
        &["重申", "驳斥", "reiterated", "reiterates", "rebutted"];
    /// Session 56 (aud56b): an outlet that "quoted X as saying" relays X's words, appended after session 45's.
    const SESSION_56_ATTRIBUTION_ADDED: &[&str] = &["as saying"];

    #[test]
    fn the_built_in_lists_compile_the_speakers_as_the_session_42_constants_did() {
        let set = RuleSet::builtin().unwrap();
        let norm = |l: &[&str]| -> Vec<String> {
            l.iter().map(|t| crate::text::normalize_term(t)).collect()
        };
        let attribution: Vec<String> = norm(SESSION_42_ATTRIBUTION)
            .into_iter()
            .chain(norm(SESSION_45_ATTRIBUTION_ADDED))
            .chain(norm(SESSION_56_ATTRIBUTION_ADDED))
            .collect();
        let vetoes: Vec<String> = norm(SESSION_42_NOT_OWN_VOICE)
            .into_iter()
            .chain(attribution.clone())
            .collect();
        let relayed_by = norm(SESSION_43_RELAYED_BY);
        let (mut english, mut said, mut venue) = (0, 0, 0);
        for r in set.rules.iter().filter(|r| r.id.starts_with("spk.")) {
            if r.id.ends_with(".said") {
                said += 1;
                assert_eq!(r.requires, vec![attribution.clone()], "{}", r.id);
                assert_eq!(r.within, Some(SESSION_43_ATTRIBUTION_WITHIN), "{}", r.id);
            } else if r.lang == Some(crate::model::Lang::En) {
                english += 1;
                assert_eq!(r.excludes, vetoes, "{}", r.id);
                assert_eq!(r.list_of("comrade"), Some("not-own-voice"), "{}", r.id);
            } else if r.level == Some(Level::Venue)
                && r.fields.contains(&crate::model::Field::Venue)
            {
                venue += 1;
                assert_eq!(r.excludes, relayed_by, "{}", r.id);
                assert_eq!(r.list_of("via"), Some("relayed-by"), "{}", r.id);
            } else {
                // Only an office's own vetoes (`excludes`, session 61), written out as the file writes them.
                assert!(
                    r.excludes.is_empty()
                        || r.written.as_ref().is_some_and(|w| !w.excludes.is_empty()),
                    "{}",
                    r.id
                );
            }
        }
        assert!(
            english >= 5 && said >= 50 && venue >= 3,
            "{english} English offices, {said} .said rules, {venue} venue outlets"
        );
        let list = set.list("@not-own-voice").unwrap();
        assert!(
            list.used_by.iter().any(|r| r == "spk.xinhua.2"),
            "{:?}",
            list.used_by
        );
    }

    #[test]
    fn an_offices_own_veto_and_a_past_occasion_cited_stop_the_speakers_rules() {
        let lists = builtin_list("attribution")
            + r#"
[[list]]
id = "cited-occasion"
summary = "A past occasion cited."
terms = ["years ago", "as early as"]

[[list]]
id = "institute"
summary = "A body under the ministry."
terms = ["研究院"]
"#;
        let speakers = r#"
[[speaker]]
id = "mfa"
kind = "organ"
en = ["Foreign Ministry"]
zh = ["外交部"]
offices = [{ office = "the ministry", voice = "external", level = "office", excludes = ["@institute", "直属"] }]

[[speaker]]
id = "xi"
en = ["Xi Jinping"]
zh = ["习近平"]
offices = [{ office = "leader", voice = "internal", level = "speaker" }]
"#;
        let set = load_with(speakers, &lists).unwrap();
        let fired = |s: &Statement| -> Vec<String> {
            classify(&set, s)
                .fired
                .into_iter()
                .map(|f| f.rule)
                .collect()
        };
        let ministry = Statement {
            role: "外交部发言人".into(),
            ..Statement::new("a", "这是事实。")
        };
        assert_eq!(fired(&ministry), ["spk.mfa"]);
        let institute = Statement {
            role: "外交部直屬研究機構".into(),
            ..Statement::new("b", "这是事实。")
        };
        assert!(fired(&institute).is_empty());
        // The speaker-level attribution holds, and not where the text cites a past occasion.
        let said = Statement::new("c", "Xi Jinping said the initiative is open.");
        assert_eq!(fired(&said), ["spk.xi.said"]);
        let cited = Statement::new("d", "Five years ago, Xi Jinping proposed the initiative.");
        assert!(fired(&cited).is_empty());
        // The office-level attribution is not vetoed by a past occasion.
        let office = Statement::new(
            "e",
            "Five years ago, the Foreign Ministry said it was open.",
        );
        assert_eq!(fired(&office), ["spk.mfa.said"]);
        let xi = set.rules.iter().find(|r| r.id == "spk.xi.said").unwrap();
        assert_eq!(xi.list_of("years ago"), Some("cited-occasion"));
        let mfa = set.rules.iter().find(|r| r.id == "spk.mfa").unwrap();
        assert_eq!(mfa.list_of("研究院"), Some("institute"));
        // An office's veto naming no list is refused at its place.
        let problems = load_with(&speakers.replace("@institute", "@institut"), &lists).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("7:") && p.contains("institut")),
            "{problems:?}"
        );
    }

    #[test]
    fn the_lists_decide_a_change_to_them_changes_the_speakers() {
        let outlet = r#"
[[speaker]]
id = "xinhua"
kind = "outlet"
en = ["Xinhua"]
zh = ["新华社"]
offices = [
  { office = "home service", voice = "internal", level = "relay" },
  { office = "English-language service", voice = "external", level = "relay", lang = "en", weight = 3 },
]
"#;
        let audience = |set: &RuleSet| {
            let statement = Statement {
                venue: "Xinhua".into(),
                ..Statement::new(
                    "x",
                    "The Party with Comrade Xi Jinping at its core leads innovation.",
                )
            };
            classify(set, &statement).audience
        };
        assert_eq!(audience(&load(outlet).unwrap()), Audience::Internal);
        // Without the Party's formula among the vetoes, the English service speaks for the text.
        let lists = builtin_list("attribution")
            + "\n"
            + &builtin_list("not-own-voice").replace("\"comrade\", \"at its core\",", "");
        assert_eq!(
            audience(&load_with(outlet, &lists).unwrap()),
            Audience::External
        );
        // Without the list at all, the speaker is refused, once, at its place.
        let problems = load_with(
            &(outlet.to_string() + outlet.replace("xinhua", "xinhua-2").as_str()),
            &builtin_list("attribution"),
        )
        .unwrap_err();
        let missing: Vec<&String> = problems
            .iter()
            .filter(|p| p.contains("needs the term list `@not-own-voice`"))
            .collect();
        assert_eq!(missing.len(), 1, "{problems:?}");
        assert!(missing[0].starts_with("3:6 "), "{problems:?}");
    }
}
