//! Every command that reads the index meets a damaged segment file with one clean error (exit 1, the
//! damaged files named), never a panic.

mod common;
use common::{tv_at, FIXTURE};

use std::path::Path;

/// An index of the report's quotes with every byte of every `EXT` segment file scrambled from offset
/// 100 to 100 bytes before its end, in steps of 7 (the footer and its checksum stay readable).
fn damaged(ext: &str) -> tempfile::TempDir {
    damaged_keeping_time(ext, false)
}

/// As [`damaged`]; with `keep_time`, only the 20 bytes before the last 120 are scrambled (the table of
/// the file's parts, which tantivy slices by) and each damaged file gets back its modification time, as a
/// copy that preserves times or a hand edit could leave it: the files are then not checked again on open,
/// and the damage is met only inside a query, as a panic in tantivy.
fn damaged_keeping_time(ext: &str, keep_time: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    tv_at(dir.path())
        .args(["index", FIXTURE])
        .assert()
        .success();
    let mut hit = 0;
    // A search checks the new files once and remembers them.
    tv_at(dir.path())
        .args(["search", "core"])
        .assert()
        .success();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == ext) {
            let mut bytes = std::fs::read(&path).unwrap();
            let len = bytes.len();
            let (range, step) = if keep_time {
                (len - 140..len - 120, 1)
            } else {
                (100..len - 100, 7)
            };
            for b in bytes[range].iter_mut().step_by(step) {
                *b = b.wrapping_mul(31).wrapping_add(17);
            }
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            std::fs::write(&path, bytes).unwrap();
            if keep_time {
                let file = std::fs::File::options().write(true).open(&path).unwrap();
                file.set_modified(modified).unwrap();
            }
            hit += 1;
        }
    }
    assert!(hit > 0, "no .{ext} file in the index");
    dir
}

fn assert_clean_failure(index: &Path, args: &[&str], ext: &str) {
    let out = tv_at(index).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("twovoices: error:"))
            .count(),
        1,
        "{args:?}: one error, said once: {stderr}"
    );
    assert!(
        stderr.contains("damaged") && stderr.contains(&format!(".{ext}")),
        "{args:?}: the error names the damaged file: {stderr}"
    );
    assert!(
        stderr.contains(&index.display().to_string()),
        "{args:?}: the error names the index: {stderr}"
    );
}

#[test]
fn contrast_on_a_damaged_postings_file_is_a_clean_error() {
    let dir = damaged("idx");
    assert_clean_failure(dir.path(), &["contrast"], "idx");
    assert_clean_failure(dir.path(), &["contrast", "--theme", "security"], "idx");
}

#[test]
fn search_report_and_stats_on_a_damaged_postings_file_are_clean_errors() {
    let dir = damaged("idx");
    assert_clean_failure(dir.path(), &["search", "core"], "idx");
    assert_clean_failure(dir.path(), &["report"], "idx");
    assert_clean_failure(dir.path(), &["stats"], "idx");
}

#[test]
fn a_damaged_term_dictionary_is_a_clean_error() {
    let dir = damaged("term");
    assert_clean_failure(dir.path(), &["search", "core"], "term");
    assert_clean_failure(dir.path(), &["contrast"], "term");
}

#[test]
fn damage_met_only_inside_a_query_is_a_clean_error() {
    let dir = damaged_keeping_time("idx", true);
    assert_clean_failure(dir.path(), &["contrast"], "idx");
    assert_clean_failure(dir.path(), &["search", "core"], "idx");
}
