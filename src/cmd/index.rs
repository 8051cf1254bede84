//! `twovoices index`: streams statements through the rules into the index (upsert by id), all or nothing.

use crate::cli::IndexArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use twovoices::dedup::Reposts;
use twovoices::error::{Error, Result};
use twovoices::index::{IndexInfo, IndexRun, StatementIndex, FORMAT};
use twovoices::input::Batches;
use twovoices::model::{Classified, Indexed};
use twovoices::render;
use twovoices::rules::RuleSet;
use twovoices::stream::{classify_into, in_batches, Sink};

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
    render::table::index::index_stats(out, &stats, total, index.path())?;
    render::table::index::reposts_merged(out, merged)?;
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

/// Upserts each classified statement into the index run, counting on the progress bar.
struct IndexSink<'r, 'i> {
    run: &'r mut IndexRun<'i>,
    fingerprint: &'r str,
    progress: &'r ProgressBar,
}

impl Sink for IndexSink<'_, '_> {
    fn classified(&mut self, c: Classified) -> Result<()> {
        self.run.upsert(&Indexed::new(
            c.statement,
            &c.classification,
            self.fingerprint,
        ))?;
        self.progress.inc(1);
        Ok(())
    }
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
        let stored = run.stored()?.into_iter().map(|r| r.statement);
        let sink = IndexSink {
            run: &mut *run,
            fingerprint,
            progress,
        };
        classify_into(rules, in_batches(stored), false, sink)?;
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
    let sink = IndexSink {
        run,
        fingerprint,
        progress,
    };
    classify_into(rules, in_batches(kept.into_iter()), false, sink)?;
    Ok(merges.len())
}
