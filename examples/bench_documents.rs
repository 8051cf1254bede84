//! Document benchmark: split every document of a folder into statements and merge reposts
//! (`split`, the way `index` does before classifying), or, as the baseline, only read each document and
//! tokenise it with jieba (`jieba`).
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
            // As `index` reads them: a batch of documents split in parallel, then rid of its reposts
            // (sketches and confirmation against earlier batches in parallel), batch after batch.
            let mut reposts = Reposts::new()?;
            let (mut n, mut kept) = (0usize, 0usize);
            for chunk in files.chunks(256) {
                let docs: Vec<_> = chunk
                    .par_iter()
                    .map(|f| {
                        split_bytes(&std::fs::read(f)?, f, Unit::Paragraph)
                            .map_err(|e| e.to_string().into())
                    })
                    .collect::<Result<Vec<_>, Box<dyn std::error::Error + Send + Sync>>>()
                    .map_err(|e| e.to_string())?;
                let batch: Vec<_> = docs.into_iter().flatten().collect();
                n += batch.len();
                kept += reposts.push_batch(batch)?.len();
            }
            let finished = reposts.finish()?;
            eprintln!(
                "{} documents, {n} statements, {kept} kept, {} reposts merged ({} into an earlier batch) in {:.2} s",
                files.len(),
                finished.merges.len(),
                finished.updated.len(),
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
