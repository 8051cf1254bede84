//! The Chinese tokenizer of the index: traditional → simplified, then jieba segmentation, with a
//! dictionary reduced to the text's own words for the few texts of a search (loading jieba's full
//! dictionary would take most of a `search` process).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the Chinese tokenizer (t2s + jieba) is registered.
pub const ZH_TOKENIZER: &str = "twovoices_zh";
/// Name of tantivy's built-in English tokenizer with stemming.
pub const EN_TOKENIZER: &str = "en_stem";

/// jieba's default dictionary, as jieba-rs 0.11 embeds it (`src/data/dict.txt`, from the jieba project,
/// MIT licence): a word, its frequency and its part of speech on each line, sorted by word (bytes), no word
/// twice. A test checks it against the dictionary jieba-rs loads.
const DICT: &str = include_str!("jieba-dict.txt");
/// The sum of the dictionary's frequencies (jieba's `total`).
const DICT_TOTAL: usize = 60_101_964;
/// The longest word of the dictionary, in characters.
const DICT_MAX_CHARS: usize = 16;
/// A word no text is expected to hold (two private-use characters): it carries the frequency of every entry
/// left out of a reduced dictionary.
const FILLER: &str = "\u{E000}\u{E001}";

/// jieba with its full dictionary (about 350,000 words), loaded once a process has segmented many texts:
/// building it takes about 95 ms, most of a `search` process.
static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();

fn full_jieba() -> &'static jieba_rs::Jieba {
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// The dictionary's lines (sorted, see [`DICT`]), split once.
static DICT_LINES: LazyLock<Vec<&'static str>> = LazyLock::new(|| DICT.lines().collect());

/// How many texts were segmented with a reduced dictionary; past [`REDUCED_TEXTS`] (an indexing run) the
/// full dictionary is loaded once instead.
static REDUCED: AtomicUsize = AtomicUsize::new(0);
const REDUCED_TEXTS: usize = 64;
/// Texts longer than this many characters always use the full dictionary.
const REDUCED_MAX_CHARS: usize = 2_000;

/// jieba with only the dictionary entries that occur in `text`, and one [`FILLER`] entry that brings the
/// total frequency to the full dictionary's. jieba segments a text by the dictionary words found in it,
/// weighed by their frequency over the total; no other entry can take part. So this jieba segments `text`
/// exactly as the full one does (a property test checks it), and builds in well under a millisecond.
fn reduced_jieba(text: &str) -> jieba_rs::Jieba {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let lines = &*DICT_LINES;
    let word = |line: &'static str| -> &'static str { line.split(' ').next().unwrap_or_default() };
    let mut dict = String::new();
    let mut found: Vec<&str> = Vec::new();
    for (i, &start) in bounds.iter().enumerate() {
        for &end in bounds.iter().skip(i + 1).take(DICT_MAX_CHARS) {
            let candidate = &text[start..end];
            if let Ok(at) = lines.binary_search_by(|line| word(line).cmp(candidate)) {
                found.push(lines[at]);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    let mut sum = 0;
    for line in found {
        sum += line
            .split(' ')
            .nth(1)
            .and_then(|f| f.parse::<usize>().ok())
            .unwrap_or(0);
        dict.push_str(line);
        dict.push('\n');
    }
    dict.push_str(&format!(
        "{FILLER} {} x\n",
        DICT_TOTAL.saturating_sub(sum).max(1)
    ));
    // Lines of the dictionary and a well-formed filler: parsing cannot fail (tested below).
    jieba_rs::Jieba::with_dict(&mut dict.as_bytes()).unwrap_or_else(|_| jieba_rs::Jieba::new())
}

/// The entries of jieba's default dictionary that have no Han character (all five of them), with their
/// frequencies, and a Han word carrying the rest of the dictionary's total frequency (60,101,964). On a text
/// without Han characters no other entry can match, and with the same total every segmentation scores
/// the same, so this dictionary segments such text exactly as the full one does; it loads at once. A test
/// checks both claims against the full dictionary.
const LATIN_DICT: &str = "AT&T 3 nz\nC# 3 nz\nC++ 3 nz\nc# 3 nz\nc++ 3 nz\n的 60101949 uj\n";

static LATIN_JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(|| {
    // A constant, well-formed dictionary: parsing it cannot fail (tested below).
    jieba_rs::Jieba::with_dict(&mut LATIN_DICT.as_bytes())
        .unwrap_or_else(|_| jieba_rs::Jieba::new())
});

/// Segments `text` (search mode, with the HMM for unknown words) exactly as jieba with its full dictionary
/// would, loading that dictionary only when it pays: a text without Han (or other CJK) characters uses
/// [`LATIN_DICT`]; the first texts of a process (a query, the hits it highlights) use a dictionary reduced
/// to their own words; after those, the full dictionary is loaded once.
fn segment(text: &str) -> Vec<jieba_rs::Token<'_>> {
    let mode = jieba_rs::TokenizeMode::Search;
    if !text.chars().any(crate::text::is_cjk) {
        return LATIN_JIEBA.tokenize(text, mode, true);
    }
    if let Some(full) = JIEBA.get() {
        return full.tokenize(text, mode, true);
    }
    let small = text.chars().count() <= REDUCED_MAX_CHARS && !text.contains(FILLER);
    if small && REDUCED.fetch_add(1, Ordering::Relaxed) < REDUCED_TEXTS {
        return reduced_jieba(text).tokenize(text, mode, true);
    }
    full_jieba().tokenize(text, mode, true)
}

/// Chinese tokenizer: converts traditional to simplified characters, segments with jieba (search mode, so
/// a long word also yields its parts), drops punctuation, lower-cases Latin words. Offsets point into the
/// original text, so highlights land on the characters as written.
#[derive(Clone, Default)]
pub struct ZhTokenizer;

/// The tokens of one text, computed at once.
pub struct OwnedTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for OwnedTokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = OwnedTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> OwnedTokens {
        let simplified = fast2s::convert(text);
        // Byte offset of every char of the original, plus the end; conversion keeps one char per char.
        let starts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let same_chars = simplified.chars().count() + 1 == starts.len();
        let source = if same_chars {
            simplified.as_str()
        } else {
            text
        };
        let tokens = segment(source)
            .into_iter()
            .filter(|t| t.word.chars().any(char::is_alphanumeric))
            .map(|t| Token {
                offset_from: starts[t.start.min(starts.len() - 1)],
                offset_to: starts[t.end.min(starts.len() - 1)],
                position: t.start,
                text: t.word.to_lowercase(),
                position_length: t.end - t.start,
            })
            .collect();
        OwnedTokens { tokens, next: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(jieba: &jieba_rs::Jieba, text: &str) -> Vec<(String, usize, usize)> {
        jieba
            .tokenize(text, jieba_rs::TokenizeMode::Search, true)
            .into_iter()
            .map(|t| (t.word.to_string(), t.start, t.end))
            .collect()
    }

    #[test]
    fn the_latin_dictionary_has_the_full_ones_total_and_latin_words() {
        let total = |j: &jieba_rs::Jieba| {
            let debug = format!("{j:?}");
            let at = debug.find("total_freq: ").unwrap() + "total_freq: ".len();
            debug[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        };
        assert_eq!(total(&LATIN_JIEBA), total(full_jieba()));
        assert_eq!(total(full_jieba()), DICT_TOTAL.to_string());
        for w in ["AT&T", "C#", "C++", "c#", "c++"] {
            assert!(full_jieba().has_word(w) && LATIN_JIEBA.has_word(w), "{w}");
        }
    }

    #[test]
    fn the_bundled_dictionary_is_the_one_jieba_loads() {
        let lines = &*DICT_LINES;
        assert_eq!(lines.len(), 349_045);
        assert!(lines
            .windows(2)
            .all(|w| w[0].split(' ').next() < w[1].split(' ').next()));
        let mut sum = 0;
        let mut longest = 0;
        for line in lines.iter() {
            let mut parts = line.split(' ');
            let word = parts.next().unwrap();
            sum += parts.next().unwrap().parse::<usize>().unwrap();
            longest = longest.max(word.chars().count());
        }
        assert_eq!((sum, longest), (DICT_TOTAL, DICT_MAX_CHARS));
        for line in lines.iter().step_by(997) {
            let word = line.split(' ').next().unwrap();
            assert!(full_jieba().has_word(word), "{word}");
        }
        assert!(!full_jieba().has_word(FILLER));
    }

    #[test]
    fn a_reduced_dictionary_holds_only_the_texts_words() {
        let text = "没有网络安全就没有国家安全";
        let j = reduced_jieba(text);
        assert!(j.has_word("网络安全") && j.has_word("国家"));
        assert!(!j.has_word("我们"));
        assert_eq!(words(&j, text), words(full_jieba(), text));
    }

    const PIECES: &[&str] = &[
        "AT&T", "C++", "c#", "C#", "c++", "+", "#", "&", ".", "_", "%", "-", " ", "\n", "5G",
        "3.5", "é", "ß", "Ω", "ー", "한", "at", "t", "c", "。", "，",
    ];

    /// Pieces of real Chinese statements (the fixtures' kind of text), traditional and simplified.
    const ZH_PIECES: &[&str] = &[
        "核心技术受制于人是我们最大的隐患",
        "没有网络安全就没有国家安全",
        "維護網絡安全",
        "反對霸權",
        "美方以国家安全为借口打压中国企业",
        "自主可控",
        "产业链供应链",
        "建设网络强国",
        "的",
        "，",
        "。",
        "5G",
        "华为",
        "中兴",
        "军民融合",
        "标准制定",
        "一带一路",
        "互联网+",
        "人工智能",
        "习近平",
        "外交部发言人",
        "例行记者会",
        "脱钩断链",
        "小院高墙",
        "技術",
        "研發",
        "國際標準",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// A dictionary reduced to a text's words segments it exactly as the full dictionary does.
        #[test]
        fn reduced_dictionaries_segment_as_the_full_one(parts in proptest::collection::vec(
            prop_oneof![
                3 => proptest::sample::select(ZH_PIECES).prop_map(str::to_string),
                1 => "[\u{4e00}-\u{9fa5}]{1,4}",
                1 => proptest::sample::select(PIECES).prop_map(str::to_string),
            ], 1..12)) {
            let text = parts.concat();
            prop_assert_eq!(words(&reduced_jieba(&text), &text), words(full_jieba(), &text), "{:?}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// On text without Han characters both dictionaries give the same tokens.
        #[test]
        fn latin_text_is_segmented_as_with_the_full_dictionary(parts in proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(PIECES).prop_map(str::to_string),
                "[a-zA-Z0-9]{1,6}",
            ], 0..14)) {
            let text = parts.concat();
            prop_assert_eq!(words(&LATIN_JIEBA, &text), words(full_jieba(), &text), "{:?}", text);
        }
    }
}
