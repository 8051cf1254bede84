//! The `csv` format: a header row, then one row per classified statement, search hit or contrast pair;
//! lists are joined with `;`.

use crate::index::Hit;
use crate::model::{Classified, Indexed};
use crate::pair::ThemeContrast;
use crate::stream::Sink;
use std::io::Write;

pub mod voice;

/// The header row of classification CSV: the decisions, then every field of the statement, so that the
/// file reads back as input (`classify`, `index`) and the same rules decide the same.
pub const CLASSIFY_HEADER: [&str; 13] = [
    "id",
    "lang",
    "audience",
    "audience_basis",
    "themes",
    "rules",
    "matched",
    "speaker",
    "role",
    "venue",
    "date",
    "source",
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
            crate::model::Basis::Model => "model",
        },
        &themes.join(";"),
        &cl.fired_ids().join(";"),
        &matched.join(";"),
        &c.statement.speaker,
        &c.statement.role,
        &c.statement.venue,
        &c.statement.date,
        &c.statement.source,
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

/// The header of search CSV.
pub const HITS_HEADER: [&str; 12] = [
    "rank", "score", "id", "audience", "themes", "lang", "speaker", "role", "venue", "date",
    "matched", "text",
];

/// The header of contrast CSV.
pub const PAIRS_HEADER: [&str; 13] = [
    "theme",
    "rank",
    "score",
    "opposition",
    "subject",
    "external_id",
    "external_speaker",
    "external_date",
    "external_text",
    "internal_id",
    "internal_speaker",
    "internal_date",
    "internal_text",
];

fn themes(r: &Indexed) -> String {
    r.themes
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// Search hits as CSV.
pub fn hits<W: Write>(out: &mut W, hits: &[Hit]) -> crate::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HITS_HEADER)?;
    for (n, h) in hits.iter().enumerate() {
        let s = &h.record.statement;
        let matched: Vec<&str> = h
            .highlights
            .iter()
            .filter_map(|&(a, b)| s.text.get(a..b))
            .collect();
        w.write_record([
            (n + 1).to_string(),
            format!("{:.4}", h.score),
            s.id.clone(),
            h.record.audience.to_string(),
            themes(&h.record),
            s.lang.as_str().to_string(),
            s.speaker.clone(),
            s.role.clone(),
            s.venue.clone(),
            s.date.clone(),
            matched.join(";"),
            s.text.clone(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Contrast pairs as CSV, with the reasons in a last column.
pub fn contrasts<W: Write>(out: &mut W, contrasts: &[ThemeContrast]) -> crate::Result<()> {
    let mut w = ContrastCsv::new(out)?;
    for c in contrasts {
        w.theme(c)?;
    }
    w.finish()
}

/// Contrast pairs as CSV written theme by theme, as each theme is paired: the header row first.
pub struct ContrastCsv<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> ContrastCsv<W> {
    /// Starts the file with its header row.
    pub fn new(out: W) -> crate::Result<ContrastCsv<W>> {
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<&str> = PAIRS_HEADER.to_vec();
        header.push("reasons");
        w.write_record(&header)?;
        Ok(ContrastCsv { w })
    }

    /// Writes the rows of one theme.
    pub fn theme(&mut self, c: &ThemeContrast) -> crate::Result<()> {
        for (n, p) in c.pairs.iter().chain(&c.weak).enumerate() {
            let (e, i) = (&p.external.statement, &p.internal.statement);
            self.w.write_record([
                c.theme.to_string(),
                (n + 1).to_string(),
                format!("{:.4}", p.score),
                format!("{:.4}", p.parts.opposition),
                format!("{:.4}", p.parts.subject),
                e.id.clone(),
                e.speaker.clone(),
                e.date.clone(),
                e.text.clone(),
                i.id.clone(),
                i.speaker.clone(),
                i.date.clone(),
                i.text.clone(),
                super::reasons_text(p).join(" | "),
            ])?;
        }
        Ok(())
    }

    /// Flushes what is written.
    pub fn finish(mut self) -> crate::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// The header of report CSV: one row per quote shown, in reading order.
pub const REPORT_HEADER: [&str; 23] = [
    "theme",
    "heading",
    "group",
    "group_heading",
    "row",
    "paired",
    "score",
    "side",
    "column",
    "id",
    "lang",
    "text",
    "translation",
    "speaker",
    "default_audience",
    "model_audience",
    "note",
    "endnote",
    "source",
    "external_in_theme",
    "internal_in_theme",
    "left_out_external",
    "left_out_internal",
];

/// A report as CSV: a row per quote shown (the quote, its group and row, its endnote), with the section's
/// counts, including how many statements the per-theme limit left out, on every row of the section.
pub fn report<W: Write>(out: &mut W, r: &crate::report::Report) -> crate::Result<()> {
    use super::labels;
    let notes: std::collections::HashMap<usize, &crate::report::Endnote> =
        r.endnotes.iter().map(|n| (n.number, n)).collect();
    let mut w = csv::Writer::from_writer(out);
    w.write_record(REPORT_HEADER)?;
    for s in &r.sections {
        let mut row_number = 0usize;
        for g in &s.groups {
            for row in &g.rows {
                row_number += 1;
                for q in row.quotes() {
                    let note = notes.get(&q.note);
                    w.write_record([
                        s.theme.to_string(),
                        s.heading.clone(),
                        g.frame.clone().unwrap_or_else(|| "other".into()),
                        labels::group_heading(g).to_string(),
                        row_number.to_string(),
                        row.is_pair().to_string(),
                        row.score.map(|x| format!("{x:.4}")).unwrap_or_default(),
                        q.audience.to_string(),
                        labels::column(q.audience).to_string(),
                        q.id.clone(),
                        q.lang.clone(),
                        q.text.clone(),
                        q.translation.clone().unwrap_or_default(),
                        q.speaker.clone(),
                        q.default_audience.to_string(),
                        q.model_audience.to_string(),
                        q.note.to_string(),
                        note.map(|n| n.text.clone()).unwrap_or_default(),
                        note.and_then(|n| n.source.clone()).unwrap_or_default(),
                        s.external_count.to_string(),
                        s.internal_count.to_string(),
                        s.left_out.external.to_string(),
                        s.left_out.internal.to_string(),
                    ])?;
                }
            }
        }
    }
    w.flush()?;
    Ok(())
}
