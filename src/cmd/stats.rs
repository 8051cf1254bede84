//! `twovoices stats`: statements per audience × theme, by theme, year, speaker or venue.

use crate::cli::{StatsArgs, StatsBy, VoiceFormat};
use std::io::Write;
use twovoices::analysis::stats::{self, By};
use twovoices::error::Result;
use twovoices::render;

/// The library's row kind for a `--by` value.
pub fn by(b: StatsBy) -> By {
    match b {
        StatsBy::Theme => By::Theme,
        StatsBy::Year => By::Year,
        StatsBy::Speaker => By::Speaker,
        StatsBy::Venue => By::Venue,
    }
}

/// Runs `stats`.
pub fn run<W: Write>(out: &mut W, args: &StatsArgs) -> Result<()> {
    let (index, _) = super::open_index(&args.index, &args.rules)?;
    let s = stats::from_index(&index, by(args.by))?;
    match args.format {
        VoiceFormat::Table => render::table::voice::stats(out, &s),
        VoiceFormat::Json => render::json::write_pretty(out, &s),
        VoiceFormat::Csv => render::csv::voice::stats(out, &s),
    }
}
