//! Builds a "two voices" report in the Brookings layout: per theme, every external and every internal
//! statement of the theme, grouped by the opposition frame they take, paired rows first and the unpaired
//! quotes after them in their own column, each quote once, with numbered endnotes; plain data for the
//! Markdown, HTML, JSON and CSV renderers.
//!
//! Grouping. A paired row goes to the strongest frame that fired on the pair; an unpaired quote to the
//! strongest frame whose stance on its own side it takes (among the frames of the theme); a quote with
//! neither goes to the last group, "other". Groups follow the order of the frame files.
//!
//! Once per report. A statement the rules put in several themes is printed once: in the section where it
//! is paired (pairs of all themes are taken best first; a pair whose statement another, better pair has
//! already placed is not shown), else in the section of its strongest theme (the summed weights of the
//! theme rules that fired on it), else in the first section that has it.
//!
//! Cutting. With a limit of `N` quotes per theme, the pairs come first (best first, two quotes each), then
//! the unpaired quotes that take a frame, then the others, external and internal in turn; what does not
//! fit is counted per side in [`Section::left_out`] and never silently dropped.

use crate::error::Result;
use crate::index::StatementIndex;
use crate::model::{Audience, Indexed, Lang, Side, Theme};
use crate::pair::{self, PairOptions, Reason, ThemeContrast};
use crate::rules::RuleSet;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The report's title.
pub const TITLE: &str = "Two voices: what is said abroad and what is said at home";

/// The endnote that repeats the one before.
pub const IBID: &str = "Ibid.";

/// How a report is built.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportOptions {
    /// At most this many quotes per theme (`None`: all of them).
    pub max_per_theme: Option<usize>,
    /// How pairs are chosen (`pairs` is ignored: a report lists every pair of the assignment).
    pub pairing: PairOptions,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions {
            max_per_theme: Some(DEFAULT_MAX_PER_THEME),
            pairing: PairOptions::default(),
        }
    }
}

/// The default limit of quotes per theme: a section of about twenty rows stays readable as one table;
/// the 27 Brookings quotes (at most eight per theme) are never cut.
pub const DEFAULT_MAX_PER_THEME: usize = 40;

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Report title.
    pub title: String,
    /// One section per theme.
    pub sections: Vec<Section>,
    /// Every source, numbered in reading order: one per printed quote.
    pub endnotes: Vec<Endnote>,
}

/// Everything a theme's section shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The theme.
    pub theme: Theme,
    /// Section heading.
    pub heading: String,
    /// External statements of the theme in the index.
    pub external_count: usize,
    /// Internal statements of the theme in the index.
    pub internal_count: usize,
    /// Pairs of the theme's assignment placed in this section (before any cut; a pair whose statement a
    /// better pair of another theme placed is not among them).
    pub pairs: usize,
    /// The quotes by frame: frames in file order, then the statements no frame fits.
    pub groups: Vec<Group>,
    /// Quotes not shown because of the per-theme limit.
    pub left_out: LeftOut,
}

/// How many statements of a theme a limit left out, per side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// External statements not shown.
    pub external: usize,
    /// Internal statements not shown.
    pub internal: usize,
}

impl LeftOut {
    /// True when nothing was left out.
    pub fn is_empty(&self) -> bool {
        self.external == 0 && self.internal == 0
    }
}

/// The quotes of a section under one frame (or under none: the "other" group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The frame's id; `None` for the statements no frame fits.
    pub frame: Option<String>,
    /// The frame's one-line summary (empty for the other group).
    pub summary: String,
    /// The frame's caveat for readers, if any.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Paired rows (best first), then unpaired external, then unpaired internal quotes.
    pub rows: Vec<Row>,
}

/// A row of the two-column table: a pair, or one unpaired quote in its own column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The external quote, if the row has one.
    pub external: Option<Quote>,
    /// The internal quote, if the row has one.
    pub internal: Option<Quote>,
    /// Pair score in `[0, 1]` (paired rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Why the two are paired (paired rows only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
}

impl Row {
    /// True when the row sets an external quote against an internal one.
    pub fn is_pair(&self) -> bool {
        self.external.is_some() && self.internal.is_some()
    }

    /// The row's quotes in reading order (external first).
    pub fn quotes(&self) -> impl Iterator<Item = &Quote> {
        self.external.iter().chain(self.internal.iter())
    }
}

/// A quoted statement: the words as said, who said them, and its endnote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// Statement id.
    pub id: String,
    /// Which voice.
    pub audience: Audience,
    /// The language of the words as a BCP 47 tag: `en`, `zh-Hans` or `zh-Hant`.
    pub lang: String,
    /// The words, verbatim (a Chinese quote in Chinese).
    pub text: String,
    /// A translation given with the statement, shown beside a Chinese original.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    /// Who said it, in what role (venue and date are in the endnote).
    pub speaker: String,
    /// Endnote number.
    pub note: usize,
    /// True when no audience rule fired and the audience is only the default.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub default_audience: bool,
    /// True when no audience rule fired and the audience word model decided the audience.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub model_audience: bool,
}

/// A numbered source: where and when, and the source itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endnote {
    /// Its number.
    pub number: usize,
    /// The id of the statement it cites.
    pub id: String,
    /// Venue and date (`Regular press conference, July 15, 2020`) unless the source names them (then empty);
    /// `Ibid.` when the note cites the same as the note before.
    pub text: String,
    /// The statement's source (URL or citation), when it has one and is not `Ibid.`.
    pub source: Option<String>,
}

/// The heading of a theme's section.
pub fn heading(theme: Theme) -> &'static str {
    match theme {
        Theme::Ambition => "AMBITION: A “CYBER GREAT POWER”",
        Theme::Indigenization => {
            "INDIGENIZATION: OPEN MARKETS OUTSIDE, DEPENDENCE AS A “HIDDEN DANGER” INSIDE"
        }
        Theme::Security => "CYBER AND NETWORK SECURITY",
        Theme::Standards => "STANDARD-SETTING: COOPERATION OUTSIDE, “DISCOURSE POWER” INSIDE",
        Theme::MilitaryCivilFusion => "MILITARY-CIVIL FUSION",
    }
}

/// A `YYYY[-MM[-DD]]` date in words (`July 15, 2020`, `July 2020`, `2020`); other text as given.
pub fn human_date(date: &str) -> String {
    let parts: Vec<&str> = date.trim().split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| crate::date::MONTHS[m - 1])
    };
    match parts.as_slice() {
        [y, m, d] => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{m} {d}, {y}"),
            _ => date.to_string(),
        },
        [y, m] => month(m).map_or(date.to_string(), |m| format!("{m} {y}")),
        _ => date.trim().to_string(),
    }
}

/// Who said it, in what role: `Foreign Ministry Spokesperson Hua Chunying`; with neither speaker nor role,
/// the venue (an outlet's own voice: `People's Daily`); `Unattributed` when none is known.
pub fn speaker(rec: &Indexed) -> String {
    let s = &rec.statement;
    match (s.role.trim(), s.speaker.trim()) {
        ("", "") if !s.venue.trim().is_empty() => s.venue.trim().to_string(),
        ("", "") => "Unattributed".to_string(),
        (r, "") => r.to_string(),
        ("", p) => p.to_string(),
        (r, p) if r.contains(p) || words_within(p, r) => r.to_string(),
        (r, p) if p.contains(r) || words_within(r, p) => p.to_string(),
        (r, p) => format!("{r} {p}"),
    }
}

/// Every word of `a` is a word of `b` (case aside): a role and a speaker that say the same thing in another
/// order ("Embassy Spokesperson" within "Spokesperson of the Chinese Embassy in the UK") are said once.
fn words_within(a: &str, b: &str) -> bool {
    let words = |x: &str| -> Vec<String> {
        x.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    !a.is_empty() && a.iter().all(|w| b.contains(w))
}

/// Who said it, in what role, where and when: `Foreign Ministry Spokesperson Hua Chunying, Regular press
/// conference, July 15, 2020` (the one-line attribution of `contrast`).
pub fn attribution(rec: &Indexed) -> String {
    let s = &rec.statement;
    let who = speaker(rec);
    let parts: Vec<String> = [who.clone(), s.venue.trim().to_string(), human_date(&s.date)]
        .into_iter()
        .enumerate()
        .filter(|(k, p)| !p.is_empty() && p != "Unattributed" && !(*k == 1 && *p == who))
        .map(|(_, p)| p)
        .collect();
    if parts.is_empty() {
        "Unattributed".to_string()
    } else {
        parts.join(", ")
    }
}

/// The language tag of a statement's text: `en`, or `zh-Hans` / `zh-Hant` by its script (a text that
/// changes when converted to simplified characters is traditional).
pub fn lang_tag(rec: &Indexed) -> &'static str {
    match rec.statement.lang {
        Lang::En => "en",
        Lang::Zh if fast2s::convert(&rec.statement.text) != rec.statement.text => "zh-Hant",
        Lang::Zh => "zh-Hans",
    }
}

/// Where and when, without the speaker (who is in the text beside the quote), and without what the source
/// already says: a citation that names the venue or the date is not preceded by them again. Empty when the
/// source says it all.
fn endnote_text(rec: &Indexed) -> String {
    let s = &rec.statement;
    let source = s.source.to_lowercase();
    let date = human_date(&s.date);
    let said = |p: &str| !source.is_empty() && source.contains(&p.to_lowercase());
    let mut parts: Vec<String> = Vec::new();
    let venue = s.venue.trim();
    // Without speaker or role the venue stands beside the quote as its author already.
    let venue_is_author = s.speaker.trim().is_empty() && s.role.trim().is_empty();
    if !venue.is_empty() && !said(venue) && !venue_is_author {
        parts.push(venue.to_string());
    }
    if !date.is_empty() && !said(&date) && !said(s.date.trim()) {
        parts.push(date);
    }
    if parts.is_empty() && s.source.trim().is_empty() {
        format!("Statement {}", s.id)
    } else {
        parts.join(", ")
    }
}

/// Numbers quotes and collects their endnotes in reading order, so that every view that cites statements
/// (the report, the contrast tables) cites them alike: the speaker beside the quote, venue, date and source
/// in the note, `Ibid.` for a note that repeats the one before.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// The endnotes so far, numbered from 1.
    pub endnotes: Vec<Endnote>,
}

impl Notes {
    /// The quote of a statement, with a new endnote for it.
    pub fn cite(&mut self, rec: &Indexed) -> Quote {
        let number = self.endnotes.len() + 1;
        let text = endnote_text(rec);
        let source = Some(rec.statement.source.trim().to_string()).filter(|s| !s.is_empty());
        // `Ibid.` when the last full note cites the same place, date and source.
        let ibid = self
            .endnotes
            .iter()
            .rev()
            .find(|p| p.text != IBID)
            .is_some_and(|p| p.text == text && p.source == source);
        self.endnotes.push(Endnote {
            number,
            id: rec.statement.id.clone(),
            text: if ibid { IBID.into() } else { text },
            source: if ibid { None } else { source },
        });
        Quote {
            id: rec.statement.id.clone(),
            audience: rec.audience,
            lang: lang_tag(rec).to_string(),
            text: rec.statement.text.clone(),
            translation: rec.statement.translation.clone(),
            speaker: speaker(rec),
            note: number,
            default_audience: rec.audience_basis == crate::model::Basis::Default,
            model_audience: rec.audience_basis == crate::model::Basis::Model,
        }
    }
}

/// One theme's material: the assignment and every statement of the theme on each side.
#[derive(Debug, Clone)]
pub struct ThemeMaterial {
    /// The pairs of the theme (all of them: the report cuts, not the pairing).
    pub contrast: ThemeContrast,
    /// Every external statement of the theme.
    pub external: Vec<Indexed>,
    /// Every internal statement of the theme.
    pub internal: Vec<Indexed>,
}

/// Reads a theme's material from the index: its statements on both sides and their assignment.
pub fn material(
    index: &StatementIndex,
    rules: &RuleSet,
    theme: Theme,
    opts: &ReportOptions,
) -> Result<ThemeMaterial> {
    let pairing = PairOptions {
        pairs: None,
        show_weak: false,
        ..opts.pairing
    };
    let contrast = pair::contrast(index, rules, theme, None, &pairing)?;
    let records = |a| -> Result<Vec<Indexed>> {
        Ok(index
            .theme_records(theme, a, None)?
            .into_iter()
            .map(|(_, r)| r)
            .collect())
    };
    Ok(ThemeMaterial {
        contrast,
        external: records(Audience::External)?,
        internal: records(Audience::Internal)?,
    })
}

/// The report of some themes, read from the index in the order given.
pub fn build(
    index: &StatementIndex,
    rules: &RuleSet,
    themes: &[Theme],
    opts: &ReportOptions,
) -> Result<Report> {
    let material = themes
        .iter()
        .map(|&t| material(index, rules, t, opts))
        .collect::<Result<Vec<_>>>()?;
    Ok(Report::build(&material, rules, opts.max_per_theme))
}

/// The frame a statement is grouped under, as an index into `RuleSet::frames`.
type FrameIx = usize;

/// A quote or a pair chosen for a section, before numbering.
enum Item<'a> {
    Pair(&'a pair::Pair),
    Single(&'a Indexed),
}

/// Sort key of a statement: date, then id with its digits compared as numbers (`-9` before `-12`).
fn natural_key(rec: &Indexed) -> (String, Vec<(String, u64)>) {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut num: Option<u64> = None;
    for c in rec.statement.id.chars() {
        match c.to_digit(10) {
            Some(d) => num = Some(num.unwrap_or(0).saturating_mul(10).saturating_add(d as u64)),
            None => {
                if let Some(n) = num.take() {
                    parts.push((std::mem::take(&mut text), n));
                }
                text.push(c);
            }
        }
    }
    parts.push((text, num.unwrap_or(0)));
    (rec.statement.date.trim().to_string(), parts)
}

impl Report {
    /// The report of some themes' material, in their order, with at most `max_per_theme` quotes each.
    pub fn build(
        material: &[ThemeMaterial],
        rules: &RuleSet,
        max_per_theme: Option<usize>,
    ) -> Report {
        let place = Placement::new(material, rules);
        let mut notes = Notes::default();
        let sections = material
            .iter()
            .enumerate()
            .map(|(k, m)| section(k, m, rules, &place, max_per_theme, &mut notes))
            .collect();
        Report {
            title: TITLE.to_string(),
            sections,
            endnotes: notes.endnotes,
        }
    }

    /// Every quote of the report in reading order.
    pub fn quotes(&self) -> impl Iterator<Item = (&Section, &Quote)> {
        self.sections.iter().flat_map(|s| {
            s.groups
                .iter()
                .flat_map(|g| g.rows.iter())
                .flat_map(move |r| r.quotes().map(move |q| (s, q)))
        })
    }
}

/// The strongest of some frames (by weight, then file order).
fn strongest(rules: &RuleSet, frames: impl Iterator<Item = FrameIx>) -> Option<FrameIx> {
    frames.max_by(|&a, &b| {
        rules.frames[a]
            .weight
            .total_cmp(&rules.frames[b].weight)
            .then(b.cmp(&a))
    })
}

/// Where each statement of the report is printed: which pairs are shown, and the section of each
/// statement that is not in a shown pair.
struct Placement {
    /// For each section, the indices of its pairs that are shown.
    pairs: Vec<HashSet<usize>>,
    /// The section of each statement id.
    home: HashMap<String, usize>,
}

impl Placement {
    fn new(material: &[ThemeMaterial], rules: &RuleSet) -> Placement {
        let mut home: HashMap<String, usize> = HashMap::new();
        let mut pairs = vec![HashSet::new(); material.len()];
        let mut all: Vec<(f32, usize, usize)> = material
            .iter()
            .enumerate()
            .flat_map(|(k, m)| {
                m.contrast
                    .pairs
                    .iter()
                    .enumerate()
                    .map(move |(n, p)| (p.score, k, n))
            })
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, k, n) in all {
            let p = &material[k].contrast.pairs[n];
            let (e, i) = (&p.external.statement.id, &p.internal.statement.id);
            if !home.contains_key(e) && !home.contains_key(i) {
                home.insert(e.clone(), k);
                home.insert(i.clone(), k);
                pairs[k].insert(n);
            }
        }
        // The weight each theme rule gives its theme.
        let weight: HashMap<&str, (Theme, f32)> = rules
            .rules
            .iter()
            .filter_map(|r| match r.label {
                crate::rules::Label::Theme(t) => Some((r.id.as_str(), (t, r.weight))),
                _ => None,
            })
            .collect();
        for (k, m) in material.iter().enumerate() {
            for rec in m.external.iter().chain(&m.internal) {
                let id = &rec.statement.id;
                if home.contains_key(id) {
                    continue;
                }
                let strength = |t: Theme| -> f32 {
                    rec.rules
                        .iter()
                        .filter_map(|r| weight.get(r.as_str()))
                        .filter(|(theme, _)| *theme == t)
                        .map(|(_, w)| w)
                        .sum()
                };
                // The sections that have this statement, strongest theme first, report order on ties.
                let best = material
                    .iter()
                    .enumerate()
                    .skip(k)
                    .filter(|(_, o)| {
                        o.external
                            .iter()
                            .chain(&o.internal)
                            .any(|r| &r.statement.id == id)
                    })
                    .map(|(j, o)| (j, strength(o.contrast.theme)))
                    .fold(None, |best: Option<(usize, f32)>, (j, w)| match best {
                        Some((_, bw)) if bw >= w => best,
                        _ => Some((j, w)),
                    })
                    .map_or(k, |(j, _)| j);
                home.insert(id.clone(), best);
            }
        }
        Placement { pairs, home }
    }

    fn is_home(&self, id: &str, section: usize) -> bool {
        self.home.get(id) == Some(&section)
    }
}

fn section(
    here: usize,
    m: &ThemeMaterial,
    rules: &RuleSet,
    place: &Placement,
    max: Option<usize>,
    notes: &mut Notes,
) -> Section {
    let theme = m.contrast.theme;
    let frame_ix: HashMap<&str, FrameIx> = rules
        .frames
        .iter()
        .enumerate()
        .map(|(k, f)| (f.id.as_str(), k))
        .collect();
    // Pairs: grouped by the strongest frame that fired.
    let shown: Vec<&pair::Pair> = m
        .contrast
        .pairs
        .iter()
        .enumerate()
        .filter(|(n, _)| place.pairs[here].contains(n))
        .map(|(_, p)| p)
        .collect();
    let pairs: Vec<(Option<FrameIx>, &pair::Pair)> = shown
        .iter()
        .map(|&p| {
            let f = strongest(
                rules,
                p.frames
                    .iter()
                    .filter_map(|f| frame_ix.get(f.as_str()).copied()),
            );
            (f, p)
        })
        .collect();
    let paired: HashSet<&str> = shown
        .iter()
        .flat_map(|p| {
            [
                p.external.statement.id.as_str(),
                p.internal.statement.id.as_str(),
            ]
        })
        .collect();
    // Unpaired quotes: grouped by the strongest frame of the theme whose stance on their own side they take.
    let single = |rec: &Indexed, side: Side| -> Option<FrameIx> {
        strongest(
            rules,
            rec.stances
                .iter()
                .filter(|s| s.side == side)
                .filter_map(|s| frame_ix.get(s.frame.as_str()).copied())
                .filter(|&f| rules.frames[f].applies_to(theme)),
        )
    };
    let mut singles: [Vec<(Option<FrameIx>, &Indexed)>; 2] = [Vec::new(), Vec::new()];
    for (k, (recs, side)) in [(&m.external, Side::External), (&m.internal, Side::Internal)]
        .into_iter()
        .enumerate()
    {
        let mut seen = HashSet::new();
        let mut list: Vec<(Option<FrameIx>, &Indexed)> = recs
            .iter()
            .filter(|r| !paired.contains(r.statement.id.as_str()))
            .filter(|r| place.is_home(&r.statement.id, here))
            .filter(|r| seen.insert(r.statement.id.as_str()))
            .map(|r| (single(r, side), r))
            .collect();
        list.sort_by_cached_key(|(f, r)| (f.unwrap_or(usize::MAX), natural_key(r)));
        singles[k] = list;
    }
    // Choose what fits: pairs first, then framed singles, then the rest, the two sides in turn.
    let budget = max.unwrap_or(usize::MAX);
    let mut used = 0usize;
    let mut chosen: Vec<(Option<FrameIx>, Item)> = Vec::new();
    let mut left_out = LeftOut::default();
    for &(f, p) in &pairs {
        if used + 2 <= budget {
            used += 2;
            chosen.push((f, Item::Pair(p)));
        } else {
            left_out.external += 1;
            left_out.internal += 1;
        }
    }
    for framed in [true, false] {
        let mut queues: Vec<std::collections::VecDeque<&(Option<FrameIx>, &Indexed)>> = singles
            .iter()
            .map(|l| l.iter().filter(|(f, _)| f.is_some() == framed).collect())
            .collect();
        let mut turn = 0usize;
        while queues.iter().any(|q| !q.is_empty()) {
            let k = turn % 2;
            turn += 1;
            let Some(&(f, rec)) = queues[k].pop_front() else {
                continue;
            };
            if used < budget {
                used += 1;
                chosen.push((f, Item::Single(rec)));
            } else if k == 0 {
                left_out.external += 1;
            } else {
                left_out.internal += 1;
            }
        }
    }
    // Lay out: groups in frame order, "other" last; in a group, pairs best first, then external singles,
    // then internal ones (each list keeps the order it was chosen in).
    let mut order: Vec<Option<FrameIx>> = chosen.iter().map(|(f, _)| *f).collect();
    order.sort_by_key(|f| f.unwrap_or(usize::MAX));
    order.dedup();
    let mut groups = Vec::new();
    for f in order {
        let mine = || chosen.iter().filter(move |(g, _)| *g == f).map(|(_, i)| i);
        let mut rows = Vec::new();
        for item in mine() {
            if let Item::Pair(p) = item {
                let external = Some(notes.cite(&p.external));
                let internal = Some(notes.cite(&p.internal));
                rows.push(Row {
                    external,
                    internal,
                    score: Some(p.score),
                    reasons: p.reasons.clone(),
                });
            }
        }
        for audience in Audience::ALL {
            for item in mine() {
                if let Item::Single(rec) = item {
                    if rec.audience != audience {
                        continue;
                    }
                    let q = Some(notes.cite(rec));
                    let (external, internal) = match audience {
                        Audience::External => (q, None),
                        Audience::Internal => (None, q),
                    };
                    rows.push(Row {
                        external,
                        internal,
                        score: None,
                        reasons: Vec::new(),
                    });
                }
            }
        }
        let (frame, summary, note) = match f {
            Some(k) => {
                let fr = &rules.frames[k];
                (Some(fr.id.clone()), fr.summary.clone(), fr.note.clone())
            }
            None => (None, String::new(), String::new()),
        };
        groups.push(Group {
            frame,
            summary,
            note,
            rows,
        });
    }
    Section {
        theme,
        heading: heading(theme).to_string(),
        external_count: m.external.len(),
        internal_count: m.internal.len(),
        pairs: shown.len(),
        groups,
        left_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        assert_eq!(human_date("2020-07-15"), "July 15, 2020");
        assert_eq!(human_date("2011-12"), "December 2011");
        assert_eq!(human_date("2010"), "2010");
        assert_eq!(human_date("2020-13"), "2020-13");
    }

    #[test]
    fn a_role_and_a_speaker_in_the_same_words_are_one() {
        assert!(words_within(
            "Embassy Spokesperson",
            "Spokesperson of the Chinese Embassy in the UK"
        ));
        assert!(words_within(
            "Ministry",
            "Ministry of Industry and Information Technology (MIIT)"
        ));
        assert!(!words_within(
            "Foreign Ministry Spokesperson",
            "Hua Chunying"
        ));
        assert!(!words_within("", "Hua Chunying"));
        // Chinese has no spaces: a role inside the speaker is caught by containment, not by words.
        assert!(!words_within("商務部", "商務部發言人"));
    }
}
