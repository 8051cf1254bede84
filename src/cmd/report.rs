//! `twovoices report`: a whole "two voices" report, one section per theme, in Markdown, HTML, JSON or CSV.

use crate::cli::DocFormat;
use crate::cli::ReportArgs;
use std::io::Write;
use std::path::Path;
use twovoices::analysis::stats::{self, By};
use twovoices::analysis::terms::{self, TermOptions, VoiceTermsQuery};
use twovoices::chart;
use twovoices::error::{Error, Result};
use twovoices::index::StatementIndex;
use twovoices::pair::{self, PairOptions};
use twovoices::render;
use twovoices::report::{self, ReportOptions};

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

fn format_name(f: DocFormat) -> &'static str {
    match f {
        DocFormat::Markdown => "markdown",
        DocFormat::Html => "html",
        DocFormat::Json => "json",
        DocFormat::Csv => "csv",
    }
}

/// The format a file name asks for by its extension, if it names one.
fn format_of(path: &Path) -> Option<DocFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(DocFormat::Markdown),
        "html" | "htm" => Some(DocFormat::Html),
        "json" => Some(DocFormat::Json),
        "csv" => Some(DocFormat::Csv),
        _ => None,
    }
}

/// The format to write: `--format` if given, else the one `-o`'s extension names, else Markdown. A
/// `--format` that contradicts the extension is a usage error rather than a file whose name lies.
pub fn output_format(format: Option<DocFormat>, output: Option<&Path>) -> Result<DocFormat> {
    let by_name = output.and_then(format_of);
    match (format, by_name) {
        (Some(f), Some(e)) if f != e => Err(Error::Usage(format!(
            "--format {} contradicts the extension of {} (a {} file); drop --format or rename the file",
            format_name(f),
            output.map(|p| p.display().to_string()).unwrap_or_default(),
            format_name(e)
        ))),
        (Some(f), _) => Ok(f),
        (None, Some(e)) => Ok(e),
        (None, None) => Ok(DocFormat::Markdown),
    }
}

/// Runs `report`.
pub fn run<W: Write>(out: &mut W, args: &ReportArgs) -> Result<()> {
    let format = output_format(args.format, args.output.as_deref())?;
    let (index, rules) = super::open_index_without_models(&args.index, &args.rules)?;
    let themes = if args.theme.is_empty() {
        let themes = pair::themes_with_both_sides(&index)?;
        if themes.is_empty() {
            return Err(Error::NothingToReport {
                path: index.path().to_path_buf(),
            });
        }
        themes
    } else {
        // In the order given, each once.
        let mut themes = Vec::new();
        for t in &args.theme {
            if !themes.contains(t) {
                themes.push(*t);
            }
        }
        themes
    };
    let opts = ReportOptions {
        max_per_theme: args.max_per_theme.0,
        pairing: PairOptions {
            reuse: args.reuse,
            ..PairOptions::default()
        },
    };
    // A theme asked for by name with one side empty is an error (exit 1), as when no theme has both sides.
    let report = report::build(&index, &rules, &themes, &opts)?;
    let mut buf = Vec::new();
    match format {
        DocFormat::Markdown => render::markdown::report(&mut buf, &report)?,
        DocFormat::Html => {
            let figures = theme_figures(&index, &themes)?;
            render::html::report_with_figures(&mut buf, &report, &figures)?
        }
        DocFormat::Json => render::json::write_pretty(&mut buf, &report)?,
        DocFormat::Csv => render::csv::report(&mut buf, &report)?,
    }
    match &args.output {
        Some(path) => super::output::write_file(path, &buf),
        None => Ok(out.write_all(&buf)?),
    }
}
