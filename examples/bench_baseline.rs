//! Benchmark baseline for `twovoices index`: plain tantivy indexing of the same JSONL statements, as
//! someone would write it without twovoices. One schema of its own: the id (keyword), the text with
//! tantivy's **default tokenizer** (no stemming, no Chinese segmentation), speaker, role, venue and
//! language as keywords, the date as a fast `i64`, and the JSON line stored. The writer has the settings
//! `twovoices index` uses (up to 4 threads, 100 MB each). No classification, no upsert, no record check.
//!
//! `cargo run --release --example bench_baseline -- INDEX_DIR FILE.jsonl` (INDEX_DIR must not exist or be
//! empty; it is created).

use std::io::BufRead;
use tantivy::schema::{Schema, FAST, INDEXED, STORED, STRING, TEXT};
use tantivy::{doc, Index};
use twovoices::model::Statement;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, file] = args.as_slice() else {
        return Err("usage: bench_baseline INDEX_DIR FILE.jsonl".into());
    };
    let start = std::time::Instant::now();
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING);
    let text = b.add_text_field("text", TEXT);
    let speaker = b.add_text_field("speaker", STRING);
    let role = b.add_text_field("role", STRING);
    let venue = b.add_text_field("venue", STRING);
    let lang = b.add_text_field("lang", STRING);
    let date = b.add_i64_field("date", INDEXED | FAST);
    let record = b.add_text_field("record", STORED);
    std::fs::create_dir_all(dir)?;
    let index = Index::create_in_dir(dir, b.build())?;
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
        writer.add_document(doc!(
            id => s.id.as_str(),
            text => s.text.as_str(),
            speaker => s.speaker.to_lowercase(),
            role => s.role.to_lowercase(),
            venue => s.venue.to_lowercase(),
            lang => s.lang.as_str(),
            date => day,
            record => line,
        ))?;
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
