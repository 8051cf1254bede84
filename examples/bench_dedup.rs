//! Dedup benchmark: N statements (default 1,000,000) through the repost detector as `index` runs it
//! (batches of 4,096, kept texts and records waiting in a temporary file), then the merges checked.
//!
//! Each original statement is a random run of words (English, 30–60) or characters (Chinese, 60–150)
//! drawn by frequency from the real texts of fixtures/dev.jsonl, so that two originals share no more
//! than common words do and no original is a near-duplicate of another by accident. One statement in
//! ten is an edited copy of an earlier original from another source (a word or character dropped,
//! another inserted, punctuation and width changed): the detector should merge exactly those, each
//! into its original. Originals are made again from their number, so the generator holds no text.
//! Prints the merges found and missed, false merges, the time and the peak resident memory.
//!
//! `cargo run --release --example bench_dedup -- [N]`

use twovoices::dedup::Reposts;
use twovoices::model::{Lang, Statement};

/// A small, fast, seedable generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Vocab {
    /// English words in text order (drawing a position draws a word by its frequency).
    en: Vec<String>,
    /// Han characters in text order.
    zh: Vec<char>,
}

impl Vocab {
    /// Original number `i`: the same text every time it is asked for.
    fn original(&self, i: u64) -> (String, Lang) {
        let mut rng = Rng::new(i + 1);
        if rng.next().is_multiple_of(2) {
            let n = 30 + rng.below(31);
            let words: Vec<&str> = (0..n)
                .map(|_| self.en[rng.below(self.en.len())].as_str())
                .collect();
            (format!("{}.", words.join(" ")), Lang::En)
        } else {
            let n = 60 + rng.below(91);
            let mut s: String = (0..n).map(|_| self.zh[rng.below(self.zh.len())]).collect();
            s.push('。');
            (s, Lang::Zh)
        }
    }

    /// An edited copy: one word (character) dropped, another inserted, commas and width changed.
    fn edit(&self, text: &str, lang: Lang, rng: &mut Rng) -> String {
        match lang {
            Lang::En => {
                let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
                words.remove(rng.below(words.len() - 1));
                let at = rng.below(words.len());
                words.insert(at, self.en[rng.below(self.en.len())].clone());
                let at = rng.below(words.len() - 1);
                words[at].push(',');
                words.join(" ").replace('.', "．")
            }
            Lang::Zh => {
                let mut chars: Vec<char> = text.chars().collect();
                chars.remove(rng.below(chars.len() - 1));
                let at = rng.below(chars.len());
                chars.insert(at, self.zh[rng.below(self.zh.len())]);
                let at = rng.below(chars.len() - 1);
                chars.insert(at, '，');
                chars.into_iter().collect::<String>().replace('。', ".")
            }
        }
    }
}

fn statement(id: String, text: String, lang: Lang, source: String) -> Statement {
    Statement {
        source,
        lang,
        ..Statement::new(id, text)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |a| a.parse())?;
    let dev = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dev.jsonl"))?;
    let mut vocab = Vocab {
        en: Vec::new(),
        zh: Vec::new(),
    };
    for line in dev.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().unwrap_or("");
        vocab.zh.extend(
            text.chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)),
        );
        vocab.en.extend(
            text.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1)
                .map(str::to_ascii_lowercase),
        );
    }
    let start = std::time::Instant::now();
    let mut reposts = Reposts::new()?;
    let mut rng = Rng::new(0xD1CE);
    let (mut originals, mut planted, mut kept) = (0u64, 0u64, 0usize);
    let mut batch = Vec::with_capacity(4096);
    for i in 0..n {
        if originals > 0 && rng.below(10) == 0 {
            let j = rng.below(originals as usize) as u64;
            let (text, lang) = vocab.original(j);
            let copy = vocab.edit(&text, lang, &mut rng);
            batch.push(statement(
                format!("p{i}-of-{j}"),
                copy,
                lang,
                format!("repost/{i}"),
            ));
            planted += 1;
        } else {
            let (text, lang) = vocab.original(originals);
            batch.push(statement(
                format!("s{originals}"),
                text,
                lang,
                format!("source/{i}"),
            ));
            originals += 1;
        }
        if batch.len() == 4096 {
            kept += reposts.push_batch(std::mem::take(&mut batch))?.len();
        }
    }
    kept += reposts.push_batch(batch)?.len();
    let finished = reposts.finish()?;
    let right = finished
        .merges
        .iter()
        .filter(|m| {
            m.repost
                .split_once("-of-")
                .is_some_and(|(_, j)| m.kept == format!("s{j}"))
        })
        .count();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?");
    eprintln!(
        "{n} statements ({planted} edited copies planted): {} merged, {right} into their original, {} false, {} planted copies missed; {kept} kept; {:.1} s, peak {}",
        finished.merges.len(),
        finished.merges.len() - right,
        planted as usize - right,
        start.elapsed().as_secs_f64(),
        peak.trim_start_matches("VmHWM:").trim()
    );
    Ok(())
}
