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

/// Inline style. Fonts: a serif stack for Latin text, then CJK faces per script, chosen by the `lang` of
/// each quote (`zh-Hans` simplified, `zh-Hant` traditional), ending in the generic family so any machine
/// with some CJK font shows Chinese rather than boxes.
const STYLE: &str = "body{font-family:Georgia,'Times New Roman','Noto Serif',serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}\
:lang(zh-Hans){font-family:'Noto Serif CJK SC','Source Han Serif SC','Songti SC','SimSun','Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',serif}\
:lang(zh-Hant){font-family:'Noto Serif CJK TC','Source Han Serif TC','Songti TC','PMingLiU','Noto Sans CJK TC','Source Han Sans TC','PingFang TC','Microsoft JhengHei','Noto Serif CJK SC','Noto Sans CJK SC',serif}\
h1{font-size:1.8rem;letter-spacing:.02em}.subtitle{font-style:italic;color:#444}\
h2{font-size:1.25rem;letter-spacing:.04em;color:#1f3b5a;border-bottom:3px solid #1f3b5a;padding-bottom:.2rem;margin-top:3rem}\
h3{font-size:1rem;font-weight:normal;font-style:italic;color:#333;margin:1.6rem 0 .4rem}.frame-note{font-size:.88rem;color:#666;margin:0 0 .4rem}\
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.95rem;table-layout:fixed}\
th{text-align:left;padding:.45rem .6rem;color:#fff;font-size:.85rem;letter-spacing:.05em;text-transform:uppercase}th.ext{background:#1f3b5a}th.int{background:#8a1c1c}\
td{padding:.6rem;vertical-align:top;border-bottom:1px solid #d8d8d8;width:50%}tr.unpaired td{background:#fafafa}tr.first-unpaired td{border-top:2px dashed #bbb}\
blockquote{margin:0}.tr{margin:.3rem 0 0;color:#444;font-size:.9rem}.tr .label{font-style:normal;font-weight:bold;font-size:.8rem;color:#666}\
.who{margin:.35rem 0 0;color:#555;font-size:.88rem}.default{color:#a05a00;font-size:.8rem}\
.left-out{font-style:italic;color:#666;font-size:.9rem}\
figure.chart{margin:1.5rem 0}figure.chart svg{display:block;max-width:100%;height:auto;margin:0 auto}figcaption{font-size:.88rem;color:#555}\
sup{font-size:.7em}sup a{text-decoration:none}ol.notes{font-size:.88rem;word-break:break-word}";

/// A quote in its table cell: the words in their language with the endnote mark, a translation beside a
/// Chinese original, and who said it.
fn quote_cell(q: &Quote) -> String {
    let mut cell = format!(
        "<blockquote lang=\"{lang}\">{}<sup><a href=\"#note-{n}\" id=\"ref-{n}\">{n}</a></sup></blockquote>",
        escape(&super::quoted(&q.text)),
        lang = escape(&q.lang),
        n = q.note
    );
    if let Some(t) = q.translation.as_deref() {
        cell.push_str(&format!(
            "<p class=\"tr\" lang=\"en\"><span class=\"label\">{}:</span> {}</p>",
            labels::TRANSLATION,
            escape(&super::quoted(t))
        ));
    }
    cell.push_str(&format!("<p class=\"who\">— {}", escape(&q.speaker)));
    if let Some(mark) = labels::audience_mark(q) {
        cell.push_str(&format!(" <span class=\"default\">({mark})</span>"));
    }
    cell.push_str("</p>");
    cell
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
    writeln!(
        out,
        "<p class=\"subtitle\">{}</p>",
        escape(labels::SUBTITLE)
    )?;
    for s in &r.sections {
        writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            s.theme,
            escape(&s.heading)
        )?;
        for g in &s.groups {
            writeln!(out, "<h3>{}</h3>", escape(labels::group_heading(g)))?;
            if !g.note.trim().is_empty() {
                writeln!(
                    out,
                    "<p class=\"frame-note\">{}: {}</p>",
                    labels::NOTE,
                    escape(&g.note)
                )?;
            }
            writeln!(
                out,
                "<table>\n<thead><tr><th class=\"ext\">{}</th><th class=\"int\">{}</th></tr></thead>\n<tbody>",
                labels::column(Audience::External),
                labels::column(Audience::Internal)
            )?;
            let mut first_unpaired = true;
            for row in &g.rows {
                let class = if row.is_pair() {
                    String::new()
                } else if std::mem::take(&mut first_unpaired) {
                    " class=\"unpaired first-unpaired\"".to_string()
                } else {
                    " class=\"unpaired\"".to_string()
                };
                let title = if row.reasons.is_empty() {
                    String::new()
                } else {
                    let why = super::reason_lines(&row.reasons);
                    format!(" title=\"{}\"", escape(&why.join("; ")))
                };
                let cell = |q: &Option<Quote>| q.as_ref().map(quote_cell).unwrap_or_default();
                writeln!(
                    out,
                    "<tr{class}{title}><td>{}</td><td>{}</td></tr>",
                    cell(&row.external),
                    cell(&row.internal)
                )?;
            }
            writeln!(out, "</tbody>\n</table>")?;
        }
        if let Some(line) = labels::left_out(&s.left_out) {
            writeln!(out, "<p class=\"left-out\">{}</p>", escape(&line))?;
        }
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
        let sep = if n.text.is_empty() { "" } else { ". " };
        let src = n
            .source
            .as_deref()
            .map(|s| format!("{sep}{}", link(s)))
            .unwrap_or_default();
        writeln!(
            out,
            "<li id=\"note-{n}\" value=\"{n}\">{}{src} <a href=\"#ref-{n}\" aria-label=\"back\">↩</a></li>",
            escape(&n.text),
            n = n.number
        )?;
    }
    writeln!(out, "</ol>\n</body>\n</html>")?;
    Ok(())
}
