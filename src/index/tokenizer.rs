//! The Chinese tokenizer of the index: traditional → simplified, then jieba segmentation.

use std::sync::LazyLock;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the Chinese tokenizer (t2s + jieba) is registered.
pub const ZH_TOKENIZER: &str = "twovoices_zh";
/// Name of tantivy's built-in English tokenizer with stemming.
pub const EN_TOKENIZER: &str = "en_stem";

static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

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
        let tokens = JIEBA
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
