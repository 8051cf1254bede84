//! Named term lists: a list of terms defined once (`[[list]]`) and referred to as `@id` wherever a rule, a
//! frame's stance or a concept accepts a term; the term compiler of `load.rs` expands it.

use crate::error::RuleProblem;
use crate::rules::load::{compile_term, Locator};
use serde::Deserialize;
use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use toml::Spanned;

/// A `[[list]]` table, as read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(expecting = "a [[list]] table with `id`, `summary` and `terms`")]
pub(super) struct RawList {
    id: Spanned<String>,
    summary: String,
    #[serde(default)]
    why: String,
    terms: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    within: Option<Spanned<u32>>,
    #[serde(default)]
    must_match: Vec<Spanned<String>>,
    #[serde(default)]
    must_not_match: Vec<Spanned<String>>,
}

/// The lists on which `within` may be set: the who's-who's attribution words, whose distance from a name it is.
pub const WITHIN_LISTS: &[&str] = &[super::speakers::ATTRIBUTION_LIST];

/// The greatest `within` a list may set: a sentence or so, so that a word of attribution stays next to its name.
pub const MAX_WITHIN: u32 = 200;

/// A named list of terms, checked and expanded.
#[derive(Debug, Clone)]
pub struct TermList {
    /// Its name, referred to as `@id`.
    pub id: String,
    /// One line saying what the terms name.
    pub summary: String,
    /// Why the list exists: the concept it stands for, the traps it avoids.
    pub why: String,
    /// Its terms as written, normalised (`@other` where it takes in another list).
    pub terms: Vec<String>,
    /// How far, in characters, one of its terms may stand from a name to count as near it (`within`): read only
    /// by the who's-who, on the list of its attribution words ([`WITHIN_LISTS`]).
    pub within: Option<u32>,
    /// Every term it stands for, other lists expanded, each once, in order: what a reference compiles to.
    pub expanded: Vec<String>,
    /// Texts in which one of its terms must be found.
    pub must_match: Vec<String>,
    /// Texts in which none of its terms may be found.
    pub must_not_match: Vec<String>,
    /// The rules (stances and concepts too) that refer to it, in rule order.
    pub used_by: Vec<String>,
    /// The other lists that take it in.
    pub used_by_lists: Vec<String>,
    /// The file it was defined in.
    pub path: PathBuf,
    /// Its line in that file.
    pub line: usize,
}

impl TermList {
    /// How a list is written where a term is accepted: `@id`.
    pub fn reference(id: &str) -> String {
        format!("@{id}")
    }
}

/// The named lists a rule's terms came from, per part of the rule, for `explain` and `rules show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUse {
    /// The list the rule names.
    pub list: String,
    /// Where the rule names it.
    pub slot: TermSlot,
    /// The terms it stood for there.
    pub terms: Vec<String>,
}

/// A part of a rule that takes terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermSlot {
    /// `phrases` (a concept's `en` and `zh`).
    Phrases,
    /// A group of `requires` (0-based).
    Requires(usize),
    /// `excludes`.
    Excludes,
}

/// The term parts of a rule as its file writes them (normalised, with `@id` for a list), kept for the rules
/// that name a list, so that `rules show` prints the list's name rather than its expansion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenTerms {
    /// `phrases` as written.
    pub phrases: Vec<String>,
    /// `requires` as written.
    pub requires: Vec<Vec<String>>,
    /// `excludes` as written.
    pub excludes: Vec<String>,
}

/// Every list of a rule set, expanded, with a mark for each list a rule (or a used list) refers to.
#[derive(Debug, Default)]
pub(super) struct ListTable {
    pub(super) lists: Vec<TermList>,
    by_id: HashMap<String, usize>,
    /// Per list, whether a rule referred to it directly.
    used: Vec<Cell<bool>>,
    /// Per list, the file it came from, and the span of its id (for the unused-list problem).
    origin: Vec<(usize, Range<usize>)>,
    /// Per list, the lists it takes in.
    takes: Vec<Vec<usize>>,
}

/// The list id a term refers to, when it is a reference (`@company`).
pub(super) fn reference(term: &str) -> Option<&str> {
    term.trim().strip_prefix('@').map(str::trim)
}

impl ListTable {
    /// Checks and expands the lists of every file (`(file number, list)`): a duplicate id, an empty list, a
    /// bad term, a reference to an unknown list and a cycle are problems, each at its place.
    pub(super) fn build(
        raw: Vec<(usize, Spanned<RawList>)>,
        locs: &[Locator<'_>],
        problems: &mut Vec<RuleProblem>,
    ) -> ListTable {
        let mut table = ListTable::default();
        let mut raws = Vec::new();
        for (file_no, spanned) in raw {
            let loc = &locs[file_no];
            let line = loc.line_of(spanned.span());
            let raw = spanned.into_inner();
            let id = raw.id.get_ref().trim().to_string();
            let named = TermList::reference(&id);
            if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c == '@') {
                problems.push(loc.problem(
                    Some(raw.id.span()),
                    Some(&named),
                    "a list id must be non-empty and contain no spaces and no `@` (rules write `@id` to refer to it)",
                ));
                continue;
            }
            if let Some(&other) = table.by_id.get(&id) {
                let first: &TermList = &table.lists[other];
                problems.push(loc.problem(
                    Some(raw.id.span()),
                    Some(&named),
                    format!(
                        "duplicate list id `{id}` (first defined at {}:{})",
                        first.path.display(),
                        first.line
                    ),
                ));
                continue;
            }
            if raw.terms.get_ref().is_empty() {
                problems.push(loc.problem(
                    Some(raw.terms.span()),
                    Some(&named),
                    format!("list `{id}` is empty: a list needs at least one term"),
                ));
            }
            if let Some(w) = &raw.within {
                if !WITHIN_LISTS.contains(&id.as_str()) {
                    problems.push(loc.problem(
                        Some(w.span()),
                        Some(&named),
                        format!(
                            "`within` is read only on the who's-who's list{} {}: no rule reads it on `@{id}`",
                            if WITHIN_LISTS.len() > 1 { "s" } else { "" },
                            WITHIN_LISTS.iter().map(|l| format!("`@{l}`")).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                } else if !(1..=MAX_WITHIN).contains(w.get_ref()) {
                    problems.push(loc.problem(
                        Some(w.span()),
                        Some(&named),
                        format!(
                            "`within` must be at least 1 and at most {MAX_WITHIN} characters, not {}",
                            w.get_ref()
                        ),
                    ));
                }
            }
            let mut terms = Vec::new();
            for t in raw.terms.get_ref() {
                if let Some(r) = reference(t.get_ref()) {
                    terms.push(TermList::reference(r));
                    continue;
                }
                match compile_term(t.get_ref(), "list") {
                    Ok(n) => terms.push(n),
                    Err(message) => {
                        problems.push(loc.problem(Some(t.span()), Some(&named), message))
                    }
                }
            }
            table.by_id.insert(id.clone(), table.lists.len());
            table.lists.push(TermList {
                id,
                summary: raw.summary,
                why: raw.why,
                terms,
                within: raw.within.as_ref().map(|w| *w.get_ref()),
                expanded: Vec::new(),
                must_match: raw.must_match.iter().map(|s| s.get_ref().clone()).collect(),
                must_not_match: raw
                    .must_not_match
                    .iter()
                    .map(|s| s.get_ref().clone())
                    .collect(),
                used_by: Vec::new(),
                used_by_lists: Vec::new(),
                path: loc.path.to_path_buf(),
                line,
            });
            table.used.push(Cell::new(false));
            table.origin.push((file_no, raw.id.span()));
            raws.push((file_no, raw.terms));
        }
        // The references between lists, each checked at its term's place.
        for (i, (file_no, terms)) in raws.iter().enumerate() {
            let loc = &locs[*file_no];
            let mut takes = Vec::new();
            for t in terms.get_ref() {
                let Some(r) = reference(t.get_ref()) else {
                    continue;
                };
                match table.by_id.get(r) {
                    Some(&j) => takes.push(j),
                    None => problems.push(loc.problem(
                        Some(t.span()),
                        Some(&TermList::reference(&table.lists[i].id)),
                        table.unknown(r),
                    )),
                }
            }
            table.takes.push(takes);
        }
        // Expansion, depth first; a list met again while it is being expanded closes a cycle.
        let n = table.lists.len();
        let mut state = vec![0u8; n];
        let mut expanded: Vec<Option<Vec<String>>> = vec![None; n];
        for i in 0..n {
            let mut path = Vec::new();
            table.expand(
                i,
                &mut state,
                &mut expanded,
                &mut path,
                &raws,
                locs,
                problems,
            );
        }
        for (i, e) in expanded.into_iter().enumerate() {
            table.lists[i].expanded = e.unwrap_or_default();
        }
        for i in 0..n {
            for &j in &table.takes[i] {
                let name = table.lists[i].id.clone();
                if !table.lists[j].used_by_lists.contains(&name) {
                    table.lists[j].used_by_lists.push(name);
                }
            }
        }
        table
    }

    #[allow(clippy::too_many_arguments)]
    fn expand(
        &self,
        i: usize,
        state: &mut [u8],
        expanded: &mut [Option<Vec<String>>],
        path: &mut Vec<usize>,
        raws: &[(usize, Spanned<Vec<Spanned<String>>>)],
        locs: &[Locator<'_>],
        problems: &mut Vec<RuleProblem>,
    ) {
        if state[i] != 0 {
            return;
        }
        state[i] = 1;
        path.push(i);
        let mut out: Vec<String> = Vec::new();
        let (file_no, terms) = &raws[i];
        for (k, t) in self.lists[i].terms.iter().enumerate() {
            match reference(t) {
                None => {
                    if !out.contains(t) {
                        out.push(t.clone());
                    }
                }
                Some(r) => {
                    let Some(&j) = self.by_id.get(r) else {
                        continue;
                    };
                    if state[j] == 1 {
                        let start = path.iter().position(|&p| p == j).unwrap_or(0);
                        let cycle: Vec<String> = path[start..]
                            .iter()
                            .chain([&j])
                            .map(|&p| TermList::reference(&self.lists[p].id))
                            .collect();
                        let span = terms.get_ref().get(k).map(|s| s.span());
                        problems.push(locs[*file_no].problem(
                            span,
                            Some(&TermList::reference(&self.lists[i].id)),
                            format!(
                                "term lists refer to each other in a cycle: {}",
                                cycle.join(" → ")
                            ),
                        ));
                        continue;
                    }
                    self.expand(j, state, expanded, path, raws, locs, problems);
                    for x in expanded[j].iter().flatten() {
                        if !out.contains(x) {
                            out.push(x.clone());
                        }
                    }
                }
            }
        }
        path.pop();
        state[i] = 2;
        expanded[i] = Some(out);
    }

    /// The message for a reference to no list, with the nearest id.
    fn unknown(&self, id: &str) -> String {
        let best = crate::text::nearest(id, self.lists.iter().map(|l| l.id.as_str()));
        match best {
            Some(near) => {
                format!("unknown term list `@{id}`; did you mean `@{near}`?")
            }
            None if self.lists.is_empty() => {
                format!("unknown term list `@{id}`: no [[list]] is defined")
            }
            None => format!("unknown term list `@{id}`"),
        }
    }

    /// The list's `within` (None: no such list, or none set).
    pub(super) fn within_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).and_then(|&i| self.lists[i].within)
    }

    /// The terms a reference stands for, marking the list used; the problem's message when no list has
    /// the id.
    pub(super) fn resolve(&self, id: &str) -> Result<(&str, &[String]), String> {
        match self.by_id.get(id) {
            Some(&i) => {
                self.used[i].set(true);
                Ok((&self.lists[i].id, &self.lists[i].expanded))
            }
            None => Err(self.unknown(id)),
        }
    }

    /// Reports each list that no rule refers to, directly or through a list that one does.
    pub(super) fn report_unused(&self, locs: &[Locator<'_>], problems: &mut Vec<RuleProblem>) {
        let n = self.lists.len();
        let mut live: Vec<bool> = self.used.iter().map(Cell::get).collect();
        let mut stack: Vec<usize> = (0..n).filter(|&i| live[i]).collect();
        while let Some(i) = stack.pop() {
            for &j in &self.takes[i] {
                if !live[j] {
                    live[j] = true;
                    stack.push(j);
                }
            }
        }
        for i in (0..n).filter(|&i| !live[i]) {
            let (file_no, span) = &self.origin[i];
            let id = &self.lists[i].id;
            problems.push(locs[*file_no].problem(
                Some(span.clone()),
                Some(&TermList::reference(id)),
                format!("term list `@{id}` is never used: no rule, stance or concept refers to it (remove it, or refer to it as \"@{id}\")"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::{Error, RuleProblem};
    use crate::model::Field;
    use crate::rules::selftest::run_examples;
    use crate::rules::{Example, RuleSet, Scratch, SourceFile};
    use std::path::PathBuf;

    fn load(files: &[(&str, &str)]) -> Result<RuleSet, Vec<RuleProblem>> {
        let files = files
            .iter()
            .map(|(name, text)| SourceFile {
                path: PathBuf::from(name),
                text: text.to_string(),
            })
            .collect();
        match RuleSet::from_files(files) {
            Ok(set) => Ok(set),
            Err(Error::Rules { problems }) => Err(problems),
            Err(e) => panic!("{e}"),
        }
    }

    const LISTS: &str = "[[list]]\nid = \"company\"\nsummary = \"s\"\nterms = [\"compan*\", \"firms\", \"@state-firm\"]\n\
        must_match = [\"Two firms left.\"]\nmust_not_match = [\"China firmly opposes it.\"]\n\n\
        [[list]]\nid = \"state-firm\"\nsummary = \"s\"\nterms = [\"state owned enterprise*\", \"firms\"]\n";

    fn rule(requires: &str) -> String {
        format!("[[rule]]\nid = \"r\"\nlabel = \"indigenization\"\nsummary = \"s\"\nphrases = [\"ban*\"]\nrequires = [{requires}]\n")
    }

    fn fires(set: &RuleSet, text: &str) -> bool {
        let s = Example {
            fields: vec![(Field::Text, text.to_string())],
        }
        .to_statement("t");
        let r = set.rules.iter().position(|r| r.id == "r").unwrap();
        set.matches(&mut Scratch::default(), &s)
            .iter()
            .any(|h| h.rule == r)
    }

    #[test]
    fn a_reference_stands_for_the_lists_terms_and_the_lists_it_takes_in() {
        // The list is defined in a file read after the rule's: every file's lists are known first.
        let set = load(&[("a.toml", &rule("\"@company\"")), ("b.toml", LISTS)]).unwrap();
        let r = set.rule("r").unwrap();
        assert_eq!(
            r.requires,
            vec![vec!["compan*", "firms", "state owned enterprise*"]]
        );
        assert!(fires(&set, "They ban state-owned enterprises."));
        assert!(fires(&set, "They ban companies."));
        assert!(!fires(&set, "They ban it firmly."));
        // Shown as written, and the term that matched named with its list.
        assert_eq!(r.written.as_ref().unwrap().requires, vec![vec!["@company"]]);
        assert_eq!(r.list_of("state owned enterprise*"), Some("company"));
        assert_eq!(r.list_of("ban*"), None);
        let company = set.list("@company").unwrap();
        assert_eq!(company.used_by, vec!["r"]);
        assert_eq!(
            set.list("state-firm").unwrap().used_by_lists,
            vec!["company"]
        );
        let s = Example {
            fields: vec![(Field::Text, "They ban firms.".to_string())],
        }
        .to_statement("t");
        let hit = set.matches(&mut Scratch::default(), &s);
        let required = hit[0].evidence.iter().find(|e| e.term == "firms").unwrap();
        assert_eq!(required.list.as_deref(), Some("company"));
    }

    #[test]
    fn an_unknown_list_is_located_with_the_nearest_name() {
        let text = "[[rule]]\nid = \"r\"\nlabel = \"indigenization\"\nsummary = \"s\"\nphrases = [\"ban*\", \"@compnay\"]\n";
        let problems = load(&[("a.toml", text), ("b.toml", LISTS)]).unwrap_err();
        let p = problems
            .iter()
            .find(|p| p.message.contains("unknown term list `@compnay`"))
            .unwrap_or_else(|| panic!("{problems:?}"));
        assert!(p.message.contains("did you mean `@company`?"), "{p:?}");
        assert_eq!((p.line, p.column), (Some(5), Some(20)));
        // The list that is never used now is a problem too.
        assert!(problems
            .iter()
            .any(|p| p.message.contains("term list `@company` is never used")));
    }

    #[test]
    fn a_cycle_an_empty_list_and_an_unused_list_are_problems() {
        let lists = "[[list]]\nid = \"a\"\nsummary = \"s\"\nterms = [\"x\", \"@b\"]\n\n\
            [[list]]\nid = \"b\"\nsummary = \"s\"\nterms = [\"y\", \"@a\"]\n\n\
            [[list]]\nid = \"empty\"\nsummary = \"s\"\nterms = []\n\n\
            [[list]]\nid = \"idle\"\nsummary = \"s\"\nterms = [\"z\"]\n";
        let problems = load(&[
            ("a.toml", &rule("\"@a\", \"@empty\"")),
            ("lists.toml", lists),
        ])
        .unwrap_err();
        let at = |needle: &str| {
            problems
                .iter()
                .find(|p| p.message.contains(needle))
                .map(|p| (p.path.display().to_string(), p.line, p.column))
                .unwrap_or_else(|| panic!("no {needle:?} in {problems:?}"))
        };
        assert_eq!(
            at("in a cycle: @a → @b → @a"),
            ("lists.toml".into(), Some(9), Some(15))
        );
        assert_eq!(
            at("list `empty` is empty"),
            ("lists.toml".into(), Some(14), Some(9))
        );
        assert_eq!(
            at("term list `@idle` is never used"),
            ("lists.toml".into(), Some(17), Some(6))
        );
        // Used lists are not reported as unused; the cycle is reported once.
        assert!(!problems
            .iter()
            .any(|p| p.message.contains("`@a` is never used")));
        assert_eq!(
            problems
                .iter()
                .filter(|p| p.message.contains("cycle"))
                .count(),
            1
        );
    }

    #[test]
    fn a_lists_examples_are_run_and_can_fail() {
        let set = load(&[("a.toml", &rule("\"@company\"")), ("b.toml", LISTS)]).unwrap();
        let outcomes: Vec<_> = run_examples(&set)
            .into_iter()
            .filter(|o| o.rule == "@company")
            .collect();
        assert_eq!(outcomes.len(), 2);
        assert!(outcomes.iter().all(|o| o.passed), "{outcomes:?}");
        // A must_not_match text holding one of the terms fails.
        let bad = LISTS.replace("China firmly opposes it.", "Many companies left.");
        let set = load(&[("a.toml", &rule("\"@company\"")), ("b.toml", &bad)]).unwrap();
        let failed: Vec<_> = run_examples(&set)
            .into_iter()
            .filter(|o| !o.passed)
            .collect();
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert_eq!(failed[0].rule, "@company");
        assert!(!failed[0].must_match);
    }

    #[test]
    fn fuzzy_terms_cannot_name_a_list() {
        let text = "[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nfields = [\"role\"]\nfuzzy = [\"@company\"]\n";
        let problems = load(&[("a.toml", text), ("b.toml", LISTS)]).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("a fuzzy term cannot name a term list")),
            "{problems:?}"
        );
    }
}
