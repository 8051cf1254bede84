//! `twovoices eval`: classifies gold-labelled statements and scores the rules against the labels.

use crate::cli::ReportFormat;
use crate::cli::{InputArgs, RulesArgs};
use std::io::Write;
use twovoices::analysis::eval::evaluate;
use twovoices::classify::Classifier;
use twovoices::error::{Error, Result};
use twovoices::render;

/// Runs `eval`.
pub fn run<W: Write>(
    out: &mut W,
    input: &InputArgs,
    rules: &RulesArgs,
    format: ReportFormat,
) -> Result<()> {
    let rules = super::load_rules(rules)?;
    if rules.theme_stack.as_ref().is_some_and(|m| m.gate.on) {
        super::warn_if_stack_stale(&rules);
    }
    let (records, stats) = super::read_input(input)?;
    let mut classifier = Classifier::new(&rules);
    let pairs: Vec<_> = records
        .into_iter()
        .filter(|r| r.statement.gold.is_some())
        .map(|r| {
            let c = classifier.classify(&r.statement);
            (r.statement, c)
        })
        .collect();
    if pairs.is_empty() {
        return Err(Error::Usage(format!(
            "no statement in {} has gold labels; eval needs a `gold` object (JSONL) or `gold_audience` column (CSV)",
            input.files.join(", ")
        )));
    }
    let metrics = evaluate(&pairs);
    match format {
        ReportFormat::Json => render::json::write_pretty(out, &metrics)?,
        ReportFormat::Table => render::table::eval::eval(out, &metrics)?,
    }
    super::finish_skips(stats.skipped)
}
