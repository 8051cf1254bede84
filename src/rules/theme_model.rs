//! The theme word model: per theme and language, a one-vs-rest naive Bayes over the same features as the
//! audience model ([`super::word_model`]), that may change a theme only where the rules are weak.
//!
//! It is data of the rule set (`rules/theme-model.toml`), written by `twovoices rules train-themes` and
//! never by hand. The file keeps, per language and feature, how many training statements contain it and how
//! many of those carry each theme; each theme's model is an ordinary [`LangModel`] read off those counts
//! (the theme's statements against all the others), with a uniform prior, so a score is the log-odds that
//! the text's words come from the theme's statements rather than from the rest.
//!
//! The gate ([`ThemeGate`], decided by `rules cv-themes`): the model never decides a theme on its own
//! evidence where the rules are clear. It may add a theme a weak rule voted for (a positive sum below the
//! threshold), add a theme no rule voted on only with a larger margin, and take away a theme that one rule
//! alone assigned; never a theme a trap rule (negative weight) voted against. Each move is off unless its
//! margin is set.

use super::word_model::{
    count_features, lang_index, toml_string, write_model_header, Contribution, LangModel,
    TrainSettings,
};
use crate::model::{Lang, Statement, Theme};
use serde::Serialize;

/// When the model may change a theme's decision; a move whose margin is `None` is never made.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ThemeGate {
    /// Add a theme whose rule sum is above 0 but below the threshold when the model's score reaches this.
    pub weak_margin: Option<f32>,
    /// Add a theme no rule voted on when the model's score reaches this.
    pub bare_margin: Option<f32>,
    /// Take away a theme one rule alone assigned when the model's score is at or below minus this.
    pub remove_margin: Option<f32>,
}

/// How the rules left a theme, as far as the gate is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleStanding {
    /// No rule voted on the theme.
    Silent,
    /// Rules voted for it, all with positive weight, but their sum is below the threshold.
    Weak,
    /// Exactly one rule voted, and it alone reached the threshold.
    Single,
    /// Anything else: assigned by several rules, or a trap rule voted against it.
    Settled,
}

pub use crate::model::ModelMove;

impl ThemeGate {
    /// The least score (for an addition) or the largest negative one (for a removal, as a positive
    /// number) the gate asks of the model for a theme standing so, `None` when it does not ask at all.
    pub fn margin_for(&self, standing: RuleStanding) -> Option<(ModelMove, f32)> {
        match standing {
            RuleStanding::Silent => self.bare_margin.map(|m| (ModelMove::Added, m)),
            RuleStanding::Weak => self.weak_margin.map(|m| (ModelMove::Added, m)),
            RuleStanding::Single => self.remove_margin.map(|m| (ModelMove::Removed, m)),
            RuleStanding::Settled => None,
        }
    }

    /// The move a score makes for a theme standing so, if any.
    pub fn decide(&self, standing: RuleStanding, score: f32) -> Option<ModelMove> {
        let (mv, margin) = self.margin_for(standing)?;
        let reached = match mv {
            ModelMove::Added => score >= margin && score > 0.0,
            ModelMove::Removed => score <= -margin && score < 0.0,
        };
        reached.then_some(mv)
    }

    /// Whether no move is allowed at all.
    pub fn is_off(&self) -> bool {
        self.weak_margin.is_none() && self.bare_margin.is_none() && self.remove_margin.is_none()
    }
}

/// One language's table as the file keeps it: statements `[all, with each theme…]`, and per feature
/// `[statements containing it, of them with each theme…]`.
pub type ThemeTable = ([u32; 6], Vec<(String, [u32; 6])>);

/// The trained theme model: one [`LangModel`] per theme and language, and the gate.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeModel {
    /// The files it was trained on, as given to the trainer.
    pub trained_on: Vec<String>,
    /// Smoothing and least feature count (its `margin` is unused: the gate holds the margins).
    pub smoothing: f32,
    /// The least number of a language's training statements a feature must occur in.
    pub min_count: u32,
    /// When the model may change a theme.
    pub gate: ThemeGate,
    /// Per theme ([`Theme::index`]), English then Chinese: `statements` and `counts` are
    /// `[with the theme, without it]`.
    pub models: [[LangModel; 2]; 5],
}

/// The model's reading of one theme of one text, for `explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeModelScore {
    /// The theme.
    pub theme: Theme,
    /// The summed weights (natural log-odds, the theme positive).
    pub score: f32,
    /// Every known feature, largest absolute weight first (counts `[with the theme, without]`).
    pub contributions: Vec<Contribution>,
}

impl ThemeModel {
    /// Trains the model on the gold-labelled statements (those without gold are skipped).
    pub fn train(
        statements: &[Statement],
        trained_on: Vec<String>,
        smoothing: f32,
        min_count: u32,
        gate: ThemeGate,
    ) -> ThemeModel {
        let counted = count_features(statements, |s| {
            let g = s.theme_gold()?;
            let mut c = [true; 6];
            for t in Theme::ALL {
                c[1 + t.index()] = g.contains(&t);
            }
            Some(c)
        });
        let counted = counted.map(|(n, counts)| {
            let counts: Vec<(String, [u32; 6])> = counts
                .into_iter()
                .filter(|(_, c)| c[0] >= min_count)
                .collect();
            (n, counts)
        });
        ThemeModel::from_table(trained_on, smoothing, min_count, gate, &counted)
    }

    /// The model from its per-language table: statements `[all, with each theme…]` and per feature
    /// `[statements containing it, of them with each theme…]` (the file's layout).
    pub fn from_table(
        trained_on: Vec<String>,
        smoothing: f32,
        min_count: u32,
        gate: ThemeGate,
        table: &[ThemeTable; 2],
    ) -> ThemeModel {
        let models = Theme::ALL.map(|t| {
            let k = 1 + t.index();
            [0, 1].map(|li| {
                let (n, counts) = &table[li];
                LangModel::from_counts(
                    [n[k], n[0] - n[k]],
                    counts
                        .iter()
                        .map(|(f, c)| (f.clone(), [c[k], c[0] - c[k]]))
                        .collect(),
                    smoothing,
                )
            })
        });
        ThemeModel {
            trained_on,
            smoothing,
            min_count,
            gate,
            models,
        }
    }

    /// The settings as [`TrainSettings`] (margin 0: the gate holds the margins).
    pub fn settings(&self) -> TrainSettings {
        TrainSettings {
            smoothing: self.smoothing,
            min_count: self.min_count,
            margin: 0.0,
            outrank: crate::rules::word_model::OutrankGate::default(),
        }
    }

    /// A theme's model of a language.
    pub fn model(&self, theme: Theme, lang: Lang) -> &LangModel {
        &self.models[theme.index()][lang_index(lang)]
    }

    /// A theme's score of a normalised text ([`crate::text::Normalized`]).
    pub fn score_normalized(&self, theme: Theme, lang: Lang, normalized: &str) -> f32 {
        self.model(theme, lang).score_normalized(normalized)
    }

    /// A theme's score of a text with every known feature's contribution, for `explain`.
    pub fn explain(&self, theme: Theme, lang: Lang, text: &str) -> ThemeModelScore {
        let (score, contributions) = self.model(theme, lang).explain(text);
        ThemeModelScore {
            theme,
            score,
            contributions,
        }
    }

    /// The model as the TOML file `rules train-themes` writes, in sorted order, so that training twice on
    /// the same files gives the same bytes.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# The theme word model (docs/rules.md, \"The theme word model\"): per theme and language, naive Bayes over\n\
             # words, word pairs and Chinese character pairs, the theme's statements against all others. It may\n\
             # change a theme only where the rules are weak (the gate below; a margin left out turns that move\n\
             # off). Written by `twovoices rules train-themes`; do not edit the counts by hand, retrain. A test\n\
             # checks that retraining on `trained_on` gives this file.\n\n",
        );
        write_model_header(
            &mut out,
            "theme_model",
            &self.trained_on,
            self.smoothing,
            self.min_count,
        );
        for (key, m) in [
            ("weak_margin", self.gate.weak_margin),
            ("bare_margin", self.gate.bare_margin),
            ("remove_margin", self.gate.remove_margin),
        ] {
            if let Some(m) = m {
                out.push_str(&format!("{key} = {m:?}\n"));
            }
        }
        let names: Vec<&str> = Theme::ALL.iter().map(|t| t.as_str()).collect();
        for lang in [Lang::En, Lang::Zh] {
            let l = lang.as_str();
            let li = lang_index(lang);
            let first = &self.models[0][li];
            let mut n = [first.statements[0] + first.statements[1], 0, 0, 0, 0, 0];
            for t in Theme::ALL {
                n[1 + t.index()] = self.models[t.index()][li].statements[0];
            }
            out.push_str(&format!(
                "\n[theme_model.{l}]\n# training statements: [all, {}]\nstatements = {}\n",
                names.join(", "),
                list(&n)
            ));
            out.push_str(&format!(
                "\n# feature = [statements containing it, of them: {}]\n[theme_model.{l}.counts]\n",
                names.join(", ")
            ));
            for (f, c) in &first.counts {
                let mut row = [c[0] + c[1], 0, 0, 0, 0, 0];
                for t in Theme::ALL {
                    row[1 + t.index()] =
                        self.models[t.index()][li].counts.get(f).map_or(0, |c| c[0]);
                }
                out.push_str(&format!("{} = {}\n", toml_string(f), list(&row)));
            }
        }
        out
    }
}

fn list(v: &[u32; 6]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, Gold};

    pub(crate) fn gold(id: &str, text: &str, lang: Lang, themes: &[Theme]) -> Statement {
        let mut s = Statement::new(id, text);
        s.lang = lang;
        s.gold = Some(Gold::new(Audience::External, themes.to_vec()));
        s
    }

    fn corpus() -> Vec<Statement> {
        let mut data = Vec::new();
        for i in 0..4 {
            data.push(gold(
                &format!("s{i}"),
                "the firewall protects critical information infrastructure",
                Lang::En,
                &[Theme::Security],
            ));
            data.push(gold(
                &format!("a{i}"),
                "we will build a manufacturing superpower and lead the world",
                Lang::En,
                &[Theme::Ambition],
            ));
            data.push(gold(
                &format!("n{i}"),
                "the weather and the harvest were fine this year",
                Lang::En,
                &[],
            ));
        }
        data.push(gold("x", "未标注", Lang::Zh, &[]));
        data
    }

    #[test]
    fn each_theme_leans_toward_its_own_words() {
        let m = ThemeModel::train(&corpus(), vec![], 1.0, 2, ThemeGate::default());
        let sec = m.model(Theme::Security, Lang::En);
        assert_eq!(sec.statements, [4, 8]);
        assert_eq!(sec.counts.get("firewall"), Some(&[4, 0]));
        assert!(sec.weight("firewall") > 0.0);
        assert!(sec.weight("superpower") < 0.0);
        let amb = m.model(Theme::Ambition, Lang::En);
        assert!(amb.weight("superpower") > 0.0);
        let mut n = crate::text::Normalized::default();
        n.set("A firewall for critical infrastructure.");
        assert!(m.score_normalized(Theme::Security, Lang::En, &n.text) > 2.0);
        assert!(m.score_normalized(Theme::Ambition, Lang::En, &n.text) < 0.0);
        // Nothing known: no lean.
        n.set("zebra");
        assert_eq!(m.score_normalized(Theme::Standards, Lang::En, &n.text), 0.0);
        let e = m.explain(Theme::Security, Lang::En, "the firewall");
        assert_eq!(e.contributions[0].feature, "firewall");
    }

    #[test]
    fn training_twice_gives_the_same_bytes_and_the_file_round_trips() {
        let gate = ThemeGate {
            weak_margin: Some(3.0),
            bare_margin: None,
            remove_margin: Some(12.5),
        };
        let mut data = corpus();
        let a = ThemeModel::train(&data, vec!["f \"1\".jsonl".into()], 1.0, 2, gate);
        data.reverse();
        let b = ThemeModel::train(&data, vec!["f \"1\".jsonl".into()], 1.0, 2, gate);
        let text = a.to_toml();
        assert_eq!(
            text,
            b.to_toml(),
            "the order of the statements changes nothing"
        );
        assert!(text.contains("\"firewall\" = [4, 0, 0, 4, 0, 0]"), "{text}");
        assert!(text.contains("weak_margin = 3.0\n"));
        assert!(!text.contains("bare_margin"));
        let set = crate::rules::RuleSet::from_files(vec![
            crate::rules::SourceFile {
                path: "theme-model.toml".into(),
                text: text.clone(),
            },
            crate::rules::SourceFile {
                path: "r.toml".into(),
                text: "[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"x\"]\n"
                    .into(),
            },
        ])
        .unwrap();
        let loaded = set.theme_model.as_ref().unwrap();
        assert_eq!(loaded, &a);
        assert_eq!(loaded.to_toml(), text);
    }

    #[test]
    fn the_gate_moves_only_where_its_margin_is_set_and_reached() {
        let gate = ThemeGate {
            weak_margin: Some(2.0),
            bare_margin: Some(6.0),
            remove_margin: None,
        };
        assert_eq!(gate.decide(RuleStanding::Weak, 2.5), Some(ModelMove::Added));
        assert_eq!(gate.decide(RuleStanding::Weak, 1.5), None);
        assert_eq!(gate.decide(RuleStanding::Silent, 2.5), None);
        assert_eq!(
            gate.decide(RuleStanding::Silent, 6.0),
            Some(ModelMove::Added)
        );
        assert_eq!(
            gate.decide(RuleStanding::Single, -50.0),
            None,
            "removal is off"
        );
        assert_eq!(gate.decide(RuleStanding::Settled, 99.0), None);
        let remove = ThemeGate {
            remove_margin: Some(4.0),
            ..ThemeGate::default()
        };
        assert_eq!(
            remove.decide(RuleStanding::Single, -4.5),
            Some(ModelMove::Removed)
        );
        assert_eq!(remove.decide(RuleStanding::Single, -3.0), None);
        assert!(ThemeGate::default().is_off());
        assert!(!remove.is_off());
    }
}
