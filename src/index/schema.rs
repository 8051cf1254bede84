//! The schema of the statement index in one place: its fields, and how keyword values are normalised.

use super::{EN_TOKENIZER, ZH_TOKENIZER};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// The index folder used when neither `--index` nor `$TWOVOICES_INDEX` names one.
pub const DEFAULT_DIR: &str = ".twovoices";
/// Version of the index layout; an index of another version must be rebuilt.
pub const FORMAT: u32 = 3;

/// The names of the schema's fields, for code that must use the same names without the schema (the plain
/// tantivy baseline of `examples/bench_baseline.rs`), so the two cannot drift apart.
pub mod field_names {
    /// The `id` field.
    pub const ID: &str = "id";
    /// The `record` field.
    pub const RECORD: &str = "record";
    /// The `text_en` field.
    pub const TEXT_EN: &str = "text_en";
    /// The `text_zh` field.
    pub const TEXT_ZH: &str = "text_zh";
    /// The `speaker` field.
    pub const SPEAKER: &str = "speaker";
    /// The `role` field.
    pub const ROLE: &str = "role";
    /// The `venue` field.
    pub const VENUE: &str = "venue";
    /// The `audience` field.
    pub const AUDIENCE: &str = "audience";
    /// The `themes` field.
    pub const THEMES: &str = "themes";
    /// The `lang` field.
    pub const LANG: &str = "lang";
    /// The `date` field.
    pub const DATE: &str = "date";
    /// The `rules` field.
    pub const RULES: &str = "rules";
    /// The `stances` field.
    pub const STANCES: &str = "stances";
    /// The `concepts` field.
    pub const CONCEPTS: &str = "concepts";
    /// The `words` field.
    pub const WORDS: &str = "words";
}

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Statement id (raw keyword; the upsert key).
    pub id: Field,
    /// The whole record as JSON (stored only).
    pub record: Field,
    /// English text, stemmed.
    pub text_en: Field,
    /// Chinese text, jieba-segmented, simplified.
    pub text_zh: Field,
    /// Speaker, normalised by [`key`].
    pub speaker: Field,
    /// Role, normalised by [`key`].
    pub role: Field,
    /// Venue, normalised by [`key`].
    pub venue: Field,
    /// `external` or `internal`.
    pub audience: Field,
    /// One value per theme.
    pub themes: Field,
    /// `en` or `zh`.
    pub lang: Field,
    /// `YYYYMMDD` as an integer.
    pub date: Field,
    /// Fingerprint of the rules that classified the statement.
    pub rules: Field,
    /// One value per frame side the statement takes: `FRAME/external` or `FRAME/internal`.
    pub stances: Field,
    /// One value per concept it talks about.
    pub concepts: Field,
    /// The distinct index terms of the text, as its text field's analyzer made them at indexing time
    /// (stored only; see [`super::words`]), so that `contrast` reads a statement's words instead of
    /// segmenting and stemming its text again.
    pub words: Field,
}

/// The schema of the statement index, and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        id: b.add_text_field(field_names::ID, STRING),
        record: b.add_text_field(field_names::RECORD, STORED),
        text_en: b.add_text_field(field_names::TEXT_EN, text(EN_TOKENIZER)),
        text_zh: b.add_text_field(field_names::TEXT_ZH, text(ZH_TOKENIZER)),
        speaker: b.add_text_field(field_names::SPEAKER, STRING),
        role: b.add_text_field(field_names::ROLE, STRING),
        venue: b.add_text_field(field_names::VENUE, STRING),
        audience: b.add_text_field(field_names::AUDIENCE, STRING),
        themes: b.add_text_field(field_names::THEMES, STRING),
        lang: b.add_text_field(field_names::LANG, STRING),
        date: b.add_i64_field(field_names::DATE, INDEXED | FAST),
        rules: b.add_text_field(field_names::RULES, STRING),
        stances: b.add_text_field(field_names::STANCES, STRING),
        concepts: b.add_text_field(field_names::CONCEPTS, STRING),
        words: b.add_text_field(field_names::WORDS, STORED),
    };
    (b.build(), fields)
}

/// Normalises a speaker, role or venue for exact filtering: simplified, lower case, single spaces.
pub fn key(value: &str) -> String {
    let simplified;
    let v = if value.chars().any(crate::text::is_cjk) {
        simplified = fast2s::convert(value);
        simplified.as_str()
    } else {
        value
    };
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as the integer `YYYYMMDD`; missing parts are `00`, or `99`
/// when `upper` (so that `--until 2020-07` includes every day of July). `None` when it is not a real date
/// (see [`crate::date::key`], which this is).
pub fn date_key(date: &str, upper: bool) -> Option<i64> {
    crate::date::key(date, upper)
}
