//! `twovoices index`: classifies statements in parallel batches and upserts them into the index, all or nothing.

use crate::cli::IndexArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use twovoices::classify::Classifier;
use twovoices::dedup::Reposts;
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
    let merged = match result {
        Ok(merged) => merged,
        Err(e) => {
            run.abort();
            return Err(Error::IndexUnchanged {
                path: index.path().to_path_buf(),
                source: Box::new(e),
            });
        }
    };
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
    render::table_index::reposts_merged(out, merged)?;
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
) -> Result<usize> {
    if args.reclassify {
        progress.set_message("(reclassifying)");
        let stored = run.stored()?.into_iter().map(|r| Ok(r.statement)).collect();
        for rec in classify_all(rules, fingerprint, stored) {
            run.upsert(&rec?)?;
            progress.inc(1);
        }
        progress.set_message("");
    }
    // Reposts are merged before classification, so each statement is classified and stored once with
    // every source that carried it.
    let mut reposts = Reposts::new();
    let mut batches = Batches::new(&args.files, args.input_format.map(Into::into));
    while let Some(batch) = batches.next_batch()? {
        for rec in batch {
            match rec {
                Ok(located) => reposts.push(located.statement),
                Err(e) if args.skip_invalid => {
                    super::report_skip(&e);
                    run.skip_invalid();
                    progress.inc(1);
                }
                Err(e) => return Err(e),
            }
        }
    }
    let (kept, merges) = reposts.finish();
    let mut kept = kept.into_iter().peekable();
    while kept.peek().is_some() {
        let chunk: Vec<Result<Statement>> = kept.by_ref().take(4096).map(Ok).collect();
        for rec in classify_all(rules, fingerprint, chunk) {
            run.upsert(&rec?)?;
            progress.inc(1);
        }
    }
    Ok(merges.len())
}
