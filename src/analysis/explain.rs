//! Explains one statement's classification: every rule that fired and its words, how the sums decided the
//! audience and themes, and which rules came close to firing and what stopped them.

use crate::classify::Classifier;
use crate::model::{Audience, Basis, Evidence, Level, Statement, Theme};
use crate::rules::{NearMiss, NotTheSpeaker, RuleSet, Scratch};
use serde::Serialize;
use std::collections::BTreeMap;

/// The full account of one statement's classification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The statement explained.
    pub statement: Statement,
    /// How the audience was decided.
    pub audience: AudienceDecision,
    /// How each theme that any rule voted on was decided, in [`Theme::ALL`] order.
    pub themes: Vec<ThemeDecision>,
    /// The themes assigned.
    pub assigned_themes: Vec<Theme>,
    /// The stacked theme model's reading of every theme, when it was consulted: its probability, what it
    /// changed, and the features that contributed most (at most [`STACK_FEATURES_SHOWN`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stack: Vec<StackReading>,
    /// Every rule that fired, audience rules first.
    pub fired: Vec<ExplainedRule>,
    /// Rules whose terms matched but that did not fire, with what stopped each.
    pub near_misses: Vec<NearMissReport>,
    /// The sides of opposition frames the statement takes (used when pairing).
    pub stances: Vec<crate::model::StanceHit>,
    /// The concepts of the lexicon it talks about (used when pairing).
    pub concepts: Vec<crate::model::ConceptHit>,
    /// The themes under which `contrast` pairs it, and how it became a candidate of each: classified
    /// with the theme, or taking a stance of a frame that names it ([`crate::pair::candidacy`]).
    pub pairing: Vec<PairingTheme>,
    /// For an internal statement, the echo frames whose external stance it takes ([`crate::pair::echoes`]):
    /// set against an external statement that takes the same stance, it says what that statement says,
    /// and the pair is demoted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub echoes: Vec<String>,
}

/// A theme a statement is a pairing candidate of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairingTheme {
    /// The theme.
    pub theme: Theme,
    /// How it became a candidate.
    #[serde(flatten)]
    pub candidacy: crate::pair::Candidacy,
}

/// The audience decision: the sums per audience and how they were compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AudienceDecision {
    /// The decided audience.
    pub audience: Audience,
    /// Whether the rules or the rule set's default decided it.
    pub basis: Basis,
    /// Summed weights per audience (both audiences, 0 when no rule voted).
    pub scores: BTreeMap<Audience, f32>,
    /// The rule set's default audience.
    pub default: Audience,
    /// The level of precedence that decided (none when the default applied).
    pub level: Option<Level>,
    /// The votes at every level at which an audience rule fired, highest precedence first.
    pub levels: Vec<LevelTally>,
    /// Audience rules below the deciding level that voted for the other audience: outranked.
    pub outranked: Vec<String>,
    /// The audience word model's reading, when no rule level decided and the rule set has a model: its
    /// score, margin and the words that contributed most (at most [`MODEL_WORDS_SHOWN`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<crate::rules::word_model::ModelScore>,
    /// The decision in words, e.g. `venue: external 4 > internal 0; outranked: relay internal 3`.
    pub reason: String,
}

/// The audience votes at one level of precedence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelTally {
    /// The level.
    pub level: Level,
    /// Summed weights for external.
    pub external: f32,
    /// Summed weights for internal.
    pub internal: f32,
    /// The rules that voted at this level, with their label and weight.
    pub votes: Vec<(String, Audience, f32)>,
    /// Whether this level decided, was outranked by a higher one, or had no lead.
    pub outcome: LevelOutcome,
}

/// What became of one level's votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelOutcome {
    /// Its lead decided the audience.
    Decided,
    /// A higher level decided first, and this level leads the same way.
    Concurs,
    /// A higher level decided first, and this level leads the other way: its evidence was overruled.
    Outranked,
    /// No audience had a positive lead here (a tie), so the next level was asked.
    NoLead,
}

/// The decision on one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeDecision {
    /// The theme.
    pub theme: Theme,
    /// Summed weights of the rules that voted on it.
    pub score: f32,
    /// The rule set's theme threshold.
    pub threshold: f32,
    /// Whether the theme is assigned (the sum reached the threshold, unless the word model decided).
    pub assigned: bool,
    /// The rules that voted, with their weights.
    pub votes: Vec<(String, f32)>,
    /// `model` when the theme word model overrode the rules' sum (shown only then).
    #[serde(skip_serializing_if = "is_rules")]
    pub basis: Basis,
    /// What the theme word model did, with the words that contributed most (at most
    /// [`MODEL_WORDS_SHOWN`]), when it changed this theme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ThemeModelReading>,
}

/// How many features `explain` shows per theme of the stacked model.
pub const STACK_FEATURES_SHOWN: usize = 8;

/// The stacked theme model's reading of one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StackReading {
    /// Added or taken away, if the gate moved the theme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<crate::model::ModelMove>,
    /// The probability, bias and top features.
    #[serde(flatten)]
    pub reading: crate::rules::stack::StackExplained,
}

/// The theme word model's part in one theme's decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeModelReading {
    /// Added or taken away.
    pub change: crate::model::ModelMove,
    /// The margin the gate asked for.
    pub margin: f32,
    /// The score and its top words (counts `[with the theme, without]`).
    pub reading: crate::rules::theme_model::ThemeModelScore,
}

fn is_rules(b: &Basis) -> bool {
    *b == Basis::Rules
}

/// A rule that fired, with its documentation line and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainedRule {
    /// The rule's id.
    pub rule: String,
    /// What it votes for.
    pub label: String,
    /// Its weight.
    pub weight: f32,
    /// Its one-line summary.
    pub summary: String,
    /// The words that made it fire.
    pub evidence: Vec<Evidence>,
}

/// What stopped a rule that came close.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissKind {
    /// An `excludes` term vetoed it.
    Excluded,
    /// A `requires` group had no match.
    MissingRequired,
    /// A required term was found farther away than `within` allows.
    TooFar,
    /// A fuzzy term scored just below `fuzzy_threshold`.
    FuzzyBelow,
    /// An attribution in the text stood inside quotation marks (someone else quoting the person).
    Quoted,
    /// An attribution in the text, on a statement whose metadata names its speaker.
    SpeakerNamed,
    /// An attribution in the text whose name stands near a word of attribution but is not its speaker.
    NotTheSpeaker,
}

/// A name near a word of attribution that is not its speaker (a near miss of kind `not-the-speaker`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotTheSpeakerReport {
    /// The name.
    pub name: Evidence,
    /// The word of attribution.
    pub verb: Evidence,
    /// Why the name is not its speaker: `another-sentence` or `verb-before-name`.
    pub why: NotTheSpeaker,
}

/// A rule that came close to firing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearMissReport {
    /// The rule's id.
    pub rule: String,
    /// What it would have voted for.
    pub label: String,
    /// The weight it would have added.
    pub weight: f32,
    /// What stopped it.
    pub kind: MissKind,
    /// What stopped it, in words.
    pub reason: String,
    /// What the rule matched (its phrases, regexes or fuzzy names).
    pub matched: Vec<Evidence>,
    /// The words that vetoed it, or the required words found too far away, where there are any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocking: Option<Evidence>,
    /// For kind `not-the-speaker`: the name, the word of attribution and why they do not belong together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_the_speaker: Option<NotTheSpeakerReport>,
}

/// How many of the word model's contributions `explain` shows, largest first.
pub const MODEL_WORDS_SHOWN: usize = 12;

fn num(x: f32) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn signed_num(x: f32) -> String {
    if x > 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

/// A term as explain names it: `` `firms` ``, or `` `firms` of list `@company` `` when it came from a list.
fn term_named(e: &Evidence) -> String {
    match &e.list {
        Some(list) => format!("`{}` of list `@{list}`", e.term),
        None => format!("`{}`", e.term),
    }
}

fn term_list(terms: &[String]) -> String {
    let shown: Vec<String> = terms.iter().take(8).map(|t| format!("`{t}`")).collect();
    let more = terms.len().saturating_sub(8);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Classifies one statement and explains the result.
pub fn explain(rules: &RuleSet, statement: &Statement) -> Explanation {
    let classification = Classifier::new(rules).classify(statement);
    let default = rules.settings.default_audience;
    let scores: BTreeMap<Audience, f32> = Audience::ALL
        .into_iter()
        .map(|a| {
            (
                a,
                classification
                    .audience_scores
                    .get(&a)
                    .copied()
                    .unwrap_or(0.0),
            )
        })
        .collect();
    let (ext, int) = (scores[&Audience::External], scores[&Audience::Internal]);
    let mut levels: Vec<LevelTally> = Vec::new();
    for f in &classification.fired {
        let (Some(level), Some(a)) = (f.level, Audience::parse(&f.label)) else {
            continue;
        };
        let i = match levels.iter().position(|t| t.level == level) {
            Some(i) => i,
            None => {
                levels.push(LevelTally {
                    level,
                    external: 0.0,
                    internal: 0.0,
                    votes: Vec::new(),
                    outcome: LevelOutcome::NoLead,
                });
                levels.len() - 1
            }
        };
        let t = &mut levels[i];
        match a {
            Audience::External => t.external += f.weight,
            Audience::Internal => t.internal += f.weight,
        }
        t.votes.push((f.rule.clone(), a, f.weight));
    }
    levels.sort_by_key(|t| t.level);
    let decided = classification.audience_level;
    let mut outranked = Vec::new();
    for t in &mut levels {
        let lead = if t.external > t.internal && t.external > 0.0 {
            Some(Audience::External)
        } else if t.internal > t.external && t.internal > 0.0 {
            Some(Audience::Internal)
        } else {
            None
        };
        t.outcome = match (decided, lead) {
            _ if classification.audience_model_outranked == Some(t.level) => {
                LevelOutcome::Outranked
            }
            (Some(d), _) if t.level == d => LevelOutcome::Decided,
            (Some(d), Some(a)) if t.level > d && a == classification.audience => {
                LevelOutcome::Concurs
            }
            (Some(d), Some(_)) if t.level > d => LevelOutcome::Outranked,
            _ => LevelOutcome::NoLead,
        };
        let overruled = classification
            .audience_model_outranked
            .is_some_and(|d| t.level >= d);
        if t.level > decided.unwrap_or(Level::Register) || overruled {
            // A vote for the other audience was overruled; a negative vote for the winner is one too.
            for (rule, a, w) in &t.votes {
                if (*a == classification.audience) != (*w > 0.0) {
                    outranked.push(rule.clone());
                }
            }
        }
    }
    let lower: Vec<String> = levels
        .iter()
        .filter(|t| t.outcome == LevelOutcome::Outranked)
        .map(|t| {
            format!(
                "{} external {} / internal {}",
                t.level,
                num(t.external),
                num(t.internal)
            )
        })
        .collect();
    let reason = match classification.audience_basis {
        Basis::Rules => {
            let (win, lose) = if classification.audience == Audience::External {
                ((ext, "external"), (int, "internal"))
            } else {
                ((int, "internal"), (ext, "external"))
            };
            let level = decided.map_or("rules", |l| l.as_str());
            let mut r = format!(
                "{level} decides: {} {} > {} {}",
                win.1,
                num(win.0),
                lose.1,
                num(lose.0)
            );
            if !lower.is_empty() {
                r.push_str(&format!("; outranked: {}", lower.join(", ")));
            }
            r
        }
        Basis::Model if classification.audience_model_outranked.is_some() => {
            let level = classification.audience_model_outranked.map_or("", |l| l.as_str());
            let gate = rules.audience_model.as_ref().map(|m| m.settings.outrank);
            let mut r = format!(
                "{level} leads (external {}, internal {}), but the word model may overrule that level and its score {} reaches the outrank margin {} for `{}`, so the model decides",
                num(ext),
                num(int),
                signed_num(classification.audience_model_score.unwrap_or(0.0)),
                num(gate.map_or(0.0, |g| g.margin)),
                classification.audience.as_str(),
            );
            if !lower.is_empty() {
                r.push_str(&format!("; outranked: {}", lower.join(", ")));
            }
            r
        }
        Basis::Model => format!(
            "no rule level gives either audience a positive lead (external {}, internal {} in all); the word model decides: score {} reaches the margin {}",
            num(ext),
            num(int),
            signed_num(classification.audience_model_score.unwrap_or(0.0)),
            num(rules.audience_model.as_ref().map_or(0.0, |m| m.settings.margin)),
        ),
        Basis::Default if classification.audience_model_score.is_some() => format!(
            "no rule level gives either audience a positive lead (external {}, internal {} in all) and the word model's score {} is within its margin {}, so the default `{default}` applies",
            num(ext),
            num(int),
            signed_num(classification.audience_model_score.unwrap_or(0.0)),
            num(rules.audience_model.as_ref().map_or(0.0, |m| m.settings.margin)),
        ),
        Basis::Default if ext == 0.0 && int == 0.0 => {
            format!("no audience rule voted, so the default `{default}` applies")
        }
        Basis::Default => format!(
            "no level gives either audience a positive lead (external {}, internal {} in all), so the default `{default}` applies",
            num(ext),
            num(int)
        ),
    };
    let model = match (&rules.audience_model, classification.audience_model_score) {
        (Some(m), Some(_)) => {
            let mut score = m.explain(statement.lang, &statement.text);
            score.contributions.truncate(MODEL_WORDS_SHOWN);
            Some(score)
        }
        _ => None,
    };
    let stack = match &rules.theme_stack {
        Some(m) if m.gate.on => {
            // The themes as the rules left them: the stacked model's moves undone.
            let mut before: Vec<Theme> = classification.themes.clone();
            for call in &classification.theme_stack {
                match call.change {
                    Some(crate::model::ModelMove::Added) => before.retain(|t| *t != call.theme),
                    Some(crate::model::ModelMove::Removed) => before.push(call.theme),
                    None => {}
                }
            }
            before.sort();
            m.explain(statement, &classification, &before, STACK_FEATURES_SHOWN)
                .into_iter()
                .map(|reading| StackReading {
                    change: classification
                        .theme_stack
                        .iter()
                        .find(|c| c.theme == reading.theme)
                        .and_then(|c| c.change),
                    reading,
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let threshold = rules.settings.theme_threshold;
    let themes = Theme::ALL
        .into_iter()
        .filter_map(|t| {
            let call = classification.theme_model.iter().find(|c| c.theme == t);
            let model = match (call, &rules.theme_model) {
                (Some(call), Some(m)) => {
                    let mut reading = m.explain(t, statement.lang, &statement.text);
                    reading.contributions.truncate(MODEL_WORDS_SHOWN);
                    Some(ThemeModelReading {
                        change: call.change,
                        margin: call.margin,
                        reading,
                    })
                }
                _ => None,
            };
            let score = match classification.theme_scores.get(&t) {
                Some(s) => *s,
                None if model.is_some() => 0.0,
                None => return None,
            };
            let votes = classification
                .fired
                .iter()
                .filter(|f| Theme::parse(&f.label) == Some(t))
                .map(|f| (f.rule.clone(), f.weight))
                .collect();
            Some(ThemeDecision {
                theme: t,
                score,
                threshold,
                assigned: classification.themes.contains(&t),
                votes,
                basis: if model.is_some() {
                    Basis::Model
                } else {
                    Basis::Rules
                },
                model,
            })
        })
        .collect();
    let fired = classification
        .fired
        .iter()
        .map(|f| ExplainedRule {
            rule: f.rule.clone(),
            label: f.label.clone(),
            weight: f.weight,
            summary: rules
                .rule(&f.rule)
                .map(|r| r.summary.clone())
                .unwrap_or_default(),
            evidence: f.evidence.clone(),
        })
        .collect();
    let mut scratch = Scratch::default();
    let near_misses = rules
        .trace(&mut scratch, statement)
        .into_iter()
        .filter_map(|t| {
            let rule = &rules.rules[t.rule];
            let miss = t.miss?;
            let mut not_the_speaker = None;
            let (kind, reason, blocking) = match miss {
                NearMiss::Excluded { evidence } => (
                    MissKind::Excluded,
                    format!("vetoed by its `excludes` term {} ({}: \"{}\")", term_named(&evidence), evidence.field, evidence.matched),
                    Some(evidence),
                ),
                NearMiss::MissingRequired { group } => {
                    let fields: Vec<&str> = crate::model::Field::ALL
                        .into_iter()
                        .filter(|f| rule.requires_mask & f.bit() != 0)
                        .map(|f| f.as_str())
                        .collect();
                    // As the file writes the group: a named list by its name.
                    let written = rule.written.as_ref().map_or(&rule.requires, |w| &w.requires);
                    let terms = written.get(group).map(|g| term_list(g)).unwrap_or_default();
                    (
                        MissKind::MissingRequired,
                        format!("needs one of `requires` group {} in {}, found none: {terms}", group + 1, fields.join(", ")),
                        None,
                    )
                }
                NearMiss::TooFar { group, distance, evidence } => {
                    let within = rule.within.unwrap_or(0);
                    let how_far = if distance == usize::MAX {
                        format!("only in {}, not in the field of the match", evidence.field)
                    } else {
                        format!("{distance} characters away")
                    };
                    (
                        MissKind::TooFar,
                        format!(
                            "required term {} (group {}) found {how_far}, but `within` is {within}",
                            term_named(&evidence),
                            group + 1
                        ),
                        Some(evidence),
                    )
                }
                NearMiss::FuzzyBelow { evidence } => (
                    MissKind::FuzzyBelow,
                    format!(
                        "fuzzy term `{}` scored {} on {} \"{}\", below `fuzzy_threshold` {}",
                        evidence.term,
                        evidence.score.map_or("?".into(), |s| format!("{s:.3}")),
                        evidence.field,
                        evidence.matched,
                        num(rule.fuzzy_threshold)
                    ),
                    None,
                ),
                NearMiss::Quoted { evidence } => (
                    MissKind::Quoted,
                    format!(
                        "\"{}\" stands inside quotation marks: someone else quoting the person, not the person speaking",
                        evidence.matched
                    ),
                    Some(evidence),
                ),
                NearMiss::SpeakerNamed => (
                    MissKind::SpeakerNamed,
                    "the speaker or role field names who spoke; a person the text mentions does not outvote them".to_string(),
                    None,
                ),
                NearMiss::NotTheSpeaker { group, name, verb, why } => {
                    let reason = format!(
                        "named, but not the speaker of the reporting verb: \"{}\" … \"{}\" ({}, group {}), {}",
                        name.matched,
                        verb.matched,
                        term_named(&verb),
                        group + 1,
                        match why {
                            NotTheSpeaker::AnotherSentence => "another sentence: a sentence ends between them",
                            NotTheSpeaker::VerbBeforeName =>
                                "verb before the name: a Chinese verb follows its speaker, so the name is in a later clause",
                        }
                    );
                    not_the_speaker = Some(NotTheSpeakerReport { name, verb: verb.clone(), why });
                    (MissKind::NotTheSpeaker, reason, Some(verb))
                }
            };
            Some(NearMissReport {
                rule: rule.id.clone(),
                label: rule.label.to_string(),
                weight: rule.weight,
                kind,
                reason,
                matched: t.evidence,
                blocking,
                not_the_speaker,
            })
        })
        .collect();
    Explanation {
        statement: statement.clone(),
        audience: AudienceDecision {
            audience: classification.audience,
            basis: classification.audience_basis,
            scores,
            default,
            level: decided,
            levels,
            outranked,
            reason,
            model,
        },
        themes,
        assigned_themes: classification.themes.clone(),
        stack,
        fired,
        near_misses,
        stances: classification.stances.clone(),
        concepts: classification.concepts.clone(),
        pairing: crate::pair::candidacies(
            rules,
            &classification.themes,
            classification.audience,
            &classification.stances,
        )
        .into_iter()
        .map(|(theme, candidacy)| PairingTheme { theme, candidacy })
        .collect(),
        echoes: crate::pair::echoes(rules, classification.audience, &classification.stances),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;

    fn statement(text: &str, role: &str, venue: &str) -> Statement {
        Statement {
            role: role.into(),
            venue: venue.into(),
            ..Statement::new("t", text)
        }
    }

    fn rules(toml: &str) -> RuleSet {
        RuleSet::from_files(vec![crate::rules::SourceFile {
            path: "t.toml".into(),
            text: toml.into(),
        }])
        .unwrap()
    }

    #[test]
    fn reports_each_kind_of_near_miss() {
        let set = rules(
            r#"
[[rule]]
id = "vetoed"
label = "security"
summary = "s"
phrases = ["security"]
excludes = ["food"]

[[rule]]
id = "needs"
label = "ambition"
summary = "s"
phrases = ["great power"]
requires = ["internet*"]

[[rule]]
id = "far"
label = "standards"
summary = "s"
phrases = ["rules"]
requires = ["cyberspace"]
within = 5

[[rule]]
id = "fuzzy"
label = "external"
summary = "s"
fields = ["role"]
fuzzy = ["foreign ministry spokesperson"]
fuzzy_threshold = 0.99
"#,
        );
        let e = explain(
            &set,
            &statement(
                "Food security makes a great power; rules for all of cyberspace.",
                "foreign ministry spokesman",
                "",
            ),
        );
        let kinds: Vec<(&str, MissKind)> = e
            .near_misses
            .iter()
            .map(|n| (n.rule.as_str(), n.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("vetoed", MissKind::Excluded),
                ("needs", MissKind::MissingRequired),
                ("far", MissKind::TooFar),
                ("fuzzy", MissKind::FuzzyBelow)
            ]
        );
        assert!(e.fired.is_empty());
        let veto = &e.near_misses[0];
        assert_eq!(
            veto.blocking.as_ref().map(|b| b.matched.as_str()),
            Some("Food")
        );
        assert!(
            e.near_misses[2]
                .reason
                .contains("found 12 characters away, but `within` is 5"),
            "{}",
            e.near_misses[2].reason
        );
        assert_eq!(e.near_misses[3].matched[0].field, Field::Role);
        assert_eq!(e.audience.basis, Basis::Default);
        assert!(e.audience.reason.contains("no audience rule voted"));
    }
}
