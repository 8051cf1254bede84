//! `twovoices report`: a whole "two voices" report, one section per theme, in Markdown or HTML.

use crate::cli::DocFormat;
use crate::cli::ReportArgs;
use std::io::Write;
use twovoices::analysis::stats::{self, By};
use twovoices::analysis::terms::{self, TermOptions, VoiceTermsQuery};
use twovoices::chart;
use twovoices::error::{Error, Result};
use twovoices::index::StatementIndex;
use twovoices::pair::{self, PairOptions};
use twovoices::render;
use twovoices::report::Report;

/// Each theme's charts: both voices over the years, and the most distinctive terms per voice.
fn theme_figures(
    index: &StatementIndex,
    themes: &[twovoices::model::Theme],
) -> Result<Vec<chart::Figure>> {
    let by_year = stats::from_index(index, By::Year)?;
    let query = VoiceTermsQuery {
        options: TermOptions {
            top: 10,
            ..TermOptions::default()
        },
        ..VoiceTermsQuery::default()
    };
    let terms = terms::voice_terms_per_theme(index, &query, themes)?;
    chart::theme_figures(&by_year, &terms)
}

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
        DocFormat::Html => {
            let themes: Vec<_> = report.sections.iter().map(|s| s.theme).collect();
            let figures = theme_figures(&index, &themes)?;
            render::html::report_with_figures(&mut buf, &report, &figures)?
        }
        DocFormat::Json => render::json::write_pretty(&mut buf, &report)?,
    }
    match &args.output {
        Some(path) => super::output::write_file(path, &buf),
        None => Ok(out.write_all(&buf)?),
    }
}
