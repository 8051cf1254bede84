//! The compiled matcher: every literal term of every rule in one Aho-Corasick automaton, word boundaries
//! checked in code, then regexes and fuzzy names for the few rules that have them.

use crate::model::{Evidence, Field, MatchKind, Statement};
use crate::rules::Rule;
use crate::text::{on_word_boundaries, Normalized};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind as AcMatchKind};
use std::collections::{BTreeMap, HashMap};

/// Which part of a rule a literal term belongs to.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Phrase,
    Require(u16),
    Exclude,
}

#[derive(Debug, Clone, Copy)]
struct Use {
    rule: u32,
    slot: Slot,
}

/// A rule that fired on a statement, and the evidence for it.
#[derive(Debug, Clone)]
pub struct RuleHit {
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// What made it fire (phrases, regexes, fuzzy names), then the required terms it found.
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy)]
struct Pos {
    field: Field,
    start: usize,
    end: usize,
    term: u32,
    kind: MatchKind,
    score: f32,
}

#[derive(Debug, Default, Clone)]
struct RuleState {
    primary: Vec<Pos>,
    required: Vec<(u16, Pos)>,
    /// The first excluding term found, if any (kept so that `explain` can say which term vetoed the rule).
    excluded: Option<Pos>,
    touched: bool,
}

/// Why a rule whose terms matched did not fire (explain mode only; the normal path never builds this).
#[derive(Debug, Clone)]
pub enum NearMiss {
    /// One of the rule's `excludes` terms was found, which vetoes it.
    Excluded {
        /// The excluding words.
        evidence: Evidence,
    },
    /// No term of a `requires` group was found.
    MissingRequired {
        /// 0-based index of the group in the rule's `requires`.
        group: usize,
    },
    /// A term of a `requires` group was found, but farther from every match than `within` allows.
    TooFar {
        /// 0-based index of the group.
        group: usize,
        /// Smallest distance in characters between a match and a term of the group (`usize::MAX` when
        /// the required term is only in another field).
        distance: usize,
        /// The nearest required words.
        evidence: Evidence,
    },
    /// A fuzzy term scored below the rule's `fuzzy_threshold`, but within [`FUZZY_NEAR_MARGIN`] of it.
    FuzzyBelow {
        /// The most similar words, with their score.
        evidence: Evidence,
    },
}

/// How far below `fuzzy_threshold` a fuzzy score may be and still count as a near miss.
pub const FUZZY_NEAR_MARGIN: f32 = 0.15;

/// What the matcher found for one rule on one statement: its matches, and why it did not fire if it did not.
#[derive(Debug, Clone)]
pub struct RuleTrace {
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// The phrases, regexes or fuzzy names it matched (for a fired rule, also the required terms).
    pub evidence: Vec<Evidence>,
    /// `None` when the rule fired; otherwise what stopped it.
    pub miss: Option<NearMiss>,
}

/// Per-thread working memory for matching, reused from one statement to the next.
#[derive(Default)]
pub struct Scratch {
    norm: [Normalized; 5],
    state: Vec<RuleState>,
    touched: Vec<u32>,
    /// Fuzzy results per field value: names and venues repeat across a corpus.
    fuzzy_cache: [HashMap<String, Vec<(u32, Pos)>>; 5],
    /// Rules that fired, reused between statements.
    order: Vec<u32>,
}

/// A fuzzy term, tokenised once.
#[derive(Debug)]
struct FuzzyTerm {
    rule: u32,
    term: u32,
    tokens: Vec<String>,
}

pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    /// The literal patterns, and whether each is a prefix (`term*`).
    patterns: Vec<(String, bool)>,
    users: Vec<Vec<Use>>,
    regex_rules: Vec<u32>,
    fuzzy_terms: Vec<FuzzyTerm>,
    fuzzy_fields: u8,
    field_mask: u8,
    aliases: BTreeMap<String, String>,
}

const STOPWORDS: &[&str] = &[
    "of", "the", "for", "and", "s", "on", "in", "at", "a", "an", "to",
];

/// Splits a normalised name into comparable words: aliases expanded, stop words dropped.
fn tokens(text: &str, aliases: &BTreeMap<String, String>) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let push = |s: usize, e: usize, out: &mut Vec<(String, usize, usize)>| {
        let w = &text[s..e];
        if STOPWORDS.contains(&w) {
            return;
        }
        match aliases.get(w) {
            Some(expansion) => out.extend(expansion.split(' ').map(|x| (x.to_string(), s, e))),
            None => out.push((w.to_string(), s, e)),
        }
    };
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric();
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

/// Similarity of a name to a term: each of the term's words is matched to its most similar word of the
/// name (Jaro-Winkler), and the mean of those is the score, so word order and extra words do not matter.
fn fuzzy_score(term: &[String], name: &[(String, usize, usize)]) -> (f32, usize, usize) {
    if term.is_empty() || name.is_empty() {
        return (0.0, 0, 0);
    }
    let mut total = 0.0;
    let (mut lo, mut hi) = (usize::MAX, 0);
    for t in term {
        let mut best = (0.0, 0, 0);
        for (w, s, e) in name {
            let sim = strsim::jaro_winkler(t, w);
            if sim > best.0 {
                best = (sim, *s, *e);
            }
        }
        total += best.0;
        if best.0 > 0.7 {
            lo = lo.min(best.1);
            hi = hi.max(best.2);
        }
    }
    if lo > hi {
        (lo, hi) = (0, 0);
    }
    ((total / term.len() as f64) as f32, lo, hi)
}

impl Matcher {
    pub(crate) fn new(rules: &[Rule], aliases: &BTreeMap<String, String>) -> Matcher {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut patterns = Vec::new();
        let mut users: Vec<Vec<Use>> = Vec::new();
        let mut add = |term: &str, u: Use| {
            let id = *index.entry(term.to_string()).or_insert_with(|| {
                patterns.push((term.trim_end_matches('*').to_string(), term.ends_with('*')));
                users.push(Vec::new());
                (patterns.len() - 1) as u32
            });
            users[id as usize].push(u);
        };
        let mut regex_rules = Vec::new();
        let mut fuzzy_terms = Vec::new();
        let mut fuzzy_fields = 0;
        let mut field_mask = 0;
        for (ri, r) in rules.iter().enumerate() {
            let rule = ri as u32;
            field_mask |= r.field_mask | r.requires_mask | r.excludes_mask;
            for p in &r.phrases {
                add(
                    p,
                    Use {
                        rule,
                        slot: Slot::Phrase,
                    },
                );
            }
            for (g, group) in r.requires.iter().enumerate() {
                for t in group {
                    add(
                        t,
                        Use {
                            rule,
                            slot: Slot::Require(g as u16),
                        },
                    );
                }
            }
            for t in &r.excludes {
                add(
                    t,
                    Use {
                        rule,
                        slot: Slot::Exclude,
                    },
                );
            }
            if !r.regexes.is_empty() {
                regex_rules.push(rule);
            }
            for (ti, t) in r.fuzzy.iter().enumerate() {
                fuzzy_fields |= r.field_mask;
                fuzzy_terms.push(FuzzyTerm {
                    rule,
                    term: ti as u32,
                    tokens: tokens(t, aliases).into_iter().map(|t| t.0).collect(),
                });
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(AcMatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns.iter().map(|p| p.0.as_str()))
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(AcMatchKind::Standard)
                        .build(patterns.iter().map(|p| p.0.as_str()))
                })
                .ok()
        };
        Matcher {
            ac,
            patterns,
            users,
            regex_rules,
            fuzzy_terms,
            fuzzy_fields,
            field_mask,
            aliases: aliases.clone(),
        }
    }

    fn touch(scratch: &mut Scratch, rule: u32) -> &mut RuleState {
        let st = &mut scratch.state[rule as usize];
        if !st.touched {
            st.touched = true;
            scratch.touched.push(rule);
        }
        st
    }

    pub(crate) fn run(&self, rules: &[Rule], scratch: &mut Scratch, s: &Statement) -> Vec<RuleHit> {
        self.collect(rules, scratch, s);
        let mut order = std::mem::take(&mut scratch.order);
        order.clear();
        order.extend_from_slice(&scratch.touched);
        order.sort_unstable();
        let out = order
            .iter()
            .filter_map(|&ri| self.decide(rules, scratch, s, ri as usize))
            .collect();
        scratch.order = order;
        out
    }

    /// Explain mode: every rule that matched anything, fired or not, with what stopped it; plus fuzzy
    /// terms that scored just below their threshold. Slower than [`Matcher::run`], and kept apart from it.
    pub(crate) fn trace(
        &self,
        rules: &[Rule],
        scratch: &mut Scratch,
        s: &Statement,
    ) -> Vec<RuleTrace> {
        self.collect(rules, scratch, s);
        let mut touched = scratch.touched.clone();
        touched.sort_unstable();
        let mut out = Vec::new();
        for ri in touched {
            let ri = ri as usize;
            let rule = &rules[ri];
            let st = &scratch.state[ri];
            if st.primary.is_empty() {
                continue; // only required or excluding terms matched: not close to firing
            }
            let primary: Vec<Evidence> = st
                .primary
                .iter()
                .map(|p| self.evidence(rule, scratch, s, p))
                .collect();
            if let Some(hit) = self.decide(rules, scratch, s, ri) {
                out.push(RuleTrace {
                    rule: ri,
                    evidence: hit.evidence,
                    miss: None,
                });
                continue;
            }
            let miss = if let Some(x) = &st.excluded {
                NearMiss::Excluded {
                    evidence: self.evidence(rule, scratch, s, x),
                }
            } else {
                self.required_miss(rule, scratch, s, st)
            };
            out.push(RuleTrace {
                rule: ri,
                evidence: primary,
                miss: Some(miss),
            });
        }
        for ft in &self.fuzzy_terms {
            let ri = ft.rule as usize;
            let rule = &rules[ri];
            if out.iter().any(|t| t.rule == ri) {
                continue;
            }
            let mut best: Option<Pos> = None;
            for field in &rule.fields {
                let name = tokens(&scratch.norm[*field as usize].text, &self.aliases);
                let (score, lo, hi) = fuzzy_score(&ft.tokens, &name);
                if score < rule.fuzzy_threshold
                    && score >= rule.fuzzy_threshold - FUZZY_NEAR_MARGIN
                    && best.is_none_or(|b| score > b.score)
                {
                    best = Some(Pos {
                        field: *field,
                        start: lo,
                        end: hi,
                        term: ft.term,
                        kind: MatchKind::Fuzzy,
                        score,
                    });
                }
            }
            if let Some(p) = best {
                let evidence = self.evidence(rule, scratch, s, &p);
                out.push(RuleTrace {
                    rule: ri,
                    evidence: vec![evidence.clone()],
                    miss: Some(NearMiss::FuzzyBelow { evidence }),
                });
            }
        }
        out.sort_by_key(|t| t.rule);
        out
    }

    /// The first `requires` group that stopped a rule, and how.
    fn required_miss(
        &self,
        rule: &Rule,
        scratch: &Scratch,
        s: &Statement,
        st: &RuleState,
    ) -> NearMiss {
        for g in 0..rule.requires.len() {
            let found: Vec<&Pos> = st
                .required
                .iter()
                .filter(|(group, _)| *group as usize == g)
                .map(|(_, p)| p)
                .collect();
            if found.is_empty() {
                return NearMiss::MissingRequired { group: g };
            }
            let Some(limit) = rule.within else { continue };
            let mut nearest: Option<(usize, &Pos)> = None;
            for r in &found {
                for p in &st.primary {
                    let d = if p.field == r.field {
                        char_distance(&scratch.norm[p.field as usize].text, p, r)
                    } else {
                        usize::MAX
                    };
                    if nearest.is_none_or(|(best, _)| d < best) {
                        nearest = Some((d, r));
                    }
                }
            }
            if let Some((distance, r)) = nearest {
                if distance > limit as usize {
                    return NearMiss::TooFar {
                        group: g,
                        distance,
                        evidence: self.evidence(rule, scratch, s, r),
                    };
                }
            }
        }
        // Unreachable while `decide` and this function agree; report the first group rather than panic.
        NearMiss::MissingRequired { group: 0 }
    }

    /// Runs every matcher over the statement and leaves what each rule found in `scratch`.
    fn collect(&self, rules: &[Rule], scratch: &mut Scratch, s: &Statement) {
        if scratch.state.len() != rules.len() {
            scratch.state = vec![RuleState::default(); rules.len()];
        }
        for r in scratch.touched.drain(..) {
            let st = &mut scratch.state[r as usize];
            st.primary.clear();
            st.required.clear();
            st.excluded = None;
            st.touched = false;
        }
        for field in Field::ALL {
            if self.field_mask & field.bit() == 0 {
                continue;
            }
            let value = field.of(s);
            scratch.norm[field as usize].set(value);
            if value.is_empty() {
                continue;
            }
            if let Some(ac) = &self.ac {
                let text = std::mem::take(&mut scratch.norm[field as usize].text);
                for m in ac.find_overlapping_iter(text.as_str()) {
                    let pid = m.pattern().as_usize();
                    let prefix = self.patterns[pid].1;
                    if !on_word_boundaries(&text, m.start(), m.end(), !prefix) {
                        continue;
                    }
                    // A prefix term's evidence is the whole word it begins.
                    let end = if prefix {
                        word_end(&text, m.end())
                    } else {
                        m.end()
                    };
                    for u in &self.users[pid] {
                        let rule = &rules[u.rule as usize];
                        let mask = match u.slot {
                            Slot::Phrase => rule.field_mask,
                            Slot::Require(_) => rule.requires_mask,
                            Slot::Exclude => rule.excludes_mask,
                        };
                        if mask & field.bit() == 0 {
                            continue;
                        }
                        let pos = Pos {
                            field,
                            start: m.start(),
                            end,
                            term: pid as u32,
                            kind: MatchKind::Phrase,
                            score: 1.0,
                        };
                        let st = Matcher::touch(scratch, u.rule);
                        match u.slot {
                            Slot::Phrase => st.primary.push(pos),
                            Slot::Require(g) => st.required.push((g, pos)),
                            Slot::Exclude => {
                                st.excluded.get_or_insert(pos);
                            }
                        }
                    }
                }
                scratch.norm[field as usize].text = text;
            }
            if self.fuzzy_fields & field.bit() != 0 {
                self.fuzzy_field(rules, scratch, field);
            }
        }
        for &ri in &self.regex_rules {
            let rule = &rules[ri as usize];
            for field in &rule.fields {
                for (k, re) in rule.regexes.iter().enumerate() {
                    let hits: Vec<Pos> = re
                        .find_iter(&scratch.norm[*field as usize].text)
                        .map(|m| Pos {
                            field: *field,
                            start: m.start(),
                            end: m.end(),
                            term: k as u32,
                            kind: MatchKind::Regex,
                            score: 1.0,
                        })
                        .collect();
                    if !hits.is_empty() {
                        Matcher::touch(scratch, ri).primary.extend(hits);
                    }
                }
            }
        }
    }

    fn fuzzy_field(&self, rules: &[Rule], scratch: &mut Scratch, field: Field) {
        let text = &scratch.norm[field as usize].text;
        let cache = &scratch.fuzzy_cache[field as usize];
        let found = match cache.get(text.as_str()) {
            Some(found) => found.clone(),
            None => {
                let name = tokens(text, &self.aliases);
                let mut found = Vec::new();
                for ft in &self.fuzzy_terms {
                    let rule = &rules[ft.rule as usize];
                    if rule.field_mask & field.bit() == 0 {
                        continue;
                    }
                    let (score, lo, hi) = fuzzy_score(&ft.tokens, &name);
                    if score >= rule.fuzzy_threshold {
                        found.push((
                            ft.rule,
                            Pos {
                                field,
                                start: lo,
                                end: hi,
                                term: ft.term,
                                kind: MatchKind::Fuzzy,
                                score,
                            },
                        ));
                    }
                }
                let cache = &mut scratch.fuzzy_cache[field as usize];
                if cache.len() > 50_000 {
                    cache.clear();
                }
                cache.insert(text.clone(), found.clone());
                found
            }
        };
        for (rule, pos) in found {
            Matcher::touch(scratch, rule).primary.push(pos);
        }
    }

    fn decide(
        &self,
        rules: &[Rule],
        scratch: &Scratch,
        s: &Statement,
        ri: usize,
    ) -> Option<RuleHit> {
        let rule = &rules[ri];
        let st = &scratch.state[ri];
        if st.excluded.is_some() || st.primary.is_empty() || !rule.holds_on(&s.date) {
            return None;
        }
        // Each required group needs a match; with `within`, near one of the primary matches.
        let mut required_evidence = Vec::new();
        for g in 0..rule.requires.len() {
            let near = st
                .required
                .iter()
                .filter(|(group, _)| *group as usize == g)
                .find(|(_, r)| match rule.within {
                    None => true,
                    Some(limit) => st.primary.iter().any(|p| {
                        p.field == r.field
                            && char_distance(&scratch.norm[p.field as usize].text, p, r)
                                <= limit as usize
                    }),
                });
            match near {
                Some((_, pos)) => required_evidence.push(*pos),
                None => return None,
            }
        }
        let mut evidence: Vec<Evidence> = Vec::new();
        for p in st.primary.iter().chain(required_evidence.iter()) {
            let e = self.evidence(rule, scratch, s, p);
            if !evidence
                .iter()
                .any(|x| x.field == e.field && x.span == e.span)
            {
                evidence.push(e);
            }
        }
        Some(RuleHit { rule: ri, evidence })
    }

    fn evidence(&self, rule: &Rule, scratch: &Scratch, s: &Statement, p: &Pos) -> Evidence {
        let norm = &scratch.norm[p.field as usize];
        let (a, b) = norm.original_span(p.start, p.end);
        let original = p.field.of(s);
        let matched = original.get(a..b).unwrap_or("").to_string();
        let term = match p.kind {
            MatchKind::Phrase => {
                let (t, prefix) = &self.patterns[p.term as usize];
                if *prefix {
                    format!("{t}*")
                } else {
                    t.clone()
                }
            }
            MatchKind::Regex => rule.regexes[p.term as usize].as_str().to_string(),
            MatchKind::Fuzzy => rule.fuzzy[p.term as usize].clone(),
        };
        Evidence {
            field: p.field,
            span: (a, b),
            matched,
            term,
            kind: p.kind,
            score: (p.kind == MatchKind::Fuzzy).then_some((p.score * 1000.0).round() / 1000.0),
        }
    }
}

/// The end of the word that continues at `from`.
fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|(_, c)| !crate::text::is_word_char(*c))
        .map_or(text.len(), |(i, _)| from + i)
}

fn char_distance(text: &str, a: &Pos, b: &Pos) -> usize {
    let (lo, hi) = if a.end <= b.start {
        (a.end, b.start)
    } else if b.end <= a.start {
        (b.end, a.start)
    } else {
        return 0;
    };
    text.get(lo..hi).map_or(usize::MAX, |t| t.chars().count())
}
