//! Dedup benchmark: N statements (default 1,000,000) through the repost detector in one pass, built
//! from the real texts of fixtures/dev.jsonl with a running number (so they are distinct) and, for one
//! in ten, an edited copy of an earlier one (punctuation, width, a word dropped) from another source.
//! Prints the merges found, the time and the peak resident memory.
//!
//! `cargo run --release --example bench_dedup -- [N]`

use twovoices::dedup::{normalize, Deduper, Offer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |a| a.parse())?;
    let dev = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dev.jsonl"))?;
    let texts: Vec<String> = dev
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .map(|v| v["text"].as_str().unwrap_or("").to_string())
        })
        .collect::<Result<_, _>>()?;
    let start = std::time::Instant::now();
    let mut deduper = Deduper::new();
    // The detector keeps only LSH buckets; the caller keeps what it needs to confirm a candidate: here
    // the normalised texts of kept statements.
    let mut kept: Vec<String> = Vec::new();
    let (mut merged, mut planted) = (0usize, 0usize);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..n {
        let text = if i > 0 && rand() % 10 == 0 {
            planted += 1;
            let j = (rand() as usize) % i;
            let base = format!("{} No. {j}.", texts[j % texts.len()]);
            base.replacen(',', "，", 2).replacen(" the ", " ", 1)
        } else {
            format!("{} No. {i}.", texts[i % texts.len()])
        };
        let norm = normalize(&text);
        match deduper.offer(&norm, |k| kept[k as usize].clone(), |_| true) {
            Offer::Kept(_) => kept.push(norm),
            Offer::Duplicate { .. } => merged += 1,
        }
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?");
    eprintln!(
        "{n} statements: {merged} merged ({planted} edited copies planted), {} kept, {:.1} s, peak {}",
        deduper.kept(),
        start.elapsed().as_secs_f64(),
        peak.trim_start_matches("VmHWM:").trim()
    );
    Ok(())
}
