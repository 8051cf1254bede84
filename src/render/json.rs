//! JSON and JSONL output: the serialisation of the library's own types, so text and JSON views agree.

use crate::model::Classified;
use crate::stream::Sink;
use serde::Serialize;
use std::io::Write;

/// Writes a value as pretty JSON followed by a newline.
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(out: &mut W, value: &T) -> crate::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
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
