//! Text normalisation for matching: case folding, traditional to simplified Chinese, unified
//! punctuation, with a map back to the original byte offsets so evidence quotes the statement itself.

/// True for Han characters and CJK punctuation (no word boundaries apply to them).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// True for Han ideographs (CJK unified ideographs, extensions and compatibility ideographs), not
/// CJK punctuation or full-width forms.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The candidate most like `name` for a "did you mean" in an error message: the highest Jaro-Winkler
/// similarity of at least 0.8 (of equally close candidates, the last), or none.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// True for characters that form Latin-script words (letters and digits outside CJK).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// A normalised field value and the way back to the original.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// The normalised text that matchers run on.
    pub text: String,
    /// For each byte of `text`, the byte offset in the original; empty when they coincide.
    map: Vec<u32>,
    /// Length of the original, so an end offset can be mapped.
    orig_len: usize,
}

impl Normalized {
    /// Normalises `original` into `self`, reusing the buffers.
    pub fn set(&mut self, original: &str) {
        self.fill::<true>(original);
    }

    /// Normalises `original` into `self` without the map back to it: the same `text` as [`Normalized::set`]
    /// makes, for readers of the text alone (the word models); [`Normalized::original_span`] must not be
    /// asked.
    pub fn set_text(&mut self, original: &str) {
        self.fill::<false>(original);
    }

    /// Normalises `original`; with `MAP`, records the map back to it.
    fn fill<const MAP: bool>(&mut self, original: &str) {
        self.text.clear();
        self.map.clear();
        self.orig_len = original.len();
        if original.is_ascii() {
            self.set_ascii::<MAP>(original);
            return;
        }
        let converted;
        let source = if original.chars().any(is_cjk) {
            // fast2s maps each three-byte character to a three-byte character, so offsets survive.
            converted = fast2s::convert(original);
            converted.as_str()
        } else {
            original
        };
        let mut last_space = true;
        for (i, c) in source.char_indices() {
            let push = |n: char, text: &mut String, map: &mut Vec<u32>| {
                let before = text.len();
                text.push(n);
                if MAP {
                    map.extend(std::iter::repeat_n(i as u32, text.len() - before));
                }
            };
            // Han characters (most of a Chinese text) have no case and no folding: copy them straight.
            if matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
            {
                push(c, &mut self.text, &mut self.map);
                last_space = false;
                continue;
            }
            if c.is_ascii_alphanumeric() {
                push(c.to_ascii_lowercase(), &mut self.text, &mut self.map);
                last_space = false;
                continue;
            }
            match fold_punct(c) {
                Some(' ') => {
                    if !last_space {
                        push(' ', &mut self.text, &mut self.map);
                        last_space = true;
                    }
                }
                Some(p) => {
                    push(p, &mut self.text, &mut self.map);
                    last_space = false;
                }
                None => {
                    for l in c.to_lowercase() {
                        push(l, &mut self.text, &mut self.map);
                    }
                    last_space = false;
                }
            }
        }
    }

    fn set_ascii<const MAP: bool>(&mut self, original: &str) {
        // Offsets stay equal unless whitespace runs are squeezed; then fall back to a map.
        let bytes = original.as_bytes();
        let squeezes = bytes
            .windows(2)
            .any(|w| is_space_or_dash(w[0]) && is_space_or_dash(w[1]))
            || bytes.first().is_some_and(|b| is_space_or_dash(*b));
        let fold = |b: u8| {
            if is_space_or_dash(b) {
                b' '
            } else {
                b.to_ascii_lowercase()
            }
        };
        // Bytes, not chars: one pass the compiler can vectorise when nothing is squeezed.
        let mut out = std::mem::take(&mut self.text).into_bytes();
        if squeezes {
            let mut last_space = true;
            for (i, &b) in bytes.iter().enumerate() {
                let n = fold(b);
                if n == b' ' {
                    if last_space {
                        continue;
                    }
                    last_space = true;
                } else {
                    last_space = false;
                }
                out.push(n);
                if MAP {
                    self.map.push(i as u32);
                }
            }
        } else {
            out.extend(bytes.iter().map(|&b| fold(b)));
        }
        self.text = String::from_utf8(out).expect("ASCII bytes folded to ASCII bytes are UTF-8");
    }

    /// Maps a byte range of the normalised text back to the original field value.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        if self.map.is_empty() {
            return (start, end);
        }
        let s = self.map.get(start).map_or(self.orig_len, |&o| o as usize);
        let e = if end >= self.map.len() {
            self.orig_len
        } else {
            self.map[end] as usize
        };
        (s, e.max(s))
    }
}

fn is_space_or_dash(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'-' | b'_')
}

/// Unifies punctuation that writers vary: dashes and hyphens become spaces, curly quotes straight.
fn fold_punct(c: char) -> Option<char> {
    Some(match c {
        c if c.is_whitespace() => ' ',
        '-' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}' => ' ',
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
        _ => return None,
    })
}

/// Normalises a rule term the same way statement text is normalised.
pub fn normalize_term(term: &str) -> String {
    let mut n = Normalized::default();
    n.set(term.trim());
    n.text.trim().to_string()
}

/// True when a match at `[start, end)` of `text` stands on word boundaries where the term needs them:
/// a term that begins (ends) with a Latin word character must not continue a word on that side.
pub fn on_word_boundaries(text: &str, start: usize, end: usize, check_end: bool) -> bool {
    let term = &text[start..end];
    let starts_word = term.chars().next().is_some_and(is_word_char);
    let ends_word = term.chars().next_back().is_some_and(is_word_char);
    if starts_word && text[..start].chars().next_back().is_some_and(is_word_char) {
        return false;
    }
    if check_end && ends_word {
        let after = &text[end..];
        if after.chars().next().is_some_and(is_word_char) || continues_past_apostrophe(after) {
            return false;
        }
    }
    true
}

/// True when `after` (the text right after a match) goes on with an apostrophe (straight or typographic ’)
/// inside the same word: the pinyin syllable mark of a place name ("Xi'an", "Chang’e"), which makes "Xi" a
/// part of "Xi'an". The English clitics ("China's", "they're", "we'll", "Xi'd") end the word before the
/// apostrophe.
fn continues_past_apostrophe(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(['\'', '\u{2019}']) else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| is_word_char(*c)).collect();
    !word.is_empty() && !matches!(word.as_str(), "s" | "t" | "ll" | "re" | "ve" | "d" | "m")
}

/// Whether `strsim::normalized_levenshtein(a, b) > threshold` (`threshold` in `[0, 1)`), with the same
/// result: a length difference beyond the distance that could pass fails at once; otherwise the exact
/// distance comes from [`levenshtein`] (bit-parallel, 64 cells of the matrix a step).
pub fn normalized_levenshtein_above(a: &str, b: &str, threshold: f64) -> bool {
    if a.is_empty() && b.is_empty() {
        return 1.0 > threshold;
    }
    if a == b {
        return 1.0 > threshold;
    }
    let (n, m) = (a.chars().count(), b.chars().count());
    let longest = n.max(m);
    // Every distance above `k` gives at most 1 - (k + 1) / m <= threshold - 2 / m: a failure whatever
    // the rounding; distances up to `k` are judged by strsim's own expression.
    let k = ((1.0 - threshold) * longest as f64).ceil() as usize + 1;
    if n.abs_diff(m) > k {
        return false;
    }
    let d = levenshtein(a, b);
    d <= k && 1.0 - (d as f64) / (longest as f64) > threshold
}

/// The Levenshtein distance of two texts in characters (as `strsim::levenshtein`), by Myers' bit-parallel
/// method in Hyyrö's form for patterns longer than a word: the columns of the matrix for `a` are kept as
/// bit vectors of vertical +1/-1 steps, 64 rows to a `u64`, and each character of `b` advances them all
/// with a few word operations per block.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let pattern: Vec<char> = a.chars().collect();
    let m = pattern.len();
    if m == 0 {
        return b.chars().count();
    }
    let blocks = m.div_ceil(64);
    // For each distinct character of `a`, the bits of the rows where it stands.
    let mut alphabet: Vec<char> = pattern.clone();
    alphabet.sort_unstable();
    alphabet.dedup();
    let mut peq = vec![0u64; alphabet.len() * blocks];
    for (row, c) in pattern.iter().enumerate() {
        if let Ok(x) = alphabet.binary_search(c) {
            peq[x * blocks + row / 64] |= 1u64 << (row % 64);
        }
    }
    let none = vec![0u64; blocks];
    let mut pv = vec![u64::MAX; blocks];
    let mut mv = vec![0u64; blocks];
    let last = 1u64 << ((m - 1) % 64);
    let mut score = m;
    for c in b.chars() {
        let eq = match alphabet.binary_search(&c) {
            Ok(x) => &peq[x * blocks..(x + 1) * blocks],
            Err(_) => &none[..],
        };
        // The first row of the matrix grows by one a column: +1 enters the first block.
        let mut carry = 1i32;
        for w in 0..blocks {
            let high = if w + 1 == blocks { last } else { 1u64 << 63 };
            carry = advance_block(&mut pv[w], &mut mv[w], eq[w], carry, high);
        }
        score = (score as isize + carry as isize) as usize;
    }
    score
}

/// One block of [`levenshtein`] for one character: `eq` the rows where it matches, `carry` the
/// horizontal step (+1, 0, -1) entering the block's first row; returns the step leaving its row `high`.
fn advance_block(pv: &mut u64, mv: &mut u64, eq: u64, carry: i32, high: u64) -> i32 {
    let mut eq = eq;
    let xv = eq | *mv;
    if carry < 0 {
        eq |= 1;
    }
    let xh = (((eq & *pv).wrapping_add(*pv)) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let out = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if carry < 0 {
        mh |= 1;
    } else if carry > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    out
}

/// True when byte offset `at` of `text` lies inside a quotation: between “ and ”, 「 and 」, 『 and 』,
/// « and », or an opening and a closing straight double quote (`"`, counted in pairs from the start).
/// Single quotes are left out: ’ is also the apostrophe ("China’s"). An unclosed quotation runs to the end.
pub fn inside_quotes(text: &str, at: usize) -> bool {
    let mut curly = 0i32;
    let mut straight = false;
    for (i, c) in text.char_indices() {
        if i >= at {
            break;
        }
        match c {
            '“' | '「' | '『' | '«' => curly += 1,
            '”' | '」' | '』' | '»' => curly = (curly - 1).max(0),
            '"' => straight = !straight,
            _ => {}
        }
    }
    curly > 0 || straight
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts near `a`: characters removed and inserted (from a small alphabet, so near matches abound).
    fn edited(a: &str, edits: &[(usize, String)]) -> String {
        let mut b: Vec<char> = a.chars().collect();
        for (at, insert) in edits {
            let at = (*at).min(b.len());
            if at < b.len() && insert.len() % 2 == 0 {
                b.remove(at);
            }
            for c in insert.chars() {
                b.insert(at.min(b.len()), c);
            }
        }
        b.into_iter().collect()
    }

    proptest::proptest! {
        /// The text without the map is the text with it: ASCII (with and without squeezed spaces and
        /// dashes), traditional Chinese, curly quotes, other cases and whitespace.
        #[test]
        fn the_text_alone_is_the_text_with_its_map(t in "[aZ 9\\-_\t\u{b}\u{c}|.中國’“É\u{2014}\u{a0}]{0,40}") {
            let (mut with, mut alone) = (Normalized::default(), Normalized::default());
            with.set(&t);
            alone.set_text(&t);
            proptest::prop_assert_eq!(&with.text, &alone.text);
        }

        /// The check agrees with strsim's whole-matrix normalised Levenshtein, on short texts over a small
        /// alphabet (many near matches) and at thresholds around the one pairing uses.
        #[test]
        fn levenshtein_above_agrees_with_strsim(
            a in "[ab中c]{0,40}",
            edits in proptest::collection::vec((0usize..40, "[ab中cd]{0,2}"), 0..8),
            threshold in proptest::sample::select(vec![0.0, 0.3, 0.5, 0.7, 0.85, 0.9, 0.95]),
        ) {
            let b = edited(&a, &edits);
            let expected = strsim::normalized_levenshtein(&a, &b) > threshold;
            proptest::prop_assert_eq!(normalized_levenshtein_above(&a, &b, threshold), expected);
            proptest::prop_assert_eq!(levenshtein(&a, &b), strsim::levenshtein(&a, &b));
        }

        /// The bit-parallel distance is strsim's on texts of several 64-row blocks (up to 400 characters,
        /// the near-duplicate check's length), near each other or not.
        #[test]
        fn levenshtein_agrees_with_strsim_over_several_blocks(
            a in "[abc中d ]{0,400}",
            edits in proptest::collection::vec((0usize..400, "[ab中ce]{0,3}"), 0..30),
            other in "[abe中 ]{0,200}",
        ) {
            let b = edited(&a, &edits);
            proptest::prop_assert_eq!(levenshtein(&a, &b), strsim::levenshtein(&a, &b));
            proptest::prop_assert_eq!(levenshtein(&b, &a), strsim::levenshtein(&b, &a));
            proptest::prop_assert_eq!(levenshtein(&a, &other), strsim::levenshtein(&a, &other));
            proptest::prop_assert_eq!(
                normalized_levenshtein_above(&a, &b, 0.85),
                strsim::normalized_levenshtein(&a, &b) > 0.85
            );
        }
    }

    #[test]
    fn inside_quotes_counts_every_kind_of_quotation_mark() {
        let t = r#"Li said: "As Xi Jinping said, this is a fact." Wang Yi said so too."#;
        assert!(inside_quotes(t, t.find("Xi Jinping").unwrap()));
        assert!(!inside_quotes(t, t.find("Wang Yi").unwrap()));
        assert!(!inside_quotes(t, t.find("Li").unwrap()));
        let z = "他说:“正如习近平所说,这是事实。”华春莹表示同意。";
        assert!(inside_quotes(z, z.find("习近平").unwrap()));
        assert!(!inside_quotes(z, z.find("华春莹").unwrap()));
        let h = "「習近平說」之後,汪文斌表示";
        assert!(inside_quotes(h, h.find("習近平").unwrap()));
        assert!(!inside_quotes(h, h.find("汪文斌").unwrap()));
        // The apostrophe is not a quotation mark.
        let a = "China’s view, Wang Yi said.";
        assert!(!inside_quotes(a, a.find("Wang Yi").unwrap()));
    }

    #[test]
    fn ascii_folds_case_and_dashes() {
        let mut n = Normalized::default();
        n.set("Self-Reliance in  Core Tech");
        assert_eq!(n.text, "self reliance in core tech");
        let (s, e) = n.original_span(17, 26);
        assert_eq!(&"Self-Reliance in  Core Tech"[s..e], "Core Tech");
    }

    #[test]
    fn traditional_becomes_simplified_with_offsets() {
        let mut n = Normalized::default();
        let orig = "建設網絡強國";
        n.set(orig);
        assert_eq!(n.text, "建设网络强国");
        let i = n.text.find("网络").unwrap();
        let (s, e) = n.original_span(i, i + "网络".len());
        assert_eq!(&orig[s..e], "網絡");
    }

    #[test]
    fn curly_quotes_and_unicode_case_map_back() {
        let mut n = Normalized::default();
        let orig = "China’s “Cyber Power” ÉTAT";
        n.set(orig);
        assert_eq!(n.text, "china's \"cyber power\" état");
        let i = n.text.find("cyber power").unwrap();
        let (s, e) = n.original_span(i, i + "cyber power".len());
        assert_eq!(&orig[s..e], "Cyber Power");
    }

    #[test]
    fn boundaries_apply_to_latin_only() {
        assert!(on_word_boundaries("a cyber power", 2, 7, true));
        assert!(!on_word_boundaries("cybersecurity", 0, 5, true));
        assert!(on_word_boundaries("cybersecurity", 0, 5, false));
        assert!(on_word_boundaries("建设网络强国", 6, 12, true));
    }

    #[test]
    fn a_pinyin_apostrophe_continues_the_word_and_a_clitic_does_not() {
        assert!(!on_word_boundaries(
            "party secretary of xi'an",
            19,
            21,
            true
        ));
        assert!(!on_word_boundaries("chang'e 5", 0, 5, true));
        assert!(on_word_boundaries("xi's speech", 0, 2, true));
        assert!(on_word_boundaries("china's chips", 0, 5, true));
        assert!(on_word_boundaries("'we'll see,' xi said", 1, 3, true));
        assert!(on_word_boundaries("the words of xi' and li", 13, 15, true));
        assert!(!on_word_boundaries("visit to xi\u{2019}an", 9, 11, true));
        assert!(on_word_boundaries("xi\u{2019}s speech", 0, 2, true));
    }
}
