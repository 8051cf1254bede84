//! A rule's documentation as plain data, for `rules list` and `rules show`: what it votes for, where it
//! looks, its terms and its examples; and a named term list's.

use crate::rules::lists::TermList;
use crate::rules::{Example, Rule, RuleSet};
use serde::Serialize;

/// Everything a reviewer needs to know about one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleDoc {
    /// The rule's id.
    pub id: String,
    /// What it votes for.
    pub label: String,
    /// Its weight.
    pub weight: f32,
    /// The fields it reads.
    pub fields: Vec<String>,
    /// One line saying what it detects.
    pub summary: String,
    /// Why it exists.
    pub why: String,
    /// Literal phrases (normalised; a trailing `*` matches any word ending).
    pub phrases: Vec<String>,
    /// Regular expressions.
    pub regex: Vec<String>,
    /// Names matched by similarity.
    pub fuzzy: Vec<String>,
    /// The least similarity of a fuzzy match, when the rule has fuzzy terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fuzzy_threshold: Option<f32>,
    /// Groups of terms of which one each must also be found.
    pub requires: Vec<Vec<String>>,
    /// Where the required terms are looked for.
    pub requires_in: Vec<String>,
    /// Greatest distance in characters between a match and a required term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<u32>,
    /// Terms that veto the rule.
    pub excludes: Vec<String>,
    /// Where the excluding terms are looked for.
    pub excludes_in: Vec<String>,
    /// Statements it must fire on, one line each.
    pub must_match: Vec<String>,
    /// Statements it must not fire on, one line each.
    pub must_not_match: Vec<String>,
    /// The named term lists it refers to (`@id`; its terms show the name where the file writes it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<String>,
    /// `file:line` of its definition.
    pub defined_at: String,
}

/// What `rules list --format json` prints: every rule's documentation, then every named term list's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleListing {
    /// Every rule, in file order (each the object `rules show ID --format json` prints).
    pub rules: Vec<RuleDoc>,
    /// Every named term list, in file order (each the object `rules show @id --format json` prints).
    pub lists: Vec<ListDoc>,
}

/// Everything a reviewer needs to know about one named term list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListDoc {
    /// How rules refer to it: `@id`.
    pub id: String,
    /// One line saying what its terms name.
    pub summary: String,
    /// Why it exists.
    pub why: String,
    /// Its terms as written (normalised; `@other` where it takes in another list).
    pub terms: Vec<String>,
    /// Every term it stands for, other lists expanded.
    pub expanded: Vec<String>,
    /// How far from a name one of its terms counts (`within`; only the who's-who's attribution words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<u32>,
    /// The rules, stances and concepts that refer to it.
    pub used_by: Vec<String>,
    /// The lists that take it in.
    pub used_by_lists: Vec<String>,
    /// Texts that must hold one of its terms.
    pub must_match: Vec<String>,
    /// Texts that must hold none of its terms.
    pub must_not_match: Vec<String>,
    /// `file:line` of its definition.
    pub defined_at: String,
}

impl ListDoc {
    /// The documentation of a term list.
    pub fn of(list: &TermList) -> ListDoc {
        ListDoc {
            id: TermList::reference(&list.id),
            summary: list.summary.clone(),
            why: list.why.clone(),
            terms: list.terms.clone(),
            within: list.within,
            expanded: list.expanded.clone(),
            used_by: list.used_by.clone(),
            used_by_lists: list
                .used_by_lists
                .iter()
                .map(|l| TermList::reference(l))
                .collect(),
            must_match: list.must_match.clone(),
            must_not_match: list.must_not_match.clone(),
            defined_at: format!("{}:{}", list.path.display(), list.line),
        }
    }
}

fn mask_fields(mask: u8) -> Vec<String> {
    crate::model::Field::ALL
        .into_iter()
        .filter(|f| mask & f.bit() != 0)
        .map(|f| f.as_str().to_string())
        .collect()
}

fn examples(list: &[Example]) -> Vec<String> {
    list.iter().map(Example::describe).collect()
}

impl RuleDoc {
    /// The documentation of a rule.
    pub fn of(rule: &Rule) -> RuleDoc {
        // A rule that names a list shows its terms as written: the list by its name.
        let (phrases, requires, excludes) = match &rule.written {
            Some(w) => (&w.phrases, &w.requires, &w.excludes),
            None => (&rule.phrases, &rule.requires, &rule.excludes),
        };
        let mut lists: Vec<String> = Vec::new();
        for u in &rule.lists {
            let name = TermList::reference(&u.list);
            if !lists.contains(&name) {
                lists.push(name);
            }
        }
        RuleDoc {
            id: rule.id.clone(),
            label: rule.label.to_string(),
            weight: rule.weight,
            fields: rule.fields.iter().map(|f| f.as_str().to_string()).collect(),
            summary: rule.summary.clone(),
            why: rule.why.clone(),
            phrases: phrases.clone(),
            regex: rule
                .regexes
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
            fuzzy: rule.fuzzy.clone(),
            fuzzy_threshold: (!rule.fuzzy.is_empty()).then_some(rule.fuzzy_threshold),
            requires: requires.clone(),
            requires_in: if rule.requires.is_empty() {
                Vec::new()
            } else {
                mask_fields(rule.requires_mask)
            },
            within: rule.within,
            excludes: excludes.clone(),
            excludes_in: if rule.excludes.is_empty() {
                Vec::new()
            } else {
                mask_fields(rule.excludes_mask)
            },
            must_match: examples(&rule.must_match),
            must_not_match: examples(&rule.must_not_match),
            lists,
            defined_at: format!("{}:{}", rule.path.display(), rule.line),
        }
    }
}

/// Rule ids that look like `id`: those containing it, then the most similar, best first (at most five).
pub fn near_ids(rules: &RuleSet, id: &str) -> Vec<String> {
    let want = id.to_lowercase();
    let mut scored: Vec<(f64, &str)> = rules
        .rules
        .iter()
        .map(|r| {
            let have = r.id.to_lowercase();
            let contains = have.contains(&want) || (want.len() >= 3 && want.contains(&have));
            let sim = strsim::jaro_winkler(&want, &have)
                .max(strsim::normalized_levenshtein(&want, &have));
            (if contains { 1.0 + sim } else { sim }, r.id.as_str())
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(5)
        .map(|(_, id)| id.to_string())
        .collect()
}
