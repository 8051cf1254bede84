//! The library stays free of the command line: clap lives only in the binary (`src/main.rs`, `src/cli.rs`,
//! `src/cmd/`), so `input/`, `render/` and the rest can be used and changed without it.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_clap_and_no_command_line_in_the_library() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let binary_only = [src.join("main.rs"), src.join("cli.rs"), src.join("cmd")];
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let library: Vec<_> = files
        .into_iter()
        .filter(|p| !binary_only.iter().any(|b| p.starts_with(b)))
        .collect();
    assert!(library.iter().any(|p| p.ends_with("lib.rs")), "{library:?}");
    for path in &library {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            !text.contains("clap"),
            "{} mentions clap; the command line belongs to the binary",
            path.display()
        );
    }
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    for module in ["pub mod cli;", "pub mod cmd;", "mod cli;", "mod cmd;"] {
        assert!(!lib.contains(module), "lib.rs declares `{module}`");
    }
}
