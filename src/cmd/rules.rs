//! `twovoices rules …`: check, test, list, show, audit, suggest and diff the classifier rules; train and
//! cross-validate the audience word model.

use crate::cli::ReportFormat;
use crate::cli::RulesCommand;
use std::io::Write;
use twovoices::analysis::{audit, cross_validate, diff, ruletest, suggest};
use twovoices::error::{Error, Result};
use twovoices::model::Statement;
use twovoices::render;
use twovoices::rules::doc::{near_ids, RuleDoc};
use twovoices::rules::theme_model::ThemeModel;
use twovoices::rules::word_model::WordModel;
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

/// Runs a `rules` subcommand.
pub fn run<W: Write>(out: &mut W, command: RulesCommand) -> Result<()> {
    match command {
        RulesCommand::Check { rules } => {
            let set = super::load_rules(&rules)?;
            render::table::rules::check_ok(out, &set)
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
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &docs),
                ReportFormat::Table => render::table::rules::list(out, &docs),
            }
        }
        RulesCommand::Show { id, rules, format } => {
            let set = super::load_rules(&rules)?;
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
            let (records, stats) = super::read_input(&input)?;
            let statements: Vec<Statement> = records.into_iter().map(|r| r.statement).collect();
            if !statements.iter().any(|s| s.gold.is_some()) {
                return Err(Error::Usage(
                    "no statement has gold labels; `rules train-audience` learns from the `gold` audience".into(),
                ));
            }
            let model = WordModel::train(&statements, input.files.clone(), settings);
            let text = model.to_toml();
            if path.as_os_str() == "-" {
                out.write_all(text.as_bytes())?;
            } else {
                std::fs::write(&path, &text).map_err(|source| Error::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                let [en, zh] = &model.langs;
                writeln!(
                    out,
                    "wrote {}: {} English features from {} statements, {} Chinese features from {} statements, margin {}",
                    path.display(),
                    en.counts.len(),
                    en.statements[0] + en.statements[1],
                    zh.counts.len(),
                    zh.statements[0] + zh.statements[1],
                    settings.margin
                )?;
            }
            super::finish_skips(stats.skipped)
        }
        RulesCommand::CvAudience {
            files,
            rules,
            model,
            format,
        } => {
            let settings = model.settings()?;
            let mut set = super::load_rules(&rules)?;
            let mut by_file = Vec::with_capacity(files.len());
            for f in &files {
                let (records, _) =
                    twovoices::input::read_all(std::slice::from_ref(f), None, false, |_| {})?;
                by_file.push((
                    f.clone(),
                    records.into_iter().map(|r| r.statement).collect(),
                ));
            }
            let report = cross_validate::cross_validate(&mut set, &by_file, settings);
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
            let (records, stats) = super::read_input(&input)?;
            let statements: Vec<Statement> = records.into_iter().map(|r| r.statement).collect();
            if !statements.iter().any(|s| s.gold.is_some()) {
                return Err(Error::Usage(
                    "no statement has gold labels; `rules train-themes` learns from the `gold` themes".into(),
                ));
            }
            let model =
                ThemeModel::train(&statements, input.files.clone(), smoothing, min_count, gate);
            let text = model.to_toml();
            if path.as_os_str() == "-" {
                out.write_all(text.as_bytes())?;
            } else {
                std::fs::write(&path, &text).map_err(|source| Error::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                let [en, zh] = &model.models[0];
                writeln!(
                    out,
                    "wrote {}: {} English features from {} statements, {} Chinese features from {} statements; gate {}",
                    path.display(),
                    en.counts.len(),
                    en.statements[0] + en.statements[1],
                    zh.counts.len(),
                    zh.statements[0] + zh.statements[1],
                    render::table::rules::gate_words(&gate)
                )?;
            }
            super::finish_skips(stats.skipped)
        }
        RulesCommand::CvThemes {
            files,
            rules,
            model,
            format,
        } => {
            let gate = model.gate()?;
            let (smoothing, min_count) = model.counts()?;
            let mut set = super::load_rules(&rules)?;
            let mut by_file = Vec::with_capacity(files.len());
            for f in &files {
                let (records, _) =
                    twovoices::input::read_all(std::slice::from_ref(f), None, false, |_| {})?;
                by_file.push((
                    f.clone(),
                    records.into_iter().map(|r| r.statement).collect(),
                ));
            }
            let report = cross_validate::cross_validate_themes(
                &mut set, &by_file, smoothing, min_count, gate,
            );
            match format {
                ReportFormat::Json => render::json::write_pretty(out, &report),
                ReportFormat::Table => render::table::rules::theme_cross_validation(out, &report),
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
