//! `twovoices rules train-audience` and `rules cv-audience`: the committed word model is exactly what
//! training on its `trained_on` files gives; a broken model file is refused like any rule file; the
//! cross-validation scores each file with a model that never saw it.

mod common;
use common::{rules_check_refuses, stdout, stdout_in, trained_on, tv, ROOT};

const MODEL: &str = include_str!("../rules/audience-model.toml");

#[test]
fn retraining_on_the_fixtures_gives_the_committed_model_byte_for_byte() {
    let files = trained_on(MODEL, "audience_model");
    assert!(
        files.len() >= 10,
        "the model is trained on the fixtures: {files:?}"
    );
    let settings = settings_args(MODEL);
    let mut args = vec!["rules", "train-audience", "--out", "-"];
    args.extend(settings.iter().map(String::as_str));
    args.extend(files.iter().map(String::as_str));
    let retrained = stdout_in(ROOT, &args);
    assert!(
        retrained == MODEL,
        "rules/audience-model.toml is stale: run `twovoices rules train-audience {} {}`",
        settings.join(" "),
        files.join(" ")
    );
}

/// The `train-audience` options that give a model file's settings: margin, smoothing, min_count and, when
/// the file names levels the model may overrule, `--outrank` and `--outrank-margin` (the retrain must keep
/// the gate the file was written with, not fall back to the defaults).
fn settings_args(model: &str) -> Vec<String> {
    let doc: toml::Table = toml::from_str(model).unwrap();
    let m = &doc["audience_model"];
    let num = |k: &str| {
        let v = &m[k];
        v.as_float()
            .map(|f| format!("{f:?}"))
            .or_else(|| v.as_integer().map(|i| i.to_string()))
            .unwrap()
    };
    let mut args = vec![
        "--margin".to_string(),
        num("margin"),
        "--smoothing".to_string(),
        num("smoothing"),
        "--min-count".to_string(),
        num("min_count"),
    ];
    if let Some(levels) = m.get("outranks").and_then(|v| v.as_array()) {
        let levels: Vec<&str> = levels.iter().map(|l| l.as_str().unwrap()).collect();
        args.extend([
            "--outrank".to_string(),
            levels.join(","),
            "--outrank-margin".to_string(),
            num("outrank_margin"),
        ]);
    }
    args
}

#[test]
fn the_retrain_keeps_a_models_outrank_gate() {
    // A model written with a gate over the register level at 8 nats: retraining it with only its files
    // drops the gate; with the options `settings_args` reads from the file, the bytes come back.
    let dir = tempfile::tempdir().unwrap();
    let files = common::three_gold_files(
        dir.path(),
        &[(
            "a",
            "The Chinese side stands ready to work with all countries.",
            "",
        )],
    );
    let train = |extra: &[&str]| {
        let mut args = vec!["rules", "train-audience", "--out", "-"];
        args.extend_from_slice(extra);
        args.extend(files.iter().map(String::as_str));
        stdout(&args)
    };
    let gated = train(&["--outrank", "register", "--outrank-margin", "8"]);
    assert!(
        gated.contains("outranks = [\"register\"]\noutrank_margin = 8.0"),
        "{gated}"
    );
    assert_ne!(train(&[]), gated, "without the options the gate is lost");
    let settings = settings_args(&gated);
    let settings: Vec<&str> = settings.iter().map(String::as_str).collect();
    assert_eq!(
        settings,
        [
            "--margin",
            "2.0",
            "--smoothing",
            "1.0",
            "--min-count",
            "2",
            "--outrank",
            "register",
            "--outrank-margin",
            "8.0"
        ]
    );
    assert_eq!(train(&settings), gated);
}

#[test]
fn explain_shows_the_model_deciding_a_text_with_no_rule_evidence() {
    let out = stdout(&[
        "explain",
        "--text",
        "The plenum's spirit must be studied by every Party branch, and the tasks deployed.",
    ]);
    assert!(out.contains("by the word model"), "{out}");
    assert!(out.contains("decided internal"), "{out}");
    assert!(out.contains("top words"), "{out}");
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A rule folder with one audience rule and the model file `model`.
fn one_rule_with_model(model: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "r.toml",
        "[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"x\"]\n",
    );
    write(dir.path(), "m.toml", model);
    dir
}

#[test]
fn a_hand_edited_feature_that_can_never_match_is_refused_with_its_line() {
    let dir = one_rule_with_model(
        "[audience_model]\ntrained_on = []\nsmoothing = 1.0\nmin_count = 2\nmargin = 2.0\n\
         [audience_model.en]\nstatements = [1, 1]\n[audience_model.en.counts]\n\"The\" = [2, 0]\n\
         [audience_model.zh]\nstatements = [0, 0]\n[audience_model.zh.counts]\n\"网\" = [0, 3]\n",
    );
    let err = rules_check_refuses(dir.path());
    assert!(err.contains("m.toml:9:1: feature `The`"), "{err}");
    assert!(err.contains("m.toml:13:1: feature `网`"), "{err}");
}

#[test]
fn cross_validation_reports_every_file_and_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let line = |id: &str, text: &str, aud: &str| {
        format!("{{\"id\":\"{id}\",\"text\":\"{text}\",\"lang\":\"en\",\"gold\":{{\"audience\":\"{aud}\",\"themes\":[]}}}}\n")
    };
    let mut paths = Vec::new();
    for k in 0..3 {
        let p = dir.path().join(format!("f{k}.jsonl"));
        let text = line(&format!("e{k}"), "sanctions harm fair trade", "external")
            + &line(&format!("i{k}"), "cadres study the plenum", "internal");
        std::fs::write(&p, text).unwrap();
        paths.push(p.display().to_string());
    }
    let mut args = vec!["rules", "cv-audience", "--margin", "1", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let v: serde_json::Value = serde_json::from_str(&stdout(&args)).unwrap();
    assert_eq!(v["folds"].as_array().unwrap().len(), 3);
    assert_eq!(v["total"]["rules"]["n"], 6);
    // The built-in rules leave these texts to the default; a model trained on the other two files gets the
    // external ones right too.
    assert_eq!(v["total"]["with_model"]["right"], 6);
    assert!(v["total"]["model_decided"].as_u64().unwrap() >= 3);

    // The table at 100 columns: every line fits and the file paths stay whole.
    let table = common::succeeds(tv().env("COLUMNS", "100").args(&args[..4]).args(&paths));
    common::assert_fits(&table, 100, "rules cv-audience");
    for p in &paths {
        assert!(table.contains(p.as_str()), "{p}:\n{table}");
    }
    assert!(table.contains("→ 6 of 6"), "{table}");
}

#[test]
fn leave_one_set_out_scores_only_the_rotated_files_and_refuses_one_given_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let line = |id: &str, text: &str, aud: &str| {
        format!("{{\"id\":\"{id}\",\"text\":\"{text}\",\"lang\":\"en\",\"gold\":{{\"audience\":\"{aud}\",\"themes\":[]}}}}\n")
    };
    let file = |name: &str, n: usize| {
        let p = dir.path().join(name);
        let mut text = String::new();
        for k in 0..n {
            text += &line(
                &format!("{name}-e{k}"),
                "sanctions harm fair trade",
                "external",
            );
            text += &line(
                &format!("{name}-i{k}"),
                "cadres study the plenum",
                "internal",
            );
        }
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let (train_a, train_b) = (file("train-a.jsonl", 1), file("train-b.jsonl", 1));
    let (x, y) = (file("x.jsonl", 2), file("y.jsonl", 3));
    let args = [
        "rules",
        "cv-audience",
        "--margin",
        "1",
        "--format",
        "json",
        &train_a,
        &train_b,
        "--rotate",
        &x,
        &y,
    ];
    let v: serde_json::Value = serde_json::from_str(&stdout(&args)).unwrap();
    assert_eq!(v["rotated"], true);
    assert_eq!(v["held_out"], false);
    let folds = v["folds"].as_array().unwrap();
    let names: Vec<&str> = folds.iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [x.as_str(), y.as_str()],
        "the training files are never scored"
    );
    // x (4 statements) and y (6): the rules leave them to the default (internal); each model, trained on
    // the two training files and the other rotated set, gets the external half right too.
    assert_eq!(v["total"]["rules"]["n"], 10);
    assert_eq!(v["total"]["rules"]["right"], 5);
    assert_eq!(v["total"]["with_model"]["right"], 10);
    let table = common::succeeds(tv().env("COLUMNS", "100").args(&args[..4]).args(&args[6..]));
    assert!(table.contains("leave one set out"), "{table}");

    let out = tv()
        .args([
            "rules",
            "cv-audience",
            &train_a,
            &train_b,
            "--rotate",
            &x,
            &train_a,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("both a training file and a --rotate file")
    );
}

#[test]
fn a_model_with_an_outrank_gate_overrules_only_the_levels_it_names_and_explain_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let line = |id: &str, text: &str, aud: &str| {
        format!("{{\"id\":\"{id}\",\"text\":\"{text}\",\"lang\":\"en\",\"gold\":{{\"audience\":\"{aud}\",\"themes\":[]}}}}\n")
    };
    let train = dir.path().join("train.jsonl");
    let mut text = String::new();
    for k in 0..4 {
        text += &line(&format!("e{k}"), "sanctions harm fair trade", "external");
        text += &line(&format!("i{k}"), "cadres study the plenum", "internal");
    }
    std::fs::write(&train, text).unwrap();
    // A register rule (text alone) votes internal on "we must".
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    write(
        &rules,
        "r.toml",
        "[[rule]]\nid = \"we-must\"\nlabel = \"internal\"\nsummary = \"s\"\nphrases = [\"we must\"]\n",
    );
    let model = rules.join("audience-model.toml");
    let train_with = |extra: &[&str]| {
        let mut args = vec!["rules", "train-audience", "--margin", "1", "--out"];
        let m = model.display().to_string();
        let t = train.display().to_string();
        args.push(&m);
        args.extend_from_slice(extra);
        args.push(&t);
        stdout(&args);
    };
    let statement = dir.path().join("s.jsonl");
    std::fs::write(
        &statement,
        "{\"id\":\"s\",\"text\":\"we must say sanctions harm fair trade\",\"lang\":\"en\"}\n",
    )
    .unwrap();
    let classify = || -> serde_json::Value {
        let out = stdout(&[
            "classify",
            "--rules",
            rules.to_str().unwrap(),
            "--format",
            "json",
            statement.to_str().unwrap(),
        ]);
        serde_json::from_str::<serde_json::Value>(&out).unwrap()[0]["classification"].clone()
    };
    // Without a gate the register rule decides, though the words lean external.
    train_with(&[]);
    let c = classify();
    assert_eq!(c["audience"], "internal", "{c}");
    assert_eq!(c["audience_level"], "register", "{c}");
    // A gate over another level changes nothing.
    train_with(&["--outrank", "relay", "--outrank-margin", "1"]);
    assert_eq!(classify()["audience"], "internal");
    // A gate over the register, with a margin the score reaches: the model overrules it.
    train_with(&["--outrank", "register", "--outrank-margin", "1"]);
    let written = std::fs::read_to_string(&model).unwrap();
    assert!(
        written.contains("outranks = [\"register\"]\noutrank_margin = 1.0\n"),
        "{written}"
    );
    let c = classify();
    assert_eq!(c["audience"], "external", "{c}");
    assert_eq!(c["audience_basis"], "model", "{c}");
    assert_eq!(c["audience_model_outranked"], "register", "{c}");
    let out = stdout(&[
        "explain",
        "--rules",
        rules.to_str().unwrap(),
        "--text",
        "we must say sanctions harm fair trade",
    ]);
    assert!(out.contains("register leads"), "{out}");
    assert!(out.contains("outrank margin 1"), "{out}");
    assert!(out.contains("outranked  (we-must internal +1)"), "{out}");
    // A margin the score does not reach leaves the rule deciding.
    train_with(&["--outrank", "register", "--outrank-margin", "50"]);
    assert_eq!(classify()["audience"], "internal");
}

#[test]
fn an_outrank_gate_needs_a_known_level_and_its_margin() {
    let dir = one_rule_with_model(
        "[audience_model]\ntrained_on = []\nsmoothing = 1.0\nmin_count = 2\nmargin = 2.0\noutranks = [\"registr\"]\noutrank_margin = 3.0\n\
         [audience_model.en]\nstatements = [0, 0]\n[audience_model.en.counts]\n\
         [audience_model.zh]\nstatements = [0, 0]\n[audience_model.zh.counts]\n",
    );
    let err = rules_check_refuses(dir.path());
    assert!(err.contains("`outranks` names level `registr`"), "{err}");
    write(
        dir.path(),
        "m.toml",
        "[audience_model]\ntrained_on = []\nsmoothing = 1.0\nmin_count = 2\nmargin = 2.0\noutranks = [\"register\"]\n\
         [audience_model.en]\nstatements = [0, 0]\n[audience_model.en.counts]\n\
         [audience_model.zh]\nstatements = [0, 0]\n[audience_model.zh.counts]\n",
    );
    let err = rules_check_refuses(dir.path());
    assert!(
        err.contains("`outranks` and `outrank_margin` together"),
        "{err}"
    );
}
