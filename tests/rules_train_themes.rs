//! `twovoices rules train-themes` and `rules cv-themes`: the committed theme model is exactly what training
//! on its `trained_on` files gives; the gate adds a theme a weak rule voted for only when a model trained
//! on other files agrees, and `explain` says so with the model's words; a broken model file is refused.

mod common;
use common::{rules_check_refuses, stdout, stdout_in, three_gold_files, trained_on, tv, ROOT};

const MODEL: &str = include_str!("../rules/theme-model.toml");

#[test]
fn retraining_on_the_fixtures_gives_the_committed_model_byte_for_byte() {
    let files = trained_on(MODEL, "theme_model");
    assert!(files.len() >= 10, "trained on the fixtures: {files:?}");
    let mut args = vec!["rules", "train-themes", "--out", "-"];
    args.extend(files.iter().map(String::as_str));
    let retrained = stdout_in(ROOT, &args);
    assert!(
        retrained == MODEL,
        "rules/theme-model.toml is stale: run `twovoices rules train-themes {}`",
        files.join(" ")
    );
}

/// A rule folder with one audience rule and one weak security rule (weight 0.5, threshold 1).
fn weak_rules(dir: &std::path::Path) {
    std::fs::write(
        dir.join("r.toml"),
        "[[rule]]\nid = \"a\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"zzz\"]\n\n\
         [[rule]]\nid = \"weak-firewall\"\nlabel = \"security\"\nsummary = \"s\"\nweight = 0.5\nphrases = [\"firewall\"]\n",
    )
    .unwrap();
}

/// Three files, each with a security statement the weak rule fires on, a trap it also fires on, and an
/// off-topic statement.
fn corpus(dir: &std::path::Path) -> Vec<String> {
    three_gold_files(
        dir,
        &[
            (
                "s",
                "the firewall protects critical information infrastructure from hackers",
                "\"security\"",
            ),
            (
                "t",
                "a firewall of flowers at the garden festival this spring",
                "",
            ),
            (
                "n",
                "the harvest and the garden festival were fine this spring",
                "",
            ),
        ],
    )
}

/// A temporary folder with the weak rules in `rules/` and the three-file corpus beside it (kept while the
/// returned guard lives).
fn weak_setup() -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    weak_rules(&rules);
    let files = corpus(dir.path());
    (dir, rules, files)
}

/// `twovoices rules cv-themes --rules RULES FLAGS… FILES…`, as arguments.
fn cv_themes_args<'a>(
    rules: &'a std::path::Path,
    flags: &[&'a str],
    files: &'a [String],
) -> Vec<&'a str> {
    let mut args = vec!["rules", "cv-themes", "--rules", rules.to_str().unwrap()];
    args.extend_from_slice(flags);
    args.extend(files.iter().map(String::as_str));
    args
}

#[test]
fn cross_validation_adds_only_where_a_weak_rule_fired_and_the_model_agrees() {
    let (_dir, rules, files) = weak_setup();
    let run = |gate: &[&str]| -> serde_json::Value {
        let mut flags = vec!["--format", "json"];
        flags.extend_from_slice(gate);
        serde_json::from_str(&stdout(&cv_themes_args(&rules, &flags, &files))).unwrap()
    };
    let off = run(&[]);
    assert_eq!(off["changes"]["added_right"], 0, "gate off: no move");
    assert_eq!(off["rules"]["macro_f1"], off["with_model"]["macro_f1"]);
    let on = run(&["--weak-margin", "1"]);
    assert_eq!(on["folds"].as_array().unwrap().len(), 3);
    // Each held-out security statement is added by a model that never saw it; the traps stay traps.
    assert_eq!(on["changes"]["added_right"], 3, "{on}");
    assert_eq!(on["changes"]["added_wrong"], 0, "{on}");
    assert_eq!(on["with_model"]["traps"], 6);
    assert_eq!(on["with_model"]["traps_kept"], 6);
    assert!(
        on["with_model"]["per_theme"]["security"]["f1"]
            .as_f64()
            .unwrap()
            > on["rules"]["per_theme"]["security"]["f1"].as_f64().unwrap()
    );
    // A margin too large for these few words moves nothing.
    let strict = run(&["--weak-margin", "500"]);
    assert_eq!(strict["changes"]["added_right"], 0);
    // The table names both figures.
    let table = stdout(&cv_themes_args(&rules, &["--weak-margin", "1"], &files));
    assert!(table.contains("rules + model"), "{table}");
    assert!(table.contains("weak ≥ 1"), "{table}");
}

#[test]
fn held_out_files_are_scored_by_one_model_trained_on_every_training_file() {
    let (_dir, rules, files) = weak_setup();
    let run = |training: &[String], held_out: &str| {
        let mut args = cv_themes_args(
            &rules,
            &["--weak-margin", "1", "--format", "json"],
            training,
        );
        args.extend(["--held-out", held_out]);
        tv().args(&args).output().unwrap()
    };
    let out = run(&files[..2], &files[2]);
    assert!(out.status.success(), "{out:?}");
    let cv: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cv["held_out"], true);
    // One fold, the held-out file; the training files are not scored.
    assert_eq!(cv["folds"].as_array().unwrap().len(), 1, "{cv}");
    assert_eq!(cv["folds"][0]["file"], files[2].as_str());
    assert_eq!(cv["rules"]["n"], 3);
    assert_eq!(cv["changes"]["added_right"], 1, "{cv}");
    assert_eq!(cv["changes"]["added_wrong"], 0, "{cv}");
    // A file the model was trained on is no held-out file.
    let both = run(&files[..2], &files[1]);
    assert_eq!(both.status.code(), Some(2));
    let err = String::from_utf8_lossy(&both.stderr);
    assert!(
        err.contains("both a training file and a --held-out file"),
        "{err}"
    );
}

#[test]
fn explain_names_the_model_and_its_words_when_it_added_a_theme() {
    let (_dir, rules, files) = weak_setup();
    let model = rules.join("theme-model.toml");
    let mut args = vec![
        "rules",
        "train-themes",
        "--weak-margin",
        "1",
        "--out",
        model.to_str().unwrap(),
    ];
    args.extend(files.iter().map(String::as_str));
    let wrote = stdout(&args);
    assert!(
        wrote.contains("gate weak ≥ 1, bare off, remove off"),
        "{wrote}"
    );
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(text.contains("weak_margin = 1.0\n"), "{text}");
    assert!(text.contains("\"firewall\" = [6, 0, 0, 3, 0, 0]"), "{text}");
    let explain = |t: &str| stdout(&["explain", "--rules", rules.to_str().unwrap(), "--text", t]);
    let out = explain("A firewall protects critical information infrastructure.");
    assert!(out.contains("security"), "{out}");
    assert!(out.contains("assigned by the word model"), "{out}");
    assert!(out.contains("top words"), "{out}");
    assert!(out.contains("infrastructure"), "{out}");
    // The trap's words lean away from security: the weak rule alone stays below the threshold.
    let trap = explain("A firewall of flowers at the garden festival.");
    assert!(trap.contains("not assigned"), "{trap}");
    assert!(!trap.contains("word model score"), "{trap}");
    // classify's JSON lists the model's move: the theme's basis is the model, with its score.
    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "classify",
        "--rules",
        rules.to_str().unwrap(),
        "--format",
        "json",
        &files[0],
    ]))
    .unwrap();
    let s0 = &json[0]["classification"];
    assert_eq!(s0["themes"], serde_json::json!(["security"]), "{s0}");
    assert_eq!(s0["theme_model"][0]["change"], "added", "{s0}");
    assert!(s0["theme_model"][0]["score"].as_f64().unwrap() >= 1.0);
    assert!(json[1]["classification"].get("theme_model").is_none());
}

#[test]
fn an_inconsistent_theme_model_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    weak_rules(dir.path());
    std::fs::write(
        dir.path().join("m.toml"),
        "[theme_model]\ntrained_on = []\nsmoothing = 1.0\nmin_count = 2\nweak_margin = -3.0\n\
         [theme_model.en]\nstatements = [4, 1, 0, 0, 0, 0]\n[theme_model.en.counts]\n\"firewall\" = [2, 0, 0, 3, 0, 0]\n\
         [theme_model.zh]\nstatements = [0, 0, 0, 0, 0, 0]\n[theme_model.zh.counts]\n\"The\" = [2, 0, 0, 0, 0, 0]\n",
    )
    .unwrap();
    let err = rules_check_refuses(dir.path());
    assert!(err.contains("m.toml:5:15: margin -3"), "{err}");
    assert!(
        err.contains("m.toml:9:14: counts of feature `firewall`"),
        "{err}"
    );
    assert!(err.contains("m.toml:13:1: feature `The`"), "{err}");
}
