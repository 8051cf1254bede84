//! Text view of an explanation: the statement with the matched words highlighted, the decision, the rules
//! that fired and the rules that came close.

use crate::analysis::explain::Explanation;
use crate::model::{Evidence, Field};
use crate::pair::Candidacy;
use crate::rules::word_model::Contribution;
use std::io::Write;

/// How matched words are marked in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlight {
    /// ANSI bold yellow, for terminals.
    Ansi,
    /// `[brackets]`, for files, pipes and tests.
    Brackets,
}

impl Highlight {
    fn open(self) -> &'static str {
        match self {
            Highlight::Ansi => "\x1b[1;33m",
            Highlight::Brackets => "[",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Highlight::Ansi => "\x1b[0m",
            Highlight::Brackets => "]",
        }
    }
}

/// Marks the byte spans `[start, end)` of `text` (merged where they overlap; spans that do not fall on
/// character boundaries are skipped rather than split a character).
pub fn highlight(text: &str, spans: &[(usize, usize)], style: Highlight) -> String {
    let mut spans: Vec<(usize, usize)> = spans
        .iter()
        .copied()
        .filter(|(s, e)| {
            s < e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = String::with_capacity(text.len() + merged.len() * 4);
    let mut at = 0;
    for (s, e) in merged {
        out.push_str(&text[at..s]);
        out.push_str(style.open());
        out.push_str(&text[s..e]);
        out.push_str(style.close());
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// A word model's top features as `feature ±weight (a/b)`, where a/b are the training statements that
/// carry it on each side (external/internal, or with/without the theme).
fn contribution_words(contributions: &[Contribution]) -> Vec<String> {
    contributions
        .iter()
        .map(|c| {
            format!(
                "{} {} ({}/{})",
                c.feature,
                signed(c.weight),
                c.counts[0],
                c.counts[1]
            )
        })
        .collect()
}

fn num(x: f32) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn signed(x: f32) -> String {
    if x >= 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

fn evidence_line(e: &Evidence) -> String {
    let how = match e.kind {
        crate::model::MatchKind::Phrase => match &e.list {
            Some(list) => format!("phrase `{}` of list `@{list}`", e.term),
            None => format!("phrase `{}`", e.term),
        },
        crate::model::MatchKind::Regex => format!("regex `{}`", e.term),
        crate::model::MatchKind::Fuzzy => {
            format!("fuzzy `{}`, score {:.3}", e.term, e.score.unwrap_or(0.0))
        }
    };
    format!("{}: \"{}\" ({how})", e.field, e.matched)
}

/// Writes the explanation as text; matched words of the rules that fired are highlighted in the statement.
/// Lines wider than the terminal wrap, hanging under their content.
pub fn explanation<W: Write>(out: &mut W, x: &Explanation, style: Highlight) -> crate::Result<()> {
    let mut text = Vec::new();
    explanation_lines(&mut text, x, style)?;
    let text = String::from_utf8_lossy(&text);
    let width = crate::render::table::line_width();
    write!(out, "{}", crate::render::table::wrap_hanging(&text, width))?;
    Ok(())
}

fn explanation_lines<W: Write>(
    out: &mut W,
    x: &Explanation,
    style: Highlight,
) -> crate::Result<()> {
    let s = &x.statement;
    writeln!(out, "Statement {} ({})", s.id, s.lang.as_str())?;
    for field in Field::ALL {
        let value = field.of(s);
        if value.is_empty() {
            continue;
        }
        let spans: Vec<(usize, usize)> = x
            .fired
            .iter()
            .flat_map(|f| f.evidence.iter())
            .filter(|e| e.field == field)
            .map(|e| e.span)
            .collect();
        writeln!(
            out,
            "  {:<8} {}",
            format!("{field}:"),
            highlight(value, &spans, style)
        )?;
    }
    writeln!(out)?;
    let a = &x.audience;
    let basis = match a.basis {
        crate::model::Basis::Rules => "by the rules",
        crate::model::Basis::Default => "by default",
        crate::model::Basis::Model => "by the word model",
    };
    writeln!(out, "Audience: {} ({basis}): {}", a.audience, a.reason)?;
    for t in &a.levels {
        let outcome = match t.outcome {
            crate::analysis::explain::LevelOutcome::Decided => "decided",
            crate::analysis::explain::LevelOutcome::Concurs => "concurs",
            crate::analysis::explain::LevelOutcome::Outranked => "outranked",
            crate::analysis::explain::LevelOutcome::NoLead => "no lead",
        };
        let votes: Vec<String> = t
            .votes
            .iter()
            .map(|(r, aud, w)| format!("{r} {aud} {}", signed(*w)))
            .collect();
        writeln!(
            out,
            "  {:<9} external {:>4}  internal {:>4}  {:<9}  ({})",
            t.level.as_str(),
            num(t.external),
            num(t.internal),
            outcome,
            votes.join(", ")
        )?;
    }
    if let Some(m) = &a.model {
        let words = contribution_words(&m.contributions);
        writeln!(
            out,
            "  {:<9} score {}, margin {}, {}",
            "model",
            signed(m.score),
            num(m.margin),
            match m.audience {
                Some(aud) => format!("decided {aud}"),
                None => "within the margin".to_string(),
            }
        )?;
        if !words.is_empty() {
            writeln!(
                out,
                "            top words (weight, external/internal training statements): {}",
                words.join(", ")
            )?;
        }
    }
    if x.themes.is_empty() {
        writeln!(out, "Themes: none (no theme rule fired)")?;
    } else {
        let assigned: Vec<&str> = x.assigned_themes.iter().map(|t| t.as_str()).collect();
        writeln!(
            out,
            "Themes: {} (a theme needs a sum of at least {})",
            if assigned.is_empty() {
                "none".to_string()
            } else {
                assigned.join(", ")
            },
            num(x.themes[0].threshold)
        )?;
        for t in &x.themes {
            let votes: Vec<String> = t
                .votes
                .iter()
                .map(|(r, w)| format!("{r} {}", signed(*w)))
                .collect();
            let reached = t.score >= t.threshold - 1e-6;
            writeln!(
                out,
                "  {:<22} {:>5} {} {}  {}  ({})",
                t.theme.as_str(),
                num(t.score),
                if reached { ">=" } else { "< " },
                num(t.threshold),
                match (&t.model, t.assigned) {
                    (Some(_), true) => "assigned by the word model",
                    (Some(_), false) => "taken away by the word model",
                    (None, true) => "assigned",
                    (None, false) => "not assigned",
                },
                votes.join(", ")
            )?;
            if let Some(m) = &t.model {
                let words = contribution_words(&m.reading.contributions);
                writeln!(
                    out,
                    "  {:<22} word model score {}, margin {}{}; top words (weight, training statements with/without the theme): {}",
                    "",
                    signed(m.reading.score),
                    if m.change == crate::model::ModelMove::Added { "" } else { "−" },
                    num(m.margin),
                    words.join(", ")
                )?;
            }
        }
    }
    if !x.stack.is_empty() {
        writeln!(
            out,
            "Stacked theme model (rules/theme-stack.toml; --no-stack for the rules alone): probability per theme, bias, top features (value x weight)"
        )?;
        for r in &x.stack {
            let e = &r.reading;
            let features: Vec<String> = e
                .contributions
                .iter()
                .map(|c| format!("{} {}", c.feature, signed(c.value * c.weight)))
                .collect();
            writeln!(
                out,
                "  {:<22} p {:.2} {:<13} bias {}; {}",
                e.theme.as_str(),
                e.probability,
                match r.change {
                    Some(crate::model::ModelMove::Added) => "added",
                    Some(crate::model::ModelMove::Removed) => "taken away",
                    None => "no change",
                },
                signed(e.bias),
                features.join(", ")
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Rules that fired ({}):", x.fired.len())?;
    if x.fired.is_empty() {
        writeln!(out, "  none")?;
    }
    for f in &x.fired {
        writeln!(out, "  {:>4}  {} -> {}", signed(f.weight), f.rule, f.label)?;
        writeln!(out, "        {}", f.summary)?;
        for e in &f.evidence {
            writeln!(out, "        {}", evidence_line(e))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Frame stances ({}):", x.stances.len())?;
    if x.stances.is_empty() {
        writeln!(out, "  none")?;
    }
    for h in &x.stances {
        writeln!(
            out,
            "  {} side of {}: {}{}",
            h.side.as_str(),
            h.frame,
            h.terms.join(", "),
            if h.charge {
                " (charge only: the words of the charge the outward voice answers, not its position)"
            } else {
                ""
            }
        )?;
    }
    if !x.echoes.is_empty() {
        writeln!(
            out,
            "  echo: an internal statement taking the external stance of {}; against an external statement that takes it too, it says the same thing and the pair is demoted",
            x.echoes.join(", ")
        )?;
    }
    writeln!(out)?;
    let pairing: Vec<String> = x
        .pairing
        .iter()
        .map(|p| match &p.candidacy {
            Candidacy::Classified => format!("{} (classified)", p.theme),
            Candidacy::Stance { frames } => {
                format!("{} (by its stance: {})", p.theme, frames.join(", "))
            }
        })
        .collect();
    writeln!(
        out,
        "Paired under ({}): {}",
        pairing.len(),
        if pairing.is_empty() {
            "none".to_string()
        } else {
            pairing.join("; ")
        }
    )?;
    writeln!(out)?;
    let concepts: Vec<String> = x
        .concepts
        .iter()
        .map(|c| format!("{} ({})", c.concept, c.terms.join(", ")))
        .collect();
    writeln!(
        out,
        "Concepts ({}): {}",
        concepts.len(),
        if concepts.is_empty() {
            "none".to_string()
        } else {
            concepts.join("; ")
        }
    )?;
    writeln!(out)?;
    writeln!(out, "Rules that came close ({}):", x.near_misses.len())?;
    if x.near_misses.is_empty() {
        writeln!(out, "  none")?;
    }
    for n in &x.near_misses {
        writeln!(out, "  {:>4}  {} -> {}", signed(n.weight), n.rule, n.label)?;
        for e in &n.matched {
            writeln!(out, "        matched {}", evidence_line(e))?;
        }
        writeln!(out, "        not fired: {}", n.reason)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_overlaps_and_respects_char_boundaries() {
        assert_eq!(
            highlight(
                "cyber power now",
                &[(0, 5), (0, 11), (12, 15)],
                Highlight::Brackets
            ),
            "[cyber power] [now]"
        );
        assert_eq!(
            highlight("网络强国", &[(0, 6), (1, 3)], Highlight::Brackets),
            "[网络]强国"
        );
        assert_eq!(
            highlight("ab", &[(0, 1)], Highlight::Ansi),
            "\x1b[1;33ma\x1b[0mb"
        );
    }
}
