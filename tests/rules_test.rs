//! `twovoices rules test`: a PASS/FAIL line per rule from its examples and its precision on gold, the closing
//! `N passed, M failed`, and the exit code.

mod common;
use common::tv;

const OLD: &str = "tests/data/rules-review/old";
const GOLD: &str = "tests/data/rules-review/gold.jsonl";

#[test]
fn builtin_rules_pass_on_the_bundled_fixtures() {
    let out = tv().args(["rules", "test"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    let rules: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("PASS  ")).count(),
        rules
    );
}

#[test]
fn a_rule_below_the_precision_floor_fails_and_the_run_exits_1() {
    let out = tv()
        .args(["rules", "test", "--rules", OLD, GOLD])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "twovoices: error: 1 rule(s) failed their tests\n"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.ends_with("\n5 passed, 1 failed\n"));
    insta::assert_snapshot!(stdout);
}

#[test]
fn the_floor_can_be_lowered() {
    tv().args([
        "rules",
        "test",
        "--rules",
        OLD,
        GOLD,
        "--min-precision",
        "0",
    ])
    .assert()
    .success()
    .stdout(predicates::str::ends_with("\n6 passed, 0 failed\n"));
    // Too few firings to judge: the broad rule fired 3 times.
    tv().args(["rules", "test", "--rules", OLD, GOLD, "--min-fired", "4"])
        .assert()
        .success();
}

#[test]
fn failing_examples_are_listed_under_their_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.toml"),
        "[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"cyber security\"]\n\
         must_match = [\"Network security matters.\"]\nmust_not_match = [\"Cyber security matters.\"]\n",
    )
    .unwrap();
    let out = tv()
        .args(["rules", "test", "--rules"])
        .arg(dir.path())
        .arg(GOLD)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "FAIL  r  examples 0/2  gold: fired 1, precision 1.00 (1 right, 0 wrong)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("\n      must_match did not fire: text: Network security matters.\n"));
    assert!(stdout.contains("\n      must_not_match fired: text: Cyber security matters.\n"));
    assert!(stdout.ends_with("\n0 passed, 1 failed\n"));
}

#[test]
fn supporting_theme_rules_are_not_judged_on_precision() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{OLD}/rules.toml")).unwrap();
    // Below the theme threshold, the broad rule only supports other evidence.
    let text = text.replace("summary = \"Safety.\"\nwhy = \"A rule that is too broad: safety is usually not cyber security.\"\nweight = 1", "summary = \"Safety.\"\nweight = 0.5");
    std::fs::write(dir.path().join("rules.toml"), text).unwrap();
    let out = tv()
        .args(["rules", "test", "--rules"])
        .arg(dir.path())
        .arg(GOLD)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("PASS  theme.security.safety  examples 1/1  gold: fired 3, precision 0.00 (0 right, 3 wrong), not judged: supporting rule"), "{stdout}");
}

#[test]
fn json_report() {
    let out = tv()
        .args(["rules", "test", "--rules", OLD, GOLD, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            v["passed"].as_u64(),
            v["failed"].as_u64(),
            v["gold_statements"].as_u64()
        ),
        (Some(5), Some(1), Some(9))
    );
    let safety = &v["rules"][5];
    assert_eq!(safety["rule"], "theme.security.safety");
    assert_eq!(
        (safety["gold"]["tp"].as_u64(), safety["gold"]["fp"].as_u64()),
        (Some(0), Some(3))
    );
    assert_eq!(safety["gold_failed"], true);
}

#[test]
fn files_without_gold_are_a_usage_error() {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), "{\"id\":\"a\",\"text\":\"x\"}\n").unwrap();
    tv().args(["rules", "test"])
        .arg(f.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has gold labels"));
}

#[test]
fn a_precision_floor_outside_0_to_1_is_a_usage_error() {
    for p in ["NaN", "nan", "1.5", "-0.1", "inf", "half"] {
        tv().args(["rules", "test", &format!("--min-precision={p}")])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("expected a number from 0 to 1"));
    }
}

#[test]
fn at_100_columns_every_line_fits_and_each_rule_has_its_line() {
    let out = tv()
        .env("COLUMNS", "100")
        .args(["rules", "test"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    for line in stdout.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 100, "{line}");
    }
    let last = stdout.lines().last().unwrap();
    let rules: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("PASS  ")).count(),
        rules
    );
    // A rule too long for one line carries its gold figures on the next, never a lone word.
    for pair in stdout.lines().collect::<Vec<_>>().windows(2) {
        if pair[0].starts_with("PASS  ") && pair[1].starts_with(' ') {
            assert!(
                pair[1].trim_start().starts_with("gold: "),
                "{}\n{}",
                pair[0],
                pair[1]
            );
        }
    }
}
