//! The `twovoices` binary: the command line (`cli.rs`, clap) and one runner per subcommand (`cmd/`) on top
//! of the library; parses the arguments and exits with the code the command returns.

mod cli;
mod cmd;

use clap::Parser;

// Classification allocates many small strings per statement; mimalloc halves the time spent on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cli::Cli::parse();
    std::process::exit(cli::run(cli));
}
