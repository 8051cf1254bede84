//! `twovoices rules list` and `rules show`: every rule's label, fields, weight, description and examples.

mod common;
use common::{stdout, tv};

const OLD: &str = "tests/data/rules-review/old";

#[test]
fn list_table() {
    insta::assert_snapshot!(stdout(&["rules", "list", "--rules", OLD]));
}

#[test]
fn list_json_has_every_rule_with_its_documentation() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "rules", "list", "--rules", OLD, "--format", "json",
    ]))
    .unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 6);
    let mfa = &rules[0];
    assert_eq!(mfa["id"], "aud.ext.mfa");
    assert_eq!(mfa["label"], "external");
    assert_eq!(mfa["weight"], 3.0);
    assert_eq!(mfa["fields"], serde_json::json!(["role"]));
    assert_eq!(mfa["why"], "MFA briefings address foreign media.");
    assert_eq!(mfa["fuzzy_threshold"], 0.9);
    assert_eq!(
        mfa["must_match"],
        serde_json::json!(["role: MFA spokesperson"])
    );
    assert_eq!(
        rules[4]["requires"],
        serde_json::json!([["cyber*", "network*", "technolog*", "网络", "科技"]])
    );
}

#[test]
fn builtin_list_names_every_builtin_rule() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&["rules", "list", "--format", "json"])).unwrap();
    let ids: Vec<&str> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"aud.ext.mfa-spokesperson") && ids.contains(&"theme.mcf.fusion"),
        "{ids:?}"
    );
    let table = stdout(&["rules", "list"]);
    assert!(
        table.contains(&format!("\n{} rules\n", ids.len())),
        "{table}"
    );
    // Then the named term lists, each with its number of terms and of users.
    assert!(table.contains("@company"), "{table}");
    assert!(table.ends_with(
        "term lists (rules refer to one as \"@id\"; `rules show @id` shows its terms and users)\n"
    ));
    // The JSON holds the same lists, each the object `rules show @id --format json` prints.
    let lists = v["lists"].as_array().unwrap();
    assert!(
        table.contains(&format!("\n{} term lists (", lists.len())),
        "{table}"
    );
    let company = lists.iter().find(|l| l["id"] == "@company").unwrap();
    let shown: serde_json::Value =
        serde_json::from_str(&stdout(&["rules", "show", "@company", "--format", "json"])).unwrap();
    assert_eq!(company, &shown);
    assert!(
        company["used_by"].as_array().unwrap().len() > 1,
        "{company}"
    );
}

#[test]
fn list_json_of_rules_without_lists_has_an_empty_list_array() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&[
        "rules", "list", "--rules", OLD, "--format", "json",
    ]))
    .unwrap();
    assert_eq!(v["lists"], serde_json::json!([]));
    assert_eq!(v.as_object().unwrap().len(), 2, "{v}");
}

#[test]
fn show_prints_the_whole_rule() {
    insta::assert_snapshot!(stdout(&[
        "rules",
        "show",
        "theme.ambition.power",
        "--rules",
        OLD
    ]));
}

#[test]
fn show_builtin_rule() {
    let s = stdout(&["rules", "show", "aud.ext.mfa-spokesperson"]);
    assert!(
        s.starts_with("aud.ext.mfa-spokesperson\n  A Foreign Ministry spokesperson"),
        "{s}"
    );
    assert!(s.contains("\n  label:     external\n"));
    assert!(s.contains("\n  fields:    role, speaker\n"));
    assert!(s.contains("\n  defined:   <built-in>/audience.toml:"));
    assert!(s.contains("\n  must match:\n    - role: MFA spokesperson\n"));
}

#[test]
fn unknown_id_lists_near_ids() {
    tv().args(["rules", "show", "theme.security.cybr", "--rules", OLD])
        .assert()
        .code(2)
        .stdout("")
        .stderr("twovoices: error: no rule with id `theme.security.cybr`; did you mean: theme.security.cyber, theme.security.safety?\n");
    tv().args(["rules", "show", "zzz", "--rules", OLD])
        .assert()
        .code(2)
        .stderr("twovoices: error: no rule with id `zzz`\n");
}
