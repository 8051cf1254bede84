//! Benchmark baseline: plain tantivy indexing of the same statements, with the same schema and writer
//! settings as `twovoices index`, but no classification, no upsert check and no record comparison.
//!
//! `cargo run --release --example bench_baseline -- INDEX_DIR FILE.jsonl`

use std::io::BufRead;
use tantivy::TantivyDocument;
use twovoices::index::{key, StatementIndex};
use twovoices::model::{Lang, Statement};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, file] = args.as_slice() else {
        return Err("usage: bench_baseline INDEX_DIR FILE.jsonl".into());
    };
    let start = std::time::Instant::now();
    let index = StatementIndex::open_or_create(std::path::Path::new(dir))?;
    let f = index.fields();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let mut writer: tantivy::IndexWriter = index
        .tantivy()
        .writer_with_num_threads(threads, threads * 100_000_000)?;
    let mut n = 0u64;
    for line in std::io::BufReader::new(std::fs::File::open(file)?).lines() {
        let s: Statement = serde_json::from_str(&line?)?;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &s.id);
        d.add_text(f.record, serde_json::to_string(&s)?);
        d.add_text(
            if s.lang == Lang::Zh {
                f.text_zh
            } else {
                f.text_en
            },
            &s.text,
        );
        for (field, value) in [
            (f.speaker, &s.speaker),
            (f.role, &s.role),
            (f.venue, &s.venue),
        ] {
            if !value.is_empty() {
                d.add_text(field, key(value));
            }
        }
        d.add_text(f.lang, s.lang.as_str());
        if let Some(k) = twovoices::index::date_key(&s.date, false) {
            d.add_i64(f.date, k);
        }
        writer.add_document(d)?;
        n += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "baseline: {n} statements in {secs:.2} s ({:.0}/s)",
        n as f64 / secs
    );
    Ok(())
}
