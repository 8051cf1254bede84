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
    let mut args = vec!["rules", "train-audience", "--out", "-"];
    args.extend(files.iter().map(String::as_str));
    let retrained = stdout_in(ROOT, &args);
    assert!(
        retrained == MODEL,
        "rules/audience-model.toml is stale: run `twovoices rules train-audience {}`",
        files.join(" ")
    );
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

#[test]
fn a_hand_edited_feature_that_can_never_match_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "r.toml",
        "[[rule]]\nid = \"r\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"x\"]\n",
    );
    write(
        dir.path(),
        "m.toml",
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
