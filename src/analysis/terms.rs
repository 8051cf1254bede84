//! The words and phrases typical of one group of statements against another: n-gram counts and the
//! log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words").
//!
//! Terms are 1–3-word n-grams in English (after case folding) and jieba words with their bigrams in
//! Chinese (after traditional → simplified folding). Stop words come from the `stop-words` crate (NLTK's
//! English list, the ISO Chinese list); boilerplate (reporting verbs such as "said", 表示, 指出, and the
//! words of speakers' names) is dropped the same way. An n-gram that begins or ends with a dropped word,
//! or that crosses punctuation, is not counted; a hyphenated prefix such as "non" or "self" ([`BOUND_PREFIXES`])
//! is counted only inside its n-grams. English plurals are counted with their singular ("core technologies"
//! with "core technology") and shown in the form written most often.
//!
//! A phrase that is part of a longer one in the same list, with at least 75 % of its uses inside it
//! ([`FOLD_SHARE`]), is the same occurrences counted twice: only the longer one is listed (`fold_overlaps`).
//!
//! For a term `w` with counts `y_a`, `y_b` in groups of `n_a`, `n_b` terms in all, and the background
//! corpus's count `y_w` of `n` (the background holds both groups and any other statements given), the
//! prior is `α_w = α0 · y_w / n` with `α0 = prior_scale · n`, and
//!
//! ```text
//! δ_w = ln((y_a + α_w) / (n_a + α0 − y_a − α_w)) − ln((y_b + α_w) / (n_b + α0 − y_b − α_w))
//! σ²_w ≈ 1 / (y_a + α_w) + 1 / (y_b + α_w)        z_w = δ_w / σ_w
//! ```
//!
//! A large positive `z` marks a term typical of group a, a large negative one of group b.

use crate::model::Lang;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Reporting verbs and attribution words that open or close quotes in both voices and say nothing of
/// their content.
pub const BOILERPLATE: &[&str] = &[
    "said", "says", "say", "saying", "stated", "noted", "added", "remarked", "told", "表示",
    "指出", "说", "称", "强调", "讲话",
];

/// English prefixes that are written with a hyphen and are not words on their own ("non-discriminatory",
/// "self-reliance"): counted inside their n-grams, never as a term alone (normalising makes hyphens spaces).
pub const BOUND_PREFIXES: &[&str] = &[
    "non", "anti", "self", "semi", "multi", "pre", "co", "re", "inter", "intra", "quasi", "pseudo",
];

static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

static EN_STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| stop_words::get("en").iter().copied().collect());

static ZH_STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| stop_words_iso::get("zh").iter().copied().collect());

/// Splits statements into the terms that are counted: n-grams in English, words and bigrams in Chinese.
#[derive(Debug, Clone, Default)]
pub struct Grams {
    /// Extra words dropped like stop words (boilerplate and speakers' names), normalised.
    extra: HashSet<String>,
    /// Reused buffers.
    norm: crate::text::Normalized,
    words: Vec<(usize, usize)>,
    keep: Vec<bool>,
    gram: String,
}

impl Grams {
    /// A splitter that drops stop words, [`BOILERPLATE`] and the words of the given speakers' names.
    pub fn new<'a>(speakers: impl IntoIterator<Item = &'a str>) -> Grams {
        let mut g = Grams::default();
        for b in BOILERPLATE {
            g.extra.insert((*b).to_string());
        }
        let mut names = Vec::new();
        for s in speakers {
            let lang = Lang::detect(s);
            g.for_each_word(s, lang, |w| names.push(w.to_string()));
        }
        g.extra.extend(names);
        g
    }

    /// True when a word is not counted on its own (stop word, boilerplate, name, number or a lone letter).
    pub fn is_dropped(&self, word: &str, lang: Lang) -> bool {
        let mut chars = word.chars();
        let single = chars.next().is_some() && chars.next().is_none();
        single
            || word.bytes().all(|b| b.is_ascii_digit())
            || self.extra.contains(word)
            || match lang {
                Lang::En => EN_STOP.contains(word),
                Lang::Zh => ZH_STOP.contains(word) || EN_STOP.contains(word),
            }
    }

    /// Calls `f` with every word of a text as tokenised for counting (folded, before any dropping).
    /// This is the tokenising step alone, the baseline that counting is measured against.
    pub fn for_each_word(&mut self, text: &str, lang: Lang, mut f: impl FnMut(&str)) {
        match lang {
            Lang::En => {
                self.split_en(text);
                for &(s, e) in &self.words {
                    if s != e {
                        f(&self.norm.text[s..e]);
                    }
                }
            }
            Lang::Zh => {
                self.norm.set(text);
                for w in JIEBA.cut(&self.norm.text, true).into_iter().map(|t| t.word) {
                    if w.chars().any(char::is_alphanumeric) {
                        f(w);
                    }
                }
            }
        }
    }

    /// English words of a text as byte ranges of the normalised text; an empty range marks a break
    /// (punctuation) that n-grams do not cross.
    fn split_en(&mut self, text: &str) {
        self.norm.set(text);
        self.words.clear();
        let t = self.norm.text.as_str();
        let mut start: Option<usize> = None;
        let mut chars = t.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let inner_apostrophe = c == '\''
                && start.is_some()
                && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || inner_apostrophe {
                start.get_or_insert(i);
                continue;
            }
            if let Some(s) = start.take() {
                self.words.push(trim_possessive(t, s, i));
            }
            if c != ' ' {
                self.words.push((i, i));
            }
        }
        if let Some(s) = start {
            self.words.push(trim_possessive(t, s, t.len()));
        }
    }

    /// Calls `f` with every counted term of a text: 1–3-grams in English, words and bigrams of adjacent
    /// words in Chinese; no term begins or ends with a dropped word or crosses punctuation.
    pub fn for_each(&mut self, text: &str, lang: Lang, mut f: impl FnMut(&str)) {
        match lang {
            Lang::En => {
                self.split_en(text);
                let t = &self.norm.text;
                self.keep.clear();
                for &(s, e) in &self.words {
                    let keep = s != e && !is_dropped_with(&self.extra, &t[s..e], Lang::En);
                    self.keep.push(keep);
                }
                for i in 0..self.words.len() {
                    if !self.keep[i] {
                        continue;
                    }
                    self.gram.clear();
                    for n in 0..3 {
                        let j = i + n;
                        let Some(&(s, e)) = self.words.get(j) else {
                            break;
                        };
                        if s == e {
                            break;
                        }
                        if n > 0 {
                            self.gram.push(' ');
                        }
                        self.gram.push_str(&t[s..e]);
                        // A prefix the hyphen was taken from ("non-discriminatory") is no term alone.
                        if self.keep[j] && !(n == 0 && BOUND_PREFIXES.contains(&&t[s..e])) {
                            f(&self.gram);
                        }
                    }
                }
            }
            Lang::Zh => {
                self.norm.set(text);
                let mut prev: Option<&str> = None;
                for w in JIEBA.cut(&self.norm.text, true).into_iter().map(|t| t.word) {
                    if !w.chars().any(char::is_alphanumeric) {
                        prev = None;
                        continue;
                    }
                    if is_dropped_with(&self.extra, w, Lang::Zh) {
                        prev = None;
                        continue;
                    }
                    f(w);
                    if let Some(p) = prev {
                        self.gram.clear();
                        self.gram.push_str(p);
                        // Latin words inside Chinese text keep a space between them.
                        if p.ends_with(|c: char| c.is_ascii_alphanumeric())
                            && w.starts_with(|c: char| c.is_ascii_alphanumeric())
                        {
                            self.gram.push(' ');
                        }
                        self.gram.push_str(w);
                        f(&self.gram);
                    }
                    prev = Some(w);
                }
            }
        }
    }
}

fn words(term: &str) -> usize {
    term.split(' ').count()
}

fn trim_possessive(t: &str, s: usize, e: usize) -> (usize, usize) {
    if t[s..e].ends_with("'s") && e - s > 2 {
        (s, e - 2)
    } else {
        (s, e)
    }
}

fn is_dropped_with(extra: &HashSet<String>, word: &str, lang: Lang) -> bool {
    let mut chars = word.chars();
    let single = chars.next().is_some() && chars.next().is_none();
    single
        || word.bytes().all(|b| b.is_ascii_digit())
        || extra.contains(word)
        || match lang {
            Lang::En => EN_STOP.contains(word),
            Lang::Zh => ZH_STOP.contains(word) || EN_STOP.contains(word),
        }
}

/// Which bag a statement goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bag {
    /// The first group.
    A,
    /// The second group.
    B,
    /// The background only: it informs the prior but belongs to neither group.
    Background,
}

/// Term counts of two groups and their background.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Per term: count in group a, group b, and the background outside both.
    terms: HashMap<Box<str>, [u64; 3]>,
    /// All terms counted per bag.
    totals: [u64; 3],
    /// Statements per bag.
    statements: [u64; 3],
    /// Maps a term form to the term it is counted as (e.g. a concept's forms to one label).
    merge: HashMap<String, String>,
    /// Uses of each written form that is counted under another key (`core technologies` under
    /// `core technology`), in all bags: the key is shown in its most used form.
    forms: HashMap<Box<str>, u64>,
}

/// Words whose final `s` is not a plural (or whose singular means something else).
const NOT_PLURAL: &[&str] = &[
    "news",
    "goods",
    "means",
    "arms",
    "series",
    "species",
    "politics",
    "economics",
    "physics",
    "electronics",
    "logistics",
    "statistics",
    "ethics",
    "mathematics",
    "headquarters",
    "sales",
    "affairs",
    "relations",
    "hopes",
    "aims",
    "works",
    "lens",
    "whereas",
    "chaos",
    "always",
    "perhaps",
];

/// The singular of an English word if it reads as a regular plural (technologies → technology,
/// businesses → business, chips → chip), else the word.
fn singular(word: &str) -> Cow<'_, str> {
    if word.len() <= 3
        || !word.ends_with('s')
        || !word.bytes().all(|b| b.is_ascii_lowercase())
        || NOT_PLURAL.contains(&word)
    {
        return Cow::Borrowed(word);
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return Cow::Owned(format!("{stem}y"));
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if word.ends_with(ending) {
            return Cow::Borrowed(&word[..word.len() - 2]);
        }
    }
    if ["ss", "us", "is", "ics", "ws", "os", "as"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        return Cow::Borrowed(word);
    }
    Cow::Borrowed(&word[..word.len() - 1])
}

/// The key an English term is counted under: every word in its singular, so that "core technology" and
/// "core technologies" are one term. Terms with Chinese characters are their own key.
fn inflection_key(term: &str) -> Cow<'_, str> {
    if term.chars().any(crate::text::is_cjk) || !term.split(' ').any(|w| singular(w) != w) {
        return Cow::Borrowed(term);
    }
    let words: Vec<Cow<'_, str>> = term.split(' ').map(singular).collect();
    Cow::Owned(words.join(" "))
}

impl Counts {
    /// Empty counts.
    pub fn new() -> Counts {
        Counts::default()
    }

    /// Empty counts that count every form in `merge` as the term it maps to.
    pub fn with_merge(merge: HashMap<String, String>) -> Counts {
        Counts {
            merge,
            ..Counts::default()
        }
    }

    /// Counts one statement's terms into a bag.
    pub fn add(&mut self, grams: &mut Grams, bag: Bag, text: &str, lang: Lang) {
        let k = bag as usize;
        self.statements[k] += 1;
        let (terms, totals, merge, forms) = (
            &mut self.terms,
            &mut self.totals,
            &self.merge,
            &mut self.forms,
        );
        grams.for_each(text, lang, |g| {
            count_term(terms, totals, merge, forms, k, g)
        });
    }

    /// Counts one statement's terms, already split, into a bag.
    pub fn add_terms(&mut self, bag: Bag, terms: &[String]) {
        let k = bag as usize;
        self.statements[k] += 1;
        for g in terms {
            count_term(
                &mut self.terms,
                &mut self.totals,
                &self.merge,
                &mut self.forms,
                k,
                g,
            );
        }
    }

    /// Each counted term's key → the form it is shown in: its most used written form (the key itself
    /// on a tie, then the first in byte order).
    fn shown_forms(&self) -> HashMap<&str, &str> {
        let mut best: HashMap<&str, (&str, u64)> = HashMap::new();
        let mut others: HashMap<&str, u64> = HashMap::new();
        for (form, &n) in &self.forms {
            let key = inflection_key(form);
            let Some((key, _)) = self.terms.get_key_value(key.as_ref()) else {
                continue;
            };
            *others.entry(key).or_default() += n;
            let e = best.entry(key).or_insert((form, n));
            if n > e.1 || (n == e.1 && **form < *e.0) {
                *e = (form, n);
            }
        }
        best.into_iter()
            .filter_map(|(key, (form, n))| {
                let c = self.terms[key];
                let own = (c[0] + c[1] + c[2]).saturating_sub(others[key]);
                (n > own).then_some((key, form))
            })
            .collect()
    }

    /// Statements counted per bag (a, b, background only).
    pub fn statements(&self) -> [u64; 3] {
        self.statements
    }

    /// Terms counted per bag (a, b, background only).
    pub fn totals(&self) -> [u64; 3] {
        self.totals
    }

    /// How many distinct terms were seen.
    pub fn vocabulary(&self) -> usize {
        self.terms.len()
    }

    /// The count of a term in each bag, if it was seen.
    pub fn get(&self, term: &str) -> Option<[u64; 3]> {
        self.terms.get(term).copied()
    }
}

/// Counts one term into bag `k`: under its concept label if `merge` has it, else under its inflection key.
fn count_term(
    terms: &mut HashMap<Box<str>, [u64; 3]>,
    totals: &mut [u64; 3],
    merge: &HashMap<String, String>,
    forms: &mut HashMap<Box<str>, u64>,
    k: usize,
    g: &str,
) {
    let key = match merge.get(g) {
        Some(label) => Cow::Borrowed(label.as_str()),
        None => inflection_key(g),
    };
    if key != g && !merge.contains_key(g) {
        match forms.get_mut(g) {
            Some(n) => *n += 1,
            None => {
                forms.insert(g.into(), 1);
            }
        }
    }
    totals[k] += 1;
    match terms.get_mut(key.as_ref()) {
        Some(c) => c[k] += 1,
        None => {
            let mut c = [0; 3];
            c[k] = 1;
            terms.insert(key.as_ref().into(), c);
        }
    }
}

/// Options of the ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermOptions {
    /// Terms per group.
    pub top: usize,
    /// Terms seen fewer times than this in both groups together are left out.
    pub min_count: u64,
    /// The prior's total weight as a multiple of the background's size (1: the background's counts).
    pub prior_scale: f64,
}

impl Default for TermOptions {
    fn default() -> TermOptions {
        TermOptions {
            top: 15,
            min_count: 3,
            prior_scale: 1.0,
        }
    }
}

/// One term's score, seen from the group whose list it is in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermScore {
    /// The term (words joined by spaces in English).
    pub term: String,
    /// The z-score `δ / σ`: how many standard errors the term leans to this group (positive).
    pub z: f64,
    /// The log-odds ratio `δ` in this group's favour.
    pub delta: f64,
    /// The prior's pseudo-count `α_w` for the term.
    pub alpha: f64,
    /// Occurrences in the whole background `y_w` (both groups and the rest), which `α_w` is drawn from.
    pub background: u64,
    /// Occurrences in [this group, the other group].
    pub count: [u64; 2],
    /// Occurrences per 1,000 statements in [this group, the other group].
    pub per_1000: [f64; 2],
}

/// The distinctive terms of two groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distinctive {
    /// Statements in [a, b].
    pub statements: [u64; 2],
    /// Terms counted in [a, b].
    pub terms: [u64; 2],
    /// Terms counted in the whole background (both groups and the rest).
    pub background_terms: u64,
    /// The prior's total weight `α0`.
    pub alpha0: f64,
    /// Terms typical of group a, most typical first.
    pub a: Vec<TermScore>,
    /// Terms typical of group b, most typical first.
    pub b: Vec<TermScore>,
}

/// Log-odds ratio `δ` (group a over group b), its z-score and `α_w` for one term.
///
/// `y` are the term's counts in a and b, `n` the groups' sizes, `y_w`/`n_bg` its count and the size of
/// the background, `prior_scale` the prior's weight relative to the background.
pub fn log_odds(
    y: [u64; 2],
    n: [u64; 2],
    y_w: u64,
    n_bg: u64,
    prior_scale: f64,
) -> (f64, f64, f64) {
    // An empty background or a term it never saw would divide by zero; neither changes a real term's figure.
    let n_bg = n_bg.max(1) as f64;
    let alpha0 = prior_scale * n_bg;
    let alpha = (alpha0 * y_w as f64 / n_bg).max(1e-9);
    let (ya, yb) = (y[0] as f64, y[1] as f64);
    let (na, nb) = (n[0] as f64, n[1] as f64);
    let delta = ((ya + alpha) / (na + alpha0 - ya - alpha)).ln()
        - ((yb + alpha) / (nb + alpha0 - yb - alpha)).ln();
    let var = 1.0 / (ya + alpha) + 1.0 / (yb + alpha);
    (delta, delta / var.sqrt(), alpha)
}

/// Ranks the counted terms: the `top` most typical of each group by z-score.
pub fn rank(counts: &Counts, opts: &TermOptions) -> Distinctive {
    let n = [counts.totals[0], counts.totals[1]];
    let n_bg = counts.totals.iter().sum::<u64>();
    let st = [counts.statements[0], counts.statements[1]];
    let per_1000 = |c: u64, s: u64| {
        if s == 0 {
            0.0
        } else {
            c as f64 * 1000.0 / s as f64
        }
    };
    let mut scored: Vec<(f64, f64, f64, &str, [u64; 3])> = Vec::new();
    if n_bg > 0 && opts.prior_scale > 0.0 {
        for (term, c) in &counts.terms {
            if c[0] + c[1] < opts.min_count.max(1) {
                continue;
            }
            let y_w = c[0] + c[1] + c[2];
            let (delta, z, alpha) = log_odds([c[0], c[1]], n, y_w, n_bg, opts.prior_scale);
            if z.is_finite() {
                scored.push((z, delta, alpha, term, [c[0], c[1], y_w]));
            }
        }
    }
    let shown = counts.shown_forms();
    // Ties broken by the term, so the output does not depend on hash order.
    let pick = |sign: f64| -> Vec<TermScore> {
        let mut side: Vec<&(f64, f64, f64, &str, [u64; 3])> =
            scored.iter().filter(|s| s.0 * sign > 0.0).collect();
        // On equal scores the longer n-gram first: it says what its parts say, and more.
        side.sort_by(|x, y| {
            (y.0 * sign)
                .total_cmp(&(x.0 * sign))
                .then(words(y.3).cmp(&words(x.3)))
                .then(x.3.cmp(y.3))
        });
        fold_overlaps(side, opts.top, |s| s.3, |s| s.4[0] + s.4[1])
            .into_iter()
            .map(|&(z, delta, alpha, term, c)| {
                let (mine, other, sm, so) = if sign > 0.0 {
                    (c[0], c[1], st[0], st[1])
                } else {
                    (c[1], c[0], st[1], st[0])
                };
                TermScore {
                    term: shown.get(term).copied().unwrap_or(term).to_string(),
                    z: z * sign,
                    delta: delta * sign,
                    alpha,
                    background: c[2],
                    count: [mine, other],
                    per_1000: [per_1000(mine, sm), per_1000(other, so)],
                }
            })
            .collect()
    };
    Distinctive {
        statements: st,
        terms: n,
        background_terms: n_bg,
        alpha0: opts.prior_scale * n_bg as f64,
        a: pick(1.0),
        b: pick(-1.0),
    }
}

/// A shorter phrase's uses that must fall inside a longer one for the two to count as the same occurrences.
pub const FOLD_SHARE: f64 = 0.75;

/// Whether `short` is a part of `long`: whole words of it in English, any substring in Chinese (whose
/// terms are jieba words and their bigrams, written without spaces).
fn is_part_of(short: &str, long: &str) -> bool {
    if short.len() >= long.len() {
        return false;
    }
    if short.chars().chain(long.chars()).any(crate::text::is_han) {
        long.contains(short)
    } else {
        let (long, short) = (format!(" {long} "), format!(" {short} "));
        long.contains(&short)
    }
}

/// The first `top` of a ranked list with overlapping phrases folded: a phrase that is part of a longer one
/// in the list (“core” of “core technology”, 可控 of 自主可控) and has at most `1 / FOLD_SHARE` times its
/// uses — so that at least 75 % of the shorter phrase's uses are the longer one's — is the same
/// occurrences counted twice, and only the longer phrase is kept: it says what its part says, and more.
/// The list is walked best first; a longer phrase that absorbs one already kept takes a place of its own
/// further down (so the order stays by score) and the shorter one's place goes to the next term.
/// Deterministic: the order of `ranked` decides.
fn fold_overlaps<T>(
    ranked: Vec<T>,
    top: usize,
    term: impl Fn(&T) -> &str,
    uses: impl Fn(&T) -> u64,
) -> Vec<T> {
    let same = |short: &T, long: &T| {
        is_part_of(term(short), term(long)) && uses(long) as f64 >= FOLD_SHARE * uses(short) as f64
    };
    let mut kept: Vec<T> = Vec::new();
    for x in ranked {
        if kept.len() >= top {
            break;
        }
        if kept.iter().any(|y| same(&x, y)) {
            continue;
        }
        kept.retain(|y| !same(y, &x));
        kept.push(x);
    }
    kept
}

/// The distinctive terms of two bags of statements (`(text, language)`), the prior taken from both
/// together. This is the whole method in one call, for any two groups (voices, rule hits and misses).
pub fn distinctive<'a>(
    a: impl IntoIterator<Item = (&'a str, Lang)>,
    b: impl IntoIterator<Item = (&'a str, Lang)>,
    grams: &mut Grams,
    opts: &TermOptions,
) -> Distinctive {
    let mut counts = Counts::new();
    for (text, lang) in a {
        counts.add(grams, Bag::A, text, lang);
    }
    for (text, lang) in b {
        counts.add(grams, Bag::B, text, lang);
    }
    rank(&counts, opts)
}

/// Which statements' languages `voice_terms` counts, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LangSelection {
    /// English statements only.
    En,
    /// Chinese statements only.
    Zh,
    /// Each language apart, one result per language present.
    Each,
    /// Both languages in one count, concept forms merged when a lexicon is given.
    All,
}

/// One voice's side of a terms comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceSide {
    /// Statements of this voice counted.
    pub statements: u64,
    /// Terms (n-gram occurrences) counted in them.
    pub terms: u64,
    /// The terms most typical of this voice, most typical first.
    pub top: Vec<TermScore>,
}

/// The words and phrases typical of each voice in one language (or in both, merged).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceTerms {
    /// `en`, `zh` or `all`.
    pub lang: String,
    /// The theme the groups were restricted to, if any (the prior still comes from every statement).
    pub theme: Option<crate::model::Theme>,
    /// True when English and Chinese forms of a concept were counted as one term.
    pub concepts_merged: bool,
    /// Terms counted over the whole background (every statement of the language(s), both voices).
    pub background_terms: u64,
    /// The prior's total weight `α0`.
    pub alpha0: f64,
    /// The external voice.
    pub external: VoiceSide,
    /// The internal voice.
    pub internal: VoiceSide,
}

/// What `voice_terms` compares.
#[derive(Debug, Clone, Default)]
pub struct VoiceTermsQuery {
    /// Only statements of this theme form the two groups.
    pub theme: Option<crate::model::Theme>,
    /// Which languages, and whether apart.
    pub lang: Option<LangSelection>,
    /// Ranking options.
    pub options: TermOptions,
    /// With `LangSelection::All`: term form → the concept label it is counted as.
    pub merge: Option<HashMap<String, String>>,
}

/// The merge map of a concept lexicon for `--lang all`: each form (normalised like the terms) → the
/// concept's two-script label (`cyber power / 网络强国`). Forms ending in `*` match open-ended words and
/// are left out: an n-gram is merged only when it is a form exactly.
pub fn concept_merge(concepts: &[crate::rules::Concept]) -> HashMap<String, String> {
    let mut merge = HashMap::new();
    for c in concepts {
        let label = c.label().replace('*', "");
        for f in c.en.iter().chain(&c.zh) {
            if f.ends_with('*') {
                continue;
            }
            let n = crate::text::normalize_term(f);
            if !n.is_empty() {
                merge.entry(n).or_insert_with(|| label.clone());
            }
        }
    }
    merge
}

/// The terms typical of the external and of the internal voice in an index, per language (group a is
/// the external voice, b the internal one; the background is every statement of the language).
pub fn voice_terms(
    index: &crate::index::StatementIndex,
    query: &VoiceTermsQuery,
) -> crate::Result<Vec<VoiceTerms>> {
    Ok(voice_terms_views(index, query, &[query.theme])?
        .pop()
        .unwrap_or_default())
}

/// [`voice_terms`] for several themes in one pass over the index (the query's own theme is ignored).
pub fn voice_terms_per_theme(
    index: &crate::index::StatementIndex,
    query: &VoiceTermsQuery,
    themes: &[crate::model::Theme],
) -> crate::Result<Vec<(crate::model::Theme, Vec<VoiceTerms>)>> {
    let views: Vec<Option<crate::model::Theme>> = themes.iter().copied().map(Some).collect();
    let results = voice_terms_views(index, query, &views)?;
    Ok(themes.iter().copied().zip(results).collect())
}

/// One result list per view (a theme, or every statement for `None`).
fn voice_terms_views(
    index: &crate::index::StatementIndex,
    query: &VoiceTermsQuery,
    views: &[Option<crate::model::Theme>],
) -> crate::Result<Vec<Vec<VoiceTerms>>> {
    use crate::index::scan::GroupField;
    use crate::model::Audience;
    let speakers = index.scan(Some(GroupField::Speaker))?.groups;
    let mut grams = Grams::new(speakers.iter().map(String::as_str));
    let selection = query.lang.unwrap_or(LangSelection::Each);
    let merge = match selection {
        LangSelection::All => query.merge.clone().unwrap_or_default(),
        _ => HashMap::new(),
    };
    let concepts_merged = selection == LangSelection::All && !merge.is_empty();
    // Per view, slot 0: English (or everything with `All`), slot 1: Chinese.
    let mut counts: Vec<[Counts; 2]> = views
        .iter()
        .map(|_| [Counts::with_merge(merge.clone()), Counts::new()])
        .collect();
    let mut buffer: Vec<String> = Vec::new();
    index.for_each_record(|rec| {
        let lang = rec.statement.lang;
        let slot = match (selection, lang) {
            (LangSelection::En, Lang::Zh) | (LangSelection::Zh, Lang::En) => return,
            (LangSelection::All, _) | (_, Lang::En) => 0,
            (_, Lang::Zh) => 1,
        };
        let bag = |view: &Option<crate::model::Theme>| match (
            view.is_none_or(|t| rec.themes.contains(&t)),
            rec.audience,
        ) {
            (false, _) => Bag::Background,
            (true, Audience::External) => Bag::A,
            (true, Audience::Internal) => Bag::B,
        };
        if let [view] = views {
            // One view: count straight from the tokenizer, nothing copied.
            counts[0][slot].add(&mut grams, bag(view), &rec.statement.text, lang);
            return;
        }
        buffer.clear();
        grams.for_each(&rec.statement.text, lang, |g| buffer.push(g.to_string()));
        for (view, c) in views.iter().zip(counts.iter_mut()) {
            c[slot].add_terms(bag(view), &buffer);
        }
    })?;
    let labels: &[(usize, &str)] = match selection {
        LangSelection::En => &[(0, "en")],
        LangSelection::Zh => &[(1, "zh")],
        LangSelection::All => &[(0, "all")],
        LangSelection::Each => &[(0, "en"), (1, "zh")],
    };
    let mut all = Vec::new();
    for (view, c) in views.iter().zip(&counts) {
        let mut out = Vec::new();
        for &(slot, label) in labels {
            let c = &c[slot];
            if selection == LangSelection::Each && c.statements().iter().sum::<u64>() == 0 {
                continue;
            }
            let d = rank(c, &query.options);
            out.push(VoiceTerms {
                lang: label.to_string(),
                theme: *view,
                concepts_merged,
                background_terms: d.background_terms,
                alpha0: d.alpha0,
                external: VoiceSide {
                    statements: d.statements[0],
                    terms: d.terms[0],
                    top: d.a,
                },
                internal: VoiceSide {
                    statements: d.statements[1],
                    terms: d.terms[1],
                    top: d.b,
                },
            });
        }
        all.push(out);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams_of(text: &str, lang: Lang) -> Vec<String> {
        let mut g = Grams::new(["Hua Chunying", "习近平"]);
        let mut out = Vec::new();
        g.for_each(text, lang, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn english_ngrams_skip_stop_words_and_punctuation() {
        let got = grams_of(
            "Hua Chunying said: China's Cyber-Power, and core technology.",
            Lang::En,
        );
        assert_eq!(
            got,
            vec![
                "china",
                "china cyber",
                "china cyber power",
                "cyber",
                "cyber power",
                "power",
                "core",
                "core technology",
                "technology"
            ]
        );
        // "non" and "self" are no terms alone; their compounds are.
        assert_eq!(
            grams_of("Non-discriminatory self-reliance.", Lang::En),
            vec![
                "non discriminatory",
                "non discriminatory self",
                "discriminatory",
                "discriminatory self",
                "discriminatory self reliance",
                "self reliance",
                "reliance"
            ]
        );
    }

    #[test]
    fn chinese_words_and_bigrams_fold_traditional() {
        let got = grams_of("習近平表示，要建設網絡強國。", Lang::Zh);
        assert!(got.contains(&"建设".to_string()), "{got:?}");
        assert!(
            !got.iter()
                .any(|g| g.contains("习近平") || g.contains("表示")),
            "{got:?}"
        );
        // 网络强国 is one term whether jieba keeps it whole or splits it in two.
        assert!(got.iter().any(|g| g == "网络强国"), "{got:?}");
    }

    /// Hand-computed: a = [10, 0], b = [0, 10] over two terms, prior = background counts (α_w = 10, α0 = 20).
    /// δ = ln((10+10)/(10+20−10−10)) − ln((0+10)/(10+20−0−10)) = ln 2 − ln 0.5 = ln 4;
    /// σ² = 1/20 + 1/10 = 0.15, z = ln 4 / √0.15.
    #[test]
    fn log_odds_matches_hand_computation() {
        let (delta, z, alpha) = log_odds([10, 0], [10, 10], 10, 20, 1.0);
        assert!((alpha - 10.0).abs() < 1e-12);
        assert!((delta - 4f64.ln()).abs() < 1e-12, "{delta}");
        assert!((z - 4f64.ln() / 0.15f64.sqrt()).abs() < 1e-12, "{z}");
        // Symmetric: the other group sees the negative.
        let (d2, z2, _) = log_odds([0, 10], [10, 10], 10, 20, 1.0);
        assert!((d2 + delta).abs() < 1e-12 && (z2 + z).abs() < 1e-12);
        // Half the prior weight: α_w = 5, α0 = 10.
        let (d3, _, a3) = log_odds([10, 0], [10, 10], 10, 20, 0.5);
        assert!((a3 - 5.0).abs() < 1e-12);
        let expect = (15.0f64 / 5.0).ln() - (5.0f64 / 15.0).ln();
        assert!((d3 - expect).abs() < 1e-12, "{d3} vs {expect}");
    }

    #[test]
    fn a_phrase_only_one_group_uses_tops_its_list() {
        const TOPICS: [&str; 5] = ["education", "energy", "grain", "housing", "health"];
        let inner: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    "The cyber great power is our task: a cyber great power for {}.",
                    TOPICS[i % 5]
                )
            })
            .collect();
        let outer: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    "Cyber security and great cooperation give power to {}.",
                    TOPICS[i % 5]
                )
            })
            .collect();
        let mut g = Grams::new([]);
        let d = distinctive(
            inner.iter().map(|t| (t.as_str(), Lang::En)),
            outer.iter().map(|t| (t.as_str(), Lang::En)),
            &mut g,
            &TermOptions::default(),
        );
        let top_a: Vec<&str> = d.a.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(top_a[0], "cyber great power", "{top_a:?}");
        assert_eq!(d.a[0].count, [60, 0]);
        assert!((d.a[0].per_1000[0] - 2000.0).abs() < 1e-9);
        assert!(d.b.iter().all(|t| !t.term.contains("great power")));
        let top_b: Vec<&str> = d.b.iter().map(|t| t.term.as_str()).collect();
        // Every "great cooperation" is followed by "give": the two are one phrase, shown once, at its longest.
        assert!(top_b.contains(&"great cooperation give"), "{top_b:?}");
        assert!(!top_b.contains(&"great cooperation"), "{top_b:?}");
        // Topics are shared equally: in neither list.
        assert!(!top_a.contains(&"energy") && !top_b.contains(&"energy"));
    }

    #[test]
    fn a_phrase_whose_uses_lie_inside_a_longer_one_is_folded_into_it() {
        let mut c = Counts::new();
        let mut add = |bag, times, terms: &[&str]| {
            let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
            for _ in 0..times {
                c.add_terms(bag, &terms);
            }
        };
        // "reliance" is only ever "self reliance": folded. "self" is also used alone (10 of 20 uses
        // elsewhere): kept beside it. 可控 has 8 of its 10 uses in 自主可控: folded; 自主 (8 of 20): kept.
        add(Bag::A, 10, &["self reliance", "reliance", "self"]);
        add(Bag::A, 10, &["self"]);
        add(Bag::A, 8, &["自主可控", "自主", "可控"]);
        add(Bag::A, 12, &["自主"]);
        add(Bag::A, 2, &["可控"]);
        add(Bag::B, 40, &["cooperation", "openness"]);
        let d = rank(
            &c,
            &TermOptions {
                top: 10,
                ..TermOptions::default()
            },
        );
        let a: Vec<&str> = d.a.iter().map(|t| t.term.as_str()).collect();
        for kept in ["self reliance", "self", "自主可控", "自主"] {
            assert!(a.contains(&kept), "{kept} missing from {a:?}");
        }
        assert!(!a.contains(&"reliance") && !a.contains(&"可控"), "{a:?}");
        // The order stays by score.
        assert!(d.a.windows(2).all(|w| w[0].z >= w[1].z), "{:?}", d.a);
        // A list cut at two keeps two terms after folding, not two minus the folded ones.
        let d = rank(
            &c,
            &TermOptions {
                top: 2,
                ..TermOptions::default()
            },
        );
        assert_eq!(d.a.len(), 2, "{:?}", d.a);
        assert!(is_part_of("core", "key core technology"));
        assert!(!is_part_of("core tech", "key core technology"));
        assert!(is_part_of("核心技术", "关键核心技术"));
    }

    #[test]
    fn plurals_count_with_their_singular_and_show_the_most_used_form() {
        let mut c = Counts::new();
        let mut g = Grams::new([]);
        for text in [
            "Core technologies cannot be bought.",
            "We must master core technologies.",
            "A core technology of our own.",
            "The United States and the news.",
            "New chips, new companies.",
        ] {
            c.add(&mut g, Bag::A, text, Lang::En);
        }
        for _ in 0..5 {
            c.add(
                &mut g,
                Bag::B,
                "Open cooperation and mutual benefit.",
                Lang::En,
            );
        }
        assert_eq!(c.get("core technology"), Some([3, 0, 0]));
        assert_eq!(c.get("core technologies"), None);
        assert_eq!(c.get("company"), Some([1, 0, 0]));
        // Not plurals: "news" is not "new"; "us" keeps its s.
        assert_eq!(c.get("news"), Some([1, 0, 0]));
        assert_eq!(c.get("new"), Some([2, 0, 0]));
        let d = rank(
            &c,
            &TermOptions {
                top: 50,
                min_count: 1,
                ..TermOptions::default()
            },
        );
        let shown: Vec<&str> = d.a.iter().map(|t| t.term.as_str()).collect();
        // Shown as written most often: "core technologies" (2) over "core technology" (1).
        assert!(shown.contains(&"core technologies"), "{shown:?}");
        assert!(shown.contains(&"united states"), "{shown:?}");
        assert!(!shown.contains(&"core technology") && !shown.contains(&"united state"));
        assert_eq!(singular("businesses"), "business");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("approaches"), "approach");
        assert_eq!(singular("process"), "process");
    }

    #[test]
    fn merged_forms_count_as_one_term() {
        let mut merge = HashMap::new();
        merge.insert("网络强国".to_string(), "cyber power / 网络强国".to_string());
        merge.insert(
            "cyber power".to_string(),
            "cyber power / 网络强国".to_string(),
        );
        let mut c = Counts::with_merge(merge);
        let mut g = Grams::new([]);
        c.add(&mut g, Bag::A, "建设网络强国", Lang::Zh);
        c.add(&mut g, Bag::A, "A cyber power.", Lang::En);
        assert_eq!(c.get("cyber power / 网络强国"), Some([2, 0, 0]));
        assert_eq!(c.statements(), [2, 0, 0]);
    }
}
