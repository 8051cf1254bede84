//! Times classification on one thread: the built-in rules (stacked model as shipped, or off with
//! `--no-stack`) classify a JSONL file's statements ROUNDS times, each classification serialised as
//! `classify --format jsonl` writes it, and the fastest round is printed (µs a statement: classifying,
//! and classifying with the JSON line), with the output's length as a check. The least of several rounds
//! is little moved by other work on the machine, unlike a whole `classify` run.
//!
//! `cargo run --release --example bench_classify -- FILE.jsonl [ROUNDS] [--no-stack]`

use twovoices::classify::Classifier;
use twovoices::model::Classified;
use twovoices::rules::RuleSet;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_stack = args.iter().any(|a| a == "--no-stack");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--no-stack").collect();
    let file = args
        .first()
        .ok_or("usage: bench_classify FILE.jsonl [ROUNDS] [--no-stack]")?;
    let rounds: usize = args.get(1).map_or(Ok(5), |r| r.parse())?;
    let mut rules = RuleSet::builtin()?;
    if no_stack {
        rules.theme_stack = None;
    }
    let (records, _) =
        twovoices::input::read_all(std::slice::from_ref(*file), None, false, |_| {})?;
    let statements: Vec<_> = records.into_iter().map(|r| r.statement).collect();
    let mut classifier = Classifier::new(&rules);
    let (mut best_classify, mut best_json) = (f64::INFINITY, f64::INFINITY);
    let mut bytes = 0usize;
    let mut line = Vec::new();
    for _ in 0..rounds {
        let start = std::time::Instant::now();
        for s in &statements {
            std::hint::black_box(classifier.classify(s));
        }
        best_classify = best_classify.min(start.elapsed().as_secs_f64());
        bytes = 0;
        let start = std::time::Instant::now();
        for s in &statements {
            let classification = classifier.classify(s);
            let c = Classified {
                statement: s.clone(),
                classification,
            };
            line.clear();
            twovoices::render::json::push_line(&mut line, &c)?;
            bytes += line.len();
        }
        best_json = best_json.min(start.elapsed().as_secs_f64());
    }
    let per = |t: f64| t * 1e6 / statements.len() as f64;
    println!(
        "{} statements, best of {rounds}: classify {:.2} µs, with the JSON line {:.2} µs a statement ({bytes} bytes)",
        statements.len(),
        per(best_classify),
        per(best_json)
    );
    Ok(())
}
