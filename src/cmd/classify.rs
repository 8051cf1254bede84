//! `twovoices classify`: streams statements through the rules into the sink of the chosen format.

use crate::cli::{ClassifyFormat, InputArgs, RulesArgs};
use std::io::Write;
use twovoices::error::Result;
use twovoices::input::Batches;
use twovoices::render;
use twovoices::render::json::JsonLine;
use twovoices::stream::{classify_into, classify_map_into, Evidence, OnInvalid, Sink};

/// Runs `classify`.
pub fn run<W: Write>(
    out: &mut W,
    input: &InputArgs,
    rules: &RulesArgs,
    format: ClassifyFormat,
) -> Result<()> {
    let rules = super::load_rules(rules)?;
    let batches = Batches::new(&input.files, input.input_format.map(Into::into)).statements();
    let sink: Box<dyn Sink + '_> = match format {
        ClassifyFormat::Table => Box::new(render::table::classify::ClassifyTable::new(&mut *out)),
        ClassifyFormat::Json => Box::new(render::json::JsonArray::new(&mut *out)),
        ClassifyFormat::Jsonl => {
            // Each line is serialised in the parallel stage; the writing thread only copies bytes.
            let mut sink = super::CountDefaults::new(super::ReportSkips(
                render::json::JsonLines::new(&mut *out),
            ));
            let stats = classify_map_into(
                &rules,
                batches,
                OnInvalid::skip_if(input.skip_invalid),
                Evidence::Keep,
                |c| JsonLine::of(&c),
                &mut sink,
            )?;
            let defaults = sink.finish_counting();
            out.flush()?;
            super::warn_default_only(&defaults);
            return super::finish_skips(stats.skipped);
        }
        ClassifyFormat::Csv => Box::new(render::csv::ClassifyCsv::new(&mut *out)),
    };
    let mut sink = super::CountDefaults::new(super::ReportSkips(sink));
    let stats = classify_into(
        &rules,
        batches,
        OnInvalid::skip_if(input.skip_invalid),
        &mut sink,
    )?;
    let defaults = sink.finish_counting();
    out.flush()?;
    super::warn_default_only(&defaults);
    super::finish_skips(stats.skipped)
}
