//! Renderers: turn the library's plain data into text (terminal tables, JSON, JSONL, CSV) on any writer.

pub mod csv;
pub mod csv_index;
pub mod explain;
pub mod html;
pub mod json;
pub mod markdown;
pub mod rules;
pub mod table;
pub mod table_index;

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

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    /// A terminal table with the matched words marked «like this».
    Table,
    /// One JSON array of hits.
    Json,
    /// One JSON hit per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Output formats of `contrast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ContrastFormat {
    /// A terminal table, external and internal side by side.
    Table,
    /// A two-column Markdown table per theme (GitHub and pandoc).
    Markdown,
    /// JSON: one object per theme with its pairs.
    Json,
    /// CSV: one row per pair.
    Csv,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    /// Markdown (GitHub and pandoc).
    Markdown,
    /// One self-contained HTML file.
    Html,
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
