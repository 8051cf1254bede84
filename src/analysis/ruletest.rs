//! Tests every rule: its own examples (`must_match`, `must_not_match`) and its precision on gold-labelled
//! statements.
//!
//! A rule **passes** when
//! 1. every one of its examples passes, and
//! 2. on the gold statements, it fired fewer than [`TestPolicy::min_fired`] times, or at least
//!    [`TestPolicy::min_precision`] of its votes agree with the gold labels (see [`super::audit::agrees`]).
//!
//! Gold precision is a floor against rules that do harm, not a quality target: with the default 0.5, a rule
//! fails only when it votes wrong more often than right on enough statements to tell. Rules that never fire
//! on gold pass (their examples still test them). The floor applies only to rules that can decide a label
//! by themselves: every audience rule, and theme rules whose weight reaches the theme threshold or is
//! negative. A *supporting* theme rule (weight above 0 but below the threshold) is evidence that counts only
//! together with another rule, so its precision alone is shown but not judged.
//!
//! The audience word model (`rules/audience-model.toml`), when the rule set has one, is reported as
//! [`MODEL_ID`]: its decisions (where no rule level decided) are judged on gold by the same floor.

use crate::analysis::audit::{agrees, GoldCounts};
use crate::classify::Classifier;
use crate::model::Statement;
use crate::rules::selftest::{run_examples, ExampleOutcome};
use crate::rules::RuleSet;
use serde::Serialize;
use std::collections::HashMap;

/// The name under which `rules test` reports the audience word model (its decisions are judged on gold
/// like an audience rule's votes).
pub const MODEL_ID: &str = "audience-model";

/// When a rule's gold record makes it fail.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TestPolicy {
    /// A rule whose precision on gold is below this fails (when it fired at least `min_fired` times).
    pub min_precision: f64,
    /// Fewer firings on gold than this are too few to judge precision.
    pub min_fired: usize,
}

impl Default for TestPolicy {
    fn default() -> TestPolicy {
        TestPolicy {
            min_precision: 0.5,
            min_fired: 3,
        }
    }
}

/// One rule's test result.
#[derive(Debug, Clone, Serialize)]
pub struct RuleTestResult {
    /// The rule's id.
    pub rule: String,
    /// Whether it passed.
    pub passed: bool,
    /// How many examples it has.
    pub examples: usize,
    /// The examples that failed.
    pub failed_examples: Vec<ExampleOutcome>,
    /// Its record on the gold statements.
    pub gold: GoldCounts,
    /// Whether its gold precision is judged (false for supporting theme rules, see the module docs).
    pub judged_on_gold: bool,
    /// Whether the gold record made it fail.
    pub gold_failed: bool,
}

/// The result of `rules test`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleTestReport {
    /// The policy applied.
    pub policy: TestPolicy,
    /// Gold-labelled statements used.
    pub gold_statements: usize,
    /// One result per rule, in rule order.
    pub rules: Vec<RuleTestResult>,
    /// Rules that passed.
    pub passed: usize,
    /// Rules that failed.
    pub failed: usize,
}

/// Tests every rule on its examples and on the gold-labelled `statements` (those without gold are ignored).
pub fn test_rules(rules: &RuleSet, statements: &[Statement], policy: TestPolicy) -> RuleTestReport {
    let mut by_rule: HashMap<String, Vec<ExampleOutcome>> = HashMap::new();
    for o in run_examples(rules) {
        by_rule.entry(o.rule.clone()).or_default().push(o);
    }
    let index: HashMap<&str, usize> = rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut counts = vec![(0usize, 0usize); rules.rules.len()];
    let mut classifier = Classifier::new(rules);
    let mut gold_statements = 0;
    // The audience word model is tested like an audience rule: its decisions against gold.
    let mut model_counts = (0usize, 0usize);
    for s in statements {
        let Some(gold) = &s.gold else { continue };
        gold_statements += 1;
        let c = classifier.classify(s);
        if c.audience_basis == crate::model::Basis::Model {
            if c.audience == gold.audience {
                model_counts.0 += 1;
            } else {
                model_counts.1 += 1;
            }
        }
        // An audience rule outranked by a higher level did not take part in the decision: its evidence
        // is true of the statement but was not asked (a MIIT minister at an international convention).
        let outranked = |f: &crate::model::Fired| matches!((f.level, c.audience_level), (Some(level), Some(decided)) if level > decided);
        let ids = c
            .fired
            .iter()
            .filter(|f| !outranked(f))
            .map(|f| f.rule.clone())
            .chain(
                c.stances
                    .iter()
                    .map(|h| crate::rules::Frame::stance_rule_id(&h.frame, h.side)),
            )
            .chain(
                c.concepts
                    .iter()
                    .map(|h| crate::rules::Concept::rule_id(&h.concept)),
            );
        for id in ids {
            if let Some(&i) = index.get(id.as_str()) {
                let r = &rules.rules[i];
                if agrees(r.label, r.weight, gold) {
                    counts[i].0 += 1
                } else {
                    counts[i].1 += 1
                }
            }
        }
    }
    let mut results: Vec<RuleTestResult> = rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let outcomes = by_rule.remove(&r.id).unwrap_or_default();
            let examples = outcomes.len();
            let failed_examples: Vec<ExampleOutcome> =
                outcomes.into_iter().filter(|o| !o.passed).collect();
            let gold = GoldCounts::from_counts(counts[i].0, counts[i].1);
            let judged_on_gold = match r.label {
                crate::rules::Label::Audience(_) => true,
                crate::rules::Label::Theme(_) => {
                    r.weight < 0.0 || r.weight >= rules.settings.theme_threshold - 1e-6
                }
                // A stance may rightly fire on the other voice quoting it; a concept is a subject.
                crate::rules::Label::Stance { .. } | crate::rules::Label::Concept(_) => false,
            };
            let gold_failed = judged_on_gold
                && gold.fired >= policy.min_fired.max(1)
                && gold.precision.is_some_and(|p| p < policy.min_precision);
            RuleTestResult {
                rule: r.id.clone(),
                passed: failed_examples.is_empty() && !gold_failed,
                examples,
                failed_examples,
                gold,
                judged_on_gold,
                gold_failed,
            }
        })
        .collect();
    // A term list is tested on its own examples; it does not vote, so it has no gold record.
    for list in &rules.lists {
        let id = crate::rules::lists::TermList::reference(&list.id);
        let outcomes = by_rule.remove(&id).unwrap_or_default();
        let examples = outcomes.len();
        let failed_examples: Vec<ExampleOutcome> =
            outcomes.into_iter().filter(|o| !o.passed).collect();
        results.push(RuleTestResult {
            rule: id,
            passed: failed_examples.is_empty(),
            examples,
            failed_examples,
            gold: GoldCounts::from_counts(0, 0),
            judged_on_gold: false,
            gold_failed: false,
        });
    }
    if rules.audience_model.is_some() {
        let gold = GoldCounts::from_counts(model_counts.0, model_counts.1);
        let gold_failed = gold.fired >= policy.min_fired.max(1)
            && gold.precision.is_some_and(|p| p < policy.min_precision);
        results.push(RuleTestResult {
            rule: MODEL_ID.into(),
            passed: !gold_failed,
            examples: 0,
            failed_examples: Vec::new(),
            gold,
            judged_on_gold: true,
            gold_failed,
        });
    }
    let passed = results.iter().filter(|r| r.passed).count();
    RuleTestReport {
        policy,
        gold_statements,
        failed: results.len() - passed,
        passed,
        rules: results,
    }
}
