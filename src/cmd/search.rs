//! `twovoices search`: ranked, filtered hits from the index, rendered in the chosen format.

use crate::cli::SearchArgs;
use crate::cli::SearchFormat;
use std::io::Write;
use twovoices::error::Result;
use twovoices::index::{Filters, StatementIndex};
use twovoices::render;
use twovoices::rules::RuleSet;

/// Runs `search`.
pub fn run<W: Write>(out: &mut W, args: &SearchArgs) -> Result<()> {
    let index = StatementIndex::open(&args.index.dir)?;
    // Only a speaker filter needs the rules (their who's-who, loaded without the models and regexes search
    // never runs); the staleness check needs only the files' fingerprint, and compiling the rules would be
    // most of a search process. `--stack` / `--no-stack` may change the fingerprint (RuleSet::fingerprint):
    // then compile them.
    let rules = if args.speaker.is_some() || args.rules.stack || args.rules.no_stack {
        let rules = super::load_rules_without_models(&args.rules)?;
        super::warn_if_stale(&index, &rules)?;
        Some(rules)
    } else {
        let files = RuleSet::source_files(args.rules.rules.as_deref())?;
        super::warn_if_stale_by(&index, &RuleSet::fingerprint_of(&files))?;
        None
    };
    let speakers = rules.as_ref().map_or(&[][..], |r| &r.speakers[..]);
    // The who's-who knows each speaker's names in every script: search them all.
    let known = args
        .speaker
        .as_deref()
        .and_then(|name| speakers.iter().find(|s| s.is_named(name)));
    let speaker_aliases = known
        .map(|s| s.names().into_iter().map(str::to_string).collect())
        .unwrap_or_default();
    let filters = Filters {
        theme: args.theme,
        audience: args.audience,
        speaker: args.speaker.clone(),
        speaker_aliases,
        lang: args.lang,
        since: args.since.clone(),
        until: args.until.clone(),
    };
    let hits = index.search(&args.query, &filters, args.limit)?;
    if let (Some(name), None, true) = (args.speaker.as_deref(), known, hits.is_empty()) {
        let near = twovoices::rules::speakers::speakers_like(speakers, name);
        if !near.is_empty() {
            eprintln!(
                "twovoices: note: no statement by `{name}`; the speaker filter needs a whole name. Did you mean {}?",
                near.join(", ")
            );
        }
    }
    match args.format {
        SearchFormat::Table => render::table::index::hits(out, &hits),
        SearchFormat::Json => render::json::write_pretty(out, &hits),
        SearchFormat::Jsonl => {
            let mut buf = Vec::new();
            for h in &hits {
                render::json::push_line(&mut buf, h)?;
            }
            out.write_all(&buf)?;
            Ok(())
        }
        SearchFormat::Csv => render::csv::hits(out, &hits),
    }
}
