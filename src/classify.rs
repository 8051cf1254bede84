//! Classifies statements: the rules that fire vote with their weights for an audience and for themes.
//!
//! The decision procedure (documented in `docs/rules.md`):
//! - **Audience**, by precedence: each audience rule has a level ([`Level`]): the office that spoke, the venue,
//!   the speaker, the relaying outlet, the register of the text. Levels are taken in that order; at each, the
//!   weights of the rules that fired are summed per audience, and the first level at which one audience has
//!   the higher, positive sum decides. The levels below are outranked. With no lead at any level the rule
//!   set's default audience applies and the basis says `default` — unless the rule set has an audience word
//!   model (`rules/audience-model.toml`) whose score for the text reaches its margin: then the model decides
//!   and the basis says `model`.
//! - **Themes**: the weights of the theme rules that fired are summed per theme; every theme whose sum reaches
//!   the threshold is assigned. Negative weights (trap rules) pull a theme's sum down. When the rule set has
//!   a theme word model (`rules/theme-model.toml`) its gate may then add a theme a weak rule voted for (sum
//!   above 0, below the threshold) or none did, or take away one a single rule assigned, when the model's
//!   score reaches the gate's margin for that case; never a theme a trap rule voted against. Those themes
//!   are listed in `theme_model` (their basis is the model).

use crate::model::{
    Audience, Basis, Classification, ConceptHit, Fired, Level, MatchKind, Side, StanceHit,
    Statement, Theme, ThemeModelCall,
};
use crate::rules::theme_model::RuleStanding;
use crate::rules::{Label, RuleSet, Scratch};
use crate::text::Normalized;
use std::collections::BTreeMap;

/// Classifies statements with a rule set; cheap to create, one per thread.
pub struct Classifier<'a> {
    rules: &'a RuleSet,
    scratch: Scratch,
    /// The text normalised for the word model (buffers reused).
    normalized: Normalized,
    /// Whether the audience and theme rules that fired carry their evidence.
    evidence: bool,
    /// Buffers of the stacked theme model.
    stack: crate::rules::stack::StackScratch,
}

impl<'a> Classifier<'a> {
    /// A classifier for `rules`.
    pub fn new(rules: &'a RuleSet) -> Classifier<'a> {
        Classifier {
            rules,
            scratch: Scratch::default(),
            normalized: Normalized::default(),
            evidence: true,
            stack: Default::default(),
        }
    }

    /// A classifier whose audience and theme rules come without evidence (`Fired::evidence` empty): the
    /// same decisions, for callers that keep only which rules fired, such as the index, without building
    /// evidence strings to throw away. Stances and concepts keep their terms.
    pub fn without_evidence(rules: &'a RuleSet) -> Classifier<'a> {
        Classifier {
            evidence: false,
            ..Classifier::new(rules)
        }
    }

    /// Classifies one statement, with the evidence of every rule that fired.
    pub fn classify(&mut self, statement: &Statement) -> Classification {
        let hits = if self.evidence {
            self.rules.matches(&mut self.scratch, statement)
        } else {
            self.rules
                .matches_without_votes_evidence(&mut self.scratch, statement)
        };
        // Summed audience weights per level, [external, internal].
        let mut by_level = [[0.0f32; 2]; Level::ALL.len()];
        let mut theme_scores: BTreeMap<Theme, f32> = BTreeMap::new();
        // Per theme: rules that voted, and whether any voted against (a trap).
        let mut theme_votes = [(0u32, false); 5];
        // Audience rules first, so a reader sees the audience evidence before the themes.
        let mut fired = Vec::with_capacity(hits.len());
        let mut fired_themes = Vec::new();
        let mut stances = Vec::new();
        let mut concepts = Vec::new();
        for hit in hits {
            let rule = &self.rules.rules[hit.rule];
            let (label, to) = match rule.label {
                Label::Audience(a) => {
                    let level = rule.level().unwrap_or(Level::Register);
                    by_level[level as usize][a as usize] += rule.weight;
                    (a.as_str(), &mut fired)
                }
                Label::Theme(t) => {
                    *theme_scores.entry(t).or_default() += rule.weight;
                    let v = &mut theme_votes[t.index()];
                    v.0 += 1;
                    v.1 |= rule.weight < 0.0;
                    (t.as_str(), &mut fired_themes)
                }
                Label::Stance { frame, side } => {
                    let frame = &self.rules.frames[frame as usize];
                    let charge = side == Side::External
                        && !frame.charge.is_empty()
                        && charge_only(rule, &frame.charge, &hit.evidence);
                    stances.push(StanceHit {
                        frame: frame.id.clone(),
                        side,
                        terms: hit_terms(hit.evidence),
                        charge,
                    });
                    continue;
                }
                Label::Concept(c) => {
                    concepts.push(ConceptHit {
                        concept: self.rules.concepts[c as usize].id.clone(),
                        terms: hit_terms(hit.evidence),
                    });
                    continue;
                }
            };
            to.push(Fired {
                rule: rule.id.clone(),
                label: label.to_string(),
                weight: rule.weight,
                level: rule.level(),
                evidence: hit.evidence,
            });
        }
        fired.append(&mut fired_themes);
        let decided = Level::ALL.into_iter().find_map(|level| {
            let [ext, int] = by_level[level as usize];
            if ext > int && ext > 0.0 {
                Some((Audience::External, level, ext, int))
            } else if int > ext && int > 0.0 {
                Some((Audience::Internal, level, ext, int))
            } else {
                None
            }
        });
        let mut audience_model_score = None;
        let mut audience_model_outranked = None;
        let (audience, audience_basis, audience_level, ext, int) = match decided {
            Some((a, level, ext, int)) => {
                // The model may overrule the weakest levels its gate names, when it is sure of the other
                // audience (off unless the model file sets `outranks`).
                let overrule = self.rules.audience_model.as_ref().and_then(|m| {
                    let gate = m.settings.outrank;
                    if !gate.covers(level) {
                        return None;
                    }
                    self.normalized.set_text(&statement.text);
                    let score = m.score_normalized(statement.lang, &self.normalized.text);
                    audience_model_score = Some(score);
                    gate.audience_of(score).filter(|m| *m != a)
                });
                match overrule {
                    Some(m) => {
                        audience_model_outranked = Some(level);
                        (m, Basis::Model, None, ext, int)
                    }
                    None => (a, Basis::Rules, Some(level), ext, int),
                }
            }
            None => {
                let ext = by_level.iter().map(|l| l[0]).sum();
                let int = by_level.iter().map(|l| l[1]).sum();
                // Below every rule level, above the default: the word model, when its score is clear.
                let model = self.rules.audience_model.as_ref().map(|m| {
                    self.normalized.set_text(&statement.text);
                    let score = m.score_normalized(statement.lang, &self.normalized.text);
                    audience_model_score = Some(score);
                    m.audience_of(score)
                });
                match model.flatten() {
                    Some(a) => (a, Basis::Model, None, ext, int),
                    None => {
                        let default = self.rules.settings.default_audience;
                        (default, Basis::Default, None, ext, int)
                    }
                }
            }
        };
        let mut audience_scores = BTreeMap::new();
        if ext != 0.0 {
            audience_scores.insert(Audience::External, ext);
        }
        if int != 0.0 {
            audience_scores.insert(Audience::Internal, int);
        }
        let threshold = self.rules.settings.theme_threshold;
        let mut themes: Vec<Theme> = Theme::ALL
            .into_iter()
            .filter(|t| theme_scores.get(t).is_some_and(|s| *s >= threshold - 1e-6))
            .collect();
        let mut theme_model = Vec::new();
        if let Some(m) = &self.rules.theme_model {
            let mut normalized = false;
            for t in Theme::ALL {
                let (votes, trap) = theme_votes[t.index()];
                let assigned = themes.contains(&t);
                let standing = if trap {
                    RuleStanding::Settled
                } else if votes == 0 {
                    RuleStanding::Silent
                } else if !assigned {
                    RuleStanding::Weak
                } else if votes == 1 {
                    RuleStanding::Single
                } else {
                    RuleStanding::Settled
                };
                let Some((_, margin)) = m.gate.margin_for(standing) else {
                    continue;
                };
                // Normalise once, and only for a statement the gate asks the model about.
                if !normalized {
                    self.normalized.set_text(&statement.text);
                    normalized = true;
                }
                let score = m.score_normalized(t, statement.lang, &self.normalized.text);
                if let Some(change) = m.gate.decide(standing, score) {
                    theme_model.push(ThemeModelCall {
                        theme: t,
                        change,
                        score,
                        margin,
                    });
                }
            }
            for call in &theme_model {
                match call.change {
                    crate::model::ModelMove::Added => themes.push(call.theme),
                    crate::model::ModelMove::Removed => themes.retain(|t| *t != call.theme),
                }
            }
            themes.sort();
        }
        let mut c = Classification {
            id: statement.id.clone(),
            audience,
            audience_basis,
            audience_level,
            audience_scores,
            audience_model_score,
            audience_model_outranked,
            themes,
            theme_scores,
            theme_model,
            theme_stack: Vec::new(),
            fired,
            stances,
            concepts,
        };
        // A gate that only takes themes away has nothing to do where the rules assigned none.
        let stack = self
            .rules
            .theme_stack
            .as_ref()
            .filter(|m| m.gate.on && (m.gate.add < 1.0 || !c.themes.is_empty()));
        if let Some(m) = stack {
            let p = m.probabilities(&mut self.stack, statement, &c, &c.themes);
            for t in Theme::ALL {
                let assigned = c.themes.contains(&t);
                let trap = theme_votes[t.index()].1;
                let change = m.gate.decide(assigned, trap, p[t.index()]);
                match change {
                    Some(crate::model::ModelMove::Added) => c.themes.push(t),
                    Some(crate::model::ModelMove::Removed) => c.themes.retain(|x| *x != t),
                    None => {}
                }
                if change.is_some() {
                    c.theme_stack.push(crate::model::StackCall {
                        theme: t,
                        probability: p[t.index()],
                        change,
                    });
                }
            }
            c.themes.sort();
        }
        c
    }
}

/// The distinct words of a hit's evidence, as written (a word inside a longer one adds nothing). Takes the
/// evidence, whose words move into the result.
/// True when every term of `rule`'s own (its `phrases`, `regex`, `fuzzy`, not its `requires`) that found
/// `evidence` is one of the frame's `charge` words: the stance fired on the charge alone.
fn charge_only(
    rule: &crate::rules::Rule,
    charge: &[String],
    evidence: &[crate::model::Evidence],
) -> bool {
    let is_charge = |e: &crate::model::Evidence| {
        charge
            .iter()
            .any(|c| c == &e.term || (c.starts_with('@') && e.list.as_deref() == Some(&c[1..])))
    };
    // Required terms come from `requires`, never from the stance's own terms; a word that is both is read
    // as the stance's own.
    let own = |e: &crate::model::Evidence| match e.kind {
        MatchKind::Phrase => rule.phrases.iter().any(|p| p == &e.term),
        _ => true,
    };
    let mut own_terms = evidence.iter().filter(|e| own(e)).peekable();
    own_terms.peek().is_some() && own_terms.all(is_charge)
}

fn hit_terms(evidence: Vec<crate::model::Evidence>) -> Vec<String> {
    // Each word with its lower-case form, folded once; `None` when folding changes nothing (no capital
    // letter: ASCII and Han characters have no case to fold), which is most words, so no copy is made.
    let mut out: Vec<(Option<String>, String)> = Vec::with_capacity(evidence.len());
    for e in evidence {
        let caseless = e
            .matched
            .chars()
            .all(|c| (c.is_ascii() && !c.is_ascii_uppercase()) || crate::text::is_han(c));
        let entry = if caseless {
            (None, e.matched)
        } else {
            (Some(e.matched.to_lowercase()), e.matched)
        };
        let folded = entry.0.as_deref().unwrap_or(entry.1.as_str());
        if out
            .iter()
            .any(|x| x.0.as_deref().unwrap_or(x.1.as_str()).contains(folded))
        {
            continue;
        }
        out.retain(|x| !folded.contains(x.0.as_deref().unwrap_or(x.1.as_str())));
        out.push(entry);
    }
    out.into_iter().map(|(_, w)| w).collect()
}

/// Classifies one statement with a fresh classifier; for one-off use (loops should keep a [`Classifier`]).
pub fn classify(rules: &RuleSet, statement: &Statement) -> Classification {
    Classifier::new(rules).classify(statement)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::rules::SourceFile;

    fn rules() -> RuleSet {
        RuleSet::from_files(vec![SourceFile {
            path: "t.toml".into(),
            text: r#"
[[rule]]
id = "relay"
label = "internal"
level = "relay"
summary = "s"
fields = ["venue"]
weight = 9
phrases = ["xinhua"]

[[rule]]
id = "minister"
label = "external"
level = "speaker"
summary = "s"
fields = ["role"]
weight = 1
phrases = ["foreign minister"]

[[rule]]
id = "meeting"
label = "internal"
level = "venue"
summary = "s"
fields = ["venue"]
weight = 1
phrases = ["party congress"]
"#
            .into(),
        }])
        .unwrap()
    }

    fn statement(role: &str, venue: &str) -> Statement {
        Statement {
            role: role.into(),
            venue: venue.into(),
            lang: Lang::En,
            ..Statement::new("t", "text")
        }
    }

    #[test]
    fn a_higher_level_decides_whatever_the_weights_below() {
        let set = rules();
        let c = classify(
            &set,
            &statement("Foreign Minister", "Press remarks (Xinhua)"),
        );
        assert_eq!(c.audience, Audience::External);
        assert_eq!(c.audience_level, Some(Level::Speaker));
        assert_eq!(c.audience_scores.get(&Audience::External), Some(&1.0));
        let c = classify(
            &set,
            &statement("Foreign Minister", "Speech to the Party congress (Xinhua)"),
        );
        assert_eq!(
            (c.audience, c.audience_level),
            (Audience::Internal, Some(Level::Venue))
        );
        let c = classify(&set, &statement("", "Xinhua"));
        assert_eq!(
            (c.audience, c.audience_level),
            (Audience::Internal, Some(Level::Relay))
        );
        let c = classify(&set, &statement("", ""));
        assert_eq!((c.audience_basis, c.audience_level), (Basis::Default, None));
    }

    /// A stance found on its charge words alone is marked so; one word of the position, or a stance without
    /// a `charge`, is not; nor is a required term ever read as a charge word.
    #[test]
    fn a_stance_on_charge_words_alone_is_marked_charge() {
        let set = RuleSet::from_files(vec![SourceFile {
            path: "frames.toml".into(),
            text: r#"
[[frame]]
id = "f"
summary = "s"

[frame.external]
phrases = ["backdoor*", "后门", "no evidence", "never install"]
charge = ["backdoor*", "后门"]

[frame.internal]
phrases = ["backdoor*", "duty"]
"#
            .into(),
        }])
        .unwrap();
        let stance = |text: &str, side: Side| {
            let c = classify(&set, &Statement::new("t", text));
            c.stances.into_iter().find(|h| h.side == side)
        };
        let charge = |text: &str| stance(text, Side::External).map(|h| h.charge);
        assert_eq!(charge("Foreign chips may carry backdoors."), Some(true));
        assert_eq!(charge("警惕境外芯片存在后门。"), Some(true));
        assert_eq!(charge("There is no evidence of backdoors."), Some(false));
        assert_eq!(charge("We never install anything."), Some(false));
        // The internal stance has no charge words: never marked.
        assert_eq!(
            stance("backdoors are a duty", Side::Internal).map(|h| h.charge),
            Some(false)
        );
        for classifier in [Classifier::new(&set), Classifier::without_evidence(&set)] {
            let mut classifier = classifier;
            let c = classifier.classify(&Statement::new("t", "Foreign chips may carry backdoors."));
            assert!(c
                .stances
                .iter()
                .any(|h| h.side == Side::External && h.charge));
        }
    }

    /// The index's classifier (no evidence for voting rules, regexes skipped for rules that cannot fire)
    /// decides exactly as the full one on every fixture statement, and keeps stance and concept terms.
    #[test]
    fn without_evidence_decides_as_the_full_classifier() {
        let rules = RuleSet::builtin().unwrap();
        let (mut full, mut lean) = (
            Classifier::new(&rules),
            Classifier::without_evidence(&rules),
        );
        let mut compared = 0;
        let mut fired_with_evidence = 0;
        let mut scratch = Scratch::default();
        for s in &crate::input::fixture_statements() {
            let (mut a, b) = (full.classify(s), lean.classify(s));
            assert!(b.fired.iter().all(|f| f.evidence.is_empty()), "{}", s.id);
            fired_with_evidence += a.fired.iter().filter(|f| !f.evidence.is_empty()).count();
            a.fired.iter_mut().for_each(|f| f.evidence.clear());
            assert_eq!(a, b, "{}", s.id);
            // Explain's pass runs every regex: the same rules fire.
            let fired: Vec<usize> = rules
                .matches(&mut scratch, s)
                .iter()
                .map(|h| h.rule)
                .collect();
            let traced: Vec<usize> = rules
                .trace(&mut scratch, s)
                .iter()
                .filter(|t| t.miss.is_none())
                .map(|t| t.rule)
                .collect();
            assert_eq!(fired, traced, "{}", s.id);
            compared += 1;
        }
        assert!(compared > 1000, "{compared} statements compared");
        assert!(fired_with_evidence > 1000);
    }

    /// Rules for the gate: a weak firewall rule, a single full-weight "hackers" rule, a trap rule.
    fn gated(gate: crate::rules::theme_model::ThemeGate) -> RuleSet {
        let mut set = RuleSet::from_files(vec![SourceFile {
            path: "t.toml".into(),
            text: r#"
[[rule]]
id = "a"
label = "external"
summary = "s"
phrases = ["zzz"]

[[rule]]
id = "weak"
label = "security"
summary = "s"
weight = 0.5
phrases = ["firewall"]

[[rule]]
id = "single"
label = "security"
summary = "s"
phrases = ["hackers"]

[[rule]]
id = "trap"
label = "security"
summary = "s"
weight = -0.2
phrases = ["flowers"]
"#
            .into(),
        }])
        .unwrap();
        let mut data = Vec::new();
        let mut add = |id: String, text: &str, themes: Vec<Theme>| {
            let mut s = Statement::new(&id, text);
            s.gold = Some(crate::model::Gold::new(Audience::External, themes));
            data.push(s);
        };
        for i in 0..4 {
            add(
                format!("s{i}"),
                "critical information infrastructure must be protected",
                vec![Theme::Security],
            );
            add(
                format!("n{i}"),
                "the garden festival opened in spring",
                vec![],
            );
        }
        set.theme_model = Some(crate::rules::theme_model::ThemeModel::train(
            &data,
            Vec::new(),
            1.0,
            2,
            gate,
        ));
        set
    }

    #[test]
    fn the_theme_gate_moves_only_weak_silent_or_single_rule_themes() {
        use crate::model::ModelMove;
        use crate::rules::theme_model::ThemeGate;
        let text = |t: &str| Statement::new("t", t);
        let weak_only = gated(ThemeGate {
            weak_margin: Some(1.0),
            ..ThemeGate::default()
        });
        // A weak rule and security words: added, with the model as its basis.
        let c = classify(
            &weak_only,
            &text("the firewall guards critical information infrastructure"),
        );
        assert_eq!(c.themes, vec![Theme::Security]);
        assert_eq!(c.theme_model.len(), 1);
        assert_eq!(c.theme_model[0].change, ModelMove::Added);
        // The same words with no rule at all: the bare move is off, nothing added.
        let c = classify(&weak_only, &text("critical information infrastructure"));
        assert!(c.themes.is_empty() && c.theme_model.is_empty());
        // A weak rule and off-topic words: the model is against, nothing added.
        let c = classify(
            &weak_only,
            &text("a firewall at the garden festival in spring"),
        );
        assert!(c.themes.is_empty(), "{:?}", c.theme_model);
        // A trap rule voted: never added, whatever the words.
        let c = classify(
            &weak_only,
            &text("the firewall and flowers guard critical information infrastructure"),
        );
        assert!(c.themes.is_empty(), "{:?}", c.theme_model);
        let bare = gated(ThemeGate {
            bare_margin: Some(1.0),
            ..ThemeGate::default()
        });
        let c = classify(&bare, &text("critical information infrastructure"));
        assert_eq!(c.themes, vec![Theme::Security]);
        let remove = gated(ThemeGate {
            remove_margin: Some(1.0),
            ..ThemeGate::default()
        });
        // One rule alone assigned security; the words are the festival's: taken away.
        let c = classify(&remove, &text("hackers at the garden festival in spring"));
        assert!(c.themes.is_empty());
        assert_eq!(c.theme_model[0].change, ModelMove::Removed);
        assert_eq!(c.theme_scores.get(&Theme::Security), Some(&1.0));
        // One rule and security words: kept.
        let c = classify(
            &remove,
            &text("hackers attack critical information infrastructure"),
        );
        assert_eq!(c.themes, vec![Theme::Security]);
        assert!(c.theme_model.is_empty());
        // With every margin off the model is never asked.
        let off = gated(ThemeGate::default());
        let c = classify(&off, &text("hackers at the garden festival in spring"));
        assert_eq!(c.themes, vec![Theme::Security]);
        assert!(c.theme_model.is_empty());
    }
}
