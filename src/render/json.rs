//! JSON and JSONL output: the serialisation of the library's own types, so text and JSON views agree.

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

/// Streams a JSON array item by item, so memory does not grow with the number of items.
pub struct ArrayWriter {
    first: bool,
}

impl ArrayWriter {
    /// Starts the array.
    pub fn begin<W: Write>(out: &mut W) -> crate::Result<ArrayWriter> {
        out.write_all(b"[\n")?;
        Ok(ArrayWriter { first: true })
    }

    /// Writes one already serialised item.
    pub fn item<W: Write>(&mut self, out: &mut W, json: &[u8]) -> crate::Result<()> {
        if !self.first {
            out.write_all(b",\n")?;
        }
        self.first = false;
        out.write_all(json)?;
        Ok(())
    }

    /// Closes the array.
    pub fn end<W: Write>(self, out: &mut W) -> crate::Result<()> {
        out.write_all(b"\n]\n")?;
        Ok(())
    }
}
