//! Quotes and ellipses drawn in the form of the text around them: proportional in English, full-width in Chinese.
//!
//! The CJK font maps ‘ ’ “ ” … to full-width glyphs, as Chinese typesetting wants; in an English title they
//! leave an em of blank beside each quote ("“ cyber power ”"). The font's proportional forms (its `pwid`
//! glyphs) cannot be reached through OpenType features, which usvg does not apply, nor through a second
//! font, which usvg overrules when the first has every character of the text; so the embedded subset maps
//! them to private-use code points ([`LATIN_FORMS`], `fonts/make_subset.py`), and each such character of a
//! Latin text is written as its private-use twin before usvg lays the text out. Charts leave twovoices
//! with text as paths, so no reader ever sees a private-use character.

use crate::text::is_cjk;

/// Each character the font draws full-width, and the private-use code point of its proportional form.
const LATIN_FORMS: [(char, char); 5] = [
    ('‘', '\u{E000}'),
    ('’', '\u{E001}'),
    ('“', '\u{E002}'),
    ('”', '\u{E003}'),
    ('…', '\u{E004}'),
];

/// Whether a text is Latin, so that its quotes and ellipses take the proportional form: at least as many
/// Latin letters as Chinese characters outside “…” (what a quotation holds does not decide the sentence's
/// typography: an English title quoting 网络强国 is English); a text that is all quotation is judged by
/// what it quotes.
fn is_latin_text(text: &str) -> bool {
    let (mut depth, mut outside, mut inside) = (0usize, (0usize, 0usize), (0usize, 0usize));
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ => {
                let count = if depth == 0 {
                    &mut outside
                } else {
                    &mut inside
                };
                if is_cjk(c) {
                    count.1 += 1;
                } else if c.is_alphabetic() {
                    count.0 += 1;
                }
            }
        }
    }
    let (latin, cjk) = if outside == (0, 0) { inside } else { outside };
    latin >= cjk
}

/// A text with its quotes and ellipses in the proportional form if it is Latin; `None` if nothing changes.
fn latin_forms(text: &str) -> Option<String> {
    let latin_form = |c: char| LATIN_FORMS.iter().find(|(from, _)| *from == c).map(|f| f.1);
    if !text.chars().any(|c| latin_form(c).is_some()) || !is_latin_text(text) {
        return None;
    }
    Some(text.chars().map(|c| latin_form(c).unwrap_or(c)).collect())
}

/// A text as it will be drawn (for measuring it): quotes and ellipses of a Latin text proportional.
pub(super) fn as_drawn(text: &str) -> std::borrow::Cow<'_, str> {
    latin_forms(text).map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// plotters' SVG with the quotes and ellipses of every Latin `<text>` in their proportional form. The
/// content is escaped XML; its entities are ASCII and letters, which only make a text count as more Latin.
pub(super) fn latin_punctuation(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(open) = rest.find("<text") {
        let Some(start) = rest[open..].find('>').map(|i| open + i + 1) else {
            break;
        };
        let Some(end) = rest[start..].find("</text>").map(|i| start + i) else {
            break;
        };
        out.push_str(&rest[..start]);
        let content = &rest[start..end];
        match latin_forms(content) {
            Some(latin) => out.push_str(&latin),
            None => out.push_str(content),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_text_takes_latin_quotes_chinese_keeps_full_width() {
        assert!(is_latin_text("“cyber power”: uses per 1,000 statements"));
        // An English sentence quoting Chinese is English.
        assert!(is_latin_text(
            "“网络强国 / 网络大国”: uses per 1,000 statements"
        ));
        assert!(!is_latin_text("“卡脖子”技术"));
        assert!(!is_latin_text("“网络强国”"));
        assert!(is_latin_text("“cyber power”"));
    }

    #[test]
    fn only_latin_texts_are_rewritten() {
        let svg = "<svg><text x=\"1\">“cyber power / …” &amp; China’s: uses</text>\
                   <text>“网络强国”的提法……</text><text>no quotes</text></svg>";
        assert_eq!(
            latin_punctuation(svg),
            "<svg><text x=\"1\">\u{E002}cyber power / \u{E004}\u{E003} &amp; China\u{E001}s: uses</text>\
             <text>“网络强国”的提法……</text><text>no quotes</text></svg>"
        );
    }
}
