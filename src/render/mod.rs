//! Renderers: turn the library's plain data into text (terminal tables, JSON, JSONL, CSV) on any writer.

pub mod align;
pub mod csv;
pub mod csv_index;
pub mod explain;
pub mod html;
pub mod json;
pub mod markdown;
pub mod rules;
pub mod table;
pub mod table_index;
pub mod table_pairs;
pub mod table_split;

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
