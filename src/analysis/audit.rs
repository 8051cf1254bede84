//! Audits a rule set on a corpus, as Snorkel's labeling-function analysis does: per rule its coverage,
//! overlaps and conflicts with other rules, and where gold labels exist its true and false positives.
//!
//! Definitions (also in `docs/rules.md`):
//! - A rule's **vote** is its label when its weight is positive; a negative audience rule votes for the
//!   other audience, a negative theme rule votes *against* its theme.
//! - **Coverage**: the share of statements the rule fires on.
//! - **Overlap**: a statement where the rule fires together with another rule of its kind (another audience
//!   rule; for a theme rule, another rule on the same theme).
//! - **Conflict**: an overlap where the other rule votes differently (the other audience; for themes, for
//!   vs against the same theme).
//! - **True / false positive** (gold): the rule fired and its vote agrees / disagrees with the gold label.

use crate::classify::Classifier;
use crate::model::{Audience, Fired, Gold, Statement, Theme};
use crate::rules::{Label, RuleSet};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Whether a rule's vote agrees with a statement's gold labels (see the module documentation).
pub fn agrees(label: Label, weight: f32, gold: &Gold) -> bool {
    match label {
        Label::Audience(a) => (gold.audience == a) == (weight > 0.0),
        // Gold labelled for the audience only says nothing of themes: never held against a theme vote.
        Label::Theme(t) => gold
            .theme_gold()
            .is_none_or(|g| g.contains(&t) == (weight > 0.0)),
        // A stance agrees when it fires on a statement of its own voice; a concept is a subject, never wrong.
        Label::Stance { side, .. } => crate::model::Side::of(gold.audience) == side,
        Label::Concept(_) => true,
    }
}

/// A rule's record on gold-labelled statements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GoldCounts {
    /// Gold-labelled statements it fired on.
    pub fired: usize,
    /// Of those, how many its vote agrees with.
    pub tp: usize,
    /// Of those, how many its vote disagrees with.
    pub fp: usize,
    /// `tp / fired`; `None` when it never fired on a labelled statement.
    pub precision: Option<f64>,
}

impl GoldCounts {
    /// Counts a rule's firings on labelled statements.
    pub fn from_counts(tp: usize, fp: usize) -> GoldCounts {
        let fired = tp + fp;
        GoldCounts {
            fired,
            tp,
            fp,
            precision: (fired > 0).then(|| tp as f64 / fired as f64),
        }
    }
}

/// Another rule and how often it was involved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    /// The other rule's id.
    pub rule: String,
    /// Statements on which both fired (overlap) or fired with different votes (conflict).
    pub count: usize,
}

/// One rule's audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleAudit {
    /// The rule's id.
    pub rule: String,
    /// What it votes for.
    pub label: String,
    /// Its weight.
    pub weight: f32,
    /// Statements it fired on.
    pub fires: usize,
    /// `fires / statements`.
    pub coverage: f64,
    /// Statements where another rule of its kind also fired.
    pub overlaps: usize,
    /// Statements where another rule of its kind voted differently.
    pub conflicts: usize,
    /// The rules it conflicts with most, most often first (at most five).
    pub conflicts_with: Vec<Partner>,
    /// Its record on gold labels, when the corpus has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<GoldCounts>,
}

/// A statement that no rule of a kind covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncovered {
    /// The statement's id.
    pub id: String,
    /// Its gold labels, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<Gold>,
    /// Its text.
    pub text: String,
}

/// Totals over the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditSummary {
    /// Statements audited.
    pub statements: usize,
    /// Of those, with gold labels.
    pub labelled: usize,
    /// Share of statements at least one audience rule fired on.
    pub audience_coverage: f64,
    /// Share of statements at least one theme rule fired on.
    pub theme_coverage: f64,
    /// Statements where audience rules voted for both audiences.
    pub audience_conflicts: usize,
    /// Statements where rules voted for and against the same theme.
    pub theme_conflicts: usize,
}

/// The whole audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Audit {
    /// Totals.
    pub summary: AuditSummary,
    /// One entry per rule, in rule order.
    pub rules: Vec<RuleAudit>,
    /// Rules that fired on no statement.
    pub never_fired: Vec<String>,
    /// Statements no audience rule fired on (their audience is the default).
    pub no_audience_rule: Vec<Uncovered>,
    /// Statements no theme rule fired on.
    pub no_theme_rule: Vec<Uncovered>,
}

/// The direction of a vote: which audience, or for / against which theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Vote {
    Audience(Audience),
    Theme(Theme, bool),
    /// Stances and concepts do not vote; they never conflict.
    None(usize),
}

impl Vote {
    fn of(label: Label, weight: f32) -> Vote {
        match label {
            Label::Audience(a) if weight > 0.0 => Vote::Audience(a),
            Label::Audience(a) => Vote::Audience(if a == Audience::External {
                Audience::Internal
            } else {
                Audience::External
            }),
            Label::Theme(t) => Vote::Theme(t, weight > 0.0),
            Label::Stance { frame, side } => Vote::None(2 * frame as usize + side as usize),
            Label::Concept(c) => Vote::None(usize::MAX - c as usize),
        }
    }

    /// Whether two votes concern the same decision (audience, or the same theme).
    fn same_kind(self, other: Vote) -> bool {
        match (self, other) {
            (Vote::Audience(_), Vote::Audience(_)) => true,
            (Vote::Theme(a, _), Vote::Theme(b, _)) => a == b,
            _ => false,
        }
    }
}

/// Audits `rules` on `statements` (gold labels are used where present).
pub fn audit(rules: &RuleSet, statements: &[Statement]) -> Audit {
    let index: HashMap<&str, usize> = rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let votes: Vec<Vote> = rules
        .rules
        .iter()
        .map(|r| Vote::of(r.label, r.weight))
        .collect();
    let n_rules = rules.rules.len();
    let mut fires = vec![0usize; n_rules];
    let mut overlaps = vec![0usize; n_rules];
    let mut conflicts = vec![0usize; n_rules];
    let mut partners: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); n_rules];
    let mut tp = vec![0usize; n_rules];
    let mut fp = vec![0usize; n_rules];
    let (mut aud_covered, mut theme_covered, mut aud_conflicts, mut theme_conflicts, mut labelled) =
        (0, 0, 0, 0, 0);
    let mut no_audience_rule = Vec::new();
    let mut no_theme_rule = Vec::new();
    let mut classifier = Classifier::new(rules);
    for s in statements {
        let c = classifier.classify(s);
        let fired: Vec<usize> = c
            .fired
            .iter()
            .filter_map(|f: &Fired| index.get(f.rule.as_str()).copied())
            .chain(c.stances.iter().filter_map(|h| {
                index
                    .get(crate::rules::Frame::stance_rule_id(&h.frame, h.side).as_str())
                    .copied()
            }))
            .chain(c.concepts.iter().filter_map(|h| {
                index
                    .get(crate::rules::Concept::rule_id(&h.concept).as_str())
                    .copied()
            }))
            .collect();
        let has_aud = fired
            .iter()
            .any(|&i| matches!(rules.rules[i].label, Label::Audience(_)));
        let has_theme = fired
            .iter()
            .any(|&i| matches!(rules.rules[i].label, Label::Theme(_)));
        let uncovered = || Uncovered {
            id: s.id.clone(),
            gold: s.gold.clone(),
            text: s.text.clone(),
        };
        if has_aud {
            aud_covered += 1
        } else {
            no_audience_rule.push(uncovered())
        }
        if has_theme {
            theme_covered += 1
        } else {
            no_theme_rule.push(uncovered())
        }
        let mut any_aud_conflict = false;
        let mut any_theme_conflict = false;
        for &i in &fired {
            fires[i] += 1;
            let mut overlapped = false;
            let mut conflicted = false;
            for &j in &fired {
                if i == j || !votes[i].same_kind(votes[j]) {
                    continue;
                }
                overlapped = true;
                if votes[i] != votes[j] {
                    conflicted = true;
                    *partners[i].entry(j).or_default() += 1;
                }
            }
            overlaps[i] += usize::from(overlapped);
            conflicts[i] += usize::from(conflicted);
            if conflicted {
                match votes[i] {
                    Vote::Audience(_) => any_aud_conflict = true,
                    Vote::Theme(..) => any_theme_conflict = true,
                    Vote::None(_) => {}
                }
            }
            if let Some(g) = &s.gold {
                if agrees(rules.rules[i].label, rules.rules[i].weight, g) {
                    tp[i] += 1
                } else {
                    fp[i] += 1
                }
            }
        }
        aud_conflicts += usize::from(any_aud_conflict);
        theme_conflicts += usize::from(any_theme_conflict);
        labelled += usize::from(s.gold.is_some());
    }
    let n = statements.len();
    let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let audits = rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut with: Vec<Partner> = partners[i]
                .iter()
                .map(|(&j, &count)| Partner {
                    rule: rules.rules[j].id.clone(),
                    count,
                })
                .collect();
            with.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
            with.truncate(5);
            RuleAudit {
                rule: r.id.clone(),
                label: r.label.to_string(),
                weight: r.weight,
                fires: fires[i],
                coverage: share(fires[i]),
                overlaps: overlaps[i],
                conflicts: conflicts[i],
                conflicts_with: with,
                gold: (labelled > 0).then(|| GoldCounts::from_counts(tp[i], fp[i])),
            }
        })
        .collect();
    Audit {
        summary: AuditSummary {
            statements: n,
            labelled,
            audience_coverage: share(aud_covered),
            theme_coverage: share(theme_covered),
            audience_conflicts: aud_conflicts,
            theme_conflicts,
        },
        rules: audits,
        never_fired: rules
            .rules
            .iter()
            .enumerate()
            .filter(|(i, _)| fires[*i] == 0)
            .map(|(_, r)| r.id.clone())
            .collect(),
        no_audience_rule,
        no_theme_rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn st(id: &str, text: &str, gold: Option<Gold>) -> Statement {
        Statement {
            lang: Lang::En,
            gold,
            ..Statement::new(id, text)
        }
    }

    #[test]
    fn counts_overlaps_conflicts_and_precision() {
        let set = RuleSet::from_files(vec![crate::rules::SourceFile {
            path: "t.toml".into(),
            text: r#"
[[rule]]
id = "ext"
label = "external"
summary = "s"
phrases = ["press"]
[[rule]]
id = "int"
label = "internal"
summary = "s"
phrases = ["party"]
[[rule]]
id = "sec"
label = "security"
summary = "s"
phrases = ["security"]
[[rule]]
id = "not-sec"
label = "security"
summary = "s"
weight = -1
phrases = ["food"]
[[rule]]
id = "never"
label = "standards"
summary = "s"
phrases = ["zzz"]
"#
            .into(),
        }])
        .unwrap();
        let gold = |a: Audience, t: &[Theme]| Some(Gold::new(a, t.to_vec()));
        let statements = vec![
            st(
                "a",
                "press party security",
                gold(Audience::External, &[Theme::Security]),
            ),
            st("b", "press food security", gold(Audience::External, &[])),
            st("c", "nothing here", None),
        ];
        let a = audit(&set, &statements);
        let ext = &a.rules[0];
        assert_eq!((ext.fires, ext.overlaps, ext.conflicts), (2, 1, 1));
        assert_eq!(
            ext.conflicts_with,
            vec![Partner {
                rule: "int".into(),
                count: 1
            }]
        );
        assert_eq!(
            ext.gold,
            Some(GoldCounts {
                fired: 2,
                tp: 2,
                fp: 0,
                precision: Some(1.0)
            })
        );
        let int = &a.rules[1];
        assert_eq!(int.gold.map(|g| g.fp), Some(1));
        let sec = &a.rules[2];
        assert_eq!((sec.fires, sec.overlaps, sec.conflicts), (2, 1, 1));
        assert_eq!(sec.gold.map(|g| (g.tp, g.fp)), Some((1, 1)));
        let not_sec = &a.rules[3];
        assert_eq!(
            not_sec.gold.map(|g| (g.tp, g.fp)),
            Some((1, 0)),
            "a negative vote on a theme gold lacks is right"
        );
        assert_eq!(a.never_fired, vec!["never".to_string()]);
        assert_eq!(
            a.no_audience_rule
                .iter()
                .map(|u| u.id.as_str())
                .collect::<Vec<_>>(),
            vec!["c"]
        );
        assert_eq!(
            (
                a.summary.audience_conflicts,
                a.summary.theme_conflicts,
                a.summary.labelled
            ),
            (1, 1, 2)
        );
        assert!((a.rules[0].coverage - 2.0 / 3.0).abs() < 1e-9);
    }
}
