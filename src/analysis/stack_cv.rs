//! Out-of-sample measurement of the stacked theme model. `rules cv-stack`: leave one set out, each rotated
//! file in turn scored by models trained on every other file, one per strength `c`, and each gate applied to
//! the same probabilities; the rules alone beside them. `rules cross-half`: the same with two folds, a group
//! of files at a time ([`Folds::Group`]): the check half scored by a model trained on the development half,
//! and the reverse.

use crate::analysis::cross_validate::{ModelChanges, ThemeScores};
use crate::classify::Classifier;
use crate::model::{Classification, ModelMove, Statement, Theme};
use crate::rules::stack::{
    gold_themes, named_features, trap_votes, FeatureTable, StackGate, StackModel, StackScratch,
    StackSettings,
};
use crate::rules::RuleSet;
use serde::Serialize;

/// One file the cross-validation scores, and the group it is pooled in.
pub struct Rotated {
    /// The file's name.
    pub name: String,
    /// Its statements.
    pub statements: Vec<Statement>,
    /// The group it is pooled with (0: `--rotate`, 1: `--rotate-check`).
    pub group: usize,
}

/// What one training leaves out and scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folds {
    /// Each rotated file in turn (leave one set out: one training per file and strength).
    File,
    /// Each group of rotated files in turn (one training per group and strength).
    Group,
}

pub use crate::rules::stack::Family;

/// One setting: a strength and a gate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StackSetting {
    /// Inverse regularisation strength.
    pub c: f32,
    /// The gate.
    pub gate: StackGate,
}

/// A file's theme macro-F1, rules alone and with the setting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileFigure {
    /// The file.
    pub file: String,
    /// Its group.
    pub group: usize,
    /// Theme macro-F1 of the rules alone.
    pub rules: f64,
    /// With the stacked model.
    pub stacked: f64,
}

/// One setting's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StackRow {
    /// The setting.
    pub setting: StackSetting,
    /// Pooled per group.
    pub groups: Vec<ThemeScores>,
    /// What the model changed, per group.
    pub changes: Vec<ModelChanges>,
    /// Per file.
    pub files: Vec<FileFigure>,
}

/// The whole measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StackCrossValidation {
    /// Statements the training files add to every fold.
    pub training_statements: usize,
    /// Models trained (folds × strengths).
    pub trainings: usize,
    /// The rules alone, pooled per group.
    pub rules: Vec<ThemeScores>,
    /// One row per setting, in the order given (strengths outer, gates inner).
    pub rows: Vec<StackRow>,
    /// Every held-out statement with its out-of-fold probabilities (`--dump`; not in the report).
    #[serde(skip)]
    pub held_out: Vec<HeldOut>,
}

/// One held-out statement: what the rules said and what each strength's model, trained without its
/// file, gave each theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldOut {
    /// The file.
    pub file: String,
    /// Its group.
    pub group: usize,
    /// The statement's id.
    pub id: String,
    /// Its language.
    pub lang: crate::model::Lang,
    /// The gold themes.
    pub gold: Vec<Theme>,
    /// The themes the rules assigned.
    pub rules: Vec<Theme>,
    /// The themes a trap rule voted against.
    pub traps: Vec<Theme>,
    /// Per strength (in the order given), each theme's probability, in `Theme::ALL` order.
    pub probabilities: Vec<[f32; 5]>,
}

/// Leave one set out over `rotate` (or one group of it at a time, `folds`), each scored by models trained on
/// `files` and the other rotated files (groups), with no feature of the families `without`. `rules`
/// classifies every statement first, with its own stacked model set aside.
#[allow(clippy::too_many_arguments)]
pub fn cross_validate_stack(
    rules: &mut RuleSet,
    files: &[(String, Vec<Statement>)],
    rotate: &[Rotated],
    folds: Folds,
    without: &[Family],
    cs: &[f32],
    gates: &[StackGate],
    base: StackSettings,
) -> StackCrossValidation {
    let own = rules.theme_stack.take();
    // Every labelled statement, with its rules' classification; the training files first.
    let mut data: Vec<(Statement, Classification, Option<usize>)> = Vec::new();
    {
        let mut c = Classifier::without_evidence(rules);
        for (_, st) in files {
            for s in st.iter().filter(|s| s.theme_gold().is_some()) {
                data.push((s.clone(), c.classify(s), None));
            }
        }
        for (k, r) in rotate.iter().enumerate() {
            for s in r.statements.iter().filter(|s| s.theme_gold().is_some()) {
                data.push((s.clone(), c.classify(s), Some(k)));
            }
        }
    }
    let audience_rules: std::collections::HashSet<&str> = rules
        .rules
        .iter()
        .filter(|r| matches!(r.label, crate::rules::Label::Audience(_)))
        .map(|r| r.id.as_str())
        .collect();
    let named: Vec<Vec<(String, f32)>> = data
        .iter()
        .map(|(s, c, _)| {
            let mut f = named_features(s, c, &c.themes);
            if !without.is_empty() {
                f.retain(|(n, _)| !without.contains(&Family::of(n, &audience_rules)));
            }
            f
        })
        .collect();
    drop(audience_rules);
    let gold: Vec<[bool; 5]> = data.iter().map(|(s, _, _)| gold_themes(s)).collect();
    let table = FeatureTable::new(&named);
    drop(named);
    // probs[c][statement]: the held-out probability of each theme.
    let mut probs = vec![vec![[0.0f32; 5]; data.len()]; cs.len()];
    let mut scratch = StackScratch::default();
    let groups = rotate.iter().map(|r| r.group).max().map_or(0, |g| g + 1);
    // The fold of each statement: its rotated file, or that file's group.
    let fold_of = |k: &Option<usize>| -> Option<usize> {
        k.map(|k| match folds {
            Folds::File => k,
            Folds::Group => rotate[k].group,
        })
    };
    let n_folds = match folds {
        Folds::File => rotate.len(),
        Folds::Group => groups,
    };
    let mut trainings = 0;
    for k in 0..n_folds {
        let train: Vec<usize> = (0..data.len())
            .filter(|&i| fold_of(&data[i].2) != Some(k))
            .collect();
        let test: Vec<usize> = (0..data.len())
            .filter(|&i| fold_of(&data[i].2) == Some(k))
            .collect();
        if test.is_empty() {
            continue;
        }
        for (ci, c) in cs.iter().enumerate() {
            trainings += 1;
            let settings = StackSettings { c: *c, ..base };
            let model = StackModel::train_rows(
                &table,
                &train,
                &gold,
                Vec::new(),
                settings,
                StackGate::default(),
            );
            for &i in &test {
                let (s, cl, _) = &data[i];
                probs[ci][i] = model.probabilities(&mut scratch, s, cl, &cl.themes);
            }
        }
    }
    rules.theme_stack = own;
    let scored = |pairs: &dyn Fn(usize) -> Option<(Statement, Classification)>,
                  keep: &dyn Fn(usize) -> bool| {
        let v: Vec<(Statement, Classification)> = (0..data.len())
            .filter(|i| keep(*i))
            .filter_map(pairs)
            .collect();
        ThemeScores::of(&v)
    };
    let data = &data;
    let in_group = |g: usize| move |i: usize| data[i].2.is_some_and(|k| rotate[k].group == g);
    let plain = |i: usize| Some((data[i].0.clone(), data[i].1.clone()));
    let rules_scores: Vec<ThemeScores> =
        (0..groups).map(|g| scored(&plain, &in_group(g))).collect();
    let mut rows = Vec::new();
    for (ci, c) in cs.iter().enumerate() {
        for gate in gates {
            let mut changes = vec![ModelChanges::default(); groups];
            let mut stacked: Vec<Option<Classification>> = vec![None; data.len()];
            for (i, (s, cl, k)) in data.iter().enumerate() {
                let Some(k) = k else { continue };
                let trap = trap_votes(cl);
                let mut out = cl.clone();
                let g = s
                    .gold
                    .as_ref()
                    .map(|g| g.themes.clone())
                    .unwrap_or_default();
                for t in Theme::ALL {
                    let assigned = out.themes.contains(&t);
                    match gate.decide(assigned, trap[t.index()], probs[ci][i][t.index()]) {
                        Some(ModelMove::Added) => {
                            out.themes.push(t);
                            let ch = &mut changes[rotate[*k].group];
                            if g.contains(&t) {
                                ch.added_right += 1
                            } else {
                                ch.added_wrong += 1
                            }
                        }
                        Some(ModelMove::Removed) => {
                            out.themes.retain(|x| *x != t);
                            let ch = &mut changes[rotate[*k].group];
                            if g.contains(&t) {
                                ch.removed_wrong += 1
                            } else {
                                ch.removed_right += 1
                            }
                        }
                        None => {}
                    }
                }
                out.themes.sort();
                stacked[i] = Some(out);
            }
            let with = |i: usize| stacked[i].clone().map(|c| (data[i].0.clone(), c));
            let group_scores = (0..groups).map(|g| scored(&with, &in_group(g))).collect();
            let files = rotate
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let mine = |i: usize| data[i].2 == Some(k);
                    FileFigure {
                        file: r.name.clone(),
                        group: r.group,
                        rules: scored(&plain, &mine).macro_f1,
                        stacked: scored(&with, &mine).macro_f1,
                    }
                })
                .collect();
            rows.push(StackRow {
                setting: StackSetting { c: *c, gate: *gate },
                groups: group_scores,
                changes,
                files,
            });
        }
    }
    let held_out = data
        .iter()
        .enumerate()
        .filter_map(|(i, (s, cl, k))| {
            let k = (*k)?;
            let trap = trap_votes(cl);
            Some(HeldOut {
                file: rotate[k].name.clone(),
                group: rotate[k].group,
                id: s.id.clone(),
                lang: s.lang,
                gold: s
                    .gold
                    .as_ref()
                    .map(|g| g.themes.clone())
                    .unwrap_or_default(),
                rules: cl.themes.clone(),
                traps: Theme::ALL.into_iter().filter(|t| trap[t.index()]).collect(),
                probabilities: probs.iter().map(|p| p[i]).collect(),
            })
        })
        .collect();
    StackCrossValidation {
        held_out,
        training_statements: data.iter().filter(|d| d.2.is_none()).count(),
        trainings,
        rules: rules_scores,
        rows,
    }
}
