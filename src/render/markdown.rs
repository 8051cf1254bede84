//! The `markdown` format (GitHub and pandoc): contrast tables and the whole report. Every piece of statement
//! text is escaped, so a `|`, `*` or `<` in a quote cannot break a table or turn into markup.

use super::labels;
use crate::model::Audience;
use crate::pair::ThemeContrast;
use crate::report::{Quote, Report};
use std::io::Write;

/// Escapes text for Markdown paragraphs and table cells (`|` included; newlines become `<br>`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        for c in line.chars() {
            match c {
                '\r' => out.push(' '),
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        if lines.peek().is_some() {
            out.push_str("<br>");
        }
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

/// Contrast pairs: per theme, a table with the external and internal statement of each pair.
pub fn contrasts<W: Write>(out: &mut W, contrasts: &[ThemeContrast]) -> crate::Result<()> {
    for (k, c) in contrasts.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        writeln!(out, "## {}\n", c.theme)?;
        writeln!(
            out,
            "| # | {} | {} | Score | Why |",
            labels::column(Audience::External),
            labels::column(Audience::Internal)
        )?;
        writeln!(out, "|---|---|---|---|---|")?;
        for (n, p) in c.pairs.iter().chain(&c.weak).enumerate() {
            let side = |r: &crate::model::Indexed| {
                format!(
                    "“{}”<br>— {}",
                    escape(&r.statement.text),
                    escape(&crate::report::attribution(r))
                )
            };
            writeln!(
                out,
                "| {} | {} | {} | {:.2} | {} |",
                n + 1,
                side(&p.external),
                side(&p.internal),
                p.score,
                super::reasons_text(p)
                    .iter()
                    .map(|r| escape(r))
                    .collect::<Vec<_>>()
                    .join("<br>")
            )?;
        }
    }
    Ok(())
}

fn quote_line(q: &Quote) -> String {
    format!("“{}”<sup>{}</sup>", escape(&q.text), q.note)
}

/// The whole report: title, a section per theme (quotes with attribution, then the side-by-side table),
/// and the endnotes.
pub fn report<W: Write>(out: &mut W, r: &Report) -> crate::Result<()> {
    writeln!(out, "# {}\n", escape(&r.title))?;
    writeln!(out, "*{}*\n", labels::SUBTITLE)?;
    for s in &r.sections {
        writeln!(out, "## {}\n", escape(&s.heading))?;
        let mut quote_labels = labels::QuoteLabels::default();
        for q in &s.quotes {
            let label = quote_labels.next(q.audience);
            writeln!(out, "**{label}:** {}\n", quote_line(q))?;
            writeln!(out, "| {}\n", escape(&q.attribution))?;
        }
        writeln!(
            out,
            "| {} | {} |",
            labels::column(Audience::External),
            labels::column(Audience::Internal)
        )?;
        writeln!(out, "|---|---|")?;
        for row in &s.rows {
            let cell = |q: &Quote| format!("{}<br>— {}", quote_line(q), escape(&q.attribution));
            writeln!(out, "| {} | {} |", cell(&row.external), cell(&row.internal))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", labels::ENDNOTES)?;
    for n in &r.endnotes {
        match &n.source {
            Some(src) => writeln!(out, "{}. {}, {}.", n.number, escape(&n.text), source(src))?,
            None => writeln!(out, "{}. {}", n.number, escape(&n.text))?,
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
    fn escapes_table_breakers() {
        assert_eq!(escape("a|b *c*\nd"), "a\\|b \\*c\\*<br>d");
        assert_eq!(escape("a\rb"), "a b");
        assert_eq!(source("https://x.org/a_b"), "<https://x.org/a_b>");
        assert_eq!(
            source("Xinhua, 2016, http://x.cn/a"),
            "Xinhua, 2016, <http://x.cn/a>"
        );
    }
}
