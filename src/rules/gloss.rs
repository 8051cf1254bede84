//! What a phrase may match across: a short bracketed gloss ("artificial intelligence (AI) governance",
//! 第五代移动通信（5G）技术) and a quotation or title mark around a name inside it (the "Clean Network"
//! program, “一带一路”倡议). The matcher finds every term in the normalised text first, then once more in
//! a copy of the text around each such place with the gloss or mark left out, and keeps the matches that
//! span the place (docs/rules.md › Matching › Across a gloss). A bracketed clause ("(which it denies)",
//! （记者表示…）) is no gloss: see [`is_gloss`].

/// The most characters a gloss may have inside its brackets.
pub(crate) const GLOSS_MAX_CHARS: usize = 24;
/// The most Latin-script words (or numbers) a gloss may have.
pub(crate) const GLOSS_MAX_WORDS: usize = 4;
/// The most Han characters a gloss may have.
pub(crate) const GLOSS_MAX_HAN: usize = 8;

/// Words that make bracketed text a clause or a note, not a name: pronouns, verbs of saying and being,
/// relative and negative words, and the reader's directions ("see", "e.g.").
const CLAUSE_WORDS: &[&str] = &[
    "which",
    "who",
    "whom",
    "whose",
    "that",
    "this",
    "it",
    "its",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "not",
    "no",
    "we",
    "they",
    "he",
    "she",
    "i",
    "you",
    "our",
    "their",
    "should",
    "will",
    "would",
    "can",
    "could",
    "may",
    "must",
    "said",
    "says",
    "say",
    "see",
    "eg",
    "ie",
    "including",
    "such",
    "as",
    "hereinafter",
    "hereafter",
    "referred",
    "translator",
    "note",
];

/// Han words that make bracketed Chinese a clause: verbs of saying, thinking and being.
const CLAUSE_HAN: &[&str] = &["表示", "认为", "指出", "强调", "说", "是", "称为", "据"];

/// Whether the text between a pair of brackets is a gloss (an abbreviation, a short alias or name, a
/// date or number, a pinyin reading) that a phrase may go across: at most [`GLOSS_MAX_CHARS`]
/// characters, no clause punctuation (commas, 、, semicolons, colons, full stops, question or exclamation
/// marks), at most [`GLOSS_MAX_WORDS`] Latin words and [`GLOSS_MAX_HAN`] Han characters, and none of the
/// words of a clause ([`CLAUSE_WORDS`], [`CLAUSE_HAN`]). `inner` is normalised text (lower case).
pub(crate) fn is_gloss(inner: &str) -> bool {
    let inner = inner.trim();
    if inner.is_empty() || inner.chars().count() > GLOSS_MAX_CHARS {
        return false;
    }
    if inner.contains([
        ',', '，', '、', ';', '；', '。', ':', '：', '!', '！', '?', '？', '(', ')', '（', '）',
    ]) {
        return false;
    }
    let mut words = 0;
    for w in inner
        .split(|c: char| !crate::text::is_word_char(c) && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if CLAUSE_WORDS.contains(&w.replace('.', "").as_str()) {
            return false;
        }
    }
    if words > GLOSS_MAX_WORDS {
        return false;
    }
    let han = inner.chars().filter(|c| crate::text::is_han(*c)).count();
    han <= GLOSS_MAX_HAN && !CLAUSE_HAN.iter().any(|w| inner.contains(w))
}

/// Bytes that begin every place [`cuts`] can find (the brackets, straight quotation marks after
/// normalisation, and the first byte of the CJK brackets, quotation and title marks): a text with none of
/// them has no place to cut, which is most texts.
fn may_cut(b: u8) -> bool {
    matches!(b, b'(' | b'"' | b'\'' | 0xE3 | 0xEF)
}

/// Whether `c` is a quotation or title mark that a phrase may go across (after normalisation, which makes
/// curly quotation marks straight): " 《 》 〈 〉 「 」 『 』 and the full-width ＂.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '《' | '》' | '〈' | '〉' | '「' | '」' | '『' | '』' | '＂'
    )
}

/// The places of a normalised text that a phrase may go across, as byte ranges in order, not overlapping:
/// each short bracketed gloss with its brackets (and one space after it when a space comes before it too,
/// so that "intelligence (ai) governance" reads "intelligence governance"), each quotation or title mark,
/// and a single quotation mark (') that opens a word after a space or closes one before a space or
/// punctuation, never an apostrophe inside a word ("china's").
pub(crate) fn cuts(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !text.bytes().any(may_cut) {
        return out;
    }
    let word = |c: Option<char>| c.is_some_and(crate::text::is_word_char);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '（' => {
                let rest = &text[i + c.len_utf8()..];
                let Some(close) = rest.find([')', '）', '(', '（']) else {
                    continue;
                };
                let inner = &rest[..close];
                let closing = rest[close..].chars().next();
                if !matches!(closing, Some(')' | '）')) || !is_gloss(inner) {
                    continue;
                }
                let mut end = i + c.len_utf8() + close + closing.map_or(0, char::len_utf8);
                if text[..i].ends_with(' ') && text[end..].starts_with(' ') {
                    end += 1;
                }
                out.push((i, end));
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            '\'' => {
                let before = text[..i].chars().next_back();
                let after = text[i + 1..].chars().next();
                let opens = !word(before) && before != Some('\'') && word(after);
                let closes = word(before) && !word(after) && after != Some('\'');
                if opens || closes {
                    out.push((i, i + 1));
                }
            }
            c if is_mark(c) => out.push((i, i + c.len_utf8())),
            _ => {}
        }
    }
    out
}

/// A stretch of a text with the cuts inside it left out, and the way back to the text.
#[derive(Debug)]
pub(crate) struct Window {
    /// The stretch, cuts left out.
    pub(crate) text: String,
    /// Where the stretch begins in the text.
    from: usize,
    /// For each cut left out, where it was in `text` (the byte it was before) and how many bytes of the
    /// original text were left out up to and including it.
    joins: Vec<(usize, usize)>,
}

impl Window {
    /// Whether a match at `start..end` of the window spans a place where a cut was left out.
    pub(crate) fn spans_a_cut(&self, start: usize, end: usize) -> bool {
        self.joins.iter().any(|&(at, _)| start < at && at < end)
    }

    /// The offset in the original text of offset `at` of the window; at a join, the place before the
    /// cut when `end` (a match ends there), after it otherwise.
    pub(crate) fn original(&self, at: usize, end: bool) -> usize {
        let removed = self
            .joins
            .iter()
            .take_while(|&&(j, _)| j < at || (j == at && !end))
            .last()
            .map_or(0, |&(_, r)| r);
        self.from + at + removed
    }
}

/// The windows of `text` around its `cuts`: each reaches `reach` bytes (the longest term) before its first
/// cut and after its last one, so that every term match that spans a cut lies inside one; cuts closer
/// than that share a window.
pub(crate) fn windows(text: &str, cuts: &[(usize, usize)], reach: usize) -> Vec<Window> {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut out: Vec<Window> = Vec::new();
    let mut k = 0;
    while k < cuts.len() {
        let from = floor(cuts[k].0.saturating_sub(reach));
        let mut last = k;
        while last + 1 < cuts.len() && cuts[last + 1].0 <= cuts[last].1 + 2 * reach {
            last += 1;
        }
        let to = ceil(cuts[last].1 + reach);
        let mut w = Window {
            text: String::with_capacity(to - from),
            from,
            joins: Vec::new(),
        };
        let (mut at, mut removed) = (from, 0);
        for &(a, b) in &cuts[k..=last] {
            w.text.push_str(&text[at..a]);
            removed += b - a;
            w.joins.push((w.text.len(), removed));
            at = b;
        }
        w.text.push_str(&text[at..to]);
        out.push(w);
        k = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        cuts(text).iter().map(|&(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn abbreviations_aliases_dates_and_readings_are_glosses() {
        for g in [
            "ai",
            "bri",
            "5g",
            "r&d",
            "the us",
            "2021 2025",
            "unified air interface",
            "5g",
            "以下简称《纲要》",
            "chǎn",
            "军民融合",
            "7月8日",
            "u.s.",
        ] {
            assert!(is_gloss(g), "{g}");
        }
    }

    #[test]
    fn clauses_lists_and_notes_are_not_glosses() {
        for g in [
            "which it denies",
            "see below",
            "that has",
            "we should",
            "rmb, the same below",
            "science, technology, engineering and mathematics",
            "hereinafter referred to as the law",
            "chairman of the central military commission",
            "记者表示",
            "这是第一次",
            "太原、阳泉、长治、晋城",
            "一项专利族包括在不同国家申请并享有共同优先权的多件专利",
            "",
        ] {
            assert!(!is_gloss(g), "{g}");
        }
    }

    #[test]
    fn cuts_are_glosses_and_marks_not_apostrophes() {
        assert_eq!(
            cut("artificial intelligence (ai) governance"),
            vec!["(ai) "]
        );
        assert_eq!(cut("人工智能（ai）治理"), vec!["（ai）"]);
        assert_eq!(cut("the \"clean network\" program"), vec!["\"", "\""]);
        assert_eq!(
            cut("“一带一路”倡议".replace(['“', '”'], "\"").as_str()),
            vec!["\"", "\""]
        );
        assert_eq!(cut("《网络安全法》规定"), vec!["《", "》"]);
        assert_eq!(cut("china's chips and xi'an"), Vec::<&str>::new());
        assert_eq!(cut("the so called 'clean network' plan"), vec!["'", "'"]);
        assert_eq!(cut("the us (which it denies) said"), Vec::<&str>::new());
        assert_eq!(cut("no brackets at all"), Vec::<&str>::new());
    }

    #[test]
    fn a_window_maps_back_across_its_cuts() {
        let text = "we support artificial intelligence (ai) governance and \"clean\" words";
        let cs = cuts(text);
        let ws = windows(text, &cs, 200);
        assert_eq!(ws.len(), 1);
        let w = &ws[0];
        assert_eq!(
            w.text,
            "we support artificial intelligence governance and clean words"
        );
        let s = w.text.find("artificial").unwrap();
        let e = w.text.find(" and").unwrap();
        assert!(w.spans_a_cut(s, e));
        assert_eq!(
            &text[w.original(s, false)..w.original(e, true)],
            "artificial intelligence (ai) governance"
        );
        let g = w.text.find("governance").unwrap();
        assert!(!w.spans_a_cut(g, e));
        assert_eq!(
            &text[w.original(g, false)..w.original(e, true)],
            "governance"
        );
    }

    #[test]
    fn far_cuts_get_windows_of_their_own() {
        let text = format!("a (b) {}c (d) e", "x ".repeat(50));
        let ws = windows(&text, &cuts(&text), 5);
        assert_eq!(ws.len(), 2);
        assert_eq!(ws[0].text, "a x x x");
        let last = &ws[1];
        assert!(last.text.ends_with("x c e"), "{}", last.text);
        let back = &text[last.original(0, false)..];
        assert_eq!(back.replacen("(d) ", "", 1), last.text);
    }
}
