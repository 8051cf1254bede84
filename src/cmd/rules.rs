//! `twovoices rules …`: check, test, list, show, audit, suggest and diff the classifier rules; train and
//! cross-validate the audience word model.

use crate::cli::InputArgs;
use crate::cli::ReportFormat;
use crate::cli::RulesCommand;
use std::io::Write;
use std::path::Path;
use twovoices::analysis::{audit, cross_validate, diff, ruletest, stack_cv, suggest};
use twovoices::error::{Error, Result};
use twovoices::model::Statement;
use twovoices::render;
use twovoices::rules::doc::{near_ids, ListDoc, RuleDoc, RuleListing};
use twovoices::rules::stack::{StackGate, StackModel, StackSettings};
use twovoices::rules::theme_model::ThemeModel;
use twovoices::rules::word_model::{LangModel, WordModel};
use twovoices::rules::RuleSet;

/// The gold-labelled fixtures compiled into the binary: what `rules test` runs when given no files.
pub const BUNDLED_FIXTURES: &[(&str, &str)] = &[
    (
        "<built-in>/fixtures/brookings-2021.jsonl",
        include_str!("../../fixtures/brookings-2021.jsonl"),
    ),
    (
        "<built-in>/fixtures/dev.jsonl",
        include_str!("../../fixtures/dev.jsonl"),
    ),
];

/// Warns on stderr when a term keeps the matcher off its term index: every statement then goes through
/// one automaton of all the terms (the same matches, more slowly), which nothing else would show.
fn warn_if_unindexed(set: &RuleSet) {
    let Some(terms) = set.unindexed_terms() else {
        return;
    };
    let named: Vec<String> = terms
        .iter()
        .map(|(term, rules)| {
            if rules.is_empty() {
                format!("\"{term}\"")
            } else {
                format!("\"{term}\" ({})", rules.join(", "))
            }
        })
        .collect();
    let what = if named.is_empty() {
        "a regex's literal gate begins with neither a word character nor a CJK one".to_string()
    } else {
        format!(
            "these terms begin with neither a word character nor a CJK one: {}",
            named.join("; ")
        )
    };
    eprintln!(
        "warning: the term index cannot hold every term, so every statement is matched by the slower \
         automaton instead (the same matches): {what}. Start each term with a letter, digit or Han character."
    );
}

/// Runs a `rules` subcommand.
pub fn run<W: Write>(out: &mut W, command: RulesCommand) -> Result<()> {
    match command {
        RulesCommand::Check { rules } => {
            let set = super::load_rules(&rules)?;
            render::table::rules::check_ok(out, &set)?;
            super::warn_if_stack_stale(&set);
            warn_if_unindexed(&set);
            Ok(())
        }
        RulesCommand::Test {
            rules,
            files,
            min_precision,
            min_fired,
            format,
        } => {
            let set = super::load_rules(&rules)?;
            let statements = gold_statements(&files)?;
            let policy = ruletest::TestPolicy {
                min_precision,
                min_fired,
            };
            let report = ruletest::test_rules(&set, &statements, policy);
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &report)?,
                ReportFormat::Table => render::table::rules::test_report(out, &report)?,
            }
            if report.failed > 0 {
                out.flush()?;
                return Err(Error::RuleTests {
                    failed: report.failed,
                });
            }
            Ok(())
        }
        RulesCommand::List { rules, format } => {
            let set = super::load_rules(&rules)?;
            let docs: Vec<RuleDoc> = set.rules.iter().map(RuleDoc::of).collect();
            let lists: Vec<ListDoc> = set.lists.iter().map(ListDoc::of).collect();
            match format {
                // JSON: `{"rules": [...], "lists": [...]}`, each element the object `rules show ID
                // --format json` prints.
                ReportFormat::Json => {
                    render::json::write_pretty(out, &RuleListing { rules: docs, lists })
                }
                ReportFormat::Table => render::table::rules::list(out, &docs, &lists),
            }
        }
        RulesCommand::Show { id, rules, format } => {
            let set = super::load_rules(&rules)?;
            // A list (`@id`, or an id no rule, frame or concept has) shows its terms and its users.
            if let Some(list) = set.list(&id).filter(|_| {
                id.starts_with('@')
                    || (set.rule(&id).is_none()
                        && set.frame(&id).is_none()
                        && set.concept(&id).is_none())
            }) {
                let doc = ListDoc::of(list);
                return match format {
                    ReportFormat::Json => render::json::write_pretty(out, &doc),
                    ReportFormat::Table => render::table::rules::show_list(out, &doc),
                };
            }
            // A frame id shows both of its stances; a concept id its rule.
            if let Some(frame) = set.frame(&id) {
                let docs: Vec<RuleDoc> = [frame.external, frame.internal]
                    .into_iter()
                    .map(|i| RuleDoc::of(&set.rules[i]))
                    .collect();
                return match format {
                    ReportFormat::Json => render::json::write_pretty(out, &docs),
                    ReportFormat::Table => {
                        for (k, doc) in docs.iter().enumerate() {
                            if k > 0 {
                                writeln!(out)?;
                            }
                            render::table::rules::show(out, doc)?;
                        }
                        Ok(())
                    }
                };
            }
            let concept_rule = set.concept(&id).map(|c| &set.rules[c.rule]);
            let Some(rule) = set.rule(&id).or(concept_rule) else {
                return Err(Error::UnknownId {
                    what: "rule",
                    near: near_ids(&set, &id),
                    id,
                });
            };
            let doc = RuleDoc::of(rule);
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &doc),
                ReportFormat::Table => render::table::rules::show(out, &doc),
            }
        }
        RulesCommand::Audit {
            input,
            rules,
            format,
        } => {
            let set = super::load_rules(&rules)?;
            let (records, stats) = super::read_input(&input)?;
            let statements: Vec<Statement> = records.into_iter().map(|r| r.statement).collect();
            let report = audit::audit(&set, &statements);
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &report)?,
                ReportFormat::Table => render::table::rules::audit(out, &report)?,
            }
            super::finish_skips(stats.skipped)
        }
        RulesCommand::Suggest {
            input,
            rules,
            top,
            min_count,
            format,
        } => {
            let set = super::load_rules(&rules)?;
            let (records, stats) = super::read_input(&input)?;
            let statements: Vec<Statement> = records.into_iter().map(|r| r.statement).collect();
            if !statements.iter().any(|s| s.gold.is_some()) {
                return Err(Error::Usage(
                    "no statement has gold labels; `rules suggest` contrasts the statements the rules get wrong against gold".into(),
                ));
            }
            let options = suggest::SuggestOptions {
                top,
                min_count,
                ..suggest::SuggestOptions::default()
            };
            let report = suggest::suggest(&set, &statements, options);
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &report)?,
                ReportFormat::Table => render::table::rules::suggest(out, &report)?,
            }
            super::finish_skips(stats.skipped)
        }
        RulesCommand::TrainAudience {
            input,
            out: path,
            model,
        } => {
            let settings = model.settings()?;
            let (statements, stats) = training_statements(&input, "train-audience", "audience")?;
            let model = WordModel::train(&statements, input.files.clone(), settings);
            let settings_words = format!(", margin {}", settings.margin);
            write_model(out, &path, &model.to_toml(), &model.langs, &settings_words)?;
            super::finish_skips(stats.skipped)
        }
        RulesCommand::CvAudience {
            files,
            held_out,
            rotate,
            rules,
            model,
            format,
        } => {
            let settings = model.settings()?;
            let mut set = super::load_rules(&rules)?;
            let (by_file, held_out) = cv_files(&files, &held_out, "--held-out")?;
            let (_, rotate) = cv_files(&files, &rotate, "--rotate")?;
            let report =
                cross_validate::cross_validate(&mut set, &by_file, &held_out, &rotate, settings);
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &report),
                ReportFormat::Table => render::table::rules::cross_validation(out, &report),
            }
        }
        RulesCommand::TrainThemes {
            input,
            out: path,
            model,
        } => {
            let gate = model.gate()?;
            let (smoothing, min_count) = model.counts()?;
            let (statements, stats) = training_statements(&input, "train-themes", "themes")?;
            let model =
                ThemeModel::train(&statements, input.files.clone(), smoothing, min_count, gate);
            let settings_words = format!("; gate {}", render::table::rules::gate_words(&gate));
            write_model(
                out,
                &path,
                &model.to_toml(),
                &model.models[0],
                &settings_words,
            )?;
            super::finish_skips(stats.skipped)
        }
        RulesCommand::CvThemes {
            files,
            held_out,
            rotate,
            rules,
            model,
            format,
        } => {
            let gate = model.gate()?;
            let (smoothing, min_count) = model.counts()?;
            let mut set = super::load_rules(&rules)?;
            let (by_file, held_out) = cv_files(&files, &held_out, "--held-out")?;
            let (_, rotate) = cv_files(&files, &rotate, "--rotate")?;
            let report = cross_validate::cross_validate_themes(
                &mut set, &by_file, &held_out, &rotate, smoothing, min_count, gate,
            );
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &report),
                ReportFormat::Table => render::table::rules::theme_cross_validation(out, &report),
            }
        }
        RulesCommand::TrainStack {
            input,
            out: path,
            rules,
            c,
            stack,
            on,
            without,
            classified,
        } => {
            let mut set = super::load_rules(&rules)?;
            set.theme_stack = None;
            let (statements, stats) = training_statements(&input, "train-stack", "themes")?;
            let mut classifier = twovoices::classify::Classifier::without_evidence(&set);
            let data: Vec<_> = statements
                .into_iter()
                .filter(|s| s.gold.is_some())
                .map(|s| {
                    let c = classifier.classify(&s);
                    (s, c)
                })
                .collect();
            let mut data = data;
            for f in &classified {
                data.extend(twovoices::rules::stack::read_classified(f)?);
            }
            let settings = StackSettings {
                c,
                min_df: stack.min_df,
                min_weight: stack.min_weight,
                without: twovoices::rules::stack::Families::of(&without),
                ..StackSettings::default()
            };
            let gate = StackGate {
                on,
                add: stack.add,
                remove: stack.remove,
                trap_veto: !stack.no_trap_veto,
            };
            let hashed: Vec<String> = input.files.iter().chain(&classified).cloned().collect();
            let fingerprint = twovoices::rules::stack::StackFingerprint::of(
                &set.files,
                &set.stack_inert_files(),
                &hashed,
            );
            let model = StackModel::train(&data, input.files.clone(), settings, gate)
                .with_classified(classified)
                .with_fingerprint(fingerprint);
            let text = model.to_toml();
            if path.as_os_str() == "-" {
                out.write_all(text.as_bytes())?;
            } else {
                std::fs::write(&path, &text).map_err(|source| Error::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                writeln!(
                    out,
                    "wrote {}: {} features with a weight from {} statements (c {}, {} bytes)",
                    path.display(),
                    model.weights.len(),
                    data.len(),
                    c,
                    text.len()
                )?;
            }
            super::finish_skips(stats.skipped)
        }
        RulesCommand::CvStack {
            files,
            rotate,
            rotate_check,
            rules,
            c,
            add,
            remove,
            trap_veto,
            min_df,
            min_weight,
            dump,
            without,
            format,
        } => {
            let mut set = super::load_rules(&rules)?;
            let (by_file, rotated) = cv_files(&files, &rotate, "--rotate")?;
            let (_, checks) = cv_files(&files, &rotate_check, "--rotate-check")?;
            let rotated = two_groups(rotated, checks);
            let mut gates: Vec<StackGate> = Vec::new();
            for veto in &trap_veto {
                for a in &add {
                    for r in &remove {
                        gates.push(StackGate {
                            on: true,
                            add: *a,
                            remove: *r,
                            trap_veto: *veto,
                        });
                    }
                }
            }
            let base = StackSettings {
                min_df,
                min_weight,
                ..StackSettings::default()
            };
            let report = stack_cv::cross_validate_stack(
                &mut set,
                &by_file,
                &rotated,
                stack_cv::Folds::File,
                &without,
                &c,
                &gates,
                base,
            );
            if let Some(path) = dump {
                write_held_out(&path, &report.held_out)?;
            }
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &report),
                ReportFormat::Table => stack_cv_table(out, &report),
            }
        }
        RulesCommand::CrossHalf {
            files,
            develop,
            check,
            rules,
            c,
            add,
            remove,
            min_df,
            min_weight,
            without,
            format,
        } => {
            let mut set = super::load_rules(&rules)?;
            if let Some(f) = check.iter().find(|f| develop.contains(f)) {
                return Err(Error::Usage(format!(
                    "{f} is in both halves; --develop and --check must not share a file"
                )));
            }
            let (by_file, dev) = cv_files(&files, &develop, "--develop")?;
            let (_, chk) = cv_files(&files, &check, "--check")?;
            let rotated = two_groups(dev, chk);
            // The rule set's own model's settings, unless given.
            let (own_settings, own_gate) = set
                .theme_stack
                .as_ref()
                .map_or((StackSettings::default(), StackGate::default()), |m| {
                    (m.settings, m.gate)
                });
            let settings = StackSettings {
                c: c.unwrap_or(own_settings.c),
                min_df: min_df.unwrap_or(own_settings.min_df),
                min_weight: min_weight.unwrap_or(own_settings.min_weight),
                ..own_settings
            };
            // The families the rule set's own model was trained without are left out too.
            let mut without = without;
            for f in settings.without.to_vec() {
                if !without.contains(&f) {
                    without.push(f);
                }
            }
            let gate = StackGate {
                on: true,
                add: add.unwrap_or(own_gate.add),
                remove: remove.unwrap_or(own_gate.remove),
                trap_veto: own_gate.trap_veto,
            };
            let report = stack_cv::cross_validate_stack(
                &mut set,
                &by_file,
                &rotated,
                stack_cv::Folds::Group,
                &without,
                &[settings.c],
                &[gate],
                settings,
            );
            match format {
                ReportFormat::Json => render::json::write_pretty(
                    out,
                    &serde_json::json!({
                        "settings": settings,
                        "gate": gate,
                        "without": without,
                        "training_statements": report.training_statements,
                        "trainings": report.trainings,
                        "check": {
                            "rules": report.rules.get(1),
                            "stacked": report.rows[0].groups.get(1),
                            "changes": report.rows[0].changes.get(1),
                        },
                        "develop": {
                            "rules": report.rules.first(),
                            "stacked": report.rows[0].groups.first(),
                            "changes": report.rows[0].changes.first(),
                        },
                    }),
                ),
                ReportFormat::Table => cross_half_table(out, &report, settings, gate, &without),
            }
        }
        RulesCommand::Diff {
            old,
            new,
            input,
            format,
        } => {
            let old = RuleSet::load(old.as_deref())?;
            let new = RuleSet::load(Some(&new))?;
            let (records, stats) = super::read_input(&input)?;
            let statements: Vec<Statement> = records.into_iter().map(|r| r.statement).collect();
            let report = diff::diff(&old, &new, &statements);
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &report)?,
                ReportFormat::Table => render::table::rules::diff(out, &report)?,
            }
            super::finish_skips(stats.skipped)
        }
    }
}

/// `rules cv-stack --dump`: one held-out statement a line, as JSON.
fn write_held_out(path: &std::path::Path, rows: &[stack_cv::HeldOut]) -> Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    for r in rows {
        serde_json::to_writer(&mut w, r)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

/// A pooled theme score as one line: macro-F1 (English / Chinese, to `lang_decimals` places), per-theme F1,
/// traps kept.
fn theme_scores_line(
    s: &twovoices::analysis::cross_validate::ThemeScores,
    lang_decimals: usize,
) -> String {
    use twovoices::model::Theme;
    let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.lang_decimals$}"));
    let per: Vec<String> = Theme::ALL
        .iter()
        .map(|t| {
            s.per_theme
                .get(t)
                .map_or("-".into(), |p| format!("{:.3}", p.f1))
        })
        .collect();
    format!(
        "macro {:.4} (en {} / zh {})  F1 [{}]  traps {}/{}",
        s.macro_f1,
        f(s.en_macro_f1),
        f(s.zh_macro_f1),
        per.join(" "),
        s.traps_kept,
        s.traps
    )
}

/// The `rules cross-half` report: per half, the rules alone and the stack trained on the other half.
fn cross_half_table<W: Write>(
    out: &mut W,
    r: &stack_cv::StackCrossValidation,
    settings: StackSettings,
    gate: StackGate,
    without: &[stack_cv::Family],
) -> Result<()> {
    let names: Vec<&str> = without
        .iter()
        .filter_map(|w| {
            stack_cv::Family::ALL
                .iter()
                .find(|(_, f)| f == w)
                .map(|(n, _)| *n)
        })
        .collect();
    writeln!(
        out,
        "stack c {} add {} remove {}{} min-df {} min-weight {}{}; {} trainings; the FILEs train both ({} statements)\n\
         F1 per theme: ambition indigenization security standards MCF",
        settings.c,
        gate.add,
        gate.remove,
        if gate.trap_veto { "" } else { " no trap veto" },
        settings.min_df,
        settings.min_weight,
        if names.is_empty() {
            String::new()
        } else {
            format!(" without {}", names.join(","))
        },
        r.trainings,
        r.training_statements,
    )?;
    for (g, title) in [
        (
            1,
            "check half, stack trained on the development half and the FILEs",
        ),
        (
            0,
            "development half, stack trained on the check half and the FILEs",
        ),
    ] {
        let (Some(rules), Some(row)) = (r.rules.get(g), r.rows.first()) else {
            continue;
        };
        let ch = row.changes[g];
        writeln!(
            out,
            "\n{title} ({} statements)\n  rules alone  {}\n  stack        {}  added {} right / {} wrong, removed {} right / {} wrong",
            rules.n,
            theme_scores_line(rules, 4),
            theme_scores_line(&row.groups[g], 4),
            ch.added_right,
            ch.added_wrong,
            ch.removed_right,
            ch.removed_wrong,
        )?;
    }
    Ok(())
}

/// The `rules cv-stack` report as lines: per group, the rules alone, then one line per setting.
fn stack_cv_table<W: Write>(out: &mut W, r: &stack_cv::StackCrossValidation) -> Result<()> {
    use twovoices::analysis::cross_validate::ThemeScores;
    let line = |s: &ThemeScores| theme_scores_line(s, 3);
    writeln!(
        out,
        "training files add {} statements to every fold; F1 per theme: ambition indigenization security standards MCF",
        r.training_statements
    )?;
    for (g, rules) in r.rules.iter().enumerate() {
        writeln!(
            out,
            "\ngroup {g} ({} statements)\n  rules alone            {}",
            rules.n,
            line(rules)
        )?;
        for row in &r.rows {
            let ch = row.changes[g];
            let worst = row
                .files
                .iter()
                .filter(|f| f.group == g)
                .map(|f| (f.stacked - f.rules, f.file.as_str()))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            let st = &row.setting;
            writeln!(
                out,
                "  c {:<4} add {:.2} rm {:.2}{} {}  +{}/{} -{}/{}  worst {}",
                st.c,
                st.gate.add,
                st.gate.remove,
                if st.gate.trap_veto { "" } else { " noveto" },
                line(&row.groups[g]),
                ch.added_right,
                ch.added_wrong,
                ch.removed_right,
                ch.removed_wrong,
                worst.map_or("-".into(), |(d, f)| format!("{d:+.3} {f}")),
            )?;
        }
    }
    writeln!(out, "\nper file (rules -> stacked):")?;
    for row in &r.rows {
        let st = &row.setting;
        let files: Vec<String> = row
            .files
            .iter()
            .map(|f| {
                let name = std::path::Path::new(&f.file)
                    .file_stem()
                    .map_or(f.file.clone(), |s| s.to_string_lossy().into_owned());
                format!("{name} {:.3}->{:.3}", f.rules, f.stacked)
            })
            .collect();
        writeln!(
            out,
            "  c {} add {} rm {}: {}",
            st.c,
            st.gate.add,
            st.gate.remove,
            files.join(", ")
        )?;
    }
    Ok(())
}

/// The statements a `rules train-*` command learns from, and what reading skipped; a usage error when no
/// statement carries the `gold` labels the model learns.
fn training_statements(
    input: &InputArgs,
    command: &str,
    learns: &str,
) -> Result<(Vec<Statement>, twovoices::input::ReadStats)> {
    let (records, stats) = super::read_input(input)?;
    let statements: Vec<Statement> = records.into_iter().map(|r| r.statement).collect();
    if !statements.iter().any(|s| s.gold.is_some()) {
        return Err(Error::Usage(format!(
            "no statement has gold labels; `rules {command}` learns from the `gold` {learns}"
        )));
    }
    Ok((statements, stats))
}

/// Writes a trained model's TOML to `path` (`-`: standard output) and, for a file, one line saying what
/// it holds: features and statements per language, then `settings_words`.
fn write_model<W: Write>(
    out: &mut W,
    path: &Path,
    text: &str,
    langs: &[LangModel; 2],
    settings_words: &str,
) -> Result<()> {
    if path.as_os_str() == "-" {
        out.write_all(text.as_bytes())?;
        return Ok(());
    }
    std::fs::write(path, text).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let [en, zh] = langs;
    writeln!(
        out,
        "wrote {}: {} English features from {} statements, {} Chinese features from {} statements{settings_words}",
        path.display(),
        en.counts.len(),
        en.statements[0] + en.statements[1],
        zh.counts.len(),
        zh.statements[0] + zh.statements[1],
    )?;
    Ok(())
}

/// Files by name, each with its statements.
type NamedStatements = Vec<(String, Vec<Statement>)>;

/// The training files and the held-out files of `rules cv-*`, each with its statements; a usage error when
/// a held-out file is also a training file (a model that saw it would not be measured on unseen text).
/// The held-out files of `cv-stack` (`--rotate` then `--rotate-check`) and of `cross-half` (`--develop` then
/// `--check`) as two pooled groups: group 0 the first, group 1 the second.
fn two_groups(first: NamedStatements, second: NamedStatements) -> Vec<stack_cv::Rotated> {
    let group = |files: NamedStatements, group: usize| {
        files
            .into_iter()
            .map(move |(name, statements)| stack_cv::Rotated {
                name,
                statements,
                group,
            })
    };
    group(first, 0).chain(group(second, 1)).collect()
}

fn cv_files(
    files: &[String],
    held_out: &[String],
    flag: &str,
) -> Result<(NamedStatements, NamedStatements)> {
    let same = |a: &str, b: &str| {
        a == b
            || std::fs::canonicalize(a)
                .ok()
                .is_some_and(|x| std::fs::canonicalize(b).ok() == Some(x))
    };
    if let Some(f) = held_out.iter().find(|h| files.iter().any(|f| same(f, h))) {
        return Err(Error::Usage(format!(
            "{f} is both a training file and a {flag} file; a held-out file must be one the model never saw"
        )));
    }
    Ok((statements_by_file(files)?, statements_by_file(held_out)?))
}

/// The statements of each file, by name, in the order given: the folds `rules cv-*` hold out one by one.
fn statements_by_file(files: &[String]) -> Result<Vec<(String, Vec<Statement>)>> {
    files
        .iter()
        .map(|f| {
            let (records, _) =
                twovoices::input::read_all(std::slice::from_ref(f), None, false, |_| {})?;
            Ok((
                f.clone(),
                records.into_iter().map(|r| r.statement).collect(),
            ))
        })
        .collect()
}

/// The statements `rules test` measures rules on: the given files, or the bundled fixtures.
fn gold_statements(files: &[String]) -> Result<Vec<Statement>> {
    if files.is_empty() {
        let mut out = Vec::new();
        for (name, text) in BUNDLED_FIXTURES {
            out.extend(twovoices::input::parse_jsonl_str(name, text)?);
        }
        return Ok(out);
    }
    let (records, _) = twovoices::input::read_all(files, None, false, |_| {})?;
    let statements: Vec<Statement> = records.into_iter().map(|r| r.statement).collect();
    if !statements.iter().any(|s| s.gold.is_some()) {
        return Err(Error::Usage(format!(
            "no statement in {} has gold labels; `rules test` measures rules against a `gold` object (JSONL) or `gold_audience` column (CSV)",
            files.join(", ")
        )));
    }
    Ok(statements)
}
