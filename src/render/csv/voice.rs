//! CSV output of the voice analyses: one row per term and voice, per row and voice, per period and voice.

use crate::analysis::stats::Stats;
use crate::analysis::terms::VoiceTerms;
use crate::analysis::trend::Trend;
use crate::model::{Audience, Theme};
use std::io::Write;

/// The header of `terms` CSV.
pub const TERMS_HEADER: [&str; 11] = [
    "lang",
    "voice",
    "rank",
    "term",
    "z",
    "delta",
    "alpha",
    "uses",
    "uses_other_voice",
    "per_1000",
    "per_1000_other_voice",
];

/// Distinctive terms as CSV, both voices, every language compared.
pub fn terms<W: Write>(out: &mut W, results: &[VoiceTerms]) -> crate::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(TERMS_HEADER)?;
    for r in results {
        for (a, side) in [
            (Audience::External, &r.external),
            (Audience::Internal, &r.internal),
        ] {
            for (k, t) in side.top.iter().enumerate() {
                w.write_record([
                    r.lang.clone(),
                    a.as_str().to_string(),
                    (k + 1).to_string(),
                    t.term.clone(),
                    t.z.to_string(),
                    t.delta.to_string(),
                    t.alpha.to_string(),
                    t.count[0].to_string(),
                    t.count[1].to_string(),
                    t.per_1000[0].to_string(),
                    t.per_1000[1].to_string(),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// Statistics as CSV: one row per row key and voice; for each theme its count and share.
pub fn stats<W: Write>(out: &mut W, s: &Stats) -> crate::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["key".to_string(), "voice".into(), "statements".into()];
    for t in Theme::ALL {
        header.push(t.as_str().to_string());
        header.push(format!("{t}_share"));
    }
    header.push("no_theme".into());
    w.write_record(&header)?;
    for r in s.rows.iter().chain(std::iter::once(&s.total)) {
        for a in Audience::ALL {
            let v = r.voice(a);
            let mut rec = vec![
                r.key.clone(),
                a.as_str().to_string(),
                v.statements.to_string(),
            ];
            for t in Theme::ALL {
                rec.push(v.themes[&t].to_string());
                rec.push(v.share[&t].to_string());
            }
            rec.push(v.no_theme.to_string());
            w.write_record(&rec)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// A trend as CSV: one row per period and voice.
pub fn trend<W: Write>(out: &mut W, tr: &Trend) -> crate::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "period",
        "voice",
        "statements",
        "uses",
        "statements_using",
        "per_1000",
    ])?;
    for p in tr.points.iter().chain(std::iter::once(&tr.total)) {
        for a in Audience::ALL {
            let c = p.voice(a);
            w.write_record([
                p.period.clone(),
                a.as_str().to_string(),
                c.statements.to_string(),
                c.uses.to_string(),
                c.statements_using.to_string(),
                c.per_1000.to_string(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}
