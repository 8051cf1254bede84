//! Classifies statements: the rules that fire vote with their weights for an audience and for themes.
//!
//! The decision procedure (documented in `docs/rules.md`):
//! - **Audience**: the weights of the audience rules that fired are summed per audience; the higher sum wins.
//!   With no votes, or a tie, the rule set's default audience applies and the basis says `default`.
//! - **Themes**: the weights of the theme rules that fired are summed per theme; every theme whose sum reaches
//!   the threshold is assigned. Negative weights (trap rules) pull a theme's sum down.

use crate::model::{Audience, Basis, Classification, ConceptHit, Fired, StanceHit, Statement, Theme};
use crate::rules::{Label, RuleSet, Scratch};
use std::collections::BTreeMap;

/// Classifies statements with a rule set; cheap to create, one per thread.
pub struct Classifier<'a> {
    rules: &'a RuleSet,
    scratch: Scratch,
}

impl<'a> Classifier<'a> {
    /// A classifier for `rules`.
    pub fn new(rules: &'a RuleSet) -> Classifier<'a> {
        Classifier {
            rules,
            scratch: Scratch::default(),
        }
    }

    /// Classifies one statement, with the evidence of every rule that fired.
    pub fn classify(&mut self, statement: &Statement) -> Classification {
        let hits = self.rules.matches(&mut self.scratch, statement);
        let mut audience_scores: BTreeMap<Audience, f32> = BTreeMap::new();
        let mut theme_scores: BTreeMap<Theme, f32> = BTreeMap::new();
        let mut fired = Vec::with_capacity(hits.len());
        let mut stances = Vec::new();
        let mut concepts = Vec::new();
        for hit in hits {
            let rule = &self.rules.rules[hit.rule];
            match rule.label {
                Label::Audience(a) => *audience_scores.entry(a).or_default() += rule.weight,
                Label::Theme(t) => *theme_scores.entry(t).or_default() += rule.weight,
                Label::Stance { frame, side } => {
                    stances.push(StanceHit {
                        frame: self.rules.frames[frame as usize].id.clone(),
                        side,
                        terms: hit_terms(&hit.evidence),
                    });
                    continue;
                }
                Label::Concept(c) => {
                    concepts.push(ConceptHit {
                        concept: self.rules.concepts[c as usize].id.clone(),
                        terms: hit_terms(&hit.evidence),
                    });
                    continue;
                }
            }
            fired.push(Fired {
                rule: rule.id.clone(),
                label: rule.label.to_string(),
                weight: rule.weight,
                evidence: hit.evidence,
            });
        }
        // Audience rules first, so a reader sees the audience evidence before the themes.
        fired.sort_by_key(|f| Theme::parse(&f.label).is_some());
        let ext = audience_scores
            .get(&Audience::External)
            .copied()
            .unwrap_or(0.0);
        let int = audience_scores
            .get(&Audience::Internal)
            .copied()
            .unwrap_or(0.0);
        let (audience, audience_basis) = if ext > int && ext > 0.0 {
            (Audience::External, Basis::Rules)
        } else if int > ext && int > 0.0 {
            (Audience::Internal, Basis::Rules)
        } else {
            (self.rules.settings.default_audience, Basis::Default)
        };
        let threshold = self.rules.settings.theme_threshold;
        let themes = Theme::ALL
            .into_iter()
            .filter(|t| theme_scores.get(t).is_some_and(|s| *s >= threshold - 1e-6))
            .collect();
        Classification {
            id: statement.id.clone(),
            audience,
            audience_basis,
            audience_scores,
            themes,
            theme_scores,
            fired,
            stances,
            concepts,
        }
    }
}

/// The distinct words of a hit's evidence, as written (a word inside a longer one adds nothing).
fn hit_terms(evidence: &[crate::model::Evidence]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in evidence {
        let folded = e.matched.to_lowercase();
        if out.iter().any(|w| w.to_lowercase().contains(&folded)) {
            continue;
        }
        out.retain(|w| !folded.contains(&w.to_lowercase()));
        out.push(e.matched.clone());
    }
    out
}

/// Classifies one statement with a fresh classifier; for one-off use (loops should keep a [`Classifier`]).
pub fn classify(rules: &RuleSet, statement: &Statement) -> Classification {
    Classifier::new(rules).classify(statement)
}
