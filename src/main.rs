//! The `twovoices` binary: the command line (`cli.rs`, clap) and one runner per subcommand (`cmd/`) on top
//! of the library; parses the arguments and exits with the code the command returns.

mod cli;
mod cmd;

use clap::Parser;
use std::sync::Mutex;

// Classification allocates many small strings per statement; mimalloc halves the time spent on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's own setter of its options (`mi_option_set` in mimalloc.h), part of the library the `mimalloc`
// crate builds and links.
extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the same number in mimalloc 2 and 3).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Tells mimalloc to keep the memory the program frees instead of giving it back to the system after a
/// delay (its `purge_delay` option, -1: never), unless `MIMALLOC_PURGE_DELAY` is set. A run of `classify`
/// frees each batch's output lines (about 16 MB) after writing them and allocates the next batch's: given
/// back, that memory came back as fresh pages the kernel zeroed again (11,000 page faults a run of 20,000
/// statements against 700; 3.5 % of the CPU time, docs/performance.md, "Session 32"). Kept, it is reused.
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option of the allocator, before any other thread is started (mimalloc
        // reads the option when it considers purging).
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
}

/// The first panic raised inside tantivy's code, as `message (at file:line)`.
static INDEX_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn main() {
    keep_freed_memory();
    let cli = cli::Cli::parse();
    let index_dir = cli.command.index_dir();
    quiet_index_panics();
    let code = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cli::run(cli))) {
        Ok(code) => code,
        Err(payload) => {
            let detail = INDEX_PANIC.lock().ok().and_then(|mut p| p.take());
            let Some(detail) = detail else {
                std::panic::resume_unwind(payload);
            };
            let error = match index_dir {
                Some(dir) => twovoices::index::StatementIndex::damaged(&dir, detail),
                None => twovoices::Error::Usage(format!("the index library failed: {detail}")),
            };
            eprintln!("twovoices: error: {error}");
            1
        }
    };
    std::process::exit(code);
}

/// tantivy trusts the files it reads: a damaged segment makes it panic, on every thread that reads the
/// segment. Those panics are recorded (the first one) instead of printed, and `main` reports them once as a
/// damaged index. Any other panic is a bug of twovoices and is printed as usual.
fn quiet_index_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let Some(location) = info.location().filter(|l| l.file().contains("tantivy")) else {
            return default(info);
        };
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        let file = location.file();
        let file = file.find("tantivy").map_or(file, |at| &file[at..]);
        if let Ok(mut first) = INDEX_PANIC.lock() {
            first.get_or_insert_with(|| format!("{message} (at {file}:{})", location.line()));
        }
    }));
}
