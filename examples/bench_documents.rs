//! Document benchmark: split every document of a folder into statements and merge reposts
//! (`split`), or, as the baseline, only read each document and tokenise it with jieba (`jieba`).
//!
//! `cargo run --release --example bench_documents -- split|jieba DIR`

use rayon::prelude::*;
use twovoices::dedup::Reposts;
use twovoices::input::document::{split_bytes, Unit};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, dir] = args.as_slice() else {
        return Err("usage: bench_documents split|jieba DIR".into());
    };
    let mut files: Vec<String> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path().display().to_string()))
        .collect::<Result<_, _>>()?;
    files.sort();
    let start = std::time::Instant::now();
    match mode.as_str() {
        "split" => {
            // Splitting is per document, in parallel; merging reposts is one pass in input order.
            let docs: Vec<_> = files
                .par_iter()
                .map(|f| {
                    split_bytes(&std::fs::read(f)?, f, Unit::Paragraph)
                        .map_err(|e| e.to_string().into())
                })
                .collect::<Result<Vec<_>, Box<dyn std::error::Error + Send + Sync>>>()
                .map_err(|e| e.to_string())?;
            let mut reposts = Reposts::new();
            let mut n = 0usize;
            for s in docs.into_iter().flatten() {
                n += 1;
                reposts.push(s);
            }
            let (kept, merges) = reposts.finish();
            eprintln!(
                "{} documents, {n} statements, {} kept, {} reposts merged in {:.2} s",
                files.len(),
                kept.len(),
                merges.len(),
                start.elapsed().as_secs_f64()
            );
        }
        "jieba" => {
            let jieba = jieba_rs::Jieba::new();
            let tokens: usize = files
                .par_iter()
                .map(|f| {
                    let text = std::fs::read_to_string(f).unwrap_or_default();
                    jieba.cut(&text, true).len()
                })
                .sum();
            eprintln!(
                "{} documents, {tokens} tokens in {:.2} s",
                files.len(),
                start.elapsed().as_secs_f64()
            );
        }
        _ => return Err("mode is split or jieba".into()),
    }
    Ok(())
}
