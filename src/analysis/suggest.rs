//! Candidate terms for rule authors: the words and phrases most typical of the gold statements the rules
//! miss, and of their false positives, per theme and audience, by log-odds with an informative Dirichlet
//! prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"). Candidates for a reviewer; never applied.
//!
//! For each label (each theme, each audience):
//! - **missed**: gold has the label and the rules did not give it. These statements are contrasted with all
//!   other gold statements, so the terms are what the missed ones say that the corpus at large does not.
//! - **false positive**: the rules gave the label and gold does not have it. These are contrasted with the
//!   statements the rules labelled rightly, so the terms are what separates wrong firings from right ones:
//!   candidates for traps (`excludes`) rather than for new phrases.
//!
//! Terms are those of [`crate::analysis::terms`] (English 1–3-grams, Chinese jieba words and their bigrams,
//! stop words, boilerplate and speakers' names dropped), counted once per statement, and ranked by the same
//! [`terms::rank`] as `terms` and the voice reports: one way to count, one formula.
//! A term that is already one of the label's rule phrases is marked `known`.

use crate::classify::Classifier;
use crate::model::{Audience, Statement, Theme};
use crate::rules::{Label, RuleSet};
use serde::Serialize;
use std::collections::BTreeSet;

/// How many candidates per list and how often a term must occur.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SuggestOptions {
    /// Candidates per list.
    pub top: usize,
    /// Least number of statements of the group a term must occur in.
    pub min_count: u64,
    /// Weight of the prior relative to the whole corpus (`α0 = prior_scale · n`).
    pub prior_scale: f64,
}

impl Default for SuggestOptions {
    fn default() -> SuggestOptions {
        SuggestOptions {
            top: 10,
            min_count: 2,
            prior_scale: 1.0,
        }
    }
}

/// Which statements a list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// Gold has the label; the rules did not give it.
    Missed,
    /// The rules gave the label; gold does not have it.
    FalsePositive,
}

/// One candidate term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The term, normalised.
    pub term: String,
    /// The z-score of the log-odds ratio: standard errors by which the term leans to the group.
    pub z: f64,
    /// The log-odds ratio in the group's favour.
    pub delta: f64,
    /// Statements of the group that contain it.
    pub count: u64,
    /// Statements of the contrast that contain it.
    pub versus_count: u64,
    /// True when it is already a phrase of a rule with this label.
    pub known: bool,
    /// Up to three ids of statements of the group that contain it.
    pub examples: Vec<String>,
}

/// The candidates for one label and group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelSuggestions {
    /// The label (`external`, `internal` or a theme).
    pub label: String,
    /// Missed statements or false positives.
    pub group: Group,
    /// Statements in the group.
    pub statements: usize,
    /// Statements in the contrast.
    pub versus: usize,
    /// The candidates, most typical first.
    pub candidates: Vec<Candidate>,
}

/// Every list of candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestions {
    /// Gold-labelled statements used.
    pub gold_statements: usize,
    /// The options used.
    pub options: SuggestOptions,
    /// One list per label and group that has statements, audiences first, then themes.
    pub lists: Vec<LabelSuggestions>,
}

pub use crate::analysis::terms::log_odds;
use crate::analysis::terms::{self, Bag, Counts, Grams, TermOptions};

/// The distinct terms of a statement, counted as [`crate::analysis::terms`] counts them (English 1–3-grams,
/// Chinese words and bigrams, stop words, boilerplate and speakers' names dropped), each once, sorted.
pub fn terms_of(grams: &mut Grams, text: &str, lang: crate::model::Lang) -> Vec<String> {
    let mut out = Vec::new();
    grams.for_each(text, lang, |g| out.push(g.to_string()));
    out.sort_unstable();
    out.dedup();
    out
}

/// Ranks the terms of statements `group` against those of `versus` (indices into `terms`); every other
/// statement counts in the background only. Counting and ranking are [`terms::rank`]'s.
fn rank(
    terms: &[Vec<String>],
    ids: &[&str],
    group: &[usize],
    versus: &[usize],
    known: &dyn Fn(&str) -> bool,
    opts: &SuggestOptions,
) -> Vec<Candidate> {
    let mut bag = vec![Bag::Background; terms.len()];
    for &i in versus {
        bag[i] = Bag::B;
    }
    for &i in group {
        bag[i] = Bag::A;
    }
    let mut counts = Counts::new();
    for (t, &b) in terms.iter().zip(&bag) {
        counts.add_terms(b, t);
    }
    let ranked = terms::rank(
        &counts,
        &TermOptions {
            top: usize::MAX,
            min_count: opts.min_count,
            prior_scale: opts.prior_scale,
        },
    );
    ranked
        .a
        .into_iter()
        .filter(|s| s.count[0] >= opts.min_count)
        .take(opts.top)
        .map(|s| Candidate {
            known: known(&s.term),
            examples: group
                .iter()
                .filter(|&&i| terms[i].binary_search(&s.term).is_ok())
                .take(3)
                .map(|&i| ids[i].to_string())
                .collect(),
            z: s.z,
            delta: s.delta,
            count: s.count[0],
            versus_count: s.count[1],
            term: s.term,
        })
        .collect()
}

/// Classifies the gold statements and lists, per label, the candidate terms of the missed statements and
/// of the false positives. Statements without gold are ignored.
pub fn suggest(rules: &RuleSet, statements: &[Statement], opts: SuggestOptions) -> Suggestions {
    let gold: Vec<&Statement> = statements.iter().filter(|s| s.gold.is_some()).collect();
    let mut classifier = Classifier::new(rules);
    let predicted: Vec<_> = gold.iter().map(|s| classifier.classify(s)).collect();
    let mut grams = Grams::new(gold.iter().map(|s| s.speaker.as_str()));
    let terms: Vec<Vec<String>> = gold
        .iter()
        .map(|s| terms_of(&mut grams, &s.text, s.lang))
        .collect();
    let ids: Vec<&str> = gold.iter().map(|s| s.id.as_str()).collect();
    let phrases_of = |label: Label| -> BTreeSet<String> {
        rules
            .rules
            .iter()
            .filter(|r| r.label == label && r.weight > 0.0)
            .flat_map(|r| {
                r.phrases
                    .iter()
                    .map(|p| p.trim_end_matches('*').to_string())
            })
            .collect()
    };
    let mut lists = Vec::new();
    let mut push =
        |label: Label, has_gold: &dyn Fn(usize) -> bool, has_pred: &dyn Fn(usize) -> bool| {
            let phrases = phrases_of(label);
            let known = |w: &str| phrases.contains(w);
            let all: Vec<usize> = (0..gold.len()).collect();
            let missed: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| has_gold(i) && !has_pred(i))
                .collect();
            let rest: Vec<usize> = all
                .iter()
                .copied()
                .filter(|i| !missed.contains(i))
                .collect();
            let wrong: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| has_pred(i) && !has_gold(i))
                .collect();
            let right: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| has_pred(i) && has_gold(i))
                .collect();
            for (group, members, versus) in [
                (Group::Missed, missed, rest),
                (Group::FalsePositive, wrong, right),
            ] {
                if members.is_empty() {
                    continue;
                }
                lists.push(LabelSuggestions {
                    label: label.to_string(),
                    group,
                    statements: members.len(),
                    versus: versus.len(),
                    candidates: rank(&terms, &ids, &members, &versus, &known, &opts),
                });
            }
        };
    for a in Audience::ALL {
        push(
            Label::Audience(a),
            &|i| gold[i].gold.as_ref().is_some_and(|g| g.audience == a),
            &|i| predicted[i].audience == a,
        );
    }
    for t in Theme::ALL {
        push(
            Label::Theme(t),
            &|i| gold[i].theme_gold().is_some_and(|g| g.contains(&t)),
            &|i| predicted[i].themes.contains(&t),
        );
    }
    Suggestions {
        gold_statements: gold.len(),
        options: opts,
        lists,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_odds_favours_the_group_where_a_term_is_commoner() {
        let (d, z, alpha) = log_odds([8, 1], [100, 100], 9, 400, 1.0);
        assert!(d > 0.0 && z > 0.0, "{d} {z}");
        assert!((alpha - 9.0).abs() < 1e-9);
        let (d2, z2, _) = log_odds([1, 8], [100, 100], 9, 400, 1.0);
        assert!((d + d2).abs() < 1e-9 && (z + z2).abs() < 1e-9);
        // The prior shrinks a rare term's lead: the same ratio on fewer counts scores lower.
        let (_, z_rare, _) = log_odds([2, 0], [100, 100], 2, 400, 1.0);
        let (_, z_common, _) = log_odds([20, 0], [100, 100], 20, 400, 1.0);
        assert!(z_common > z_rare);
    }

    #[test]
    fn terms_are_words_and_pairs_in_both_languages() {
        use crate::model::Lang;
        let mut g = Grams::new(std::iter::empty());
        let t = terms_of(
            &mut g,
            "The market order of Chinese firms, and 营商环境。",
            Lang::En,
        );
        let has = |w: &str| t.iter().any(|x| x == w);
        assert!(has("market order"), "{t:?}");
        assert!(has("chinese firms"), "{t:?}");
        assert!(!has("the"), "{t:?}");
        assert!(!has("firms and"), "{t:?}");
        assert!(t.iter().any(|w| w.contains("营商")), "{t:?}");
        let trad = terms_of(&mut g, "營商環境", Lang::Zh);
        assert_eq!(trad, terms_of(&mut g, "营商环境", Lang::Zh));
    }

    #[test]
    fn missed_statements_yield_their_typical_words() {
        let rules = RuleSet::from_files(vec![crate::rules::SourceFile {
            path: "t.toml".into(),
            text: "[[rule]]\nid = \"a\"\nlabel = \"ambition\"\nsummary = \"s\"\nphrases = [\"cyber power\"]\n"
                .into(),
        }])
        .unwrap();
        let st = |id: &str, text: &str, themes: Vec<Theme>| Statement {
            lang: crate::model::Lang::En,
            gold: Some(crate::model::Gold::new(Audience::Internal, themes)),
            ..Statement::new(id, text)
        };
        let statements = vec![
            st("1", "We will become a cyber power.", vec![Theme::Ambition]),
            st(
                "2",
                "Latecomers will overtake the leaders in chips.",
                vec![Theme::Ambition],
            ),
            st(
                "3",
                "Latecomers can overtake the leaders in software.",
                vec![Theme::Ambition],
            ),
            st("4", "Grain output rose in the leaders' provinces.", vec![]),
            st("5", "Rice and grain are the rice bowl.", vec![]),
        ];
        let s = suggest(&rules, &statements, SuggestOptions::default());
        let missed = s
            .lists
            .iter()
            .find(|l| l.label == "ambition" && l.group == Group::Missed)
            .unwrap();
        assert_eq!(missed.statements, 2);
        assert_eq!(missed.candidates[0].count, 2);
        let words: Vec<&str> = missed.candidates.iter().map(|c| c.term.as_str()).collect();
        assert!(words.contains(&"latecomers"), "{words:?}");
        assert!(!words.contains(&"grain"), "{words:?}");
        assert_eq!(missed.candidates[0].examples, ["2", "3"]);
        assert!(!s
            .lists
            .iter()
            .any(|l| l.label == "ambition" && l.group == Group::FalsePositive));
    }
}
