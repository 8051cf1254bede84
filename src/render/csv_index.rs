//! CSV output of the index commands: one row per search hit or per contrast pair, lists joined with `;`.

use crate::index::Hit;
use crate::model::Indexed;
use crate::pair::ThemeContrast;
use std::io::Write;

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
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = PAIRS_HEADER.to_vec();
    header.push("reasons");
    w.write_record(&header)?;
    for c in contrasts {
        for (n, p) in c.pairs.iter().chain(&c.weak).enumerate() {
            let (e, i) = (&p.external.statement, &p.internal.statement);
            w.write_record([
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
    }
    w.flush()?;
    Ok(())
}
