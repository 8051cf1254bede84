//! The `markdown` format (GitHub and pandoc): contrast tables and the whole report. Every piece of statement
//! text is escaped, so a `|`, `*` or `<` in a quote cannot break a table or turn into markup.

use super::labels;
use crate::model::Audience;
use crate::pair::ThemeContrast;
use crate::report::{Endnote, Notes, Quote, Report};
use std::io::Write;

/// Escapes text for Markdown paragraphs and table cells: every ASCII character that CommonMark or pandoc
/// could read as markup (`|`, `*`, `[`, `<`, `$` for pandoc's math, `^`/`~` for its super- and subscripts,
/// `@` for its citations, `&` for entities, `"` for its smart quotes: inside a quote the renderer opens with
/// “, pandoc pairs that “ with the quote's own first `"` and drops the space before it, "its "Made in China
/// 2025" strategy" becoming "its”Made in China 2025”") gets a backslash, and a line break becomes a space, so
/// a quote stays one paragraph or one table cell with no raw HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut space = false;
    for c in text.chars() {
        match c {
            '\r' | '\n' => {
                if !space {
                    out.push(' ');
                }
                space = true;
                continue;
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '^' | '~' | '$' | '@'
            | '&' | '"' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        space = c == ' ';
    }
    out
}

/// A link to a source when it is a URL, its escaped text otherwise.
fn source(s: &str) -> String {
    let s = s.trim();
    if (s.starts_with("http://") || s.starts_with("https://"))
        && !s.contains(char::is_whitespace)
        && !s.contains('>')
    {
        format!("<{s}>")
    } else {
        // A citation may end with a URL: link that part.
        match s.rfind("http") {
            Some(i) if !s[i..].contains(char::is_whitespace) && !s[i..].contains('>') => {
                format!("{}<{}>", escape(&s[..i]), &s[i..])
            }
            _ => escape(s),
        }
    }
}

/// Contrast pairs: per theme, a count line and a table with the external and internal statement of each
/// pair, the score and the reasons; weak pairs (no frame fired) in a table of their own under a heading that
/// says so. Quotes are cited as in [`report`]: the speaker in the cell, venue, date and source in a pandoc
/// footnote, so the tables hold no raw HTML and read the same on GitHub and through pandoc.
pub fn contrasts<W: Write>(out: &mut W, contrasts: &[ThemeContrast]) -> crate::Result<()> {
    let mut md = ContrastMarkdown::default();
    for c in contrasts {
        md.theme(out, c)?;
    }
    md.finish(out)
}

/// The contrast tables written theme by theme, as each theme is paired; the endnotes come at the end.
#[derive(Default)]
pub struct ContrastMarkdown {
    notes: Notes,
}

impl ContrastMarkdown {
    /// Writes one theme's section.
    pub fn theme<W: Write>(&mut self, out: &mut W, c: &ThemeContrast) -> crate::Result<()> {
        writeln!(out, "## {}\n", c.theme)?;
        writeln!(out, "{}\n", escape(&labels::contrast_counts(c)))?;
        let mut n = 0;
        for (pairs, heading) in [(&c.pairs, None), (&c.weak, Some(labels::WEAK_PAIRS))] {
            if pairs.is_empty() {
                continue;
            }
            if let Some(h) = heading {
                writeln!(out, "### {}\n", escape(h))?;
            }
            writeln!(
                out,
                "| # | {} | {} | Score | Why |",
                labels::column(Audience::External),
                labels::column(Audience::Internal)
            )?;
            writeln!(out, "|--:|:--|:--|--:|:--|")?;
            for p in pairs.iter() {
                n += 1;
                let reasons: Vec<String> =
                    super::reasons_text(p).iter().map(|r| escape(r)).collect();
                writeln!(
                    out,
                    "| {n} | {} | {} | {:.2} | {} |",
                    quote_cell(&self.notes.cite(&p.external)),
                    quote_cell(&self.notes.cite(&p.internal)),
                    p.score,
                    reasons.join("; ")
                )?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    /// Writes the endnotes of every quote cited.
    pub fn finish<W: Write>(self, out: &mut W) -> crate::Result<()> {
        endnotes(out, &self.notes.endnotes)
    }
}

/// A quote as one table cell: the words with their footnote, a translation beside a Chinese original, and
/// who said it.
fn quote_cell(q: &Quote) -> String {
    let mut cell = format!("{}[^{}]", super::quoted(&escape(&q.text)), q.note);
    if let Some(t) = q.translation.as_deref() {
        cell.push_str(&format!(
            " *{}:* {}",
            labels::TRANSLATION,
            super::quoted(&escape(t))
        ));
    }
    cell.push_str(&format!(" — {}", escape(&q.speaker)));
    if let Some(mark) = labels::audience_mark(q) {
        cell.push_str(&format!(" ({mark})"));
    }
    cell
}

/// The whole report: title, a section per theme with a two-column table per frame group (pairs first,
/// unpaired quotes after them in their own column), each quote once with a pandoc footnote (`[^n]`) for its
/// venue, date and source. No raw HTML and no line starting with `|` outside a table, so it reads the same
/// on GitHub and through pandoc to HTML, docx or LaTeX.
pub fn report<W: Write>(out: &mut W, r: &Report) -> crate::Result<()> {
    writeln!(out, "# {}\n", escape(&r.title))?;
    writeln!(out, "*{}*\n", escape(labels::SUBTITLE))?;
    for s in &r.sections {
        writeln!(out, "## {}\n", escape(&s.heading))?;
        for g in &s.groups {
            writeln!(out, "### {}\n", escape(labels::group_heading(g)))?;
            if !g.note.trim().is_empty() {
                writeln!(out, "*{}:* {}\n", labels::NOTE, escape(&g.note))?;
            }
            writeln!(
                out,
                "| {} | {} |",
                labels::column(Audience::External),
                labels::column(Audience::Internal)
            )?;
            writeln!(out, "|:------------------|:------------------|")?;
            for row in &g.rows {
                let cell = |q: &Option<Quote>| q.as_ref().map(quote_cell).unwrap_or_default();
                writeln!(out, "| {} | {} |", cell(&row.external), cell(&row.internal))?;
            }
            writeln!(out)?;
        }
        if let Some(line) = labels::left_out(&s.left_out) {
            writeln!(out, "*{}*\n", escape(&line))?;
        }
    }
    endnotes(out, &r.endnotes)
}

/// Endnotes as pandoc footnote definitions: `[^n]: venue, date. <source>`.
fn endnotes<W: Write>(out: &mut W, notes: &[Endnote]) -> crate::Result<()> {
    for n in notes {
        let text = escape(&n.text);
        match (&n.source, text.is_empty()) {
            (Some(src), false) => writeln!(out, "[^{}]: {}. {}", n.number, text, source(src))?,
            (Some(src), true) => writeln!(out, "[^{}]: {}", n.number, source(src))?,
            (None, _) => writeln!(out, "[^{}]: {}", n.number, text)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn escaped_text_never_breaks_a_table_row(text in any::<String>()) {
            let cell = escape(&text);
            prop_assert!(!cell.contains('\n') && !cell.contains('\r'));
            prop_assert_eq!(cell.replace("\\\\", "").replace("\\|", "").matches('|').count(), 0);
        }
    }

    #[test]
    fn a_quote_within_a_quote_keeps_its_marks_and_spaces_through_pandoc() {
        let text = "China will pursue its \"Made in China 2025\" strategy.";
        let md = format!("“{}”", escape(text));
        assert_eq!(
            md,
            "“China will pursue its \\\"Made in China 2025\\\" strategy.”"
        );
        // pandoc's smart quotes paired the opening “ with the first unescaped `"`: "its”Made in China 2025”".
        let Ok(mut pandoc) = std::process::Command::new("pandoc")
            .args(["-f", "markdown", "-t", "plain"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
        else {
            eprintln!("pandoc is not installed: skipping the round trip");
            return;
        };
        if let Some(mut stdin) = pandoc.stdin.take() {
            stdin.write_all(md.as_bytes()).unwrap();
        }
        let out = String::from_utf8(pandoc.wait_with_output().unwrap().stdout).unwrap();
        assert_eq!(out.trim(), format!("“{text}”"));
    }

    #[test]
    fn escapes_table_breakers() {
        assert_eq!(escape("a|b *c*\nd"), "a\\|b \\*c\\* d");
        assert_eq!(
            escape("a\r\nb $x^2~ @k &amp;"),
            "a b \\$x\\^2\\~ \\@k \\&amp;"
        );
        assert_eq!(source("https://x.org/a_b"), "<https://x.org/a_b>");
        assert_eq!(
            source("Xinhua, 2016, http://x.cn/a"),
            "Xinhua, 2016, <http://x.cn/a>"
        );
    }
}
