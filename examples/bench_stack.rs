//! Times the stacked theme model alone: the built-in rules classify a JSONL file's statements once (the
//! stack off), then every statement's theme probabilities are computed ROUNDS times on one thread, and
//! the fastest round is printed (µs a statement), with a checksum of the probabilities. The least of
//! several rounds is little moved by other work on the machine, unlike a whole `classify` run.
//!
//! `cargo run --release --example bench_stack -- FILE.jsonl [ROUNDS]`

use twovoices::classify::Classifier;
use twovoices::rules::stack::StackScratch;
use twovoices::rules::RuleSet;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .ok_or("usage: bench_stack FILE.jsonl [ROUNDS]")?;
    let rounds: usize = args.get(1).map_or(Ok(5), |r| r.parse())?;
    let mut rules = RuleSet::builtin()?;
    let model = rules.theme_stack.take().ok_or("no stacked theme model")?;
    let (records, _) = twovoices::input::read_all(std::slice::from_ref(file), None, false, |_| {})?;
    let mut classifier = Classifier::new(&rules);
    let data: Vec<_> = records
        .into_iter()
        .map(|r| {
            let c = classifier.classify(&r.statement);
            (r.statement, c)
        })
        .collect();
    let mut scratch = StackScratch::default();
    let mut best = f64::INFINITY;
    let mut sum = 0.0f64;
    for _ in 0..rounds {
        sum = 0.0;
        let start = std::time::Instant::now();
        for (s, c) in &data {
            let p = model.probabilities(&mut scratch, s, c, &c.themes);
            sum += p.iter().map(|x| f64::from(*x)).sum::<f64>();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} statements, best of {rounds}: {:.2} µs a statement (checksum {sum:.6})",
        data.len(),
        best * 1e6 / data.len() as f64
    );
    Ok(())
}
