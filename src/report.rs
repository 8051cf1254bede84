//! Builds a "two voices" report from contrasted themes: sections of attributed quotes, side-by-side
//! pairs, and numbered endnotes with sources, as plain data for the Markdown and HTML renderers.

use crate::model::{Audience, Indexed, Theme};
use crate::pair::ThemeContrast;
use serde::Serialize;
use std::collections::HashMap;

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Report title.
    pub title: String,
    /// One section per theme.
    pub sections: Vec<Section>,
    /// Every source, numbered in order of first citation.
    pub endnotes: Vec<Endnote>,
}

/// The quotes and pairs of one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The theme.
    pub theme: Theme,
    /// Section heading.
    pub heading: String,
    /// External quotes first, then internal ones.
    pub quotes: Vec<Quote>,
    /// The pairs, best first: external beside internal.
    pub rows: Vec<Row>,
}

/// A quoted statement with its attribution and endnote number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// Statement id.
    pub id: String,
    /// Which voice.
    pub audience: Audience,
    /// The words, verbatim.
    pub text: String,
    /// Who, in what role, where, when.
    pub attribution: String,
    /// Endnote number.
    pub note: usize,
}

/// One pair, side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The external quote.
    pub external: Quote,
    /// The internal quote.
    pub internal: Quote,
    /// Pair score in `[0, 1]`.
    pub score: f32,
    /// Why they are paired.
    pub reasons: Vec<crate::pair::Reason>,
}

/// A numbered source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endnote {
    /// Its number.
    pub number: usize,
    /// Speaker, venue and date; `Ibid.` when the same as the note before.
    pub text: String,
    /// The statement's source (URL or citation), when it has one.
    pub source: Option<String>,
}

/// The heading of a theme's section.
pub fn heading(theme: Theme) -> &'static str {
    match theme {
        Theme::Ambition => "AMBITION: A “CYBER GREAT POWER”",
        Theme::Indigenization => {
            "INDIGENIZATION: OPEN MARKETS OUTSIDE, DEPENDENCE AS A “HIDDEN DANGER” INSIDE"
        }
        Theme::Security => "CYBER AND NETWORK SECURITY",
        Theme::Standards => "STANDARD-SETTING: COOPERATION OUTSIDE, “DISCOURSE POWER” INSIDE",
        Theme::MilitaryCivilFusion => "MILITARY-CIVIL FUSION",
    }
}

/// A `YYYY[-MM[-DD]]` date in words (`July 15, 2020`, `July 2020`, `2020`); other text as given.
pub fn human_date(date: &str) -> String {
    let parts: Vec<&str> = date.trim().split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| crate::date::MONTHS[m - 1])
    };
    match parts.as_slice() {
        [y, m, d] => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{m} {d}, {y}"),
            _ => date.to_string(),
        },
        [y, m] => month(m).map_or(date.to_string(), |m| format!("{m} {y}")),
        _ => date.trim().to_string(),
    }
}

/// Who said it, in what role, where and when: `Foreign Ministry Spokesperson Hua Chunying, Regular press conference, July 15, 2020`.
pub fn attribution(rec: &Indexed) -> String {
    let s = &rec.statement;
    let who = match (s.role.trim(), s.speaker.trim()) {
        ("", "") => String::new(),
        (r, "") => r.to_string(),
        ("", p) => p.to_string(),
        (r, p) if r.contains(p) => r.to_string(),
        (r, p) => format!("{r} {p}"),
    };
    let parts: Vec<String> = [who, s.venue.trim().to_string(), human_date(&s.date)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        "Unattributed".to_string()
    } else {
        parts.join(", ")
    }
}

fn endnote_text(rec: &Indexed) -> String {
    let s = &rec.statement;
    let parts: Vec<String> = [
        s.speaker.trim().to_string(),
        s.venue.trim().to_string(),
        human_date(&s.date),
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect();
    if parts.is_empty() {
        format!("Statement {}", s.id)
    } else {
        parts.join(", ")
    }
}

impl Report {
    /// The report of some contrasted themes, in their order.
    pub fn build(contrasts: &[ThemeContrast]) -> Report {
        let mut notes: HashMap<String, usize> = HashMap::new();
        let mut endnotes: Vec<Endnote> = Vec::new();
        let mut cite = |rec: &Indexed| -> usize {
            if let Some(n) = notes.get(&rec.statement.id) {
                return *n;
            }
            let number = endnotes.len() + 1;
            let text = endnote_text(rec);
            let source = Some(rec.statement.source.trim().to_string()).filter(|s| !s.is_empty());
            let ibid = endnotes
                .last()
                .is_some_and(|p| p.text == text && p.source == source);
            endnotes.push(Endnote {
                number,
                text: if ibid { "Ibid.".into() } else { text },
                source: if ibid { None } else { source },
            });
            notes.insert(rec.statement.id.clone(), number);
            number
        };
        let mut sections = Vec::new();
        for c in contrasts {
            let mut quotes: Vec<Quote> = Vec::new();
            let mut rows = Vec::new();
            // External quotes in pair order, then internal ones; numbered in reading order.
            let mut order: Vec<&Indexed> = Vec::new();
            for audience in Audience::ALL {
                for p in &c.pairs {
                    let rec = if audience == Audience::External {
                        &p.external
                    } else {
                        &p.internal
                    };
                    if !order.iter().any(|r| r.statement.id == rec.statement.id) {
                        order.push(rec);
                    }
                }
            }
            let mut quote_of = HashMap::new();
            for rec in order {
                let q = Quote {
                    id: rec.statement.id.clone(),
                    audience: rec.audience,
                    text: rec.statement.text.clone(),
                    attribution: attribution(rec),
                    note: cite(rec),
                };
                quote_of.insert(rec.statement.id.clone(), q.clone());
                quotes.push(q);
            }
            for p in &c.pairs {
                if let (Some(e), Some(i)) = (
                    quote_of.get(&p.external.statement.id),
                    quote_of.get(&p.internal.statement.id),
                ) {
                    rows.push(Row {
                        external: e.clone(),
                        internal: i.clone(),
                        score: p.score,
                        reasons: p.reasons.clone(),
                    });
                }
            }
            sections.push(Section {
                theme: c.theme,
                heading: heading(c.theme).to_string(),
                quotes,
                rows,
            });
        }
        Report {
            title: "Two voices: what is said abroad and what is said at home".into(),
            sections,
            endnotes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        assert_eq!(human_date("2020-07-15"), "July 15, 2020");
        assert_eq!(human_date("2011-12"), "December 2011");
        assert_eq!(human_date("2010"), "2010");
        assert_eq!(human_date("2020-13"), "2020-13");
    }
}
