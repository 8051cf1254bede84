//! `twovoices eval`: the arithmetic, checked by hand on a four-statement file.

mod common;

use common::{stdout_in, tv, ROOT};
use serde_json::Value;

/// `twovoices eval --format json ARGS` from the repository's root (the paths are relative to it).
fn eval_json(args: &[&str]) -> Value {
    let args = [&["eval", "--format", "json"], args].concat();
    serde_json::from_str(&stdout_in(ROOT, &args)).unwrap()
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

/// A statement labelled for its audience only (`"audience_only": true`) is scored for its audience and left
/// out of the theme scores: a1 and a2 are the same statement (the rules give it `ambition`), but only a2's
/// empty theme list is gold, so only a2 is a theme error; a3's wrong audience is still an error.
#[test]
fn audience_only_gold_is_not_scored_for_themes() {
    let m = eval_json(&[
        "tests/data/tiny-eval-audience-only.jsonl",
        "--rules",
        "tests/data/rules-semantics",
    ]);
    assert_eq!(m["n"], 3);
    close(&m["audience"]["accuracy"], 2.0 / 3.0);
    let ids: Vec<&str> = m["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a2", "a3"]);
    // Only a2 is scored for themes: one false ambition, nothing right.
    close(&m["themes"]["per_theme"]["ambition"]["precision"], 0.0);
    close(&m["themes"]["exact_match"], 0.0);
    assert_eq!(m["errors"][1]["gold"]["audience_only"], true);
}

/// Hand-computed: e1 and e2 right; e3 misses `standards`; e4 has the wrong audience (default) and a false
/// `ambition`. See tests/data/tiny-eval.jsonl and the rule set in tests/data/rules-semantics.
#[test]
fn metrics_match_hand_computation() {
    let m = eval_json(&[
        "tests/data/tiny-eval.jsonl",
        "--rules",
        "tests/data/rules-semantics",
    ]);
    assert_eq!(m["n"], 4);
    close(&m["audience"]["accuracy"], 0.75);
    // external: P 1, R 2/3, F1 0.8; internal: P 1/2, R 1, F1 2/3.
    close(&m["audience"]["macro_f1"], (0.8 + 2.0 / 3.0) / 2.0);
    assert_eq!(m["audience"]["confusion"]["external"]["external"], 2);
    assert_eq!(m["audience"]["confusion"]["external"]["internal"], 1);
    assert_eq!(m["audience"]["confusion"]["internal"]["internal"], 1);
    assert_eq!(m["audience"]["confusion"]["internal"]["external"], 0);
    // ambition 2/3, indigenization 1, security 1, standards 0, military-civil-fusion 1 (nothing to find).
    close(
        &m["themes"]["macro_f1"],
        (2.0 / 3.0 + 1.0 + 1.0 + 0.0 + 1.0) / 5.0,
    );
    close(&m["themes"]["micro_f1"], 0.75);
    close(&m["themes"]["exact_match"], 0.5);
    close(&m["themes"]["per_theme"]["ambition"]["precision"], 0.5);
    close(&m["themes"]["per_theme"]["ambition"]["recall"], 1.0);
    assert_eq!(m["themes"]["per_theme"]["standards"]["support"], 1);
    assert_eq!(m["by_lang"]["en"]["n"], 3);
    close(&m["by_lang"]["en"]["audience"]["accuracy"], 1.0);
    close(&m["by_lang"]["zh"]["audience"]["accuracy"], 0.0);
    let ids: Vec<&str> = m["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["e3", "e4"]);
    assert_eq!(m["errors"][1]["predicted"]["audience"], "internal");
    assert_eq!(m["errors"][1]["fired"][0], "t.phrase-word");
}

#[test]
fn table_shows_scores_and_errors() {
    let text = stdout_in(
        ROOT,
        &[
            "eval",
            "tests/data/tiny-eval.jsonl",
            "--rules",
            "tests/data/rules-semantics",
        ],
    );
    assert!(text.contains("0.750"), "{text}");
    assert!(
        text.contains("2 statement(s) with a wrong audience or theme set"),
        "{text}"
    );
}

#[test]
fn eval_without_gold_labels_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("nogold.jsonl");
    std::fs::write(&p, "{\"id\":\"a\",\"text\":\"x\",\"lang\":\"en\"}\n").unwrap();
    tv().args(["eval", p.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("gold labels"));
}

/// The README's results table comes from these runs; the bundled rules must keep the quality bar.
#[test]
fn bundled_rules_meet_the_bar_on_the_fixtures() {
    for file in ["fixtures/brookings-2021.jsonl", "fixtures/dev.jsonl"] {
        let m = eval_json(&[file]);
        assert!(
            m["audience"]["accuracy"].as_f64().unwrap() >= 0.95,
            "{file}: {}",
            m["audience"]
        );
        assert!(
            m["themes"]["macro_f1"].as_f64().unwrap() >= 0.85,
            "{file}: {}",
            m["themes"]["macro_f1"]
        );
    }
}

/// The eval tables (scores, confusion, errors) on the review fixtures with their own small rule set.
#[test]
fn eval_table_snapshot() {
    insta::assert_snapshot!(stdout_in(
        ROOT,
        &[
            "eval",
            "tests/data/rules-review/gold.jsonl",
            "--rules",
            "tests/data/rules-review/old",
        ]
    ));
}
