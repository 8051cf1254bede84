//! The compiled matcher: every literal term of every rule and the regexes' gate literals found in one pass
//! over each field (a hash index of how terms begin, or an Aho-Corasick automaton for rules it cannot
//! hold), word boundaries checked in code, then the regexes whose gates opened and fuzzy names.

use crate::model::{Evidence, Field, MatchKind, Statement};
use crate::rules::{gloss, Rule};
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
    /// The fields in which the slot counts (the rule's `fields`, `requires_in` or `excludes_in`), kept
    /// here so that the hot loop need not read the rule.
    mask: u8,
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

/// How many occurrences of one term in one field are kept (as evidence, and for the `within` check). More
/// would say nothing new, and keeping every one would make matching time and memory, and the output, grow
/// with the number of times a phrase repeats.
pub const EVIDENCE_PER_TERM: usize = 4;

#[derive(Debug, Default, Clone)]
struct RuleState {
    /// Its phrase, regex and fuzzy matches, at most [`EVIDENCE_PER_TERM`] of each term in each field.
    primary: Vec<Pos>,
    /// Its required terms found, with their group, capped in the same way.
    required: Vec<(u16, Pos)>,
    /// Whether the cap left some occurrence out: a rule with `within` that finds no required term near
    /// enough among those kept then looks at every occurrence (see [`Matcher::all_positions`]).
    overflow: bool,
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
    /// An attribution rule (`spk.ID.said`) found the name only inside quotation marks: someone else quoting
    /// the person, not the person speaking.
    Quoted {
        /// The quoted name.
        evidence: Evidence,
    },
    /// An attribution rule that holds only when the metadata names nobody, on a statement whose `speaker` or
    /// `role` field is filled: the named speaker speaks for the statement.
    SpeakerNamed,
    /// An attribution rule (`spk.ID.said`) found the name and a word of attribution near enough, but the name
    /// is not the speaker of the word (`names_the_speaker_of` in `speakers.rs`, session 54).
    NotTheSpeaker {
        /// 0-based index of the `requires` group of the word of attribution.
        group: usize,
        /// The name.
        name: Evidence,
        /// The word of attribution nearest the name.
        verb: Evidence,
        /// Why the name is not its speaker.
        why: crate::rules::speakers::NotTheSpeaker,
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
    /// Per rule, whether it is touched: one byte a rule, so that the check for the dozens of rules a common
    /// word is required by stays in cache (the rules' states are a hundred bytes apart).
    live: Vec<bool>,
    /// Fuzzy results per field value: names and venues repeat across a corpus.
    fuzzy_cache: [HashMap<String, Vec<(u32, Pos)>>; 5],
    /// The literal pass over each speaker, role and venue value (see [`cached_field`]): they repeat too.
    field_cache: [HashMap<String, FieldScan>; 5],
    /// The gates a field's literal pass opened, on its own (to remember them with the field's value).
    field_gates: Vec<[u8; 2]>,
    /// Rules that fired, reused between statements.
    order: Vec<u32>,
    /// Occurrences of each literal pattern in the current field (indexed by pattern), and the patterns
    /// counted, so that only those are reset.
    seen: Vec<u32>,
    seen_list: Vec<u32>,
    /// The statement's matches of patterns that some rule requires or excludes, in the order found, and
    /// whether each was past the cap ([`EVIDENCE_PER_TERM`]).
    deferred: Vec<(u32, Pos, bool)>,
    /// Per regex (numbered as in [`Matcher::gates`]) and literal set, the fields whose text holds one of
    /// the set's literals, as a bit mask (found by the literal pass, whose automaton holds the gates).
    gate_found: Vec<[u8; 2]>,
    /// The literal matches of the current field, in the order found.
    found: Vec<(usize, Pos)>,
}

/// What the literal pass found in one field value: its normalised text, the literal matches in the order
/// [`Matcher::scan`] reports them, and the gates it opened (regex number and set).
#[derive(Debug, Default, Clone)]
struct FieldScan {
    norm: Normalized,
    found: Vec<(usize, Pos)>,
    gates: Vec<(u32, u8)>,
}

/// Whether the literal pass over a field is remembered by its value: names, offices and venues repeat
/// across a corpus; the text and the source (an address) seldom do.
fn cached_field(field: Field) -> bool {
    matches!(field, Field::Speaker | Field::Role | Field::Venue)
}

/// Values remembered per field before the memory of a field is cleared (as the fuzzy results are).
const FIELD_CACHE_MAX: usize = 50_000;

/// A fuzzy term, tokenised once.
#[derive(Debug)]
struct FuzzyTerm {
    rule: u32,
    term: u32,
    tokens: Vec<String>,
}

pub(crate) struct Matcher {
    /// How the literal patterns and the regexes' gate literals are found in a text.
    finder: Finder,
    /// The literal patterns, and whether each is a prefix (`term*`).
    patterns: Vec<(String, bool)>,
    /// Each pattern as the rules write it (a prefix with its `*`), the `term` of its evidence.
    terms: Vec<String>,
    /// The uses of each pattern by the rules: its phrase uses, which can make a rule fire...
    phrase_users: Vec<Vec<Use>>,
    /// ...and its `requires` and `excludes` uses, which matter only for a rule that something else
    /// matched (see [`Matcher::collect`]).
    term_users: Vec<Vec<Use>>,
    /// Whether each rule has regexes (their matches come after the literal pass).
    has_regex: Vec<bool>,
    regex_rules: Vec<u32>,
    /// Literal gates of the regexes: every match of a gated regex begins with one of a set of literals
    /// and ends with one of another (as the regex crate's literal extraction finds them), so where the
    /// text lacks either set the regex is not run. Regexes are numbered in the order of
    /// `regex_rules`, then of each rule's `regexes`.
    gates: RegexGates,
    fuzzy_terms: Vec<FuzzyTerm>,
    fuzzy_fields: u8,
    field_mask: u8,
    /// (rule, phrase pattern) -> the index in the rule's `lists` of the named list the phrase came from.
    lists: HashMap<(u32, u32), u32>,
    aliases: BTreeMap<String, String>,
    /// The longest literal pattern, in bytes: how far around a gloss a term that spans it can reach.
    longest: usize,
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
        Matcher::build(rules, aliases, true)
    }

    /// `None` when the term index finds the terms; otherwise why every statement goes through the one
    /// automaton instead (the same matches, more slowly): each literal term, as the rules write it, that
    /// begins with neither a word character nor a CJK one, with the ids of the rules using it (empty when
    /// a regex's gate literal is the cause).
    pub(crate) fn unindexed(&self, rules: &[Rule]) -> Option<Vec<(String, Vec<String>)>> {
        if matches!(self.finder, Finder::Index(_)) {
            return None;
        }
        let cannot = |p: &str| {
            p.chars()
                .next()
                .is_none_or(|c| !word_char_fast(c) && !crate::text::is_cjk(c))
        };
        Some(
            self.patterns
                .iter()
                .enumerate()
                .filter(|(_, p)| cannot(&p.0))
                .map(|(pid, _)| {
                    let mut ids: Vec<String> = self.phrase_users[pid]
                        .iter()
                        .chain(&self.term_users[pid])
                        .map(|u| rules[u.rule as usize].id.clone())
                        .collect();
                    ids.sort();
                    ids.dedup();
                    (self.terms[pid].clone(), ids)
                })
                .collect(),
        )
    }

    /// The matcher, with the term index when `index` is set and the rules' terms allow one (see
    /// [`TermIndex`]); otherwise every term and gate literal in one automaton.
    fn build(rules: &[Rule], aliases: &BTreeMap<String, String>, use_index: bool) -> Matcher {
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
                        mask: r.field_mask,
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
                            mask: r.requires_mask,
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
                        mask: r.excludes_mask,
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
        // The first of a rule's lists that holds each of its phrases, as `Rule::list_of` finds it.
        let mut lists = HashMap::new();
        for (ri, r) in rules.iter().enumerate() {
            for (l, list) in r.lists.iter().enumerate() {
                for t in &list.terms {
                    if let Some(&pid) = index.get(t.as_str()) {
                        lists.entry((ri as u32, pid)).or_insert(l as u32);
                    }
                }
            }
        }
        let mut gates = RegexGates::new(rules, &regex_rules);
        let index = if use_index {
            TermIndex::new(&patterns, &gates)
        } else {
            None
        };
        let finder = match index {
            Some(terms) => Finder::Index(Box::new(terms)),
            None => Finder::Automaton(Literals::new(
                patterns
                    .iter()
                    .map(|p| p.0.as_bytes())
                    .chain(gates.literals.iter().map(Vec::as_slice)),
            )),
        };
        if matches!(finder, Finder::Automaton(None)) {
            // No automaton: the gates cannot be scanned, so every regex runs.
            gates.sets.iter_mut().for_each(|n| *n = 0);
        }
        let (phrase_users, term_users) = users
            .iter()
            .map(|us| us.iter().partition(|u| matches!(u.slot, Slot::Phrase)))
            .unzip();
        let mut has_regex = vec![false; rules.len()];
        for &ri in &regex_rules {
            has_regex[ri as usize] = true;
        }
        let terms = patterns
            .iter()
            .map(|(t, prefix)| if *prefix { format!("{t}*") } else { t.clone() })
            .collect();
        let longest = patterns.iter().map(|p| p.0.len()).max().unwrap_or(0);
        Matcher {
            finder,
            patterns,
            terms,
            phrase_users,
            term_users,
            has_regex,
            regex_rules,
            gates,
            fuzzy_terms,
            fuzzy_fields,
            field_mask,
            lists,
            aliases: aliases.clone(),
            longest,
        }
    }

    fn touch(scratch: &mut Scratch, rule: u32) -> &mut RuleState {
        let st = &mut scratch.state[rule as usize];
        if !st.touched {
            st.touched = true;
            scratch.touched.push(rule);
            scratch.live[rule as usize] = true;
        }
        st
    }

    /// Every rule that fires, in rule order. With `votes_evidence` false, the rules that vote (audience and
    /// theme) come without evidence: the decision is the same, but no evidence strings are built for
    /// callers that keep only which rules fired (the index). Stance and concept rules always have theirs.
    pub(crate) fn run(
        &self,
        rules: &[Rule],
        scratch: &mut Scratch,
        s: &Statement,
        votes_evidence: bool,
    ) -> Vec<RuleHit> {
        self.collect(rules, scratch, s, true);
        let mut order = std::mem::take(&mut scratch.order);
        order.clear();
        order.extend_from_slice(&scratch.touched);
        order.sort_unstable();
        let out = order
            .iter()
            .filter_map(|&ri| {
                let ri = ri as usize;
                let evidence = votes_evidence || !rules[ri].label.votes();
                self.decide(rules, scratch, s, ri, evidence)
            })
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
        self.collect(rules, scratch, s, false);
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
                .map(|p| self.evidence(rule, ri, scratch, s, p))
                .collect();
            if let Some(hit) = self.decide(rules, scratch, s, ri, true) {
                out.push(RuleTrace {
                    rule: ri,
                    evidence: hit.evidence,
                    miss: None,
                });
                continue;
            }
            let miss = if let Some(x) = &st.excluded {
                NearMiss::Excluded {
                    evidence: self.evidence(rule, ri, scratch, s, x),
                }
            } else if let Some(m) = self.attribution_miss(rule, ri, scratch, s, &st.primary) {
                m
            } else {
                self.required_miss(rules, scratch, s, ri)
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
                let evidence = self.evidence(rule, ri, scratch, s, &p);
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
        rules: &[Rule],
        scratch: &Scratch,
        s: &Statement,
        ri: usize,
    ) -> NearMiss {
        let rule = &rules[ri];
        let st = &scratch.state[ri];
        let all;
        let (primary, required) = if rule.within.is_some() && st.overflow {
            all = self.all_positions(rules, scratch, ri);
            (&all.0, &all.1)
        } else {
            (&st.primary, &st.required)
        };
        let anchors = rule.within.map(|_| Anchors::new(primary));
        for g in 0..rule.requires.len() {
            let found: Vec<&Pos> = required
                .iter()
                .filter(|(group, _)| *group as usize == g)
                .map(|(_, p)| p)
                .collect();
            if found.is_empty() {
                return NearMiss::MissingRequired { group: g };
            }
            let (Some(limit), Some(anchors)) = (rule.within, &anchors) else {
                continue;
            };
            // Exact character distances need the field's character offsets; built once, on this slow path.
            let mut offsets: [Option<Vec<u32>>; 5] = Default::default();
            let mut nearest: Option<(usize, &Pos)> = None;
            // An attribution rule's name and verb near enough but not belonging together: the nearest such pair.
            let mut not_the_speaker: Option<(
                usize,
                &Pos,
                &Pos,
                crate::rules::speakers::NotTheSpeaker,
            )> = None;
            let mut satisfied = false;
            for r in &found {
                let candidates = anchors.nearest(primary, r);
                if candidates.is_empty() {
                    if nearest.is_none() {
                        nearest = Some((usize::MAX, r));
                    }
                    continue;
                }
                let text = &scratch.norm[r.field as usize].text;
                let offsets = offsets[r.field as usize].get_or_insert_with(|| char_offsets(text));
                for p in candidates {
                    let (lo, hi) = gap(p, r);
                    let d = (offsets[hi] - offsets[lo]) as usize;
                    if nearest.is_none_or(|(best, _)| d < best) {
                        nearest = Some((d, r));
                    }
                    if d > limit as usize || rule.attribution.is_none() {
                        satisfied |= d <= limit as usize;
                        continue;
                    }
                    match crate::rules::speakers::why_not_the_speaker_of(
                        text,
                        (p.start, p.end),
                        (r.start, r.end),
                    ) {
                        None => satisfied = true,
                        Some(why) => {
                            if not_the_speaker.is_none_or(|(best, ..)| d < best) {
                                not_the_speaker = Some((d, p, r, why));
                            }
                        }
                    }
                }
            }
            if satisfied {
                continue;
            }
            if let Some((_, p, r, why)) = not_the_speaker {
                return NearMiss::NotTheSpeaker {
                    group: g,
                    name: self.evidence(rule, ri, scratch, s, p),
                    verb: self.evidence(rule, ri, scratch, s, r),
                    why,
                };
            }
            if let Some((distance, r)) = nearest {
                if distance > limit as usize {
                    return NearMiss::TooFar {
                        group: g,
                        distance,
                        evidence: self.evidence(rule, ri, scratch, s, r),
                    };
                }
            }
        }
        // Unreachable while `decide` and this function agree; report the first group rather than panic.
        NearMiss::MissingRequired { group: 0 }
    }

    /// The literal terms found in one field's normalised text, appended to `out`: pattern and position, on
    /// word boundaries, a prefix term's match stretched to the end of its word, in the order an
    /// Aho-Corasick automaton of every term reports them (by end, the longer first). With `gate_found`,
    /// the fields where each regex's gate literals occur are marked too.
    fn scan(
        &self,
        text: &str,
        field: Field,
        gate_found: Option<&mut [[u8; 2]]>,
        out: &mut Vec<(usize, Pos)>,
    ) {
        let terms = self.patterns.len();
        match &self.finder {
            Finder::Automaton(ac) => {
                let mut gate_found = gate_found;
                if let Some(ac) = ac {
                    for (pid, start, end) in ac.find_overlapping(text) {
                        if pid >= terms {
                            if let Some(found) = gate_found.as_deref_mut() {
                                self.gates.mark(found, pid - terms, field);
                            }
                            continue;
                        }
                        if on_word_boundaries(text, start, end, !self.patterns[pid].1) {
                            let prefix = self.patterns[pid].1;
                            out.push((pid, phrase_pos(text, field, pid, start, end, prefix)));
                        }
                    }
                }
            }
            Finder::Index(terms) => {
                let from = out.len();
                let mut gate_found = gate_found;
                terms.find(
                    text,
                    gate_found.is_some(),
                    |pid, start, len, prefix| {
                        out.push((
                            pid,
                            phrase_pos(text, field, pid, start, start + len, prefix),
                        ))
                    },
                    |lit| {
                        if let Some(found) = gate_found.as_deref_mut() {
                            self.gates.mark(found, lit, field);
                        }
                    },
                );
                // The automaton's order: by end, then the longer (earlier start) first, then by number.
                let lens = &terms.lens;
                out[from..].sort_unstable_by_key(|(pid, p)| {
                    (p.start + lens[*pid] as usize, p.start, *pid)
                });
            }
        }
        self.scan_across_glosses(text, field, out);
    }

    /// Every match of a literal pattern in a normalised text, overlapping, across glosses and marks too, as
    /// byte spans of `text` (a prefix pattern's to the end of its word): what [`super::phrases::PhraseSet`]
    /// counts, for a matcher of phrases alone.
    pub(crate) fn phrase_spans(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        let mut found = Vec::new();
        self.scan(text, Field::Text, None, &mut found);
        out.extend(found.iter().map(|(_, p)| (p.start, p.end)));
    }

    /// The literal terms that match `text` only across a short bracketed gloss or a quotation or title
    /// mark (see [`gloss`]), appended to `out` after the others: each found in a window of the text with
    /// the gloss or mark left out, kept when it spans the place, its span mapped back to `text` (so it
    /// takes the gloss in) and its word boundaries checked there.
    fn scan_across_glosses(&self, text: &str, field: Field, out: &mut Vec<(usize, Pos)>) {
        let cuts = gloss::cuts(text);
        if cuts.is_empty() {
            return;
        }
        let terms = self.patterns.len();
        let from = out.len();
        let mut found = Vec::new();
        for w in gloss::windows(text, &cuts, self.longest) {
            found.clear();
            match &self.finder {
                Finder::Automaton(Some(ac)) => found.extend(
                    ac.find_overlapping(&w.text)
                        .filter(|&(pid, _, _)| pid < terms)
                        .map(|(pid, start, end)| (pid, start, end, self.patterns[pid].1)),
                ),
                Finder::Automaton(None) => {}
                Finder::Index(index) => index.find(
                    &w.text,
                    false,
                    |pid, start, len, prefix| found.push((pid, start, start + len, prefix)),
                    |_| {},
                ),
            }
            for &(pid, start, end, prefix) in &found {
                if !w.spans_a_cut(start, end) {
                    continue;
                }
                let (start, end) = (w.original(start, false), w.original(end, true));
                if on_word_boundaries(text, start, end, !prefix) {
                    out.push((pid, phrase_pos(text, field, pid, start, end, prefix)));
                }
            }
        }
        // The two finders report a window's matches in different orders: put them in one.
        out[from..].sort_unstable_by_key(|(pid, p)| (p.start, p.end, *pid));
    }

    /// Every occurrence of one rule's matches and required terms, uncapped: the slow path of a `within`
    /// check when the kept occurrences were not enough to decide. Linear in the text, like the first pass.
    fn all_positions(
        &self,
        rules: &[Rule],
        scratch: &Scratch,
        ri: usize,
    ) -> (Vec<Pos>, Vec<(u16, Pos)>) {
        let rule = &rules[ri];
        let mut primary = Vec::new();
        let mut required = Vec::new();
        for field in Field::ALL {
            if (rule.field_mask | rule.requires_mask) & field.bit() == 0 {
                continue;
            }
            let mut found = Vec::new();
            self.scan(&scratch.norm[field as usize].text, field, None, &mut found);
            for (pid, pos) in found {
                let uses = self.phrase_users[pid].iter().chain(&self.term_users[pid]);
                for u in uses.filter(|u| u.rule as usize == ri) {
                    match u.slot {
                        Slot::Phrase if rule.field_mask & field.bit() != 0 => primary.push(pos),
                        Slot::Require(g) if rule.requires_mask & field.bit() != 0 => {
                            required.push((g, pos))
                        }
                        _ => {}
                    }
                }
            }
        }
        for field in &rule.fields {
            for (k, re) in rule.regexes.iter().enumerate() {
                primary.extend(
                    re.find_iter(&scratch.norm[*field as usize].text)
                        .map(|m| Pos {
                            field: *field,
                            start: m.start(),
                            end: m.end(),
                            term: k as u32,
                            kind: MatchKind::Regex,
                            score: 1.0,
                        }),
                );
            }
        }
        let st = &scratch.state[ri];
        primary.extend(st.primary.iter().filter(|p| p.kind == MatchKind::Fuzzy));
        (primary, required)
    }

    /// Runs every matcher over the statement and leaves what each rule found in `scratch`. With
    /// `only_possible`, a rule's regexes are not run when the literal pass already settled that it cannot
    /// fire (an excluding term found, a `requires` group with no term, a date outside its range): the
    /// rules that fire are the same, only explain mode needs those regex matches.
    fn collect(&self, rules: &[Rule], scratch: &mut Scratch, s: &Statement, only_possible: bool) {
        if scratch.state.len() != rules.len() {
            scratch.state = vec![RuleState::default(); rules.len()];
            scratch.touched.clear();
        }
        if scratch.live.len() != rules.len() {
            scratch.live = vec![false; rules.len()];
        }
        for r in scratch.touched.drain(..) {
            scratch.live[r as usize] = false;
            let st = &mut scratch.state[r as usize];
            st.primary.clear();
            st.required.clear();
            st.excluded = None;
            st.overflow = false;
            st.touched = false;
        }
        if scratch.gate_found.len() != self.gates.sets.len() {
            scratch.gate_found = vec![[0; 2]; self.gates.sets.len()];
        } else {
            scratch.gate_found.fill([0; 2]);
        }
        let terms = self.patterns.len();
        for field in Field::ALL {
            if self.field_mask & field.bit() == 0 {
                continue;
            }
            let value = field.of(s);
            if value.is_empty() {
                scratch.norm[field as usize].set(value);
                continue;
            }
            {
                let mut found = std::mem::take(&mut scratch.found);
                found.clear();
                let remembered = cached_field(field)
                    && match scratch.field_cache[field as usize].get(value) {
                        Some(fs) => {
                            scratch.norm[field as usize].clone_from(&fs.norm);
                            found.extend_from_slice(&fs.found);
                            for &(id, k) in &fs.gates {
                                scratch.gate_found[id as usize][k as usize] |= field.bit();
                            }
                            true
                        }
                        None => false,
                    };
                if !remembered && cached_field(field) {
                    scratch.norm[field as usize].set(value);
                    // The gates this value opens, found on their own so that they can be remembered.
                    let mut gates = std::mem::take(&mut scratch.field_gates);
                    gates.clear();
                    gates.resize(self.gates.sets.len(), [0; 2]);
                    self.scan(
                        &scratch.norm[field as usize].text,
                        field,
                        Some(gates.as_mut_slice()),
                        &mut found,
                    );
                    let mut opened = Vec::new();
                    for (id, sets) in gates.iter().enumerate() {
                        for (k, f) in sets.iter().enumerate() {
                            if *f != 0 {
                                scratch.gate_found[id][k] |= f;
                                opened.push((id as u32, k as u8));
                            }
                        }
                    }
                    scratch.field_gates = gates;
                    let cache = &mut scratch.field_cache[field as usize];
                    if cache.len() >= FIELD_CACHE_MAX {
                        cache.clear();
                    }
                    cache.insert(
                        value.to_string(),
                        FieldScan {
                            norm: scratch.norm[field as usize].clone(),
                            found: found.clone(),
                            gates: opened,
                        },
                    );
                } else if !remembered {
                    scratch.norm[field as usize].set(value);
                    self.scan(
                        &scratch.norm[field as usize].text,
                        field,
                        Some(scratch.gate_found.as_mut_slice()),
                        &mut found,
                    );
                }
                if scratch.seen.len() != terms {
                    scratch.seen = vec![0; terms];
                }
                for pid in scratch.seen_list.drain(..) {
                    scratch.seen[pid as usize] = 0;
                }
                for &(pid, pos) in &found {
                    let seen = &mut scratch.seen[pid];
                    if *seen == 0 {
                        scratch.seen_list.push(pid as u32);
                    }
                    *seen = seen.saturating_add(1);
                    let over_cap = *seen as usize > EVIDENCE_PER_TERM;
                    if *seen as usize > EVIDENCE_PER_TERM + 1 {
                        // Past the cap, an occurrence only marks the rules' overflow, which the first
                        // one past it has done: a word repeated fifty times costs five passes over its
                        // rules, not fifty.
                        continue;
                    }
                    for u in &self.phrase_users[pid] {
                        if u.mask & field.bit() == 0 {
                            continue;
                        }
                        let st = Matcher::touch(scratch, u.rule);
                        if over_cap {
                            st.overflow = true;
                        } else {
                            st.primary.push(pos);
                        }
                    }
                    if !self.term_users[pid].is_empty() {
                        scratch.deferred.push((pid as u32, pos, over_cap));
                    }
                }
                scratch.found = found;
            }
            if self.fuzzy_fields & field.bit() != 0 {
                self.fuzzy_field(rules, scratch, field);
            }
        }
        // Required and excluding terms, in the order found, only for the rules that can use them: those a
        // phrase or fuzzy name matched (touched by now) and those with regexes, whose matches come next.
        // A common word is required by dozens of rules, most of which matched nothing else.
        let mut deferred = std::mem::take(&mut scratch.deferred);
        for (pid, pos, over_cap) in deferred.drain(..) {
            for u in &self.term_users[pid as usize] {
                let ri = u.rule as usize;
                if u.mask & pos.field.bit() == 0 || !(scratch.live[ri] || self.has_regex[ri]) {
                    continue;
                }
                let st = Matcher::touch(scratch, u.rule);
                if over_cap {
                    st.overflow = true;
                    continue;
                }
                match u.slot {
                    Slot::Require(g) => st.required.push((g, pos)),
                    Slot::Exclude => {
                        st.excluded.get_or_insert(pos);
                    }
                    Slot::Phrase => {}
                }
            }
        }
        scratch.deferred = deferred;
        for (i, (&ri, &first)) in self.regex_rules.iter().zip(&self.gates.first).enumerate() {
            if !self.gates.any_open(scratch, i) {
                continue;
            }
            let rule = &rules[ri as usize];
            if only_possible && cannot_fire(rule, &scratch.state[ri as usize], s) {
                continue;
            }
            for field in &rule.fields {
                for (k, re) in rule.regexes.iter().enumerate() {
                    if !self.gates.open(scratch, *field, first as usize + k) {
                        continue;
                    }
                    let mut hits: Vec<Pos> = re
                        .find_iter(&scratch.norm[*field as usize].text)
                        .take(EVIDENCE_PER_TERM + 1)
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
                        let st = Matcher::touch(scratch, ri);
                        if hits.len() > EVIDENCE_PER_TERM {
                            hits.truncate(EVIDENCE_PER_TERM);
                            st.overflow = true;
                        }
                        st.primary.extend(hits);
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

    /// Whether rule `ri` fires on the statement, with its evidence when `evidence` is set (otherwise
    /// an empty list).
    fn decide(
        &self,
        rules: &[Rule],
        scratch: &Scratch,
        s: &Statement,
        ri: usize,
        evidence: bool,
    ) -> Option<RuleHit> {
        let rule = &rules[ri];
        let st = &scratch.state[ri];
        if st.excluded.is_some() || st.primary.is_empty() || !rule.holds_for(s) {
            return None;
        }
        if self
            .attribution_miss(rule, ri, scratch, s, &st.primary)
            .is_some()
        {
            return None;
        }
        let required_evidence = match self.required_near(rule, scratch, &st.primary, &st.required) {
            Some(found) => found,
            // Some occurrence was left out by the cap and might be the near one: look at them all.
            None if rule.within.is_some() && st.overflow => {
                let (primary, required) = self.all_positions(rules, scratch, ri);
                self.required_near(rule, scratch, &primary, &required)?
            }
            None => return None,
        };
        if !evidence {
            return Some(RuleHit {
                rule: ri,
                evidence: Vec::new(),
            });
        }
        let mut evidence: Vec<Evidence> = Vec::new();
        for p in st.primary.iter().chain(required_evidence.iter()) {
            // The first match of each place only: compare places before building any string.
            let span = scratch.norm[p.field as usize].original_span(p.start, p.end);
            if !evidence
                .iter()
                .any(|x| x.field == p.field && x.span == span)
            {
                evidence.push(self.evidence(rule, ri, scratch, s, p));
            }
        }
        Some(RuleHit { rule: ri, evidence })
    }

    /// Why an attribution rule (`spk.ID.said`) does not speak for this statement, if it does not: the
    /// metadata names the speaker (when the rule holds only for unnamed ones), or every match of the name
    /// stands inside quotation marks. `None` for any other rule.
    fn attribution_miss(
        &self,
        rule: &Rule,
        ri: usize,
        scratch: &Scratch,
        s: &Statement,
        primary: &[Pos],
    ) -> Option<NearMiss> {
        let a = rule.attribution?;
        if a.only_unnamed && !(s.speaker.trim().is_empty() && s.role.trim().is_empty()) {
            return Some(NearMiss::SpeakerNamed);
        }
        let mut quoted = None;
        for p in primary.iter().filter(|p| p.field == Field::Text) {
            let (start, _) = scratch.norm[p.field as usize].original_span(p.start, p.end);
            if !crate::text::inside_quotes(&s.text, start) {
                return None;
            }
            quoted.get_or_insert(p);
        }
        quoted.map(|p| NearMiss::Quoted {
            evidence: self.evidence(rule, ri, scratch, s, p),
        })
    }

    /// For each `requires` group, a term found (with `within`: near a primary match, which follows it);
    /// `None` when some group has none. Only the nearest primary matches before and after a required term
    /// can be near enough, so each required term costs a binary search, not a pass over every match.
    fn required_near(
        &self,
        rule: &Rule,
        scratch: &Scratch,
        primary: &[Pos],
        required: &[(u16, Pos)],
    ) -> Option<Vec<Pos>> {
        let anchors = rule.within.map(|_| Anchors::new(primary));
        let mut out = Vec::new();
        for g in 0..rule.requires.len() {
            let mut near = None;
            for (group, r) in required {
                if *group as usize != g {
                    continue;
                }
                let (Some(limit), Some(anchors)) = (rule.within, &anchors) else {
                    near = Some((*r, None));
                    break;
                };
                let text = &scratch.norm[r.field as usize].text;
                if let Some(p) = anchors.nearest(primary, r).into_iter().find(|p| {
                    chars_within(text, gap(p, r), limit as usize)
                        && (rule.attribution.is_none()
                            || crate::rules::speakers::names_the_speaker_of(
                                text,
                                (p.start, p.end),
                                (r.start, r.end),
                            ))
                }) {
                    near = Some((*r, Some(*p)));
                    break;
                }
            }
            let (r, p) = near?;
            out.push(r);
            out.extend(p);
        }
        Some(out)
    }

    /// The named list that phrase `pid` of rule `ri` came from, as [`Rule::list_of`] gives it, from a table
    /// built with the matcher: `list_of` compares the term with every term of the rule's lists, and a rule
    /// naming a long list has hundreds.
    fn list_of<'r>(&self, rule: &'r Rule, ri: usize, pid: u32) -> Option<&'r str> {
        if rule.lists.is_empty() {
            return None;
        }
        let list = *self.lists.get(&(ri as u32, pid))?;
        Some(rule.lists[list as usize].list.as_str())
    }

    fn evidence(
        &self,
        rule: &Rule,
        ri: usize,
        scratch: &Scratch,
        s: &Statement,
        p: &Pos,
    ) -> Evidence {
        let norm = &scratch.norm[p.field as usize];
        let (a, b) = norm.original_span(p.start, p.end);
        let original = p.field.of(s);
        let matched = original.get(a..b).unwrap_or("").to_string();
        let term = match p.kind {
            MatchKind::Phrase => self.terms[p.term as usize].clone(),
            MatchKind::Regex => rule.regexes[p.term as usize].as_str().to_string(),
            MatchKind::Fuzzy => rule.fuzzy[p.term as usize].clone(),
        };
        Evidence {
            field: p.field,
            span: (a, b),
            matched,
            kind: p.kind,
            score: (p.kind == MatchKind::Fuzzy).then_some((p.score * 1000.0).round() / 1000.0),
            list: match p.kind {
                MatchKind::Phrase => self.list_of(rule, ri, p.term).map(str::to_string),
                _ => None,
            },
            term,
        }
    }
}

/// The literal gates of every regex (see [`Matcher::gates`]). Their literals are found by the literal
/// pass, with the rules' terms (in the term index, or in the automaton): one pass over each field.
struct RegexGates {
    /// The gate literals of every gated regex.
    literals: Vec<Vec<u8>>,
    /// For each literal, whether every regex it opens has a word boundary right before it (so that the
    /// term index need only look for it where a word begins; see [`gate_sets`]).
    bounded: Vec<bool>,
    /// For each literal, the regexes it opens and which of their sets it belongs to.
    opens: Vec<Vec<(u32, u8)>>,
    /// How many literal sets each regex has (0: no gate, the regex always runs).
    sets: Vec<u8>,
    /// For each rule of `regex_rules`, the number of its first regex.
    first: Vec<u32>,
    /// For each rule of `regex_rules`, the fields its regexes run in (a bit mask).
    fields: Vec<u8>,
}

/// Gate literals shorter than this (in bytes) are not worth a gate: they occur almost everywhere.
const MIN_GATE_LITERAL: usize = 3;

impl RegexGates {
    fn new(rules: &[Rule], regex_rules: &[u32]) -> RegexGates {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut bounded: Vec<bool> = Vec::new();
        let mut opens: Vec<Vec<(u32, u8)>> = Vec::new();
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut sets = Vec::new();
        let mut first = Vec::new();
        let mut fields = Vec::new();
        for &ri in regex_rules {
            first.push(sets.len() as u32);
            fields.push(rules[ri as usize].fields.iter().fold(0, |m, f| m | f.bit()));
            for re in &rules[ri as usize].regexes {
                let id = sets.len() as u32;
                let gate = gate_sets(re.as_str());
                sets.push(gate.len() as u8);
                for (k, set) in gate.into_iter().enumerate() {
                    for (lit, at_boundary) in set {
                        let li = *index.entry(lit.clone()).or_insert_with(|| {
                            literals.push(lit);
                            bounded.push(true);
                            opens.push(Vec::new());
                            literals.len() - 1
                        });
                        // Looked up only where a word begins if every regex it opens allows that.
                        bounded[li] &= at_boundary;
                        if !opens[li].contains(&(id, k as u8)) {
                            opens[li].push((id, k as u8));
                        }
                    }
                }
            }
        }
        RegexGates {
            literals,
            bounded,
            opens,
            sets,
            first,
            fields,
        }
    }

    /// Marks in `found` the regexes that gate literal `lit` opens in `field`.
    fn mark(&self, found: &mut [[u8; 2]], lit: usize, field: Field) {
        for &(r, k) in &self.opens[lit] {
            found[r as usize][k as usize] |= field.bit();
        }
    }

    /// Whether regex `id` may match in `field`: it has no gate, or the literal pass found a literal of
    /// each of its sets in the field.
    fn open(&self, scratch: &Scratch, field: Field, id: usize) -> bool {
        self.sets[id] == 0 || self.found_in(scratch, id) & field.bit() != 0
    }

    /// The fields (a bit mask) in which the literal pass found a literal of each of gated regex `id`'s sets.
    fn found_in(&self, scratch: &Scratch, id: usize) -> u8 {
        let sets = self.sets[id] as usize;
        scratch.gate_found[id][..sets]
            .iter()
            .fold(u8::MAX, |fields, f| fields & f)
    }

    /// Whether some regex of the `i`-th rule of `regex_rules` may match in one of the rule's fields (see
    /// [`RegexGates::open`]). Most statements open no gate of most regex rules; this answers them from the
    /// gates alone, without reading the rule or its state.
    fn any_open(&self, scratch: &Scratch, i: usize) -> bool {
        let end = self
            .first
            .get(i + 1)
            .map_or(self.sets.len(), |&f| f as usize);
        (self.first[i] as usize..end)
            .any(|id| self.sets[id] == 0 || self.found_in(scratch, id) & self.fields[i] != 0)
    }
}

/// How a matcher finds literal terms and gate literals.
enum Finder {
    /// The terms and the gate literals (numbered as in [`RegexGates::literals`]) by [`TermIndex`].
    Index(Box<TermIndex>),
    /// One automaton of every term followed by the gate literals (numbers from `patterns.len()` on), for
    /// rules with a term the index cannot hold; `None` when there is nothing to find.
    Automaton(Option<Literals>),
}

/// The literal terms indexed by how they begin, to find them without scanning an automaton of thousands of
/// patterns byte by byte (whose tables do not fit in cache). A term that begins with a word character
/// (Latin letters, digits) matches only where a word begins (its start boundary), and there only if the
/// text's word is the term's first word (the term goes on with a non-word character, or must end on a word
/// boundary) or, for a one-word prefix term (`stem*`), begins with it: one hash lookup per word, one for
/// the word with the next, and one per stem key length in use (up to [`STEM_KEY`] bytes). A term that
/// begins with a Han character or CJK punctuation is looked up at each such character by its first one to
/// four characters. Every candidate whose next bytes agree (see [`Entry`]) is compared in full and checked
/// for word boundaries as before, so the matches are exactly the automaton's; [`Matcher::scan`] sorts them
/// into the automaton's order. The regexes' gate literals are filed in the same tables, each at the place
/// in it where the text must hold a word start or a CJK character (see [`gate_anchor`]). Terms that begin
/// otherwise (or are empty) have no index: the matcher then keeps the automaton.
struct TermIndex {
    /// First word of a term (hash) -> the terms, for terms not in `words2`.
    words: Table,
    /// The first two words of a term and the one character between them (hash) -> the terms, for terms
    /// where that is the text's first two words wherever they match (the second word is followed by a
    /// non-word character, or ends a term that is not a prefix): common first words ("china", "not",
    /// 中国) begin a hundred terms or more, which one key would all compare at every occurrence.
    words2: Table,
    /// One-word prefix terms, by their stem's first [`STEM_KEY`] bytes (hash).
    stems: Table,
    /// Bit `k` set when a stem key has `k` bytes.
    stem_lens: u64,
    /// Terms beginning with a CJK character by their first characters (hash): `cjk[0]` the terms of one
    /// character, `cjk[1]` of two, `cjk[2]` of three, `cjk[3]` the longer ones by their first four.
    cjk: [Table; CJK_KEY],
    /// One bit per key of every table, by the key's top bits: most words and characters begin no term, and
    /// this 8 KB filter answers them without a hash-table probe.
    filter: Vec<u64>,
    /// The entries of every table, each key's together.
    entries: Vec<Entry>,
    /// The terms' bytes, in the order of their entries.
    bytes: Vec<u8>,
    /// Each term's length in bytes.
    lens: Vec<u32>,
    /// Entries from this number on are gate literals (less this number): their bytes and
    /// the offset in them of the place where they are looked up (see [`gate_anchor`]).
    terms: u32,
    gates: Vec<(Vec<u8>, u32)>,
    /// Whether some gate literal is looked up at its beginning because a regex word boundary stands there:
    /// such a boundary can also stand inside a word of the walk, after a non-ASCII letter (`é5g`).
    bounded_gates: bool,
}

/// The bit of `filter` for a key.
fn filter_bit(key: u64) -> (usize, u64) {
    let x = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48;
    ((x >> 6) as usize, 1u64 << (x & 63))
}

/// The most characters of a CJK term that its key holds.
const CJK_KEY: usize = 4;

/// Key (hash) -> the range of its entries in [`TermIndex::entries`].
type Table = HashMap<u64, (u32, u32), BuildMix>;

/// One term or gate literal filed under a key: its number, and the up to 8 bytes that follow the key's
/// bytes in it (`tail_len` of them), compared with the text's before anything else: the terms under one
/// key share their first word or two ("according to", "china's"), and a hundred of them may wait there.
/// A term's entry also holds where its bytes are in [`TermIndex::bytes`] (the terms of one key side by
/// side), its length and whether it is a prefix, so that checking a candidate reads no other table.
#[derive(Debug, Clone, Copy)]
struct Entry {
    id: u32,
    key_len: u16,
    tail_len: u8,
    prefix: bool,
    tail: u64,
    /// The term's bytes: `TermIndex::bytes[off..off + len]` (gate literals: unused).
    off: u32,
    len: u32,
}

impl Entry {
    fn new(id: u32, p: &[u8], key_len: usize, prefix: bool) -> Entry {
        let rest = &p[key_len..];
        let n = rest.len().min(8);
        let mut tail = [0u8; 8];
        tail[..n].copy_from_slice(&rest[..n]);
        Entry {
            id,
            key_len: key_len as u16,
            tail_len: n as u8,
            prefix,
            tail: u64::from_le_bytes(tail),
            off: 0,
            len: p.len() as u32,
        }
    }

    /// Whether the text at `start` may hold the entry: its tail bytes are there.
    #[inline]
    fn may_match(&self, bytes: &[u8], start: usize) -> bool {
        let at = start + self.key_len as usize;
        let word = match bytes.get(at..at + 8) {
            Some(b) => u64::from_le_bytes(b.try_into().unwrap_or_default()),
            None => {
                let mut b = [0u8; 8];
                let rest = bytes.get(at..).unwrap_or_default();
                b[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(b)
            }
        };
        let mask = u64::MAX
            .checked_shr(64 - 8 * u32::from(self.tail_len))
            .unwrap_or(0);
        word & mask == self.tail
    }
}

/// Stems (`stem*`) longer than this many bytes are filed under their first this many (to the next
/// character boundary): a word is looked up at each stem length in use up to this one, not at every one.
const STEM_KEY: usize = 5;

/// FNV-1a over bytes, step by step (a word is hashed as it is read, each of its prefixes on the way).
const FNV_OFFSET: u64 = 0xcbf29ce484222325;
fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
}
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b))
}

/// A hasher for keys that are already hashes: mixes the bits (hash tables read the top and the bottom).
#[derive(Default, Clone, Copy)]
struct BuildMix;
#[derive(Default)]
struct Mix(u64);
impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d049bb133111eb);
        x ^ (x >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = fnv_step(self.0, b);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}
impl std::hash::BuildHasher for BuildMix {
    type Hasher = Mix;
    fn build_hasher(&self) -> Mix {
        Mix::default()
    }
}

/// For a term whose first word ends at byte `word`: the end of its second word when the term goes on with
/// one non-word character and a word that the text's second word must equal wherever the term matches
/// (the term goes on after it with a non-word character, or ends there and is not a prefix).
fn second_word_end(p: &str, word: usize, prefix: bool) -> Option<usize> {
    let (sep, n) = char_at(p, word)?;
    if word_char_fast(sep) {
        return None;
    }
    let start = word + n;
    let mut end = start;
    while let Some((_, n)) = char_at(p, end).filter(|(c, _)| word_char_fast(*c)) {
        end += n;
    }
    if end == start || (end == p.len() && prefix) {
        return None;
    }
    Some(end)
}

/// The character at byte `i` of `text` (a character boundary) and its length.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    text[i..].chars().next().map(|c| (c, c.len_utf8()))
}

/// [`crate::text::is_word_char`], with ASCII and CJK settled before the Unicode tables are read.
fn word_char_fast(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !crate::text::is_cjk(c) && c.is_alphanumeric()
    }
}

impl TermIndex {
    /// The index of `patterns` (text, prefix) and of the gate literals, or `None` when one of them cannot be
    /// indexed.
    fn new(patterns: &[(String, bool)], gates: &RegexGates) -> Option<TermIndex> {
        let mut index = TermIndex {
            words: Table::default(),
            words2: Table::default(),
            stems: Table::default(),
            stem_lens: 0,
            cjk: Default::default(),
            filter: vec![0; 1 << 10],
            entries: Vec::new(),
            bytes: Vec::new(),
            lens: patterns.iter().map(|p| p.0.len() as u32).collect(),
            terms: patterns.len() as u32,
            gates: Vec::with_capacity(gates.literals.len()),
            bounded_gates: false,
        };
        // Per table (words, words2, stems, cjk 1-4): key -> entries.
        let mut filed: [HashMap<u64, Vec<Entry>, BuildMix>; 3 + CJK_KEY] = Default::default();
        for (pid, (p, prefix)) in patterns.iter().enumerate() {
            let (table, key_len) = index.key(p, *prefix)?;
            let key = fnv(&p.as_bytes()[..key_len]);
            let entry = Entry::new(pid as u32, p.as_bytes(), key_len, *prefix);
            filed[table].entry(key).or_default().push(entry);
        }
        for (g, (lit, &bounded)) in gates.literals.iter().zip(&gates.bounded).enumerate() {
            let text = std::str::from_utf8(lit).ok()?;
            let at = gate_anchor(text, bounded)?;
            index.bounded_gates |= bounded && at == 0;
            // A literal holds the text from its place on, and the text's word may go on after it.
            let rest = &text[at..];
            let (table, key_len) = index.key(rest, true)?;
            let key = fnv(&rest.as_bytes()[..key_len]);
            let entry = Entry::new(index.terms + g as u32, rest.as_bytes(), key_len, false);
            filed[table].entry(key).or_default().push(entry);
            index.gates.push((lit.clone(), at as u32));
        }
        for (t, map) in filed.into_iter().enumerate() {
            let table = match t {
                0 => &mut index.words,
                1 => &mut index.words2,
                2 => &mut index.stems,
                _ => &mut index.cjk[t - 3],
            };
            for (key, mut entries) in map {
                let from = index.entries.len() as u32;
                for e in entries.iter_mut().filter(|e| e.id < index.terms) {
                    e.off = index.bytes.len() as u32;
                    index
                        .bytes
                        .extend_from_slice(patterns[e.id as usize].0.as_bytes());
                }
                index.entries.extend(entries);
                table.insert(key, (from, index.entries.len() as u32));
            }
        }
        let tables = [&index.words, &index.words2, &index.stems]
            .into_iter()
            .chain(&index.cjk);
        let keys: Vec<u64> = tables.flat_map(|t| t.keys().copied()).collect();
        for key in keys {
            let (w, bit) = filter_bit(key);
            index.filter[w] |= bit;
        }
        Some(index)
    }

    /// The table (0 words, 1 words2, 2 stems, 3.. CJK by key length) where `p` is filed, and how many of
    /// its bytes the key holds; `None` when it begins with neither a word character nor a CJK one. Records
    /// the length of a stem's key.
    fn key(&mut self, p: &str, prefix: bool) -> Option<(usize, usize)> {
        let first = p.chars().next()?;
        if word_char_fast(first) {
            let word = p
                .char_indices()
                .find(|(_, c)| !word_char_fast(*c))
                .map_or(p.len(), |(i, _)| i);
            if prefix && word == p.len() {
                let mut key_len = word.min(STEM_KEY);
                while !p.is_char_boundary(key_len) {
                    key_len += 1;
                }
                self.stem_lens |= 1u64 << key_len.min(63);
                Some((2, key_len))
            } else if let Some(two) = second_word_end(p, word, prefix) {
                Some((1, two))
            } else {
                Some((0, word))
            }
        } else if crate::text::is_cjk(first) {
            let n = p.chars().count().min(CJK_KEY);
            let key_len = p.char_indices().nth(n).map_or(p.len(), |(i, _)| i);
            Some((2 + n, key_len))
        } else {
            None
        }
    }

    /// Calls `term(pattern, start, length, prefix)` for every occurrence of a pattern in `text` that stands
    /// on the word boundaries it needs (in no particular order), and, with `with_gates`, `gate(literal)` for each
    /// gate literal found at its place (some more than once). A gate literal a regex needs at a word
    /// boundary is reported wherever the regex could match it; any other wherever the text holds it.
    fn find(
        &self,
        text: &str,
        with_gates: bool,
        mut term: impl FnMut(usize, usize, usize, bool),
        mut gate: impl FnMut(usize),
    ) {
        let bytes = text.as_bytes();
        let filter = &self.filter;
        let terms = self.terms as usize;
        let mut check = |table: &Table, key: u64, start: usize, gates_only: bool| {
            let (w, bit) = filter_bit(key);
            if filter[w] & bit == 0 {
                return;
            }
            let Some(&(from, to)) = table.get(&key) else {
                return;
            };
            for e in &self.entries[from as usize..to as usize] {
                if !e.may_match(bytes, start) {
                    continue;
                }
                let id = e.id as usize;
                if id < terms {
                    if gates_only {
                        continue;
                    }
                    let (off, len) = (e.off as usize, e.len as usize);
                    if bytes[start..].starts_with(&self.bytes[off..off + len])
                        && on_word_boundaries(text, start, start + len, !e.prefix)
                    {
                        term(id, start, len, e.prefix);
                    }
                } else if with_gates {
                    let (lit, at) = &self.gates[id - terms];
                    let at = *at as usize;
                    if start >= at && bytes[start - at..].starts_with(lit) {
                        gate(id - terms);
                    }
                }
            }
        };
        let mut i = 0;
        while let Some((c, n)) = char_at(text, i) {
            if word_char_fast(c) {
                // A word begins (the character before, if any, is not a word character): read it whole.
                let (j, wide) = self.word(text, i, false, &mut check);
                if wide && with_gates && self.bounded_gates {
                    // An ASCII letter or digit after a non-ASCII letter stands on a regex word boundary
                    // (`\b` is ASCII in the rules' regexes) though the walk reads one word: look there
                    // for the gate literals that need a boundary.
                    for q in i + 1..j {
                        if bytes[q].is_ascii_alphanumeric() && bytes[q - 1] >= 0x80 {
                            self.word(text, q, true, &mut check);
                        }
                    }
                }
                i = j;
                continue;
            }
            if crate::text::is_cjk(c) {
                let (mut h, mut k) = (FNV_OFFSET, i);
                for table in &self.cjk {
                    let Some((_, m)) = char_at(text, k) else {
                        break;
                    };
                    h = bytes[k..k + m].iter().fold(h, |h, &b| fnv_step(h, b));
                    k += m;
                    if !table.is_empty() {
                        check(table, h, i, false);
                    }
                }
            }
            i += n;
        }
    }
    /// The word of `text` that begins at `i`: `check` called with its stems, the word, the word with the
    /// next one. Returns where it ends, and whether it holds a non-ASCII character.
    #[inline]
    fn word<F: FnMut(&Table, u64, usize, bool)>(
        &self,
        text: &str,
        i: usize,
        gates_only: bool,
        check: &mut F,
    ) -> (usize, bool) {
        let bytes = text.as_bytes();
        let mut h = FNV_OFFSET;
        let mut j = i;
        let mut wide = false;
        while let Some((_, n)) = char_at(text, j).filter(|(c, _)| word_char_fast(*c)) {
            wide |= n > 1;
            for &b in &bytes[j..j + n] {
                h = fnv_step(h, b);
            }
            j += n;
            let len = (j - i).min(63);
            if self.stem_lens & (1u64 << len) != 0 {
                check(&self.stems, h, i, gates_only);
            }
        }
        check(&self.words, h, i, gates_only);
        // The second word, after one non-word character.
        if let Some((_, sep)) = char_at(text, j) {
            let mut k = j + sep;
            if !self.words2.is_empty() && char_at(text, k).is_some_and(|(c, _)| word_char_fast(c)) {
                while let Some((_, n)) = char_at(text, k).filter(|(c, _)| word_char_fast(*c)) {
                    k += n;
                }
                let h2 = bytes[j..k].iter().fold(h, |h, &b| fnv_step(h, b));
                check(&self.words2, h2, i, gates_only);
            }
        }
        (j, wide)
    }
}

/// The literal patterns in Aho-Corasick automata (DFAs, overlapping matches): one of every pattern, and a
/// smaller one of the patterns written without any character of three or more UTF-8 bytes (no Han), which
/// are all that a text without such characters can match. English text runs on the smaller automaton,
/// whose transition table (fewer states, fewer byte classes) stays in cache. Both report the matches of
/// a text in the same order: a pattern's matches at one end position come from the same chain of
/// suffixes, longest first, and every suffix of a narrow pattern is narrow.
struct Literals {
    all: AhoCorasick,
    narrow: Option<AhoCorasick>,
    /// For each pattern of `narrow`, its number among all patterns.
    narrow_ids: Vec<u32>,
}

impl Literals {
    fn new<'p>(patterns: impl Iterator<Item = &'p [u8]> + Clone) -> Option<Literals> {
        let build = |pats: Vec<&[u8]>| -> Option<AhoCorasick> {
            if pats.is_empty() {
                return None;
            }
            AhoCorasickBuilder::new()
                .match_kind(AcMatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&pats)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(AcMatchKind::Standard)
                        .build(&pats)
                })
                .ok()
        };
        let all = build(patterns.clone().collect())?;
        let (narrow_ids, narrow): (Vec<u32>, Vec<&[u8]>) = patterns
            .enumerate()
            .filter(|(_, p)| is_narrow(p))
            .map(|(i, p)| (i as u32, p))
            .unzip();
        Some(Literals {
            all,
            narrow: build(narrow),
            narrow_ids,
        })
    }

    /// Every match in `text` (overlapping), as (pattern, start, end), in the order the automaton finds them.
    fn find_overlapping<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        let (ac, ids) = match &self.narrow {
            Some(narrow) if is_narrow(text.as_bytes()) => (narrow, Some(&self.narrow_ids)),
            _ => (&self.all, None),
        };
        ac.find_overlapping_iter(text).map(move |m| {
            let pid = m.pattern().as_usize();
            let pid = ids.map_or(pid, |ids| ids[pid] as usize);
            (pid, m.start(), m.end())
        })
    }
}

/// True when `bytes` hold no lead byte of a UTF-8 sequence of three or more bytes (Han, CJK punctuation).
fn is_narrow(bytes: &[u8]) -> bool {
    !bytes.iter().any(|&b| b >= 0xE0)
}

/// A set of gate literals, each with whether a word boundary of its regex stands right before it.
type GateSet = Vec<(Vec<u8>, bool)>;

/// Up to two sets of literals such that every match of `pattern` contains one literal of each set, each
/// literal with whether a word boundary of the regex stands right before it. The regex is read as a
/// sequence of parts (`\b`, a literal, a group, a repetition...); at each part, the literal beginnings of
/// what the rest of the regex matches from there (the regex crate's prefix extraction) form a set when the
/// set is finite and each of its literals is at least [`MIN_GATE_LITERAL`] bytes long and can be found by
/// the term index (see [`gate_anchor`]). Of those sets, the one with the longest shortest literal is kept,
/// and the best of those at least two parts away from it (so that the two say different things).
fn gate_sets(pattern: &str) -> Vec<GateSet> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    use regex_syntax::hir::{Hir, HirKind, Look};
    fn flatten(h: &Hir, out: &mut Vec<Hir>) {
        match h.kind() {
            HirKind::Concat(xs) => xs.iter().for_each(|x| flatten(x, out)),
            HirKind::Capture(c) => flatten(&c.sub, out),
            _ => out.push(h.clone()),
        }
    }
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    flatten(&hir, &mut parts);
    let boundary = |h: &Hir| {
        matches!(
            h.kind(),
            HirKind::Look(
                Look::WordAscii
                    | Look::WordUnicode
                    | Look::WordStartAscii
                    | Look::WordStartUnicode
                    | Look::WordStartHalfAscii
                    | Look::WordStartHalfUnicode
            )
        )
    };
    // (part, the set, its shortest literal's length)
    let mut found: Vec<(usize, GateSet, usize)> = Vec::new();
    for k in 0..parts.len() {
        if matches!(parts[k].kind(), HirKind::Look(_)) {
            continue;
        }
        let bounded = k > 0 && boundary(&parts[k - 1]);
        let seq = Extractor::new()
            .kind(ExtractKind::Prefix)
            .extract(&Hir::concat(parts[k..].to_vec()));
        let Some(lits) = seq.literals() else {
            continue;
        };
        let set: Option<GateSet> = lits
            .iter()
            .map(|l| {
                let text = std::str::from_utf8(l.as_bytes()).ok()?;
                if text.len() < MIN_GATE_LITERAL {
                    return None;
                }
                gate_anchor(text, bounded)?;
                Some((l.as_bytes().to_vec(), bounded))
            })
            .collect();
        match set {
            Some(set) if !set.is_empty() => {
                let shortest = set.iter().map(|l| l.0.len()).min().unwrap_or(0);
                found.push((k, set, shortest));
            }
            _ => {}
        }
    }
    let best = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates.max_by_key(|&i| {
            (
                found[i].2,
                std::cmp::Reverse(found[i].1.len()),
                std::cmp::Reverse(i),
            )
        })
    };
    let Some(a) = best(&mut (0..found.len())) else {
        return Vec::new();
    };
    let b = best(&mut (0..found.len()).filter(|&i| found[i].0.abs_diff(found[a].0) >= 2));
    let mut out = vec![found[a].1.clone()];
    out.extend(b.map(|b| found[b].1.clone()));
    out
}

/// Where the term index looks gate literal `lit` up: the byte offset of a place where the text must hold
/// a word start or a CJK character wherever it holds the literal. That is the literal's beginning when a
/// word boundary of the regex stands before it (`bounded`) and it begins with an ASCII letter or digit
/// (a boundary there means the character before is not an ASCII word character: the index walk begins a
/// word there, or, after a non-ASCII letter, looks again; see [`TermIndex::find`]); otherwise its first
/// CJK character, or its first word character after a character that is not one. `None` when there is
/// no such place.
fn gate_anchor(lit: &str, bounded: bool) -> Option<usize> {
    let first = lit.chars().next()?;
    if bounded && first.is_ascii_alphanumeric() {
        return Some(0);
    }
    let mut after_word = None;
    for (i, c) in lit.char_indices() {
        if crate::text::is_cjk(c) {
            return Some(i);
        }
        let word = word_char_fast(c);
        if word && after_word == Some(false) {
            return Some(i);
        }
        after_word = Some(word);
    }
    None
}

/// True when what the literal pass found already rules the rule out, whatever its other matches: an
/// excluding term, a `requires` group with no term found (the first occurrences of every term are always
/// kept, so an empty group is empty), or a date or language outside the rule's. [`Matcher::decide`] would
/// return `None` for it.
fn cannot_fire(rule: &Rule, st: &RuleState, s: &Statement) -> bool {
    st.excluded.is_some()
        || (0..rule.requires.len()).any(|g| !st.required.iter().any(|(x, _)| *x as usize == g))
        || !rule.holds_for(s)
}

/// The evidence of a phrase term found at `start..end` of `text`: a prefix term's evidence is the whole word
/// it begins.
fn phrase_pos(text: &str, field: Field, pid: usize, start: usize, end: usize, prefix: bool) -> Pos {
    Pos {
        field,
        start,
        end: if prefix { word_end(text, end) } else { end },
        term: pid as u32,
        kind: MatchKind::Phrase,
        score: 1.0,
    }
}

/// The end of the word that continues at `from`.
fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|(_, c)| !crate::text::is_word_char(*c))
        .map_or(text.len(), |(i, _)| from + i)
}

/// The byte range between two matches (empty when they overlap).
fn gap(a: &Pos, b: &Pos) -> (usize, usize) {
    if a.end <= b.start {
        (a.end, b.start)
    } else if b.end <= a.start {
        (b.end, a.start)
    } else {
        (a.start, a.start)
    }
}

/// Whether `text[lo..hi]` holds at most `limit` characters, in time bounded by `limit`, not by the gap.
fn chars_within(text: &str, (lo, hi): (usize, usize), limit: usize) -> bool {
    let bytes = hi - lo;
    if bytes <= limit {
        return true; // a character is at least one byte
    }
    if bytes > limit.saturating_mul(4) {
        return false; // and at most four
    }
    text.get(lo..hi).is_some_and(|t| t.chars().count() <= limit)
}

/// For each byte offset of `text` (and its end), the number of characters before it.
fn char_offsets(text: &str) -> Vec<u32> {
    let mut out = Vec::with_capacity(text.len() + 1);
    let mut n = 0u32;
    for (i, c) in text.char_indices() {
        out.extend(std::iter::repeat_n(n, c.len_utf8()));
        debug_assert_eq!(out.len(), i + c.len_utf8());
        n += 1;
    }
    out.push(n);
    out
}

/// The primary matches of a rule sorted by field and start, for finding the ones nearest a required term.
struct Anchors {
    /// Indexes into the rule's primary matches, by (field, start).
    order: Vec<u32>,
    /// For each place in `order`, the index of the match ending last among those of the same field up to
    /// it: of the matches that start before a point, that one comes nearest to it.
    last_end: Vec<u32>,
}

impl Anchors {
    fn new(primary: &[Pos]) -> Anchors {
        let mut order: Vec<u32> = (0..primary.len() as u32).collect();
        order.sort_unstable_by_key(|&i| {
            let p = &primary[i as usize];
            (p.field as u8, p.start, p.end)
        });
        let mut last_end: Vec<u32> = Vec::with_capacity(order.len());
        for (k, &i) in order.iter().enumerate() {
            let p = &primary[i as usize];
            let best = match k.checked_sub(1).map(|j| last_end[j]) {
                Some(b)
                    if primary[b as usize].field == p.field && primary[b as usize].end >= p.end =>
                {
                    b
                }
                _ => i,
            };
            last_end.push(best);
        }
        Anchors { order, last_end }
    }

    /// The (at most two) matches in the field of `r` that are nearest to it: the one ending last among
    /// those starting at or before it, and the first starting after it. Every other match is farther.
    fn nearest<'a>(&self, primary: &'a [Pos], r: &Pos) -> Vec<&'a Pos> {
        let key = |i: &u32| {
            let p = &primary[*i as usize];
            (p.field as u8, p.start)
        };
        let k = self
            .order
            .partition_point(|i| key(i) <= (r.field as u8, r.start));
        let mut out = Vec::with_capacity(2);
        if let Some(j) = k.checked_sub(1) {
            let p = &primary[self.last_end[j] as usize];
            if p.field == r.field {
                out.push(p);
            }
        }
        if let Some(i) = self.order.get(k) {
            let p = &primary[*i as usize];
            if p.field == r.field {
                out.push(p);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSet, SourceFile};
    use proptest::prelude::*;

    fn rules(toml: &str) -> RuleSet {
        RuleSet::from_files(vec![SourceFile {
            path: "t.toml".into(),
            text: toml.into(),
        }])
        .unwrap()
    }

    fn statement(text: &str) -> Statement {
        crate::rules::Example {
            fields: vec![(Field::Text, text.to_string())],
        }
        .to_statement("s")
    }

    const NEAR: &str = r#"
[[rule]]
id = "t.near"
label = "security"
summary = "alpha near beta"
phrases = ["alpha"]
requires = ["beta"]
within = 10
"#;

    #[test]
    fn a_required_term_near_a_late_occurrence_is_found_past_the_cap() {
        let set = rules(NEAR);
        let mut scratch = Scratch::default();
        let filler = " xxxxxxxxxxxxxxxxxxxxxxxx ";
        let many = format!("{}alpha beta", format!("alpha{filler}").repeat(10));
        let hits = set.matches(&mut scratch, &statement(&many));
        assert_eq!(hits.len(), 1);
        // Evidence: the kept occurrences, the required term and the occurrence it is near.
        let ev = &hits[0].evidence;
        assert_eq!(
            ev.iter().filter(|e| e.term == "alpha").count(),
            EVIDENCE_PER_TERM + 1
        );
        assert!(ev.iter().any(|e| e.term == "beta"));
        // The same with the required term far from every occurrence: no hit, and explain says how far.
        let far = format!(
            "{}{filler}{filler}beta",
            format!("alpha{filler}").repeat(10)
        );
        assert!(set.matches(&mut scratch, &statement(&far)).is_empty());
        let trace = set.trace(&mut scratch, &statement(&far));
        match &trace[0].miss {
            Some(NearMiss::TooFar { distance, .. }) => {
                // Three fillers of 24 letters; normalisation makes each run of spaces one space.
                assert_eq!(*distance, 3 * 24 + 4)
            }
            other => panic!("{other:?}"),
        }
    }

    const ACROSS: &str = r#"
[[rule]]
id = "t.gov"
label = "standards"
summary = "AI governance, the BRI's digital road, 5G technology"
phrases = ["artificial intelligence governance", "人工智能治理", "belt and road initiative digital*", "第五代移动通信技术", "一带一路倡议", "clean network program", "网络安全法规定"]

[[rule]]
id = "t.req"
label = "security"
summary = "a required term across a gloss"
phrases = ["risk"]
requires = ["national security review"]
within = 40

[[rule]]
id = "t.veto"
label = "ambition"
summary = "vetoed across a gloss"
phrases = ["power"]
excludes = ["food security"]
"#;

    /// Whether `rule` fires on `text`, by both finders (the term index and the automaton), which must agree;
    /// and the words its first evidence quotes.
    fn fires_across(set: &RuleSet, rule: &str, text: &str) -> Option<String> {
        let st = statement(text);
        let by = |m: &Matcher| {
            m.run(&set.rules, &mut Scratch::default(), &st, true)
                .into_iter()
                .find(|h| set.rules[h.rule].id == rule)
                .map(|h| h.evidence[0].matched.clone())
        };
        let indexed = Matcher::new(&set.rules, &set.aliases);
        assert!(matches!(indexed.finder, Finder::Index(_)));
        let a = by(&indexed);
        assert_eq!(a, by(&automaton_matcher(set)), "{text}");
        a
    }

    #[test]
    fn a_phrase_matches_across_a_short_gloss_and_shows_it() {
        let set = rules(ACROSS);
        for (text, quoted) in [
            (
                "Rules for artificial intelligence (AI) governance are needed.",
                "artificial intelligence (AI) governance",
            ),
            ("推动人工智能（AI）治理。", "人工智能（AI）治理"),
            ("推动人工智能(AI)治理。", "人工智能(AI)治理"),
            (
                "the Belt and Road Initiative (BRI) digital corridor",
                "the Belt and Road Initiative (BRI) digital",
            ),
            ("发展第五代移动通信（5G）技术", "第五代移动通信（5G）技术"),
            ("共建“一带一路”倡议", "一带一路”倡议"),
            (
                "the so-called “Clean Network” program",
                "Clean Network” program",
            ),
            (
                "the so called \"Clean Network\" program",
                "Clean Network\" program",
            ),
            ("《網絡安全法》規定", "網絡安全法》規定"),
            (
                "artificial intelligence (2021-2025) governance",
                "artificial intelligence (2021-2025) governance",
            ),
        ] {
            let m = fires_across(&set, "t.gov", text);
            let m = m.unwrap_or_else(|| panic!("no match in {text}"));
            assert!(quoted.ends_with(m.as_str()) || m == quoted, "{text}: {m}");
            assert!(m.contains(['(', '（', '”', '"', '》']), "{text}: {m}");
        }
        // The required and the excluding terms go across a gloss too.
        assert!(fires_across(&set, "t.req", "a national security (NS) review is a risk").is_some());
        assert!(fires_across(&set, "t.veto", "a power in food (grain) security").is_none());
        assert!(fires_across(&set, "t.veto", "a power in food production").is_some());
    }

    #[test]
    fn a_clause_or_a_long_aside_in_brackets_joins_nothing() {
        let set = rules(ACROSS);
        for text in [
            "artificial intelligence (which it denies) governance",
            "artificial intelligence (see the annex) governance",
            "artificial intelligence (a field, as all agree) governance",
            "artificial intelligence (the field that the conference discussed at length) governance",
            "人工智能（专家表示）治理",
            "人工智能（包括机器学习、深度学习和大模型）治理",
            "artificial intelligence ((AI)) governance",
            "artificial intelligence (AI governance",
            "artificial intelligencegovernance (AI) rules",
        ] {
            let hit = fires_across(&set, "t.gov", text);
            assert!(hit.is_none(), "{text}: {hit:?}");
        }
        // An apostrophe inside a word is no quotation mark.
        assert!(fires_across(&set, "t.gov", "the clean network's program").is_none());
    }

    #[test]
    fn evidence_keeps_a_few_occurrences_of_a_repeated_phrase() {
        let set = rules(
            r#"
[[rule]]
id = "t.core"
label = "indigenization"
summary = "core"
phrases = ["核心技术"]
"#,
        );
        let hits = set.matches(
            &mut Scratch::default(),
            &statement(&"核心技术".repeat(1000)),
        );
        assert_eq!(hits[0].evidence.len(), EVIDENCE_PER_TERM);
        assert_eq!(hits[0].evidence[3].span, (12 * 3, 16 * 3));
    }

    /// The `within` rule, decided the slow obvious way: any pair of occurrences close enough.
    fn brute_force(text: &str, limit: usize) -> bool {
        let find = |w: &str| -> Vec<(usize, usize)> {
            text.match_indices(w)
                .filter(|(i, _)| on_word_boundaries(text, *i, i + w.len(), true))
                .map(|(i, _)| (i, i + w.len()))
                .collect()
        };
        let (a, b) = (find("alpha"), find("beta"));
        !a.is_empty()
            && b.iter().any(|r| {
                a.iter().any(|p| {
                    let (lo, hi) = if p.1 <= r.0 {
                        (p.1, r.0)
                    } else if r.1 <= p.0 {
                        (r.1, p.0)
                    } else {
                        (0, 0)
                    };
                    text[lo..hi].chars().count() <= limit
                })
            })
    }

    #[test]
    fn gate_sets_are_literals_every_match_holds() {
        let show = |p: &str| -> Vec<Vec<(String, bool)>> {
            gate_sets(p)
                .into_iter()
                .map(|set| {
                    let mut set: Vec<(String, bool)> = set
                        .into_iter()
                        .map(|(l, b)| (String::from_utf8(l).unwrap(), b))
                        .collect();
                    set.sort();
                    set
                })
                .collect()
        };
        let owned = |v: &[&str], b: bool| -> Vec<(String, bool)> {
            v.iter().map(|s| (s.to_string(), b)).collect()
        };
        assert_eq!(
            show("泛化[^。;,]{0,4}国家安全"),
            [owned(&["国家安全"], false), owned(&["泛化"], false)]
        );
        assert_eq!(
            show(r"\b(chips?|semiconductors?) [a-z]+"),
            [owned(
                &["chip ", "chips ", "semiconductor ", "semiconductors "],
                true
            )]
        );
        // Literals in the middle of the regex: a word after a boundary, a word after a space.
        assert_eq!(
            show(r"(?-u:\b)(global|international)(?-u:\b).{0,40}(?-u:\b)initiative(?-u:\b)"),
            [
                owned(&["initiative"], true),
                owned(&["global", "international"], true)
            ]
        );
        assert_eq!(
            show(r"(?-u:\b)(not|no)(?-u:\b)( [a-z]+){0,3} (exclude|target)s?"),
            [
                owned(&[" exclude", " excludes", " target", " targets"], false),
                owned(&["no ", "not "], true)
            ]
        );
        // Too short, or no finite set, or a literal that neither a boundary nor a word start anchors: no
        // gate, the regex always runs.
        assert!(show(r"\b(a|b)c?[a-z]*\b").is_empty());
        assert!(show(r"[a-z]+ing\b.*").is_empty());
        assert!(show(r"[a-z]+(giant|leader)").is_empty());
    }

    /// Every statement of the bundled `fixtures/*.jsonl`, the data both whole-matcher checks below run over.
    pub(super) fn fixture_statements() -> Vec<Statement> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.extend(crate::input::parse_jsonl_str("f", &text).unwrap());
            }
        }
        assert!(out.len() > 1000, "{} fixture statements", out.len());
        out
    }

    /// Whether every regex of `m` that matches `text` has its gate open after the literal pass over it
    /// (so that skipping the regexes whose gate is shut never changes what fires): `Err` names the first
    /// that does not; `Ok` counts the regexes that matched and those of them that have a gate.
    fn gates_hold(m: &Matcher, set: &RuleSet, text: &str) -> Result<(usize, usize), String> {
        let gates = scanned(m, text).1;
        let (mut matched, mut gated) = (0, 0);
        for (&ri, &first) in m.regex_rules.iter().zip(&m.gates.first) {
            for (k, re) in set.rules[ri as usize].regexes.iter().enumerate() {
                if !re.is_match(text) {
                    continue;
                }
                let id = first as usize + k;
                let sets = m.gates.sets[id] as usize;
                matched += 1;
                gated += usize::from(sets > 0);
                if !gates[id][..sets].iter().all(|f| f & Field::Text.bit() != 0) {
                    return Err(format!("{} on {text:?}", re.as_str()));
                }
            }
        }
        Ok((matched, gated))
    }

    /// On every field of every fixture statement, each built-in regex that matches finds its gate open,
    /// with the term index and with the automaton.
    #[test]
    fn a_regex_that_matches_always_finds_its_gate_open() {
        let set = crate::rules::RuleSet::builtin().unwrap();
        let automaton = automaton_matcher(&set);
        let mut norm = Normalized::default();
        let (mut matched, mut gated) = (0, 0);
        for s in fixture_statements() {
            for field in Field::ALL {
                norm.set(field.of(&s));
                let (m, g) = gates_hold(set.matcher(), &set, &norm.text).unwrap();
                gates_hold(&automaton, &set, &norm.text).unwrap();
                matched += m;
                gated += g;
            }
        }
        assert!(
            matched > 100 && gated * 10 > matched * 9,
            "{matched} matches, {gated} gated"
        );
    }

    /// The table of the lists phrases came from gives what `Rule::list_of` gives, for every phrase and
    /// required term of every built-in rule (evidence names the list of both).
    #[test]
    fn the_list_table_agrees_with_list_of() {
        let set = RuleSet::builtin().unwrap();
        let m = set.matcher();
        let pids: HashMap<&str, u32> = m
            .terms
            .iter()
            .enumerate()
            .map(|(pid, t)| (t.as_str(), pid as u32))
            .collect();
        let (mut terms, mut listed) = (0, 0);
        for (ri, rule) in set.rules.iter().enumerate() {
            let uses = rule.phrases.iter().chain(rule.requires.iter().flatten());
            for term in uses {
                let pid = pids[term.as_str()];
                assert_eq!(
                    m.list_of(rule, ri, pid),
                    rule.list_of(term),
                    "{} {term}",
                    rule.id
                );
                terms += 1;
                listed += usize::from(rule.list_of(term).is_some());
            }
        }
        assert!(
            listed > 0 && terms > listed,
            "{terms} terms, {listed} from lists"
        );
    }

    /// A regex rule is passed over when no regex of it has its gate open in one of its fields, and only
    /// then: on the first 2,000 fixture statements, `any_open` agrees with asking `open` of each regex and
    /// field.
    #[test]
    fn a_rule_is_passed_over_only_when_every_gate_of_it_is_shut() {
        let set = RuleSet::builtin().unwrap();
        let m = set.matcher();
        let (mut open, mut shut) = (0, 0);
        for s in crate::input::fixture_statements().iter().take(2000) {
            let mut scratch = Scratch::default();
            m.run(&set.rules, &mut scratch, s, false);
            for (i, (&ri, &first)) in m.regex_rules.iter().zip(&m.gates.first).enumerate() {
                let rule = &set.rules[ri as usize];
                let any = rule.fields.iter().any(|f| {
                    (0..rule.regexes.len()).any(|k| m.gates.open(&scratch, *f, first as usize + k))
                });
                assert_eq!(
                    m.gates.any_open(&scratch, i),
                    any,
                    "{} on {}",
                    rule.id,
                    s.id
                );
                if any {
                    open += 1;
                } else {
                    shut += 1;
                }
            }
        }
        assert!(open > 0 && shut > 0, "{open} open, {shut} shut");
    }

    /// The literal pass remembered per speaker, role and venue value finds what a fresh pass finds: one
    /// scratch kept across every fixture statement gives the same hits, evidence included, as a new
    /// scratch for each statement.
    #[test]
    fn remembered_fields_match_a_fresh_pass() {
        let set = RuleSet::builtin().unwrap();
        let mut kept = Scratch::default();
        let mut compared = 0;
        for s in &crate::input::fixture_statements() {
            let again = format!("{:?}", set.matches(&mut kept, s));
            let fresh = format!("{:?}", set.matches(&mut Scratch::default(), s));
            assert_eq!(again, fresh, "{}", s.id);
            compared += 1;
        }
        assert!(compared > 1000, "{compared} statements compared");
        let remembered: usize = kept.field_cache.iter().map(HashMap::len).sum();
        assert!(remembered > 100, "{remembered} values remembered");
    }

    /// The automaton of every term and gate literal, as rules the term index cannot hold are matched.
    fn automaton_matcher(set: &RuleSet) -> Matcher {
        let m = Matcher::build(&set.rules, &set.aliases, false);
        assert!(matches!(m.finder, Finder::Automaton(Some(_))));
        m
    }

    /// What [`Matcher::scan`] found: (pattern, start, end, term) of each match, and the gates marked.
    type Scanned = (Vec<(usize, usize, usize, usize)>, Vec<[u8; 2]>);

    fn scanned(m: &Matcher, text: &str) -> Scanned {
        let mut gates = vec![[0u8; 2]; m.gates.sets.len()];
        let mut out = Vec::new();
        m.scan(text, Field::Text, Some(&mut gates), &mut out);
        let out = out
            .iter()
            .map(|(pid, p)| (*pid, p.start, p.end, p.term as usize))
            .collect();
        (out, gates)
    }

    /// The small automaton of narrow patterns reports exactly what the automaton of every pattern reports,
    /// in the same order, on every fixture field without Han (the built-in rules' terms and gates), and
    /// the literal pass still finds Han terms in Chinese text.
    #[test]
    fn the_narrow_automaton_finds_what_the_whole_one_finds() {
        let set = crate::rules::RuleSet::builtin().unwrap();
        let m = automaton_matcher(&set);
        let Finder::Automaton(Some(lits)) = &m.finder else {
            unreachable!()
        };
        assert!(lits.narrow_ids.len() > 1000 && lits.narrow_ids.len() < lits.all.patterns_len());
        let whole = |text: &str| -> Vec<(usize, usize, usize)> {
            lits.all
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect()
        };
        let mut norm = Normalized::default();
        let (mut narrow_texts, mut matches) = (0, 0);
        for s in fixture_statements() {
            for field in Field::ALL {
                norm.set(field.of(&s));
                let found: Vec<_> = lits.find_overlapping(&norm.text).collect();
                assert_eq!(found, whole(&norm.text), "{} {:?}", s.id, field);
                if is_narrow(norm.text.as_bytes()) {
                    narrow_texts += 1;
                    matches += found.len();
                }
            }
        }
        assert!(
            narrow_texts > 1000 && matches > 1000,
            "{narrow_texts} texts, {matches} matches"
        );
        let zh: Vec<_> = lits.find_overlapping("坚持核心技术自主创新").collect();
        assert!(!zh.is_empty());
    }

    /// The term index finds exactly the matches of the automaton of every term, in the same order, on
    /// every field of every fixture statement (English, Chinese, mixed). (Their gates differ: the index
    /// looks for a literal that a regex needs after a word boundary only where one can stand.)
    #[test]
    fn the_term_index_finds_what_the_automaton_finds() {
        let set = crate::rules::RuleSet::builtin().unwrap();
        let (index, automaton) = (set.matcher(), automaton_matcher(&set));
        assert!(matches!(index.finder, Finder::Index { .. }));
        let mut norm = Normalized::default();
        let (mut texts, mut matches, mut prefixes) = (0, 0, 0);
        for s in fixture_statements() {
            for field in Field::ALL {
                norm.set(field.of(&s));
                let found = scanned(index, &norm.text);
                assert_eq!(
                    found.0,
                    scanned(&automaton, &norm.text).0,
                    "{} {:?}",
                    s.id,
                    field
                );
                texts += 1;
                matches += found.0.len();
                prefixes += found.0.iter().filter(|m| index.patterns[m.0].1).count();
            }
        }
        assert!(
            texts > 5000 && matches > 20_000 && prefixes > 500,
            "{texts} texts, {matches} matches, {prefixes} prefix matches"
        );
    }

    /// A term beginning with neither a word character nor a CJK one leaves the index out, and the
    /// automaton finds it.
    #[test]
    fn a_term_the_index_cannot_hold_keeps_the_automaton() {
        let set = rules(
            r##"
[[rule]]
id = "t.tag"
label = "security"
summary = "a hashtag"
phrases = ["#cyber", "hacker*"]
"##,
        );
        assert!(matches!(set.matcher().finder, Finder::Automaton(Some(_))));
        let hits = set.matches(&mut Scratch::default(), &statement("the #cyber hackers"));
        assert_eq!(hits[0].evidence.len(), 2);
        assert_eq!(
            set.unindexed_terms(),
            Some(vec![("#cyber".to_string(), vec!["t.tag".to_string()])])
        );
    }

    /// The bundled rules keep every term where the index finds it.
    #[test]
    fn the_bundled_rules_have_no_term_the_index_cannot_hold() {
        assert_eq!(
            crate::rules::RuleSet::builtin().unwrap().unindexed_terms(),
            None
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// On text made of pieces of terms, words, Han, apostrophes and punctuation, the term index and the
        /// automaton find the same terms in the same order, and every regex that matches finds its gate
        /// open.
        #[test]
        fn the_term_index_agrees_with_the_automaton(words in proptest::collection::vec(
            prop_oneof![Just("national"), Just("security"), Just("secur"), Just("chip"), Just("chips"),
                Just("xi"), Just("'an"), Just("'s"), Just("’"), Just("huawei"), Just("5g"), Just("核心技术"),
                Just("技术"), Just("国家安全"), Just("华为"), Just("é"), Just(" "), Just(","), Just("-"),
                Just("semiconductor"), Just("suppress"), Just("ed"), Just("foreign ministry"), Just("forum"),
                Just("china"), Just("has"), Just("always"), Just("never"), Just("exclude"), Just("_"),
                Just("global"), Just("initiative"), Just("全球"), Just("倡议"), Just("(english)"), Just("op ed"),
                Just("commentary"), Just("ü"), Just("²"), Just("中方"), Just("表示"), Just("de")],
            0..40)) {
            // Built once: the automaton of every pattern takes seconds in a test build.
            static BOTH: std::sync::OnceLock<(RuleSet, Matcher)> = std::sync::OnceLock::new();
            let (set, automaton) = BOTH.get_or_init(|| {
                let set = crate::rules::RuleSet::builtin().unwrap();
                let automaton = automaton_matcher(&set);
                (set, automaton)
            });
            let text: String = words.concat();
            let mut norm = Normalized::default();
            norm.set(&text);
            prop_assert_eq!(scanned(set.matcher(), &norm.text).0, scanned(automaton, &norm.text).0, "{}", text);
            prop_assert!(gates_hold(set.matcher(), set, &norm.text).is_ok(), "{}", text);
        }

        /// The capped first pass, the binary search and the uncapped second pass agree with brute force.
        #[test]
        fn within_agrees_with_brute_force(words in proptest::collection::vec(
            prop_oneof![Just("alpha"), Just("beta"), Just("x"), Just("长文本"), Just("yyyyyyyyyy")], 0..60)) {
            let text = words.join(" ");
            let set = rules(NEAR);
            let fired = !set.matches(&mut Scratch::default(), &statement(&text)).is_empty();
            prop_assert_eq!(fired, brute_force(&text, 10), "{}", text);
        }
    }
}
