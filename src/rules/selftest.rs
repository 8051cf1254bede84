//! Runs every rule's own examples: each `must_match` must make the rule fire, each `must_not_match` must not;
//! and every term list's: a `must_match` text holds one of its terms, a `must_not_match` text none.

use crate::rules::lists::TermList;
use crate::rules::{Example, RuleSet, Scratch};
use serde::Serialize;

/// The outcome of one example.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleOutcome {
    /// The rule tested.
    pub rule: String,
    /// `true` for a `must_match` example, `false` for `must_not_match`.
    pub must_match: bool,
    /// The example, one line.
    pub example: String,
    /// Whether the rule fired on it.
    pub fired: bool,
    /// Whether the example passed.
    pub passed: bool,
}

/// Runs every example of every rule, in rule order.
pub fn run_examples(rules: &RuleSet) -> Vec<ExampleOutcome> {
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for (i, rule) in rules.rules.iter().enumerate() {
        let cases = rule
            .must_match
            .iter()
            .map(|e| (true, e))
            .chain(rule.must_not_match.iter().map(|e| (false, e)));
        for (must, example) in cases {
            let fired = fires(rules, &mut scratch, i, example);
            out.push(ExampleOutcome {
                rule: rule.id.clone(),
                must_match: must,
                example: example.describe(),
                fired,
                passed: fired == must,
            });
        }
    }
    // A term list's examples: a `must_match` text holds one of its terms, a `must_not_match` text none.
    for list in &rules.lists {
        let must = list.must_match.iter().map(|t| (true, t));
        let cases: Vec<(bool, &String)> = must
            .chain(list.must_not_match.iter().map(|t| (false, t)))
            .collect();
        let texts: Vec<String> = cases.iter().map(|(_, t)| (*t).clone()).collect();
        for ((must, text), found) in cases.into_iter().zip(rules.list_finds(list, &texts)) {
            out.push(ExampleOutcome {
                rule: TermList::reference(&list.id),
                must_match: must,
                example: format!("text: {text}"),
                fired: found,
                passed: found == must,
            });
        }
    }
    out
}

/// Whether rule `index` fires on an example statement.
pub fn fires(rules: &RuleSet, scratch: &mut Scratch, index: usize, example: &Example) -> bool {
    let statement = example.to_statement("example");
    rules
        .matches(scratch, &statement)
        .iter()
        .any(|h| h.rule == index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in rule's examples pass, so a rule is tested the moment it is written.
    #[test]
    fn builtin_examples_pass() {
        let rules = RuleSet::builtin().unwrap();
        let failed: Vec<_> = run_examples(&rules)
            .into_iter()
            .filter(|o| !o.passed)
            .collect();
        assert!(failed.is_empty(), "failing rule examples: {failed:#?}");
    }
}
