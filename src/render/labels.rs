//! The words of the report and contrast views that every format shares (Markdown, HTML, CSV; JSON carries
//! the data itself), so the formats cannot drift apart: the subtitle, the column headings, the group
//! headings, the translation label, the endnotes heading and the sentence on quotes left out.

use crate::model::Audience;
use crate::pair::ThemeContrast;
use crate::report::{Group, LeftOut};

/// The line under the report's title.
pub const SUBTITLE: &str = "Statements addressed to foreign audiences set against statements addressed to \
domestic ones, theme by theme, grouped by the opposition they show. In each group the paired statements \
come first, side by side; the others follow in their own column. Sources are in the endnotes.";

/// The heading of the endnotes.
pub const ENDNOTES: &str = "ENDNOTES";

/// The heading of the group of statements that take no frame of the theme.
pub const OTHER_GROUP: &str = "Other statements: no opposition frame fits them";

/// The label before a translation of a Chinese quote.
pub const TRANSLATION: &str = "Translation";

/// The label before a frame's caveat for readers.
pub const NOTE: &str = "Note";

/// The mark of a quote whose audience no rule decided (only the default).
pub const DEFAULT_AUDIENCE: &str = "audience by default: no audience rule fired";

/// The mark of a quote whose audience no rule decided, only the audience word model.
pub const MODEL_AUDIENCE: &str = "audience by the word model: no audience rule fired";

/// The mark a quote carries when no audience rule decided its audience, if any.
pub fn audience_mark(q: &crate::report::Quote) -> Option<&'static str> {
    if q.default_audience {
        Some(DEFAULT_AUDIENCE)
    } else if q.model_audience {
        Some(MODEL_AUDIENCE)
    } else {
        None
    }
}

/// The heading of the weak pairs of a contrast (listed apart with `--show-weak`).
pub const WEAK_PAIRS: &str = "Weak pairs: no opposition frame fired, paired on subject only";

/// A contrast's counts in words: `3 pair(s) and 1 weak pair(s) (no frame fired) from 130 external and 76
/// internal statement(s)`.
pub fn contrast_counts(c: &ThemeContrast) -> String {
    let weak = match c.weak.len() {
        0 => String::new(),
        n => format!(" and {n} weak pair(s) (no frame fired)"),
    };
    format!(
        "{} pair(s){weak} from {} external and {} internal statement(s)",
        c.pairs.len(),
        c.external_count,
        c.internal_count
    )
}

/// The heading of a side's column in side-by-side tables.
pub fn column(side: Audience) -> &'static str {
    match side {
        Audience::External => "External messaging",
        Audience::Internal => "For internal audiences",
    }
}

/// A group's heading: its frame's summary, or the heading of the other group.
pub fn group_heading(g: &Group) -> &str {
    if g.frame.is_some() && !g.summary.trim().is_empty() {
        &g.summary
    } else if let Some(id) = g.frame.as_deref() {
        id
    } else {
        OTHER_GROUP
    }
}

/// The sentence saying how many statements a section leaves out (`None` when it shows them all).
pub fn left_out(l: &LeftOut) -> Option<String> {
    let side = |n: usize, side: &str| match n {
        1 => format!("1 {side} statement"),
        n => format!("{n} {side} statements"),
    };
    let what = match (l.external, l.internal) {
        (0, 0) => return None,
        (e, 0) => side(e, "external"),
        (0, i) => side(i, "internal"),
        (e, i) => format!("{} and {}", side(e, "external"), side(i, "internal")),
    };
    Some(format!(
        "Not shown, for length: {what} of this theme (raise --max-per-theme to list them)."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_out_counts_each_side_in_words() {
        assert_eq!(left_out(&LeftOut::default()), None);
        let both = left_out(&LeftOut {
            external: 1,
            internal: 12,
        })
        .unwrap();
        assert!(
            both.contains("1 external statement and 12 internal statements"),
            "{both}"
        );
        let one = left_out(&LeftOut {
            external: 0,
            internal: 3,
        })
        .unwrap();
        assert!(one.contains(": 3 internal statements of"), "{one}");
    }
}
