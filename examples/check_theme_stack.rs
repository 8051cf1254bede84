//! Checks that `rules/theme-stack.toml` is exactly what `twovoices rules train-stack` gives on its
//! `trained_on` files (with its own c, min_df, min_weight, iterations and gate), byte for byte. Training
//! on every labelled fixture takes minutes in a debug build, so this is a release example rather than a
//! test (the unit tests of `src/rules/stack.rs` check determinism on a small corpus):
//!
//! `cargo run --release --example check_theme_stack` (from the repository root; exit 1 when stale).

use twovoices::classify::Classifier;
use twovoices::rules::stack::StackModel;
use twovoices::rules::RuleSet;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = "rules/theme-stack.toml";
    let committed = std::fs::read_to_string(path)?;
    let folder = RuleSet::load(Some(std::path::Path::new("rules")))?;
    let model = folder
        .theme_stack
        .as_ref()
        .ok_or("rules/theme-stack.toml has no [theme_stack]")?;
    // The rules train-stack classifies with: the built-in ones, without the stacked model.
    let mut rules = RuleSet::builtin()?;
    rules.theme_stack = None;
    let (records, _) = twovoices::input::read_all(&model.trained_on, None, false, |_| {})?;
    let mut classifier = Classifier::without_evidence(&rules);
    let data: Vec<_> = records
        .into_iter()
        .map(|r| r.statement)
        .filter(|s| s.gold.is_some())
        .map(|s| {
            let c = classifier.classify(&s);
            (s, c)
        })
        .collect();
    let retrained = StackModel::train(&data, model.trained_on.clone(), model.settings, model.gate);
    if retrained.to_toml() == committed {
        println!(
            "{path} is what training on its {} files gives ({} statements)",
            model.trained_on.len(),
            data.len()
        );
        Ok(())
    } else {
        eprintln!(
            "{path} is stale: run `twovoices rules train-stack {} -o {path}` with its settings",
            model.trained_on.join(" ")
        );
        std::process::exit(1);
    }
}
