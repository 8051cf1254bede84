//! Cross-validation of the word models: each file is scored by a model that never saw it — trained on all
//! the other files (leave one file out), or on every training file when separate held-out files are given —
//! and its audience accuracy (or theme F1) compared with the rules alone.

use crate::analysis::eval::{evaluate, Prf};
use crate::classify::Classifier;
use crate::model::{Basis, Classification, Lang, ModelMove, Statement, Theme};
use crate::rules::theme_model::{ThemeGate, ThemeModel};
use crate::rules::word_model::{TrainSettings, WordModel};
use crate::rules::RuleSet;
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// Of the statements it decided, those where it overruled a rule level (`--outrank`).
    pub model_outranked: usize,
    /// Of those, the ones it got right.
    pub outranked_right: usize,
}

/// The whole cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossValidation {
    /// True when one model trained on every training file scored separate held-out files; false when each
    /// file was held out in turn.
    pub held_out: bool,
    /// True when only the `--rotate` files were held out, each in turn, with every training file and the
    /// other rotated files to train on (leave one set out); the totals are over those files alone.
    pub rotated: bool,
    /// The settings every fold's model was trained with.
    pub margin: f32,
    /// Laplace smoothing.
    pub smoothing: f32,
    /// Least feature count.
    pub min_count: u32,
    /// The rule levels the model could overrule (empty: none).
    pub outrank: Vec<crate::model::Level>,
    /// The score at which it overruled them.
    pub outrank_margin: f32,
    /// One fold per file, in the order given.
    pub folds: Vec<Fold>,
    /// The sums over all folds.
    pub total: Fold,
}

/// One fold: the file scored, its statements, and the statements its own model is trained on (`None`:
/// the one model trained on every training file).
struct FoldPlan<'a> {
    name: &'a str,
    scored: &'a [Statement],
    training: Option<Vec<Statement>>,
}

/// The folds over `files` (name, statements): with no `held_out` files, each file in turn, with the
/// statements of all the other files to train on; otherwise each held-out file, to be scored by the one
/// model trained on every file of `files` (the caller trains it once).
fn folds<'a>(
    files: &'a [(String, Vec<Statement>)],
    held_out: &'a [(String, Vec<Statement>)],
) -> Vec<FoldPlan<'a>> {
    if !held_out.is_empty() {
        return held_out
            .iter()
            .map(|(name, s)| FoldPlan {
                name,
                scored: s,
                training: None,
            })
            .collect();
    }
    // Leave one file out is leaving one set out of `files` with nothing trained on besides.
    rotate_folds(&[], files)
}

/// Every statement of `files`, for the one model of a held-out cross-validation (empty otherwise).
fn all_training(
    files: &[(String, Vec<Statement>)],
    held_out: &[(String, Vec<Statement>)],
) -> Vec<Statement> {
    if held_out.is_empty() {
        return Vec::new();
    }
    files.iter().flat_map(|(_, s)| s.iter().cloned()).collect()
}

/// Leave one set out: each file of `rotate` in turn, scored by a model trained on every file of `files` and
/// every other file of `rotate`. The `files` themselves are never scored.
fn rotate_folds<'a>(
    files: &'a [(String, Vec<Statement>)],
    rotate: &'a [(String, Vec<Statement>)],
) -> Vec<FoldPlan<'a>> {
    rotate
        .iter()
        .enumerate()
        .map(|(k, (name, scored))| FoldPlan {
            name,
            scored,
            training: Some(
                files
                    .iter()
                    .flat_map(|(_, s)| s.iter().cloned())
                    .chain(
                        rotate
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != k)
                            .flat_map(|(_, (_, s))| s.iter().cloned()),
                    )
                    .collect(),
            ),
        })
        .collect()
}

/// Cross-validates the audience word model over `files` (name, statements): each file is held out once,
/// or, with `held_out` files, one model trained on all of `files` scores each of them; with `rotate` files
/// (and no `held_out` ones), each rotated file in turn is scored by a model trained on `files` and the other
/// rotated files, and the `files` only train. `rules` supplies the rule levels; its own model, if any, is
/// set aside and restored.
pub fn cross_validate(
    rules: &mut RuleSet,
    files: &[(String, Vec<Statement>)],
    held_out: &[(String, Vec<Statement>)],
    rotate: &[(String, Vec<Statement>)],
    settings: TrainSettings,
) -> CrossValidation {
    let own = rules.audience_model.take();
    let shared = WordModel::train(&all_training(files, held_out), Vec::new(), settings);
    let rotated = held_out.is_empty() && !rotate.is_empty();
    let folds_of = if rotated {
        rotate_folds(files, rotate)
    } else {
        folds(files, held_out)
    };
    let mut folds = Vec::with_capacity(folds_of.len());
    for FoldPlan {
        name,
        scored,
        training,
    } in folds_of
    {
        let model = match training {
            Some(training) => WordModel::train(&training, Vec::new(), settings),
            None => shared.clone(),
        };
        let mut fold = Fold {
            file: name.to_string(),
            rules: Tally::default(),
            with_model: Tally::default(),
            model_decided: 0,
            model_right: 0,
            model_outranked: 0,
            outranked_right: 0,
        };
        rules.audience_model = None;
        let plain: Vec<_> = {
            let mut c = Classifier::new(rules);
            scored.iter().map(|s| c.classify(s).audience).collect()
        };
        rules.audience_model = Some(model);
        let mut c = Classifier::new(rules);
        for (s, plain) in scored.iter().zip(plain) {
            let Some(gold) = &s.gold else { continue };
            let cl = c.classify(s);
            fold.rules.add(s.lang, plain == gold.audience);
            fold.with_model.add(s.lang, cl.audience == gold.audience);
            if cl.audience_basis == Basis::Model {
                fold.model_decided += 1;
                fold.model_right += usize::from(cl.audience == gold.audience);
                if cl.audience_model_outranked.is_some() {
                    fold.model_outranked += 1;
                    fold.outranked_right += usize::from(cl.audience == gold.audience);
                }
            }
        }
        folds.push(fold);
    }
    rules.audience_model = own;
    let held_out_mode = !held_out.is_empty();
    let mut total = Fold {
        file: "all files".into(),
        rules: Tally::default(),
        with_model: Tally::default(),
        model_decided: 0,
        model_right: 0,
        model_outranked: 0,
        outranked_right: 0,
    };
    for f in &folds {
        total.rules.merge(&f.rules);
        total.with_model.merge(&f.with_model);
        total.model_decided += f.model_decided;
        total.model_right += f.model_right;
        total.model_outranked += f.model_outranked;
        total.outranked_right += f.outranked_right;
    }
    CrossValidation {
        held_out: held_out_mode,
        rotated,
        margin: settings.margin,
        smoothing: settings.smoothing,
        min_count: settings.min_count,
        outrank: settings.outrank.level_list(),
        outrank_margin: settings.outrank.margin,
        folds,
        total,
    }
}

/// Theme scores of a set of classifications against gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeScores {
    /// Gold-labelled statements.
    pub n: usize,
    /// Mean of the five per-theme F1.
    pub macro_f1: f64,
    /// The same over English statements (`None` without any).
    pub en_macro_f1: Option<f64>,
    /// The same over Chinese statements.
    pub zh_macro_f1: Option<f64>,
    /// Per theme.
    pub per_theme: BTreeMap<Theme, Prf>,
    /// Statements whose gold has no theme (traps and off-topic statements).
    pub traps: usize,
    /// Of those, the ones given no theme.
    pub traps_kept: usize,
}

impl ThemeScores {
    /// Scores `(statement, classification)` pairs; statements without gold are left out.
    pub fn of(pairs: &[(Statement, Classification)]) -> ThemeScores {
        let m = evaluate(pairs);
        let mut traps = 0;
        let mut traps_kept = 0;
        for (s, c) in pairs {
            if s.theme_gold().is_some_and(|g| g.is_empty()) {
                traps += 1;
                traps_kept += usize::from(c.themes.is_empty());
            }
        }
        ThemeScores {
            n: m.n as usize,
            macro_f1: m.themes.macro_f1,
            en_macro_f1: m.by_lang.get(&Lang::En).map(|l| l.themes.macro_f1),
            zh_macro_f1: m.by_lang.get(&Lang::Zh).map(|l| l.themes.macro_f1),
            per_theme: m.themes.per_theme,
            traps,
            traps_kept,
        }
    }
}

/// What the model changed, against gold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ModelChanges {
    /// Themes added that gold has.
    pub added_right: usize,
    /// Themes added that gold does not have.
    pub added_wrong: usize,
    /// Themes taken away that gold does not have.
    pub removed_right: usize,
    /// Themes taken away that gold has.
    pub removed_wrong: usize,
}

/// One held-out file of the theme cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeFold {
    /// The held-out file.
    pub file: String,
    /// Theme macro-F1 of the rules alone on it.
    pub rules_macro_f1: f64,
    /// Theme macro-F1 with the model trained on the other files.
    pub with_model_macro_f1: f64,
    /// What the model changed.
    pub changes: ModelChanges,
}

/// The theme cross-validation: per-file figures, and the scores over all held-out predictions pooled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeCrossValidation {
    /// True when one model trained on every training file scored separate held-out files; false when each
    /// file was held out in turn.
    pub held_out: bool,
    /// True when only the `--rotate` files were held out, each in turn, with every training file and the
    /// other rotated files to train on (leave one set out); the pooled scores are over those files alone.
    pub rotated: bool,
    /// Laplace smoothing of every fold's model.
    pub smoothing: f32,
    /// Least feature count.
    pub min_count: u32,
    /// The gate every fold's model was used with.
    pub gate: ThemeGate,
    /// One fold per file, in the order given.
    pub folds: Vec<ThemeFold>,
    /// The rules alone, over all files.
    pub rules: ThemeScores,
    /// The rules with each file's model, over all files.
    pub with_model: ThemeScores,
    /// What the models changed, over all files.
    pub changes: ModelChanges,
}

/// Cross-validates the theme model over `files` (name, statements): each file is held out once and
/// classified with the rules alone and with a model trained on the other files — or, with `held_out`
/// files, each of them is classified with a model trained on all of `files`; with `rotate` files (and no
/// `held_out` ones), each rotated file in turn is classified with a model trained on `files` and the other
/// rotated files. `rules`' own theme model, if any, is set aside and restored.
#[allow(clippy::too_many_arguments)]
pub fn cross_validate_themes(
    rules: &mut RuleSet,
    files: &[(String, Vec<Statement>)],
    held_out: &[(String, Vec<Statement>)],
    rotate: &[(String, Vec<Statement>)],
    smoothing: f32,
    min_count: u32,
    gate: ThemeGate,
) -> ThemeCrossValidation {
    let own = rules.theme_model.take();
    let held_out_mode = !held_out.is_empty();
    let train = |training: &[Statement]| {
        ThemeModel::train(training, Vec::new(), smoothing, min_count, gate)
    };
    let shared = train(&all_training(files, held_out));
    let rotated = held_out.is_empty() && !rotate.is_empty();
    let folds_of = if rotated {
        rotate_folds(files, rotate)
    } else {
        folds(files, held_out)
    };
    let mut folds = Vec::with_capacity(folds_of.len());
    let mut all_plain = Vec::new();
    let mut all_model = Vec::new();
    let mut total = ModelChanges::default();
    for FoldPlan {
        name,
        scored,
        training,
    } in folds_of
    {
        let labelled: Vec<&Statement> =
            scored.iter().filter(|s| s.theme_gold().is_some()).collect();
        rules.theme_model = None;
        let plain: Vec<(Statement, Classification)> = {
            let mut c = Classifier::new(rules);
            labelled
                .iter()
                .map(|s| ((*s).clone(), c.classify(s)))
                .collect()
        };
        rules.theme_model = Some(match training {
            Some(training) => train(&training),
            None => shared.clone(),
        });
        let mut changes = ModelChanges::default();
        let with_model: Vec<(Statement, Classification)> = {
            let mut c = Classifier::new(rules);
            labelled
                .iter()
                .map(|s| {
                    let cl = c.classify(s);
                    let gold = s.theme_gold().unwrap_or(&[]);
                    for call in &cl.theme_model {
                        let has = gold.contains(&call.theme);
                        match (call.change, has) {
                            (ModelMove::Added, true) => changes.added_right += 1,
                            (ModelMove::Added, false) => changes.added_wrong += 1,
                            (ModelMove::Removed, false) => changes.removed_right += 1,
                            (ModelMove::Removed, true) => changes.removed_wrong += 1,
                        }
                    }
                    ((*s).clone(), cl)
                })
                .collect()
        };
        folds.push(ThemeFold {
            file: name.to_string(),
            rules_macro_f1: ThemeScores::of(&plain).macro_f1,
            with_model_macro_f1: ThemeScores::of(&with_model).macro_f1,
            changes,
        });
        total.added_right += changes.added_right;
        total.added_wrong += changes.added_wrong;
        total.removed_right += changes.removed_right;
        total.removed_wrong += changes.removed_wrong;
        all_plain.extend(plain);
        all_model.extend(with_model);
    }
    rules.theme_model = own;
    ThemeCrossValidation {
        held_out: held_out_mode,
        rotated,
        smoothing,
        min_count,
        gate,
        folds,
        rules: ThemeScores::of(&all_plain),
        with_model: ThemeScores::of(&all_model),
        changes: total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, Gold};
    use crate::rules::SourceFile;

    fn gold(id: &str, text: &str, audience: Audience) -> Statement {
        let mut s = Statement::new(id, text);
        s.gold = Some(Gold::new(audience, Vec::new()));
        s
    }

    #[test]
    fn leave_one_set_out_scores_only_the_rotated_files() {
        let set = |name: &str, n: usize| {
            (
                name.to_string(),
                (0..n)
                    .map(|k| gold(&format!("{name}-{k}"), "words", Audience::Internal))
                    .collect::<Vec<_>>(),
            )
        };
        let files = vec![set("train-a", 3), set("train-b", 4)];
        let rotate = vec![set("x", 1), set("y", 2), set("z", 5)];
        let plan = rotate_folds(&files, &rotate);
        let names: Vec<&str> = plan.iter().map(|f| f.name).collect();
        assert_eq!(names, ["x", "y", "z"]);
        // Each rotated set trains on both training files and the two other rotated sets, never on itself.
        let sizes: Vec<usize> = plan
            .iter()
            .map(|f| f.training.as_ref().map_or(0, Vec::len))
            .collect();
        assert_eq!(sizes, [3 + 4 + 2 + 5, 3 + 4 + 1 + 5, 3 + 4 + 1 + 2]);
        for f in &plan {
            let own: Vec<&str> = f.scored.iter().map(|s| s.id.as_str()).collect();
            assert!(f
                .training
                .as_ref()
                .unwrap()
                .iter()
                .all(|s| !own.contains(&s.id.as_str())));
        }
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
        let cv = cross_validate(&mut rules, &files, &[], &[], settings);
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
        assert!(!cv.held_out);
        // Held out: one model trained on f0–f2 scores f3 (a copy of f0 under another name) only.
        let mut copy = file(0);
        copy.0 = "copy".into();
        let cv = cross_validate(&mut rules, &files[..3], &[copy], &[], settings);
        assert!(cv.held_out);
        assert_eq!(cv.folds.len(), 1);
        assert_eq!(cv.folds[0].file, "copy");
        assert_eq!(cv.folds[0].with_model.right, 2);
        assert_eq!(cv.total.with_model.n, 2);

        // Leave one set out: only the rotated files are scored, each by a model trained on the training
        // files and the other rotated ones: f1 learns from f2 (training) and f0 (rotated), so the model
        // decides it. The odd files alone train nothing that reads f0's words, so f0 rotated against them
        // is left to the default.
        let cv = cross_validate(&mut rules, &files[2..], &[], &[file(0), file(1)], settings);
        assert!(cv.rotated && !cv.held_out);
        assert_eq!(cv.folds.len(), 2);
        assert_eq!(
            cv.total.with_model.n, 4,
            "the training files are never scored"
        );
        assert_eq!(cv.folds[1].with_model.right, 2);
        assert_eq!(cv.folds[1].model_decided, 2);
        let cv = cross_validate(
            &mut rules,
            &files[3..],
            &[],
            &[file(0), odd_copy()],
            settings,
        );
        assert_eq!(cv.folds[0].model_decided, 0);
        assert_eq!(cv.folds[0].with_model.right, 1);
        assert!(rules.audience_model.is_none());
    }

    fn odd_copy() -> (String, Vec<Statement>) {
        (
            "odd2".to_string(),
            vec![gold("y", "quite unrelated words here", Audience::External)],
        )
    }
}
