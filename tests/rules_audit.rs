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
    // The list wraps to the width of the terminal.
    let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("6 rule(s) never fired: aud.ext.mfa, aud.int.meeting, aud.int.our-country, theme.security.cyber, theme.ambition.power, theme.security.safety 1 statement(s)"), "{s}");
    // Without gold labels there are no TP/FP columns.
    assert!(!s.contains("prec "), "{s}");
    assert!(!s.contains(" TP "), "{s}");
}

/// The first column's text on each line of the tables in `text`.
fn first_column(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with('│'))
        .filter_map(|l| l.trim_start_matches('│').split('┆').next())
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn fits_a_100_column_terminal_and_keeps_rule_ids_whole() {
    let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dev.jsonl");
    let out = common::tv()
        .env("COLUMNS", "100")
        .args(["rules", "audit", dev])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "wider than 100: {line}");
    }
    let json = stdout(&["rules", "audit", dev, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids: Vec<&str> = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert!(ids.iter().any(|id| id.len() > 60), "some ids are long");
    // The rule table comes first; a line of an id ends where the id does, or after `.`, `-`, `/`, `_`.
    let table = text.split("\n└").next().unwrap();
    for fragment in first_column(table).iter().skip(1) {
        let whole = ids.iter().any(|id| id.ends_with(fragment.as_str()));
        let at_a_break = fragment.ends_with(['.', '-', '/', '_']);
        assert!(
            whole || at_a_break || fragment.starts_with('('),
            "an id cut inside a word: {fragment:?}"
        );
    }
}
