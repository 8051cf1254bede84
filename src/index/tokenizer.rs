//! The Chinese tokenizer of the index: traditional → simplified, then jieba segmentation.

use std::sync::LazyLock;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the Chinese tokenizer (t2s + jieba) is registered.
pub const ZH_TOKENIZER: &str = "twovoices_zh";
/// Name of tantivy's built-in English tokenizer with stemming.
pub const EN_TOKENIZER: &str = "en_stem";

/// jieba with its full dictionary (about 350,000 words): loading it takes most of the start-up of a
/// `search` process, so it is loaded only the first time a text with Han characters is segmented.
static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

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

/// The jieba that segments `text` exactly as the full one would, loading the full dictionary only when
/// the text has Han (or other CJK) characters.
fn jieba_for(text: &str) -> &'static jieba_rs::Jieba {
    if text.chars().any(crate::text::is_cjk) {
        &JIEBA
    } else {
        &LATIN_JIEBA
    }
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
        let tokens = jieba_for(source)
            .tokenize(source, jieba_rs::TokenizeMode::Search, true)
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
        assert_eq!(total(&LATIN_JIEBA), total(&JIEBA));
        for w in ["AT&T", "C#", "C++", "c#", "c++"] {
            assert!(JIEBA.has_word(w) && LATIN_JIEBA.has_word(w), "{w}");
        }
        assert!(!jieba_for("core technology 5G C++").has_word("我们"));
        assert!(jieba_for("core 技术").has_word("我们"));
    }

    const PIECES: &[&str] = &[
        "AT&T", "C++", "c#", "C#", "c++", "+", "#", "&", ".", "_", "%", "-", " ", "\n", "5G",
        "3.5", "é", "ß", "Ω", "ー", "한", "at", "t", "c", "。", "，",
    ];

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
            prop_assert_eq!(words(&LATIN_JIEBA, &text), words(&JIEBA, &text), "{:?}", text);
        }
    }
}
