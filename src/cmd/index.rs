//! `twovoices index`: streams statements through the rules into the index (upsert by id), all or nothing.

use crate::cli::IndexArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use twovoices::analysis::coverage::DefaultAudience;
use twovoices::dedup::Reposts;
use twovoices::error::{Error, Result};
use twovoices::index::{IndexDoc, IndexInfo, IndexRun, StatementIndex, FORMAT};
use twovoices::input::Batches;
use twovoices::model::{Classified, Indexed};
use twovoices::render;
use twovoices::rules::RuleSet;
use twovoices::stream::{
    classify_map_into, in_batches, records_in_batches, Batch, Evidence, OnInvalid, Sink,
};

use super::ReportSkips;

/// Runs `index`.
pub fn run<W: Write>(out: &mut W, args: &IndexArgs) -> Result<()> {
    let rules = super::load_rules(&args.rules)?;
    let fingerprint = rules.fingerprint();
    let index = StatementIndex::open_or_create(&args.index.dir)?;
    let (stale_before, _) = index.stale(&fingerprint)?;
    let mut run = index.begin()?;
    let progress = progress_bar();
    let mut defaults = DefaultAudience::default();
    let result = fill(
        &mut run,
        args,
        &rules,
        &fingerprint,
        &progress,
        &mut defaults,
    );
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
    out.flush()?;
    super::warn_default_only(&defaults);
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

/// A classified statement as the index stores it, with its document, built in the parallel stage.
type Prepared = (Indexed, IndexDoc);

fn prepare<'a>(
    index: &'a StatementIndex,
    fingerprint: &'a str,
) -> impl Fn(Classified) -> Result<Prepared> + Sync + 'a {
    move |c| {
        let rec = Indexed::from_classified(c, fingerprint);
        let doc = index.document(&rec)?;
        Ok((rec, doc))
    }
}

/// Upserts each classified statement into the index run, counting on the progress bar.
struct IndexSink<'r, 'i> {
    run: &'r mut IndexRun<'i>,
    progress: &'r ProgressBar,
    /// Per document, how many statements took the default audience.
    defaults: &'r mut DefaultAudience,
}

impl Sink<Prepared> for IndexSink<'_, '_> {
    fn classified(&mut self, (rec, doc): Prepared) -> Result<()> {
        self.defaults.add_basis(&rec.statement, rec.audience_basis);
        self.run.upsert_document(&rec, doc)?;
        self.progress.inc(1);
        Ok(())
    }

    fn skipped(&mut self, _error: &Error) -> Result<()> {
        self.run.skip_invalid();
        self.progress.inc(1);
        Ok(())
    }
}

/// Writes again statements this run already wrote, now with more sources.
struct RewriteSink<'r, 'i> {
    run: &'r mut IndexRun<'i>,
}

impl Sink<Prepared> for RewriteSink<'_, '_> {
    fn classified(&mut self, (rec, doc): Prepared) -> Result<()> {
        self.run.rewrite_document(&rec, doc)
    }
}

fn fill(
    run: &mut IndexRun<'_>,
    args: &IndexArgs,
    rules: &RuleSet,
    fingerprint: &str,
    progress: &ProgressBar,
    defaults: &mut DefaultAudience,
) -> Result<usize> {
    if args.reclassify {
        progress.set_message("(reclassifying)");
        let stored = run.stored()?.into_iter().map(|r| r.statement);
        let mut ignored = DefaultAudience::default();
        let index = run.index();
        let sink = IndexSink {
            run: &mut *run,
            progress,
            defaults: &mut ignored,
        };
        classify_map_into(
            rules,
            in_batches(stored),
            OnInvalid::Stop,
            Evidence::Drop,
            prepare(index, fingerprint),
            sink,
        )?;
        progress.set_message("");
    }
    // Reposts are merged before classification, so each statement is classified and stored once with
    // every source that carried it. The run streams: a batch is read, rid of its reposts, classified and
    // written before the next is read, so memory holds one batch and a fixed few bytes per statement
    // kept (their texts wait in a temporary file, in case a later repost repeats them).
    let mut reposts = Reposts::new()?;
    let mut batches = Batches::new(&args.files, args.input_format.map(Into::into));
    let stream = std::iter::from_fn(|| -> Option<Batch> {
        let batch = match batches.next_batch() {
            Ok(Some(batch)) => batch,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let mut valid = Vec::with_capacity(batch.len());
        let mut invalid = Vec::new();
        for rec in batch {
            match rec {
                Ok(located) => valid.push(located.statement),
                Err(e) => invalid.push(Err(e)),
            }
        }
        // Invalid records go on to the classifier, which skips or stops at them as `--skip-invalid` says.
        Some(reposts.push_batch(valid).map(|kept| {
            invalid.extend(kept.into_iter().map(Ok));
            invalid
        }))
    });
    let index = run.index();
    let sink = IndexSink {
        run: &mut *run,
        progress,
        defaults: &mut *defaults,
    };
    classify_map_into(
        rules,
        stream,
        OnInvalid::skip_if(args.skip_invalid),
        Evidence::Drop,
        prepare(index, fingerprint),
        ReportSkips(sink),
    )?;
    let finished = reposts.finish()?;
    // Statements written in an earlier batch that a later repost repeats are written again, with the
    // repost's source.
    let rewrite = RewriteSink { run };
    classify_map_into(
        rules,
        records_in_batches(finished.updated),
        OnInvalid::Stop,
        Evidence::Drop,
        prepare(index, fingerprint),
        rewrite,
    )?;
    Ok(finished.merges.len())
}
