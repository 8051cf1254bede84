//! Whole documents (`.txt`, `.md`) split into statements: one statement per paragraph, long paragraphs
//! cut at sentence boundaries (Unicode UAX #29, which also knows 。！？). An optional front matter of
//! `key: value` lines (speaker, role, venue, date, source, lang) gives every statement its metadata.

use crate::error::{Error, Result};
use crate::model::{Lang, Statement};
use std::io::BufRead;
use unicode_segmentation::UnicodeSegmentation;

/// A paragraph longer than this (in characters) is cut into groups of sentences.
const LONG_PARAGRAPH: usize = 600;
/// The size a group of sentences grows to before a new statement starts.
const TARGET: usize = 400;
const KEYS: [&str; 6] = ["speaker", "role", "venue", "date", "source", "lang"];

/// Metadata shared by every statement of a document.
#[derive(Default)]
struct Meta {
    speaker: String,
    role: String,
    venue: String,
    date: String,
    source: String,
    lang: Option<String>,
}

/// Reads a whole document and splits it into statements with their first line numbers.
pub(super) fn read(
    mut reader: Box<dyn BufRead + Send>,
    path: &str,
) -> Result<Vec<(u64, Result<Statement>)>> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|source| Error::Io {
        path: path.to_string(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Record {
        path: path.to_string(),
        line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64,
        column: None,
        message: "invalid UTF-8: expected a UTF-8 text document".into(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let paragraphs = paragraphs(text);
    let mut meta = Meta {
        source: path.to_string(),
        ..Meta::default()
    };
    let mut start = 0;
    if let Some((line, first)) = paragraphs.first() {
        if let Some(front) = front_matter(first, path, *line)? {
            meta = Meta {
                source: if front.source.is_empty() {
                    meta.source
                } else {
                    front.source.clone()
                },
                ..front
            };
            start = 1;
        }
    }
    let stem = std::path::Path::new(path)
        .file_stem()
        .map_or("document".into(), |s| s.to_string_lossy().into_owned());
    let mut out = Vec::new();
    for (line, paragraph) in &paragraphs[start..] {
        let trimmed = paragraph.trim();
        // Markdown headings and rules are structure, not statements.
        if trimmed.starts_with('#') || trimmed.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) {
            continue;
        }
        for chunk in chunks(trimmed) {
            let id = format!("{stem}-{:03}", out.len() + 1);
            let lang = match meta.lang.as_deref() {
                Some("zh") => Lang::Zh,
                Some(_) => Lang::En,
                None => Lang::detect(&chunk),
            };
            out.push((
                *line,
                Ok(Statement {
                    id,
                    text: chunk,
                    speaker: meta.speaker.clone(),
                    role: meta.role.clone(),
                    venue: meta.venue.clone(),
                    date: meta.date.clone(),
                    source: meta.source.clone(),
                    lang,
                    gold: None,
                }),
            ));
        }
    }
    Ok(out)
}

/// Paragraphs (runs of non-blank lines, joined with spaces) with the line each starts on.
fn paragraphs(text: &str) -> Vec<(u64, String)> {
    let mut out: Vec<(u64, String)> = Vec::new();
    let mut current: Option<(u64, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        match current.as_mut() {
            Some((_, p)) => {
                // Chinese lines join without a space; Latin lines with one.
                if !(p.ends_with(crate::text::is_cjk)
                    && line.trim_start().starts_with(crate::text::is_cjk))
                {
                    p.push(' ');
                }
                p.push_str(line.trim());
            }
            None => current = Some((i as u64 + 1, line.trim().to_string())),
        }
    }
    out.extend(current);
    out
}

/// The first paragraph as front matter, when every line of it is `key: value` with a known key.
fn front_matter(paragraph: &str, path: &str, line: u64) -> Result<Option<Meta>> {
    // `paragraph` was joined with spaces; split it again on the keys.
    let mut meta = Meta::default();
    let mut found = false;
    let mut rest = paragraph
        .trim()
        .trim_start_matches("---")
        .trim_end_matches("---")
        .trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once(':') else {
            return Ok(None);
        };
        let key = key.trim().to_ascii_lowercase();
        if !KEYS.contains(&key.as_str()) {
            return Ok(None);
        }
        // The value runs to the next ` key:`.
        let next = KEYS
            .iter()
            .filter_map(|k| after.find(&format!(" {k}:")))
            .min()
            .unwrap_or(after.len());
        let value = after[..next].trim().to_string();
        match key.as_str() {
            "speaker" => meta.speaker = value,
            "role" => meta.role = value,
            "venue" => meta.venue = value,
            "date" => {
                crate::date::check(&value).map_err(|m| Error::Record {
                    path: path.to_string(),
                    line,
                    column: None,
                    message: format!("front matter: {m}"),
                })?;
                meta.date = value
            }
            "source" => meta.source = value,
            _ => {
                if value != "en" && value != "zh" {
                    return Err(Error::Record {
                        path: path.to_string(),
                        line,
                        column: None,
                        message: format!(
                            "front matter: unknown lang `{value}`, expected `en` or `zh`"
                        ),
                    });
                }
                meta.lang = Some(value);
            }
        }
        found = true;
        rest = after[next..].trim();
    }
    Ok(found.then_some(meta))
}

/// A paragraph as one statement, or cut into groups of whole sentences when it is long.
fn chunks(paragraph: &str) -> Vec<String> {
    if paragraph.chars().count() <= LONG_PARAGRAPH {
        return vec![paragraph.to_string()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for sentence in paragraph.split_sentence_bounds() {
        if !current.is_empty() && current.chars().count() + sentence.chars().count() > TARGET {
            out.push(current.trim().to_string());
            current.clear();
        }
        current.push_str(sentence);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(u64, Statement)> {
        read(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            "speech.md",
        )
        .unwrap()
        .into_iter()
        .map(|(l, s)| (l, s.unwrap()))
        .collect()
    }

    #[test]
    fn front_matter_paragraphs_and_headings() {
        let doc = "speaker: Xi Jinping\nvenue: Forum on cybersecurity and informatization work\ndate: 2016-04-19\n\n# Title\n\nCore technology is our biggest hidden danger.\nThe market cannot buy it.\n\n网络安全和信息化\n是一体之两翼。\n";
        let got = split(doc);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 7);
        assert_eq!(got[0].1.id, "speech-001");
        assert_eq!(
            got[0].1.text,
            "Core technology is our biggest hidden danger. The market cannot buy it."
        );
        assert_eq!(got[0].1.speaker, "Xi Jinping");
        assert_eq!(
            got[0].1.venue,
            "Forum on cybersecurity and informatization work"
        );
        assert_eq!(got[0].1.source, "speech.md");
        assert_eq!(got[1].1.text, "网络安全和信息化是一体之两翼。");
        assert_eq!(got[1].1.lang, Lang::Zh);
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_boundaries() {
        let sentence = "This sentence is about core technologies and self-reliance in chips. ";
        let got = split(&sentence.repeat(20));
        assert!(got.len() >= 3, "{}", got.len());
        for (_, s) in &got {
            assert!(s.text.ends_with('.'), "{}", s.text);
            assert!(s.text.chars().count() <= TARGET + sentence.len());
        }
        let zh = "我们必须掌握核心技术。".repeat(80);
        let got = split(&zh);
        assert!(got.len() >= 2 && got.iter().all(|(_, s)| s.text.ends_with('。')));
    }

    #[test]
    fn bad_front_matter_lang_is_an_error() {
        let err = read(
            Box::new(std::io::Cursor::new(b"lang: fr\n\ntext".to_vec())),
            "d.txt",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("d.txt:1") && err.to_string().contains("unknown lang `fr`"),
            "{err}"
        );
    }
}
