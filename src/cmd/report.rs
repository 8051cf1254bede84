//! `twovoices report`: a whole "two voices" report, one section per theme, in Markdown or HTML.

use crate::cli::DocFormat;
use crate::cli::ReportArgs;
use std::io::Write;
use twovoices::error::{Error, Result};
use twovoices::index::StatementIndex;
use twovoices::pair::{self, PairOptions};
use twovoices::render;
use twovoices::report::Report;

/// Runs `report`.
pub fn run<W: Write>(out: &mut W, args: &ReportArgs) -> Result<()> {
    let index = StatementIndex::open(&args.index.dir)?;
    let rules = super::load_rules(&args.rules)?;
    super::warn_if_stale(&index, &rules)?;
    let themes = if args.theme.is_empty() {
        pair::themes_with_both_sides(&index)?
    } else {
        args.theme.clone()
    };
    let opts = PairOptions {
        pairs: Some(args.pairs),
        ..PairOptions::default()
    };
    let mut contrasts = Vec::new();
    for t in themes {
        match pair::contrast(&index, &rules, t, None, &opts) {
            Ok(c) => contrasts.push(c),
            // A theme asked for by name with one side empty is an error; in the default list it cannot happen.
            Err(e) => return Err(e),
        }
    }
    if contrasts.is_empty() {
        return Err(Error::Usage(format!(
            "no theme has both external and internal statements in {}",
            index.path().display()
        )));
    }
    let report = Report::build(&contrasts);
    let mut buf = Vec::new();
    match args.format {
        DocFormat::Markdown => render::markdown::report(&mut buf, &report)?,
        DocFormat::Html => render::html::report(&mut buf, &report)?,
    }
    match &args.output {
        Some(path) => super::output::write_file(path, &buf),
        None => Ok(out.write_all(&buf)?),
    }
}
