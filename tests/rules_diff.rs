//! `twovoices rules diff`: a rule edit that fixes one statement and breaks another is reported as one fix
//! and one regression.

mod common;
use common::stdout;

const OLD: &str = "tests/data/rules-review/old";
const NEW: &str = "tests/data/rules-review/new";
const GOLD: &str = "tests/data/rules-review/gold.jsonl";

#[test]
fn an_edit_that_fixes_one_statement_and_breaks_another() {
    let s = stdout(&["rules", "diff", "--old", OLD, "--new", NEW, GOLD]);
    assert!(s.contains("2 of 10 statements changed (0 audience, 2 themes): 1 fixes, 1 regressions, 0 mixed, 0 without gold\n"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn json_verdicts() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "rules", "diff", "--old", OLD, "--new", NEW, GOLD, "--format", "json",
    ]))
    .unwrap();
    let changes: Vec<(&str, &str)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(changes, vec![("g7", "fix"), ("g8", "regression")]);
    let g7 = &v["changes"][0];
    assert_eq!(
        g7["theme_changes"],
        serde_json::json!([{ "theme": "security", "gained": true, "verdict": "fix" }])
    );
    assert_eq!(
        g7["rules_now_firing"],
        serde_json::json!(["theme.security.cyber"])
    );
    assert_eq!(
        (
            v["summary"]["exact_old"].as_u64(),
            v["summary"]["exact_new"].as_u64()
        ),
        (Some(5), Some(5))
    );
}

#[test]
fn same_rules_change_nothing_and_old_defaults_to_builtin() {
    let s = stdout(&["rules", "diff", "--old", OLD, "--new", OLD, GOLD]);
    assert!(s.starts_with("0 of 10 statements changed"), "{s}");
    let s = stdout(&["rules", "diff", "--new", OLD, GOLD]);
    assert!(s.contains("rules added: aud.ext.mfa,"), "{s}");
    let removed = s
        .lines()
        .find(|l| l.starts_with("rules removed: "))
        .unwrap_or_default();
    assert!(removed.contains(" aud.ext.diplomatic-text,"), "{s}");
}

#[test]
fn unlabelled_changes_are_counted_apart() {
    let data = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(data.path(), "{\"id\":\"a\",\"text\":\"Hackers again.\"}\n").unwrap();
    let s = stdout(&[
        "rules",
        "diff",
        "--old",
        OLD,
        "--new",
        NEW,
        data.path().to_str().unwrap(),
    ]);
    assert!(s.contains("1 of 1 statements changed (0 audience, 1 themes): 0 fixes, 0 regressions, 0 mixed, 1 without gold\n"), "{s}");
    assert!(!s.contains("exactly right on gold"));
}

#[test]
fn a_weight_only_edit_names_the_reweighted_rule_in_the_rules_column() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(OLD).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // `theme.security.safety` (weight 1, at the threshold) drops below it: only its weight changes.
        let text = text.replace(
            "why = \"A rule that is too broad: safety is usually not cyber security.\"\nweight = 1\n",
            "why = \"A rule that is too broad: safety is usually not cyber security.\"\nweight = 0.5\n",
        );
        std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    let new = dir.path().to_str().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "rules", "diff", "--old", OLD, "--new", new, GOLD, "--format", "json",
    ]))
    .unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert!(!changes.is_empty(), "the edit changes some statements: {v}");
    for c in changes {
        assert_eq!(c["rules_now_firing"], serde_json::json!([]));
        assert_eq!(
            c["rules_reweighted"],
            serde_json::json!([{ "rule": "theme.security.safety", "old": 1.0, "new": 0.5 }])
        );
    }
    let table = common::tv()
        .env("COLUMNS", "100")
        .args(["rules", "diff", "--old", OLD, "--new", new, GOLD])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    // The id may wrap after its dots in a narrow column; the rule and its weights are on every row.
    assert_eq!(
        table.matches("~theme.security.").count(),
        changes.len(),
        "{table}"
    );
    assert_eq!(table.matches("-> 0.5").count(), changes.len(), "{table}");
}
