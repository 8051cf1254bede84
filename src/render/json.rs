//! JSON and JSONL output: the serialisation of the library's own types, so text and JSON views agree.

use crate::model::{Basis, Classified};
use crate::stream::Sink;
use serde::Serialize;
use std::io::Write;

/// Writes a value as pretty JSON followed by a newline.
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(out: &mut W, value: &T) -> crate::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A pretty JSON array written one element at a time, byte for byte as [`write_pretty`] writes the whole
/// array (each element indented by one level; JSON strings hold no raw newline), so that a long list need
/// not be held in memory. Nothing is written before the first element.
pub struct PrettyArray {
    started: bool,
    buf: Vec<u8>,
}

impl PrettyArray {
    /// An array with no element written yet.
    pub fn new() -> PrettyArray {
        PrettyArray {
            started: false,
            buf: Vec::new(),
        }
    }

    /// Writes one element.
    pub fn item<W: Write, T: Serialize + ?Sized>(
        &mut self,
        out: &mut W,
        value: &T,
    ) -> crate::Result<()> {
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, value)?;
        out.write_all(if std::mem::replace(&mut self.started, true) {
            b",\n"
        } else {
            b"[\n"
        })?;
        for line in self.buf.split_inclusive(|&b| b == b'\n') {
            out.write_all(b"  ")?;
            out.write_all(line)?;
        }
        Ok(())
    }

    /// Closes the array (an empty one is `[]`) and ends the line.
    pub fn finish<W: Write>(self, out: &mut W) -> crate::Result<()> {
        out.write_all(if self.started { b"\n]\n" } else { b"[]\n" })?;
        Ok(())
    }
}

impl Default for PrettyArray {
    fn default() -> Self {
        Self::new()
    }
}

/// Appends a value as one JSON line to a buffer.
pub fn push_line<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) -> crate::Result<()> {
    serde_json::to_writer(&mut *buf, value)?;
    buf.push(b'\n');
    Ok(())
}

/// Streams classifications as JSON Lines: one object per line, written as each arrives.
pub struct JsonLines<W: Write> {
    out: W,
    buf: Vec<u8>,
}

impl<W: Write> JsonLines<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> Self {
        JsonLines {
            out,
            buf: Vec::with_capacity(4096),
        }
    }
}

impl<W: Write> Sink for JsonLines<W> {
    fn classified(&mut self, c: Classified) -> crate::Result<()> {
        self.buf.clear();
        push_line(&mut self.buf, &c)?;
        self.out.write_all(&self.buf)?;
        Ok(())
    }
}

/// One classified statement already serialised as its JSON line (by [`JsonLine::of`], in the stream's
/// parallel stage, so that serialising and freeing the record run on every core, not on the one thread
/// that writes), with what the caller still needs to know of it.
pub struct JsonLine {
    /// The line, newline included: exactly what [`JsonLines`] writes for the record.
    pub bytes: Vec<u8>,
    /// The document file the statement was read from, if any (its provenance).
    pub document: Option<String>,
    /// How its audience was decided.
    pub basis: Basis,
}

impl JsonLine {
    /// Serialises one classified statement.
    pub fn of(c: &Classified) -> crate::Result<JsonLine> {
        thread_local! {
            /// Each thread's line buffer, kept between records: a record is serialised into it and copied
            /// out at its exact length, instead of into a fresh buffer that grows (and is copied) as the
            /// line outgrows it.
            static LINE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let bytes = LINE.with_borrow_mut(|line| {
            line.clear();
            push_line(line, c).map(|()| line.as_slice().to_vec())
        })?;
        Ok(JsonLine {
            bytes,
            document: c
                .statement
                .provenance
                .as_deref()
                .filter(|p| !p.file.is_empty())
                .map(|p| p.file.clone()),
            basis: c.classification.audience_basis,
        })
    }
}

impl<W: Write> Sink<JsonLine> for JsonLines<W> {
    fn classified(&mut self, line: JsonLine) -> crate::Result<()> {
        self.out.write_all(&line.bytes)?;
        Ok(())
    }
}

/// Streams classifications as one pretty-printed JSON array, item by item.
pub struct JsonArray<W: Write> {
    out: W,
    items: u64,
}

impl<W: Write> JsonArray<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> Self {
        JsonArray { out, items: 0 }
    }
}

impl<W: Write> Sink for JsonArray<W> {
    fn classified(&mut self, c: Classified) -> crate::Result<()> {
        self.out
            .write_all(if self.items == 0 { b"[\n" } else { b",\n" })?;
        serde_json::to_writer_pretty(&mut self.out, &c)?;
        self.items += 1;
        Ok(())
    }

    fn finish(&mut self) -> crate::Result<()> {
        self.out
            .write_all(if self.items == 0 { b"[\n]\n" } else { b"\n]\n" })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Item {
        name: String,
        list: Vec<u32>,
        empty: Vec<u32>,
        nested: Vec<std::collections::BTreeMap<String, String>>,
    }

    #[test]
    fn an_array_written_element_by_element_is_the_whole_array() {
        let items: Vec<Item> = (0..3)
            .map(|k| Item {
                name: format!("line\nbreak \"{k}\""),
                list: (0..k).collect(),
                empty: Vec::new(),
                nested: vec![[("a".to_string(), "b\n".to_string())].into_iter().collect()],
            })
            .collect();
        for n in 0..=items.len() {
            let mut whole = Vec::new();
            write_pretty(&mut whole, &items[..n]).unwrap();
            let mut parts = Vec::new();
            let mut array = PrettyArray::new();
            for item in &items[..n] {
                array.item(&mut parts, item).unwrap();
            }
            array.finish(&mut parts).unwrap();
            assert_eq!(
                String::from_utf8(parts).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}
