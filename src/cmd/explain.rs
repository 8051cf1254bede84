//! `twovoices explain`: finds or builds one statement, explains its classification, renders the account.

use crate::cli::ExplainArgs;
use crate::cli::ExplainFormat;
use std::io::{IsTerminal, Write};
use twovoices::analysis::explain::explain;
use twovoices::error::{Error, Result};
use twovoices::model::Statement;
use twovoices::render;

/// Runs `explain`.
pub fn run<W: Write>(out: &mut W, args: &ExplainArgs) -> Result<()> {
    let rules = super::load_rules(&args.rules)?;
    if rules.theme_stack.as_ref().is_some_and(|m| m.gate.on) {
        super::warn_if_stack_stale(&rules);
    }
    let statement = match (&args.text, &args.id) {
        (Some(text), _) => Statement {
            speaker: args.speaker.clone(),
            role: args.role.clone(),
            venue: args.venue.clone(),
            source: args.source.clone(),
            ..Statement::new("text", text.clone())
        },
        (None, Some(id)) if args.files.is_empty() => from_index(&args.index.dir, id)?,
        (None, Some(id)) => find(&args.files, id)?,
        (None, None) => {
            return Err(Error::Usage(
                "explain needs a statement ID (in the index, or with --file), or --text".into(),
            ))
        }
    };
    let x = explain(&rules, &statement);
    match args.format {
        ExplainFormat::Json => render::json::write_pretty(out, &x),
        ExplainFormat::Text => {
            let style = args.color.highlight(std::io::stdout().is_terminal());
            render::text::explanation(out, &x, style)
        }
    }
}

/// The statement stored in the index under `id` (as given to `index`; it is classified again with the
/// current rules), or the ids that look like it.
fn from_index(dir: &std::path::Path, id: &str) -> Result<Statement> {
    let index = twovoices::index::StatementIndex::open(dir)?;
    match index.get(id)? {
        Some(record) => Ok(record.statement),
        None => Err(Error::UnknownId {
            what: "statement",
            id: id.to_string(),
            near: index.ids_like(id, 5)?,
        }),
    }
}

/// Finds a statement by id in files, or says which ids look like it.
fn find(files: &[String], id: &str) -> Result<Statement> {
    let (records, _) = twovoices::input::read_all(files, None, false, |_| {})?;
    let mut ids = Vec::new();
    for r in records {
        if r.statement.id == id {
            return Ok(r.statement);
        }
        ids.push(r.statement.id);
    }
    let mut near: Vec<(f64, String)> = ids
        .into_iter()
        .map(|x| (strsim::jaro_winkler(id, &x), x))
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0));
    Err(Error::UnknownId {
        what: "statement",
        id: id.to_string(),
        near: near.into_iter().take(5).map(|x| x.1).collect(),
    })
}
