//! The `html` format: the whole report as one self-contained file (inline style, no external resources).

use super::labels;
use crate::model::Audience;
use crate::report::{Quote, Report};
use std::io::Write;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:Georgia,'Noto Serif','Songti SC',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}\
h1{font-size:1.8rem}h2{font-size:1.2rem;letter-spacing:.03em;border-bottom:2px solid #1f3b5a;padding-bottom:.2rem;margin-top:2.5rem}\
.quote{margin:1rem 0 .2rem}.label{font-weight:bold}.ext .label{color:#1f3b5a}.int .label{color:#8a1c1c}\
.attr{margin:0 0 1rem 1rem;color:#555;font-size:.92rem;border-left:3px solid #ccc;padding-left:.6rem}\
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.93rem}th,td{border:1px solid #bbb;padding:.5rem;vertical-align:top;width:50%}\
th{background:#f0f0f0}figure.chart{margin:1.5rem 0}figure.chart svg{width:100%;height:auto}figcaption{font-size:.88rem;color:#555}td .attr{margin:.4rem 0 0;border:0;padding:0}sup{font-size:.7em}ol.notes{font-size:.88rem;word-break:break-word}";

fn quote_html(q: &Quote) -> String {
    format!(
        "“{}”<sup><a href=\"#note-{n}\">{n}</a></sup>",
        escape(&q.text),
        n = q.note
    )
}

fn link(source: &str) -> String {
    let s = source.trim();
    match s.find("http") {
        Some(i) if !s[i..].contains(char::is_whitespace) => {
            format!(
                "{}<a href=\"{u}\">{u}</a>",
                escape(&s[..i]),
                u = escape(&s[i..])
            )
        }
        _ => escape(s),
    }
}

/// The whole report as one HTML page.
pub fn report<W: Write>(out: &mut W, r: &Report) -> crate::Result<()> {
    report_with_figures(out, r, &[])
}

/// The whole report as one HTML page, each theme's section ending with its figures (inline SVG, text
/// as paths, so they need no font or file beside the page).
pub fn report_with_figures<W: Write>(
    out: &mut W,
    r: &Report,
    figures: &[crate::chart::Figure],
) -> crate::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(&r.title)
    )?;
    writeln!(out, "<h1>{}</h1>", escape(&r.title))?;
    writeln!(out, "<p><em>{}</em></p>", escape(labels::SUBTITLE))?;
    for s in &r.sections {
        writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            s.theme,
            escape(&s.heading)
        )?;
        let mut quote_labels = labels::QuoteLabels::default();
        for q in &s.quotes {
            let class = match q.audience {
                Audience::External => "ext",
                Audience::Internal => "int",
            };
            let label = quote_labels.next(q.audience);
            writeln!(out, "<div class=\"{class}\"><p class=\"quote\"><span class=\"label\">{label}:</span> {}</p>", quote_html(q))?;
            writeln!(
                out,
                "<p class=\"attr\">{}</p></div>",
                escape(&q.attribution)
            )?;
        }
        writeln!(
            out,
            "<table>\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
            labels::column(Audience::External),
            labels::column(Audience::Internal)
        )?;
        for row in &s.rows {
            let cell = |q: &Quote| {
                format!(
                    "{}<p class=\"attr\">— {}</p>",
                    quote_html(q),
                    escape(&q.attribution)
                )
            };
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                cell(&row.external),
                cell(&row.internal)
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
        for (k, f) in figures
            .iter()
            .enumerate()
            .filter(|(_, f)| f.theme == s.theme)
        {
            writeln!(
                out,
                "<figure class=\"chart\">{}<figcaption>{}</figcaption></figure>",
                f.chart.inline_svg(&format!("fig{k}-"))?,
                escape(&f.caption)
            )?;
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "<h2>{}</h2>\n<ol class=\"notes\">", labels::ENDNOTES)?;
    for n in &r.endnotes {
        let src = n
            .source
            .as_deref()
            .map(|s| format!(", {}", link(s)))
            .unwrap_or_default();
        writeln!(
            out,
            "<li id=\"note-{}\" value=\"{}\">{}{src}</li>",
            n.number,
            n.number,
            escape(&n.text)
        )?;
    }
    writeln!(out, "</ol>\n</body>\n</html>")?;
    Ok(())
}
