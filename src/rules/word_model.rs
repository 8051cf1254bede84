//! The audience word model: naive Bayes over words and Chinese character pairs, trained on gold-labelled
//! statements, that decides the audience only where no rule level does.
//!
//! It is data of the rule set (`rules/audience-model.toml`), written by `twovoices rules train-audience`
//! and never by hand: each feature keeps the two counts it was trained from, so a reviewer reads why a word
//! leans one way ("in 12 external statements and 1 internal one"), and the weights are computed from the
//! counts when the rules are loaded. One model per language, each with a uniform prior: the language of a
//! statement is never evidence by itself (docs/labelling.md), and a text with little evidence either way
//! stays below the margin and falls to the default.

use crate::model::{Audience, Lang, Level, Statement};
use crate::text::{is_han, is_word_char, Normalized};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How a model is trained: the values written into the model file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainSettings {
    /// Additive (Laplace) smoothing of the per-feature counts; above 0.
    pub smoothing: f32,
    /// The least number of training statements (of one language) a feature must occur in to be kept.
    pub min_count: u32,
    /// The least absolute score (natural log-odds) at which the model decides; below it the default applies.
    pub margin: f32,
    /// Where the model may overrule a rule level (off by default: it decides only where no level does).
    pub outrank: OutrankGate,
}

/// The rule levels the word model may overrule, and how sure it must be: it takes the decision from a level
/// in `levels` when its score reaches `margin` for the other audience. Empty `levels`: never.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutrankGate {
    /// The levels it may overrule (each a bit: `1 << level as u8`).
    pub levels: u8,
    /// The least absolute score at which it overrules one of them.
    pub margin: f32,
}

impl Default for OutrankGate {
    fn default() -> Self {
        OutrankGate {
            levels: 0,
            margin: 1000.0,
        }
    }
}

impl OutrankGate {
    /// A gate over `levels` at `margin`.
    pub fn new(levels: &[Level], margin: f32) -> OutrankGate {
        OutrankGate {
            levels: levels.iter().fold(0, |m, l| m | (1 << *l as u8)),
            margin,
        }
    }

    /// Whether the gate lets the model overrule `level`.
    pub fn covers(&self, level: Level) -> bool {
        self.levels & (1 << level as u8) != 0
    }

    /// The levels it covers, highest precedence first.
    pub fn level_list(&self) -> Vec<Level> {
        Level::ALL.into_iter().filter(|l| self.covers(*l)).collect()
    }

    /// The audience a score gives when it may overrule a level: the gate's margin, not the model's.
    pub fn audience_of(&self, score: f32) -> Option<Audience> {
        if score >= self.margin && score > 0.0 {
            Some(Audience::External)
        } else if score <= -self.margin && score < 0.0 {
            Some(Audience::Internal)
        } else {
            None
        }
    }
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings {
            smoothing: 1.0,
            min_count: 2,
            margin: 2.0,
            outrank: OutrankGate::default(),
        }
    }
}

/// The model of one language: how many training statements of each audience contained each feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LangModel {
    /// Training statements per audience, `[external, internal]` (for readers; the prior is uniform).
    pub statements: [u32; 2],
    /// Per feature, the training statements containing it, `[external, internal]`.
    pub counts: BTreeMap<String, [u32; 2]>,
    /// Per feature, its position in `counts` and its weight: positive leans external, negative internal.
    weights: HashMap<String, (u32, f32), fnv::FnvBuildHasher>,
}

impl LangModel {
    /// A language model from its counts; the weights are the log ratio of the feature's smoothed share of
    /// each audience's feature occurrences.
    pub fn from_counts(
        statements: [u32; 2],
        counts: BTreeMap<String, [u32; 2]>,
        smoothing: f32,
    ) -> LangModel {
        let a = f64::from(smoothing);
        let v = counts.len() as f64;
        let total = |i: usize| counts.values().map(|c| f64::from(c[i])).sum::<f64>();
        let (ne, ni) = (total(0), total(1));
        let weights = counts
            .iter()
            .enumerate()
            .map(|(k, (f, c))| {
                let pe = (f64::from(c[0]) + a) / (ne + a * v);
                let pi = (f64::from(c[1]) + a) / (ni + a * v);
                (f.clone(), (k as u32, (pe.ln() - pi.ln()) as f32))
            })
            .collect();
        LangModel {
            statements,
            counts,
            weights,
        }
    }

    /// The weight of a feature, 0 for one the model does not know.
    pub fn weight(&self, feature: &str) -> f32 {
        self.weights.get(feature).map_or(0.0, |w| w.1)
    }

    /// The score of a normalised text ([`Normalized`]): the summed weights of its distinct known features,
    /// looked up without allocating one string each.
    pub fn score_normalized(&self, normalized: &str) -> f32 {
        let mut known: Vec<(u32, f32)> = Vec::new();
        for_each_feature(normalized, |f| {
            if let Some(&w) = self.weights.get(f) {
                known.push(w);
            }
        });
        known.sort_unstable_by_key(|w| w.0);
        known.dedup_by_key(|w| w.0);
        known.iter().map(|w| w.1).sum()
    }

    /// The score of a raw text and every known feature's contribution, largest absolute weight first.
    pub fn explain(&self, text: &str) -> (f32, Vec<Contribution>) {
        let mut norm = Normalized::default();
        norm.set(text);
        let mut contributions: Vec<Contribution> = features(&norm.text)
            .into_iter()
            .filter_map(|f| {
                let counts = *self.counts.get(&f)?;
                Some(Contribution {
                    weight: self.weight(&f),
                    feature: f,
                    counts,
                })
            })
            .collect();
        let score = contributions.iter().map(|c| c.weight).sum();
        contributions.sort_by(|a, b| {
            b.weight
                .abs()
                .total_cmp(&a.weight.abs())
                .then_with(|| a.feature.cmp(&b.feature))
        });
        (score, contributions)
    }
}

/// One language's counts of `K` classes: statements per class, and per feature the statements of each class
/// containing it.
pub type ClassCounts<const K: usize> = ([u32; K], BTreeMap<String, [u32; K]>);

/// Per language, how many gold-labelled statements fall in each of `K` classes and, per feature, how many
/// statements of each class contain it. A statement may count in several classes (`classes_of` says which);
/// the two word models read their classes off this one count: the audience model `[external, internal]`,
/// the theme model `[all, ambition, …]`.
pub fn count_features<const K: usize>(
    statements: &[Statement],
    classes_of: impl Fn(&Statement) -> Option<[bool; K]>,
) -> [ClassCounts<K>; 2] {
    let mut out: [ClassCounts<K>; 2] = [([0; K], BTreeMap::new()), ([0; K], BTreeMap::new())];
    let mut norm = Normalized::default();
    for s in statements {
        let Some(classes) = classes_of(s) else {
            continue;
        };
        let (n, counts) = &mut out[lang_index(s.lang)];
        for (k, &on) in classes.iter().enumerate() {
            n[k] += u32::from(on);
        }
        norm.set(&s.text);
        for f in features(&norm.text) {
            let c = counts.entry(f).or_insert([0; K]);
            for (k, &on) in classes.iter().enumerate() {
                c[k] += u32::from(on);
            }
        }
    }
    out
}

/// The trained model: one [`LangModel`] per language and the settings it was trained with.
#[derive(Debug, Clone, PartialEq)]
pub struct WordModel {
    /// The files it was trained on, as given to the trainer.
    pub trained_on: Vec<String>,
    /// The settings it was trained with; `margin` is also its decision margin.
    pub settings: TrainSettings,
    /// English, then Chinese.
    pub langs: [LangModel; 2],
}

/// One feature's part in a score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Contribution {
    /// The word, word pair or Chinese character pair.
    pub feature: String,
    /// Its weight: positive leans external.
    pub weight: f32,
    /// Training statements containing it, `[external, internal]`.
    pub counts: [u32; 2],
}

/// The model's reading of one text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModelScore {
    /// The summed weights of the text's features (natural log-odds, external positive).
    pub score: f32,
    /// The margin the score must reach for the model to decide.
    pub margin: f32,
    /// The audience the model gives, `None` below the margin.
    pub audience: Option<Audience>,
    /// Every known feature of the text, largest absolute weight first.
    pub contributions: Vec<Contribution>,
}

impl WordModel {
    /// Trains a model on the gold-labelled statements (those without gold are skipped).
    pub fn train(
        statements: &[Statement],
        trained_on: Vec<String>,
        settings: TrainSettings,
    ) -> WordModel {
        let counted = count_features(statements, |s| {
            let a = s.gold.as_ref()?.audience;
            Some([a == Audience::External, a == Audience::Internal])
        });
        let langs = counted.map(|(n, counts)| {
            let counts = counts
                .into_iter()
                .filter(|(_, c)| c[0] + c[1] >= settings.min_count)
                .collect();
            LangModel::from_counts(n, counts, settings.smoothing)
        });
        WordModel {
            trained_on,
            settings,
            langs,
        }
    }

    /// The model of a language.
    pub fn lang(&self, lang: Lang) -> &LangModel {
        &self.langs[lang_index(lang)]
    }

    /// The score of a normalised text ([`Normalized`]): the summed weights of its distinct features.
    /// (`classify` calls this for every statement no rule level decides: it looks features up without
    /// allocating one string each.)
    pub fn score_normalized(&self, lang: Lang, normalized: &str) -> f32 {
        self.lang(lang).score_normalized(normalized)
    }

    /// The audience the model gives a text, or `None` when its score is below the margin.
    pub fn decide(&self, lang: Lang, text: &str) -> Option<(Audience, f32)> {
        let mut norm = Normalized::default();
        norm.set(text);
        let score = self.score_normalized(lang, &norm.text);
        self.audience_of(score).map(|a| (a, score))
    }

    /// The audience a score gives: external at or above the margin, internal at or below minus the margin.
    pub fn audience_of(&self, score: f32) -> Option<Audience> {
        if score >= self.settings.margin && score > 0.0 {
            Some(Audience::External)
        } else if score <= -self.settings.margin && score < 0.0 {
            Some(Audience::Internal)
        } else {
            None
        }
    }

    /// The score of a text with every known feature's contribution, for `explain`.
    pub fn explain(&self, lang: Lang, text: &str) -> ModelScore {
        let (score, contributions) = self.lang(lang).explain(text);
        ModelScore {
            score,
            margin: self.settings.margin,
            audience: self.audience_of(score),
            contributions,
        }
    }

    /// The model as the TOML file `rules train-audience` writes: settings, then per language the
    /// statement counts and every feature's counts, in sorted order, so that training twice on the same
    /// files gives the same bytes.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# The audience word model (docs/rules.md, \"The word model\"): naive Bayes over words, word pairs and\n\
             # Chinese character pairs. It decides a statement's audience only when no rule level does, and only\n\
             # when its score reaches `margin`. Written by `twovoices rules train-audience`; do not edit by hand,\n\
             # retrain. A test checks that retraining on `trained_on` gives this file.\n\n",
        );
        write_model_header(
            &mut out,
            "audience_model",
            &self.trained_on,
            self.settings.smoothing,
            self.settings.min_count,
        );
        out.push_str(&format!("margin = {:?}\n", self.settings.margin));
        let gate = self.settings.outrank;
        if gate.levels != 0 {
            let levels: Vec<String> = gate
                .level_list()
                .iter()
                .map(|l| format!("{:?}", l.as_str()))
                .collect();
            out.push_str(&format!(
                "# The rule levels the model may overrule, when its score reaches outrank_margin for the other audience.\noutranks = [{}]\noutrank_margin = {:?}\n",
                levels.join(", "),
                gate.margin
            ));
        }
        for (lang, model) in [Lang::En, Lang::Zh].iter().zip(&self.langs) {
            let l = lang.as_str();
            out.push_str(&format!(
                "\n[audience_model.{l}]\n# training statements, [external, internal]\nstatements = [{}, {}]\n",
                model.statements[0], model.statements[1]
            ));
            out.push_str(&format!(
                "\n# feature = [external statements containing it, internal statements containing it]\n[audience_model.{l}.counts]\n"
            ));
            for (f, c) in &model.counts {
                out.push_str(&format!("{} = [{}, {}]\n", toml_string(f), c[0], c[1]));
            }
        }
        out
    }
}

/// The position of a language in [`WordModel::langs`].
pub(crate) fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Zh => 1,
    }
}

/// The opening of a word model's TOML file, the same for the audience and the theme model: its table, the
/// files it was trained on (what the byte-for-byte retraining tests read back), and the counting settings.
pub(crate) fn write_model_header(
    out: &mut String,
    table: &str,
    trained_on: &[String],
    smoothing: f32,
    min_count: u32,
) {
    let files: Vec<String> = trained_on.iter().map(|f| toml_string(f)).collect();
    out.push_str(&format!("[{table}]\n"));
    out.push_str(&format!("trained_on = [{}]\n", files.join(", ")));
    out.push_str(&format!("smoothing = {smoothing:?}\n"));
    out.push_str(&format!("min_count = {min_count}\n"));
}

/// A TOML basic string.
pub(crate) fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The distinct features of a normalised text, sorted: its Latin-script words, each pair of adjacent
/// words ("the us"), and each pair of adjacent Han characters ("美方").
pub fn features(normalized: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    for_each_feature(normalized, |f| {
        if !out.contains(f) {
            out.insert(f.to_string());
        }
    });
    out.into_iter().collect()
}

/// Calls `f` with every feature of a normalised text, repeats included: each word (a run of Latin-script
/// letters and digits), each two adjacent words joined by one space, each two adjacent Han characters.
fn for_each_feature(normalized: &str, mut f: impl FnMut(&str)) {
    fn end_word<'a>(
        w: &'a str,
        prev: &mut Option<&'a str>,
        pair: &mut String,
        f: &mut impl FnMut(&str),
    ) {
        f(w);
        if let Some(p) = *prev {
            pair.clear();
            pair.push_str(p);
            pair.push(' ');
            pair.push_str(w);
            f(pair);
        }
        *prev = Some(w);
    }
    let mut pair = String::new();
    let mut prev_word: Option<&str> = None;
    let mut word_start: Option<usize> = None;
    let mut prev_han: Option<usize> = None;
    for (i, c) in normalized.char_indices() {
        if is_word_char(c) && !is_han(c) {
            word_start.get_or_insert(i);
        } else if let Some(s) = word_start.take() {
            end_word(&normalized[s..i], &mut prev_word, &mut pair, &mut f);
        }
        if is_han(c) {
            if let Some(p) = prev_han {
                // Adjacent characters are adjacent in the string: the pair is a slice of it.
                f(&normalized[p..i + c.len_utf8()]);
            }
            prev_han = Some(i);
        } else {
            prev_han = None;
        }
    }
    if let Some(s) = word_start {
        end_word(&normalized[s..], &mut prev_word, &mut pair, &mut f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Gold;

    fn gold(id: &str, text: &str, lang: Lang, audience: Audience) -> Statement {
        let mut s = Statement::new(id, text);
        s.lang = lang;
        s.gold = Some(Gold::new(audience, Vec::new()));
        s
    }

    #[test]
    fn features_are_words_word_pairs_and_han_pairs() {
        let mut n = Normalized::default();
        n.set("The U.S. side, 美方抹黑!");
        let f = features(&n.text);
        for want in [
            "the", "u", "s", "side", "the u", "s side", "美方", "方抹", "抹黑",
        ] {
            assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
        }
        assert!(!f.iter().any(|x| x.contains('!') || x.contains(',')));
        assert!(
            !f.contains(&"美".to_string()),
            "single Han characters are not features"
        );
    }

    #[test]
    fn a_trained_model_leans_each_way_and_keeps_weak_evidence_below_the_margin() {
        let mut data = Vec::new();
        for i in 0..5 {
            data.push(gold(
                &format!("e{i}"),
                "The Chinese side firmly opposes the sanctions.",
                Lang::En,
                Audience::External,
            ));
            data.push(gold(
                &format!("i{i}"),
                "Party cadres must study the plenum spirit.",
                Lang::En,
                Audience::Internal,
            ));
        }
        let m = WordModel::train(&data, vec!["x.jsonl".into()], TrainSettings::default());
        assert_eq!(m.lang(Lang::En).statements, [5, 5]);
        assert_eq!(m.lang(Lang::En).counts.get("sanctions"), Some(&[5, 0]));
        assert!(m.lang(Lang::En).weight("sanctions") > 0.0);
        assert!(m.lang(Lang::En).weight("cadres") < 0.0);
        // "the" is in both audiences' statements equally often: no lean.
        assert!(m.lang(Lang::En).weight("the").abs() < 0.5);
        assert_eq!(
            m.decide(Lang::En, "The Chinese side opposes sanctions.")
                .map(|d| d.0),
            Some(Audience::External)
        );
        assert_eq!(
            m.decide(Lang::En, "Cadres must study.").map(|d| d.0),
            Some(Audience::Internal)
        );
        assert_eq!(m.decide(Lang::En, "The weather is fine."), None);
        // The Chinese model was trained on nothing: it never decides.
        assert_eq!(
            m.decide(Lang::Zh, "The Chinese side opposes sanctions."),
            None
        );
        let e = m.explain(Lang::En, "The Chinese side opposes sanctions.");
        assert_eq!(e.audience, Some(Audience::External));
        assert!(
            e.contributions[0].weight.abs()
                >= e.contributions.last().map_or(0.0, |c| c.weight.abs())
        );
    }

    #[test]
    fn the_fast_score_is_the_sum_over_the_distinct_features() {
        let data = vec![
            gold(
                "a",
                "美方抹黑美方 the US side the US side",
                Lang::Zh,
                Audience::External,
            ),
            gold("b", "美方抹黑 the US", Lang::Zh, Audience::External),
            gold(
                "c",
                "全党同志 we must we must",
                Lang::Zh,
                Audience::Internal,
            ),
            gold("d", "全党同志要 we must", Lang::Zh, Audience::Internal),
        ];
        let m = WordModel::train(&data, Vec::new(), TrainSettings::default());
        for text in [
            "美方抹黑美方抹黑, the US side; the US side!",
            "全党同志 we must we must 美方",
            "none known",
        ] {
            let mut n = Normalized::default();
            n.set(text);
            let slow: f32 = features(&n.text)
                .iter()
                .map(|f| m.lang(Lang::Zh).weight(f))
                .sum();
            let fast = m.score_normalized(Lang::Zh, &n.text);
            assert!((slow - fast).abs() < 1e-4, "{text}: {slow} vs {fast}");
        }
        let mut n = Normalized::default();
        n.set("美方抹黑美方抹黑");
        assert!(m.score_normalized(Lang::Zh, &n.text) > 0.0);
    }

    #[test]
    fn the_file_round_trips_through_the_loader() {
        let data = vec![
            gold("a", "美方 \"quoted\" 抹黑", Lang::Zh, Audience::External),
            gold("b", "美方抹黑", Lang::Zh, Audience::External),
            gold("c", "全党同志", Lang::Zh, Audience::Internal),
            gold("d", "全党同志", Lang::Zh, Audience::Internal),
        ];
        let m = WordModel::train(
            &data,
            vec!["a \"b\".jsonl".into()],
            TrainSettings::default(),
        );
        let text = m.to_toml();
        let set = crate::rules::RuleSet::from_files(vec![
            crate::rules::SourceFile {
                path: "audience-model.toml".into(),
                text: text.clone(),
            },
            crate::rules::SourceFile {
                path: "r.toml".into(),
                text: "[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"x\"]\n".into(),
            },
        ])
        .unwrap();
        let loaded = set.audience_model.as_ref().unwrap();
        assert_eq!(loaded, &m);
        assert_eq!(loaded.to_toml(), text);
    }
}
