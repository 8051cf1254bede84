//! Inputs that have broken tools like this one (session 64, robust64; docs/commands.md, "Bad input"): each
//! run must end with a non-zero exit code and a message naming the file and line (and column where it can),
//! or, where the input is valid after all (a BOM, CRLF, an empty file, a long line), succeed; never panic,
//! and never change an index. Kept fast: small files, one index of the 27 quotes shared by the tests that
//! need one.

mod common;
use common::{tv, tv_at, FIXTURE};

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const GOOD: &str =
    r#"{"id":"a1","text":"Restrictions on Huawei violate market principles.","lang":"en"}"#;

/// Writes `bytes` to `name` in a fresh folder; returns the folder (kept alive) and the file's path.
fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Runs twovoices with `args`; returns (exit code, stdout, stderr), asserting it did not panic.
fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().expect("exited, not killed by a signal");
    assert_ne!(code, 101, "panicked: {stderr}");
    assert!(!stderr.contains("panicked"), "panicked: {stderr}");
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

/// `classify FILE --format jsonl`: asserts exit 1, that stderr names `FILE:LOCATION` (`LOCATION` is
/// `line: ` or `line:column: `) and contains `expected`, and returns stderr.
fn classify_fails(path: &Path, location: &str, expected: &str) -> String {
    let (code, _, stderr) = run(tv().args(["classify", "--format", "jsonl"]).arg(path));
    assert_eq!(code, 1, "{stderr}");
    let at = format!("{}:{location}", path.display());
    assert!(stderr.contains(&at), "no `{at}` in: {stderr}");
    assert!(stderr.contains(expected), "no `{expected}` in: {stderr}");
    stderr
}

/// `classify FILE --format jsonl` on valid input: the ids of the statements read.
fn classify_ids(path: &Path) -> Vec<String> {
    let (code, stdout, stderr) = run(tv().args(["classify", "--format", "jsonl"]).arg(path));
    assert_eq!(code, 0, "{stderr}");
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Every file under `dir` with its bytes, sorted: an index's whole state on disk.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// An index of the 27 Brookings quotes, made once for every test here that needs one (only read).
fn quotes_index() -> &'static Path {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = dir.path().join("idx");
            let (code, _, stderr) = run(tv_at(&index).args(["index", FIXTURE]));
            assert_eq!(code, 0, "{stderr}");
            (dir, index)
        })
        .1
}

#[test]
fn invalid_utf8_mid_file_names_file_and_line() {
    let mut bytes = format!("{GOOD}\n").into_bytes();
    bytes.extend_from_slice(b"{\"id\":\"a2\",\"text\":\"ab\xff\xfecd\"}\n");
    let (_d, path) = file("bad.jsonl", &bytes);
    classify_fails(&path, "2: ", "expected UTF-8");
}

#[test]
fn a_bom_and_crlf_line_ends_are_read() {
    let text = format!("\u{feff}{GOOD}\r\n{}\r\n", GOOD.replace("a1", "a2"));
    let (_d, path) = file("bom.jsonl", text.as_bytes());
    assert_eq!(classify_ids(&path), ["a1", "a2"]);
    let (_d, csv) = file("bom.csv", "\u{feff}id,text\r\nq1,hello\r\n".as_bytes());
    assert_eq!(classify_ids(&csv), ["q1"]);
}

#[test]
fn a_truncated_last_line_names_line_and_column() {
    let text = format!("{GOOD}\n{{\"id\":\"a2\",\"text\":\"cut sh");
    let (_d, path) = file("cut.jsonl", text.as_bytes());
    classify_fails(&path, "2:25: ", "EOF while parsing");
}

#[test]
fn an_empty_file_is_no_statement_and_eval_says_so() {
    let (_d, path) = file("empty.jsonl", b"");
    assert!(classify_ids(&path).is_empty());
    let (code, _, stderr) = run(tv().arg("eval").arg(&path));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("empty.jsonl") && stderr.contains("gold"),
        "{stderr}"
    );
    // An empty document is an error with its line.
    let (_d, doc) = file("empty.txt", b"");
    let (code, _, stderr) = run(tv().arg("split").arg(&doc));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:1: ", doc.display())),
        "{stderr}"
    );
}

#[test]
fn a_ten_megabyte_line_is_classified_and_a_ten_megabyte_document_line_refused() {
    let text = serde_json::json!({"id": "big", "text": "market ".repeat(1_500_000), "lang": "en"})
        .to_string();
    assert!(text.len() > 10_000_000);
    let (_d, path) = file("big.jsonl", format!("{text}\n").as_bytes());
    assert_eq!(classify_ids(&path), ["big"]);
    // A document's line that long is refused with its line, and what was expected.
    let (_d, doc) = file("big.txt", "word ".repeat(2_100_000).as_bytes());
    let (code, _, stderr) = run(tv().arg("split").arg(&doc));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:1: ", doc.display())) && stderr.contains("expected"),
        "{stderr}"
    );
}

#[test]
fn wrong_json_types_name_line_column_and_expectation() {
    let (_d, gold) = file(
        "gold.jsonl",
        br#"{"id":"g1","text":"x","lang":"en","gold":[]}"#,
    );
    classify_fails(&gold, "1:43: ", "expected an object with `audience`");
    let (_d, num) = file("num.jsonl", br#"{"id":17,"text":"x"}"#);
    classify_fails(&num, "1:8: ", "expected a string");
    let (_d, arr) = file("arr.jsonl", b"[1, 2]\n");
    classify_fails(&arr, "1:1: ", "expected a JSON object");
}

#[test]
fn duplicate_ids_name_the_second_line() {
    let (_d, path) = file("dup.jsonl", format!("{GOOD}\n{GOOD}\n").as_bytes());
    classify_fails(&path, "2: ", "duplicate id `a1`");
}

#[test]
fn csv_missing_column_and_quoted_newline() {
    let (_d, missing) = file("missing.csv", b"id,lang\nq1,en\n");
    classify_fails(&missing, "1: ", "no `text` column");
    // A quoted newline is part of the field, not a new record.
    let (_d, quoted) = file(
        "quoted.csv",
        b"id,text\n\"q1\",\"line one\nline two\"\nq2,three\n",
    );
    let (code, stdout, stderr) = run(tv().args(["classify", "--format", "jsonl"]).arg(&quoted));
    assert_eq!(code, 0, "{stderr}");
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["text"], "line one\nline two");
    assert_eq!(stdout.lines().count(), 2);
    let (_d, ragged) = file("ragged.csv", b"id,text\nq1,a,b\n");
    classify_fails(&ragged, "2: ", "expected 2");
}

#[test]
fn a_rules_file_with_a_duplicate_key_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(
        dir.path().join("dup.toml"),
        "[rule]\nid = \"x\"\nid = \"y\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run(tv().args(["rules", "check", "--rules"]).arg(dir.path()));
    assert_eq!(code, 78, "{stderr}");
    assert!(
        stderr.contains("dup.toml:3:1: duplicate key `id`"),
        "{stderr}"
    );
}

#[test]
fn bad_numeric_options_are_usage_errors() {
    let index = quotes_index();
    for args in [
        ["--pairs", "0"],
        ["--pairs", "-1"],
        ["--pairs", "99999999999999999999999"],
        ["--min-score", "NaN"],
        ["--min-score", "-0.5"],
        ["--min-score", "1e39"],
        ["--reuse", "0"],
        ["--reuse-cost", "NaN"],
        ["--reuse-margin", "inf"],
    ] {
        let (code, _, stderr) = run(tv_at(index).arg("contrast").args(args));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains(args[0]) || stderr.contains("unexpected argument"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_huge_reuse_is_unlimited_not_a_crash() {
    // `--reuse` is how many external statements may share one internal partner: more than there are is
    // the same as unlimited (it once sized the assignment's slots by it and panicked).
    let index = quotes_index();
    let huge = u64::MAX.to_string();
    let args = ["contrast", "--theme", "standards", "--format", "json"];
    let (code, with_huge, stderr) = run(tv_at(index).args(args).args(["--reuse", &huge]));
    assert_eq!(code, 0, "{stderr}");
    let (_, with_many, _) = run(tv_at(index).args(args).args(["--reuse", "1000"]));
    assert_eq!(with_huge, with_many);
}

#[test]
fn an_index_path_that_is_a_file_is_refused_and_left_alone() {
    let (_d, path) = file("not-an-index", b"my notes\n");
    for args in [&["contrast"][..], &["search", "huawei"], &["stats"]] {
        let (code, _, stderr) = run(tv_at(&path).args(args));
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("index {} is a file, not a folder", path.display())),
            "{stderr}"
        );
    }
    let (code, _, stderr) = run(tv_at(&path).args(["index", FIXTURE]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is a file, not a folder"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), b"my notes\n");
}

#[test]
fn an_invalid_record_leaves_the_index_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let (code, _, stderr) = run(tv_at(&index).args(["index", FIXTURE]));
    assert_eq!(code, 0, "{stderr}");
    let before = snapshot(&index);
    let mut bytes = format!("{}\n", GOOD.replace("a1", "new-1")).into_bytes();
    bytes.extend_from_slice(b"{\"id\":\"new-2\",\"text\":\"\xff\"}\n");
    let (_d, bad) = file("bad.jsonl", &bytes);
    let (code, _, stderr) = run(tv_at(&index).arg("index").arg(&bad));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(&format!("{}:2", bad.display())), "{stderr}");
    assert!(stderr.contains("unchanged"), "{stderr}");
    assert_eq!(snapshot(&index), before, "the index changed");
}

#[test]
fn a_broken_pairs_file_names_line_and_a_column_from_one() {
    let index = quotes_index();
    let (_d, empty) = file("empty.json", b"");
    let (code, _, stderr) = run(tv_at(index).arg("eval-pairs").arg(&empty));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:1:1: ", empty.display())),
        "{stderr}"
    );
    let (_d, cut) = file("cut.json", b"{\"judged\": [");
    let (code, _, stderr) = run(tv_at(index).arg("eval-pairs").arg(&cut));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:1:", cut.display())) && stderr.contains("expected"),
        "{stderr}"
    );
}
