//! `twovoices contrast`: pairs each external statement of a theme with the internal statements that oppose it.

use crate::cli::ContrastArgs;
use crate::cli::ContrastFormat;
use std::io::Write;
use twovoices::error::Result;
use twovoices::index::StatementIndex;
use twovoices::pair::{self, PairOptions, ThemeContrast};
use twovoices::render;

/// Runs `contrast`.
pub fn run<W: Write>(out: &mut W, args: &ContrastArgs) -> Result<()> {
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
    let themes = match args.theme {
        Some(t) => vec![t],
        None => pair::themes_with_both_sides(&index)?,
    };
    if themes.is_empty() {
        return Err(twovoices::Error::Usage(format!(
            "no theme has both external and internal statements in {}; index more statements first",
            index.path().display()
        )));
    }
    let contrasts: Vec<ThemeContrast> = themes
        .into_iter()
        .map(|t| pair::contrast(&index, &rules, t, args.query.as_deref(), &opts))
        .collect::<Result<_>>()?;
    match args.format {
        ContrastFormat::Table => render::table::index::contrasts(out, &contrasts),
        ContrastFormat::Markdown => render::markdown::contrasts(out, &contrasts),
        ContrastFormat::Json => {
            if contrasts.len() == 1 {
                render::json::write_pretty(out, &contrasts[0])
            } else {
                render::json::write_pretty(out, &contrasts)
            }
        }
        ContrastFormat::Csv => render::csv::contrasts(out, &contrasts),
    }
}
