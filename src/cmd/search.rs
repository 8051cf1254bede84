//! `twovoices search`: ranked, filtered hits from the index, rendered in the chosen format.

use crate::cli::SearchArgs;
use crate::cli::SearchFormat;
use std::io::Write;
use twovoices::error::Result;
use twovoices::index::{Filters, StatementIndex};
use twovoices::render;

/// Runs `search`.
pub fn run<W: Write>(out: &mut W, args: &SearchArgs) -> Result<()> {
    let index = StatementIndex::open(&args.index.dir)?;
    let rules = super::load_rules(&args.rules)?;
    super::warn_if_stale(&index, &rules)?;
    let filters = Filters {
        theme: args.theme,
        audience: args.audience,
        speaker: args.speaker.clone(),
        lang: args.lang,
        since: args.since.clone(),
        until: args.until.clone(),
    };
    let hits = index.search(&args.query, &filters, args.limit)?;
    match args.format {
        SearchFormat::Table => render::table_index::hits(out, &hits),
        SearchFormat::Json => render::json::write_pretty(out, &hits),
        SearchFormat::Jsonl => {
            let mut buf = Vec::new();
            for h in &hits {
                render::json::push_line(&mut buf, h)?;
            }
            out.write_all(&buf)?;
            Ok(())
        }
        SearchFormat::Csv => render::csv_index::hits(out, &hits),
    }
}
