//! Candidate partners of external statements among a theme's internal statements, found in memory from
//! the features pairing computes anyway (frames, concepts, content words), so that the work per external
//! statement does not grow with the size of the theme.
//!
//! For an external statement, the candidates are:
//! 1. the internal statements that take the internal side of one of its frames (the only pairs that can
//!    be contrasts) and share its rarer concepts or words, best first by the subject similarity those
//!    shared items give, up to `k`;
//! 2. if fewer than `k` were found, more members of those frames' pools, taken from a place in the pool
//!    that moves with the external statement, so that statements saying the same thing in the same words
//!    (boilerplate, reposts, a synthetic corpus) are offered different partners rather than all the same
//!    `k`, and the assignment can give each its own;
//! 3. with `show_weak`, also up to `k` statements on subject alone (no frame shared).
//!
//! Concepts and words held by more than [`COMMON`] of the theme's internal statements are not used to find
//! candidates (each would touch a large share of the theme for every external statement, and they say
//! little); they still count in the exact score of every candidate found.

use super::{Features, PairOptions};
use crate::model::Lang;
use fnv::FnvHashMap as HashMap;

/// Concepts and words in more internal statements than this do not find candidates.
pub const COMMON: usize = 1000;

/// An in-memory index of a theme's internal statements by frame, concept and word.
pub(super) struct CandidateIndex<'a> {
    by_frame: Vec<Vec<u32>>,
    by_concept: HashMap<usize, Vec<u32>>,
    /// By word number (`Features::word_ids`, numbered in the words' sorted order).
    by_word: HashMap<u32, Vec<u32>>,
    internals: &'a [Features],
    langs: Vec<Lang>,
}

/// Per-thread scratch space for [`CandidateIndex::for_external`].
#[derive(Default)]
pub(super) struct Scratch {
    concept_dot: Vec<f32>,
    word_dot: Vec<f32>,
    seen: Vec<bool>,
    touched: Vec<u32>,
}

impl<'a> CandidateIndex<'a> {
    /// Indexes the features of the internal statements for `n_frames` frames.
    pub(super) fn new(internals: &'a [Features], n_frames: usize) -> Self {
        let langs = internals.iter().map(|f| f.lang).collect();
        let mut by_frame: Vec<Vec<u32>> = vec![Vec::new(); n_frames];
        let mut by_concept: HashMap<usize, Vec<u32>> = HashMap::default();
        let mut by_word: HashMap<u32, Vec<u32>> = HashMap::default();
        for (k, f) in internals.iter().enumerate() {
            let k = k as u32;
            for &(fr, _) in &f.frames {
                if let Some(pool) = by_frame.get_mut(fr) {
                    pool.push(k);
                }
            }
            for &(c, _) in &f.concepts {
                by_concept.entry(c).or_default().push(k);
            }
            for w in f.word_ids.iter() {
                by_word.entry(w.0).or_default().push(k);
            }
        }
        CandidateIndex {
            by_frame,
            by_concept,
            by_word,
            internals,
            langs,
        }
    }

    /// The positions of the candidates of one external statement (`at`: its position among the theme's
    /// external statements, which places it in the frame pools), sorted. `opts` gives how many
    /// (`candidates`), from how many of its rarest words (`rare_terms`), and whether subject-only ones are
    /// wanted too (`show_weak`).
    pub(super) fn for_external(
        &self,
        ext: &Features,
        at: usize,
        opts: &PairOptions,
        scratch: &mut Scratch,
    ) -> Vec<usize> {
        let (k, rare_terms, show_weak) = (opts.candidates, opts.rare_terms, opts.show_weak);
        let lang = ext.lang;
        let n = self.internals.len();
        if scratch.concept_dot.len() != n {
            scratch.concept_dot = vec![0.0; n];
            scratch.word_dot = vec![0.0; n];
            scratch.seen = vec![false; n];
        }
        let Scratch {
            concept_dot,
            word_dot,
            seen,
            touched,
        } = scratch;
        touched.clear();
        let touch = |x: u32, touched: &mut Vec<u32>, seen: &mut [bool]| {
            if !seen[x as usize] {
                seen[x as usize] = true;
                touched.push(x);
            }
        };
        for &(c, idf) in &ext.concepts {
            let Some(post) = self.by_concept.get(&c).filter(|p| p.len() <= COMMON) else {
                continue;
            };
            for &x in post {
                touch(x, touched, seen);
                concept_dot[x as usize] += idf * idf;
            }
        }
        // Rarest first; among equally rare words, in the words' sorted order (which their numbers keep).
        let mut words: Vec<(f32, u32)> = ext
            .word_ids
            .iter()
            .filter(|w| w.1 > 0.0)
            .map(|w| (w.1, w.0))
            .collect();
        words.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut used = 0;
        for (idf, w) in words {
            if used == rare_terms {
                break;
            }
            let Some(post) = self.by_word.get(&w).filter(|p| p.len() <= COMMON) else {
                continue;
            };
            used += 1;
            for &x in post {
                if self.langs[x as usize] != lang {
                    continue;
                }
                touch(x, touched, seen);
                word_dot[x as usize] += idf * idf;
            }
        }
        // Subject similarity from the shared rarer items, as the scorer combines its parts.
        let mut strong: Vec<(f32, u32)> = Vec::new();
        let mut weak: Vec<(f32, u32)> = Vec::new();
        for &x in touched.iter() {
            let f = &self.internals[x as usize];
            let cs = if ext.concept_norm > 0.0 && f.concept_norm > 0.0 {
                concept_dot[x as usize] / (ext.concept_norm * f.concept_norm)
            } else {
                0.0
            };
            let ws = if ext.word_norm > 0.0 && f.word_norm > 0.0 {
                word_dot[x as usize] / (ext.word_norm * f.word_norm)
            } else {
                0.0
            };
            concept_dot[x as usize] = 0.0;
            word_dot[x as usize] = 0.0;
            seen[x as usize] = false;
            let subject = cs.max(0.5 * (cs + ws));
            if shares_frame(&ext.frames, &f.frames) {
                strong.push((subject, x));
            } else if show_weak {
                weak.push((subject, x));
            }
        }
        let best_first = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        let mut out: Vec<usize> = Vec::with_capacity(2 * k);
        for list in [&mut strong, &mut weak] {
            if list.len() > k {
                list.select_nth_unstable_by(k, best_first);
                list.truncate(k);
            }
            out.extend(list.iter().map(|x| x.1 as usize));
        }
        // Fill from the frame pools, starting where this external statement's turn falls.
        let mut missing = k.saturating_sub(strong.len());
        let pools: Vec<&Vec<u32>> = ext
            .frames
            .iter()
            .filter_map(|&(fr, _)| self.by_frame.get(fr))
            .filter(|p| !p.is_empty())
            .collect();
        let mut round = 0;
        while missing > 0 && round < pools.len() {
            let pool = pools[(at + round) % pools.len()];
            let take = missing.min(pool.len());
            let from = (at * k) % pool.len();
            for s in 0..take {
                let x = pool[(from + s) % pool.len()] as usize;
                if !out.contains(&x) {
                    out.push(x);
                    missing -= 1;
                }
            }
            round += 1;
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// True when two sorted frame lists have a frame in common.
fn shares_frame(a: &[(usize, usize)], b: &[(usize, usize)]) -> bool {
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An internal or external statement in `lang` with the given frames and words (each word's idf 1;
    /// words are numbered by their first letter, so give each a different one).
    fn stmt_in(lang: Lang, frames: &[usize], words: &[&str]) -> Features {
        let mut w: Vec<(u32, f32)> = words
            .iter()
            .map(|x| (u32::from(x.as_bytes()[0]), 1.0))
            .collect();
        w.sort_by_key(|x| x.0);
        Features {
            word_norm: (w.len() as f32).sqrt(),
            word_ids: w.into(),
            lang,
            frames: frames.iter().map(|&f| (f, 1)).collect(),
            ..Default::default()
        }
    }

    fn stmt(frames: &[usize], words: &[&str]) -> Features {
        stmt_in(Lang::En, frames, words)
    }

    #[test]
    fn shared_rare_words_first_then_the_pool_spread_over_look_alikes() {
        // 40 internal statements take frame 0; number 7 also says "huawei"; 40..50 take no frame.
        let mut internals: Vec<Features> = (0..40)
            .map(|k| {
                stmt(
                    &[0],
                    if k == 7 {
                        &["huawei", "chips"]
                    } else {
                        &["chips"]
                    },
                )
            })
            .collect();
        internals.extend((0..10).map(|_| stmt(&[], &["huawei"])));
        let index = CandidateIndex::new(&internals, 2);
        let ext = stmt(&[0], &["huawei"]);
        let mut scratch = Scratch::default();
        let opts = |show_weak| PairOptions {
            candidates: 4,
            rare_terms: 8,
            show_weak,
            ..PairOptions::default()
        };
        // Strong candidates only share frame 0; the one sharing "huawei" is always among them.
        let a = index.for_external(&ext, 0, &opts(false), &mut scratch);
        assert_eq!(a.len(), 4);
        assert!(a.contains(&7) && a.iter().all(|&x| x < 40), "{a:?}");
        // Look-alike externals at other positions are offered other members of the pool.
        let b = index.for_external(&ext, 1, &opts(false), &mut scratch);
        assert!(b.contains(&7));
        let others = |v: &[usize]| v.iter().filter(|&&x| x != 7).copied().collect::<Vec<_>>();
        assert!(
            others(&a).iter().all(|x| !others(&b).contains(x)),
            "{a:?} {b:?}"
        );
        // With show_weak, statements on subject alone (no frame) come too.
        let c = index.for_external(&ext, 0, &opts(true), &mut scratch);
        assert!(c.iter().any(|&x| x >= 40), "{c:?}");
        // An external statement taking no frame gets no strong candidates, and a word of another language
        // finds nothing.
        assert!(index
            .for_external(&stmt(&[], &["huawei"]), 0, &opts(false), &mut scratch)
            .is_empty());
        assert!(index
            .for_external(
                &stmt_in(Lang::Zh, &[1], &["huawei"]),
                0,
                &opts(true),
                &mut scratch
            )
            .is_empty());
    }
}
