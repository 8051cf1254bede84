//! `twovoices index`: classifies statements in parallel batches and upserts them into the index, all or nothing.

use crate::cli::IndexArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use twovoices::classify::Classifier;
use twovoices::error::{Error, Result};
use twovoices::index::{IndexInfo, IndexRun, StatementIndex, FORMAT};
use twovoices::input::Batches;
use twovoices::model::{Indexed, Statement};
use twovoices::render;
use twovoices::rules::RuleSet;

/// Runs `index`.
pub fn run<W: Write>(out: &mut W, args: &IndexArgs) -> Result<()> {
    let rules = super::load_rules(&args.rules)?;
    let fingerprint = rules.fingerprint();
    let index = StatementIndex::open_or_create(&args.index.dir)?;
    let (stale_before, _) = index.stale(&fingerprint)?;
    let mut run = index.begin()?;
    let progress = progress_bar();
    let result = fill(&mut run, args, &rules, &fingerprint, &progress);
    progress.finish_and_clear();
    if let Err(e) = result {
        run.abort();
        return Err(Error::IndexUnchanged {
            path: index.path().to_path_buf(),
            source: Box::new(e),
        });
    }
    let info = IndexInfo {
        format: FORMAT,
        rules_fingerprint: fingerprint.clone(),
        rules_source: args
            .rules
            .rules
            .as_ref()
            .map_or("built-in".to_string(), |p| p.display().to_string()),
    };
    let stats = run.commit(&info)?;
    let total = index.len()?;
    render::table_index::index_stats(out, &stats, total, index.path())?;
    if !args.reclassify && stale_before > 0 {
        out.flush()?;
        super::warn_if_stale(&index, &rules)?;
    }
    super::finish_skips(stats.invalid)
}

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} indexed {human_pos} statements ({per_sec}) {msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn classify_all(
    rules: &RuleSet,
    fingerprint: &str,
    statements: Vec<Result<Statement>>,
) -> Vec<Result<Indexed>> {
    statements
        .into_par_iter()
        .map_init(
            || Classifier::new(rules),
            |classifier, st| {
                let st = st?;
                let c = classifier.classify(&st);
                Ok(Indexed::new(st, &c, fingerprint))
            },
        )
        .collect()
}

fn fill(
    run: &mut IndexRun<'_>,
    args: &IndexArgs,
    rules: &RuleSet,
    fingerprint: &str,
    progress: &ProgressBar,
) -> Result<()> {
    if args.reclassify {
        progress.set_message("(reclassifying)");
        let stored = run.stored()?.into_iter().map(|r| Ok(r.statement)).collect();
        for rec in classify_all(rules, fingerprint, stored) {
            run.upsert(&rec?)?;
            progress.inc(1);
        }
        progress.set_message("");
    }
    let mut batches = Batches::new(&args.files, args.input_format.map(Into::into));
    while let Some(batch) = batches.next_batch()? {
        let statements = batch.into_iter().map(|r| r.map(|l| l.statement)).collect();
        for rec in classify_all(rules, fingerprint, statements) {
            match rec {
                Ok(rec) => {
                    run.upsert(&rec)?;
                }
                Err(e) if args.skip_invalid => {
                    super::report_skip(&e);
                    run.skip_invalid();
                }
                Err(e) => return Err(e),
            }
            progress.inc(1);
        }
    }
    Ok(())
}
