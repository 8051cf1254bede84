//! A user's phrase (and its other forms) compiled by the one term compiler of the rules and counted in a
//! text: what `trend` counts. The forms are terms exactly as a rule's `phrases` are: normalised, a trailing
//! `*` for any word ending, Latin forms on word boundaries, and matched across a short bracketed gloss or a
//! quotation or title mark (docs/rules.md › Matching). A second implementation of that syntax would drift
//! from the rules' (it did: before session 61 `trend` did not cross a gloss).

use super::{load, matcher, Label, Rule};
use crate::model::Field;
use crate::text::Normalized;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A rule that finds any of `phrases` (already compiled terms) in the text and nothing else: how a term
/// list's examples (`rules test`) and a user's phrase are matched by the one matcher.
pub(super) fn text_rule(
    id: String,
    summary: String,
    phrases: Vec<String>,
    path: PathBuf,
    line: usize,
) -> Rule {
    Rule {
        id,
        label: Label::Concept(u16::MAX),
        summary,
        why: String::new(),
        fields: vec![Field::Text],
        field_mask: Field::Text.bit(),
        weight: 1.0,
        level: None,
        dates: None,
        lang: None,
        phrases,
        regexes: Vec::new(),
        fuzzy: Vec::new(),
        fuzzy_threshold: 0.9,
        requires: Vec::new(),
        requires_mask: Field::Text.bit(),
        excludes_mask: Field::Text.bit(),
        within: None,
        excludes: Vec::new(),
        must_match: Vec::new(),
        must_not_match: Vec::new(),
        attribution: None,
        lists: Vec::new(),
        written: None,
        path,
        line,
    }
}

/// The forms of a phrase, compiled as rule terms, counted in texts.
pub struct PhraseSet {
    /// The compiled forms, a prefix form with its trailing `*`.
    forms: Vec<String>,
    matcher: matcher::Matcher,
    norm: Normalized,
    spans: Vec<(usize, usize)>,
}

impl std::fmt::Debug for PhraseSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseSet")
            .field("forms", &self.forms)
            .finish()
    }
}

impl PhraseSet {
    /// The forms compiled as rule terms ([`load::compile_term`]); empty forms and forms equal to an
    /// earlier one after compiling are dropped. `Ok(None)` when no form is left; `Err` with the term
    /// compiler's message when a form is no term (a `*` inside it).
    pub fn new<S: AsRef<str>>(forms: &[S]) -> Result<Option<PhraseSet>, String> {
        let mut compiled: Vec<String> = Vec::new();
        for f in forms {
            let f = f.as_ref().trim();
            if crate::text::normalize_term(f.trim_end_matches('*')).is_empty() {
                continue;
            }
            let t = load::compile_term(f, "phrase")?;
            if !compiled.contains(&t) {
                compiled.push(t);
            }
        }
        if compiled.is_empty() {
            return Ok(None);
        }
        let rule = text_rule(
            "phrase".into(),
            String::new(),
            compiled.clone(),
            PathBuf::from("<phrase>"),
            0,
        );
        let matcher = matcher::Matcher::new(&[rule], &BTreeMap::new());
        Ok(Some(PhraseSet {
            forms: compiled,
            matcher,
            norm: Normalized::default(),
            spans: Vec::new(),
        }))
    }

    /// The compiled forms, as a reader should see them: normalised, a form that allows any ending with its
    /// `*` ("technolog*").
    pub fn forms(&self) -> &[String] {
        &self.forms
    }

    /// How many times the forms occur in a text, not overlapping: from the left, the longest match at
    /// each place (a prefix form's match runs to the end of its word; a match across a gloss takes the
    /// gloss in).
    pub fn count(&mut self, text: &str) -> u64 {
        self.norm.set_text(text);
        self.spans.clear();
        self.matcher.phrase_spans(&self.norm.text, &mut self.spans);
        self.spans
            .sort_unstable_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
        let mut n = 0;
        let mut free_from = 0;
        for &(start, end) in &self.spans {
            if start >= free_from {
                n += 1;
                free_from = end;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(forms: &[&str]) -> PhraseSet {
        PhraseSet::new(forms).unwrap().unwrap()
    }

    #[test]
    fn a_star_form_allows_any_ending() {
        let mut m = set(&["semiconductor*", "chip"]);
        assert_eq!(
            m.count("Semiconductors and chips; a semiconductor chip."),
            3
        );
        assert_eq!(m.forms(), ["semiconductor*", "chip"]);
    }

    #[test]
    fn forms_match_across_scripts_and_on_word_boundaries() {
        let mut m = set(&["Cyber Power", "网络强国"]);
        assert_eq!(m.count("China, a cyber-power? A CYBER POWER!"), 2);
        assert_eq!(m.count("建設網絡強國，网络强国"), 2);
        assert_eq!(m.count("cyber powerful cyberpower"), 0);
        assert!(PhraseSet::new(&["  ", "", "*"]).unwrap().is_none());
    }

    #[test]
    fn a_phrase_matches_across_a_gloss_or_a_mark_as_every_rule_term_does() {
        let mut m = set(&["artificial intelligence governance", "一带一路倡议"]);
        assert_eq!(m.count("artificial intelligence (AI) governance"), 1);
        assert_eq!(m.count("共建“一带一路”倡议，《一带一路》倡议"), 2);
        // A bracketed clause is no gloss, and a list in brackets joins nothing.
        assert_eq!(
            m.count("artificial intelligence (which it denies) governance"),
            0
        );
        let mut c = set(&["clean network program"]);
        assert_eq!(c.count("the \u{201c}Clean Network\u{201d} program"), 1);
        assert_eq!(c.count("a clean network programme"), 0);
    }

    #[test]
    fn overlapping_forms_count_once_the_longest_from_the_left() {
        let mut m = set(&["cyber power", "power", "网络强国", "强国"]);
        assert_eq!(m.count("a cyber power and a power"), 2);
        assert_eq!(m.count("网络强国和强国"), 2);
        // A longer form that fails its word boundary leaves the shorter one counted.
        let mut p = set(&["power", "power plan"]);
        assert_eq!(p.count("power planning"), 1);
    }

    #[test]
    fn a_star_inside_a_form_is_refused_as_in_a_rule() {
        let e = PhraseSet::new(&["benefit* the world"]).unwrap_err();
        assert!(e.contains("not a wildcard"), "{e}");
    }
}
