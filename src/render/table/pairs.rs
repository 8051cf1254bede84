//! Terminal view of `eval-pairs`: pairing scores per theme, the contrast tables' spread, unknown ids, and
//! every judged statement that missed.

use super::new_table;
use crate::analysis::eval_pairs::{Outcome, PairMetrics, Scores, TableStats};
use comfy_table::Cell;
use std::io::Write;

/// `0.xxx n/d`, or `— n/0` when there is nothing to divide by.
fn frac(n: usize, d: usize) -> String {
    if d == 0 {
        format!("— {n}/{d}")
    } else {
        format!("{:.3} {n}/{d}", n as f64 / d as f64)
    }
}

fn score_row(name: &str, s: &Scores) -> Vec<Cell> {
    vec![
        Cell::new(name),
        Cell::new(s.judged),
        Cell::new(frac(s.acceptable, s.partnered)),
        Cell::new(frac(s.acceptable, s.judged)),
        Cell::new(frac(s.partnered, s.judged)),
        Cell::new(frac(s.distinct_partners, s.partnered)),
        Cell::new(frac(s.cross_lingual, s.partnered)),
        Cell::new(s.en_external_zh_internal),
    ]
}

fn table_row(name: &str, t: &TableStats) -> Vec<Cell> {
    vec![
        Cell::new(name),
        Cell::new(t.pairs),
        Cell::new(frac(t.distinct_partners, t.pairs)),
        Cell::new(frac(t.cross_lingual, t.pairs)),
        Cell::new(t.en_external_zh_internal),
    ]
}

/// Why a judged statement has no partner, or how its partner was judged.
fn outcome_words(o: Outcome) -> &'static str {
    match o {
        Outcome::Acceptable => "acceptable",
        Outcome::Related => "related, not opposed",
        Outcome::Wrong => "not judged a contrast",
        Outcome::Unjudged => {
            "never a candidate for the judge (gold label not internal of this theme)"
        }
        Outcome::NotInIndex => "not in the index",
        Outcome::ClassifiedInternal => "the index classifies it internal",
        Outcome::NotInTheme => "the index does not give it this theme",
        Outcome::ThemeOneSided => "the theme has statements on one side only",
        Outcome::Unpaired => "no pair in the contrast table",
    }
}

/// The `eval-pairs` report.
pub fn eval_pairs<W: Write>(out: &mut W, m: &PairMetrics) -> crate::Result<()> {
    let mut t = new_table(&[
        "theme",
        "judged",
        "P@1",
        "P@1 all",
        "coverage",
        "distinct",
        "cross-lingual",
        "EN→ZH",
    ]);
    for th in &m.themes {
        t.add_row(score_row(th.theme.as_str(), &th.judged));
    }
    t.add_row(score_row("all", &m.overall));
    writeln!(
        out,
        "Judged external statements and the partner contrast chose for each:\n{t}"
    )?;
    let o = &m.overall;
    writeln!(
        out,
        "P@1: share of partnered statements whose partner is acceptable; P@1 all: the same over all judged\n\
         (no partner = miss). Distinct partners are counted per theme and summed. {} partner(s) judged\n\
         related but not opposed count as misses. {} of {} judged statement(s) are indexed as external in\n\
         their theme with an acceptable partner indexed as internal in it: the most P@1 all can reach.",
        o.related, o.reachable, o.judged
    )?;
    if o.unjudged > 0 {
        writeln!(
            out,
            "{} partner(s) were never candidates for the judge (their gold label is not internal of the theme):\n\
             counted as misses, though nobody judged them.",
            o.unjudged
        )?;
    }
    if o.weak > 0 {
        writeln!(
            out,
            "{} partner(s) come from weak pairs (subject alone, no opposition frame fired: --show-weak).",
            o.weak
        )?;
    }
    let mut t = new_table(&[
        "theme",
        "pairs",
        "distinct partners",
        "cross-lingual",
        "EN→ZH",
    ]);
    for th in &m.themes {
        t.add_row(table_row(th.theme.as_str(), &th.table));
    }
    t.add_row(table_row("all", &m.overall_table));
    writeln!(out, "\nEvery pair of each theme's contrast table:\n{t}")?;
    if !m.unknown_ids.is_empty() {
        let mut t = new_table(&["id", "judged as"]);
        for u in &m.unknown_ids {
            let mut roles = Vec::new();
            if u.external {
                roles.push("external statement".to_string());
            }
            if !u.partner_of.is_empty() {
                roles.push(format!("partner of {}", u.partner_of.join(", ")));
            }
            t.add_row(vec![Cell::new(&u.id), Cell::new(roles.join("; "))]);
        }
        writeln!(
            out,
            "\n{} judged id(s) not found in the index:\n{t}",
            m.unknown_ids.len()
        )?;
    }
    let misses: Vec<_> = m
        .items
        .iter()
        .filter(|r| r.outcome != Outcome::Acceptable)
        .collect();
    if !misses.is_empty() {
        let mut t = new_table(&[
            "external",
            "theme",
            "partner",
            "why a miss",
            "acceptable in index",
        ]);
        for r in &misses {
            t.add_row(vec![
                Cell::new(&r.external),
                Cell::new(r.theme),
                Cell::new(r.partner.as_deref().unwrap_or("—")),
                Cell::new(outcome_words(r.outcome)),
                Cell::new(r.reachable),
            ]);
        }
        writeln!(
            out,
            "\n{} judged statement(s) without an acceptable partner:\n{t}",
            misses.len()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::eval_pairs::{measure, ChosenPair, Judged, Seen, ThemePairs};
    use crate::model::{Audience, Lang, Theme};
    use std::collections::{BTreeMap, HashMap};

    /// Three judged statements: one right, one with a related partner, one whose id is not indexed.
    #[test]
    fn table_of_a_small_measurement() {
        let judged = |e: &str, acceptable: &[&str], related: &[&str]| Judged {
            external: e.into(),
            theme: Theme::Security,
            acceptable: acceptable.iter().map(|s| s.to_string()).collect(),
            related: related.iter().map(|s| s.to_string()).collect(),
            note: String::new(),
        };
        let gold = vec![
            judged("e1", &["i1"], &[]),
            judged("e2", &["i1"], &["i2"]),
            judged("ghost", &["i1"], &[]),
        ];
        let pair = |e: &str, i: &str, il: Lang| ChosenPair {
            external: e.into(),
            external_lang: Lang::En,
            internal: i.into(),
            internal_lang: il,
            weak: false,
        };
        let mut pairs = BTreeMap::new();
        pairs.insert(
            Theme::Security,
            ThemePairs {
                pairs: vec![pair("e1", "i1", Lang::Zh), pair("e2", "i2", Lang::En)],
                missing: None,
            },
        );
        let seen = |lang, audience| Seen {
            lang,
            audience,
            themes: vec![Theme::Security],
            gold: Some((audience, vec![Theme::Security])),
        };
        let index: HashMap<String, Seen> = [
            ("e1", seen(Lang::En, Audience::External)),
            ("e2", seen(Lang::En, Audience::External)),
            ("i1", seen(Lang::Zh, Audience::Internal)),
            ("i2", seen(Lang::En, Audience::Internal)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let mut out = Vec::new();
        eval_pairs(&mut out, &measure(&gold, &pairs, &index)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("0.500 1/2"), "{text}");
        insta::assert_snapshot!(text);
    }
}
