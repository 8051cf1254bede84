//! Renderers: turn the library's plain data into text (terminal tables, JSON, JSONL, CSV) on any writer.

pub mod csv;
pub mod explain;
pub mod json;
pub mod rules;
pub mod table;

/// Output formats of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClassifyFormat {
    /// A terminal table (collects every row first).
    Table,
    /// One JSON array, streamed.
    Json,
    /// One JSON object per line, streamed.
    Jsonl,
    /// CSV with a header row, streamed.
    Csv,
}

/// Output formats of reports that are one value (eval, rules list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A terminal table.
    Table,
    /// Pretty-printed JSON.
    Json,
}

/// Shortens text to at most `max` characters, marking the cut with an ellipsis.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}
