//! The `twovoices` binary: parses the command line and exits with the code the command returns.

use clap::Parser;

fn main() {
    let cli = twovoices::cli::Cli::parse();
    std::process::exit(twovoices::cli::run(cli));
}
