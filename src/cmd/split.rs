//! `twovoices split`: documents to statements, written as JSONL or a table.

use crate::cli::{SplitArgs, SplitFormat};
use std::io::Write;
use twovoices::error::Result;
use twovoices::input::{Batches, InputFormat};
use twovoices::render;

/// Runs `split`.
pub fn run<W: Write>(out: &mut W, args: &SplitArgs) -> Result<()> {
    let mut batches =
        Batches::new(&args.files, Some(InputFormat::Text)).with_unit(args.unit.into());
    let mut skipped = 0;
    let mut table = Vec::new();
    while let Some(batch) = batches.next_batch()? {
        let mut buf = Vec::new();
        for rec in batch {
            match rec {
                Ok(l) => match args.format {
                    SplitFormat::Jsonl => render::json::push_line(&mut buf, &l.statement)?,
                    SplitFormat::Table => table.push(l.statement),
                },
                Err(e) if args.skip_invalid => {
                    super::report_skip(&e);
                    skipped += 1;
                }
                Err(e) => return Err(e),
            }
        }
        out.write_all(&buf)?;
    }
    if args.format == SplitFormat::Table {
        render::table::split::statements(out, &table)?;
    }
    super::finish_skips(skipped)
}
