//! `twovoices terms`: the words and phrases typical of each voice, from the index.

use crate::cli::{TermsArgs, TermsLang, VoiceFormat};
use std::io::Write;
use twovoices::analysis::terms::{self, LangSelection, TermOptions, VoiceTerms, VoiceTermsQuery};
use twovoices::error::Result;
use twovoices::render;

/// Computes the terms comparison the arguments ask for.
pub fn compute(args: &TermsArgs) -> Result<Vec<VoiceTerms>> {
    let (index, rules) = super::open_index_without_models(&args.index, &args.rules)?;
    let merge = (args.lang == Some(TermsLang::All)).then(|| terms::concept_merge(&rules.concepts));
    let query = VoiceTermsQuery {
        theme: args.theme,
        lang: args.lang.map(|l| match l {
            TermsLang::En => LangSelection::En,
            TermsLang::Zh => LangSelection::Zh,
            TermsLang::All => LangSelection::All,
        }),
        options: TermOptions {
            top: args.top,
            min_count: args.min_count,
            ..TermOptions::default()
        },
        merge,
    };
    terms::voice_terms(&index, &query)
}

/// Runs `terms`.
pub fn run<W: Write>(out: &mut W, args: &TermsArgs, format: VoiceFormat) -> Result<()> {
    let result = compute(args)?;
    match format {
        VoiceFormat::Table => render::table::voice::terms(out, &result),
        VoiceFormat::Json => render::json::write_pretty(out, &result),
        VoiceFormat::Csv => render::csv::voice::terms(out, &result),
    }
}
