//! The command line (clap): parses arguments and hands each subcommand to its runner in `cmd/`.

use crate::cmd;
use crate::input::InputFormat;
use crate::render::{ClassifyFormat, ReportFormat};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// twovoices: shows, theme by theme, how a government's messages to foreign audiences contradict what it
/// tells its own people.
///
/// Exit codes: 0 success, 1 runtime failure (bad input, I/O), 2 bad usage, 78 invalid rules.
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
}

/// How statement files are read.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Statement files: JSONL (one object per line) or CSV (by the `.csv` ending); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,

    /// Read every file in this format, whatever its name.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Report every invalid record on stderr and go on; the count of skipped records is printed at the
    /// end and the exit code is still 1 when any was skipped.
    #[arg(long)]
    pub skip_invalid: bool,
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
        /// Output format; jsonl, json and csv stream, table collects all rows first.
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
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
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
    };
    let flushed = std::io::Write::flush(&mut out);
    match result.and(flushed.map_err(crate::Error::from)) {
        Ok(()) => 0,
        Err(crate::Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("twovoices: error: {e}");
            e.exit_code()
        }
    }
}
