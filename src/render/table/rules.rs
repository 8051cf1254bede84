//! Text views of the `rules` reports: check, test, list, show, audit, suggest and diff.

use crate::analysis::audit::{Audit, Uncovered};
use crate::analysis::cross_validate::{CrossValidation, Tally};
use crate::analysis::diff::{RuleDiff, Verdict};
use crate::analysis::ruletest::RuleTestReport;
use crate::render::table::{
    line_width, new_table, table_keeping_words, table_keeping_words_within, wrap_hanging, wrap_text,
};
use crate::rules::doc::{ListDoc, RuleDoc};
use crate::rules::RuleSet;
use comfy_table::{Cell, CellAlignment};
use std::io::Write;

fn num(x: f32) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn right<T: ToString>(x: T) -> Cell {
    Cell::new(x.to_string()).set_alignment(CellAlignment::Right)
}

/// The message of a clean `rules check`.
pub fn check_ok<W: Write>(out: &mut W, set: &RuleSet) -> crate::Result<()> {
    let files: Vec<String> = set
        .files
        .iter()
        .map(|f| f.path.display().to_string())
        .collect();
    let examples: usize = set
        .rules
        .iter()
        .map(|r| r.must_match.len() + r.must_not_match.len())
        .sum();
    let list_examples: usize = set
        .lists
        .iter()
        .map(|l| l.must_match.len() + l.must_not_match.len())
        .sum();
    let lists = match set.lists.len() {
        0 => String::new(),
        n => format!(", {n} term lists ({list_examples} examples)"),
    };
    let message = format!(
        "ok: {} rules, {examples} examples{lists}, no problems in {}",
        set.rules.len(),
        files.join(", ")
    );
    writeln!(out, "{}", wrap_text(&message, line_width(), 4))?;
    Ok(())
}

/// One line per rule, the failing examples under a failing rule, and the closing `N passed, M failed`.
pub fn test_report<W: Write>(out: &mut W, r: &RuleTestReport) -> crate::Result<()> {
    let details: Vec<(String, String)> = r
        .rules
        .iter()
        .map(|x| {
            let ok_examples = x.examples - x.failed_examples.len();
            let gold = match x.gold.precision {
                Some(p) => format!(
                    "gold: fired {}, precision {p:.2} ({} right, {} wrong)",
                    x.gold.fired, x.gold.tp, x.gold.fp
                ),
                None => "gold: never fired".to_string(),
            };
            let gold = if x.rule.starts_with('@') {
                "term list: its examples only".to_string()
            } else if x.judged_on_gold || x.gold.precision.is_none() {
                gold
            } else {
                format!("{gold}, not judged: supporting rule")
            };
            (format!("examples {ok_examples}/{}", x.examples), gold)
        })
        .collect();
    // Ids are padded to one column, as wide as keeps the most rules on one line in the terminal; a rule
    // that does not fit puts its gold figures on a second line, under its examples.
    let line = line_width();
    let sizes: Vec<(usize, usize)> = r
        .rules
        .iter()
        .zip(&details)
        .map(|(x, (e, g))| {
            (
                x.rule.chars().count(),
                e.chars().count() + 2 + g.chars().count(),
            )
        })
        .collect();
    let longest = sizes.iter().map(|s| s.0).max().unwrap_or(0);
    let one_line = |w: usize| {
        sizes
            .iter()
            .filter(|(id, d)| 6 + (*id).max(w) + 2 + d <= line)
            .count()
    };
    let width = (0..=longest)
        .rev()
        .max_by_key(|&w| (one_line(w), w))
        .unwrap_or(0);
    for (x, (examples, gold)) in r.rules.iter().zip(&details) {
        let head = format!(
            "{}  {:<width$}  {examples}",
            if x.passed { "PASS" } else { "FAIL" },
            x.rule,
        );
        let whole = format!("{head}  {gold}");
        if crate::render::table::display_width(&whole) <= line {
            writeln!(out, "{whole}")?;
        } else {
            // The gold figures on a line of their own, under the examples.
            let at = 6 + width + 2;
            writeln!(
                out,
                "{}",
                crate::render::table::wrap_line_at(&head, line, 6)
            )?;
            let tail = format!("{}{gold}", " ".repeat(at));
            writeln!(
                out,
                "{}",
                crate::render::table::wrap_line_at(&tail, line, at)
            )?;
        }
        for e in &x.failed_examples {
            let what = if e.must_match {
                "must_match did not fire"
            } else {
                "must_not_match fired"
            };
            writeln!(out, "      {what}: {}", e.example)?;
        }
        if x.gold_failed {
            writeln!(
                out,
                "      gold precision {:.2} is below {:.2} ({} of {} votes disagree with gold labels; see `rules audit`)",
                x.gold.precision.unwrap_or(0.0),
                r.policy.min_precision,
                x.gold.fp,
                x.gold.fired
            )?;
        }
    }
    writeln!(out, "{} passed, {} failed", r.passed, r.failed)?;
    Ok(())
}

/// The rule table of `rules list`, then the table of the named term lists (when there are any).
pub fn list<W: Write>(out: &mut W, docs: &[RuleDoc], lists: &[ListDoc]) -> crate::Result<()> {
    let rows = docs
        .iter()
        .map(|d| {
            vec![
                Cell::new(&d.id),
                Cell::new(&d.label),
                right(num(d.weight)),
                Cell::new(d.fields.join(", ")),
                Cell::new(&d.summary),
            ]
        })
        .collect();
    let t = table_keeping_words(&["id", "label", "weight", "fields", "summary"], rows, &[0]);
    writeln!(out, "{t}")?;
    writeln!(out, "{} rules", docs.len())?;
    if lists.is_empty() {
        return Ok(());
    }
    let rows = lists
        .iter()
        .map(|l| {
            vec![
                Cell::new(&l.id),
                right(l.expanded.len()),
                right(l.used_by.len() + l.used_by_lists.len()),
                Cell::new(&l.summary),
            ]
        })
        .collect();
    let t = table_keeping_words(&["list", "terms", "used by", "summary"], rows, &[0]);
    writeln!(out)?;
    writeln!(out, "{t}")?;
    writeln!(
        out,
        "{} term lists (rules refer to one as \"@id\"; `rules show @id` shows its terms and users)",
        lists.len()
    )?;
    Ok(())
}

/// One term list's documentation, as `rules show @id` prints it.
pub fn show_list<W: Write>(out: &mut W, d: &ListDoc) -> crate::Result<()> {
    let mut text = Vec::new();
    writeln!(text, "{} (term list)", d.id)?;
    writeln!(text, "  {}", d.summary)?;
    if !d.why.is_empty() {
        writeln!(text, "  why: {}", d.why)?;
    }
    writeln!(text)?;
    writeln!(text, "  defined:   {}", d.defined_at)?;
    writeln!(text, "  terms:     {}", terms(&d.terms))?;
    if d.expanded != d.terms {
        writeln!(text, "  expanded:  {}", terms(&d.expanded))?;
    }
    if let Some(w) = d.within {
        writeln!(text, "  within:    {w} characters of a name")?;
    }
    let mut users = d.used_by.clone();
    users.extend(d.used_by_lists.iter().cloned());
    writeln!(text, "  users:     {} ({})", users.join(", "), users.len())?;
    examples(
        &mut text,
        "must match (one of its terms found)",
        &d.must_match,
    )?;
    examples(
        &mut text,
        "must not match (none of its terms found)",
        &d.must_not_match,
    )?;
    let text = String::from_utf8_lossy(&text);
    write!(out, "{}", wrap_hanging(&text, line_width()))?;
    Ok(())
}

fn terms(list: &[String]) -> String {
    list.iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One rule's documentation, as `rules show` prints it; lines wider than the terminal wrap, hanging under
/// their content.
pub fn show<W: Write>(out: &mut W, d: &RuleDoc) -> crate::Result<()> {
    let mut text = Vec::new();
    show_lines(&mut text, d)?;
    let text = String::from_utf8_lossy(&text);
    write!(out, "{}", wrap_hanging(&text, line_width()))?;
    Ok(())
}

fn show_lines<W: Write>(out: &mut W, d: &RuleDoc) -> crate::Result<()> {
    writeln!(out, "{}", d.id)?;
    writeln!(out, "  {}", d.summary)?;
    if !d.why.is_empty() {
        writeln!(out, "  why: {}", d.why)?;
    }
    writeln!(out)?;
    writeln!(out, "  label:     {}", d.label)?;
    writeln!(out, "  weight:    {}", num(d.weight))?;
    writeln!(out, "  fields:    {}", d.fields.join(", "))?;
    writeln!(out, "  defined:   {}", d.defined_at)?;
    if !d.lists.is_empty() {
        writeln!(
            out,
            "  lists:     {} (`rules show @id` shows a list's terms)",
            d.lists.join(", ")
        )?;
    }
    if !d.phrases.is_empty() {
        writeln!(out, "  phrases:   {}", terms(&d.phrases))?;
    }
    if !d.regex.is_empty() {
        writeln!(out, "  regex:     {}", terms(&d.regex))?;
    }
    if !d.fuzzy.is_empty() {
        writeln!(
            out,
            "  fuzzy:     {} (threshold {})",
            terms(&d.fuzzy),
            num(d.fuzzy_threshold.unwrap_or(0.0))
        )?;
    }
    for (i, g) in d.requires.iter().enumerate() {
        writeln!(
            out,
            "  requires:  group {} (one of, in {}): {}",
            i + 1,
            d.requires_in.join(", "),
            terms(g)
        )?;
    }
    if let Some(w) = d.within {
        writeln!(out, "  within:    {w} characters of a match")?;
    }
    if !d.excludes.is_empty() {
        writeln!(
            out,
            "  excludes:  (in {}) {}",
            d.excludes_in.join(", "),
            terms(&d.excludes)
        )?;
    }
    examples(out, "must match", &d.must_match)?;
    examples(out, "must not match", &d.must_not_match)?;
    Ok(())
}

/// A rule's or a list's examples of one kind under their heading, one `- ` line each; nothing when it has none.
fn examples<W: Write>(out: &mut W, heading: &str, examples: &[String]) -> crate::Result<()> {
    if examples.is_empty() {
        return Ok(());
    }
    writeln!(out, "  {heading}:")?;
    for e in examples {
        writeln!(out, "    - {e}")?;
    }
    Ok(())
}

fn gold_label(g: &Option<crate::model::Gold>) -> String {
    match g {
        None => "—".into(),
        Some(g) if g.audience_only => format!("{}; themes not labelled", g.audience),
        Some(g) => {
            let themes: Vec<&str> = g.themes.iter().map(|t| t.as_str()).collect();
            format!(
                "{}; {}",
                g.audience,
                if themes.is_empty() {
                    "no theme".into()
                } else {
                    themes.join(", ")
                }
            )
        }
    }
}

fn uncovered_table(list: &[Uncovered]) -> comfy_table::Table {
    let mut t = new_table(&["id", "gold", "text"]);
    for u in list {
        t.add_row(vec![
            Cell::new(&u.id),
            Cell::new(gold_label(&u.gold)),
            Cell::new(crate::render::excerpt(&u.text, 100)),
        ]);
    }
    t
}

/// The audit tables: summary, one row per rule, never-firing rules, uncovered statements.
pub fn audit<W: Write>(out: &mut W, a: &Audit) -> crate::Result<()> {
    let s = &a.summary;
    let width = line_width();
    let summary = format!(
        "{} statements ({} with gold labels). Audience rules cover {}, theme rules cover {}. \
         Conflicting votes: audience on {} statements, a theme on {}.",
        s.statements,
        s.labelled,
        pct(s.audience_coverage),
        pct(s.theme_coverage),
        s.audience_conflicts,
        s.theme_conflicts
    );
    writeln!(out, "{}", wrap_text(&summary, width, 0))?;
    let gold = s.labelled > 0;
    // Short headers and the label under the id leave the id most of a 100-column terminal.
    let mut header = vec![
        "rule (label)",
        "weight",
        "fires",
        "cover",
        "overlap",
        "conflict",
    ];
    if gold {
        header.extend(["TP", "FP", "prec"]);
    }
    let mut rows = Vec::new();
    for r in &a.rules {
        let mut row = vec![
            Cell::new(format!("{}\n({})", r.rule, r.label)),
            right(num(r.weight)),
            right(r.fires),
            right(pct(r.coverage)),
            right(r.overlaps),
            right(r.conflicts),
        ];
        if let Some(g) = &r.gold {
            row.extend([
                right(g.tp),
                right(g.fp),
                right(g.precision.map_or("—".into(), |p| format!("{p:.2}"))),
            ]);
        }
        rows.push(row);
    }
    let t = table_keeping_words(&header, rows, &[0]);
    writeln!(out, "{t}")?;
    let legend = format!(
        "cover: share of the statements it fires on; overlap, conflict: statements where another rule \
         of its kind also fires, or votes differently{}.",
        if gold { "; prec: TP / (TP + FP)" } else { "" }
    );
    writeln!(out, "{}", wrap_text(&legend, width, 0))?;
    let mut pairs: Vec<(&str, &str, usize)> = a
        .rules
        .iter()
        .flat_map(|r| {
            r.conflicts_with
                .iter()
                .map(move |p| (r.rule.as_str(), p.rule.as_str(), p.count))
        })
        .filter(|(x, y, _)| x < y)
        .collect();
    pairs.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| (x.0, x.1).cmp(&(y.0, y.1))));
    if !pairs.is_empty() {
        writeln!(
            out,
            "Conflicting pairs (statements where they vote differently):"
        )?;
        for (x, y, n) in pairs {
            writeln!(
                out,
                "{}",
                wrap_text(&format!("  {n:>4}  {x} <> {y}"), width, 8)
            )?;
        }
    }
    if a.never_fired.is_empty() {
        writeln!(out, "Every rule fired at least once.")?;
    } else {
        let line = format!(
            "{} rule(s) never fired: {}",
            a.never_fired.len(),
            a.never_fired.join(", ")
        );
        writeln!(out, "{}", wrap_text(&line, width, 2))?;
    }
    if a.no_audience_rule.is_empty() {
        writeln!(out, "Every statement has an audience rule.")?;
    } else {
        writeln!(
            out,
            "{} statement(s) no audience rule covers (their audience is the default):",
            a.no_audience_rule.len()
        )?;
        writeln!(out, "{}", uncovered_table(&a.no_audience_rule))?;
    }
    // No theme is a valid answer, so only the uncovered statements whose gold has themes (missed) or
    // that have no gold (unknown) are listed; the JSON output lists them all.
    let (rightly, listed): (Vec<Uncovered>, Vec<Uncovered>) =
        a.no_theme_rule.iter().cloned().partition(|u| {
            u.gold
                .as_ref()
                .is_some_and(|g| g.theme_gold().is_some_and(|t| t.is_empty()))
        });
    if a.no_theme_rule.is_empty() {
        writeln!(out, "Every statement has a theme rule.")?;
    } else {
        let line = format!(
            "{} statement(s) no theme rule covers; {} of them have no gold theme either (not listed).",
            a.no_theme_rule.len(),
            rightly.len()
        );
        writeln!(out, "{}", wrap_text(&line, width, 0))?;
        if !listed.is_empty() {
            writeln!(out, "Uncovered with gold themes, or without gold:")?;
            writeln!(out, "{}", uncovered_table(&listed))?;
        }
    }
    Ok(())
}

fn verdict(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Fix) => " (fix)",
        Some(Verdict::Regression) => " (regression)",
        Some(Verdict::Mixed) => " (mixed)",
        _ => "",
    }
}

/// The diff: totals, then one row per changed statement.
pub fn diff<W: Write>(out: &mut W, d: &RuleDiff) -> crate::Result<()> {
    let s = &d.summary;
    if !d.rules_added.is_empty() {
        writeln!(out, "rules added: {}", d.rules_added.join(", "))?;
    }
    if !d.rules_removed.is_empty() {
        writeln!(out, "rules removed: {}", d.rules_removed.join(", "))?;
    }
    for (what, list) in [
        ("frames added", &d.frames_added),
        ("frames removed", &d.frames_removed),
        ("concepts added", &d.concepts_added),
        ("concepts removed", &d.concepts_removed),
    ] {
        if !list.is_empty() {
            writeln!(out, "{what} ({}): {}", list.len(), list.join(", "))?;
        }
    }
    if !d.changes.is_empty() {
        let mut rows = Vec::new();
        for c in &d.changes {
            let audience = if c.old.audience == c.new.audience {
                c.new.audience.to_string()
            } else {
                format!(
                    "{} -> {}{}",
                    c.old.audience,
                    c.new.audience,
                    verdict(c.audience_verdict)
                )
            };
            let themes: Vec<String> = c
                .theme_changes
                .iter()
                .map(|t| {
                    format!(
                        "{}{}{}",
                        if t.gained { "+" } else { "-" },
                        t.theme,
                        verdict(t.verdict)
                    )
                })
                .collect();
            let rules: Vec<String> = c
                .rules_now_firing
                .iter()
                .map(|r| format!("+{r}"))
                .chain(c.rules_no_longer_firing.iter().map(|r| format!("-{r}")))
                .chain(
                    c.rules_reweighted
                        .iter()
                        .map(|r| format!("~{} (weight {} -> {})", r.rule, num(r.old), num(r.new))),
                )
                .collect();
            let v = match c.verdict {
                Verdict::Fix => "fix",
                Verdict::Regression => "REGRESSION",
                Verdict::Mixed => "mixed",
                Verdict::Unlabelled => "no gold",
            };
            rows.push(vec![
                Cell::new(&c.id),
                Cell::new(v),
                Cell::new(audience),
                Cell::new(if themes.is_empty() {
                    "—".to_string()
                } else {
                    themes.join("\n")
                }),
                Cell::new(gold_label(&c.gold)),
                Cell::new(rules.join("\n")),
                Cell::new(crate::render::excerpt(&c.text, 80)),
            ]);
        }
        let header = [
            "id",
            "verdict",
            "audience",
            "themes",
            "gold",
            "rules (+ now, - no longer, ~ weight)",
            "text",
        ];
        let t = table_keeping_words(&header, rows, &[0, 5]);
        writeln!(out, "{t}")?;
    }
    writeln!(
        out,
        "{} of {} statements changed ({} audience, {} themes): {} fixes, {} regressions, {} mixed, {} without gold",
        s.changed, s.statements, s.audience_changed, s.themes_changed, s.fixes, s.regressions, s.mixed, s.unlabelled
    )?;
    if s.labelled > 0 {
        writeln!(
            out,
            "exactly right on gold: {} -> {} of {}",
            s.exact_old, s.exact_new, s.labelled
        )?;
    }
    Ok(())
}

/// The `rules suggest` lists: one table per label and group, candidates most typical first.
pub fn suggest<W: Write>(
    out: &mut W,
    s: &crate::analysis::suggest::Suggestions,
) -> crate::Result<()> {
    use crate::analysis::suggest::Group;
    let width = line_width();
    let heading = format!(
        "Candidate terms from {} gold statements (log-odds with an informative Dirichlet prior; suggestions only, nothing is applied)",
        s.gold_statements
    );
    writeln!(out, "{}", super::wrap_line_at(&heading, width, 2))?;
    for l in &s.lists {
        let (what, versus) = match l.group {
            Group::Missed => ("missed by the rules", "all other statements"),
            Group::FalsePositive => (
                "false positives of the rules",
                "the statements the rules labelled rightly",
            ),
        };
        let line = format!(
            "{}: {} statement(s) {what}, against {} ({})",
            l.label, l.statements, versus, l.versus
        );
        writeln!(out, "\n{}", super::wrap_line_at(&line, width, 2))?;
        if l.candidates.is_empty() {
            writeln!(
                out,
                "  no term occurs in {} or more of them",
                s.options.min_count
            )?;
            continue;
        }
        let mut t = new_table(&["term", "z", "in group", "in contrast", "known", "examples"]);
        for c in &l.candidates {
            t.add_row(vec![
                Cell::new(&c.term),
                Cell::new(format!("{:.2}", c.z)).set_alignment(CellAlignment::Right),
                Cell::new(c.count).set_alignment(CellAlignment::Right),
                Cell::new(c.versus_count).set_alignment(CellAlignment::Right),
                Cell::new(if c.known { "yes" } else { "" }),
                Cell::new(c.examples.join(", ")),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    Ok(())
}

/// The cross-validation of the audience word model: per held-out file, audience accuracy of the rules alone
/// and with the model trained on the other files (all, English, Chinese), and how often the model decided.
pub fn cross_validation<W: Write>(out: &mut W, cv: &CrossValidation) -> crate::Result<()> {
    let acc = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:.3}"));
    let pair = |a: &Tally, b: &Tally, f: fn(&Tally) -> Option<f64>| {
        let (x, y) = (f(a), f(b));
        match (x, y) {
            (None, None) => "—".to_string(),
            _ if x == y => acc(x),
            _ => format!("{} → {}", acc(x), acc(y)),
        }
    };
    let rows: Vec<Vec<Cell>> = cv
        .folds
        .iter()
        .chain(std::iter::once(&cv.total))
        .map(|f| {
            vec![
                Cell::new(&f.file),
                right(f.rules.n),
                Cell::new(pair(&f.rules, &f.with_model, Tally::accuracy)),
                Cell::new(pair(&f.rules, &f.with_model, Tally::en)),
                Cell::new(pair(&f.rules, &f.with_model, Tally::zh)),
                right(if f.model_outranked > 0 {
                    format!(
                        "{} ({}); over a rule {} ({})",
                        f.model_decided, f.model_right, f.model_outranked, f.outranked_right
                    )
                } else {
                    format!("{} ({})", f.model_decided, f.model_right)
                }),
            ]
        })
        .collect();
    let header = [
        "held-out file",
        "n",
        "audience: rules → with model",
        "en",
        "zh",
        "model decided (right)",
    ];
    // The figures no wider than they are (nor than a word of their heading), so the file paths get the room
    // that is left; a path still too long breaks after a `/`, `.` or `-`.
    let at_most: Vec<(usize, u16)> = (1..header.len())
        .map(|c| {
            let words = header[c].split(' ').map(super::display_width);
            let cells = rows.iter().map(|r| super::display_width(&r[c].content()));
            let w = words.chain(cells).max().unwrap_or(0) + 2;
            (c, u16::try_from(w).unwrap_or(u16::MAX))
        })
        .collect();
    let table = table_keeping_words_within(&header, rows, &[0], &at_most);
    writeln!(out, "{table}")?;
    let gate = if cv.outrank.is_empty() {
        String::new()
    } else {
        format!(
            "; overrules {} at {}",
            cv.outrank
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            num(cv.outrank_margin)
        )
    };
    let summary = format!(
        "{} (margin {}, smoothing {}, min count {}{gate}); right answers {} → {} of {}",
        if cv.held_out {
            "held-out files: each scored by one model trained on every training file"
        } else if cv.rotated {
            "leave one set out: each rotated file scored by a model trained on the training files and the other rotated files"
        } else {
            "leave one file out: each file scored by a model trained on the others"
        },
        num(cv.margin),
        num(cv.smoothing),
        cv.min_count,
        cv.total.rules.right,
        cv.total.with_model.right,
        cv.total.rules.n
    );
    writeln!(out, "{}", wrap_text(&summary, line_width(), 2))?;
    Ok(())
}

/// The gate in words: `weak ≥ 4, bare off, remove off`.
pub fn gate_words(gate: &crate::rules::theme_model::ThemeGate) -> String {
    let m =
        |x: Option<f32>, sign: &str| x.map_or("off".to_string(), |v| format!("{sign}{}", num(v)));
    format!(
        "weak {}, bare {}, remove {}",
        m(gate.weak_margin, "≥ "),
        m(gate.bare_margin, "≥ "),
        m(gate.remove_margin, "≤ −")
    )
}

/// The theme cross-validation: per held-out file, then the pooled scores, per theme and per language.
pub fn theme_cross_validation<W: Write>(
    out: &mut W,
    cv: &crate::analysis::cross_validate::ThemeCrossValidation,
) -> crate::Result<()> {
    let f3 = |x: f64| format!("{x:.3}");
    let pair = |a: f64, b: f64| {
        if (a - b).abs() < 5e-4 {
            f3(a)
        } else {
            format!("{} → {}", f3(a), f3(b))
        }
    };
    let opt = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => pair(a, b),
        _ => "—".to_string(),
    };
    let mut table = new_table(&[
        "held-out file",
        "theme macro-F1: rules → with model",
        "added (right/wrong)",
        "removed (right/wrong)",
    ]);
    for f in &cv.folds {
        table.add_row(vec![
            Cell::new(&f.file),
            Cell::new(pair(f.rules_macro_f1, f.with_model_macro_f1)),
            right(format!(
                "{}/{}",
                f.changes.added_right, f.changes.added_wrong
            )),
            right(format!(
                "{}/{}",
                f.changes.removed_right, f.changes.removed_wrong
            )),
        ]);
    }
    writeln!(out, "{table}")?;
    let (r, m) = (&cv.rules, &cv.with_model);
    let mut pooled = new_table(&["all held-out files", "rules alone", "rules + model"]);
    pooled.add_row(vec![
        Cell::new("theme macro-F1"),
        right(f3(r.macro_f1)),
        right(f3(m.macro_f1)),
    ]);
    pooled.add_row(vec![
        Cell::new("English / Chinese"),
        right(format!(
            "{} / {}",
            r.en_macro_f1.map_or("—".into(), f3),
            r.zh_macro_f1.map_or("—".into(), f3)
        )),
        right(format!(
            "{} / {}",
            m.en_macro_f1.map_or("—".into(), f3),
            m.zh_macro_f1.map_or("—".into(), f3)
        )),
    ]);
    for t in crate::model::Theme::ALL {
        let (a, b) = (r.per_theme[&t], m.per_theme[&t]);
        pooled.add_row(vec![
            Cell::new(format!("{} F1 (P/R)", t.as_str())),
            right(format!("{} ({:.2}/{:.2})", f3(a.f1), a.precision, a.recall)),
            right(format!("{} ({:.2}/{:.2})", f3(b.f1), b.precision, b.recall)),
        ]);
    }
    pooled.add_row(vec![
        Cell::new("no-theme statements kept without theme"),
        right(format!("{}/{}", r.traps_kept, r.traps)),
        right(format!("{}/{}", m.traps_kept, m.traps)),
    ]);
    writeln!(out, "{pooled}")?;
    writeln!(
        out,
        "{} over {} statements: {} (gate: {}; smoothing {}, min count {}); model added {} right, {} wrong; removed {} right, {} wrong; macro-F1 {}",
        if cv.held_out {
            "held-out files"
        } else if cv.rotated {
            "leave one set out"
        } else {
            "leave one file out"
        },
        r.n,
        if cv.held_out {
            "each scored by one model trained on every training file"
        } else if cv.rotated {
            "each rotated file scored by a model trained on the training files and the other rotated files"
        } else {
            "each file scored by a model trained on the others"
        },
        gate_words(&cv.gate),
        num(cv.smoothing),
        cv.min_count,
        cv.changes.added_right,
        cv.changes.added_wrong,
        cv.changes.removed_right,
        cv.changes.removed_wrong,
        opt(Some(r.macro_f1), Some(m.macro_f1)),
    )?;
    Ok(())
}
