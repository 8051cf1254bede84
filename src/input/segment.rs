//! Cuts a paragraph into sentences with sentencex, which knows abbreviations such as "U.S.", "Dr." and
//! "p.m." and keeps a closing quote with its sentence; Chinese text is cut after 。！？ (and their
//! half-width forms) together with any closing quotes or brackets that follow.

use crate::model::Lang;

/// Characters that close a quotation or bracket and stay with the sentence before them.
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '"', '\'', '》', '】'];
/// Sentence-ending punctuation in Chinese text.
const ZH_ENDS: &[char] = &['。', '！', '？', '!', '?', '；'];

/// The sentences of `text`, trimmed, in order; their concatenation (less whitespace) is `text`.
pub fn sentences(text: &str, lang: Lang) -> Vec<&str> {
    match lang {
        Lang::En => rejoin_after_abbreviations(
            text,
            sentencex::segment("en", text)
                .into_iter()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect(),
        ),
        Lang::Zh => zh_sentences(text),
    }
}

/// Puts back a one-word "sentence" that sentencex cut after a dotted abbreviation such as "a.m." or
/// "p.m." ("convened at 10 a.m. Monday."): a single word is not a sentence of a statement.
fn rejoin_after_abbreviations<'a>(text: &'a str, pieces: Vec<&'a str>) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if let Some(prev) = out.last_mut() {
            let dotted = prev.rsplit(' ').next().is_some_and(|w| {
                w.len() >= 4
                    && w.ends_with('.')
                    && w.matches('.').count() >= 2
                    && w.chars().all(|c| c.is_ascii_lowercase() || c == '.')
            });
            if dotted && !piece.contains(char::is_whitespace) {
                // Both are slices of `text`: the joined sentence is the span from one to the other.
                let start = prev.as_ptr() as usize - text.as_ptr() as usize;
                let end = piece.as_ptr() as usize - text.as_ptr() as usize + piece.len();
                *prev = &text[start..end];
                continue;
            }
        }
        out.push(piece);
    }
    out
}

/// Chinese sentences: after an end mark, its run of repeated end marks and closers belongs to the
/// sentence; a quotation that is still open does not end (`“……。”他说。` is one sentence).
fn zh_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: i32 = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '“' | '「' | '『' | '（' | '《' => depth += 1,
            '”' | '」' | '』' | '）' | '》' => depth = (depth - 1).max(0),
            _ => {}
        }
        if !ZH_ENDS.contains(&c) || depth > 0 {
            continue;
        }
        // `?` and `!` between Latin letters (a URL, "Yahoo!") do not end a Chinese sentence.
        if matches!(c, '?' | '!') && chars.peek().is_some_and(|(_, n)| n.is_ascii_alphanumeric()) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            if ZH_ENDS.contains(&n) || CLOSERS.contains(&n) {
                end = j + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let s = text[start..end].trim();
        if !s.is_empty() {
            out.push(s);
        }
        start = end;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(expecting = "a table with `audience` and `themes`")]
    struct Gold {
        lang: Lang,
        source: String,
        text: String,
        sentences: Vec<String>,
    }

    /// Every paragraph of the gold file (real text from the sources it names) is cut exactly as written
    /// there: this is the measure of the segmenter, and every row must pass.
    #[test]
    fn matches_the_gold_file() {
        let gold = include_str!("../../fixtures/documents/sentences-gold.jsonl");
        let mut rows = 0;
        let mut sentences_total = 0;
        let mut wrong = Vec::new();
        for line in gold.lines() {
            let g: Gold = serde_json::from_str(line).unwrap();
            rows += 1;
            sentences_total += g.sentences.len();
            let got = sentences(&g.text, g.lang);
            if got != g.sentences {
                wrong.push(format!(
                    "{}\n  want {:?}\n  got  {:?}",
                    g.source, g.sentences, got
                ));
            }
        }
        assert!(
            rows >= 10 && sentences_total >= 25,
            "{rows} rows, {sentences_total} sentences"
        );
        assert!(
            wrong.is_empty(),
            "{} of {rows} paragraphs cut wrongly:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn an_open_quotation_does_not_end_a_chinese_sentence() {
        assert_eq!(
            sentences("他说：“我们反对。我们坚决反对！”随后离开。", Lang::Zh),
            vec!["他说：“我们反对。我们坚决反对！”随后离开。"]
        );
        assert_eq!(
            sentences("是吗？！”对。", Lang::Zh),
            vec!["是吗？！”", "对。"]
        );
    }
}
