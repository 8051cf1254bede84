//! Property tests for every parser of outside input: JSONL, CSV, documents, rule files and search queries.
//! Each runs a bounded number of cases (so CI time stays bounded; `PROPTEST_CASES=N` runs more) and checks
//! that any input gives either a result or an error that says where, never a panic.

mod common;

use proptest::prelude::*;
use std::io::Write;
use twovoices::error::Error;
use twovoices::input::{read_all, InputFormat};

/// Bytes and snippets that break naive parsers: quotes, separators, line ends, BOMs, control and wide chars.
const NASTY: &[&str] = &[
    "\"",
    ",",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\t",
    "\u{0}",
    "。",
    "核心技术",
    "é",
    "😀",
    " ",
    "id",
    "text",
    "date",
    "2020-02-30",
    "null",
    "#",
    "---",
    "speaker: X",
    "\u{2028}",
];

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::sample::select(NASTY).prop_map(str::to_string),
            2 => "[a-z ]{1,8}",
            1 => any::<String>(),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

/// Reads a file with `--skip-invalid` semantics; returns the statements and the record errors.
fn read(path: &str, format: InputFormat) -> (Vec<twovoices::input::Located>, Vec<(String, u64)>) {
    let mut errors = Vec::new();
    let (ok, stats) = read_all(&[path.to_string()], Some(format), true, |e| match e {
        Error::Record { path, line, .. } => errors.push((path.clone(), *line)),
        other => panic!("a bad record must be a record error, got: {other}"),
    })
    .unwrap();
    assert_eq!(stats.skipped as usize, errors.len());
    (ok, errors)
}

fn lines_in(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any line is a statement or a record error at its own line.
    #[test]
    fn jsonl_never_panics_and_locates_every_error(lines in proptest::collection::vec(nasty_string(12), 1..6)) {
        let body = lines.join("\n");
        let (_dir, path) = temp_file("in.jsonl", body.as_bytes());
        let (ok, errors) = read(&path, InputFormat::Jsonl);
        for (p, line) in &errors {
            prop_assert_eq!(p, &path);
            prop_assert!(*line >= 1 && *line <= lines_in(body.as_bytes()), "line {}", line);
        }
        for s in &ok {
            prop_assert!(!s.statement.id.trim().is_empty() && !s.statement.text.trim().is_empty());
        }
    }

    /// A statement written as JSON reads back the same, whatever its text.
    #[test]
    fn jsonl_round_trips_any_text(
        text in "\\PC*[a-z核]\\PC*",
        speaker in any::<String>(),
        y in 1900i32..2100, m in 1u32..13, d in 1u32..29,
    ) {
        let date = format!("{y:04}-{m:02}-{d:02}");
        let line = serde_json::json!({"id": "s1", "text": text, "speaker": speaker, "date": date}).to_string();
        let got = twovoices::input::parse_jsonl_str("mem.jsonl", &line).unwrap();
        prop_assert_eq!(got.len(), 1);
        prop_assert_eq!(&got[0].text, &text);
        prop_assert_eq!(&got[0].speaker, &speaker);
        prop_assert_eq!(&got[0].date, &date);
    }

    /// Every row of the header's width is read, whatever its quoting; every other row is an error at its line,
    /// and the rows after it are still read.
    #[test]
    fn csv_reads_every_good_row_and_reports_every_bad_one(
        rows in proptest::collection::vec((1usize..4, nasty_string(6)), 0..12)
    ) {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        w.write_record(["id", "text"]).unwrap();
        let mut expected = Vec::new();
        let mut bad = 0;
        for (n, (width, text)) in rows.iter().enumerate() {
            let id = format!("r{n}");
            let mut record = vec![id.clone(), format!("t{text}")];
            record.resize(*width, "extra".into());
            w.write_record(&record).unwrap();
            if *width == 2 {
                expected.push(id);
            } else {
                bad += 1;
            }
        }
        let bytes = w.into_inner().unwrap();
        let (_dir, path) = temp_file("in.csv", &bytes);
        let (ok, errors) = read(&path, InputFormat::Csv);
        let ids: Vec<String> = ok.iter().map(|l| l.statement.id.clone()).collect();
        prop_assert_eq!(ids, expected);
        prop_assert_eq!(errors.len(), bad);
        let lines: Vec<u64> = errors.iter().map(|e| e.1).collect();
        prop_assert!(lines.windows(2).all(|w| w[0] < w[1]), "{:?}", lines);
        prop_assert!(lines.iter().all(|l| *l >= 2 && *l <= lines_in(&bytes)), "{:?}", lines);
    }

    /// Any text document splits into statements with text and distinct ids, or errors that name the file.
    #[test]
    fn documents_never_panic(text in nasty_string(40), md in any::<bool>()) {
        let name = if md { "speech.md" } else { "speech.txt" };
        let (_dir, path) = temp_file(name, text.as_bytes());
        let mut errors = 0;
        match read_all(std::slice::from_ref(&path), Some(InputFormat::Text), true, |_| errors += 1) {
            Ok((ok, _)) => {
                let mut ids: Vec<&str> = ok.iter().map(|l| l.statement.id.as_str()).collect();
                for l in &ok {
                    prop_assert!(!l.statement.text.trim().is_empty());
                    prop_assert!(l.line >= 1 && l.line <= lines_in(text.as_bytes()));
                }
                let n = ids.len();
                ids.sort_unstable();
                ids.dedup();
                prop_assert_eq!(ids.len(), n);
            }
            Err(e) => prop_assert!(e.to_string().contains(&path), "{}", e),
        }
    }

    /// A damaged rule file is refused with problems located in it, never a panic.
    #[test]
    fn rule_files_never_panic(
        cut in any::<prop::sample::Index>(),
        len in 0usize..40,
        insert in nasty_string(3),
        which in any::<prop::sample::Index>(),
    ) {
        let (name, text) = twovoices::rules::BUILTIN[which.index(twovoices::rules::BUILTIN.len())];
        let mut at = cut.index(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let damaged = format!("{}{insert}{}", &text[..at], &text[end..]);
        let lines = damaged.lines().count() + 1;
        let file = twovoices::rules::SourceFile { path: name.into(), text: damaged };
        match twovoices::rules::RuleSet::from_files(vec![file]) {
            Ok(set) => prop_assert!(!set.rules.is_empty() || !name.is_empty()),
            Err(Error::Rules { problems }) => {
                prop_assert!(!problems.is_empty());
                for p in problems {
                    prop_assert_eq!(p.path.to_str(), Some(name));
                    prop_assert!(p.line.is_none_or(|l| l >= 1 && l <= lines), "{}", p);
                }
            }
            Err(other) => prop_assert!(false, "unexpected error kind: {}", other),
        }
    }
}

/// An index of the bundled quotes, built once for the query test.
fn fixture_index() -> &'static std::path::Path {
    static INDEX: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            common::tv_at(&dir.path().join("idx"))
                .args(["index", common::FIXTURE])
                .assert()
                .success();
            dir
        })
        .path()
        .join("idx")
        .leak()
}

const QUERY_BITS: &[&str] = &[
    "\"",
    "*",
    "-",
    " OR ",
    " AND ",
    "(",
    ")",
    ":",
    "text_en:",
    "speaker:",
    "^2",
    "~",
    "[",
    " TO ",
    "]",
    "\\",
    "security",
    "core",
    "技术",
    "網絡安全",
    "+",
    "'",
    "{",
    "}",
    "!",
    "?",
    " ",
    "0",
    "2020-01-01",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Any query string gives hits or a query error (exit code 2), never a panic or another error.
    #[test]
    fn queries_never_panic(parts in proptest::collection::vec(proptest::sample::select(QUERY_BITS), 1..8)) {
        let query = parts.concat();
        let index = twovoices::index::StatementIndex::open(fixture_index()).unwrap();
        match index.search(&query, &twovoices::index::Filters::default(), 5) {
            Ok(hits) => prop_assert!(hits.len() <= 5),
            Err(e) => {
                prop_assert!(matches!(e, Error::Query { .. }), "{}: {}", query, e);
                prop_assert_eq!(e.exit_code(), 2);
            }
        }
    }
}

/// `field:*` asks tantivy whether a field exists, which it answers only for fast fields: a query error
/// (exit code 2), not an index error. (The proptest above found `text_en:*`, and later `~:*`, a field
/// that does not exist.)
#[test]
fn an_exists_query_on_a_text_field_is_a_query_error() {
    let index = twovoices::index::StatementIndex::open(fixture_index()).unwrap();
    for query in ["text_en:*", "~:*"] {
        let e = index
            .search(query, &twovoices::index::Filters::default(), 5)
            .unwrap_err();
        assert!(matches!(e, Error::Query { .. }), "{query}: {e}");
        assert_eq!(e.exit_code(), 2);
    }
}
