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

/// A quote in quotation marks, unless the text is already one quotation from its first character to its
/// last (then marks would double: `““…””`). `text` may be escaped already; marks are not markup.
pub fn quoted(text: &str) -> String {
    let t = text.trim();
    let opens = |c: char| matches!(c, '“' | '"' | '「' | '『');
    let closes = |c: char| matches!(c, '”' | '"' | '」' | '』');
    let body = t.trim_end_matches(['。', '.']);
    let whole = t.chars().next().is_some_and(opens)
        && body.chars().next_back().is_some_and(closes)
        && body.chars().filter(|&c| opens(c)).count() == 1;
    if whole {
        t.to_string()
    } else {
        format!("“{t}”")
    }
}

/// A pair's reason in words (English; quoted terms keep the statements' own script).
pub fn reason_text(r: &crate::pair::Reason) -> String {
    use crate::pair::Reason;
    let quote = |w: &[String]| {
        w.iter()
            .map(|w| format!("“{w}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match r {
        Reason::Frame {
            frame,
            summary,
            external_terms,
            internal_terms,
            note,
        } => {
            let mut s = format!(
                "{summary}: external {} vs internal {} [{frame}]",
                quote(external_terms),
                quote(internal_terms)
            );
            if !note.is_empty() {
                s.push_str(&format!(" (note: {note})"));
            }
            s
        }
        Reason::Echo {
            frame,
            summary,
            external_terms,
            internal_terms,
        } => format!(
            "echo, demoted: the internal statement says what the external one says ({summary}): external {} and internal {} [{frame}]",
            quote(external_terms),
            quote(internal_terms)
        ),
        Reason::SameConcepts { concepts } => format!(
            "same subject: {}",
            concepts
                .iter()
                .map(|c| match (c.en.is_empty(), c.zh.is_empty()) {
                    (false, false) => format!("{} / {}", c.en, c.zh),
                    (false, true) => c.en.clone(),
                    _ => c.zh.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Reason::Subject {
            same,
            related,
            missed,
            factor,
        } => {
            let name = |c: &crate::pair::SubjectConcept| {
                let n = match (c.en.is_empty(), c.zh.is_empty()) {
                    (false, false) => format!("{} / {}", c.en, c.zh),
                    (false, true) => c.en.clone(),
                    _ => c.zh.clone(),
                };
                format!("{n} ({})", c.kind)
            };
            let mut parts = Vec::new();
            if !same.is_empty() {
                parts.push(format!(
                    "same {}",
                    same.iter().map(name).collect::<Vec<_>>().join(", ")
                ));
            }
            if !related.is_empty() {
                parts.push(format!(
                    "related {}",
                    related
                        .iter()
                        .map(|(e, i)| format!("{} for {}", name(i), name(e)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if !missed.is_empty() {
                parts.push(format!(
                    "not named {}",
                    missed.iter().map(name).collect::<Vec<_>>().join(", ")
                ));
            }
            let mut s = format!("specific subject: {}", parts.join("; "));
            if *factor > 1.0 {
                s.push_str(&format!(" (score × {factor:.2})"));
            }
            s
        }
        Reason::SameWords { words } => format!("same words: {}", words.join(", ")),
        Reason::NearDuplicate => "nearly the same words in both voices: not a contrast".into(),
        Reason::NoFrame => "weak: no opposition frame fired, paired on subject only".into(),
        Reason::DefaultAudience { side } => format!(
            "the {} statement's audience is only the default (no audience rule fired)",
            side.as_str()
        ),
        Reason::ModelAudience { side } => format!(
            "the {} statement's audience is only the word model's (no audience rule fired)",
            side.as_str()
        ),
        Reason::ByStance { side, frames } => format!(
            "the {} statement is not classified with this theme: it is paired because it takes the {} stance of {}",
            side.as_str(),
            side.as_str(),
            frames.join(", ")
        ),
    }
}

/// The reasons of a pair in words.
pub fn reasons_text(p: &crate::pair::Pair) -> Vec<String> {
    p.reasons.iter().map(reason_text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_gets_marks_unless_it_is_one_quotation_already() {
        assert_eq!(quoted("Core technology."), "“Core technology.”");
        assert_eq!(
            quoted("“At present, … attention.”"),
            "“At present, … attention.”"
        );
        assert_eq!(quoted("“命门”是隐患。"), "““命门”是隐患。”");
        assert_eq!(quoted("“要抓紧。”。"), "“要抓紧。”。");
        // Two quotations side by side are not one.
        assert_eq!(quoted("“A” and “B”"), "““A” and “B””");
    }
}
