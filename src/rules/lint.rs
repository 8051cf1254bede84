//! Checks that find rule terms which can never match: a phrase that always contains one of the rule's own
//! excluding terms, a regex that matches the empty string or holds characters normalised text never has.

use crate::text::on_word_boundaries;

/// The first of `excludes` that occurs in every match of `phrase` (both normalised; a trailing `*` marks a
/// prefix term), honouring word boundaries as the matcher does. Such a phrase vetoes its own rule.
pub fn excluder_of<'a>(phrase: &str, excludes: &'a [String]) -> Option<&'a str> {
    let p_prefix = phrase.ends_with('*');
    let p = phrase.trim_end_matches('*');
    excludes.iter().map(String::as_str).find(|e| {
        let e_prefix = e.ends_with('*');
        let stem = e.trim_end_matches('*');
        p.match_indices(stem).any(|(i, m)| {
            let end = i + m.len();
            // At the end of a prefix phrase the word may go on, so a whole-word exclude is not certain there.
            let open_end = p_prefix
                && end == p.len()
                && !e_prefix
                && stem
                    .chars()
                    .next_back()
                    .is_some_and(crate::text::is_word_char);
            !open_end && on_word_boundaries(p, i, end, !e_prefix)
        })
    })
}

/// A character that normalisation never leaves in text (upper case, traditional Chinese, dashes, curly
/// quotes, whitespace other than a space), so a regex that requires it can never match.
pub fn never_normalised(c: char) -> bool {
    if c == ' ' {
        return false;
    }
    let mut n = crate::text::Normalized::default();
    let s = c.to_string();
    n.set(&s);
    n.text != s
}

/// Problems of a compiled regex: matching the empty string, or literal characters that normalised text
/// never holds. Each is a message ready for a [`crate::error::RuleProblem`].
pub fn regex_problems(pattern: &str, re: &regex::Regex) -> Vec<String> {
    let mut out = Vec::new();
    if re.is_match("") {
        out.push(format!(
            "regex `{pattern}` matches the empty string, so the rule fires on every statement"
        ));
    }
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
        return out;
    };
    let mut bad: Vec<char> = Vec::new();
    literal_chars(&hir, &mut |c| {
        if never_normalised(c) && !bad.contains(&c) {
            bad.push(c);
        }
    });
    if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().map(|c| format!("`{c}`")).collect();
        out.push(format!(
            "regex `{pattern}` requires {}, which never occur in normalised text (lower case, simplified Chinese, \
             dashes and underscores as spaces, straight quotes), so that part can never match",
            shown.join(", ")
        ));
    }
    out
}

fn literal_chars(hir: &regex_syntax::hir::Hir, f: &mut dyn FnMut(char)) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Literal(lit) => String::from_utf8_lossy(&lit.0).chars().for_each(&mut *f),
        HirKind::Repetition(r) => literal_chars(&r.sub, f),
        HirKind::Capture(c) => literal_chars(&c.sub, f),
        HirKind::Concat(xs) | HirKind::Alternation(xs) => {
            xs.iter().for_each(|x| literal_chars(x, f))
        }
        HirKind::Empty | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excluders_respect_word_boundaries_and_prefixes() {
        let ex = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            excluder_of("party congress", &ex(&["party"])),
            Some("party")
        );
        assert_eq!(excluder_of("party", &ex(&["art"])), None);
        assert_eq!(excluder_of("party", &ex(&["art*"])), None);
        assert_eq!(
            excluder_of("agricultural", &ex(&["agricultur*"])),
            Some("agricultur*")
        );
        assert_eq!(excluder_of("technolog*", &ex(&["technolog"])), None);
        assert_eq!(excluder_of("党代会", &ex(&["代会"])), Some("代会"));
    }

    #[test]
    fn regex_literals_checked_against_normalisation() {
        let p = |s: &str| regex_problems(s, &regex::Regex::new(s).unwrap());
        assert!(p("self reliance").is_empty());
        assert!(p("(?i)MFA").is_empty());
        assert!(p("MFA")[0].contains("`M`, `F`, `A`"));
        assert!(p("self-reliance")[0].contains("`-`"));
        assert!(p("網絡")[0].contains("`網`, `絡`"));
        assert!(p("x*")[0].contains("matches the empty string"));
    }
}
