//! Leave-one-file-out cross-validation of the audience word model: each file is scored by a model trained
//! on all the other files, and its audience accuracy compared with the rules alone.

use crate::classify::Classifier;
use crate::model::{Basis, Lang, Statement};
use crate::rules::word_model::{TrainSettings, WordModel};
use crate::rules::RuleSet;
use serde::Serialize;

/// Right and total audience answers, overall and per language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Right answers, all statements.
    pub right: usize,
    /// Gold-labelled statements.
    pub n: usize,
    /// Right answers, English statements.
    pub en_right: usize,
    /// English gold-labelled statements.
    pub en_n: usize,
    /// Right answers, Chinese statements.
    pub zh_right: usize,
    /// Chinese gold-labelled statements.
    pub zh_n: usize,
}

impl Tally {
    fn add(&mut self, lang: Lang, right: bool) {
        let r = usize::from(right);
        self.n += 1;
        self.right += r;
        match lang {
            Lang::En => {
                self.en_n += 1;
                self.en_right += r;
            }
            Lang::Zh => {
                self.zh_n += 1;
                self.zh_right += r;
            }
        }
    }

    fn merge(&mut self, o: &Tally) {
        self.right += o.right;
        self.n += o.n;
        self.en_right += o.en_right;
        self.en_n += o.en_n;
        self.zh_right += o.zh_right;
        self.zh_n += o.zh_n;
    }

    /// Accuracy overall, `None` without statements.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.right, self.n)
    }

    /// Accuracy on English statements.
    pub fn en(&self) -> Option<f64> {
        ratio(self.en_right, self.en_n)
    }

    /// Accuracy on Chinese statements.
    pub fn zh(&self) -> Option<f64> {
        ratio(self.zh_right, self.zh_n)
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// One held-out file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fold {
    /// The held-out file.
    pub file: String,
    /// Audience answers of the rules alone (no word model).
    pub rules: Tally,
    /// Audience answers of the rules with the model trained on the other files.
    pub with_model: Tally,
    /// Statements on which the model decided (no rule level did and its score reached the margin).
    pub model_decided: usize,
    /// Of those, the ones it got right.
    pub model_right: usize,
}

/// The whole cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossValidation {
    /// The settings every fold's model was trained with.
    pub margin: f32,
    /// Laplace smoothing.
    pub smoothing: f32,
    /// Least feature count.
    pub min_count: u32,
    /// One fold per file, in the order given.
    pub folds: Vec<Fold>,
    /// The sums over all folds.
    pub total: Fold,
}

/// Cross-validates the word model over `files` (name, statements): each file is held out once. `rules`
/// supplies the rule levels; its own model, if any, is set aside and restored.
pub fn cross_validate(
    rules: &mut RuleSet,
    files: &[(String, Vec<Statement>)],
    settings: TrainSettings,
) -> CrossValidation {
    let own = rules.audience_model.take();
    let mut folds = Vec::with_capacity(files.len());
    for (k, (name, held_out)) in files.iter().enumerate() {
        let training: Vec<Statement> = files
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(_, (_, s))| s.iter().cloned())
            .collect();
        let model = WordModel::train(&training, Vec::new(), settings);
        let mut fold = Fold {
            file: name.clone(),
            rules: Tally::default(),
            with_model: Tally::default(),
            model_decided: 0,
            model_right: 0,
        };
        rules.audience_model = None;
        let plain: Vec<_> = {
            let mut c = Classifier::new(rules);
            held_out.iter().map(|s| c.classify(s).audience).collect()
        };
        rules.audience_model = Some(model);
        let mut c = Classifier::new(rules);
        for (s, plain) in held_out.iter().zip(plain) {
            let Some(gold) = &s.gold else { continue };
            let cl = c.classify(s);
            fold.rules.add(s.lang, plain == gold.audience);
            fold.with_model.add(s.lang, cl.audience == gold.audience);
            if cl.audience_basis == Basis::Model {
                fold.model_decided += 1;
                fold.model_right += usize::from(cl.audience == gold.audience);
            }
        }
        folds.push(fold);
    }
    rules.audience_model = own;
    let mut total = Fold {
        file: "all files".into(),
        rules: Tally::default(),
        with_model: Tally::default(),
        model_decided: 0,
        model_right: 0,
    };
    for f in &folds {
        total.rules.merge(&f.rules);
        total.with_model.merge(&f.with_model);
        total.model_decided += f.model_decided;
        total.model_right += f.model_right;
    }
    CrossValidation {
        margin: settings.margin,
        smoothing: settings.smoothing,
        min_count: settings.min_count,
        folds,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, Gold};
    use crate::rules::SourceFile;

    fn gold(id: &str, text: &str, audience: Audience) -> Statement {
        let mut s = Statement::new(id, text);
        s.gold = Some(Gold {
            audience,
            themes: Vec::new(),
        });
        s
    }

    #[test]
    fn a_file_is_scored_by_a_model_that_never_saw_it() {
        // One rule that never fires on these texts; the default is internal.
        let mut rules = RuleSet::from_files(vec![SourceFile {
            path: "r.toml".into(),
            text:
                "[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"zzz\"]\n"
                    .into(),
        }])
        .unwrap();
        let file = |k: usize| {
            (
                format!("f{k}"),
                vec![
                    gold(
                        &format!("e{k}"),
                        "the side opposes sanctions firmly",
                        Audience::External,
                    ),
                    gold(
                        &format!("i{k}"),
                        "cadres study the plenum",
                        Audience::Internal,
                    ),
                ],
            )
        };
        // A file whose external text shares no word with the others: its model cannot know it.
        let odd = (
            "odd".to_string(),
            vec![gold("x", "quite unrelated words here", Audience::External)],
        );
        let files = vec![file(0), file(1), file(2), odd];
        let settings = TrainSettings {
            margin: 1.0,
            ..TrainSettings::default()
        };
        let cv = cross_validate(&mut rules, &files, settings);
        assert_eq!(cv.folds.len(), 4);
        // Rules alone: the default (internal) is right on the internal half only.
        assert_eq!(cv.folds[0].rules.right, 1);
        // With a model trained on the other files, both of f0's statements are right.
        assert_eq!(cv.folds[0].with_model.right, 2);
        assert_eq!(cv.folds[0].model_decided, 2);
        // The odd file's words were never seen in training: the model stays silent there.
        assert_eq!(cv.folds[3].model_decided, 0);
        assert_eq!(cv.folds[3].with_model.right, 0);
        assert_eq!(cv.total.with_model.n, 7);
        assert!(
            rules.audience_model.is_none(),
            "the rule set's own model is restored"
        );
    }
}
