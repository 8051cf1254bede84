//! `twovoices eval-pairs`: the judged pairs of fixtures/pairs-dev.json over the fixture corpus, unknown
//! ids reported, bad judged files refused with file:line:col.

mod common;
use common::{succeeds, tv_at};

use serde_json::Value;
use std::path::Path;

const DEV_PAIRS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/pairs-dev.json");

/// The corpus the judging used: every statement of these files.
const CORPUS: [&str; 5] = [
    "brookings-2021.jsonl",
    "dev.jsonl",
    "blind.jsonl",
    "blind2.jsonl",
    "blind3.jsonl",
];

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `twovoices eval-pairs ARGS` on the index at `index`: its standard output, asserting success.
fn eval_pairs_out(index: &Path, args: &[&str]) -> String {
    succeeds(tv_at(index).arg("eval-pairs").args(args))
}

fn eval_pairs_json(index: &Path, args: &[&str]) -> Value {
    let args = [args, &["--format", "json"]].concat();
    serde_json::from_str(&eval_pairs_out(index, &args)).unwrap()
}

fn ratio_in_range(v: &Value) -> f64 {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((0.0..=1.0).contains(&x), "{x} out of range");
    x
}

#[test]
fn dev_pairs_over_the_fixture_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let files: Vec<String> = CORPUS.iter().map(|f| fixture(f)).collect();
    tv_at(&index).arg("index").args(&files).assert().success();
    let judged: Value = serde_json::from_str(&std::fs::read_to_string(DEV_PAIRS).unwrap()).unwrap();
    let n = judged["judged"].as_array().unwrap().len();

    let m = eval_pairs_json(&index, &[DEV_PAIRS]);
    let o = &m["overall"];
    assert_eq!(o["judged"], n);
    let (partnered, acceptable) = (
        o["partnered"].as_u64().unwrap(),
        o["acceptable"].as_u64().unwrap(),
    );
    assert!(partnered > 0 && acceptable <= partnered && partnered <= n as u64);
    let p1 = ratio_in_range(&o["precision_at_1"]);
    assert!((p1 - acceptable as f64 / partnered as f64).abs() < 1e-9);
    assert!(ratio_in_range(&o["precision_at_1_all"]) <= p1);
    ratio_in_range(&o["coverage"]);
    ratio_in_range(&o["distinct_ratio"]);
    ratio_in_range(&o["cross_lingual_share"]);
    assert_eq!(m["items"].as_array().unwrap().len(), n);
    // Every id of the file is in that corpus.
    assert_eq!(m["unknown_ids"], Value::Array(vec![]));
    let themes: Vec<&str> = m["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["theme"].as_str().unwrap())
        .collect();
    assert_eq!(
        themes,
        [
            "ambition",
            "indigenization",
            "security",
            "standards",
            "military-civil-fusion"
        ]
    );
    let per_theme: u64 = m["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["judged"]["acceptable"].as_u64().unwrap())
        .sum();
    assert_eq!(per_theme, acceptable);

    // `--pairs 3` keeps three pairs per theme: at most 15 judged statements can have a partner.
    let top = eval_pairs_json(&index, &[DEV_PAIRS, "--pairs", "3"]);
    assert!(top["overall"]["partnered"].as_u64().unwrap() <= 15);
    for t in top["themes"].as_array().unwrap() {
        assert!(t["table"]["pairs"].as_u64().unwrap() <= 3, "{t}");
    }
    let all = m["overall_table"]["pairs"].as_u64().unwrap();
    assert!(all > 15, "{all} pairs without --pairs");

    // An id the index does not hold is reported, as external or as partner, and never silently dropped.
    let mut with_unknown = judged.clone();
    with_unknown["judged"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "external": "no-such-statement", "theme": "security", "acceptable": ["nor-this-one"]
        }));
    let gold = dir.path().join("gold.json");
    std::fs::write(&gold, serde_json::to_string(&with_unknown).unwrap()).unwrap();
    let m = eval_pairs_json(&index, &[gold.to_str().unwrap()]);
    assert_eq!(m["overall"]["judged"], n + 1);
    let unknown = m["unknown_ids"].as_array().unwrap();
    assert_eq!(unknown.len(), 2, "{unknown:?}");
    assert_eq!(unknown[0]["id"], "no-such-statement");
    assert_eq!(unknown[0]["external"], true);
    assert_eq!(unknown[1]["id"], "nor-this-one");
    assert_eq!(unknown[1]["partner_of"][0], "no-such-statement");
    assert_eq!(m["items"][n]["outcome"], "not_in_index");

    let table = eval_pairs_out(&index, &[gold.to_str().unwrap()]);
    assert!(
        table.contains("2 judged id(s) not found in the index"),
        "{table}"
    );
    assert!(table.contains("partner of no-such-statement"), "{table}");
    assert!(table.contains("not in the index"), "{table}");
    let all_row = table.lines().find(|l| l.starts_with("│ all ")).unwrap();
    assert!(all_row.contains(&format!("/{}", n + 1)), "{all_row}");
}

#[test]
fn malformed_file_is_refused_with_line_and_column_before_the_index_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("bad.json");
    std::fs::write(
        &gold,
        "{\"judged\": [\n  {\"external\": \"a\" \"theme\": \"security\"}]}",
    )
    .unwrap();
    let out = tv_at(&dir.path().join("no-index"))
        .args(["eval-pairs", gold.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("{}:2:20: invalid JSON", gold.display())),
        "{err}"
    );
    assert!(
        err.contains("expected an object with a `judged` array"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn wrong_shape_and_missing_file_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("shape.json");
    std::fs::write(
        &gold,
        "[\n {\"external\": \"a\", \"theme\": \"trade\", \"acceptable\": []}\n]",
    )
    .unwrap();
    let out = tv_at(&dir.path().join("no-index"))
        .args(["eval-pairs", gold.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(&format!("{}:2:", gold.display())), "{err}");
    assert!(err.contains("unknown variant `trade`"), "{err}");

    let missing = dir.path().join("missing.json");
    let out = tv_at(&dir.path().join("no-index"))
        .args(["eval-pairs", missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains(missing.to_str().unwrap()));
}

/// In a terminal 100 columns wide the tables fit, and no theme name is cut inside a word: the one name
/// longer than `indigenization` breaks after a dash.
#[test]
fn the_tables_fit_100_columns_with_theme_names_whole() {
    let text = common::on_fixtures_in(100, &["eval-pairs", DEV_PAIRS]);
    for theme in ["ambition", "indigenization", "security", "standards", "all"] {
        let rows = text
            .lines()
            .filter(|l| l.starts_with(&format!("│ {theme} ")))
            .count();
        assert!(rows >= 2, "{theme} in both summary tables:\n{text}");
    }
    assert!(text.contains("│ military-  "), "{text}");
    assert!(text.contains("│ civil-fusion "), "{text}");
    assert!(!text.contains("indigenizat "), "{text}");
}
