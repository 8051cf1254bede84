//! Command runners (binary only): each wires the library to a renderer for one subcommand; no logic of its own.

pub mod align;
pub mod chart;
pub mod classify;
pub mod contrast;
pub mod eval;
pub mod eval_pairs;
pub mod explain;
pub mod index;
pub mod output;
pub mod report;
pub mod rules;
pub mod search;
pub mod split;
pub mod stats;
pub mod terms;
pub mod trend;

use crate::cli::{IndexDirArgs, InputArgs, RulesArgs};
use twovoices::error::{Error, Result};
use twovoices::render::json::JsonLine;
use twovoices::rules::RuleSet;
use twovoices::stream::Sink;

/// Loads the rules a command asked for.
pub fn load_rules(args: &RulesArgs) -> Result<RuleSet> {
    let mut set = RuleSet::load(args.rules.as_deref())?;
    if let Some(m) = set.theme_stack.as_mut() {
        if args.stack {
            m.gate.on = true;
        }
        if args.no_stack {
            m.gate.on = false;
        }
    }
    Ok(set)
}

/// Warns on stderr when the rules' stacked theme model is stale: a rule file or a training file differs from
/// what it was trained with (its `[theme_stack.fingerprint]`), naming what changed and the command that
/// retrains it. A warning, not an error: the model still loads and scores (docs/rules.md, "The stacked theme
/// model").
pub fn warn_if_stack_stale(rules: &RuleSet) {
    let Some(model) = rules.theme_stack.as_ref() else {
        return;
    };
    let staleness = model.staleness(&rules.files, &rules.stack_inert_files());
    if staleness.is_stale() {
        let path = rules
            .theme_stack_file
            .as_ref()
            .map(|p| {
                if p.starts_with("<built-in>") {
                    // The built-in file is rules/theme-stack.toml of the source tree.
                    std::path::Path::new("rules").join(p.file_name().unwrap_or_default())
                } else {
                    p.clone()
                }
            })
            .map_or_else(
                || "rules/theme-stack.toml".into(),
                |p| p.display().to_string(),
            );
        eprintln!(
            "warning: the stacked theme model ({path}) is stale: {}; retrain it: {}",
            staleness.reason(),
            model.retrain_command(&path, rules.stack_on_in_file().unwrap_or(false))
        );
    }
}

/// Opens the index a command reads and loads the rules it asked for, warning when the index was
/// classified with other rules.
pub fn open_index(
    index: &IndexDirArgs,
    rules: &RulesArgs,
) -> Result<(twovoices::index::StatementIndex, RuleSet)> {
    let opened = twovoices::index::StatementIndex::open(&index.dir)?;
    let rules = load_rules(rules)?;
    warn_if_stale(&opened, &rules)?;
    Ok((opened, rules))
}

/// [`open_index`] for a command that reads the rules' data but never classifies with them (`contrast`,
/// `eval-pairs`, `report`, `trend`, `terms`): the built-in rules are loaded without the models and the regexes
/// it never runs ([`RuleSet::load_for_pairing`]: frames, concepts, rules, speakers and pair weights as the
/// whole load gives them, and the same fingerprint); with `--stack` or `--no-stack` (which the rules'
/// fingerprint records) or `--rules`, the rules are loaded whole.
pub fn open_index_without_models(
    index: &IndexDirArgs,
    rules: &RulesArgs,
) -> Result<(twovoices::index::StatementIndex, RuleSet)> {
    if rules.stack || rules.no_stack || rules.rules.is_some() {
        return open_index(index, rules);
    }
    let opened = twovoices::index::StatementIndex::open(&index.dir)?;
    let rules = load_rules_without_models(rules)?;
    warn_if_stale(&opened, &rules)?;
    Ok((opened, rules))
}

/// The rules a command asked for, without the models and regexes when it never classifies: the built-in
/// rules by [`RuleSet::load_for_pairing`]; with `--stack`, `--no-stack` or `--rules`, [`load_rules`].
pub fn load_rules_without_models(rules: &RulesArgs) -> Result<RuleSet> {
    if rules.stack || rules.no_stack || rules.rules.is_some() {
        return load_rules(rules);
    }
    RuleSet::load_for_pairing(None)
}

/// Reports a skipped record on stderr (the only place input errors are printed when skipping).
pub fn report_skip(e: &Error) {
    eprintln!("twovoices: skipped: {e}");
}

/// A sink that reports each skipped record on stderr, then hands everything on to the sink it wraps.
pub struct ReportSkips<S>(pub S);

impl<T, S: Sink<T>> Sink<T> for ReportSkips<S> {
    fn classified(&mut self, c: T) -> Result<()> {
        self.0.classified(c)
    }
    fn skipped(&mut self, error: &Error) -> Result<()> {
        report_skip(error);
        self.0.skipped(error)
    }
    fn finish(&mut self) -> Result<()> {
        self.0.finish()
    }
}

/// Counts, per document, the statements that took the default audience, and passes everything on.
pub struct CountDefaults<S> {
    inner: S,
    defaults: twovoices::analysis::coverage::DefaultAudience,
}

impl<S> CountDefaults<S> {
    /// Wraps `inner`.
    pub fn new(inner: S) -> Self {
        CountDefaults {
            inner,
            defaults: Default::default(),
        }
    }

    /// The counts so far.
    pub fn finish_counting(self) -> twovoices::analysis::coverage::DefaultAudience {
        self.defaults
    }
}

impl<S: Sink> Sink for CountDefaults<S> {
    fn classified(&mut self, c: twovoices::model::Classified) -> Result<()> {
        self.defaults.add(&c.statement, &c.classification);
        self.inner.classified(c)
    }
    fn skipped(&mut self, error: &Error) -> Result<()> {
        self.inner.skipped(error)
    }
    fn finish(&mut self) -> Result<()> {
        self.inner.finish()
    }
}

impl<S: Sink<JsonLine>> Sink<JsonLine> for CountDefaults<S> {
    fn classified(&mut self, line: JsonLine) -> Result<()> {
        if let Some(file) = &line.document {
            self.defaults.add_document(file, line.basis);
        }
        self.inner.classified(line)
    }
    fn skipped(&mut self, error: &Error) -> Result<()> {
        self.inner.skipped(error)
    }
    fn finish(&mut self) -> Result<()> {
        self.inner.finish()
    }
}

/// Turns a count of skipped records into the run's final status.
pub fn finish_skips(skipped: u64) -> Result<()> {
    if skipped > 0 {
        Err(Error::Skipped { skipped })
    } else {
        Ok(())
    }
}

/// Reads every statement of the input, honouring `--skip-invalid`.
pub fn read_input(
    input: &InputArgs,
) -> Result<(Vec<twovoices::input::Located>, twovoices::input::ReadStats)> {
    twovoices::input::read_all(
        &input.files,
        input.input_format.map(Into::into),
        input.skip_invalid,
        report_skip,
    )
}

/// Warns on stderr, naming each document file whose every statement took the default audience.
pub fn warn_default_only(tally: &twovoices::analysis::coverage::DefaultAudience) {
    for d in tally.default_only() {
        eprintln!(
            "twovoices: warning: {}: all {} statement(s) took the default audience (no audience rule matched); give the document's speaker, role or venue in its front matter, or check the rules",
            d.file, d.statements
        );
    }
}

/// Warns on stderr when statements in the index were classified by other rules than `rules`.
pub fn warn_if_stale(index: &twovoices::index::StatementIndex, rules: &RuleSet) -> Result<()> {
    warn_if_stale_by(index, &rules.fingerprint())
}

/// [`warn_if_stale`] from the rules' fingerprint alone.
pub fn warn_if_stale_by(index: &twovoices::index::StatementIndex, fingerprint: &str) -> Result<()> {
    let (stale, total) = index.stale(fingerprint)?;
    if stale > 0 {
        eprintln!(
            "twovoices: warning: {stale} of {total} statement(s) in {} were classified with other rules than the current ones; \
             run `twovoices index --reclassify` to bring them up to date",
            index.path().display()
        );
    }
    Ok(())
}
