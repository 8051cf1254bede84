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

/// A concept's names in both scripts, `en / zh`, or the one it has.
fn both_names(en: &str, zh: &str) -> String {
    match (en.is_empty(), zh.is_empty()) {
        (false, false) => format!("{en} / {zh}"),
        (false, true) => en.to_string(),
        _ => zh.to_string(),
    }
}

/// Terms in quotation marks, comma-separated.
fn quote_terms(w: &[String]) -> String {
    w.iter()
        .map(|w| format!("“{w}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A pair's reason in words (English; quoted terms keep the statements' own script), alone. A pair's
/// reasons together are worded by [`reason_lines`], which says what repeats once.
pub fn reason_text(r: &crate::pair::Reason) -> String {
    use crate::pair::Reason;
    match r {
        Reason::Frame {
            frame,
            summary,
            external_terms,
            internal_terms,
            note,
        } => frame_line(
            Some(summary),
            external_terms,
            internal_terms,
            &[frame.as_str()],
            &[note.as_str()],
        ),
        Reason::Echo {
            frame,
            summary,
            external_terms,
            internal_terms,
        } => format!(
            "echo, demoted: the internal statement says what the external one says ({summary}): external {} and internal {} [{frame}]",
            quote_terms(external_terms),
            quote_terms(internal_terms)
        ),
        Reason::SameConcepts { concepts } => subject_line(&[], concepts, &[], &[], &[], &[], 1.0),
        Reason::Subject {
            same,
            related,
            class,
            targets,
            missed,
            factor,
        } => subject_line(same, &[], targets, related, class, missed, *factor),
        Reason::SameWords { words } => format!("same words: {}", words.join(", ")),
        Reason::NearDuplicate => "nearly the same words in both voices: not a contrast".into(),
        Reason::NoFrame => "weak: no opposition frame fired, paired on subject only".into(),
        Reason::Shared {
            others,
            best_unshared,
        } => {
            let whom = if *others == 1 {
                "1 other external statement".to_string()
            } else {
                format!("{others} other external statements")
            };
            match best_unshared {
                Some(b) => format!(
                    "shared partner: also paired with {whom}; this pair outscores its best unshared partner ({b:.2}) by more than sharing costs"
                ),
                None => format!("shared partner: also paired with {whom}; no unshared partner was left to this statement"),
            }
        }
        Reason::Hub {
            share,
            factor,
            without,
        } => {
            let instead = match without {
                Some(id) => format!("without it this statement's partner would be {id}"),
                None => "without it this statement would have no partner".to_string(),
            };
            if *share > 0.0 {
                format!(
                    "hub partner: it meets {:.0} % of the theme's paired external statements nearly as well as their best candidate (score × {factor:.2}); {instead}",
                    share * 100.0
                )
            } else {
                format!("partner moved by the hub bonus of other partners of the theme; {instead}")
            }
        }
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

/// One line for one or more frames with the same evidence: the first frame's summary, the terms once, every
/// frame's id, and each distinct note.
/// Without a summary (`None`) the line starts at the evidence: the frames' summaries are then said once for
/// the whole table ([`frame_legend`]).
fn frame_line(
    summary: Option<&str>,
    external_terms: &[String],
    internal_terms: &[String],
    frames: &[&str],
    notes: &[&str],
) -> String {
    let evidence = format!(
        "external {} vs internal {} [{}]",
        quote_terms(external_terms),
        quote_terms(internal_terms),
        frames.join(", ")
    );
    let mut s = match summary {
        Some(summary) => format!("{summary}: {evidence}"),
        None => evidence,
    };
    let mut seen: Vec<&str> = Vec::new();
    for &note in notes {
        if !note.is_empty() && !seen.contains(&note) {
            seen.push(note);
            s.push_str(&format!(" (note: {note})"));
        }
    }
    s
}

/// The subject of a pair in one line: the external statement's specific subjects the internal one names
/// too (with their kind), then the other concepts both name, then the specific subjects of which it names what
/// they are aimed at or belong to ("measure on: export controls / 出口管制 → chips / 芯片 (technology)", "sector
/// of: Huawei / 华为 → 5G / 5G (technology)"), then those of which it names only a close relative ("same family: 5G / 5G (technology) for ZTE / 中兴 (firm)") or a concept of the same class
/// ("same class: chips / 芯片 (technology) for Huawei / 华为 (firm)"), then those not named, and the factor the
/// score took for them. "same subject: …" when anything is shared, "specific subject: …" when only unnamed
/// subjects are left to say.
fn subject_line(
    same: &[crate::pair::SubjectConcept],
    shared: &[crate::pair::SharedConcept],
    targets: &[(crate::pair::SubjectConcept, crate::pair::SubjectConcept)],
    related: &[(crate::pair::SubjectConcept, crate::pair::SubjectConcept)],
    class: &[(crate::pair::SubjectConcept, crate::pair::SubjectConcept)],
    missed: &[crate::pair::SubjectConcept],
    factor: f32,
) -> String {
    let specific =
        |c: &crate::pair::SubjectConcept| format!("{} ({})", both_names(&c.en, &c.zh), c.kind);
    let mut names: Vec<String> = same.iter().map(specific).collect();
    names.extend(
        shared
            .iter()
            .filter(|c| !same.iter().any(|s| s.id == c.id))
            .map(|c| both_names(&c.en, &c.zh)),
    );
    let mut parts = Vec::new();
    if !names.is_empty() {
        parts.push(format!("same subject: {}", names.join(", ")));
    }
    for (label, kinds) in [
        ("measure on", &["measure", "law"][..]),
        ("sector of", &["firm"][..]),
        ("aimed at", &[][..]),
    ] {
        let of_label = |(e, _): &&(crate::pair::SubjectConcept, crate::pair::SubjectConcept)| {
            let labelled = ["measure", "law", "firm"].contains(&e.kind.as_str());
            if kinds.is_empty() {
                !labelled
            } else {
                kinds.contains(&e.kind.as_str())
            }
        };
        let list: Vec<String> = targets
            .iter()
            .filter(of_label)
            .map(|(e, t)| {
                let kind = if t.kind.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", t.kind)
                };
                format!(
                    "{} → {}{kind}",
                    both_names(&e.en, &e.zh),
                    both_names(&t.en, &t.zh)
                )
            })
            .collect();
        if !list.is_empty() {
            parts.push(format!("{label}: {}", list.join(", ")));
        }
    }
    for (label, list) in [("same family", related), ("same class", class)] {
        if !list.is_empty() {
            parts.push(format!(
                "{label}: {}",
                list.iter()
                    .map(|(e, i)| format!("{} for {}", specific(i), specific(e)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if !missed.is_empty() {
        let missed = missed.iter().map(specific).collect::<Vec<_>>().join(", ");
        parts.push(if parts.is_empty() {
            format!("specific subject: not named {missed}")
        } else {
            format!("not named {missed}")
        });
    }
    let mut s = parts.join("; ");
    if factor > 1.0 {
        s.push_str(&format!(" (score × {factor:.2})"));
    }
    s
}

/// The reasons of a pair in words, one line each, saying once what repeats: frames whose evidence (the
/// external and the internal statement's terms) is the same share one line that names them all, at the
/// place of the first; the shared concepts and the external statement's specific subjects are one subject
/// line (a specific subject both name is listed once, with its kind). The structured reasons (JSON) keep
/// every frame and both subject reasons.
pub fn reason_lines(reasons: &[crate::pair::Reason]) -> Vec<String> {
    reason_lines_summarised(reasons, true)
}

/// [`reason_lines`] with the frames' summaries left out of the frame lines (`summaries` false), for a view
/// that says each frame's summary once under the table ([`frame_legend`]).
pub fn reason_lines_summarised(reasons: &[crate::pair::Reason], summaries: bool) -> Vec<String> {
    use crate::pair::Reason;
    let subject = reasons.iter().find_map(|r| match r {
        Reason::Subject {
            same,
            related,
            class,
            targets,
            missed,
            factor,
        } => Some((
            same.as_slice(),
            related.as_slice(),
            class.as_slice(),
            targets.as_slice(),
            missed.as_slice(),
            *factor,
        )),
        _ => None,
    });
    let shared = reasons.iter().find_map(|r| match r {
        Reason::SameConcepts { concepts } => Some(concepts.as_slice()),
        _ => None,
    });
    let mut lines = Vec::new();
    let mut subject_done = false;
    for (k, r) in reasons.iter().enumerate() {
        match r {
            Reason::Frame {
                external_terms,
                internal_terms,
                ..
            } => {
                let same_evidence = |r: &Reason| {
                    matches!(r, Reason::Frame { external_terms: e, internal_terms: i, .. }
                        if e == external_terms && i == internal_terms)
                };
                if reasons[..k].iter().any(same_evidence) {
                    continue;
                }
                let group: Vec<&Reason> =
                    reasons[k..].iter().filter(|r| same_evidence(r)).collect();
                let (frames, notes): (Vec<&str>, Vec<&str>) = group
                    .iter()
                    .filter_map(|r| match r {
                        Reason::Frame { frame, note, .. } => Some((frame.as_str(), note.as_str())),
                        _ => None,
                    })
                    .unzip();
                let Reason::Frame { summary, .. } = r else {
                    unreachable!()
                };
                lines.push(frame_line(
                    summaries.then_some(summary.as_str()),
                    external_terms,
                    internal_terms,
                    &frames,
                    &notes,
                ));
            }
            Reason::SameConcepts { .. } | Reason::Subject { .. } => {
                if std::mem::replace(&mut subject_done, true) {
                    continue;
                }
                let (same, related, class, targets, missed, factor) =
                    subject.unwrap_or((&[], &[], &[], &[], &[], 1.0));
                lines.push(subject_line(
                    same,
                    shared.unwrap_or(&[]),
                    targets,
                    related,
                    class,
                    missed,
                    factor,
                ));
            }
            _ => lines.push(reason_text(r)),
        }
    }
    lines
}

/// Every frame the pairs' reasons name, once each in the order they first appear, with its summary: the
/// legend of a table whose frame lines leave the summaries out ([`reason_lines_summarised`]).
pub fn frame_legend<'a>(
    pairs: impl IntoIterator<Item = &'a crate::pair::Pair>,
) -> Vec<(String, String)> {
    let mut legend: Vec<(String, String)> = Vec::new();
    for p in pairs {
        for r in &p.reasons {
            if let crate::pair::Reason::Frame { frame, summary, .. } = r {
                if !legend.iter().any(|(f, _)| f == frame) {
                    legend.push((frame.clone(), summary.clone()));
                }
            }
        }
    }
    legend
}

/// The reasons of a pair in words ([`reason_lines`]).
pub fn reasons_text(p: &crate::pair::Pair) -> Vec<String> {
    reason_lines(&p.reasons)
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

    fn frame(id: &str, summary: &str, e: &[&str], i: &[&str]) -> crate::pair::Reason {
        crate::pair::Reason::Frame {
            frame: id.into(),
            summary: summary.into(),
            external_terms: e.iter().map(|t| t.to_string()).collect(),
            internal_terms: i.iter().map(|t| t.to_string()).collect(),
            note: String::new(),
        }
    }

    fn subject(id: &str, kind: &str, en: &str, zh: &str) -> crate::pair::SubjectConcept {
        crate::pair::SubjectConcept {
            id: id.into(),
            kind: kind.into(),
            en: en.into(),
            zh: zh.into(),
        }
    }

    #[test]
    fn frames_with_the_same_evidence_share_one_line_and_the_subject_is_said_once() {
        use crate::pair::{Reason, SharedConcept};
        let reasons = vec![
            frame("t.a", "A", &["free trade"], &["自主可控"]),
            frame("t.b", "B", &["free trade"], &["自主可控"]),
            frame("t.c", "C", &["market"], &["自主可控"]),
            frame("t.d", "D", &["free trade"], &["自主可控"]),
            Reason::SameConcepts {
                concepts: vec![
                    SharedConcept {
                        id: "huawei".into(),
                        en: "Huawei".into(),
                        zh: "华为".into(),
                    },
                    SharedConcept {
                        id: "tech-firms".into(),
                        en: "tech firms".into(),
                        zh: "科技企业".into(),
                    },
                ],
            },
            Reason::Subject {
                same: vec![subject("huawei", "firm", "Huawei", "华为")],
                related: vec![],
                class: vec![],
                targets: vec![],
                missed: vec![subject("entity-list", "measure", "entity list", "实体清单")],
                factor: 1.125,
            },
            Reason::NoFrame,
        ];
        assert_eq!(
            reason_lines(&reasons),
            vec![
                "A: external “free trade” vs internal “自主可控” [t.a, t.b, t.d]".to_string(),
                "C: external “market” vs internal “自主可控” [t.c]".into(),
                "same subject: Huawei / 华为 (firm), tech firms / 科技企业; not named entity list / 实体清单 (measure) (score × 1.12)".into(),
                "weak: no opposition frame fired, paired on subject only".into(),
            ]
        );
        // Without summaries, a frame line starts at its evidence; the table says each summary once.
        assert_eq!(
            reason_lines_summarised(&reasons[..3], false),
            vec![
                "external “free trade” vs internal “自主可控” [t.a, t.b]".to_string(),
                "external “market” vs internal “自主可控” [t.c]".into(),
            ]
        );
        // Alone, each reason keeps its own line.
        assert_eq!(
            reason_text(&reasons[5]),
            "same subject: Huawei / 华为 (firm); not named entity list / 实体清单 (measure) (score × 1.12)"
        );
        // Only an unnamed subject left to say.
        let unnamed = [Reason::Subject {
            same: vec![],
            related: vec![],
            class: vec![],
            targets: vec![],
            missed: vec![subject("zte", "firm", "ZTE", "")],
            factor: 1.0,
        }];
        assert_eq!(
            reason_lines(&unnamed),
            vec!["specific subject: not named ZTE (firm)".to_string()]
        );
        // A relative of the same family, a concept of the same class: each says which, for which subject.
        let kin = [Reason::Subject {
            same: vec![],
            related: vec![(
                subject("smic", "firm", "SMIC", "中芯国际"),
                subject("chips", "technology", "chips", "芯片"),
            )],
            class: vec![(
                subject("huawei", "firm", "Huawei", "华为"),
                subject(
                    "operating-systems",
                    "technology",
                    "operating system",
                    "操作系统",
                ),
            )],
            targets: vec![],
            missed: vec![],
            factor: 1.0,
        }];
        assert_eq!(
            reason_lines(&kin),
            vec!["same family: chips / 芯片 (technology) for SMIC / 中芯国际 (firm); same class: operating system / 操作系统 (technology) for Huawei / 华为 (firm)".to_string()]
        );
        // What a measure is aimed at, a firm's sector: each says the subject and its target.
        let aimed = [Reason::Subject {
            same: vec![],
            related: vec![],
            class: vec![],
            targets: vec![
                (
                    subject("export-controls", "measure", "export controls", "出口管制"),
                    subject("chips", "technology", "chips", "芯片"),
                ),
                (
                    subject("huawei", "firm", "Huawei", "华为"),
                    subject("5g", "technology", "5G", "5G"),
                ),
                (
                    subject(
                        "military-company-lists",
                        "measure",
                        "Chinese military companies",
                        "",
                    ),
                    subject("defence-industry", "", "defense industry", "国防工业"),
                ),
            ],
            missed: vec![subject("tariffs", "measure", "tariffs", "关税")],
            factor: 1.125,
        }];
        assert_eq!(
            reason_lines(&aimed),
            vec!["measure on: export controls / 出口管制 → chips / 芯片 (technology), Chinese military companies → defense industry / 国防工业; sector of: Huawei / 华为 → 5G / 5G (technology); not named tariffs / 关税 (measure) (score × 1.12)".to_string()]
        );
    }
}
