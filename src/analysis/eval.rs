//! Measures classifications against gold labels: audience accuracy and F1, theme F1 per theme, by language.

use crate::model::{Audience, Classification, Gold, Lang, Statement, Theme};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Share of predictions of the label that are right.
    pub precision: f64,
    /// Share of gold occurrences that were predicted.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold occurrences.
    pub support: u64,
    /// True positives.
    pub tp: u64,
    /// False positives.
    pub fp: u64,
    /// False negatives.
    pub r#fn: u64,
}

impl Prf {
    /// From counts. With nothing to find and nothing predicted (tp+fp+fn = 0) every score is 1;
    /// otherwise an empty denominator gives 0.
    pub fn from_counts(tp: u64, fp: u64, fn_: u64) -> Prf {
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (precision, recall, f1) = if tp + fp + fn_ == 0 {
            (1.0, 1.0, 1.0)
        } else {
            (
                ratio(tp, tp + fp),
                ratio(tp, tp + fn_),
                ratio(2 * tp, 2 * tp + fp + fn_),
            )
        };
        Prf {
            precision,
            recall,
            f1,
            support: tp + fn_,
            tp,
            fp,
            r#fn: fn_,
        }
    }
}

/// Audience scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudienceMetrics {
    /// Share of statements whose audience is right.
    pub accuracy: f64,
    /// Mean F1 of the two audiences.
    pub macro_f1: f64,
    /// `confusion[gold][predicted]`: counts.
    pub confusion: BTreeMap<Audience, BTreeMap<Audience, u64>>,
    /// Precision, recall and F1 per audience.
    pub per_audience: BTreeMap<Audience, Prf>,
}

/// Theme scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeMetrics {
    /// F1 over all (statement, theme) decisions pooled.
    pub micro_f1: f64,
    /// Mean of the five per-theme F1 scores.
    pub macro_f1: f64,
    /// Share of statements whose theme set is exactly right (both empty counts as right).
    pub exact_match: f64,
    /// Scores per theme.
    pub per_theme: BTreeMap<Theme, Prf>,
}

/// Scores of one language's statements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LangMetrics {
    /// Statements in this language.
    pub n: u64,
    /// Audience scores.
    pub audience: AudienceMetrics,
    /// Theme scores.
    pub themes: ThemeMetrics,
}

/// A statement the rules got wrong, with what fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalError {
    /// The statement's id.
    pub id: String,
    /// Its language.
    pub lang: Lang,
    /// The gold labels.
    pub gold: Gold,
    /// What the rules decided.
    pub predicted: Gold,
    /// Ids of the rules that fired.
    pub fired: Vec<String>,
    /// The statement's text, for reading the error without the input at hand.
    pub text: String,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Statements with gold labels.
    pub n: u64,
    /// Audience scores.
    pub audience: AudienceMetrics,
    /// Theme scores.
    pub themes: ThemeMetrics,
    /// The same per language (`en`, `zh`), for the languages present.
    pub by_lang: BTreeMap<Lang, LangMetrics>,
    /// Every statement with a wrong audience or theme set.
    pub errors: Vec<EvalError>,
}

fn audience_metrics(items: &[(&Gold, &Classification)]) -> AudienceMetrics {
    let mut confusion: BTreeMap<Audience, BTreeMap<Audience, u64>> = Audience::ALL
        .into_iter()
        .map(|g| (g, Audience::ALL.into_iter().map(|p| (p, 0)).collect()))
        .collect();
    for (g, c) in items {
        *confusion
            .entry(g.audience)
            .or_default()
            .entry(c.audience)
            .or_default() += 1;
    }
    let correct: u64 = Audience::ALL.iter().map(|a| confusion[a][a]).sum();
    let per_audience: BTreeMap<Audience, Prf> = Audience::ALL
        .into_iter()
        .map(|a| {
            let tp = confusion[&a][&a];
            let fp: u64 = Audience::ALL
                .iter()
                .filter(|g| **g != a)
                .map(|g| confusion[g][&a])
                .sum();
            let fn_: u64 = Audience::ALL
                .iter()
                .filter(|p| **p != a)
                .map(|p| confusion[&a][p])
                .sum();
            (a, Prf::from_counts(tp, fp, fn_))
        })
        .collect();
    let n = items.len() as f64;
    AudienceMetrics {
        accuracy: if n > 0.0 { correct as f64 / n } else { 0.0 },
        macro_f1: per_audience.values().map(|p| p.f1).sum::<f64>() / per_audience.len() as f64,
        confusion,
        per_audience,
    }
}

fn theme_metrics(items: &[(&Gold, &Classification)]) -> ThemeMetrics {
    // Statements labelled for their audience only carry no theme gold: left out.
    let items: Vec<&(&Gold, &Classification)> =
        items.iter().filter(|(g, _)| !g.audience_only).collect();
    let mut counts = [(0u64, 0u64, 0u64); 5];
    let mut exact = 0;
    for (g, c) in &items {
        for t in Theme::ALL {
            let (gold, pred) = (g.themes.contains(&t), c.themes.contains(&t));
            let k = &mut counts[t.index()];
            match (gold, pred) {
                (true, true) => k.0 += 1,
                (false, true) => k.1 += 1,
                (true, false) => k.2 += 1,
                _ => {}
            }
        }
        if Theme::ALL
            .iter()
            .all(|t| g.themes.contains(t) == c.themes.contains(t))
        {
            exact += 1;
        }
    }
    let per_theme: BTreeMap<Theme, Prf> = Theme::ALL
        .into_iter()
        .map(|t| {
            let k = counts[t.index()];
            (t, Prf::from_counts(k.0, k.1, k.2))
        })
        .collect();
    let (tp, fp, fn_) = counts
        .iter()
        .fold((0, 0, 0), |a, k| (a.0 + k.0, a.1 + k.1, a.2 + k.2));
    ThemeMetrics {
        micro_f1: Prf::from_counts(tp, fp, fn_).f1,
        macro_f1: per_theme.values().map(|p| p.f1).sum::<f64>() / Theme::ALL.len() as f64,
        exact_match: if items.is_empty() {
            0.0
        } else {
            exact as f64 / items.len() as f64
        },
        per_theme,
    }
}

/// Scores classifications against the gold labels of their statements (statements without gold are ignored).
pub fn evaluate(pairs: &[(Statement, Classification)]) -> Metrics {
    let labelled: Vec<(&Statement, &Gold, &Classification)> = pairs
        .iter()
        .filter_map(|(s, c)| s.gold.as_ref().map(|g| (s, g, c)))
        .collect();
    let all: Vec<(&Gold, &Classification)> = labelled.iter().map(|(_, g, c)| (*g, *c)).collect();
    let mut by_lang = BTreeMap::new();
    for lang in [Lang::En, Lang::Zh] {
        let items: Vec<(&Gold, &Classification)> = labelled
            .iter()
            .filter(|(s, _, _)| s.lang == lang)
            .map(|(_, g, c)| (*g, *c))
            .collect();
        if !items.is_empty() {
            by_lang.insert(
                lang,
                LangMetrics {
                    n: items.len() as u64,
                    audience: audience_metrics(&items),
                    themes: theme_metrics(&items),
                },
            );
        }
    }
    let errors = labelled
        .iter()
        .filter(|(_, g, c)| !g.agrees_exactly(c.audience, &c.themes))
        .map(|(s, g, c)| {
            let mut gold = (*g).clone();
            gold.themes.sort();
            EvalError {
                id: s.id.clone(),
                lang: s.lang,
                gold,
                predicted: Gold::new(c.audience, c.themes.clone()),
                fired: c.fired.iter().map(|f| f.rule.clone()).collect(),
                text: s.text.clone(),
            }
        })
        .collect();
    Metrics {
        n: all.len() as u64,
        audience: audience_metrics(&all),
        themes: theme_metrics(&all),
        by_lang,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_conventions() {
        let p = Prf::from_counts(0, 0, 0);
        assert_eq!((p.precision, p.recall, p.f1), (1.0, 1.0, 1.0));
        let p = Prf::from_counts(0, 2, 0);
        assert_eq!((p.precision, p.f1), (0.0, 0.0));
        let p = Prf::from_counts(2, 1, 1);
        assert!((p.f1 - 4.0 / 6.0).abs() < 1e-12);
    }
}
