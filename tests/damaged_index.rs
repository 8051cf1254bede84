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

/// As [`damaged`]; with `keep_time`, only the length of the table of the file's parts is damaged (see
/// [`damage_parts_table_length`]) and each damaged file gets back its modification time, as a copy that
/// preserves times or a hand edit could leave it: the files are then not checked again on open, and the
/// damage is met only when tantivy reads the segment, as a panic in tantivy.
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
            if keep_time {
                damage_parts_table_length(&mut bytes, &path);
            } else {
                for b in bytes[100..len - 100].iter_mut().step_by(7) {
                    *b = b.wrapping_mul(31).wrapping_add(17);
                }
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

/// Sets the length of the table of a tantivy composite file's parts (which every reader of the segment
/// reads first, whatever it looks for) to more than the file holds, keeping the file's size. Scrambling
/// bytes at a fixed distance from the end instead is not deterministic: the footer's length varies with
/// its checksum's digits and the table's with the segment, so the damage sometimes fell on postings, which
/// tantivy then reads quietly as other postings (a wrong answer, not an error).
///
/// The layout (tantivy 0.27, `directory/footer.rs` and `directory/composite_file.rs`): body, footer JSON,
/// the JSON's length (u32 LE), the magic number 1337 (u32 LE); the body ends with the parts table and
/// then the table's length (u32 LE).
fn damage_parts_table_length(bytes: &mut [u8], path: &Path) {
    let u32_at =
        |bytes: &[u8], at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let len = bytes.len();
    assert_eq!(
        u32_at(bytes, len - 4),
        1337,
        "{}: not a tantivy file of the layout this test knows",
        path.display()
    );
    let body_end = len - 8 - u32_at(bytes, len - 8) as usize;
    let table_len = u32_at(bytes, body_end - 4) as usize;
    assert!(
        table_len < body_end,
        "{}: no parts table where expected",
        path.display()
    );
    bytes[body_end - 4..body_end].copy_from_slice(&(u32::MAX - 15).to_le_bytes());
}

/// Runs `args` on `index` and checks the clean failure; returns its stderr.
fn assert_clean_failure(index: &Path, args: &[&str], ext: &str) -> String {
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
    stderr.into_owned()
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
fn damage_met_only_inside_tantivy_is_a_clean_error() {
    let dir = damaged_keeping_time("idx", true);
    for args in [&["contrast"][..], &["search", "core"]] {
        let stderr = assert_clean_failure(dir.path(), args, "idx");
        // The files were not checked again (their stamps did not change): tantivy met the damage, and
        // its panic was turned into the error.
        assert!(
            stderr.contains("(at tantivy"),
            "{args:?}: the damage was met inside tantivy: {stderr}"
        );
    }
}
