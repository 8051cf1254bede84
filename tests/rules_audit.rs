//! `twovoices rules audit`: per rule coverage, overlaps, conflicts and gold precision; never-firing rules;
//! statements no rule covers.

mod common;
use common::stdout;

const OLD: &str = "tests/data/rules-review/old";
const GOLD: &str = "tests/data/rules-review/gold.jsonl";

#[test]
fn table() {
    insta::assert_snapshot!(stdout(&["rules", "audit", "--rules", OLD, GOLD]));
}

#[test]
fn json_counts() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "rules", "audit", "--rules", OLD, GOLD, "--format", "json",
    ]))
    .unwrap();
    assert_eq!(v["summary"]["statements"], 10);
    assert_eq!(v["summary"]["labelled"], 9);
    assert_eq!(v["summary"]["audience_conflicts"], 1);
    let rule = |id: &str| {
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == id)
            .unwrap()
            .clone()
    };
    let mfa = rule("aud.ext.mfa");
    assert_eq!(
        (
            mfa["fires"].as_u64(),
            mfa["overlaps"].as_u64(),
            mfa["conflicts"].as_u64()
        ),
        (Some(4), Some(1), Some(1))
    );
    assert_eq!(
        mfa["conflicts_with"],
        serde_json::json!([{ "rule": "aud.int.our-country", "count": 1 }])
    );
    let ours = rule("aud.int.our-country");
    assert_eq!(
        (ours["gold"]["tp"].as_u64(), ours["gold"]["fp"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(ours["gold"]["precision"], 0.75);
    let safety = rule("theme.security.safety");
    assert_eq!(safety["gold"]["precision"], 0.0);
    assert_eq!(v["never_fired"], serde_json::json!([]));
    let ids = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("no_audience_rule"), vec!["u1"]);
    assert_eq!(ids("no_theme_rule"), vec!["g7", "g8", "g9"]);
}

#[test]
fn never_firing_rules_are_named() {
    let data = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(data.path(), "{\"id\":\"a\",\"text\":\"Nothing to see.\"}\n").unwrap();
    let s = stdout(&[
        "rules",
        "audit",
        "--rules",
        OLD,
        data.path().to_str().unwrap(),
    ]);
    assert!(s.contains("6 rule(s) never fired: aud.ext.mfa, aud.int.meeting, aud.int.our-country, theme.security.cyber, theme.ambition.power, theme.security.safety\n"), "{s}");
    // Without gold labels there are no TP/FP columns.
    assert!(!s.contains("precision"), "{s}");
}
