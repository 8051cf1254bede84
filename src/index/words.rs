//! The `words` stored field: a statement's distinct index terms, as its text field's analyzer made them when
//! it was indexed, each with the word as first written where that differs. `contrast` reads them back
//! instead of running jieba or the stemmer over every statement again (that was a fifth of its time).
//!
//! Encoding: the terms sorted (bytes), one a line; a term whose first occurrence in the text is written
//! otherwise (capitals, traditional characters, an unstemmed form) is followed by a tab and that surface.
//! A text with a term or surface holding a tab or a line break gets no `words` value, and its readers
//! tokenise the text as before; so the decoded list is always exactly the tokenizer's.

use tantivy::tokenizer::Token;

/// The `words` value of a text and its tokens (from the analyzer of the text's field), or `None` when a
/// term or surface cannot be written in the encoding.
pub fn encode(text: &str, tokens: &[Token]) -> Option<String> {
    let mut words: Vec<(&str, &str)> = tokens
        .iter()
        .map(|t| {
            let surface = text.get(t.offset_from..t.offset_to).unwrap_or(&t.text);
            (t.text.as_str(), surface)
        })
        .collect();
    // A stable sort: the first occurrence of each term stays first, and is the one kept.
    words.sort_by(|a, b| a.0.cmp(b.0));
    words.dedup_by(|a, b| a.0 == b.0);
    let bad = |s: &str| s.contains(['\t', '\n']);
    let mut out = String::with_capacity(words.iter().map(|w| w.0.len() + 1).sum());
    for (term, surface) in words {
        if bad(term) || bad(surface) {
            return None;
        }
        out.push_str(term);
        if surface != term {
            out.push('\t');
            out.push_str(surface);
        }
        out.push('\n');
    }
    Some(out)
}

/// The (term, surface) pairs of a `words` value, sorted by term, each term once.
pub fn decode(words: &str) -> impl Iterator<Item = (&str, &str)> {
    words.lines().map(|line| match line.split_once('\t') {
        Some((term, surface)) => (term, surface),
        None => (line, line),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(from: usize, to: usize, term: &str) -> Token {
        Token {
            offset_from: from,
            offset_to: to,
            position: 0,
            text: term.to_string(),
            position_length: 1,
        }
    }

    #[test]
    fn terms_sorted_once_with_the_first_surface() {
        let text = "Chips and chips";
        let tokens = [
            token(0, 5, "chip"),
            token(6, 9, "and"),
            token(10, 15, "chip"),
        ];
        let words = encode(text, &tokens).unwrap();
        assert_eq!(words, "and\nchip\tChips\n");
        let back: Vec<(&str, &str)> = decode(&words).collect();
        assert_eq!(back, vec![("and", "and"), ("chip", "Chips")]);
        assert_eq!(encode("", &[]).unwrap(), "");
        assert_eq!(decode("").count(), 0);
    }

    #[test]
    fn a_tab_or_line_break_leaves_the_value_out() {
        let text = "a\tb";
        assert_eq!(encode(text, &[token(0, 3, "a\tb")]), None);
        assert_eq!(encode(text, &[token(0, 3, "ab")]), None);
    }
}
