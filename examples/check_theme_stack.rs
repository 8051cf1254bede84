//! Checks that `rules/theme-stack.toml` is exactly what `twovoices rules train-stack` gives on its
//! `trained_on` files and its `classified` ones (with its own c, min_df, min_weight, iterations and gate),
//! byte for byte. Training on every labelled fixture takes minutes in a debug build, so this is a release
//! example rather than a test (the unit tests of `src/rules/stack.rs` check determinism on a small corpus):
//!
//! `cargo run --release --example check_theme_stack` (from the repository root; exit 1 when stale).

use twovoices::classify::Classifier;
use twovoices::rules::stack::{StackFingerprint, StackModel};
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
    let mut data: Vec<_> = records
        .into_iter()
        .map(|r| r.statement)
        .filter(|s| s.gold.is_some())
        .map(|s| {
            let c = classifier.classify(&s);
            (s, c)
        })
        .collect();
    // The pre-classified files (`--classified`), read as train-stack reads them.
    for f in &model.classified {
        data.extend(twovoices::rules::stack::read_classified(f)?);
    }
    // The fingerprint as `train-stack` records it: the built-in rule files but the model's own, and the
    // training files' bytes, the pre-classified ones included.
    let hashed: Vec<String> = model
        .trained_on
        .iter()
        .chain(&model.classified)
        .cloned()
        .collect();
    let fingerprint = StackFingerprint::of(&rules.files, &rules.stack_inert_files(), &hashed);
    let retrained = StackModel::train(&data, model.trained_on.clone(), model.settings, model.gate)
        .with_classified(model.classified.clone())
        .with_fingerprint(fingerprint);
    if retrained.to_toml() == committed {
        println!(
            "{path} is what training on its {} files gives ({} statements)",
            model.trained_on.len(),
            data.len()
        );
        Ok(())
    } else {
        eprintln!(
            "{path} is stale: run `{}`",
            model.retrain_command(path, model.gate.on)
        );
        std::process::exit(1);
    }
}
