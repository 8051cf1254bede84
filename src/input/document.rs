//! Whole documents (`.txt`, `.md`) turned into statements. A front matter (YAML between `---` lines, or
//! TOML between `+++` lines) gives speaker, role, venue, date, source, lang, kind and outlet; Markdown is
//! reduced to its text; then the document is read as what it is: a press-conference transcript (answers
//! by the spokesperson, questions kept as context), an article (quoted speech attributed to its speaker,
//! the rest in the outlet's voice) or a speech (every paragraph by the speaker).

use super::markdown::{self, Block};
use super::{quote, segment, transcript};
use crate::error::{Error, Result};
use crate::model::{Lang, Provenance, Statement, Voice};
use serde::Deserialize;
use std::io::BufRead;

/// A paragraph longer than this (in characters) is cut into groups of sentences.
const LONG_PARAGRAPH: usize = 600;
/// The size a group of sentences grows to before a new statement starts.
const TARGET: usize = 400;
/// The longest line a text document may have (a file of one endless line is not a document).
pub const MAX_LINE: usize = 1 << 20;
/// Keys a front matter may set.
const KEYS: [&str; 9] = [
    "speaker", "role", "venue", "date", "source", "lang", "kind", "outlet", "title",
];

/// What a statement is cut to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Unit {
    /// One statement per paragraph (a long paragraph cut into groups of whole sentences).
    #[default]
    Paragraph,
    /// One statement per sentence.
    Sentence,
}

/// What kind of document a file is, which decides whose words its paragraphs are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A speech or text by one speaker: every paragraph is theirs.
    Speech,
    /// A news or journal article: quotations go to their speakers, the rest is the outlet's voice.
    Article,
    /// A press-conference transcript: answers go to the spokesperson, questions are context.
    Transcript,
}

/// The metadata a document's front matter gives every statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Who spoke or wrote it (a speech's speaker).
    pub speaker: String,
    /// The speaker's office.
    pub role: String,
    /// Where it was said or published.
    pub venue: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    /// URL or citation; the file's path when absent.
    pub source: String,
    /// Forces the language of every statement.
    pub lang: Option<Lang>,
    /// The kind of document; guessed when absent.
    pub kind: Option<Kind>,
    /// The publishing outlet, whose voice an article's own prose is.
    pub outlet: String,
    /// A title, kept as the heading of the first paragraphs.
    pub title: String,
}

/// A document read from a file: its metadata and blocks, before it is cut into statements.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub path: String,
    pub stem: String,
    pub meta: FrontMatter,
    pub blocks: Vec<Block>,
}

/// Reads a whole document and splits it into statements with their first line numbers.
pub(super) fn read(
    mut reader: Box<dyn BufRead + Send>,
    path: &str,
    unit: Unit,
) -> Result<Vec<(u64, Result<Statement>)>> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|source| Error::Io {
        path: path.to_string(),
        source,
    })?;
    let doc = parse(&bytes, path)?;
    Ok(statements(&doc, unit)
        .into_iter()
        .map(|s| (s.provenance.as_ref().map_or(1, |p| p.line), Ok(s)))
        .collect())
}

/// Splits the document in `bytes` (named `path` in errors and provenance) into statements.
pub fn split_bytes(bytes: &[u8], path: &str, unit: Unit) -> Result<Vec<Statement>> {
    Ok(statements(&parse(bytes, path)?, unit))
}

fn record_error(path: &str, line: u64, column: Option<u64>, message: String) -> Error {
    Error::Record {
        path: path.to_string(),
        line,
        column,
        message,
    }
}

/// Checks that `bytes` are a text document and reads its front matter and blocks.
pub(crate) fn parse(bytes: &[u8], path: &str) -> Result<Document> {
    let line_at = |end: usize| 1 + bytes[..end].iter().filter(|b| **b == b'\n').count() as u64;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(record_error(
            path,
            1,
            None,
            "empty document: expected text (paragraphs separated by blank lines)".into(),
        ));
    }
    if let Some(nul) = memchr_nul(bytes) {
        return Err(record_error(
            path,
            line_at(nul),
            None,
            "binary file (a NUL byte): expected a UTF-8 text or Markdown document".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let line = line_at(valid);
        let col = bytes[..valid]
            .iter()
            .rev()
            .take_while(|b| **b != b'\n')
            .count() as u64
            + 1;
        record_error(
            path,
            line,
            Some(col),
            "invalid UTF-8: expected a UTF-8 text document".into(),
        )
    })?;
    for (line_no, line) in (1u64..).zip(text.split('\n')) {
        if line.len() > MAX_LINE {
            return Err(record_error(
                path,
                line_no,
                None,
                format!(
                    "line is {} bytes long with no line break: expected a text document of paragraphs (lines of at most {} bytes)",
                    line.len(),
                    MAX_LINE
                ),
            ));
        }
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (meta, body, body_line) = front_matter(text, path)?;
    let is_markdown = {
        let lower = path.to_ascii_lowercase();
        lower.ends_with(".md") || lower.ends_with(".markdown")
    };
    let blocks = if is_markdown {
        markdown::blocks(body, body_line)
    } else {
        plain_blocks(body, body_line)
    };
    let stem = std::path::Path::new(path)
        .file_stem()
        .map_or("document".into(), |s| s.to_string_lossy().into_owned());
    let mut meta = meta;
    if meta.source.is_empty() {
        meta.source = path.to_string();
    }
    Ok(Document {
        path: path.to_string(),
        stem,
        meta,
        blocks,
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == 0)
}

/// Paragraphs of plain text: runs of non-blank lines, joined, with the line each starts on.
fn plain_blocks(text: &str, first_line: u64) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            out.extend(current.take());
            continue;
        }
        match current.as_mut() {
            Some(b) => {
                markdown::join_line(&mut b.text, line);
                b.text.push_str(line);
            }
            None => {
                current = Some(Block {
                    line: first_line + i as u64,
                    text: line.to_string(),
                    heading: false,
                })
            }
        }
    }
    out.extend(current);
    out
}

/// Splits off the front matter: YAML between `---` lines, TOML between `+++` lines, or (the older form)
/// a first paragraph of `key: value` lines with known keys. Returns it, the body and the body's first line.
fn front_matter<'a>(text: &'a str, path: &str) -> Result<(FrontMatter, &'a str, u64)> {
    for (fence, toml_syntax) in [("---", false), ("+++", true)] {
        let Some(rest) = text
            .strip_prefix(fence)
            .and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
        else {
            continue;
        };
        let close = rest
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .chain(std::iter::once(0))
            .find(|&i| {
                let line = rest[i..].split('\n').next().unwrap_or("");
                line.trim_end() == fence
            });
        let Some(close) = close else {
            return Err(record_error(
                path,
                1,
                None,
                format!("front matter opened with `{fence}` is never closed: expected a `{fence}` line after it"),
            ));
        };
        let source = &rest[..close];
        let after = &rest[close..];
        let after_fence = after.find('\n').map_or("", |i| &after[i + 1..]);
        let body_line = 2 + source.matches('\n').count() as u64 + 1;
        let meta = parse_meta(source, toml_syntax, path, 2)?;
        return Ok((meta, after_fence, body_line));
    }
    // The older form: a first paragraph whose every line is `known_key: value`.
    let first_end = text.find("\n\n").or_else(|| text.find("\r\n\r\n"));
    let first = &text[..first_end.unwrap_or(text.len())];
    let leading_blank = text.len() - text.trim_start_matches(['\n', '\r']).len();
    let all_keys = !first.trim().is_empty()
        && first.lines().filter(|l| !l.trim().is_empty()).all(|l| {
            l.split_once(':')
                .is_some_and(|(k, _)| KEYS.contains(&k.trim().to_ascii_lowercase().as_str()))
        });
    if leading_blank == 0 && all_keys {
        let meta = parse_meta(first, false, path, 1)?;
        let body = &text[first.len()..];
        return Ok((meta, body, 1 + first.matches('\n').count() as u64));
    }
    Ok((FrontMatter::default(), text, 1))
}

/// Parses front matter `source` that starts on line `first_line` of the file.
fn parse_meta(source: &str, toml_syntax: bool, path: &str, first_line: u64) -> Result<FrontMatter> {
    let map: std::collections::BTreeMap<String, Scalar> = if toml_syntax {
        toml::from_str(source).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| line_col(source, s.start))
                .unwrap_or((0, 0));
            record_error(
                path,
                first_line + line,
                Some(col as u64 + 1),
                format!("front matter (TOML): {}", e.message()),
            )
        })?
    } else {
        if source.trim().is_empty() {
            return Ok(FrontMatter::default());
        }
        serde_norway::from_str(source).map_err(|e| {
            let (line, col) = e.location().map_or((0, None), |l| {
                ((l.line() as u64).saturating_sub(1), Some(l.column() as u64))
            });
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            record_error(
                path,
                first_line + line,
                col,
                format!(
                    "front matter (YAML): {msg}; expected `key: value` lines ({})",
                    KEYS.join(", ")
                ),
            )
        })?
    };
    let mut meta = FrontMatter::default();
    for (key, value) in map {
        let value = value.0;
        let at = |m: String| {
            let line = source
                .lines()
                .position(|l| l.trim_start().starts_with(key.as_str()))
                .map_or(first_line, |i| first_line + i as u64);
            record_error(path, line, None, m)
        };
        match key.to_ascii_lowercase().as_str() {
            "speaker" => meta.speaker = value,
            "role" => meta.role = value,
            "venue" => meta.venue = value,
            "date" => {
                crate::date::check(&value).map_err(|m| at(format!("front matter: {m}")))?;
                meta.date = value
            }
            "source" => meta.source = value,
            "outlet" => meta.outlet = value,
            "title" => meta.title = value,
            "lang" => {
                meta.lang = Some(match value.as_str() {
                    "en" => Lang::En,
                    "zh" | "zh-cn" | "zh-hans" | "zh-tw" | "zh-hant" => Lang::Zh,
                    other => {
                        return Err(at(format!(
                            "front matter: unknown lang `{other}`, expected `en` or `zh`"
                        )))
                    }
                })
            }
            "kind" => {
                meta.kind = Some(match value.as_str() {
                    "speech" => Kind::Speech,
                    "article" => Kind::Article,
                    "transcript" => Kind::Transcript,
                    other => {
                        return Err(at(format!(
                            "front matter: unknown kind `{other}`, expected `speech`, `article` or `transcript`"
                        )))
                    }
                })
            }
            // Other keys (tags, authors, …) are the document's own business.
            _ => {}
        }
    }
    Ok(meta)
}

/// A front-matter value of any scalar type, as text (`date: 2016-04-19` and `date: 2016` both read).
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Scalar, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Any {
            S(String),
            I(i64),
            F(f64),
            B(bool),
            Seq(Vec<String>),
            Nil(()),
        }
        Ok(Scalar(match Any::deserialize(d)? {
            Any::S(s) => s.trim().to_string(),
            Any::I(i) => i.to_string(),
            Any::F(f) => f.to_string(),
            Any::B(b) => b.to_string(),
            Any::Seq(v) => v.join(", "),
            Any::Nil(()) => String::new(),
        }))
    }
}

fn line_col(text: &str, offset: usize) -> (u64, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

/// Cuts a read document into statements, in document order.
pub(crate) fn statements(doc: &Document, unit: Unit) -> Vec<Statement> {
    let kind = doc.meta.kind.unwrap_or_else(|| {
        if transcript::looks_like(&doc.blocks) {
            Kind::Transcript
        } else if doc.meta.speaker.is_empty() {
            Kind::Article
        } else {
            Kind::Speech
        }
    });
    let drafts = match kind {
        Kind::Transcript => transcript::drafts(doc),
        Kind::Article => quote::drafts(doc),
        Kind::Speech => speech_drafts(doc),
    };
    let mut out = Vec::new();
    for d in drafts {
        let pieces: Vec<String> = match unit {
            Unit::Paragraph => chunks(&d.text),
            Unit::Sentence => {
                let lang = doc.meta.lang.unwrap_or_else(|| Lang::detect(&d.text));
                segment::sentences(&d.text, lang)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            }
        };
        for text in pieces {
            let lang = doc.meta.lang.unwrap_or_else(|| Lang::detect(&text));
            out.push(Statement {
                id: format!("{}-{:03}", doc.stem, out.len() + 1),
                text,
                speaker: d.speaker.clone(),
                role: d.role.clone(),
                venue: d.venue.clone(),
                date: d.date.clone(),
                source: doc.meta.source.clone(),
                lang,
                gold: None,
                translation: None,
                provenance: Some(Box::new(Provenance {
                    file: doc.path.clone(),
                    line: d.line,
                    voice: d.voice,
                    heading: d.heading.clone(),
                    question: d.question.clone(),
                    asked_by: d.asked_by.clone(),
                    also_in: Vec::new(),
                })),
            });
        }
    }
    out
}

/// A passage of a document with whose words it is, before it is cut to the unit asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Draft {
    pub line: u64,
    pub text: String,
    pub voice: Voice,
    pub speaker: String,
    pub role: String,
    pub venue: String,
    pub date: String,
    pub heading: String,
    pub question: String,
    pub asked_by: String,
}

impl Draft {
    /// A draft in the document's own metadata.
    pub fn of(doc: &Document, line: u64, text: String, voice: Voice, heading: &str) -> Draft {
        Draft {
            line,
            text,
            voice,
            speaker: doc.meta.speaker.clone(),
            role: doc.meta.role.clone(),
            venue: doc.meta.venue.clone(),
            date: doc.meta.date.clone(),
            heading: heading.to_string(),
            ..Draft::default()
        }
    }
}

/// Every paragraph of a speech, in the speaker's voice, with the heading above it.
fn speech_drafts(doc: &Document) -> Vec<Draft> {
    let mut heading = doc.meta.title.clone();
    let mut out = Vec::new();
    for b in &doc.blocks {
        if b.heading {
            heading = b.text.clone();
        } else if !is_rule(&b.text) {
            out.push(Draft::of(
                doc,
                b.line,
                b.text.clone(),
                Voice::Speaker,
                &heading,
            ));
        }
    }
    out
}

/// A line of only `-`, `*`, `_` (a horizontal rule in plain text).
pub(crate) fn is_rule(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '))
}

/// A paragraph as one statement, or cut into groups of whole sentences when it is long.
fn chunks(paragraph: &str) -> Vec<String> {
    if paragraph.chars().count() <= LONG_PARAGRAPH {
        return vec![paragraph.to_string()];
    }
    let lang = Lang::detect(paragraph);
    let mut out = Vec::new();
    let mut current = String::new();
    for sentence in segment::sentences(paragraph, lang) {
        if !current.is_empty() && current.chars().count() + sentence.chars().count() > TARGET {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() && lang == Lang::En {
            current.push(' ');
        }
        current.push_str(sentence);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_as(text: &str, path: &str) -> Vec<Statement> {
        split_bytes(text.as_bytes(), path, Unit::Paragraph).unwrap()
    }

    fn err(bytes: &[u8], path: &str) -> String {
        split_bytes(bytes, path, Unit::Paragraph)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn older_front_matter_paragraphs_and_headings() {
        let doc = "speaker: Xi Jinping\nvenue: Forum on cybersecurity and informatization work\ndate: 2016-04-19\n\nCore technology is our biggest hidden danger.\nThe market cannot buy it.\n\n网络安全和信息化\n是一体之两翼。\n";
        let got = split_as(doc, "speech.txt");
        assert_eq!(got.len(), 2);
        let p = got[0].provenance.as_ref().unwrap();
        assert_eq!(
            (p.line, p.voice, p.file.as_str()),
            (5, Voice::Speaker, "speech.txt")
        );
        assert_eq!(got[0].id, "speech-001");
        assert_eq!(
            got[0].text,
            "Core technology is our biggest hidden danger. The market cannot buy it."
        );
        assert_eq!(got[0].speaker, "Xi Jinping");
        assert_eq!(got[0].date, "2016-04-19");
        assert_eq!(got[0].source, "speech.txt");
        assert_eq!(got[1].text, "网络安全和信息化是一体之两翼。");
        assert_eq!(got[1].lang, Lang::Zh);
    }

    #[test]
    fn yaml_and_toml_front_matter() {
        let yaml = "---\nspeaker: Xi Jinping\ndate: 2016\ntags: [cyber, speech]\n---\n# 讲话\n\n我们必须掌握核心技术。\n";
        let got = split_as(yaml, "xi.md");
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].speaker.as_str(), got[0].date.as_str()),
            ("Xi Jinping", "2016")
        );
        let p = got[0].provenance.as_ref().unwrap();
        assert_eq!((p.line, p.heading.as_str()), (8, "讲话"));
        let toml = "+++\nspeaker = \"Xi Jinping\"\nlang = \"zh\"\n+++\n\nCore technology.\n";
        let got = split_as(toml, "xi.txt");
        assert_eq!(
            (got[0].speaker.as_str(), got[0].lang),
            ("Xi Jinping", Lang::Zh)
        );
    }

    #[test]
    fn broken_front_matter_names_file_and_line() {
        let e = err(b"---\nspeaker: Xi\ndate: [2016\n---\ntext\n", "d.md");
        assert!(
            e.starts_with("d.md:") && e.contains("front matter (YAML)"),
            "{e}"
        );
        let e = err(b"---\nspeaker: Xi\n\ntext\n", "d.md");
        assert!(e.contains("d.md:1") && e.contains("never closed"), "{e}");
        let e = err(b"lang: fr\n\ntext", "d.txt");
        assert!(
            e.contains("d.txt:1") && e.contains("unknown lang `fr`"),
            "{e}"
        );
        let e = err(b"+++\nspeaker = \n+++\n", "t.md");
        assert!(e.starts_with("t.md:2") && e.contains("TOML"), "{e}");
    }

    #[test]
    fn bad_documents_are_clear_errors() {
        assert!(err(b"  \n\n", "e.txt").contains("e.txt:1: empty document"));
        let e = err(b"text\n\x00\x01\x02", "b.txt");
        assert!(e.contains("b.txt:2: binary file"), "{e}");
        let e = err(b"ok\nbad \xff here", "u.txt");
        assert!(e.starts_with("u.txt:2:5: invalid UTF-8"), "{e}");
        let long = "a".repeat(MAX_LINE + 1);
        let e = err(long.as_bytes(), "l.txt");
        assert!(
            e.contains("l.txt:1: line is") && e.contains("no line break"),
            "{e}"
        );
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_boundaries() {
        let doc = |t: String| format!("speaker: X\n\n{t}");
        let sentence = "This sentence is about core technologies and self-reliance in chips. ";
        let got = split_as(&doc(sentence.repeat(20)), "s.txt");
        assert!(got.len() >= 3, "{}", got.len());
        for s in &got {
            assert!(s.text.ends_with('.'), "{}", s.text);
            assert!(s.text.chars().count() <= TARGET + sentence.len());
        }
        let zh = "我们必须掌握核心技术。".repeat(80);
        let got = split_as(&doc(zh), "z.txt");
        assert!(got.len() >= 2 && got.iter().all(|s| s.text.ends_with('。')));
    }

    #[test]
    fn sentence_unit_cuts_every_sentence() {
        let got = split_bytes(
            "speaker: X\n\nThe U.S. side met Dr. Li at 3 p.m. on Monday. It went well.\n"
                .as_bytes(),
            "s.txt",
            Unit::Sentence,
        )
        .unwrap();
        let texts: Vec<&str> = got.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "The U.S. side met Dr. Li at 3 p.m. on Monday.",
                "It went well."
            ]
        );
    }
}
