//! `twovoices rules suggest`: per label, the terms typical of the statements the rules miss and of their
//! false positives, ranked by log-odds with an informative prior; never applied.

mod common;
use common::{stdout, tv};

const OLD: &str = "tests/data/rules-review/old";
const GOLD: &str = "tests/data/rules-review/gold.jsonl";

#[test]
fn table() {
    insta::assert_snapshot!(stdout(&[
        "rules",
        "suggest",
        "--rules",
        OLD,
        GOLD,
        "--min-count",
        "1",
        "--top",
        "3"
    ]));
}

#[test]
fn the_trap_word_tops_the_false_positives() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "rules",
        "suggest",
        "--rules",
        OLD,
        GOLD,
        "--min-count",
        "2",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["gold_statements"], 9);
    let lists = v["lists"].as_array().unwrap();
    let fp = lists
        .iter()
        .find(|l| l["label"] == "security" && l["group"] == "false-positive")
        .unwrap();
    assert_eq!(fp["statements"], 3);
    let top = &fp["candidates"][0];
    assert_eq!(top["term"], "safety");
    assert_eq!(top["known"], true);
    assert_eq!(top["count"], 3);
    assert_eq!(top["versus_count"], 0);
    assert_eq!(top["examples"], serde_json::json!(["g3", "g4", "g5"]));
    // With --min-count 2, a term of the single missed security statement cannot be a candidate.
    let missed = lists
        .iter()
        .find(|l| l["label"] == "security" && l["group"] == "missed")
        .unwrap();
    assert_eq!(missed["candidates"].as_array().unwrap().len(), 0);
}

#[test]
fn statements_without_gold_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain.jsonl");
    std::fs::write(
        &file,
        "{\"id\": \"a\", \"text\": \"Cyber power.\", \"lang\": \"en\"}\n",
    )
    .unwrap();
    tv().args(["rules", "suggest", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no statement has gold labels"));
}
