//! `twovoices eval-pairs`: measures the partners `contrast` chooses against a judged pairing file.

use crate::cli::{EvalPairsArgs, ReportFormat};
use std::io::Write;
use twovoices::analysis::eval_pairs::{self, JudgedSet, Scope};
use twovoices::error::Result;
use twovoices::index::StatementIndex;
use twovoices::pair::PairOptions;
use twovoices::render;

/// Runs `eval-pairs`.
pub fn run<W: Write>(out: &mut W, args: &EvalPairsArgs) -> Result<()> {
    let judged = JudgedSet::load(&args.gold)?;
    let index = StatementIndex::open(&args.index.dir)?;
    let rules = super::load_rules(&args.rules)?;
    super::warn_if_stale(&index, &rules)?;
    let opts = PairOptions {
        reuse: args.reuse.max(1),
        min_score: args.min_score,
        show_weak: args.show_weak,
        pairs: args.pairs,
        ..PairOptions::default()
    };
    let scope = if args.whole_corpus {
        Scope::WholeCorpus
    } else {
        Scope::Judged
    };
    let metrics = eval_pairs::evaluate(&index, &rules, &judged, &opts, scope)?;
    match args.format {
        ReportFormat::Json => render::json::write_pretty(out, &metrics),
        ReportFormat::Table => render::table::pairs::eval_pairs(out, &metrics),
    }
}
