//! JSONL input: one statement object per line; BOM and CRLF accepted, blank lines skipped.

use crate::error::{Error, Result};
use crate::model::{Gold, Statement};
use serde::Deserialize;
use std::io::BufRead;

/// Reads lines with their numbers, stripping a leading BOM and CR line ends.
pub(super) struct Lines {
    reader: Box<dyn BufRead + Send>,
    line: u64,
    buf: Vec<u8>,
}

impl Lines {
    pub(super) fn new(reader: Box<dyn BufRead + Send>) -> Lines {
        Lines {
            reader,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The next non-blank line and its 1-based number.
    pub(super) fn next_line(&mut self) -> std::io::Result<Option<(u64, String)>> {
        loop {
            self.buf.clear();
            if self.reader.read_until(b'\n', &mut self.buf)? == 0 {
                return Ok(None);
            }
            self.line += 1;
            let mut bytes = self.buf.as_slice();
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            while let [rest @ .., b'\n' | b'\r'] = bytes {
                bytes = rest;
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Invalid UTF-8 is kept (lossily) so that the parser reports it with the line number.
            let text = match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(e) => {
                    return Ok(Some((
                        self.line,
                        format!("\u{0}invalid UTF-8 at byte {}", e.valid_up_to() + 1),
                    )));
                }
            };
            return Ok(Some((self.line, text)));
        }
    }
}

#[derive(Deserialize)]
#[serde(expecting = "a JSON object with at least `id` and `text`")]
struct RawStatement {
    id: Option<String>,
    text: Option<String>,
    speaker: Option<String>,
    role: Option<String>,
    venue: Option<String>,
    date: Option<String>,
    source: Option<String>,
    lang: Option<String>,
    gold: Option<Gold>,
    provenance: Option<Box<crate::model::Provenance>>,
    translation: Option<String>,
}

/// Parses one JSONL line into a statement, or an error naming the file, line and column.
pub(super) fn parse_line(path: &str, line: u64, text: &str) -> Result<Statement> {
    let err = |column: Option<u64>, message: String| Error::Record {
        path: path.to_string(),
        line,
        column,
        message,
    };
    if let Some(msg) = text.strip_prefix('\u{0}') {
        return Err(err(None, format!("{msg}: expected UTF-8 text")));
    }
    // serde reads a struct from an array too (fields by position), which gives a baffling message for `[…]`.
    if let Some((at, c)) = text.char_indices().find(|(_, c)| !c.is_whitespace()) {
        if c != '{' {
            return Err(err(
                Some(text[..at].chars().count() as u64 + 1),
                "invalid statement record: expected a JSON object with at least `id` and `text`, one per line (see docs/labelling.md)".to_string(),
            ));
        }
    }
    let raw: RawStatement = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        // serde's words for JSON kinds, in the words of the file format.
        let msg = msg
            .split(" at line ")
            .next()
            .unwrap_or(&msg)
            .replace("expected a sequence", "expected a list")
            .replace("expected a map", "expected an object");
        err(Some(e.column().max(1) as u64), format!("invalid statement record: {msg}; expected one JSON object per line with at least `id` and `text` (see docs/labelling.md)"))
    })?;
    super::finish(raw.id, raw.text, raw.lang, |id, text, lang| Statement {
        id,
        text,
        speaker: raw.speaker.unwrap_or_default(),
        role: raw.role.unwrap_or_default(),
        venue: raw.venue.unwrap_or_default(),
        date: raw.date.unwrap_or_default(),
        source: raw.source.unwrap_or_default(),
        lang,
        gold: raw.gold,
        provenance: raw.provenance,
        translation: raw.translation.filter(|t| !t.trim().is_empty()),
    })
    .map_err(|m| err(None, m))
}
