//! `twovoices align`: the two language versions of one press conference, turn by turn.

use crate::cli::{AlignArgs, AlignFormat};
use std::io::Write;
use twovoices::error::Result;
use twovoices::render;

/// Runs `align`.
pub fn run<W: Write>(out: &mut W, args: &AlignArgs) -> Result<()> {
    // The bilingual concepts (rules/concepts.toml, or those of --rules) anchor the alignment beside
    // numbers, Latin names and length.
    let rules = super::load_rules(&args.rules)?;
    let alignment = twovoices::align::align_files(&args.zh, &args.en, &rules)?;
    match args.format {
        AlignFormat::Table => render::table::align::table(out, &alignment),
        AlignFormat::Json => render::json::write_pretty(out, &alignment),
    }
}
