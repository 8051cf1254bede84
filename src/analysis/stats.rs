//! Statement counts per audience × theme, overall and per year, speaker, venue or theme, with the share
//! of each voice's statements that carry each theme.

use crate::index::scan::{Scan, ScanRow};
use crate::model::{Audience, Theme};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the rows of a statistics table are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// One row per theme (and one for statements with none): the audience × theme table.
    Theme,
    /// One row per year (undated statements last).
    Year,
    /// One row per speaker, most statements first.
    Speaker,
    /// One row per venue, most statements first.
    Venue,
}

/// One voice's statements in a row.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VoiceCounts {
    /// Statements of this voice in the row.
    pub statements: u64,
    /// Of these, how many carry each theme.
    pub themes: BTreeMap<Theme, u64>,
    /// Of these, how many carry no theme.
    pub no_theme: u64,
    /// `themes[t] / statements` for each theme (0 when the row has no statement of this voice).
    pub share: BTreeMap<Theme, f64>,
}

/// One row: a year, speaker, venue or theme, and both voices' counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsRow {
    /// The year, speaker, venue or theme (`(undated)`, `(none)` or `(no theme)` for statements without).
    pub key: String,
    /// The external voice.
    pub external: VoiceCounts,
    /// The internal voice.
    pub internal: VoiceCounts,
}

impl StatsRow {
    /// The counts of one voice.
    pub fn voice(&self, a: Audience) -> &VoiceCounts {
        match a {
            Audience::External => &self.external,
            Audience::Internal => &self.internal,
        }
    }

    /// Statements of both voices.
    pub fn statements(&self) -> u64 {
        self.external.statements + self.internal.statements
    }
}

/// Statement counts by audience and theme, in rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// What the rows are.
    pub by: By,
    /// Every statement.
    pub total: StatsRow,
    /// The rows.
    pub rows: Vec<StatsRow>,
}

#[derive(Clone, Copy, Default)]
struct Acc {
    statements: u64,
    themes: [u64; 5],
    none: u64,
}

impl Acc {
    fn add(&mut self, themes: u8) {
        self.statements += 1;
        if themes == 0 {
            self.none += 1;
        }
        for (i, c) in self.themes.iter_mut().enumerate() {
            *c += u64::from(themes >> i & 1);
        }
    }

    fn finish(&self) -> VoiceCounts {
        let share = |c: u64| {
            if self.statements == 0 {
                0.0
            } else {
                c as f64 / self.statements as f64
            }
        };
        VoiceCounts {
            statements: self.statements,
            themes: Theme::ALL
                .iter()
                .map(|t| (*t, self.themes[t.index()]))
                .collect(),
            no_theme: self.none,
            share: Theme::ALL
                .iter()
                .map(|t| (*t, share(self.themes[t.index()])))
                .collect(),
        }
    }
}

fn row(key: String, acc: &[Acc; 2]) -> StatsRow {
    StatsRow {
        key,
        external: acc[Audience::External as usize].finish(),
        internal: acc[Audience::Internal as usize].finish(),
    }
}

/// Counts the scanned statements into rows.
pub fn stats(scan: &Scan, by: By) -> Stats {
    let mut total = [Acc::default(); 2];
    // Row slots: themes 0..5 and 5 for none; years by value; groups by id (u32::MAX for none).
    let mut slots: BTreeMap<u32, [Acc; 2]> = BTreeMap::new();
    let key_of = |r: &ScanRow| -> u32 {
        match by {
            By::Year => r.year.map_or(u32::MAX, u32::from),
            By::Speaker | By::Venue => r.group.unwrap_or(u32::MAX),
            By::Theme => 0,
        }
    };
    for r in &scan.rows {
        let a = r.audience as usize;
        total[a].add(r.themes);
        if by == By::Theme {
            if r.themes == 0 {
                slots.entry(5).or_default()[a].add(0);
            }
            for t in Theme::ALL {
                if r.themes >> t.index() & 1 == 1 {
                    slots.entry(t.index() as u32).or_default()[a].add(r.themes);
                }
            }
        } else {
            slots.entry(key_of(r)).or_default()[a].add(r.themes);
        }
    }
    let mut rows: Vec<StatsRow> = slots
        .iter()
        .map(|(k, acc)| {
            let key = match by {
                By::Theme => Theme::ALL
                    .get(*k as usize)
                    .map_or("(no theme)".to_string(), |t| t.as_str().to_string()),
                By::Year if *k == u32::MAX => "(undated)".to_string(),
                By::Year => k.to_string(),
                _ if *k == u32::MAX => "(none)".to_string(),
                _ => scan
                    .groups
                    .get(*k as usize)
                    .cloned()
                    .unwrap_or_else(|| format!("#{k}")),
            };
            row(key, acc)
        })
        .collect();
    if matches!(by, By::Speaker | By::Venue) {
        // Most statements first; the row of statements without a speaker or venue last.
        rows.sort_by(|x, y| {
            (x.key == "(none)")
                .cmp(&(y.key == "(none)"))
                .then(y.statements().cmp(&x.statements()))
                .then(x.key.cmp(&y.key))
        });
    }
    Stats {
        by,
        total: row("all".to_string(), &total),
        rows,
    }
}

/// The statistics of an index: one column scan, then counting.
pub fn from_index(index: &crate::index::StatementIndex, by: By) -> crate::Result<Stats> {
    use crate::index::scan::GroupField;
    let group = match by {
        By::Speaker => Some(GroupField::Speaker),
        By::Venue => Some(GroupField::Venue),
        By::Theme | By::Year => None,
    };
    Ok(stats(&index.scan(group)?, by))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn r(a: Audience, themes: &[Theme], year: Option<u16>, group: Option<u32>) -> ScanRow {
        ScanRow {
            audience: a,
            themes: themes.iter().fold(0, |m, t| m | 1 << t.index()),
            lang: Lang::En,
            year,
            group,
        }
    }

    fn corpus() -> Scan {
        use Audience::*;
        use Theme::*;
        Scan {
            rows: vec![
                r(Internal, &[Ambition], Some(2016), Some(0)),
                r(Internal, &[Ambition, Security], Some(2016), Some(0)),
                r(Internal, &[], Some(2017), None),
                r(External, &[Security], Some(2016), Some(1)),
                r(External, &[], Some(2016), Some(1)),
                r(External, &[Security], None, Some(1)),
            ],
            groups: vec!["Xi Jinping".into(), "Hua Chunying".into()],
        }
    }

    #[test]
    fn audience_by_theme() {
        let s = stats(&corpus(), By::Theme);
        assert_eq!(s.total.external.statements, 3);
        assert_eq!(s.total.internal.statements, 3);
        let keys: Vec<&str> = s.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["ambition", "security", "(no theme)"]);
        assert_eq!(s.rows[0].internal.statements, 2);
        assert_eq!(s.rows[0].external.statements, 0);
        assert_eq!(s.rows[1].external.statements, 2);
        assert_eq!(s.rows[1].internal.statements, 1);
        assert_eq!(s.rows[2].external.statements, 1);
        assert!((s.total.internal.share[&Theme::Ambition] - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn shares_per_year_and_undated_last() {
        let s = stats(&corpus(), By::Year);
        let keys: Vec<&str> = s.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["2016", "2017", "(undated)"]);
        let y16 = &s.rows[0];
        assert_eq!(y16.internal.themes[&Theme::Ambition], 2);
        assert!((y16.internal.share[&Theme::Security] - 0.5).abs() < 1e-12);
        assert!((y16.external.share[&Theme::Security] - 0.5).abs() < 1e-12);
        assert_eq!(y16.external.no_theme, 1);
        assert_eq!(s.rows[1].internal.share[&Theme::Ambition], 0.0);
    }

    #[test]
    fn speakers_most_statements_first_none_last() {
        let s = stats(&corpus(), By::Speaker);
        let keys: Vec<&str> = s.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["Hua Chunying", "Xi Jinping", "(none)"]);
        assert_eq!(s.rows[0].external.statements, 3);
    }
}
