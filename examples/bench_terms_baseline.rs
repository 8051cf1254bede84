//! Benchmark baseline for `twovoices terms`: the same reading of every stored statement and the same
//! tokenising (English words after case folding; jieba words after traditional → simplified folding),
//! with no n-grams, no counting and no ranking. `twovoices terms` on the same index is timed against it.
//!
//! `cargo run --release --example bench_terms_baseline -- INDEX_DIR`

use twovoices::analysis::terms::Grams;
use twovoices::index::StatementIndex;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: bench_terms_baseline INDEX_DIR")?;
    let start = std::time::Instant::now();
    let index = StatementIndex::open(std::path::Path::new(&dir))?;
    let mut grams = Grams::new([]);
    let (mut statements, mut words, mut bytes) = (0u64, 0u64, 0u64);
    index.for_each_record(|rec| {
        statements += 1;
        grams.for_each_word(&rec.statement.text, rec.statement.lang, |w| {
            words += 1;
            bytes += w.len() as u64;
        });
    })?;
    println!(
        "read and tokenised {statements} statements into {words} words ({bytes} bytes) in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
