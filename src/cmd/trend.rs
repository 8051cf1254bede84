//! `twovoices trend`: a phrase's uses by each voice, year by year.

use crate::cli::{TrendArgs, VoiceFormat};
use std::io::Write;
use twovoices::analysis::trend::{self, Trend};
use twovoices::error::Result;
use twovoices::render;

/// Computes the trend the arguments ask for.
pub fn compute(args: &TrendArgs) -> Result<Trend> {
    let (index, rules) = super::open_index_without_models(&args.index, &args.rules)?;
    // A phrase the concept lexicon knows is counted in all its forms, English and Chinese.
    let concept = trend::concept_of(&rules.concepts, &args.phrase);
    let mut forms: Vec<String> = concept
        .map(|c| c.en.iter().chain(&c.zh).cloned().collect())
        .unwrap_or_default();
    forms.extend(args.forms.iter().cloned());
    trend::from_index(&index, &args.phrase, &forms, concept.map(|c| c.id.clone()))
}

/// Runs `trend`.
pub fn run<W: Write>(out: &mut W, args: &TrendArgs, format: VoiceFormat) -> Result<()> {
    let t = compute(args)?;
    match format {
        VoiceFormat::Table => render::table::voice::trend(out, &t),
        VoiceFormat::Json => render::json::write_pretty(out, &t),
        VoiceFormat::Csv => render::csv::voice::trend(out, &t),
    }
}
