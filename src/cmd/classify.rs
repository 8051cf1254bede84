//! `twovoices classify`: streams statements through the rules in parallel batches, in input order.

use crate::classify::Classifier;
use crate::cli::{InputArgs, RulesArgs};
use crate::error::Result;
use crate::input::Batches;
use crate::model::Classified;
use crate::render::{self, ClassifyFormat};
use rayon::prelude::*;
use std::io::Write;

/// Runs `classify`.
pub fn run<W: Write>(out: &mut W, input: &InputArgs, rules: &RulesArgs, format: ClassifyFormat) -> Result<()> {
    let rules = super::load_rules(rules)?;
    let mut batches = Batches::new(&input.files, input.input_format);
    let mut skipped = 0;
    let mut table_rows = Vec::new();
    let mut array = None;
    match format {
        ClassifyFormat::Json => array = Some(render::json::ArrayWriter::begin(out)?),
        ClassifyFormat::Csv => out.write_all(&render::csv::to_bytes(render::csv::classify_header)?)?,
        _ => {}
    }
    while let Some(batch) = batches.next_batch()? {
        // Classify and serialise in parallel; write sequentially so output keeps the input order.
        let done: Vec<Result<(Classified, Vec<u8>)>> = batch
            .into_par_iter()
            .map_init(
                || Classifier::new(&rules),
                |classifier, rec| {
                    let rec = rec?;
                    let classification = classifier.classify(&rec.statement);
                    let c = Classified { statement: rec.statement, classification };
                    let mut buf = Vec::new();
                    match format {
                        ClassifyFormat::Jsonl => render::json::push_line(&mut buf, &c)?,
                        ClassifyFormat::Json => serde_json::to_writer_pretty(&mut buf, &c)?,
                        ClassifyFormat::Csv => buf = render::csv::to_bytes(|w| render::csv::classify_row(w, &c))?,
                        ClassifyFormat::Table => {}
                    }
                    Ok((c, buf))
                },
            )
            .collect();
        for item in done {
            let (c, buf) = match item {
                Ok(x) => x,
                Err(e) if input.skip_invalid => {
                    skipped += 1;
                    super::report_skip(&e);
                    continue;
                }
                Err(e) => return Err(e),
            };
            match format {
                ClassifyFormat::Jsonl | ClassifyFormat::Csv => out.write_all(&buf)?,
                ClassifyFormat::Json => array.as_mut().map_or(Ok(()), |a| a.item(out, &buf))?,
                ClassifyFormat::Table => table_rows.push(c),
            }
        }
    }
    if let Some(a) = array {
        a.end(out)?;
    }
    if format == ClassifyFormat::Table {
        render::table::classify(out, &table_rows)?;
    }
    if skipped > 0 {
        out.flush()?;
    }
    super::finish_skips(skipped)
}
