//! CSV output of classifications: one row per statement, lists joined with `;`.

use crate::model::Classified;
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

/// Renders rows into bytes with a fresh writer, so rows can be rendered in parallel and written in order.
pub fn to_bytes(
    f: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> crate::Result<()>,
) -> crate::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    f(&mut w)?;
    w.into_inner()
        .map_err(|e| crate::Error::Output(e.into_error()))
}

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
