//! How often each voice uses a phrase, year by year: uses per 1,000 statements and raw counts, every
//! form of the phrase (English and Chinese, when it is a known concept) counted together. The forms are
//! compiled and matched by the rules' one term compiler ([`PhraseSet`]): a phrase counts where a rule's
//! phrase would match, across a short gloss or a quotation mark too.

use crate::model::{Audience, Statement};
use crate::rules::PhraseSet;
use crate::text::normalize_term;
use serde::Serialize;
use std::collections::BTreeMap;

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
    matcher: PhraseSet,
    years: BTreeMap<u16, [TrendCell; 2]>,
    undated: [TrendCell; 2],
}

impl TrendCounter {
    /// A counter for the forms of one phrase.
    pub fn new(matcher: PhraseSet) -> TrendCounter {
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
            forms: self.matcher.forms().to_vec(),
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
    let matcher = PhraseSet::new(&all)
        .map_err(|e| {
            crate::Error::Usage(format!(
                "{e}: a phrase is a rule term (docs/rules.md › Matching)"
            ))
        })?
        .ok_or_else(|| {
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
    fn forms_are_shown_as_rule_terms() {
        let m = PhraseSet::new(&["Technolog*", "芯片", "technolog*"])
            .unwrap()
            .unwrap();
        assert_eq!(m.forms(), ["technolog*", "芯片"]);
    }

    #[test]
    fn a_phrase_counts_across_a_gloss() {
        let m = PhraseSet::new(&["artificial intelligence governance"])
            .unwrap()
            .unwrap();
        let mut c = TrendCounter::new(m);
        c.add(
            &st("Artificial intelligence (AI) governance.", "2023"),
            Audience::External,
        );
        c.add(
            &st(
                "Artificial intelligence (which we lead) governance.",
                "2023",
            ),
            Audience::External,
        );
        let t = c.finish("artificial intelligence governance", None);
        assert_eq!(t.total.external.uses, 1);
        assert_eq!(t.total.external.statements_using, 1);
    }

    #[test]
    fn rates_per_year_and_voice() {
        let m = PhraseSet::new(&["cyber power", "网络强国"])
            .unwrap()
            .unwrap();
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
