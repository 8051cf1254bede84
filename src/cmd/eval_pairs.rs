//! `twovoices eval-pairs`: measures the partners `contrast` chooses against a judged pairing file.

use crate::cli::{EvalPairsArgs, ReportFormat};
use std::io::Write;
use twovoices::analysis::eval_pairs::{self, JudgedSet, Scope};
use twovoices::error::Result;
use twovoices::render;

/// Runs `eval-pairs`.
pub fn run<W: Write>(out: &mut W, args: &EvalPairsArgs) -> Result<()> {
    let judged = JudgedSet::load(&args.gold)?;
    let (index, rules) = super::open_index_without_models(&args.index, &args.rules)?;
    let opts = args.pairing.options();
    let scope = if args.whole_corpus {
        Scope::WholeCorpus
    } else {
        Scope::Judged
    };
    let mut metrics = eval_pairs::evaluate(&index, &rules, &judged, &opts, scope)?;
    if let Some(top) = args.dump_candidates {
        metrics.candidates =
            eval_pairs::candidates(&index, &rules, &judged.judged, &metrics, top, opts.targets)?;
    }
    match args.format {
        ReportFormat::Json => render::json::write_pretty(out, &metrics),
        ReportFormat::Table => render::table::pairs::eval_pairs(out, &metrics),
    }
}
