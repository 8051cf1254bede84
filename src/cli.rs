//! The command line (clap, binary only): parses arguments and hands each subcommand to its runner in `cmd/`.
//! The output format enums live here with their `ValueEnum` derives; the library keeps plain types.

use crate::cmd;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use twovoices::input::InputFormat;
use twovoices::model::{Audience, Lang, Theme};
use twovoices::render::text::Highlight;

/// twovoices: shows, theme by theme, how a government's messages to foreign audiences contradict what it
/// tells its own people.
///
/// Exit codes: 0 success, 1 runtime failure (bad input, I/O) or failing rule tests, 2 bad usage, 78 invalid rules.
#[derive(Debug, Parser)]
#[command(name = "twovoices", version, about, long_about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Where rules come from.
#[derive(Debug, Args, Clone)]
pub struct RulesArgs {
    /// A folder of rule files (*.toml) to use instead of the built-in rules.
    #[arg(long, value_name = "DIR", env = "TWOVOICES_RULES")]
    pub rules: Option<PathBuf>,
    /// Consult the stacked theme model (`[theme_stack]`, rules/theme-stack.toml) whatever its file's `on`
    /// says.
    #[arg(long, conflicts_with = "no_stack")]
    pub stack: bool,
    /// Never consult the stacked theme model: the rules (and word models) alone.
    #[arg(long)]
    pub no_stack: bool,
}

/// How statement files are read.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Statement files: JSONL (one object per line) or CSV (by the `.csv` ending); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,

    /// Read every file in this format, whatever its name.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,

    /// Report every invalid record on stderr and go on; the count of skipped records is printed at the
    /// end and the exit code is still 1 when any was skipped.
    #[arg(long)]
    pub skip_invalid: bool,
}

/// Where the statement index lives; every command that reads or writes it takes this.
#[derive(Debug, Args, Clone)]
pub struct IndexDirArgs {
    /// The index folder.
    #[arg(long = "index", value_name = "DIR", env = "TWOVOICES_INDEX", default_value = twovoices::index::DEFAULT_DIR)]
    pub dir: PathBuf,
}

/// Arguments of `index`.
#[derive(Debug, Args, Clone)]
pub struct IndexArgs {
    /// Statement files: JSONL (one object per line) or CSV (by the `.csv` ending); `-` reads standard input.
    #[arg(value_name = "FILE", required_unless_present = "reclassify")]
    pub files: Vec<String>,

    /// Read every file in this format, whatever its name.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,

    /// Report every invalid record on stderr and go on (the valid ones are committed; exit code 1).
    /// Without it, the first invalid record stops the run and the index is left as it was.
    #[arg(long)]
    pub skip_invalid: bool,

    /// Classify every statement already in the index again with the current rules.
    #[arg(long)]
    pub reclassify: bool,

    #[command(flatten)]
    pub index: IndexDirArgs,

    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Arguments of `search`.
#[derive(Debug, Args, Clone)]
pub struct SearchArgs {
    /// The query: words (all required; `OR` for either), "quoted phrases", `-word` to exclude; English is
    /// stemmed, Chinese segmented, traditional characters match simplified ones. `*` lists everything.
    #[arg(value_name = "QUERY", value_parser = parse_query)]
    pub query: String,
    /// Only statements with this theme.
    #[arg(long, value_parser = theme_parser())]
    pub theme: Option<Theme>,
    /// Only statements for this audience (external or internal).
    #[arg(long, value_parser = parse_audience)]
    pub audience: Option<Audience>,
    /// Only statements by this speaker (whole name, any case).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only statements in this language (en or zh).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Only statements dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<String>,
    /// Only statements dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<String>,
    /// How many hits to show (at least 1).
    #[arg(long, default_value_t = 10, value_parser = parse_count)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: SearchFormat,
    #[command(flatten)]
    pub index: IndexDirArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// How `contrast` pairs, shared by `eval-pairs` so that it measures exactly what `contrast` chooses.
#[derive(Debug, Args, Clone)]
pub struct PairingArgs {
    /// Keep only the N best pairs (per theme; at least 1).
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub pairs: Option<usize>,
    /// Let one internal statement be the partner of up to K external statements (1: distinct partners).
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = parse_count)]
    pub reuse: usize,
    /// With `--reuse` above 1, the share of a pair's score each further use of an internal statement costs
    /// in the assignment (0 to 1; 0: every use counts in full): a partner is shared only when that gains more.
    #[arg(long, value_name = "SHARE", default_value_t = 0.0, value_parser = parse_score)]
    pub reuse_cost: f32,
    /// With `--reuse` above 1, the score each further use of an internal statement costs in the assignment
    /// (0 to 1; 0: none): a partner is shared only where it beats the free partners by more than this.
    #[arg(long, value_name = "SCORE", default_value_t = 0.0, value_parser = parse_score)]
    pub reuse_margin: f32,
    /// With `--reuse` above 1, the least share of distinct partners among a theme's pairs (0 to 1): the
    /// reuse margin is raised until the theme's table meets it.
    #[arg(long, value_name = "SHARE", value_parser = parse_score)]
    pub distinct_floor: Option<f32>,
    /// Leave out pairs scoring below this (0 to 1).
    #[arg(long, value_name = "SCORE", default_value_t = 0.0, value_parser = parse_score)]
    pub min_score: f32,
    /// Count a partner naming what the external statement's subject targets (a measure's technology, a
    /// firm's sector: `targets` in rules/concepts.toml) as half a same-subject match (the default).
    #[arg(long, overrides_with = "no_targets")]
    pub targets: bool,
    /// Do not count the targets relation (as before session 35).
    #[arg(long, overrides_with = "targets")]
    pub no_targets: bool,
    /// Also pair on subject alone (no opposition frame fired): `contrast` lists such pairs apart, marked
    /// weak; `eval-pairs` counts them as partners.
    #[arg(long)]
    pub show_weak: bool,
    /// Which external statements not classified with the theme are paired under it when they take the
    /// external stance of a frame naming it (marked in the reasons; docs/commands.md, contrast).
    #[arg(long, value_enum, default_value = "asked")]
    pub widen: WidenArg,
}

impl PairingArgs {
    /// The pairing options these arguments ask for.
    pub fn options(&self) -> twovoices::pair::PairOptions {
        twovoices::pair::PairOptions {
            reuse: self.reuse.max(1),
            reuse_cost: self.reuse_cost,
            reuse_margin: self.reuse_margin,
            distinct_floor: self.distinct_floor,
            min_score: self.min_score,
            targets: !self.no_targets,
            show_weak: self.show_weak,
            widen: self.widen.into(),
            pairs: self.pairs,
            ..twovoices::pair::PairOptions::default()
        }
    }
}

/// Arguments of `contrast`.
#[derive(Debug, Args, Clone)]
pub struct ContrastArgs {
    /// The theme to contrast; without it, every theme that has statements on both sides.
    #[arg(long, value_parser = theme_parser())]
    pub theme: Option<Theme>,
    /// Only external statements matching this query (same syntax as `search`).
    #[arg(value_name = "QUERY", value_parser = parse_query)]
    pub query: Option<String>,
    #[command(flatten)]
    pub pairing: PairingArgs,
    /// Pair only this external statement (repeat for several): its partners are chosen from every
    /// internal statement of the theme, and the other external statements do not compete for them.
    #[arg(long = "external", value_name = "ID")]
    pub externals: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ContrastFormat,
    #[command(flatten)]
    pub index: IndexDirArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Arguments of `eval-pairs`.
#[derive(Debug, Args, Clone)]
pub struct EvalPairsArgs {
    /// The judged pairing file: JSON, an object with a `judged` array or a bare array of
    /// {"external", "theme", "acceptable", "related"?, "note"?} (see docs/commands.md).
    #[arg(value_name = "GOLD.json")]
    pub gold: PathBuf,
    // Pairs as `contrast` does, with the same options.
    #[command(flatten)]
    pub pairing: PairingArgs,
    /// Let every external statement of a theme compete for partners, as plain `contrast` does; by default
    /// only the judged ones are paired (as `contrast --external ID…`), against every internal statement.
    #[arg(long)]
    pub whole_corpus: bool,
    /// Also list, for every judged statement, its N best candidates (those a frame fires on) with their
    /// score parts, the frames, the judge's verdict and who took each.
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub dump_candidates: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    #[command(flatten)]
    pub index: IndexDirArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Arguments of `report`.
#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// Themes to include, in the order given (repeat the flag; a theme given twice is shown once); every
    /// theme with statements on both sides by default.
    #[arg(long, value_parser = theme_parser())]
    pub theme: Vec<Theme>,
    /// Output format; without it, taken from the extension of `-o` (.md, .html, .json, .csv), else markdown.
    #[arg(long, value_enum)]
    pub format: Option<DocFormat>,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// At most N quotes per theme: pairs first (best first), then the unpaired quotes that take a frame,
    /// then the rest; the section says how many were left out. `all` for no limit.
    #[arg(long, value_name = "N|all", value_parser = parse_limit,
          default_value_t = Limit(Some(twovoices::report::DEFAULT_MAX_PER_THEME)))]
    pub max_per_theme: Limit,
    /// Let one internal statement be the partner of up to K external statements (1: distinct partners).
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = parse_count)]
    pub reuse: usize,
    #[command(flatten)]
    pub index: IndexDirArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// A limit that may be lifted: `N` (at least 1) or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(pub Option<usize>);

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str("all"),
        }
    }
}

fn parse_limit(s: &str) -> Result<Limit, String> {
    if s.trim().eq_ignore_ascii_case("all") {
        return Ok(Limit(None));
    }
    parse_count(s)
        .map(|n| Limit(Some(n)))
        .map_err(|e| format!("{e} (or `all`)"))
}

/// What `terms` (and `chart terms`) compares.
#[derive(Debug, Args, Clone)]
pub struct TermsArgs {
    /// Only statements of this theme form the two voices (the prior still comes from every statement).
    #[arg(long, value_parser = theme_parser())]
    pub theme: Option<Theme>,
    /// Which statements: English, Chinese, or all together (concept forms merged when a concept lexicon is
    /// present). Without it, English and Chinese are counted apart, one list each.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<TermsLang>,
    /// Terms per voice.
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub top: usize,
    /// Leave out terms used fewer than K times by both voices together.
    #[arg(long, value_name = "K", default_value_t = 3)]
    pub min_count: u64,
    #[command(flatten)]
    pub index: IndexDirArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Languages of `terms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TermsLang {
    /// English statements only.
    En,
    /// Chinese statements only.
    Zh,
    /// English and Chinese statements in one count.
    All,
}

/// Arguments of `stats`.
#[derive(Debug, Args, Clone)]
pub struct StatsArgs {
    /// Rows: themes (the audience × theme table), years, speakers or venues.
    #[arg(long, value_enum, default_value = "theme")]
    pub by: StatsBy,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: VoiceFormat,
    #[command(flatten)]
    pub index: IndexDirArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Rows of `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsBy {
    /// One row per theme.
    Theme,
    /// One row per year.
    Year,
    /// One row per speaker.
    Speaker,
    /// One row per venue.
    Venue,
}

/// What `trend` (and `chart trend`) counts.
#[derive(Debug, Args, Clone)]
pub struct TrendArgs {
    /// The phrase, e.g. "cyber power" (case, dashes and traditional characters do not matter).
    #[arg(value_name = "PHRASE")]
    pub phrase: String,
    /// Another form of the same phrase to count with it (repeat the flag), e.g. --form 网络强国.
    #[arg(long = "form", value_name = "FORM")]
    pub forms: Vec<String>,
    /// Periods: one row per year (the only period for now).
    #[arg(long, value_enum, default_value = "year")]
    pub by: TrendBy,
    #[command(flatten)]
    pub index: IndexDirArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Periods of `trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendBy {
    /// Calendar years.
    Year,
}

/// Output formats of `terms`, `stats` and `trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VoiceFormat {
    /// A terminal table.
    Table,
    /// Pretty-printed JSON.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Where a chart is written.
#[derive(Debug, Args, Clone)]
pub struct ChartOutput {
    /// The picture to write: FILE.svg (text as paths, self-contained) or FILE.png.
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: PathBuf,
}

/// The `chart` subcommands.
#[derive(Debug, Subcommand)]
pub enum ChartCommand {
    /// The terms most typical of each voice, as bars of their z-scores (one panel per language).
    Terms {
        #[command(flatten)]
        terms: TermsArgs,
        #[command(flatten)]
        out: ChartOutput,
    },
    /// With --theme: the share of each voice's statements carrying the theme, per year; without: the
    /// share carrying each theme over the whole index.
    Stats {
        /// The theme to follow over the years.
        #[arg(long, value_parser = theme_parser())]
        theme: Option<Theme>,
        #[command(flatten)]
        index: IndexDirArgs,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        out: ChartOutput,
    },
    /// A phrase's uses per 1,000 statements of each voice, per year.
    Trend {
        #[command(flatten)]
        trend: TrendArgs,
        #[command(flatten)]
        out: ChartOutput,
    },
}

/// `--theme`: one of the five themes, listed in `--help` and in the error for any other word.
fn theme_parser() -> impl clap::builder::TypedValueParser<Value = Theme> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Theme::ALL.map(|t| t.as_str()))
        .try_map(|s: String| parse_theme(&s))
}

fn parse_theme(s: &str) -> Result<Theme, String> {
    let names: Vec<&str> = Theme::ALL.iter().map(|t| t.as_str()).collect();
    Theme::parse(s)
        .ok_or_else(|| format!("unknown theme `{s}`; expected one of {}", names.join(", ")))
}

fn parse_audience(s: &str) -> Result<Audience, String> {
    Audience::parse(s)
        .ok_or_else(|| format!("unknown audience `{s}`; expected external or internal"))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s {
        "en" => Ok(Lang::En),
        "zh" => Ok(Lang::Zh),
        _ => Err(format!("unknown language `{s}`; expected en or zh")),
    }
}

fn parse_date(s: &str) -> Result<String, String> {
    twovoices::date::check(s).map(|_| s.to_string())
}

/// A count of things to show: a whole number, at least 1 (0 would ask for an empty answer).
fn parse_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("expected a whole number of at least 1, got 0".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("expected a whole number of at least 1: {e}")),
    }
}

/// A query: not empty (`*` is the query that lists everything).
fn parse_query(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err(
            "the query is empty; expected words, \"a phrase\", or `*` for everything".into(),
        );
    }
    Ok(s.to_string())
}

/// A pair score between 0 and 1.
fn parse_score(s: &str) -> Result<f32, String> {
    parse_proportion(s).map(|p| p as f32)
}

/// A proportion between 0 and 1.
fn parse_proportion(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        Ok(p) => Err(format!("expected a number from 0 to 1, got {p}")),
        Err(e) => Err(format!("expected a number from 0 to 1: {e}")),
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify statements by audience and themes, with the rules that fired and the words they matched.
    Classify {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        rules: RulesArgs,
        /// Output format; every format streams (the table in chunks of 1,000 rows).
        #[arg(long, value_enum, default_value = "table")]
        format: ClassifyFormat,
    },
    /// Measure the rules against gold labels: audience accuracy, theme F1, by language, and every error.
    Eval {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        rules: RulesArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// Classify statements and store them in the index (upsert by id; all or nothing per run).
    Index(IndexArgs),
    /// Search the index: ranked hits with the matched words highlighted.
    Search(SearchArgs),
    /// Pair each external statement of a theme with the internal statement that most directly opposes it.
    Contrast(ContrastArgs),
    /// Measure pairing against judged pairs: precision@1, coverage, distinct partners and the
    /// cross-lingual share, per theme and overall.
    EvalPairs(EvalPairsArgs),
    /// Write a whole "two voices" report in the Brookings layout: every statement of each theme once, grouped
    /// by frame, pairs side by side first, with endnotes (Markdown, HTML, JSON or CSV).
    Report(ReportArgs),
    /// Check, test, document, audit and compare the classifier rules.
    Rules {
        /// The rules subcommand.
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Explain one statement's classification: the rules that fired and the words they matched, how the
    /// sums decided the audience and themes, and the rules that came close.
    Explain(ExplainArgs),
    /// The words and phrases most typical of the internal and of the external voice (log-odds ratio with
    /// an informative Dirichlet prior), with z-scores, counts and rates.
    Terms {
        #[command(flatten)]
        terms: TermsArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: VoiceFormat,
    },
    /// Statements per audience × theme, by theme, year, speaker or venue, with the share of each voice's
    /// statements that carry each theme.
    Stats(StatsArgs),
    /// How often each voice uses a phrase per year: uses per 1,000 statements and raw counts.
    Trend {
        #[command(flatten)]
        trend: TrendArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: VoiceFormat,
    },
    /// Draw a chart of terms, stats or a trend to an SVG or PNG file.
    Chart {
        /// The chart to draw.
        #[command(subcommand)]
        command: ChartCommand,
    },
    /// Split documents (.txt, .md: speeches, articles, press-conference transcripts) into statements:
    /// answers go to the spokesperson with the question as context, quotations to their speaker, an
    /// article's own prose to the outlet. See docs/documents.md.
    Split(SplitArgs),
    /// Align the Chinese and English transcripts of one press conference turn by turn, and list the
    /// passages present in one version and missing from the other.
    Align(AlignArgs),
}

/// Arguments of `align`.
#[derive(Debug, Args, Clone)]
pub struct AlignArgs {
    /// The Chinese transcript.
    #[arg(value_name = "ZH_FILE")]
    pub zh: String,
    /// The English transcript of the same press conference.
    #[arg(value_name = "EN_FILE")]
    pub en: String,
    /// Rules whose bilingual concepts (concepts.toml) anchor the alignment.
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: AlignFormat,
}

/// Output formats of `align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AlignFormat {
    /// The paired turns, then every passage missing from one version.
    Table,
    /// The whole alignment as one JSON object.
    Json,
}

/// Arguments of `split`.
#[derive(Debug, Args, Clone)]
pub struct SplitArgs {
    /// Document files (plain text or Markdown, with an optional front matter).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// What a statement is: a paragraph (long ones cut at sentence boundaries) or one sentence.
    #[arg(long, value_enum, default_value = "paragraph")]
    pub unit: UnitArg,
    /// Output format: JSONL (the statement schema, ready for `index` and `classify`) or a table.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: SplitFormat,
    /// Report every invalid document on stderr and go on with the others (exit code 1 at the end).
    #[arg(long)]
    pub skip_invalid: bool,
}

/// What `split` cuts documents into (the library's [`twovoices::input::document::Unit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UnitArg {
    /// One statement per paragraph.
    Paragraph,
    /// One statement per sentence.
    Sentence,
}

impl From<UnitArg> for twovoices::input::document::Unit {
    fn from(u: UnitArg) -> Self {
        match u {
            UnitArg::Paragraph => twovoices::input::document::Unit::Paragraph,
            UnitArg::Sentence => twovoices::input::document::Unit::Sentence,
        }
    }
}

/// Output formats of `split`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitFormat {
    /// One statement per line, in the schema every command reads.
    Jsonl,
    /// A terminal table: id, speaker and voice, date, file:line, text and the question it answers.
    Table,
}

/// The `rules` subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load every rule file and report every problem at once, with file, line and column; exit 0 only when
    /// the rules are clean, 78 otherwise.
    Check {
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// Run every rule's examples (must_match / must_not_match) and measure each rule on gold-labelled
    /// statements; one PASS/FAIL line per rule, then `N passed, M failed`. Exit 1 when any rule failed.
    ///
    /// A rule fails when one of its examples fails, or when it fired at least --min-fired times on gold
    /// statements and its precision there is below --min-precision.
    Test {
        #[command(flatten)]
        rules: RulesArgs,
        /// Gold-labelled statement files (JSONL or CSV); the fixtures built into twovoices by default.
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        /// A rule whose votes agree with gold less often than this fails.
        #[arg(long, default_value_t = 0.5, value_name = "P", value_parser = parse_proportion)]
        min_precision: f64,
        /// Fewer firings on gold than this are too few to judge a rule's precision.
        #[arg(long, default_value_t = 3, value_name = "N")]
        min_fired: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// List every rule: id, label, weight, fields and summary.
    List {
        #[command(flatten)]
        rules: RulesArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// Show one rule's documentation: label, fields, weight, summary and why, terms, and examples.
    Show {
        /// The rule's id.
        id: String,
        #[command(flatten)]
        rules: RulesArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// Per rule on a corpus: coverage, overlaps and conflicts with other rules, and with gold labels true
    /// and false positives and precision; rules that never fire; statements no rule covers.
    Audit {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        rules: RulesArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// Candidate terms for rule authors, from gold-labelled statements: per theme and audience, the words
    /// and phrases most typical of the statements the rules miss and of their false positives (log-odds
    /// with an informative Dirichlet prior), with counts and example ids. Suggestions only: nothing is
    /// applied to the rules.
    Suggest {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        rules: RulesArgs,
        /// Candidates per list.
        #[arg(long, default_value_t = 10, value_name = "N")]
        top: usize,
        /// Least number of the group's statements a term must occur in.
        #[arg(long, default_value_t = 2, value_name = "N")]
        min_count: u64,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// Train the audience word model on gold-labelled statements and write it as a rule file: naive Bayes
    /// over words, word pairs and Chinese character pairs, one model per language, that decides the
    /// audience only where no rule level does and its score reaches --margin. The file keeps each
    /// feature's counts, for review; retraining on the same files gives the same bytes.
    TrainAudience {
        #[command(flatten)]
        input: InputArgs,
        /// Where to write the model (`-` for standard output).
        #[arg(long, default_value = "rules/audience-model.toml", value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        model: AudienceModelArgs,
    },
    /// Leave-one-file-out cross-validation of the audience word model: each file is classified by the
    /// rules with a model trained on all the other files, and its audience accuracy (all, English,
    /// Chinese) compared with the rules alone. The honest measure of whether the model helps. With
    /// --held-out, one model trained on every FILE scores each held-out file instead. With --rotate,
    /// only the rotated files are held out, each in turn (leave one set out).
    CvAudience {
        /// Gold-labelled statement files (JSONL or CSV); at least two.
        #[arg(value_name = "FILE", num_args = 2.., required = true)]
        files: Vec<String>,
        /// Score these gold-labelled files with one model trained on every FILE, instead of holding out
        /// each FILE in turn; none may be among the FILEs.
        #[arg(long = "held-out", value_name = "FILE", num_args = 1..)]
        held_out: Vec<String>,
        /// Leave one set out: hold out each of these gold-labelled files in turn, scored by a model trained
        /// on every FILE and the other rotated files; the FILEs only train, and the totals are over the
        /// rotated files alone. None may be among the FILEs.
        #[arg(long, value_name = "FILE", num_args = 2.., conflicts_with = "held_out")]
        rotate: Vec<String>,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        model: AudienceModelArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// Train the theme word model on gold-labelled statements and write it (default
    /// rules/theme-model.toml): per theme and language, naive Bayes over words, word pairs and Chinese
    /// character pairs, the theme's statements against all others. The gate margins are written into the
    /// file; a margin left out turns that move off. Retraining on the same files gives the same bytes.
    TrainThemes {
        #[command(flatten)]
        input: InputArgs,
        /// Where to write the model (`-` for standard output).
        #[arg(long, default_value = "rules/theme-model.toml", value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        model: ThemeModelArgs,
    },
    /// Leave-one-file-out cross-validation of the theme word model: each file is classified by the rules
    /// alone and with a model trained on all the other files; theme macro-F1 (all, English, Chinese),
    /// per-theme F1, traps kept, and what the model added or took away, pooled over all held-out files.
    /// With --held-out, one model trained on every FILE scores each held-out file instead. With --rotate,
    /// only the rotated files are held out, each in turn (leave one set out).
    CvThemes {
        /// Gold-labelled statement files (JSONL or CSV); at least two.
        #[arg(value_name = "FILE", num_args = 2.., required = true)]
        files: Vec<String>,
        /// Score these gold-labelled files with one model trained on every FILE, instead of holding out
        /// each FILE in turn; none may be among the FILEs.
        #[arg(long = "held-out", value_name = "FILE", num_args = 1..)]
        held_out: Vec<String>,
        /// Leave one set out: hold out each of these gold-labelled files in turn, scored by a model trained
        /// on every FILE and the other rotated files; the FILEs only train, and the pooled scores are over
        /// the rotated files alone. None may be among the FILEs.
        #[arg(long, value_name = "FILE", num_args = 2.., conflicts_with = "held_out")]
        rotate: Vec<String>,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        model: ThemeModelArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// Train the stacked theme model on gold-labelled statements and write it (default
    /// rules/theme-stack.toml): per theme, a logistic regression (L2) over the rules' own output for each
    /// statement and the character 2–4-grams of its speaker, role, venue and text. The rules (--rules,
    /// without any stacked model) classify each statement first. Retraining on the same files gives the
    /// same bytes.
    TrainStack {
        #[command(flatten)]
        input: InputArgs,
        /// Where to write the model (`-` for standard output).
        #[arg(
            long,
            short = 'o',
            default_value = "rules/theme-stack.toml",
            value_name = "FILE"
        )]
        out: PathBuf,
        #[command(flatten)]
        rules: RulesArgs,
        /// Inverse regularisation strength.
        #[arg(long, default_value_t = 1.0, value_name = "C")]
        c: f32,
        #[command(flatten)]
        stack: StackArgs,
        /// Consult the model by default (`on = true` in the file); `--no-stack` still turns it off.
        #[arg(long)]
        on: bool,
        /// Train without these feature families (as for `rules cv-stack`); the file records them
        /// (`without`), so a retrain with its own settings leaves them out again.
        #[arg(long, value_delimiter = ',', value_name = "FAMILY,…", value_parser = parse_family)]
        without: Vec<twovoices::analysis::stack_cv::Family>,
        /// Also train on these pre-classified files (`classify --format jsonl` output, e.g. of older rules:
        /// benches/honest_outputs.sh), features read from each record's classification; the file records them
        /// (`classified`) and the retrain command repeats them.
        #[arg(long, value_name = "FILE", num_args = 1..)]
        classified: Vec<String>,
    },
    /// Leave one set out for the stacked theme model: each --rotate (and --rotate-check) file in turn is
    /// scored by models trained on every FILE and every other rotated file, one per --c, and each gate
    /// (--add × --remove) applied to the same probabilities; theme macro-F1, per-theme F1 and traps kept,
    /// pooled over the --rotate files and over the --rotate-check files apart, the rules alone beside them.
    CvStack {
        /// Gold-labelled files that only train.
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        /// Files held out in turn, pooled together.
        #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
        rotate: Vec<String>,
        /// Files held out in turn too, pooled apart (e.g. never-tuned check files).
        #[arg(long, value_name = "FILE", num_args = 1..)]
        rotate_check: Vec<String>,
        #[command(flatten)]
        rules: RulesArgs,
        /// Strengths to try.
        #[arg(long, value_delimiter = ',', default_value = "1", value_name = "C,…")]
        c: Vec<f32>,
        /// Add-probabilities to try.
        #[arg(long, value_delimiter = ',', default_value = "0.5", value_name = "P,…")]
        add: Vec<f32>,
        /// Remove-probabilities to try.
        #[arg(long, value_delimiter = ',', default_value = "0.5", value_name = "P,…")]
        remove: Vec<f32>,
        /// Whether a trap rule's vote keeps the model from adding its theme; `true,false` tries both.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "true",
            value_name = "BOOL,…"
        )]
        trap_veto: Vec<bool>,
        /// Least document frequency, smallest weight kept.
        #[arg(long, default_value_t = 2, value_name = "N")]
        min_df: u32,
        #[arg(long, default_value_t = 0.01, value_name = "W")]
        min_weight: f32,
        /// Also write every held-out statement's out-of-fold probabilities here, one JSON object a line
        /// (file, group, id, lang, gold, rules, traps, probabilities per --c in the order given).
        #[arg(long, value_name = "FILE")]
        dump: Option<PathBuf>,
        /// Train without these feature families (audience, rule, level, concept, theme, score, lang,
        /// no_metadata, chars): to measure what a family is worth.
        #[arg(long, value_delimiter = ',', value_name = "FAMILY,…", value_parser = parse_family)]
        without: Vec<twovoices::analysis::stack_cv::Family>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// The landing judge of the stacked theme model, out of sample and in two trainings: the --check files
    /// scored by a model trained on the --develop files and every FILE, and the --develop files scored by a
    /// model trained on the --check files and every FILE; theme macro-F1 (all, English, Chinese), per-theme
    /// F1 and traps kept per half, the rules alone beside them. The settings are the rule set's own stacked
    /// model's (c, add, remove, trap veto, min-df, min-weight, iterations) unless given.
    CrossHalf {
        /// Gold-labelled files that train both models and are scored by neither (the top-level fixtures).
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        /// The development half (e.g. the odd-numbered held-out sets).
        #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
        develop: Vec<String>,
        /// The check half (e.g. the even-numbered held-out sets): only its aggregate figures are printed.
        #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
        check: Vec<String>,
        #[command(flatten)]
        rules: RulesArgs,
        /// Inverse regularisation strength (default: the rule set's stacked model's).
        #[arg(long, value_name = "C")]
        c: Option<f32>,
        /// Add-probability of the gate (default: the model's).
        #[arg(long, value_name = "P", value_parser = parse_proportion_f32)]
        add: Option<f32>,
        /// Remove-probability of the gate (default: the model's).
        #[arg(long, value_name = "P", value_parser = parse_proportion_f32)]
        remove: Option<f32>,
        /// Least document frequency (default: the model's).
        #[arg(long, value_name = "N")]
        min_df: Option<u32>,
        /// Smallest weight kept (default: the model's).
        #[arg(long, value_name = "W")]
        min_weight: Option<f32>,
        /// Train without these feature families (as for `rules cv-stack`).
        #[arg(long, value_delimiter = ',', value_name = "FAMILY,…", value_parser = parse_family)]
        without: Vec<twovoices::analysis::stack_cv::Family>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
    /// The statements whose audience or themes change from the old rules to the new, and with gold labels
    /// whether each change is a fix or a regression.
    Diff {
        /// The rules before the change (the built-in rules when left out).
        #[arg(long, value_name = "DIR")]
        old: Option<PathBuf>,
        /// The rules after the change.
        #[arg(long, value_name = "DIR")]
        new: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
}

impl Command {
    /// The index folder the command reads or writes, if it uses one.
    pub fn index_dir(&self) -> Option<PathBuf> {
        let dir = match self {
            Command::Index(a) => &a.index,
            Command::Search(a) => &a.index,
            Command::Contrast(a) => &a.index,
            Command::EvalPairs(a) => &a.index,
            Command::Report(a) => &a.index,
            Command::Terms { terms, .. } => &terms.index,
            Command::Stats(a) => &a.index,
            Command::Trend { trend, .. } => &trend.index,
            Command::Explain(a) if a.files.is_empty() && a.id.is_some() => &a.index,
            Command::Explain(_) => return None,
            Command::Chart { command } => match command {
                ChartCommand::Terms { terms, .. } => &terms.index,
                ChartCommand::Stats { index, .. } => index,
                ChartCommand::Trend { trend, .. } => &trend.index,
            },
            Command::Classify { .. }
            | Command::Eval { .. }
            | Command::Rules { .. }
            | Command::Split(_)
            | Command::Align(_) => return None,
        };
        Some(dir.dir.clone())
    }
}

/// How the audience word model is trained (`rules train-audience`, `rules cv-audience`).
#[derive(Debug, Args, Clone)]
pub struct AudienceModelArgs {
    /// The least absolute score (natural log-odds) at which the model decides; weaker evidence falls to
    /// the default audience.
    #[arg(long, default_value_t = 2.0, value_name = "NATS")]
    pub margin: f32,
    /// Laplace smoothing of the feature counts.
    #[arg(long, default_value_t = 1.0, value_name = "ALPHA")]
    pub smoothing: f32,
    /// The least number of a language's training statements a feature must occur in.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_count: u32,
    /// Rule levels the model may overrule (office, venue, speaker, relay, register) when its score reaches
    /// --outrank-margin for the other audience; none by default.
    #[arg(
        long,
        value_name = "LEVEL",
        value_delimiter = ',',
        requires = "outrank_margin"
    )]
    pub outrank: Vec<String>,
    /// The least absolute score at which the model overrules a level named by --outrank.
    #[arg(long, value_name = "NATS", requires = "outrank")]
    pub outrank_margin: Option<f32>,
}

impl AudienceModelArgs {
    /// The settings as the model takes them; refuses values the rule loader would refuse.
    pub fn settings(
        &self,
    ) -> Result<twovoices::rules::word_model::TrainSettings, twovoices::error::Error> {
        if !(self.margin >= 0.0 && self.margin <= 1000.0) {
            return Err(twovoices::error::Error::Usage(format!(
                "--margin {} is out of range, expected 0 to 1000",
                self.margin
            )));
        }
        if !(self.smoothing > 0.0 && self.smoothing <= 100.0) {
            return Err(twovoices::error::Error::Usage(format!(
                "--smoothing {} is out of range, expected above 0 and at most 100",
                self.smoothing
            )));
        }
        if self.min_count == 0 {
            return Err(twovoices::error::Error::Usage(
                "--min-count must be at least 1".into(),
            ));
        }
        let mut levels = Vec::new();
        for l in &self.outrank {
            levels.push(twovoices::model::Level::parse(l).ok_or_else(|| {
                twovoices::error::Error::Usage(format!(
                    "--outrank {l}: expected office, venue, speaker, relay or register"
                ))
            })?);
        }
        let outrank = match self.outrank_margin {
            Some(m) if (0.0..=1000.0).contains(&m) => {
                twovoices::rules::word_model::OutrankGate::new(&levels, m)
            }
            Some(m) => {
                return Err(twovoices::error::Error::Usage(format!(
                    "--outrank-margin {m} is out of range, expected 0 to 1000"
                )))
            }
            None => twovoices::rules::word_model::OutrankGate::default(),
        };
        Ok(twovoices::rules::word_model::TrainSettings {
            margin: self.margin,
            smoothing: self.smoothing,
            min_count: self.min_count,
            outrank,
        })
    }
}

/// The gate and pruning of the stacked theme model (`rules train-stack`).
#[derive(Debug, Args, Clone)]
pub struct StackArgs {
    /// Add a theme the rules did not assign when the model's probability reaches this.
    #[arg(long, default_value_t = 0.5, value_name = "P", value_parser = parse_proportion_f32)]
    pub add: f32,
    /// Take away a theme the rules assigned when the model's probability is below this.
    #[arg(long, default_value_t = 0.5, value_name = "P", value_parser = parse_proportion_f32)]
    pub remove: f32,
    /// Let the model add a theme a trap rule (negative weight) voted against.
    #[arg(long)]
    pub no_trap_veto: bool,
    /// The least number of training statements a feature must occur in.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_df: u32,
    /// Weights smaller than this for every theme are left out of the file.
    #[arg(long, default_value_t = 0.01, value_name = "W")]
    pub min_weight: f32,
}

fn parse_family(s: &str) -> Result<twovoices::analysis::stack_cv::Family, String> {
    use twovoices::analysis::stack_cv::Family;
    Family::ALL
        .iter()
        .find(|(n, _)| *n == s)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            let names: Vec<&str> = Family::ALL.iter().map(|(n, _)| *n).collect();
            format!("no feature family `{s}`; one of {}", names.join(", "))
        })
}

fn parse_proportion_f32(s: &str) -> Result<f32, String> {
    parse_proportion(s).map(|p| p as f32)
}

/// How the theme word model is trained and gated (`rules train-themes`, `rules cv-themes`).
#[derive(Debug, Args, Clone)]
pub struct ThemeModelArgs {
    /// Add a theme a weak rule voted for (sum above 0, below the threshold) when the model's score
    /// (natural log-odds) reaches this; `off` never.
    #[arg(long, default_value = "off", value_name = "NATS|off")]
    pub weak_margin: String,
    /// Add a theme no rule voted on when the model's score reaches this; `off` never.
    #[arg(long, default_value = "off", value_name = "NATS|off")]
    pub bare_margin: String,
    /// Take away a theme one rule alone assigned when the model's score is at or below minus this;
    /// `off` never.
    #[arg(long, default_value = "off", value_name = "NATS|off")]
    pub remove_margin: String,
    /// Laplace smoothing of the feature counts.
    #[arg(long, default_value_t = 1.0, value_name = "ALPHA")]
    pub smoothing: f32,
    /// The least number of a language's training statements a feature must occur in.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_count: u32,
}

impl ThemeModelArgs {
    /// The gate; refuses margins the rule loader would refuse.
    pub fn gate(
        &self,
    ) -> Result<twovoices::rules::theme_model::ThemeGate, twovoices::error::Error> {
        let margin = |flag: &str, v: &str| -> Result<Option<f32>, twovoices::error::Error> {
            if v == "off" {
                return Ok(None);
            }
            match v.parse::<f32>() {
                Ok(m) if (0.0..=1000.0).contains(&m) => Ok(Some(m)),
                _ => Err(twovoices::error::Error::Usage(format!(
                    "--{flag} {v} is not a margin, expected `off` or a number from 0 to 1000"
                ))),
            }
        };
        Ok(twovoices::rules::theme_model::ThemeGate {
            weak_margin: margin("weak-margin", &self.weak_margin)?,
            bare_margin: margin("bare-margin", &self.bare_margin)?,
            remove_margin: margin("remove-margin", &self.remove_margin)?,
        })
    }

    /// Smoothing and least count, checked like the audience model's.
    pub fn counts(&self) -> Result<(f32, u32), twovoices::error::Error> {
        let s = AudienceModelArgs {
            margin: 0.0,
            smoothing: self.smoothing,
            min_count: self.min_count,
            outrank: Vec::new(),
            outrank_margin: None,
        }
        .settings()?;
        Ok((s.smoothing, s.min_count))
    }
}

/// Arguments of `explain`: a statement by id from files, or given on the command line.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The id of a statement: looked up in the --file files, or in the index without --file.
    #[arg(
        value_name = "ID",
        required_unless_present = "text",
        conflicts_with = "text"
    )]
    pub id: Option<String>,
    /// Statement files to find ID in (JSONL or CSV), instead of the index.
    #[arg(long = "file", value_name = "FILE", num_args = 1.., requires = "id")]
    pub files: Vec<String>,
    #[command(flatten)]
    pub index: IndexDirArgs,
    /// The statement's text, to explain a statement that is in no file.
    #[arg(long)]
    pub text: Option<String>,
    /// The speaker's office (with --text).
    #[arg(long, requires = "text", default_value = "", hide_default_value = true)]
    pub role: String,
    /// Where it was said or published (with --text).
    #[arg(long, requires = "text", default_value = "", hide_default_value = true)]
    pub venue: String,
    /// Who spoke (with --text).
    #[arg(long, requires = "text", default_value = "", hide_default_value = true)]
    pub speaker: String,
    /// Where it was found (with --text).
    #[arg(long, requires = "text", default_value = "", hide_default_value = true)]
    pub source: String,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExplainFormat,
    /// Highlight matched words with colour (`auto`: when standard output is a terminal and NO_COLOR is unset);
    /// otherwise they are shown in [brackets].
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let index_dir = cli.command.index_dir();
    let result = match cli.command {
        Command::Classify {
            input,
            rules,
            format,
        } => cmd::classify::run(&mut out, &input, &rules, format),
        Command::Eval {
            input,
            rules,
            format,
        } => cmd::eval::run(&mut out, &input, &rules, format),
        Command::Rules { command } => cmd::rules::run(&mut out, command),
        Command::Explain(args) => cmd::explain::run(&mut out, &args),
        Command::Terms { terms, format } => cmd::terms::run(&mut out, &terms, format),
        Command::Stats(args) => cmd::stats::run(&mut out, &args),
        Command::Trend { trend, format } => cmd::trend::run(&mut out, &trend, format),
        Command::Chart { command } => cmd::chart::run(command),
        Command::Index(args) => cmd::index::run(&mut out, &args),
        Command::Search(args) => cmd::search::run(&mut out, &args),
        Command::Contrast(args) => cmd::contrast::run(&mut out, &args),
        Command::Report(args) => cmd::report::run(&mut out, &args),
        Command::EvalPairs(args) => cmd::eval_pairs::run(&mut out, &args),
        Command::Split(args) => cmd::split::run(&mut out, &args),
        Command::Align(args) => cmd::align::run(&mut out, &args),
    };
    // tantivy reports some damage as a plain I/O error: the files are checked to say so.
    let result = match (result, index_dir) {
        (Err(twovoices::Error::Index { path, source }), Some(dir)) => {
            let files = twovoices::index::StatementIndex::damaged_files(&dir);
            Err(if files.is_empty() {
                twovoices::Error::Index { path, source }
            } else {
                twovoices::Error::IndexDamaged {
                    path: dir,
                    files,
                    detail: source.to_string(),
                }
            })
        }
        (result, _) => result,
    };
    let flushed = std::io::Write::flush(&mut out);
    match result.and(flushed.map_err(twovoices::Error::from)) {
        Ok(()) => 0,
        Err(twovoices::Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("twovoices: error: {e}");
            e.exit_code()
        }
    }
}

/// The format of an input file, as named on the command line (the library's [`InputFormat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormatArg {
    /// One JSON object per line.
    Jsonl,
    /// A header row with the schema's field names, then one statement per row.
    Csv,
    /// A whole document: one statement per paragraph (long ones cut at sentence boundaries), with an
    /// optional front matter of `key: value` lines for speaker, role, venue, date, source and lang.
    Text,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> InputFormat {
        match f {
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Text => InputFormat::Text,
        }
    }
}

/// Output formats of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClassifyFormat {
    /// A terminal table, drawn in chunks of 1,000 rows with the first chunk's column widths.
    Table,
    /// One JSON array, streamed.
    Json,
    /// One JSON object per line, streamed.
    Jsonl,
    /// CSV with a header row, streamed.
    Csv,
}

/// Output formats of reports that are one value (eval, rules list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A terminal table.
    Table,
    /// Pretty-printed JSON.
    Json,
}

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    /// A terminal table with the matched words marked «like this».
    Table,
    /// One JSON array of hits.
    Json,
    /// One JSON hit per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Which external statements `contrast` pairs under a theme they are not classified with, when they
/// take the external stance of a frame naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WidenArg {
    /// None: only statements classified with the theme.
    None,
    /// Those asked about with `--external ID` (and the judged ones of `eval-pairs`).
    Asked,
    /// Every external statement.
    All,
}

impl From<WidenArg> for twovoices::pair::Widen {
    fn from(w: WidenArg) -> Self {
        match w {
            WidenArg::None => twovoices::pair::Widen::None,
            WidenArg::Asked => twovoices::pair::Widen::Asked,
            WidenArg::All => twovoices::pair::Widen::All,
        }
    }
}

/// Output formats of `contrast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ContrastFormat {
    /// A terminal table, external and internal side by side.
    Table,
    /// A two-column Markdown table per theme (GitHub and pandoc).
    Markdown,
    /// JSON: one object per theme with its pairs.
    Json,
    /// CSV: one row per pair.
    Csv,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    /// Markdown (GitHub and pandoc).
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// The report's plain data (sections, groups, rows of quotes, endnotes) as pretty-printed JSON.
    Json,
    /// One row per quote shown, with its theme, group, row, side and endnote.
    Csv,
}

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Text, with the matched words highlighted.
    Text,
    /// Pretty-printed JSON.
    Json,
}

/// Whether to colour the matched words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour; mark matches with [brackets].
    Never,
}

impl ColorChoice {
    /// The highlight style this choice gives, for output that is or is not a terminal.
    pub fn highlight(self, is_terminal: bool) -> Highlight {
        let colour = match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        if colour {
            Highlight::Ansi
        } else {
            Highlight::Brackets
        }
    }
}
