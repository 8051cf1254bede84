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
    let (index, rules) = super::open_index_without_models(&args.index, &args.rules)?;
    let opts = args.pairing.options();
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
    // Each theme is written as soon as it is paired, so memory holds one theme's table at a time.
    let query = args.query.as_deref();
    let pair = |emit: &mut dyn FnMut(ThemeContrast) -> Result<()>| {
        pair::contrast_themes(&index, &rules, &themes, query, only.as_ref(), &opts, emit)
    };
    match args.format {
        ContrastFormat::Table => pair(&mut |c| render::table::index::contrasts(out, &[c])),
        ContrastFormat::Markdown => {
            let mut md = render::markdown::ContrastMarkdown::default();
            pair(&mut |c| md.theme(out, &c))?;
            md.finish(out)
        }
        ContrastFormat::Json if themes.len() == 1 => {
            pair(&mut |c| render::json::write_pretty(out, &c))
        }
        ContrastFormat::Json => {
            // The same bytes as the whole array written at once.
            let mut array = render::json::PrettyArray::new();
            pair(&mut |c| array.item(out, &c))?;
            array.finish(out)
        }
        ContrastFormat::Csv => {
            // The header goes out with the first theme: a run that fails writes nothing.
            let (mut to, mut w) = (Some(&mut *out), None);
            pair(&mut |c| {
                if let Some(to) = to.take() {
                    w = Some(render::csv::ContrastCsv::new(to)?);
                }
                w.as_mut().map_or(Ok(()), |w| w.theme(&c))
            })?;
            w.map_or(Ok(()), |w| w.finish())
        }
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
