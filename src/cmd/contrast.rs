//! `twovoices contrast`: pairs each external statement of a theme with the internal statements that oppose it.

use crate::cli::ContrastArgs;
use crate::cli::ContrastFormat;
use std::collections::BTreeSet;
use std::io::Write;
use twovoices::error::Result;
use twovoices::index::StatementIndex;
use twovoices::model::Audience;
use twovoices::pair::{self, ThemeContrast};
use twovoices::render;

/// Runs `contrast`.
pub fn run<W: Write>(out: &mut W, args: &ContrastArgs) -> Result<()> {
    let (index, rules) = super::open_index(&args.index, &args.rules)?;
    let opts = super::pair_options(args.pairs, args.reuse, args.min_score, args.show_weak);
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
    let only = externals_asked(&index, &args.externals)?;
    let contrasts: Vec<ThemeContrast> = themes
        .into_iter()
        .map(|t| {
            pair::contrast_of(
                &index,
                &rules,
                t,
                args.query.as_deref(),
                only.as_ref(),
                &opts,
            )
        })
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

/// The ids given with `--external`, each checked to be an external statement of the index.
fn externals_asked(index: &StatementIndex, ids: &[String]) -> Result<Option<BTreeSet<String>>> {
    if ids.is_empty() {
        return Ok(None);
    }
    let searcher = index.searcher()?;
    for id in ids {
        let Some(addr) = index.find(&searcher, id)? else {
            return Err(twovoices::Error::Usage(format!(
                "--external {id}: no statement with this id in {}",
                index.path().display()
            )));
        };
        let rec = index.record(&searcher, addr)?;
        if rec.audience != Audience::External {
            return Err(twovoices::Error::Usage(format!(
                "--external {id}: this statement is classified {}, not external \
                 (`twovoices explain {id}` shows why)",
                rec.audience.as_str()
            )));
        }
    }
    Ok(Some(ids.iter().cloned().collect()))
}
