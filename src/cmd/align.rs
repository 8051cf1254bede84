//! `twovoices align`: the two language versions of one press conference, turn by turn.

use crate::cli::{AlignArgs, AlignFormat};
use std::io::Write;
use twovoices::error::Result;
use twovoices::render;

/// Runs `align`.
pub fn run<W: Write>(out: &mut W, args: &AlignArgs) -> Result<()> {
    // Bilingual concepts (rules/concepts.toml) are not loaded here yet: numbers, Latin names and length
    // carry the alignment until that loader is in the library.
    let alignment = twovoices::align::align_files(&args.zh, &args.en, &[])?;
    match args.format {
        AlignFormat::Table => render::table::align::table(out, &alignment),
        AlignFormat::Json => render::json::write_pretty(out, &alignment),
    }
}
