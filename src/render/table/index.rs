//! Terminal views of the index commands (comfy-table, wrapped to the terminal): run statistics, search
//! hits with the matched words marked «like this», and contrast pairs side by side.

use super::{new_table, table_keeping_words};
use crate::index::{Hit, IndexStats};
use crate::pair::ThemeContrast;
use comfy_table::Cell;
use std::io::Write;
use std::path::Path;

/// The line `index` prints at the end of a run.
pub fn index_stats<W: Write>(
    out: &mut W,
    s: &IndexStats,
    total: u64,
    path: &Path,
) -> crate::Result<()> {
    writeln!(
        out,
        "{} added, {} replaced, {} skipped ({} unchanged, {} invalid); {} statement(s) in {}",
        s.added,
        s.replaced,
        s.skipped(),
        s.unchanged,
        s.invalid,
        total,
        path.display()
    )?;
    Ok(())
}

/// How many reposts `index` merged into statements it had already read (only when there were any).
pub fn reposts_merged<W: Write>(out: &mut W, merged: usize) -> crate::Result<()> {
    if merged > 0 {
        writeln!(
            out,
            "{merged} repost(s) merged into the statement they repeat (each source kept under provenance.also_in)"
        )?;
    }
    Ok(())
}

/// Marks byte ranges of `text` with « », keeping at most about `max` characters around the first mark.
pub fn mark(text: &str, ranges: &[(usize, usize)], max: usize) -> String {
    let mut marked = String::with_capacity(text.len() + 8 * ranges.len());
    let mut at = 0;
    for &(s, e) in ranges {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        marked.push_str(&text[at..s]);
        marked.push('«');
        marked.push_str(&text[s..e]);
        marked.push('»');
        at = e;
    }
    marked.push_str(&text[at..]);
    let chars = marked.chars().count();
    if chars <= max {
        return marked;
    }
    // Start a little before the first mark so it is in view.
    let first = marked.find('«').map_or(0, |b| marked[..b].chars().count());
    let start = first.saturating_sub(max / 4);
    let body: String = marked.chars().skip(start).take(max).collect();
    format!(
        "{}{}{}",
        if start > 0 { "…" } else { "" },
        body.trim(),
        if start + max < chars { "…" } else { "" }
    )
}

fn who(rec: &crate::model::Indexed) -> String {
    let s = &rec.statement;
    let mut parts = vec![s.speaker.clone(), s.date.clone()];
    parts.retain(|p| !p.is_empty());
    parts.join("\n")
}

/// The text, followed by every source of a statement that was found in more than one.
fn with_sources(text: String, s: &crate::model::Statement) -> String {
    match s.provenance.as_deref() {
        Some(p) if !p.also_in.is_empty() => {
            let mut all = vec![s.source.as_str()];
            all.extend(p.also_in.iter().map(String::as_str));
            format!("{text}\nsources: {}", all.join(", "))
        }
        _ => text,
    }
}

/// The hits of `search`.
pub fn hits<W: Write>(out: &mut W, hits: &[Hit]) -> crate::Result<()> {
    if hits.is_empty() {
        writeln!(out, "no statement matches")?;
        return Ok(());
    }
    let mut t = new_table(&[
        "#",
        "score",
        "id",
        "audience / themes",
        "speaker / date",
        "text",
    ]);
    for (n, h) in hits.iter().enumerate() {
        let themes: Vec<&str> = h.record.themes.iter().map(|t| t.as_str()).collect();
        t.add_row(vec![
            Cell::new(n + 1),
            Cell::new(format!("{:.2}", h.score)),
            Cell::new(&h.record.statement.id),
            Cell::new(format!(
                "{}\n{}",
                h.record.audience,
                if themes.is_empty() {
                    "—".into()
                } else {
                    themes.join(", ")
                }
            )),
            Cell::new(who(&h.record)),
            Cell::new(with_sources(
                mark(&h.record.statement.text, &h.highlights, 240),
                &h.record.statement,
            )),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(())
}

/// The pairs of `contrast`, one table per theme.
pub fn contrasts<W: Write>(out: &mut W, contrasts: &[ThemeContrast]) -> crate::Result<()> {
    for c in contrasts {
        writeln!(
            out,
            "{}: {}",
            c.theme,
            crate::render::labels::contrast_counts(c)
        )?;
        let mut rows = Vec::new();
        for p in c.pairs.iter().chain(&c.weak) {
            let side = |r: &crate::model::Indexed| {
                format!(
                    "{}\n— {} ({})",
                    crate::render::excerpt(&r.statement.text, 220),
                    crate::report::attribution(r),
                    r.statement.id
                )
            };
            rows.push(vec![
                Cell::new(format!("{:.2}", p.score)),
                Cell::new(side(&p.external)),
                Cell::new(side(&p.internal)),
                Cell::new(crate::render::reason_lines_summarised(&p.reasons, false).join("\n")),
            ]);
        }
        // The reasons name frames by id: keep each id whole.
        let t = table_keeping_words(&["score", "external", "internal", "why"], rows, &[3]);
        writeln!(out, "{t}")?;
        // Each frame's summary once, under the table, rather than in every row that names it.
        let legend = crate::render::frame_legend(c.pairs.iter().chain(&c.weak));
        if !legend.is_empty() {
            let mut text = String::from("frames:\n");
            for (frame, summary) in &legend {
                text.push_str(&format!("  {frame}:\n    {summary}\n"));
            }
            let width = crate::render::table::line_width();
            write!(out, "{}", crate::render::table::wrap_hanging(&text, width))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_windows() {
        assert_eq!(mark("core technology", &[(0, 4)], 100), "«core» technology");
        let long = format!("{}needle{}", "a ".repeat(200), " b".repeat(200));
        let at = long.find("needle").unwrap();
        let m = mark(&long, &[(at, at + 6)], 40);
        assert!(
            m.contains("«needle»") && m.starts_with('…') && m.ends_with('…'),
            "{m}"
        );
    }
}
