//! Terminal view of `eval-pairs`: pairing scores per theme, the contrast tables' spread, unknown ids,
//! every judged statement that missed and (when asked) each one's best candidates.

use super::new_table;
use crate::analysis::eval_pairs::{
    CandidateList, ItemResult, MissCause, Outcome, PairMetrics, Scores, TableStats, Verdict,
};
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

/// A theme's name (or `all`) in the first column: never cut inside a word, whatever the terminal's width. A
/// name longer than the longest one-word theme (`indigenization`) breaks after a dash
/// (`military-` / `civil-fusion`), so that column stays no wider than it.
fn theme_label(name: &str) -> String {
    let width = crate::model::Theme::ALL
        .iter()
        .flat_map(|t| t.as_str().split('-'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    super::break_long_words(name, width)
}

fn score_row(name: &str, s: &Scores) -> Vec<Cell> {
    vec![
        Cell::new(theme_label(name)),
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
        Cell::new(theme_label(name)),
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

/// The best acceptable partner a miss was not given, and why not: left free at a lower score (ranking),
/// taken by another statement (capacity), none sharing a frame (frames), or classification.
fn passed_over_words(r: &ItemResult) -> String {
    match (r.cause, &r.best_acceptable) {
        (Some(MissCause::RankedBelow), Some(b)) => match r.score {
            Some(s) => format!("{} scored {:.2} ≤ {s:.2}, left free", b.id, b.score),
            None => format!("{} scored {:.2}, left free", b.id, b.score),
        },
        (Some(MissCause::AcceptableTaken), Some(b)) => format!(
            "{} ({:.2}) went to {}",
            b.id,
            b.score,
            b.taken_by.as_deref().unwrap_or("another statement")
        ),
        (Some(MissCause::NoAcceptableFrame), _) => "none shares a frame with it".into(),
        (Some(MissCause::Classification), _) => "— (classification)".into(),
        _ => "—".into(),
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
    // The ratio cells may wrap at their space (the share over its count); the theme and the counts may not.
    super::keep_whole(&mut t, &[0, 1, 7], false);
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
    super::keep_whole(&mut t, &[0, 1, 4], false);
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
            "best acceptable partner not given",
        ]);
        for r in &misses {
            t.add_row(vec![
                Cell::new(&r.external),
                Cell::new(theme_label(r.theme.as_str())),
                Cell::new(r.partner.as_deref().unwrap_or("—")),
                Cell::new(outcome_words(r.outcome)),
                Cell::new(r.reachable),
                Cell::new(passed_over_words(r)),
            ]);
        }
        // Ids, themes and counts whole; the reason wraps.
        super::keep_whole(&mut t, &[0, 1, 2, 4], false);
        writeln!(
            out,
            "\n{} judged statement(s) without an acceptable partner:\n{t}",
            misses.len()
        )?;
        let count = |c: MissCause| misses.iter().filter(|r| r.cause == Some(c)).count();
        let (ranked, taken, frames, class) = (
            count(MissCause::RankedBelow),
            count(MissCause::AcceptableTaken),
            count(MissCause::NoAcceptableFrame),
            count(MissCause::Classification),
        );
        if ranked + taken + frames + class > 0 {
            writeln!(
                out,
                "Misses by cause: {ranked} ranking (an acceptable partner sharing a frame was left free at a\n\
                 score no higher), {taken} capacity (every such partner went to another statement), {frames}\n\
                 frames (no acceptable partner shares a frame with it), {class} classification."
            )?;
        }
    }
    if !m.candidates.is_empty() {
        candidate_lists(out, &m.candidates)?;
    }
    Ok(())
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Acceptable => "acceptable",
        Verdict::Related => "related",
        Verdict::Rejected => "not a contrast",
        Verdict::Unjudged => "unjudged",
    }
}

/// `eval-pairs --dump-candidates`: each judged statement's best candidates with the parts of their scores.
fn candidate_lists<W: Write>(out: &mut W, lists: &[CandidateList]) -> crate::Result<()> {
    writeln!(
        out,
        "\nBest candidates of each judged statement (a frame fires on each; score = ({:.1} × opposition +\n\
         {:.1} × subject) × focus × same specific subject (up to {:.2}), opposition already × echo):",
        crate::pair::OPPOSITION_WEIGHT,
        1.0 - crate::pair::OPPOSITION_WEIGHT,
        1.0 + crate::pair::SUBJECT_BONUS
    )?;
    for l in lists {
        let first = l
            .first_acceptable
            .map_or_else(|| "none".to_string(), |k| k.to_string());
        writeln!(
            out,
            "\n{} ({}): {}, partner {}; {} framed candidate(s), first acceptable at {first}",
            l.external,
            l.theme.as_str(),
            outcome_words(l.outcome),
            l.partner.as_deref().unwrap_or("—"),
            l.framed,
        )?;
        if l.candidates.is_empty() {
            continue;
        }
        let mut t = new_table(&[
            "candidate",
            "score",
            "opp",
            "subj",
            "focus",
            "echo",
            "same subj",
            "frames",
            "verdict",
            "taken by",
        ]);
        for c in &l.candidates {
            let p = &c.scored.parts;
            t.add_row(vec![
                Cell::new(&c.id),
                Cell::new(format!("{:.3}", c.scored.score)),
                Cell::new(format!("{:.3}", p.opposition)),
                Cell::new(format!("{:.3}", p.subject)),
                Cell::new(format!("{:.3}", p.focus)),
                Cell::new(format!("{:.2}", p.echo)),
                Cell::new(format!("{:.2}", p.specific)),
                Cell::new(c.scored.frames.join(", ")),
                Cell::new(verdict_words(c.verdict)),
                Cell::new(c.taken_by.as_deref().unwrap_or("")),
            ]);
        }
        super::keep_whole(&mut t, &[0, 1, 2, 3, 4, 5, 6], false);
        writeln!(out, "{t}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::eval_pairs::measure;
    use crate::analysis::eval_pairs::test_data::{index_of, judged, pair, seen, tables};
    use crate::model::{Audience, Lang, Theme};

    /// Three judged statements: one right, one with a related partner, one whose id is not indexed.
    #[test]
    fn table_of_a_small_measurement() {
        use Audience::{External as Ext, Internal as Int};
        use Lang::{En, Zh};
        let gold = vec![
            judged("e1", Theme::Security, &["i1"], &[]),
            judged("e2", Theme::Security, &["i1"], &["i2"]),
            judged("ghost", Theme::Security, &["i1"], &[]),
        ];
        let pairs = tables(vec![(
            Theme::Security,
            vec![pair("e1", En, "i1", Zh), pair("e2", En, "i2", En)],
        )]);
        let index = index_of(vec![
            ("e1", seen(En, Ext, &[Theme::Security])),
            ("e2", seen(En, Ext, &[Theme::Security])),
            ("i1", seen(Zh, Int, &[Theme::Security])),
            ("i2", seen(En, Int, &[Theme::Security])),
        ]);
        let mut out = Vec::new();
        eval_pairs(&mut out, &measure(&gold, &pairs, &index)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("0.500 1/2"), "{text}");
        insta::assert_snapshot!(text);
    }
}
