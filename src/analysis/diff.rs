//! Compares two rule sets on a corpus: the statements whose audience or themes change, and, against gold
//! labels, whether each change is a fix or a regression.

use crate::classify::Classifier;
use crate::model::{Audience, Classification, Gold, Statement, Theme};
use crate::rules::RuleSet;
use serde::Serialize;
use std::collections::BTreeSet;

/// How a change stands against the gold labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The new label agrees with gold and the old did not.
    Fix,
    /// The old label agreed with gold and the new does not.
    Regression,
    /// A statement with both fixes and regressions (e.g. one theme gained rightly, another lost).
    Mixed,
    /// The statement has no gold labels.
    Unlabelled,
}

/// One theme gained or lost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeChange {
    /// The theme.
    pub theme: Theme,
    /// `true` when the new rules assign it and the old did not.
    pub gained: bool,
    /// Fix or regression, when the statement has gold labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

/// What one rule set decided for a statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The audience.
    pub audience: Audience,
    /// The themes.
    pub themes: Vec<Theme>,
}

/// A statement whose audience or themes changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The statement's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its gold labels, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<Gold>,
    /// Under the old rules.
    pub old: Outcome,
    /// Under the new rules.
    pub new: Outcome,
    /// Fix or regression of the audience, when it changed and gold exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience_verdict: Option<Verdict>,
    /// Themes gained or lost.
    pub theme_changes: Vec<ThemeChange>,
    /// The change as a whole.
    pub verdict: Verdict,
    /// Rules that fire under the new rules only.
    pub rules_now_firing: Vec<String>,
    /// Rules that fired under the old rules only.
    pub rules_no_longer_firing: Vec<String>,
    /// Rules that fired under both and whose weight changed: why a statement changed when no rule came or
    /// went.
    pub rules_reweighted: Vec<Reweighted>,
}

/// A rule whose weight differs between the old and the new rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reweighted {
    /// The rule's id.
    pub rule: String,
    /// Its old weight.
    pub old: f32,
    /// Its new weight.
    pub new: f32,
}

/// Totals of a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffSummary {
    /// Statements compared.
    pub statements: usize,
    /// Statements whose audience or themes changed.
    pub changed: usize,
    /// Of those, whose audience changed.
    pub audience_changed: usize,
    /// Of those, whose themes changed.
    pub themes_changed: usize,
    /// Changed statements that are fixes only.
    pub fixes: usize,
    /// Changed statements that are regressions only.
    pub regressions: usize,
    /// Changed statements with both.
    pub mixed: usize,
    /// Changed statements without gold labels.
    pub unlabelled: usize,
    /// Gold statements whose audience and theme set are both right, under the old rules.
    pub exact_old: usize,
    /// The same under the new rules.
    pub exact_new: usize,
    /// Statements with gold labels.
    pub labelled: usize,
}

/// The whole diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleDiff {
    /// Totals.
    pub summary: DiffSummary,
    /// Every changed statement, in input order.
    pub changes: Vec<Change>,
    /// Rule ids only in the new rules.
    pub rules_added: Vec<String>,
    /// Rule ids only in the old rules.
    pub rules_removed: Vec<String>,
    /// Opposition frames only in the new rules.
    pub frames_added: Vec<String>,
    /// Opposition frames only in the old rules.
    pub frames_removed: Vec<String>,
    /// Concepts only in the new lexicon.
    pub concepts_added: Vec<String>,
    /// Concepts only in the old lexicon.
    pub concepts_removed: Vec<String>,
}

fn exact(gold: &Gold, c: &Classification) -> bool {
    gold.agrees_exactly(c.audience, &c.themes)
}

fn combine(verdicts: impl Iterator<Item = Verdict>) -> Verdict {
    let (mut fix, mut reg) = (false, false);
    for v in verdicts {
        match v {
            Verdict::Fix => fix = true,
            Verdict::Regression => reg = true,
            Verdict::Mixed => (fix, reg) = (true, true),
            Verdict::Unlabelled => {}
        }
    }
    match (fix, reg) {
        (true, false) => Verdict::Fix,
        (false, true) => Verdict::Regression,
        (true, true) => Verdict::Mixed,
        (false, false) => Verdict::Unlabelled,
    }
}

/// Classifies `statements` with both rule sets and reports every statement whose labels differ.
pub fn diff(old: &RuleSet, new: &RuleSet, statements: &[Statement]) -> RuleDiff {
    let mut a = Classifier::new(old);
    let mut b = Classifier::new(new);
    let old_weights: std::collections::HashMap<&str, f32> = old
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.weight))
        .collect();
    let mut changes = Vec::new();
    let (mut exact_old, mut exact_new, mut labelled) = (0, 0, 0);
    for s in statements {
        let (co, cn) = (a.classify(s), b.classify(s));
        if let Some(g) = &s.gold {
            labelled += 1;
            exact_old += usize::from(exact(g, &co));
            exact_new += usize::from(exact(g, &cn));
        }
        if co.audience == cn.audience && co.themes == cn.themes {
            continue;
        }
        let judge = |now_right: bool| {
            if now_right {
                Verdict::Fix
            } else {
                Verdict::Regression
            }
        };
        let audience_verdict = (co.audience != cn.audience)
            .then(|| s.gold.as_ref().map(|g| judge(g.audience == cn.audience)))
            .flatten();
        let theme_changes: Vec<ThemeChange> = Theme::ALL
            .into_iter()
            .filter(|t| co.themes.contains(t) != cn.themes.contains(t))
            .map(|t| {
                let gained = cn.themes.contains(&t);
                ThemeChange {
                    theme: t,
                    gained,
                    verdict: s.theme_gold().map(|g| judge(g.contains(&t) == gained)),
                }
            })
            .collect();
        let verdict = if s.gold.is_none() {
            Verdict::Unlabelled
        } else {
            combine(
                audience_verdict
                    .into_iter()
                    .chain(theme_changes.iter().filter_map(|t| t.verdict)),
            )
        };
        let fired_old: BTreeSet<String> = co.fired.iter().map(|f| f.rule.clone()).collect();
        let fired_new: BTreeSet<String> = cn.fired.iter().map(|f| f.rule.clone()).collect();
        changes.push(Change {
            id: s.id.clone(),
            text: s.text.clone(),
            gold: s.gold.clone(),
            old: Outcome {
                audience: co.audience,
                themes: co.themes.clone(),
            },
            new: Outcome {
                audience: cn.audience,
                themes: cn.themes.clone(),
            },
            audience_verdict,
            theme_changes,
            verdict,
            rules_now_firing: fired_new.difference(&fired_old).cloned().collect(),
            rules_no_longer_firing: fired_old.difference(&fired_new).cloned().collect(),
            rules_reweighted: new
                .rules
                .iter()
                .filter(|r| fired_old.contains(&r.id) && fired_new.contains(&r.id))
                .filter_map(|r| {
                    let was = *old_weights.get(r.id.as_str())?;
                    (was != r.weight).then(|| Reweighted {
                        rule: r.id.clone(),
                        old: was,
                        new: r.weight,
                    })
                })
                .collect(),
        });
    }
    let count = |v: Verdict| changes.iter().filter(|c| c.verdict == v).count();
    let ids = |set: &RuleSet| -> BTreeSet<String> {
        set.rules
            .iter()
            .filter(|r| r.label.votes())
            .map(|r| r.id.clone())
            .collect()
    };
    let frames =
        |set: &RuleSet| -> BTreeSet<String> { set.frames.iter().map(|f| f.id.clone()).collect() };
    let concepts =
        |set: &RuleSet| -> BTreeSet<String> { set.concepts.iter().map(|c| c.id.clone()).collect() };
    let (old_ids, new_ids) = (ids(old), ids(new));
    let (old_frames, new_frames) = (frames(old), frames(new));
    let (old_concepts, new_concepts) = (concepts(old), concepts(new));
    RuleDiff {
        summary: DiffSummary {
            statements: statements.len(),
            changed: changes.len(),
            audience_changed: changes
                .iter()
                .filter(|c| c.old.audience != c.new.audience)
                .count(),
            themes_changed: changes
                .iter()
                .filter(|c| !c.theme_changes.is_empty())
                .count(),
            fixes: count(Verdict::Fix),
            regressions: count(Verdict::Regression),
            mixed: count(Verdict::Mixed),
            unlabelled: count(Verdict::Unlabelled),
            exact_old,
            exact_new,
            labelled,
        },
        rules_added: new_ids.difference(&old_ids).cloned().collect(),
        rules_removed: old_ids.difference(&new_ids).cloned().collect(),
        frames_added: new_frames.difference(&old_frames).cloned().collect(),
        frames_removed: old_frames.difference(&new_frames).cloned().collect(),
        concepts_added: new_concepts.difference(&old_concepts).cloned().collect(),
        concepts_removed: old_concepts.difference(&new_concepts).cloned().collect(),
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn judges_fixes_regressions_and_mixed() {
        let set = |extra: &str| {
            RuleSet::from_files(vec![crate::rules::SourceFile {
                path: "t.toml".into(),
                text: format!("[[rule]]\nid = \"sec\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"security\"{extra}]\n"),
            }])
            .unwrap()
        };
        let st = |id: &str, text: &str, themes: &[Theme]| Statement {
            lang: Lang::En,
            gold: Some(Gold::new(Audience::Internal, themes.to_vec())),
            ..Statement::new(id, text)
        };
        let statements = vec![
            st("fixed", "hackers attacked", &[Theme::Security]),
            st("broken", "food safety", &[]),
            st("same", "security", &[Theme::Security]),
        ];
        let d = diff(&set(""), &set(", \"hackers\", \"safety\""), &statements);
        let verdicts: Vec<(&str, Verdict)> = d
            .changes
            .iter()
            .map(|c| (c.id.as_str(), c.verdict))
            .collect();
        assert_eq!(
            verdicts,
            vec![("fixed", Verdict::Fix), ("broken", Verdict::Regression)]
        );
        assert_eq!(
            (
                d.summary.fixes,
                d.summary.regressions,
                d.summary.exact_old,
                d.summary.exact_new
            ),
            (1, 1, 2, 2)
        );
        assert_eq!(
            combine([Verdict::Fix, Verdict::Regression].into_iter()),
            Verdict::Mixed
        );
    }
}
