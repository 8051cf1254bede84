//! How `contrast` moves its data, so that memory holds a few bytes per statement paired and one theme's
//! working set, never every record, every statement's features, nor every theme's table:
//!
//! 1. **One pass.** The documents of every theme asked for (both sides; the external side narrowed by the
//!    query and the ids given) are listed without reading them, then each is read and parsed **once**
//!    whatever the number of its themes (its words come from the index's `words` field, tokenised when it
//!    was indexed), in chunks of [`CHUNK`] in parallel. Its features (its
//!    content words as numbers, interned in order of first sight, with their idf; its concepts and frames
//!    as numbers; the first [`super::HEAD_CHARS`] characters of its text, for the near-duplicate check)
//!    go to a temporary file ([`Spill`]); memory keeps its place in the index, which themes and side it is
//!    on and where its features are (an [`Entry`], 32 bytes), its id until the statements are ordered,
//!    and the vocabulary. Records and word strings are dropped chunk by chunk.
//! 2. **Theme by theme.** A theme's statements get their features back from the file (words renumbered
//!    in the words' sorted order, the frames of that theme), candidates, scores and the assignment; then only the kept pairs' records are read
//!    again (in index order) to word their reasons, and the theme's table is handed to the caller, which
//!    writes it before the next theme is paired. Nothing of a theme outlives its table.
//!
//! Results are those of pairing each theme on its own: the same features, scores (the word cosine adds
//! the same products in the same order, since word numbers keep the words' order), candidates and order.

use super::{
    assign_grouped, assign_grouped_with_reuse_cost, number_words, CandidateIndex, ContentWords,
    Edge, Features, Pair, PairOptions, Reason, ReuseCost, Scorer, Scratch, ThemeContrast, Widen,
};
use crate::error::{Error, Narrowed, Result};
use crate::index::StatementIndex;
use crate::model::{Audience, Indexed, Lang, Theme};
use crate::rules::RuleSet;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;
use tantivy::DocAddress;

/// Records read and parsed together in the pass (their records are dropped after each chunk).
const CHUNK: usize = 4096;

/// A statement being paired, as little of it as stays in memory: where it is in the index, which themes
/// and side it is on, and where its features wait in the [`Spill`] file (about 32 bytes a statement).
struct Entry {
    doc: DocAddress,
    /// Bit `k` set: the statement is on its side (its audience) of `themes[k]`.
    themes: u32,
    audience: Audience,
    /// Where its features are in the [`Spill`] file: offset and length in bytes.
    at: (u64, u32),
}

/// The statements' features (content words as numbers with their idf, concepts, frames of every theme,
/// the head of the text), in an unnamed temporary file while the statements wait for their theme, so
/// that memory holds a few bytes per statement, not its features (≈ 0.7 KB with the words).
struct Spill {
    file: std::io::BufWriter<std::fs::File>,
    end: u64,
    /// One statement's features being encoded.
    buf: Vec<u8>,
}

const SPILL: &str = "temporary file of statement features";

fn spill_err(source: std::io::Error) -> Error {
    Error::Io {
        path: SPILL.to_string(),
        source,
    }
}

fn put_u32(buf: &mut Vec<u8>, x: u32) {
    buf.extend_from_slice(&x.to_le_bytes());
}

fn put_f32(buf: &mut Vec<u8>, x: f32) {
    buf.extend_from_slice(&x.to_le_bytes());
}

/// Reads back what [`Spill::push`] wrote, in order.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        if self.0.len() < n {
            return Err(spill_err(std::io::ErrorKind::UnexpectedEof.into()));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn len(&mut self) -> Result<usize> {
        Ok(self.u32()? as usize)
    }
}

impl Spill {
    fn new() -> Result<Spill> {
        Ok(Spill {
            file: std::io::BufWriter::with_capacity(
                1 << 20,
                tempfile::tempfile().map_err(spill_err)?,
            ),
            end: 0,
            buf: Vec::new(),
        })
    }

    /// Writes a statement's features (its words as `(number, idf)`, numbered in order of first sight)
    /// and returns where they are.
    fn push(&mut self, f: &Features, words: &[(u32, f32)]) -> Result<(u64, u32)> {
        use std::io::Write;
        let b = &mut self.buf;
        b.clear();
        put_f32(b, f.word_norm);
        put_f32(b, f.concept_norm);
        b.push(u8::from(f.lang == Lang::Zh));
        put_u32(b, words.len() as u32);
        for &(n, idf) in words {
            put_u32(b, n);
            put_f32(b, idf);
        }
        put_u32(b, f.concepts.len() as u32);
        for &(c, idf) in &f.concepts {
            put_u32(b, c as u32);
            put_f32(b, idf);
        }
        put_u32(b, f.frames.len() as u32);
        for &(frame, terms) in &f.frames {
            put_u32(b, frame as u32);
            put_u32(b, terms as u32);
        }
        put_u32(b, f.crossed.len() as u32);
        for &frame in &f.crossed {
            put_u32(b, frame as u32);
        }
        put_u32(b, f.head.len() as u32);
        b.extend_from_slice(f.head.as_bytes());
        self.file.write_all(b).map_err(spill_err)?;
        let at = (self.end, b.len() as u32);
        self.end += b.len() as u64;
        Ok(at)
    }

    /// Makes everything pushed readable.
    fn flush(&mut self) -> Result<()> {
        use std::io::Write;
        self.file.flush().map_err(spill_err)
    }

    /// A statement's features as pushed, its words renumbered by `renumber` and sorted by number.
    fn read(&self, (at, len): (u64, u32), renumber: &[u32]) -> Result<Features> {
        let mut bytes = vec![0u8; len as usize];
        crate::dedup::read_exact_at(self.file.get_ref(), &mut bytes, at).map_err(spill_err)?;
        let mut r = Reader(&bytes);
        let word_norm = r.f32()?;
        let concept_norm = r.f32()?;
        let lang = if r.take(1)?[0] == 1 {
            Lang::Zh
        } else {
            Lang::En
        };
        let n = r.len()?;
        let mut words: Vec<(u32, f32)> = Vec::with_capacity(n);
        for _ in 0..n {
            let number = r.u32()?;
            let idf = r.f32()?;
            let number = *renumber
                .get(number as usize)
                .ok_or_else(|| spill_err(std::io::ErrorKind::InvalidData.into()))?;
            words.push((number, idf));
        }
        words.sort_unstable_by_key(|x| x.0);
        let n = r.len()?;
        let mut concepts = Vec::with_capacity(n);
        for _ in 0..n {
            concepts.push((r.len()?, r.f32()?));
        }
        let n = r.len()?;
        let mut frames = Vec::with_capacity(n);
        for _ in 0..n {
            frames.push((r.len()?, r.len()?));
        }
        let n = r.len()?;
        let mut crossed = Vec::with_capacity(n);
        for _ in 0..n {
            crossed.push(r.len()?);
        }
        let n = r.len()?;
        let head =
            std::str::from_utf8(r.take(n)?).map_err(|e| spill_err(std::io::Error::other(e)))?;
        Ok(Features {
            words: Vec::new(),
            word_ids: Arc::from(words),
            word_norm,
            lang,
            head: Arc::from(head),
            concepts,
            concept_norm,
            frames,
            crossed,
        })
    }
}

/// Pairs the external statements of each theme in `themes` (those matching `query`, and with their ids in
/// `only`, when given) with the internal statements that most directly contradict them, and hands each
/// theme's pairs to `emit` in the order of `themes`, as soon as they are chosen.
///
/// Fails before emitting anything when a theme has no statement on one side.
pub fn contrast_themes(
    index: &StatementIndex,
    rules: &RuleSet,
    themes: &[Theme],
    query: Option<&str>,
    only: Option<&BTreeSet<String>>,
    opts: &PairOptions,
    mut emit: impl FnMut(ThemeContrast) -> Result<()>,
) -> Result<()> {
    let mut wanted: Vec<Theme> = Vec::new();
    for &t in themes {
        if !wanted.contains(&t) {
            wanted.push(t);
        }
    }
    let searcher = index.searcher()?;
    let only_docs: Option<BTreeSet<DocAddress>> = match only {
        None => None,
        Some(ids) => {
            let mut docs = BTreeSet::new();
            for id in ids {
                if let Some(d) = index.find(&searcher, id)? {
                    docs.insert(d);
                }
            }
            Some(docs)
        }
    };
    let narrowed = if query.is_some_and(|q| !q.trim().is_empty()) {
        Narrowed::ByQuery
    } else if only.is_some() {
        Narrowed::ByIds
    } else {
        Narrowed::No
    };
    // Which documents are on which side of which theme, before anything is read.
    let mut members: Vec<(DocAddress, u32, Audience)> = Vec::new();
    for (k, &theme) in wanted.iter().enumerate() {
        // Pairing candidates: external statements classified with the theme or (as `opts.widen` says) taking
        // the external stance of a frame that names it; internal statements classified with it
        // (see [`super::candidacy`]).
        let widen = match opts.widen {
            Widen::None => false,
            Widen::Asked => only.is_some(),
            Widen::All => true,
        };
        let stances = if widen {
            super::candidate_stances(rules, theme)
        } else {
            Vec::new()
        };
        let mut ext =
            index.candidate_docs(&searcher, theme, Audience::External, query, &stances)?;
        if let Some(only) = &only_docs {
            ext.retain(|d| only.contains(d));
        }
        let int = index.theme_docs(&searcher, theme, Audience::Internal, None)?;
        if ext.is_empty() || int.is_empty() {
            let (missing, other, present) = if ext.is_empty() {
                (Audience::External, Audience::Internal, int.len())
            } else {
                (Audience::Internal, Audience::External, ext.len())
            };
            // Only the external side is narrowed; an empty internal side says nothing about the query.
            let narrowed = if missing == Audience::External {
                narrowed
            } else {
                Narrowed::No
            };
            return Err(Error::NothingToPair {
                theme,
                missing,
                other,
                present,
                narrowed,
            });
        }
        let bit = 1u32 << k;
        members.extend(ext.into_iter().map(|d| (d, bit, Audience::External)));
        members.extend(int.into_iter().map(|d| (d, bit, Audience::Internal)));
    }
    members.sort_unstable_by_key(|m| m.0);
    let mut docs: Vec<(DocAddress, u32, Audience)> = Vec::with_capacity(members.len());
    for m in members {
        match docs.last_mut() {
            Some(last) if last.0 == m.0 => last.1 |= m.1,
            _ => docs.push(m),
        }
    }

    // Statements are numbered in `u32` from here on (`entries`, the assignment): more is refused.
    let externals = docs.iter().filter(|d| d.2 == Audience::External).count();
    super::assign::check_size(externals, docs.len() - externals)?;
    let stats = index.word_stats()?;
    let any = Scorer::new(rules, wanted[0]);
    // 1. One pass: read and parse each statement once (its words stored); features go to the spill file.
    let mut entries: Vec<Entry> = Vec::with_capacity(docs.len());
    let mut ids: Vec<(Box<str>, u32)> = Vec::with_capacity(docs.len());
    let mut vocab: fnv::FnvHashMap<Box<str>, u32> = fnv::FnvHashMap::default();
    let mut spill = Spill::new()?;
    let mut words: Vec<(u32, f32)> = Vec::new();
    for chunk in docs.chunks(CHUNK) {
        let addrs: Vec<DocAddress> = chunk.iter().map(|d| d.0).collect();
        let (records, stored): (Vec<Indexed>, Vec<Option<String>>) = index
            .records_with_words_at(&searcher, &addrs)?
            .into_iter()
            .unzip();
        // The content words are borrowed from the stored terms until they are numbered.
        let feats: Vec<(Box<str>, Features, ContentWords<'_>)> = records
            .into_par_iter()
            .zip(stored.par_iter())
            .with_min_len(64)
            .map(|(rec, stored)| {
                let words = super::content_words(&rec, stored.as_deref(), &stats);
                let f = any.features_but_words(&rec, &words, &stats);
                (rec.statement.id.into_boxed_str(), f, words)
            })
            .collect();
        for ((id, f, content), &(doc, themes, audience)) in feats.into_iter().zip(chunk) {
            words.clear();
            words.extend(content.iter().map(|(term, idf)| {
                let next = vocab.len() as u32;
                let n = match vocab.get(term.as_ref()) {
                    Some(&n) => n,
                    None => *vocab.entry(term.as_ref().into()).or_insert(next),
                };
                (n, *idf)
            }));
            let at = spill.push(&f, &words)?;
            ids.push((id, entries.len() as u32));
            entries.push(Entry {
                doc,
                themes,
                audience,
                at,
            });
        }
    }
    drop(docs);
    spill.flush()?;
    // Word numbers in the words' sorted order, so that cosines add their products as on the strings.
    let renumber: Vec<u32> = {
        let mut words: Vec<(Box<str>, u32)> = vocab.into_iter().collect();
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut renumber = vec![0u32; words.len()];
        for (rank, (_, first_seen)) in words.iter().enumerate() {
            renumber[*first_seen as usize] = rank as u32;
        }
        renumber
    };
    // Statement order: by id, so that the same corpus indexed twice pairs the same way (the assignment
    // breaks ties in input order, and document order depends on how indexing threads filled segments).
    ids.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let order: Vec<u32> = ids.into_iter().map(|(_, at)| at).collect();

    // 2. Theme by theme.
    for (k, &theme) in wanted.iter().enumerate() {
        let bit = 1u32 << k;
        let side = |audience: Audience| -> Vec<u32> {
            order
                .iter()
                .copied()
                .filter(|&x| {
                    let e = &entries[x as usize];
                    e.audience == audience && e.themes & bit != 0
                })
                .collect()
        };
        let (ext, int) = (side(Audience::External), side(Audience::Internal));
        let store = Store {
            entries: &entries,
            spill: &spill,
            renumber: &renumber,
        };
        let c = pair_theme(index, rules, theme, &store, &ext, &int, opts, &stats)?;
        emit(c)?;
    }
    Ok(())
}

/// What the pass keeps of the statements, for pairing theme by theme.
struct Store<'a> {
    entries: &'a [Entry],
    spill: &'a Spill,
    /// Word numbers in order of first sight → in the words' sorted order.
    renumber: &'a [u32],
}

/// One external statement's candidate edges: (internal statement, score, whether a frame fires).
type Edges = Vec<(u32, f32, bool)>;

/// Pairs one theme: `ext` and `int` are its statements (positions in `entries`), in id order.
#[allow(clippy::too_many_arguments)]
fn pair_theme(
    index: &StatementIndex,
    rules: &RuleSet,
    theme: Theme,
    store: &Store<'_>,
    ext: &[u32],
    int: &[u32],
    opts: &PairOptions,
    stats: &crate::index::WordStats,
) -> Result<ThemeContrast> {
    let entries = store.entries;
    let scorer = Scorer::new(rules, theme).with_targets(opts.targets);
    let for_theme = |list: &[u32]| -> Result<Vec<Features>> {
        list.par_iter()
            .map(|&x| {
                let mut f = store.spill.read(entries[x as usize].at, store.renumber)?;
                scorer.keep_theme_frames(&mut f);
                Ok(f)
            })
            .collect()
    };
    let (ext_features, int_features) = (for_theme(ext)?, for_theme(int)?);
    let exhaustive = int.len() < opts.exhaustive_below;
    let candidates = (!exhaustive).then(|| CandidateIndex::new(&int_features, rules.frames.len()));
    // Score every candidate edge cheaply, in parallel; reasons are built only for the pairs kept. Each
    // external statement's candidates are scored together: a candidate's naming (super::naming) is
    // measured against the fewest specific subjects any of its framed candidates misses (`least`).
    let penalty = rules.pair_weights.subjects_missed_penalty;
    let scored: Vec<(f32, Edges)> = ext_features
        .par_iter()
        .enumerate()
        .map_init(Scratch::default, |scratch, (x, feat)| {
            let cands: Vec<usize> = match &candidates {
                None => (0..int.len()).collect(),
                Some(c) => c.for_external(feat, x, opts, scratch),
            };
            let mut missed: Vec<f32> = Vec::with_capacity(cands.len());
            let mut list: Edges = Vec::with_capacity(cands.len());
            for k in cands {
                let (score, parts, _, _) = scorer.score((None, feat), (None, &int_features[k]));
                if let Some((m, framed)) = super::naming_entry(score, &parts) {
                    missed.push(m);
                    list.push((k as u32, score, framed));
                }
            }
            let least = super::least_missed(missed.iter().zip(&list).map(|(&m, l)| (m, l.2)));
            for (edge, &m) in list.iter_mut().zip(&missed) {
                edge.1 *= super::naming(penalty, m, least);
            }
            list.retain(|edge| edge.1 >= opts.min_score);
            (least, list)
        })
        .collect();
    let (least, edges): (Vec<f32>, Vec<Edges>) = scored.into_iter().unzip();
    // The hub bonus (super::hub_factors): each internal statement's share of the external statements it meets
    // nearly as well as their best candidate, from every external statement's best score, raises its framed
    // scores in the assignment's total (the pairs keep their own scores, as with `reuse_cost`). The assignment
    // without it is made too, to say where it changed a partner.
    let hub = super::hub_factors(&edges, int.len(), &rules.pair_weights);
    // One quote, one row: near-duplicate internal statements (a reprint, a relay in another language) are
    // one partner in the assignment.
    let groups = super::quote_groups(&int_features);
    // The features and the candidate index are not needed any more: the kept pairs' features are
    // computed again from their records, so the theme's working set shrinks before those are read.
    drop(candidates);
    drop(ext_features);
    drop(int_features);
    let factors = hub.as_ref().map(|h| h.1.as_slice());
    let strong = strong_edges(&edges, factors);
    let chosen = assign_with_floor(ext.len(), int.len(), &strong, opts, &groups)?;
    drop(strong);
    // Where the hub bonus changed a partner: the same assignment over the scores without it.
    let without: Option<Vec<Option<usize>>> = factors
        .map(|_| {
            let plain = strong_edges(&edges, None);
            assign_with_floor(ext.len(), int.len(), &plain, opts, &groups)
        })
        .transpose()?;
    // Kept pairs as (external, internal, score), best first; positions follow ids, so ties go as by id.
    let order = |pairs: &mut Vec<(usize, usize, f32)>| {
        pairs.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    };
    let edge_score = |e: usize, i: usize| -> f32 {
        edges[e]
            .iter()
            .find(|x| x.0 as usize == i)
            .map_or(0.0, |x| x.1)
    };
    let mut pairs: Vec<(usize, usize, f32)> = chosen
        .iter()
        .enumerate()
        .filter_map(|(e, i)| i.map(|i| (e, i, edge_score(e, i))))
        .collect();
    order(&mut pairs);
    let mut weak: Vec<(usize, usize, f32)> = Vec::new();
    if opts.show_weak {
        // The external statements left unpaired, on subject alone, with what capacity is left.
        let mut used = vec![0usize; int.len()];
        for i in chosen.iter().flatten() {
            used[groups[*i]] += 1;
        }
        let rest: Vec<Edge> = edges
            .iter()
            .enumerate()
            .filter(|(e, _)| chosen[*e].is_none())
            .flat_map(|(e, list)| {
                list.iter()
                    .filter(|x| !x.2)
                    .map(move |&(i, score, _)| Edge {
                        e,
                        i: i as usize,
                        score,
                    })
            })
            .filter(|ed| used[groups[ed.i]] < opts.reuse.max(1))
            .collect();
        let second = assign_grouped(ext.len(), int.len(), &rest, 1, &groups)?;
        weak = second
            .iter()
            .enumerate()
            .filter_map(|(e, i)| i.map(|i| (e, i, edge_score(e, i))))
            .collect();
        order(&mut weak);
    }
    if let Some(n) = opts.pairs {
        pairs.truncate(n);
        weak.truncate(n);
    }
    // Why a shared partner is shared: how many other pairs use it, and the best this external statement
    // had with a partner no pair uses.
    let shared: Vec<Option<Reason>> = {
        let mut used = vec![0usize; int.len()];
        for i in chosen.iter().flatten() {
            used[groups[*i]] += 1;
        }
        pairs
            .iter()
            .map(|&(e, i, _)| {
                let uses = used[groups[i]];
                (uses > 1).then(|| Reason::Shared {
                    others: uses - 1,
                    best_unshared: edges[e]
                        .iter()
                        .filter(|x| x.2 && used[groups[x.0 as usize]] == 0)
                        .map(|x| x.1)
                        .reduce(f32::max),
                })
            })
            .collect()
    };
    drop(edges);
    let (mut built, weak) = build_pairs(
        index, &scorer, stats, entries, ext, int, &least, &pairs, &weak, factors,
    )?;
    for (pair, reason) in built.iter_mut().zip(shared) {
        pair.reasons.extend(reason);
    }
    if let (Some((shares, factors)), Some(without)) = (&hub, &without) {
        let searcher = index.searcher()?;
        for (pair, &(e, i, _)) in built.iter_mut().zip(&pairs) {
            if without[e] == Some(i) {
                continue;
            }
            let without = without[e]
                .map(|j| {
                    index
                        .record(&searcher, entries[int[j] as usize].doc)
                        .map(|r| r.statement.id)
                })
                .transpose()?;
            pair.reasons.push(Reason::Hub {
                share: shares[i],
                factor: factors[i],
                without,
            });
        }
    }
    let pairs = built;
    Ok(ThemeContrast {
        theme,
        external_count: ext.len(),
        internal_count: int.len(),
        pairs,
        weak,
    })
}

/// The framed candidate edges (a frame fires on the pair) for the assignment, each score with its internal
/// statement's hub factor when `hub` gives them ([`super::hub_factors`]).
fn strong_edges(edges: &[Edges], hub: Option<&[f32]>) -> Vec<Edge> {
    // Counted first, so that the list is allocated once at its size (a growing list is copied at each
    // doubling and its fresh pages zeroed by the kernel).
    let n = edges
        .iter()
        .map(|list| list.iter().filter(|x| x.2).count())
        .sum();
    let mut strong = Vec::with_capacity(n);
    strong.extend(edges.iter().enumerate().flat_map(|(e, list)| {
        list.iter().filter(|x| x.2).map(move |&(i, score, _)| Edge {
            e,
            i: i as usize,
            score: hub.map_or(score, |h| super::with_hub(score, h[i as usize])),
        })
    }));
    strong
}

/// The theme's assignment (each external statement at most one partner, each group of internal statements
/// at most `opts.reuse` external ones, every further use costing `opts.reuse_cost` and `opts.reuse_margin`).
/// With a `distinct_floor` and `reuse` above 1, when the pairs' distinct partners fall below that share of
/// them, the margin is raised through [`super::FLOOR_MARGINS`] until they do not: each step prices sharing
/// higher and is still an exact assignment, and the last (1) shares nothing.
fn assign_with_floor(
    n_external: usize,
    n_internal: usize,
    strong: &[Edge],
    opts: &PairOptions,
    groups: &[usize],
) -> Result<Vec<Option<usize>>> {
    let run = |margin: f32| {
        let cost = ReuseCost {
            share: opts.reuse_cost,
            margin,
        };
        assign_grouped_with_reuse_cost(n_external, n_internal, strong, opts.reuse, cost, groups)
    };
    let mut chosen = run(opts.reuse_margin)?;
    let Some(floor) = opts.distinct_floor.filter(|_| opts.reuse > 1) else {
        return Ok(chosen);
    };
    let meets = |chosen: &[Option<usize>]| {
        let mut partners: Vec<usize> = chosen.iter().flatten().map(|&i| groups[i]).collect();
        let pairs = partners.len();
        partners.sort_unstable();
        partners.dedup();
        pairs == 0 || partners.len() as f64 >= f64::from(floor) * pairs as f64 - 1e-9
    };
    for &margin in super::FLOOR_MARGINS.iter() {
        if meets(&chosen) {
            break;
        }
        if margin > opts.reuse_margin {
            chosen = run(margin)?;
        }
    }
    Ok(chosen)
}

/// The kept pairs with both records and their reasons: the records are read again (once each, in index
/// order, with their stored words), each pair's features are computed again with the words as written
/// while its reasons are worded, and each record moves into its pair (copied only for a partner used more than once).
#[allow(clippy::too_many_arguments)]
fn build_pairs(
    index: &StatementIndex,
    scorer: &Scorer<'_>,
    stats: &crate::index::WordStats,
    entries: &[Entry],
    ext: &[u32],
    int: &[u32],
    least: &[f32],
    pairs: &[(usize, usize, f32)],
    weak: &[(usize, usize, f32)],
    hub: Option<&[f32]>,
) -> Result<(Vec<Pair>, Vec<Pair>)> {
    let mut needed: Vec<u32> = pairs
        .iter()
        .chain(weak)
        .flat_map(|&(e, i, _)| [ext[e], int[i]])
        .collect();
    needed.sort_unstable_by_key(|&x| entries[x as usize].doc);
    needed.dedup();
    let searcher = index.searcher()?;
    let addrs: Vec<DocAddress> = needed.iter().map(|&x| entries[x as usize].doc).collect();
    let (records, words): (Vec<Indexed>, Vec<Option<String>>) = index
        .records_with_words_at(&searcher, &addrs)?
        .into_iter()
        .unzip();
    let at = |x: u32| -> usize {
        needed
            .binary_search_by_key(&entries[x as usize].doc, |&y| entries[y as usize].doc)
            .unwrap_or_default()
    };
    let places: Vec<(usize, usize)> = pairs
        .iter()
        .chain(weak)
        .map(|&(e, i, _)| (at(ext[e]), at(int[i])))
        .collect();
    let leasts: Vec<f32> = pairs
        .iter()
        .chain(weak)
        .map(|&(e, _, _)| least[e])
        .collect();
    // The hub factor of each kept pair's partner in the assignment (framed pairs only), recorded in its parts.
    let hubs: Vec<f32> = pairs
        .iter()
        .map(|&(_, i, _)| hub.map_or(1.0, |h| h[i]))
        .chain(weak.iter().map(|_| 1.0))
        .collect();
    let scored: Vec<_> = places
        .par_iter()
        .zip(&leasts)
        .zip(&hubs)
        .map(|((&(a, b), &least), &hub)| {
            let (erec, irec) = (&records[a], &records[b]);
            let mut f = [
                scorer.features(erec, words[a].as_deref(), stats),
                scorer.features(irec, words[b].as_deref(), stats),
            ];
            number_words(&mut [&mut f]);
            let (score, mut parts, frames, reasons) =
                scorer.score((Some(erec), &f[0]), (Some(irec), &f[1]));
            let score = super::with_naming(
                scorer.rules.pair_weights.subjects_missed_penalty,
                score,
                &mut parts,
                least,
            );
            parts.hub = hub;
            (score, parts, frames, reasons)
        })
        .collect();
    let mut uses = vec![0u32; records.len()];
    for &(a, b) in &places {
        uses[a] += 1;
        uses[b] += 1;
    }
    let mut records: Vec<Option<Indexed>> = records.into_iter().map(Some).collect();
    let mut take = |x: usize| -> Result<Indexed> {
        uses[x] -= 1;
        let rec = if uses[x] == 0 {
            records[x].take()
        } else {
            records[x].clone()
        };
        // Each record is taken at its last use only; reading it again would do as well.
        rec.map_or_else(|| index.record(&searcher, addrs[x]), Ok)
    };
    let mut out: Vec<Pair> = Vec::with_capacity(places.len());
    for (n, (&(a, b), (score, parts, frames, reasons))) in places.iter().zip(scored).enumerate() {
        out.push(Pair {
            external: take(a)?,
            internal: take(b)?,
            score,
            parts,
            frames,
            reasons,
            weak: n >= pairs.len(),
        });
    }
    let weak = out.split_off(pairs.len());
    Ok((out, weak))
}
