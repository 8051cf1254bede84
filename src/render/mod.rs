//! Renderers: turn the library's plain data into text on any writer, one module per format — `table`
//! (terminal tables), `text` (explanations), `markdown`, `html`, `json` (JSON and JSONL) and `csv`.
//! Words shared by several formats are in `labels`.

pub mod csv;
pub mod html;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod table;
pub mod text;

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
