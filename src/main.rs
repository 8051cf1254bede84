//! The `twovoices` binary: parses the command line and exits with the code the command returns.

use clap::Parser;

// Classification allocates many small strings per statement; mimalloc halves the time spent on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = twovoices::cli::Cli::parse();
    std::process::exit(twovoices::cli::run(cli));
}
