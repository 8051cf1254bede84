//! How often each voice uses a phrase, year by year: uses per 1,000 statements and raw counts, every
//! form of the phrase (English and Chinese, when it is a known concept) counted together.

use crate::model::{Audience, Statement};
use crate::text::{normalize_term, on_word_boundaries, Normalized};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// The forms of a phrase, matched in normalised text (case folded, traditional folded to simplified,
/// dashes as spaces); Latin forms only on word boundaries, except that a form ending in `*` (as in the
/// concept lexicon) allows any ending.
#[derive(Debug, Clone)]
pub struct PhraseMatcher {
    forms: Vec<String>,
    any_ending: Vec<bool>,
    ac: AhoCorasick,
    norm: Normalized,
}

impl PhraseMatcher {
    /// A matcher of the given forms; empty or duplicate forms are dropped. `None` when no form is left.
    pub fn new<S: AsRef<str>>(forms: &[S]) -> Option<PhraseMatcher> {
        let mut norm: Vec<String> = Vec::new();
        let mut any_ending = Vec::new();
        for f in forms {
            let f = f.as_ref().trim();
            let (f, star) = match f.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (f, false),
            };
            let n = normalize_term(f);
            if !n.is_empty() && !norm.contains(&n) {
                norm.push(n);
                any_ending.push(star);
            }
        }
        if norm.is_empty() {
            return None;
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&norm)
            .ok()?;
        Some(PhraseMatcher {
            forms: norm,
            any_ending,
            ac,
            norm: Normalized::default(),
        })
    }

    /// The normalised forms matched (without the `*` of a form that allows any ending).
    pub fn forms(&self) -> &[String] {
        &self.forms
    }

    /// The forms as a reader should see them: normalised, with the `*` of a form that allows any
    /// ending kept ("technolog*", not the bare stem "technolog").
    pub fn shown_forms(&self) -> Vec<String> {
        self.forms
            .iter()
            .zip(&self.any_ending)
            .map(|(f, &star)| if star { format!("{f}*") } else { f.clone() })
            .collect()
    }

    /// How many times any form occurs in a text (non-overlapping).
    pub fn count(&mut self, text: &str) -> u64 {
        self.norm.set(text);
        let t = &self.norm.text;
        self.ac
            .find_iter(t)
            .filter(|m| {
                let check_end = !self.any_ending[m.pattern().as_usize()];
                on_word_boundaries(t, m.start(), m.end(), check_end)
            })
            .count() as u64
    }
}

/// One voice in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TrendCell {
    /// Statements of this voice in the period.
    pub statements: u64,
    /// Occurrences of the phrase in them.
    pub uses: u64,
    /// Statements that use the phrase at least once.
    pub statements_using: u64,
    /// Occurrences per 1,000 statements (0 when there is no statement).
    pub per_1000: f64,
}

/// One period and both voices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    /// The year, or `(undated)`, or `all`.
    pub period: String,
    /// The external voice.
    pub external: TrendCell,
    /// The internal voice.
    pub internal: TrendCell,
}

impl TrendPoint {
    /// The cell of one voice.
    pub fn voice(&self, a: Audience) -> &TrendCell {
        match a {
            Audience::External => &self.external,
            Audience::Internal => &self.internal,
        }
    }
}

/// A phrase's use by both voices over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The phrase as asked for.
    pub phrase: String,
    /// The concept the phrase was recognised as, if any.
    pub concept: Option<String>,
    /// Every form counted (normalised; a form that allows any ending keeps its `*`).
    pub forms: Vec<String>,
    /// One point per year, in order; undated statements last.
    pub points: Vec<TrendPoint>,
    /// All periods together.
    pub total: TrendPoint,
}

/// Counts a phrase's uses per year and voice over `(statement, audience)` pairs.
pub struct TrendCounter {
    matcher: PhraseMatcher,
    years: BTreeMap<u16, [TrendCell; 2]>,
    undated: [TrendCell; 2],
}

impl TrendCounter {
    /// A counter for the forms of one phrase.
    pub fn new(matcher: PhraseMatcher) -> TrendCounter {
        TrendCounter {
            matcher,
            years: BTreeMap::new(),
            undated: [TrendCell::default(); 2],
        }
    }

    /// Counts one statement.
    pub fn add(&mut self, s: &Statement, audience: Audience) {
        let uses = self.matcher.count(&s.text);
        let cells = match crate::index::scan::year_of(&s.date) {
            Some(y) => self.years.entry(y).or_default(),
            None => &mut self.undated,
        };
        let c = &mut cells[audience as usize];
        c.statements += 1;
        c.uses += uses;
        c.statements_using += u64::from(uses > 0);
    }

    /// The trend, with rates computed.
    pub fn finish(self, phrase: &str, concept: Option<String>) -> Trend {
        let point = |period: String, cells: [TrendCell; 2]| {
            let rate = |mut c: TrendCell| {
                c.per_1000 = if c.statements == 0 {
                    0.0
                } else {
                    c.uses as f64 * 1000.0 / c.statements as f64
                };
                c
            };
            TrendPoint {
                period,
                external: rate(cells[Audience::External as usize]),
                internal: rate(cells[Audience::Internal as usize]),
            }
        };
        let mut total = [TrendCell::default(); 2];
        let mut points = Vec::new();
        let undated = (self.undated.iter().any(|c| c.statements > 0))
            .then(|| ("(undated)".to_string(), self.undated));
        for (period, cells) in self
            .years
            .iter()
            .map(|(y, c)| (y.to_string(), *c))
            .chain(undated)
        {
            for (t, c) in total.iter_mut().zip(cells) {
                t.statements += c.statements;
                t.uses += c.uses;
                t.statements_using += c.statements_using;
            }
            points.push(point(period, cells));
        }
        Trend {
            phrase: phrase.to_string(),
            concept,
            forms: self.matcher.shown_forms(),
            points,
            total: point("all".to_string(), total),
        }
    }
}

/// The concept of the lexicon a phrase names: by its id, or by any of its English or Chinese forms
/// (compared after normalisation, so case, dashes and traditional characters do not matter).
pub fn concept_of<'a>(
    concepts: &'a [crate::rules::Concept],
    phrase: &str,
) -> Option<&'a crate::rules::Concept> {
    let wanted = normalize_term(phrase);
    if wanted.is_empty() {
        return None;
    }
    concepts.iter().find(|c| {
        c.id.eq_ignore_ascii_case(phrase.trim())
            || c.en
                .iter()
                .chain(&c.zh)
                .any(|f| normalize_term(f.trim_end_matches('*')) == wanted)
    })
}

/// A phrase's trend over every statement of an index. `forms` are the phrase's other forms (its
/// concept's English and Chinese forms, or forms given by the user); `concept` names the concept.
pub fn from_index(
    index: &crate::index::StatementIndex,
    phrase: &str,
    forms: &[String],
    concept: Option<String>,
) -> crate::Result<Trend> {
    let mut all = vec![phrase.to_string()];
    all.extend(forms.iter().cloned());
    let matcher = PhraseMatcher::new(&all).ok_or_else(|| {
        crate::Error::Usage(
            "the phrase is empty: give the words to count, e.g. \"cyber power\"".into(),
        )
    })?;
    let mut counter = TrendCounter::new(matcher);
    index.for_each_record(|rec| counter.add(&rec.statement, rec.audience))?;
    Ok(counter.finish(phrase, concept))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(text: &str, date: &str) -> Statement {
        Statement {
            date: date.into(),
            ..Statement::new(String::new(), text)
        }
    }

    #[test]
    fn a_star_form_allows_any_ending() {
        let mut m = PhraseMatcher::new(&["semiconductor*", "chip"]).unwrap();
        assert_eq!(
            m.count("Semiconductors and chips; a semiconductor chip."),
            3
        );
        assert_eq!(m.forms(), ["semiconductor", "chip"]);
    }

    #[test]
    fn shown_forms_keep_the_star_of_a_form_with_any_ending() {
        let m = PhraseMatcher::new(&["Technolog*", "芯片"]).unwrap();
        assert_eq!(m.forms(), ["technolog", "芯片"]);
        assert_eq!(m.shown_forms(), ["technolog*", "芯片"]);
    }

    #[test]
    fn forms_match_across_scripts_and_on_word_boundaries() {
        let mut m = PhraseMatcher::new(&["Cyber Power", "网络强国"]).unwrap();
        assert_eq!(m.count("China, a cyber-power? A CYBER POWER!"), 2);
        assert_eq!(m.count("建設網絡強國，网络强国"), 2);
        assert_eq!(m.count("cyber powerful cyberpower"), 0);
        assert!(PhraseMatcher::new(&["  ", ""]).is_none());
    }

    #[test]
    fn rates_per_year_and_voice() {
        let m = PhraseMatcher::new(&["cyber power", "网络强国"]).unwrap();
        let mut c = TrendCounter::new(m);
        c.add(
            &st("建设网络强国，网络强国", "2016-04-19"),
            Audience::Internal,
        );
        c.add(&st("Other words.", "2016"), Audience::Internal);
        c.add(&st("We are no cyber power.", "2016-05"), Audience::External);
        c.add(&st("Nothing.", "2016-05"), Audience::External);
        c.add(&st("Nothing.", "2016-05"), Audience::External);
        c.add(&st("Nothing.", "2016-05"), Audience::External);
        c.add(&st("A cyber power.", ""), Audience::Internal);
        let t = c.finish("cyber power", None);
        assert_eq!(t.points.len(), 2);
        let y = &t.points[0];
        assert_eq!(y.period, "2016");
        assert_eq!(y.internal.uses, 2);
        assert_eq!(y.internal.statements_using, 1);
        assert!((y.internal.per_1000 - 1000.0).abs() < 1e-9);
        assert!((y.external.per_1000 - 250.0).abs() < 1e-9);
        assert_eq!(t.points[1].period, "(undated)");
        assert_eq!(t.total.internal.uses, 3);
        assert_eq!(t.total.internal.statements, 3);
        assert!((t.total.internal.per_1000 - 1000.0).abs() < 1e-9);
    }
}
