//! Dedup benchmark: N statements (default 1,000,000) through the repost detector in one pass, each
//! three sentences drawn at random from the real texts of fixtures/dev.jsonl (so that they are
//! distinct) and, for one in ten, an edited copy of an earlier one (punctuation, width, a word dropped).
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
    let sentences: Vec<&str> = texts
        .iter()
        .flat_map(|t| t.split_inclusive(['.', '。']))
        .map(str::trim)
        .filter(|s| s.chars().count() > 15)
        .collect();
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
    // The statements drawn so far, as three sentence numbers each (an edited copy needs its original).
    let mut drawn: Vec<[usize; 3]> = Vec::with_capacity(n);
    let compose = |ix: &[usize; 3]| {
        format!(
            "{} {} {}",
            sentences[ix[0]], sentences[ix[1]], sentences[ix[2]]
        )
    };
    for i in 0..n {
        let text = if i > 0 && rand() % 10 == 0 {
            planted += 1;
            let j = drawn[(rand() as usize) % drawn.len().max(1)];
            compose(&j).replacen(',', "，", 2).replacen(" the ", " ", 1)
        } else {
            let ix = [0, 1, 2].map(|_| (rand() as usize) % sentences.len());
            drawn.push(ix);
            compose(&ix)
        };
        let norm = normalize(&text);
        match deduper.offer(&norm, |k| kept[k as usize].as_str(), |_| true) {
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
