//! CSV output of classifications: one row per statement, lists joined with `;`.

use crate::model::Classified;
use crate::stream::Sink;
use std::io::Write;

/// The header row of classification CSV.
pub const CLASSIFY_HEADER: [&str; 10] = [
    "id",
    "lang",
    "audience",
    "audience_basis",
    "themes",
    "rules",
    "matched",
    "speaker",
    "venue",
    "text",
];

/// Writes the header row.
pub fn classify_header<W: Write>(out: &mut csv::Writer<W>) -> crate::Result<()> {
    out.write_record(CLASSIFY_HEADER)?;
    Ok(())
}

/// Writes one classified statement as a row.
pub fn classify_row<W: Write>(out: &mut csv::Writer<W>, c: &Classified) -> crate::Result<()> {
    let cl = &c.classification;
    let themes: Vec<&str> = cl.themes.iter().map(|t| t.as_str()).collect();
    let matched: Vec<String> = cl
        .fired
        .iter()
        .flat_map(|f| {
            f.evidence
                .iter()
                .map(move |e| format!("{}={}", f.rule, e.matched))
        })
        .collect();
    out.write_record([
        c.statement.id.as_str(),
        c.statement.lang.as_str(),
        cl.audience.as_str(),
        match cl.audience_basis {
            crate::model::Basis::Rules => "rules",
            crate::model::Basis::Default => "default",
        },
        &themes.join(";"),
        &cl.fired_ids().join(";"),
        &matched.join(";"),
        &c.statement.speaker,
        &c.statement.venue,
        &c.statement.text,
    ])?;
    Ok(())
}

/// Streams classifications as CSV: the header row, then a row per statement as each arrives.
pub struct ClassifyCsv<W: Write> {
    out: csv::Writer<W>,
    header: bool,
}

impl<W: Write> ClassifyCsv<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> Self {
        ClassifyCsv {
            out: csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(out),
            header: false,
        }
    }

    fn header(&mut self) -> crate::Result<()> {
        if !self.header {
            self.header = true;
            classify_header(&mut self.out)?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for ClassifyCsv<W> {
    fn classified(&mut self, c: Classified) -> crate::Result<()> {
        self.header()?;
        classify_row(&mut self.out, &c)
    }

    fn finish(&mut self) -> crate::Result<()> {
        self.header()?;
        self.out.flush()?;
        Ok(())
    }
}
