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
