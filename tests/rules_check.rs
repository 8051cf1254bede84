//! `twovoices rules check`: every kind of rule problem is reported with its message, line and column, all
//! at once, with exit code 78; other commands refuse broken rules with the same messages.

mod common;
use common::{rules_check_refuses, tv};

/// A rules folder holding the given files.
fn rules_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Runs `rules check --rules DIR` to the end, whatever it prints.
fn check_output(dir: &std::path::Path) -> std::process::Output {
    tv().args(["rules", "check", "--rules"])
        .arg(dir)
        .output()
        .unwrap()
}

/// Runs `rules check` on one file `a.toml`; returns stderr after asserting exit code 78 and empty stdout.
fn check_fails(toml: &str) -> String {
    let dir = rules_dir(&[("a.toml", toml)]);
    rules_check_refuses(dir.path())
}

/// Asserts that stderr reports a problem at `a.toml:line:col` whose message contains `message`.
fn assert_problem(stderr: &str, line: usize, col: usize, message: &str) {
    let at = format!("a.toml:{line}:{col}: ");
    let found = stderr
        .lines()
        .any(|l| l.contains(&at) && l.contains(message));
    assert!(
        found,
        "no problem at {at} containing {message:?} in:\n{stderr}"
    );
}

const GOOD: &str = r#"[[rule]]
id = "good"
label = "security"
summary = "s"
phrases = ["cyber security"]
must_match = ["Cyber security matters."]
"#;

#[test]
fn clean_rules_exit_zero_and_say_so() {
    let dir = rules_dir(&[("a.toml", GOOD)]);
    tv().args(["rules", "check", "--rules"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "ok: 1 rules, 1 examples, no problems in ",
        ));
}

/// A term beginning with punctuation cannot go into the term index, so every statement would be matched by
/// the slower automaton: the check still passes, and says so on stderr, naming the term and its rule.
#[test]
fn a_term_the_index_cannot_hold_is_named_and_the_check_passes() {
    let with = GOOD.replace(
        r#"phrases = ["cyber security"]"#,
        r#"phrases = ["cyber security", "(cyber"]"#,
    );
    let dir = rules_dir(&[("a.toml", with.as_str())]);
    let out = check_output(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("slower automaton") && stderr.contains(r#""(cyber" (good)"#),
        "{stderr}"
    );
    // Without it, not a word on stderr.
    let dir = rules_dir(&[("a.toml", GOOD)]);
    let out = check_output(dir.path());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn builtin_rules_are_clean() {
    let out = common::succeeds(tv().args(["rules", "check"]).env("COLUMNS", "100"));
    assert!(out.contains("no problems"), "{out}");
    // The list of files wraps to the terminal, each name whole.
    common::assert_fits(&out, 100, "rules check");
    assert!(out.contains("<built-in>/themes.toml"), "{out}");
}

#[test]
fn unknown_key_is_located_and_a_fix_suggested() {
    let e = check_fails("[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"x\"]\nexlude = [\"y\"]\n");
    assert_problem(&e, 6, 1, "rule `r`: unknown field `exlude`");
    assert_problem(&e, 6, 1, "did you mean `excludes`?");
    assert!(
        e.contains("    | exlude = [\"y\"]\n    | ^"),
        "snippet and caret:\n{e}"
    );
}

#[test]
fn every_schema_error_of_a_file_is_reported_at_once() {
    let e = check_fails(
        "[[rule]]\nid = \"one\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"x\"]\nexlude = [\"y\"]\n\n\
         [[rule]]\nid = \"two\"\nlabel = \"security\"\nsummary = \"s\"\nweight = \"heavy\"\nphrases = [\"z\"]\n",
    );
    assert_problem(&e, 6, 1, "unknown field `exlude`");
    assert_problem(
        &e,
        12,
        10,
        "rule `two`: invalid type: string \"heavy\", expected f32",
    );
    assert_eq!(e.matches("a.toml:").count(), 2, "each problem once:\n{e}");
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let dir = rules_dir(&[
        ("a.toml", "[[rule]]\nid = \"r\"\nlabel = \"securty\"\nsummary = \"s\"\nphrases = [\"x\"]\n"),
        ("b.toml", "[[rule]]\nid = \"q\"\nlabel = \"security\"\nsummary = \"s\"\nweight = 11\nphrases = [\"x\"]\n"),
    ]);
    let e = rules_check_refuses(dir.path());
    assert!(
        e.contains("a.toml:3:9: rule `r`: unknown label `securty`"),
        "{e}"
    );
    assert!(
        e.contains("b.toml:5:10: rule `q`: weight 11 is out of range"),
        "{e}"
    );
}

/// A model table may be set in one file only: the second is reported where it starts, naming the first.
#[test]
fn a_model_table_set_in_two_files_points_at_the_second_and_names_the_first() {
    let model = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/audience-model.toml"),
    )
    .unwrap();
    let dir = rules_dir(&[("m1.toml", &model), ("m2.toml", &model)]);
    let e = rules_check_refuses(dir.path());
    let line = e
        .lines()
        .find(|l| l.contains("[audience_model] is set again"))
        .unwrap_or_else(|| panic!("{e}"));
    let table_line = model.lines().position(|l| l == "[audience_model]").unwrap() + 1;
    assert!(
        line.contains(&format!("m2.toml:{table_line}:1: ")),
        "{line}"
    );
    assert!(
        line.contains("(already set in ") && line.ends_with("m1.toml)"),
        "{line}"
    );
}

#[test]
fn toml_syntax_error() {
    let e = check_fails("[[rule]]\nid = \"r\"\nlabel = security\n");
    assert_problem(&e, 3, 9, "");
    assert!(e.contains("| label = security"), "{e}");
}

#[test]
fn invalid_regex() {
    let e = check_fails(
        "[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nregex = [\"cyber(\"]\n",
    );
    assert_problem(
        &e,
        5,
        10,
        "rule `r`: invalid regular expression: regex parse error",
    );
}

#[test]
fn duplicate_rule_id_points_at_the_second_and_names_the_first() {
    let e = check_fails(&format!("{GOOD}\n{GOOD}"));
    assert_problem(
        &e,
        9,
        6,
        "rule `good`: duplicate rule id (first defined at ",
    );
    assert!(e.contains("a.toml:1)"), "{e}");
}

#[test]
fn unknown_label_lists_the_labels() {
    let e = check_fails(
        "[[rule]]\nid = \"r\"\nlabel = \"cyber\"\nsummary = \"s\"\nphrases = [\"x\"]\n",
    );
    assert_problem(&e, 3, 9, "unknown label `cyber`, expected an audience (external, internal) or a theme (ambition, indigenization, security, standards, military-civil-fusion)");
}

#[test]
fn unknown_audience_default_and_bad_threshold() {
    let e = check_fails(&format!(
        "[audience]\ndefault = \"domestic\"\n\n[themes]\nthreshold = 0\n\n{GOOD}"
    ));
    assert_problem(
        &e,
        2,
        11,
        "unknown audience `domestic`, expected `external` or `internal`",
    );
    assert_problem(&e, 5, 13, "theme threshold 0 is out of range");
}

#[test]
fn unknown_field_names() {
    let e = check_fails("[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nfields = [\"rol\"]\nphrases = [\"x\"]\nmust_match = [{ venu = \"x\" }]\n");
    assert_problem(
        &e,
        5,
        10,
        "unknown field `rol`, expected one of text, speaker, role, venue, source",
    );
    assert_problem(&e, 7, 15, "unknown example field `venu`");
}

#[test]
fn weight_out_of_range_or_zero() {
    let e = check_fails("[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nweight = -12.5\nphrases = [\"x\"]\n");
    assert_problem(
        &e,
        5,
        10,
        "weight -12.5 is out of range, expected a non-zero number from -10 to 10",
    );
    let e = check_fails("[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nweight = 0\nphrases = [\"x\"]\n");
    assert_problem(&e, 5, 10, "weight 0 is out of range");
}

#[test]
fn rule_without_terms_can_never_fire() {
    let e = check_fails("[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\n");
    assert_problem(
        &e,
        2,
        6,
        "the rule has no `phrases`, `regex` or `fuzzy` terms, so it can never fire",
    );
}

#[test]
fn every_phrase_excluded_can_never_fire() {
    let e = check_fails(
        "[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"food security\", \"food safety\"]\nexcludes = [\"food\"]\n",
    );
    assert_problem(
        &e,
        5,
        12,
        "phrase `food security` always contains the rule's own `excludes` term `food`",
    );
    assert_problem(&e, 5, 29, "phrase `food safety` always contains");
    assert_problem(
        &e,
        2,
        6,
        "every phrase contains one of the rule's own `excludes` terms, so the rule can never fire",
    );
}

#[test]
fn an_exclude_inside_a_word_or_in_another_field_does_not_kill_a_phrase() {
    // `art` does not match inside `party` (whole words), and `party` is only excluded in the venue.
    let ok = "[[rule]]\nid = \"r\"\nlabel = \"internal\"\nsummary = \"s\"\nfields = [\"role\", \"venue\"]\nphrases = [\"party\"]\n\
              excludes = [\"art\", \"party\"]\nexcludes_in = [\"venue\"]\n";
    let dir = rules_dir(&[("a.toml", ok)]);
    tv().args(["rules", "check", "--rules"])
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn regex_that_matches_everything_or_nothing() {
    let e = check_fails("[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nregex = [\"(cyber)?\", \"Cyber-Security\"]\n");
    assert_problem(
        &e,
        5,
        10,
        "regex `(cyber)?` matches the empty string, so the rule fires on every statement",
    );
    assert_problem(
        &e,
        5,
        22,
        "regex `Cyber-Security` requires `C`, `-`, `S`, which never occur in normalised text",
    );
}

#[test]
fn empty_fields_and_empty_requires_group() {
    let e = check_fails("[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nfields = []\nphrases = [\"x\"]\nrequires = [[\"a\"], []]\n");
    assert_problem(&e, 5, 10, "`fields` is empty, so the rule can never fire");
    assert_problem(
        &e,
        7,
        12,
        "a `requires` group is empty, so the rule can never fire",
    );
}

#[test]
fn within_across_fields_can_never_fire() {
    let e = check_fails(
        "[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nfields = [\"role\"]\nphrases = [\"spokesperson\"]\n\
         requires = [\"u.s.\"]\nrequires_in = [\"text\"]\nwithin = 20\n",
    );
    assert_problem(
        &e,
        9,
        10,
        "`requires_in` shares no field with `fields`, so the rule can never fire",
    );
}

#[test]
fn other_commands_refuse_broken_rules_with_the_same_messages() {
    let broken = "[[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"x\"]\nexlude = [\"y\"]\n";
    let dir = rules_dir(&[("a.toml", broken)]);
    let check = check_output(dir.path());
    let data = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(data.path(), "{\"id\":\"a\",\"text\":\"x\"}\n").unwrap();
    let file = data.path().to_str().unwrap();
    for args in [
        vec!["rules", "list"],
        vec!["rules", "test"],
        vec!["rules", "show", "r"],
        vec!["rules", "audit", file],
        vec!["classify", file],
        vec!["explain", "--text", "x"],
    ] {
        let out = tv()
            .args(&args)
            .arg("--rules")
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(78), "{args:?}");
        assert_eq!(out.stderr, check.stderr, "{args:?}");
        assert!(
            out.stdout.is_empty(),
            "{args:?} printed output from broken rules"
        );
    }
    let out = tv()
        .args(["rules", "diff", "--new"])
        .arg(dir.path())
        .arg(file)
        .output()
        .unwrap();
    assert_eq!((out.status.code(), out.stderr), (Some(78), check.stderr));
}

/// The problems `rules check` reports, one per `a.toml:` line, as `line:col`.
fn places(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.split_once("a.toml:"))
        .map(|(_, rest)| {
            let mut parts = rest.splitn(3, ':');
            format!("{}:{}", parts.next().unwrap(), parts.next().unwrap())
        })
        .collect()
}

#[test]
fn six_planted_problems_in_rules_are_six_reported_even_after_an_unknown_key_and_a_wrong_type() {
    let e = check_fails(
        "[[rule]]\nid = \"one\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"x\"]\nexlude = [\"y\"]\n\n\
         [[rule]]\nid = \"two\"\nlabel = \"security\"\nsummary = \"s\"\nweight = \"heavy\"\nphrases = [\"z\"]\n\n\
         [[rule]]\nid = \"three\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"w\"]\n\n\
         [[rule]]\nid = \"three\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"v\"]\n\n\
         [[rule]]\nid = \"four\"\nlabel = \"securty\"\nsummary = \"s\"\nphrases = [\"u\"]\n\n\
         [[rule]]\nid = \"five\"\nlabel = \"security\"\nsummary = \"s\"\nweight = 11\nphrases = [\"t\"]\n\n\
         [[rule]]\nid = \"six\"\nlabel = \"security\"\nsummary = \"s\"\nregex = [\"cyber(\"]\n",
    );
    assert_problem(&e, 6, 1, "rule `one`: unknown field `exlude`");
    assert_problem(&e, 12, 10, "rule `two`: invalid type: string \"heavy\"");
    assert_problem(&e, 22, 6, "rule `three`: duplicate rule id");
    assert_problem(&e, 29, 9, "rule `four`: unknown label `securty`");
    assert_problem(&e, 37, 10, "rule `five`: weight 11 is out of range");
    assert_problem(&e, 44, 10, "rule `six`: invalid regular expression");
    assert_eq!(places(&e).len(), 6, "each problem once:\n{e}");
}

#[test]
fn six_planted_problems_in_frames_are_six_reported() {
    let frame = |id: &str, extra: &str, stance_extra: &str| {
        format!(
            "[[frame]]\nid = \"{id}\"\nsummary = \"s\"\nthemes = [\"security\"]\n{extra}\n\
             [frame.external]\nphrases = [\"open {id}\"]\n{stance_extra}\n\
             [frame.internal]\nphrases = [\"closed {id}\"]\n\n"
        )
    };
    let text = [
        frame("a", "", "exlude = [\"y\"]\n"), // unknown key in a stance: line 8
        frame("b", "weight = \"high\"\n", ""), // wrong type: line 17
        frame("c", "", ""),
        frame("c", "", ""),                                // duplicate id: line 37
        frame("d", "weight = 2.0\n", ""),                  // out of range: line 51
        frame("e", "", "regex = [\"open(\"]\n"),           // bad regex: line 66
        frame("f", "", "").replace("security", "farming"), // unknown theme: line 74
    ]
    .concat();
    let e = check_fails(&text);
    assert_problem(&e, 8, 1, "unknown field `exlude`");
    assert_problem(&e, 17, 10, "invalid type: string \"high\"");
    assert_problem(&e, 37, 6, "rule `c`: duplicate id");
    assert_problem(&e, 51, 10, "frame weight 2 is out of range");
    assert_problem(&e, 66, 10, "invalid regular expression");
    assert_problem(&e, 74, 10, "unknown theme `farming`");
    assert_eq!(places(&e).len(), 6, "each problem once:\n{e}");
}

#[test]
fn six_planted_problems_in_concepts_are_six_reported() {
    let e = check_fails(
        "[[concept]]\nid = \"a\"\nen = [\"alpha\"]\nexlude = [\"y\"]\n\n\
         [[concept]]\nid = \"b\"\nen = \"beta\"\n\n\
         [[concept]]\nid = \"c\"\nen = [\"gamma\"]\n\n\
         [[concept]]\nid = \"c\"\nen = [\"delta\"]\n\n\
         [[concept]]\nid = \"d\"\n\n\
         [[concept]]\nid = \"e\"\nen = [\"epsilon\"]\nwithin = -3\n\n\
         [[concept]]\nid = \"f\"\nen = [\"phi\"]\nrequires = [[\"a\"], []]\n\n\
         [[rule]]\nid = \"r\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"x\"]\n",
    );
    assert_problem(&e, 4, 1, "unknown field `exlude`");
    assert_problem(&e, 8, 6, "invalid type: string \"beta\"");
    assert_problem(&e, 15, 6, "duplicate concept id");
    assert_problem(&e, 19, 6, "a concept needs at least one form");
    assert_problem(&e, 24, 10, "invalid value: integer `-3`");
    assert_problem(&e, 29, 12, "a `requires` group is empty");
    assert_eq!(places(&e).len(), 6, "each problem once:\n{e}");
}

#[test]
fn a_rule_file_that_is_not_utf8_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = GOOD.as_bytes().to_vec();
    // `summary = "s"` becomes `summary = "s\xff"` on line 4, column 13.
    let at = GOOD.find("\"s\"").unwrap() + 2;
    bytes.insert(at, 0xff);
    std::fs::write(dir.path().join("a.toml"), bytes).unwrap();
    std::fs::write(dir.path().join("b.toml"), GOOD.replace("good", "other")).unwrap();
    let e = rules_check_refuses(dir.path());
    assert_problem(&e, 4, 13, "not valid UTF-8");
    assert!(
        e.contains(&format!("byte {at}")),
        "the byte offset is given: {e}"
    );
}

#[test]
fn a_star_inside_a_term_is_reported_as_no_wildcard() {
    // Normalising drops the `*`, so `benefit* the world` silently matched only `benefit the world`.
    let text = "[[frame]]\nid = \"f\"\nsummary = \"s\"\nthemes = [\"ambition\"]\n\
                [frame.external]\nphrases = [\"benefit* the world\", \"win win\"]\n\
                [frame.internal]\nphrases = [\"overtak*\"]\n";
    let e = check_fails(text);
    assert_problem(
        &e,
        6,
        12,
        "`*` inside the phrase term `benefit* the world` is not a wildcard",
    );
    assert_eq!(places(&e).len(), 1, "only the inner star:\n{e}");
}

/// A rule that names a term list, and the list, in two files (the list read after the rule).
const LIST_RULE: &str = r#"[[rule]]
id = "firms-banned"
label = "indigenization"
summary = "A ban on firms."
phrases = ["ban*"]
requires = ["@company"]
must_match = ["They banned two tech firms."]
must_not_match = ["They firmly banned it."]
"#;

const LIST: &str = r#"[[list]]
id = "company"
summary = "A company or firm named as a noun."
terms = ["compan*", "firms", "the firm"]
must_match = ["The firm appealed."]
must_not_match = ["China firmly opposes it."]
"#;

#[test]
fn a_rule_fires_through_a_named_list_and_explain_names_the_list() {
    let dir = rules_dir(&[("a.toml", LIST_RULE), ("z-lists.toml", LIST)]);
    let d = dir.path().to_str().unwrap();
    let out = common::succeeds(tv().args(["rules", "check", "--rules", d]));
    assert!(out.contains("1 term lists (2 examples)"), "{out}");
    let out = common::succeeds(tv().args(["rules", "test", "--rules", d]));
    assert!(out.contains("PASS  @company"), "{out}");
    assert!(out.contains("PASS  firms-banned"), "{out}");
    let s = common::stdout(&[
        "explain",
        "--text",
        "Washington banned the companies last year.",
        "--rules",
        d,
    ]);
    assert!(s.contains("firms-banned -> indigenization"), "{s}");
    assert!(
        s.contains("text: \"companies\" (phrase `compan*` of list `@company`)"),
        "{s}"
    );
    // "firmly" is no firm: the rule does not fire.
    let s = common::stdout(&["explain", "--text", "They firmly banned it.", "--rules", d]);
    assert!(s.contains("Rules that fired (0)"), "{s}");
    assert!(
        s.contains("not fired: needs one of `requires` group 1 in text, found none: `@company`"),
        "{s}"
    );
    // `rules show` prints the list by its name, and the list with its users.
    let s = common::stdout(&["rules", "show", "firms-banned", "--rules", d]);
    assert!(
        s.contains("requires:  group 1 (one of, in text): \"@company\""),
        "{s}"
    );
    let s = common::stdout(&["rules", "show", "@company", "--rules", d]);
    assert!(
        s.contains("terms:     \"compan*\", \"firms\", \"the firm\""),
        "{s}"
    );
    assert!(s.contains("users:     firms-banned (1)"), "{s}");
}

#[test]
fn an_unknown_or_unused_list_is_refused_at_its_place() {
    let dir = rules_dir(&[
        ("a.toml", &LIST_RULE.replace("@company", "@compnay")),
        ("z-lists.toml", LIST),
    ]);
    let e = rules_check_refuses(dir.path());
    assert_problem(
        &e,
        6,
        12,
        "unknown term list `@compnay`; did you mean `@company`?",
    );
    assert!(!e.contains("group is empty"), "{e}");
    assert!(
        e.contains("z-lists.toml:2:6: list `@company`: term list `@company` is never used"),
        "{e}"
    );
    // A failing list example fails `rules test`.
    let dir = rules_dir(&[
        ("a.toml", LIST_RULE),
        (
            "z-lists.toml",
            &LIST.replace("The firm appealed.", "They appealed."),
        ),
    ]);
    let d = dir.path().to_str().unwrap();
    tv().args(["rules", "test", "--rules", d])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("FAIL  @company"));
}
