//! `twovoices classify`: streams statements through the rules in a three-stage pipeline — a reader thread
//! parses batches, a worker classifies and serialises each batch in parallel, and this thread writes them
//! in input order — so reading, classifying and writing overlap and memory stays bounded by a few batches.

use crate::cli::ClassifyFormat;
use crate::cli::{InputArgs, RulesArgs};
use rayon::prelude::*;
use std::io::Write;
use std::sync::mpsc::sync_channel;
use twovoices::classify::Classifier;
use twovoices::error::{Error, Result};
use twovoices::input::{Batches, Located};
use twovoices::model::Classified;
use twovoices::render;
use twovoices::rules::RuleSet;

/// One classified batch, ready to write.
struct Done {
    /// Serialised records (JSONL, JSON array items or CSV rows), in input order, a buffer per chunk.
    bytes: Vec<Vec<u8>>,
    /// Classified records, kept only for the table view.
    rows: Vec<Classified>,
    /// Invalid records skipped under `--skip-invalid`.
    skipped: Vec<Error>,
    /// The error that ends the run, after the records before it.
    fatal: Option<Error>,
}

/// Runs `classify`.
pub fn run<W: Write>(
    out: &mut W,
    input: &InputArgs,
    rules: &RulesArgs,
    format: ClassifyFormat,
) -> Result<()> {
    let rules = super::load_rules(rules)?;
    let mut batches = Batches::new(&input.files, input.input_format.map(Into::into));
    match format {
        ClassifyFormat::Json => out.write_all(b"[")?,
        ClassifyFormat::Csv => {
            out.write_all(&render::csv::to_bytes(render::csv::classify_header)?)?
        }
        _ => {}
    }
    let mut skipped = 0;
    let mut table_rows = Vec::new();
    let mut first_item = true;
    let result = std::thread::scope(|scope| -> Result<()> {
        let (raw_tx, raw_rx) = sync_channel::<Result<Vec<Result<Located>>>>(2);
        let (done_tx, done_rx) = sync_channel::<Done>(2);
        scope.spawn(move || loop {
            let next = batches.next_batch();
            let stop = !matches!(next, Ok(Some(_)));
            let message = match next {
                Ok(Some(b)) => Ok(b),
                Ok(None) => break,
                Err(e) => Err(e),
            };
            if raw_tx.send(message).is_err() || stop {
                break;
            }
        });
        let rules = &rules;
        let skip_invalid = input.skip_invalid;
        scope.spawn(move || {
            for message in raw_rx {
                let done = match message {
                    Ok(batch) => classify_batch(rules, batch, format, skip_invalid),
                    Err(e) => Done {
                        bytes: Vec::new(),
                        rows: Vec::new(),
                        skipped: Vec::new(),
                        fatal: Some(e),
                    },
                };
                let stop = done.fatal.is_some();
                if done_tx.send(done).is_err() || stop {
                    break;
                }
            }
        });
        for done in done_rx {
            for e in &done.skipped {
                super::report_skip(e);
            }
            skipped += done.skipped.len() as u64;
            for bytes in &done.bytes {
                // JSON items arrive as ",\n{…}"; the very first one loses its comma.
                let bytes = if format == ClassifyFormat::Json && first_item && !bytes.is_empty() {
                    first_item = false;
                    &bytes[1..]
                } else {
                    &bytes[..]
                };
                out.write_all(bytes)?;
            }
            table_rows.extend(done.rows);
            if let Some(e) = done.fatal {
                return Err(e);
            }
        }
        Ok(())
    });
    result?;
    match format {
        ClassifyFormat::Json => out.write_all(b"\n]\n")?,
        ClassifyFormat::Table => render::table::classify(out, &table_rows)?,
        _ => {}
    }
    super::finish_skips(skipped)
}

/// Records serialised by one worker in one go, so a batch is a few large buffers, not one per record.
const CHUNK: usize = 256;

/// Classifies and serialises one batch in parallel chunks, keeping input order.
fn classify_batch(
    rules: &RuleSet,
    batch: Vec<Result<Located>>,
    format: ClassifyFormat,
    skip_invalid: bool,
) -> Done {
    let chunks: Vec<Done> = batch
        .into_par_iter()
        .chunks(CHUNK)
        .map_init(
            || Classifier::new(rules),
            |classifier, records| {
                let mut done = Done {
                    bytes: Vec::new(),
                    rows: Vec::new(),
                    skipped: Vec::new(),
                    fatal: None,
                };
                let mut buf = Vec::with_capacity(records.len() * 1024);
                for rec in records {
                    match classify_one(classifier, rec, format, &mut buf) {
                        Ok(row) => done.rows.extend(row),
                        Err(e) if skip_invalid && matches!(e, Error::Record { .. }) => {
                            done.skipped.push(e)
                        }
                        Err(e) => {
                            done.fatal = Some(e);
                            break;
                        }
                    }
                }
                done.bytes.push(buf);
                done
            },
        )
        .collect();
    let mut done = Done {
        bytes: Vec::new(),
        rows: Vec::new(),
        skipped: Vec::new(),
        fatal: None,
    };
    for chunk in chunks {
        done.bytes.extend(chunk.bytes);
        done.rows.extend(chunk.rows);
        done.skipped.extend(chunk.skipped);
        if chunk.fatal.is_some() {
            // Later chunks were classified too, but output stops at the first fatal record.
            done.fatal = chunk.fatal;
            break;
        }
    }
    done
}

/// Classifies one record and appends its serialisation to `buf`; returns the row for the table view.
fn classify_one(
    classifier: &mut Classifier,
    rec: Result<Located>,
    format: ClassifyFormat,
    buf: &mut Vec<u8>,
) -> Result<Option<Classified>> {
    let rec = rec?;
    let classification = classifier.classify(&rec.statement);
    let c = Classified {
        statement: rec.statement,
        classification,
    };
    match format {
        ClassifyFormat::Jsonl => render::json::push_line(buf, &c)?,
        ClassifyFormat::Json => {
            buf.extend_from_slice(b",\n");
            serde_json::to_writer_pretty(&mut *buf, &c)?;
        }
        ClassifyFormat::Csv => {
            buf.extend(render::csv::to_bytes(|w| render::csv::classify_row(w, &c))?)
        }
        ClassifyFormat::Table => return Ok(Some(c)),
    }
    Ok(None)
}
