//! Benchmark baseline for `twovoices index`: plain tantivy indexing of the same JSONL statements, as
//! someone would write it with tantivy alone, **with the tokenizers `twovoices index` uses**: English text
//! into a field tokenised by tantivy's `en_stem`, Chinese text into a field tokenised by twovoices'
//! `ZhTokenizer` (traditional → simplified, jieba), both with frequencies and positions, as in twovoices'
//! schema. Besides: the id, speaker, role, venue and language as keywords (lower-cased), the date as a fast
//! `i64`, and the JSON line as read stored. The writer has the settings `twovoices index` uses (up to 4
//! threads, 100 MB each), one commit at the end. What it leaves out is what twovoices adds: repost
//! detection, classification (audience, themes, frames, concepts), the classified record serialised for
//! storage, the keyword fields of the classification, the upsert check, and the index check after commit.
//!
//! `cargo run --release --example bench_baseline -- INDEX_DIR FILE.jsonl [--default-tokenizer]`
//! (INDEX_DIR must not exist or be empty; it is created). `--default-tokenizer` indexes every text into one
//! field with tantivy's default tokenizer instead (no stemming, no Chinese segmentation): the baseline of
//! earlier measurements.

use std::io::BufRead;
use tantivy::schema::{
    IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING, TEXT,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, TantivyDocument};
use twovoices::index::field_names as name;
use twovoices::index::{ZhTokenizer, EN_TOKENIZER, ZH_TOKENIZER};
use twovoices::model::{Lang, Statement};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let default_tokenizer = args.iter().any(|a| a == "--default-tokenizer");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [dir, file] = paths.as_slice() else {
        return Err("usage: bench_baseline INDEX_DIR FILE.jsonl [--default-tokenizer]".into());
    };
    let start = std::time::Instant::now();
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let id = b.add_text_field(name::ID, STRING);
    let (text_en, text_zh) = if default_tokenizer {
        let t = b.add_text_field("text", TEXT);
        (t, t)
    } else {
        (
            b.add_text_field(name::TEXT_EN, text(EN_TOKENIZER)),
            b.add_text_field(name::TEXT_ZH, text(ZH_TOKENIZER)),
        )
    };
    let speaker = b.add_text_field(name::SPEAKER, STRING);
    let role = b.add_text_field(name::ROLE, STRING);
    let venue = b.add_text_field(name::VENUE, STRING);
    let lang = b.add_text_field(name::LANG, STRING);
    let date = b.add_i64_field(name::DATE, INDEXED | FAST);
    let record = b.add_text_field(name::RECORD, STORED);
    std::fs::create_dir_all(dir)?;
    let index = Index::create_in_dir(dir, b.build())?;
    index
        .tokenizers()
        .register(ZH_TOKENIZER, TextAnalyzer::from(ZhTokenizer));
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let mut writer: tantivy::IndexWriter =
        index.writer_with_num_threads(threads, threads * 100_000_000)?;
    let mut n = 0u64;
    for line in std::io::BufReader::new(std::fs::File::open(file)?).lines() {
        let line = line?;
        let s: Statement = serde_json::from_str(&line)?;
        let day: i64 = s.date.replace('-', "").parse().unwrap_or(0);
        let mut d = TantivyDocument::new();
        d.add_text(id, &s.id);
        d.add_text(if s.lang == Lang::Zh { text_zh } else { text_en }, &s.text);
        d.add_text(speaker, s.speaker.to_lowercase());
        d.add_text(role, s.role.to_lowercase());
        d.add_text(venue, s.venue.to_lowercase());
        d.add_text(lang, s.lang.as_str());
        d.add_i64(date, day);
        d.add_text(record, &line);
        writer.add_document(d)?;
        n += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "plain tantivy: {n} statements in {secs:.2} s ({:.0}/s)",
        n as f64 / secs
    );
    Ok(())
}
