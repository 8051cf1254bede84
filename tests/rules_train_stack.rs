//! `twovoices rules train-stack`, `rules cv-stack`, `rules cross-half`, `--stack` / `--no-stack`: a model trained on a small
//! corpus adds a theme no rule assigned and takes away one a rule assigned wrongly, only when consulted;
//! the file round-trips, `explain` names the probability and the features; traps stay traps; a broken file
//! is refused. (Retraining the committed `rules/theme-stack.toml` takes minutes in a debug build: the
//! release example `check_theme_stack` does it; the unit tests in `src/rules/stack.rs` check determinism.)

mod common;
use common::{gold_line, rules_check_refuses, stdout, three_gold_files, tv, FIXTURE};

/// One audience rule, a security rule on "hackers", a wrong security rule on "festival" and a trap rule.
fn rules(dir: &std::path::Path) {
    std::fs::write(
        dir.join("r.toml"),
        "[[rule]]\nid = \"a\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"zzz\"]\n\n\
         [[rule]]\nid = \"hackers\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"hackers\"]\n\n\
         [[rule]]\nid = \"trap\"\nlabel = \"security\"\nsummary = \"s\"\nweight = -1\nphrases = [\"flowers\"]\n",
    )
    .unwrap();
}

/// Three files: security in words no rule knows, security the rule finds, and an off-topic statement.
fn corpus(dir: &std::path::Path) -> Vec<String> {
    three_gold_files(
        dir,
        &[
            (
                "s",
                "critical information infrastructure under cyberattack",
                "\"security\"",
            ),
            (
                "h",
                "hackers attack critical information infrastructure",
                "\"security\"",
            ),
            (
                "n",
                "the harvest and the garden festival were fine this spring",
                "",
            ),
        ],
    )
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("rules");
    std::fs::create_dir(&r).unwrap();
    rules(&r);
    let files = corpus(dir.path());
    (dir, r, files)
}

fn classify(rules: &std::path::Path, flags: &[&str], jsonl: &str) -> serde_json::Value {
    let mut cmd = tv();
    cmd.args([
        "classify",
        "--rules",
        rules.to_str().unwrap(),
        "--format",
        "json",
        "-",
    ])
    .args(flags)
    .write_stdin(jsonl.to_string());
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn a_trained_model_adds_what_the_rules_miss_only_when_consulted_and_never_against_a_trap() {
    let (_dir, rules, files) = setup();
    let model = rules.join("theme-stack.toml");
    let mut args = vec!["rules", "train-stack", "--rules", rules.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", model.to_str().unwrap(), "--on", "--c", "10"]);
    let said = stdout(&args);
    assert!(said.contains("from 9 statements"), "{said}");
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(
        text.contains("on = true\n") && text.contains("\"chars=cyb\""),
        "{text}"
    );
    // The same files give the same bytes.
    let again = stdout(&[&args[..args.len() - 5], &["-o", "-", "--on", "--c", "10"]].concat());
    assert_eq!(again, text);
    let unseen = gold_line("u", "an cyberattack on critical infrastructure", "")
        + &gold_line("t", "cyberattack flowers on critical infrastructure", "");
    // On (the file says so): security added where no rule fired, with its probability; not on the trap.
    let on = classify(&rules, &[], &unseen);
    assert_eq!(
        on[0]["classification"]["themes"],
        serde_json::json!(["security"]),
        "{on}"
    );
    let call = &on[0]["classification"]["theme_stack"][0];
    assert_eq!(call["theme"], "security");
    assert_eq!(call["change"], "added");
    assert!(call["probability"].as_f64().unwrap() >= 0.5);
    assert_eq!(
        on[1]["classification"]["themes"],
        serde_json::json!([]),
        "{on}"
    );
    // --no-stack: the rules alone, and no trace of the model.
    let off = classify(&rules, &["--no-stack"], &unseen);
    assert_eq!(off[0]["classification"]["themes"], serde_json::json!([]));
    assert!(off[0]["classification"].get("theme_stack").is_none());
    // explain names the probability and the features that made it.
    let out = stdout(&[
        "explain",
        "--rules",
        rules.to_str().unwrap(),
        "--text",
        "an cyberattack on critical infrastructure",
    ]);
    assert!(out.contains("Stacked theme model"), "{out}");
    assert!(
        out.contains("security") && out.contains("added") && out.contains("chars="),
        "{out}"
    );
}

/// `rules cv-stack` with the first two files rotated, the third as the check file, and `extra` options;
/// its standard output.
fn cv_stack(rules: &std::path::Path, files: &[String], extra: &[&str]) -> String {
    let rules = rules.to_str().unwrap();
    let (a, b, check) = (files[0].as_str(), files[1].as_str(), files[2].as_str());
    let base = ["rules", "cv-stack", "--rules", rules, "--rotate", a, b];
    stdout(&[&base[..], &["--rotate-check", check], extra].concat())
}

#[test]
fn leave_one_set_out_scores_each_rotated_file_with_a_model_that_never_saw_it() {
    let (_dir, rules, files) = setup();
    let out = cv_stack(
        &rules,
        &files,
        &["--c", "10", "--add", "0.5,0.99", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["training_statements"], 0);
    assert_eq!(v["rules"][0]["n"], 6);
    assert_eq!(v["rules"][1]["n"], 3);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    // At 0.5 the words learnt from the other files add security to both held-out "cyberattack" statements.
    assert_eq!(rows[0]["changes"][0]["added_right"], 2, "{}", rows[0]);
    assert_eq!(rows[0]["changes"][0]["added_wrong"], 0);
    assert!(
        rows[0]["groups"][0]["macro_f1"].as_f64().unwrap()
            > v["rules"][0]["macro_f1"].as_f64().unwrap()
    );
    // At 0.99 it is not sure enough of anything.
    assert_eq!(rows[1]["changes"][0]["added_right"], 0);
}

#[test]
fn cv_stack_dump_writes_each_held_out_statement_with_its_out_of_fold_probabilities() {
    let (dir, rules, files) = setup();
    let dump = dir.path().join("held-out.jsonl");
    cv_stack(
        &rules,
        &files,
        &[
            "--c",
            "10,0.01",
            "--add",
            "0.5",
            "--dump",
            dump.to_str().unwrap(),
        ],
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&dump)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Every rotated statement once: six in the two --rotate files, three in the check file.
    assert_eq!(lines.len(), 9);
    assert_eq!(lines.iter().filter(|l| l["group"] == 1).count(), 3);
    let s = lines
        .iter()
        .find(|l| l["file"] == files[0].as_str() && l["id"] == "s0")
        .expect("the unruled security statement of the first file");
    assert_eq!(s["gold"], serde_json::json!(["security"]));
    assert_eq!(s["rules"], serde_json::json!([]));
    let p = s["probabilities"].as_array().unwrap();
    assert_eq!(p.len(), 2, "one row per --c");
    // Security is the third theme: the c = 10 model learnt its words from the other files (the figure
    // behind `added_right` in the report); the two strengths give two different probabilities.
    let strong = p[0][2].as_f64().unwrap();
    assert!(strong >= 0.5, "{s}");
    assert_ne!(p[0][2], p[1][2], "{s}");
}

/// `rules cross-half` trains two models, one per half, and scores each half only with the model that never
/// saw it: words found only in the check half (twice there, so they pass min-df) help the development half and
/// never the check half itself; words found in the training FILEs and the development half help the check
/// half. The settings are the rule set's own model's unless given.
#[test]
fn cross_half_scores_each_half_with_the_model_trained_on_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("rules");
    std::fs::create_dir(&r).unwrap();
    rules(&r);
    let write = |name: &str, rows: &[(&str, &str, &str)]| -> String {
        let p = dir.path().join(name);
        let text: String = rows.iter().map(|(i, t, th)| gold_line(i, t, th)).collect();
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let sec = "\"security\"";
    let (cyber, hackers, zebra, garden) = (
        "critical information infrastructure under cyberattack",
        "hackers attack critical information infrastructure",
        "zebra quagga okapi grazing",
        "the garden festival was fine this spring",
    );
    // Off-topic statements outnumber security, so that words a model never saw do not reach the gate.
    let both = write(
        "both.jsonl",
        &[
            ("t1", cyber, sec),
            ("t2", hackers, sec),
            ("t3", garden, ""),
            ("t4", "the harvest festival opened in autumn", ""),
            ("t5", "a music concert drew crowds downtown", ""),
            ("t6", "the football match ended in a draw", ""),
            ("t7", "the bakery sold fresh bread today", ""),
            ("t8", "rain is expected over the weekend", ""),
        ],
    );
    let develop = write(
        "develop.jsonl",
        &[
            ("d1", hackers, sec),
            ("d2", cyber, sec),
            ("d3", garden, ""),
            ("d4", zebra, sec),
        ],
    );
    let check = write(
        "check.jsonl",
        &[
            ("c1", cyber, sec),
            ("c2", zebra, sec),
            ("c3", zebra, sec),
            ("c4", garden, ""),
        ],
    );
    // The rule set's own model says c 10, add 0.6, remove 0.2: cross-half uses them.
    let model = r.join("theme-stack.toml");
    stdout(&[
        "rules",
        "train-stack",
        "--rules",
        r.to_str().unwrap(),
        &both,
        "-o",
        model.to_str().unwrap(),
        "--c",
        "10",
        "--add",
        "0.6",
        "--remove",
        "0.2",
    ]);
    let base = [
        "rules",
        "cross-half",
        "--rules",
        r.to_str().unwrap(),
        &both,
        "--develop",
        &develop,
        "--check",
        &check,
    ];
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&[&base[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(
        v["trainings"], 2,
        "one model per half, not one per file: {v}"
    );
    assert_eq!(v["training_statements"], 8);
    assert_eq!(v["settings"]["c"], 10.0);
    assert_eq!(v["gate"]["add"].as_f64().unwrap(), 0.6f32 as f64);
    assert_eq!(v["gate"]["remove"].as_f64().unwrap(), 0.2f32 as f64);
    assert_eq!(v["check"]["rules"]["n"], 4);
    assert_eq!(v["develop"]["rules"]["n"], 4);
    // The check half: the cyberattack words of the other half and the FILEs are learnt, the zebra words of
    // the check half itself are not (an in-sample model would add security to both zebra statements too).
    assert_eq!(v["check"]["changes"]["added_right"], 1, "{v}");
    assert_eq!(v["check"]["changes"]["added_wrong"], 0, "{v}");
    // The development half: its zebra statement is learnt from the check half, its cyberattack one from
    // the check half and the FILEs.
    assert_eq!(v["develop"]["changes"]["added_right"], 2, "{v}");
    assert!(
        v["check"]["stacked"]["macro_f1"].as_f64().unwrap()
            > v["check"]["rules"]["macro_f1"].as_f64().unwrap()
    );
    // Given settings win; the table names both halves and the rules alone beside the stack.
    let table = stdout(&[&base[..], &["--c", "3", "--without", "audience,concept"]].concat());
    assert!(
        table.contains("stack c 3 add 0.6 remove 0.2 min-df 2 min-weight 0.01 without audience,concept; 2 trainings"),
        "{table}"
    );
    assert!(table.contains("check half, stack trained on the development half and the FILEs (4 statements)\n  rules alone  macro "), "{table}");
    assert!(
        table.contains("development half, stack trained on the check half"),
        "{table}"
    );
    // A file in both halves is refused.
    tv().args([
        "rules",
        "cross-half",
        "--rules",
        r.to_str().unwrap(),
        "--develop",
        &develop,
        "--check",
        &develop,
    ])
    .assert()
    .failure();
}

#[test]
fn a_stack_file_with_a_probability_out_of_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    std::fs::write(
        dir.path().join("s.toml"),
        "[theme_stack]\ntrained_on = []\nc = 1.0\nmin_df = 2\nmin_weight = 0.01\niterations = 300\non = true\n\
         add = 1.5\nremove = 0.5\ntrap_veto = true\nbias = [0.0, 0.0, 0.0, 0.0, 0.0]\n\
         [theme_stack.weights]\n\"chars=ab\" = [1.0, 0.0, 0.0, 0.0, 0.0]\n",
    )
    .unwrap();
    let err = rules_check_refuses(dir.path());
    assert!(
        err.contains("s.toml:8:7: add of [theme_stack] is a probability"),
        "{err}"
    );
}

/// An index classified without the stacked model is stale for a command that turns it on, and one
/// classified with it is stale for a command that does not: the fingerprint records `--stack` /
/// `--no-stack` when they change what the model file says.
#[test]
fn the_stack_switch_is_part_of_the_rules_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let stale = |index: &std::path::Path, flags: &[&str]| -> bool {
        let out = tv()
            .args(["search", "core", "--index"])
            .arg(index)
            .args(flags)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("classified with other rules")
    };
    let (plain, alone) = (dir.path().join("plain"), dir.path().join("alone"));
    for (index, flags) in [(&plain, &[][..]), (&alone, &["--no-stack"][..])] {
        tv().args(["index", "--index"])
            .arg(index)
            .arg(FIXTURE)
            .args(flags)
            .assert()
            .success();
    }
    // The shipped file says on (session 29): the plain index was classified with the model.
    assert!(!stale(&plain, &[]));
    assert!(!stale(&plain, &["--stack"]), "the file says on already");
    assert!(stale(&plain, &["--no-stack"]));
    assert!(stale(&alone, &[]));
    assert!(stale(&alone, &["--stack"]));
    assert!(!stale(&alone, &["--no-stack"]));
}

/// `rules check --rules DIR`'s standard error.
fn check_stderr(rules: &std::path::Path) -> String {
    let out = tv()
        .args(["rules", "check", "--rules", rules.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_model_records_what_it_was_trained_with_and_rules_check_warns_when_that_changed() {
    let (_dir, rules, files) = setup();
    let model = rules.join("theme-stack.toml");
    let mut args = vec!["rules", "train-stack", "--rules", rules.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", model.to_str().unwrap(), "--c", "10"]);
    stdout(&args);
    let text = std::fs::read_to_string(&model).unwrap();
    // Every rule file but the model's own, and every training file, with a hash.
    assert!(
        text.contains("[theme_stack.fingerprint.rules]\n\"r.toml\" = \""),
        "{text}"
    );
    assert!(!text.contains("\"theme-stack.toml\" = "), "{text}");
    for f in &files {
        assert!(text.contains(&format!("\"{f}\" = \"")), "{f} in {text}");
    }
    // Fresh: no warning, and retraining gives the same bytes (the model's own file is not hashed).
    assert_eq!(check_stderr(&rules), "");
    stdout(&args);
    assert_eq!(std::fs::read_to_string(&model).unwrap(), text);

    // A file of opposition frames alone is no part of it: added, edited, or hashed by an older model.
    let frames = rules.join("f.toml");
    let frame = "[[frame]]\nid='f'\nsummary='s'\nthemes=['security']\n\n[frame.external]\nphrases=['a']\n\n[frame.internal]\nphrases=['b']\n";
    std::fs::write(&frames, frame).unwrap();
    assert_eq!(check_stderr(&rules), "");
    std::fs::write(&frames, frame.replace("'b'", "'c'")).unwrap();
    assert_eq!(check_stderr(&rules), "");
    let older = text.replace(
        "[theme_stack.fingerprint.rules]\n",
        "[theme_stack.fingerprint.rules]\n\"f.toml\" = \"0000000000000000\"\n",
    );
    assert_ne!(older, text);
    std::fs::write(&model, &older).unwrap();
    assert_eq!(check_stderr(&rules), "");
    // Once it holds a rule as well, it is compared again.
    std::fs::write(
        &frames,
        format!("{frame}\n[[rule]]\nid='r2'\nlabel='security'\nsummary='s'\nphrases=['zz']\n"),
    )
    .unwrap();
    assert!(check_stderr(&rules).contains("is stale: rule files changed since training: f.toml"));
    std::fs::remove_file(&frames).unwrap();
    std::fs::write(&model, &text).unwrap();
    assert_eq!(check_stderr(&rules), "");

    // A rule file changed: stale, naming the file and the command that retrains it with its settings.
    let r = rules.join("r.toml");
    let before = std::fs::read_to_string(&r).unwrap();
    std::fs::write(&r, format!("{before}\n# a comment is a change too\n")).unwrap();
    let warned = check_stderr(&rules);
    assert!(
        warned.contains("is stale: rule files changed since training: r.toml"),
        "{warned}"
    );
    assert!(
        warned.contains("rules train-stack") && warned.contains("--c 10 --add 0.5 --remove 0.5"),
        "{warned}"
    );
    // explain warns only with the model consulted.
    let explain = |flags: &[&str]| {
        let mut cmd = tv();
        cmd.args([
            "explain",
            "--rules",
            rules.to_str().unwrap(),
            "--text",
            "hackers",
        ])
        .args(flags);
        String::from_utf8(cmd.assert().success().get_output().stderr.clone()).unwrap()
    };
    assert!(explain(&["--stack"]).contains("is stale"));
    assert_eq!(explain(&[]), "");
    std::fs::write(&r, &before).unwrap();
    assert_eq!(check_stderr(&rules), "");

    // A training file changed: stale, naming it.
    std::fs::write(&files[2], gold_line("n", "a different statement", "")).unwrap();
    let warned = check_stderr(&rules);
    assert!(
        warned.contains(&format!("training files changed: {}", files[2])),
        "{warned}"
    );

    // A file written before fingerprints: stale, saying so.
    let start = text.find("# What it was trained with").unwrap();
    let end = text.find("# feature = [weight").unwrap();
    std::fs::write(&model, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let warned = check_stderr(&rules);
    assert!(
        warned.contains("records no fingerprint of what it was trained with"),
        "{warned}"
    );
}

#[test]
fn the_shipped_model_records_a_fingerprint_of_what_it_was_trained_with() {
    // Whether it still matches is a warning of `rules check`, not a test: every rule change by anyone would
    // fail it until the model is retrained (docs/rules.md, "The stacked theme model").
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/theme-stack.toml"),
    )
    .unwrap();
    for name in [
        "themes.toml",
        "audience.toml",
        "concepts.toml",
        "speakers.toml",
    ] {
        assert!(
            text.contains(&format!("\n\"{name}\" = \"")),
            "{name} missing from [theme_stack.fingerprint.rules]"
        );
    }
    assert!(text.contains("[theme_stack.fingerprint.data]\n\"fixtures/"));
}

#[test]
fn a_model_trained_without_a_family_records_it_and_is_retrained_and_judged_without_it() {
    let (_dir, rules, files) = setup();
    let model = rules.join("theme-stack.toml");
    let mut args = vec!["rules", "train-stack", "--rules", rules.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", model.to_str().unwrap(), "--without", "rule,chars"]);
    stdout(&args);
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(
        text.contains("\nwithout = [\"rule\", \"chars\"]\n"),
        "{text}"
    );
    assert!(!text.contains("\"chars="), "{text}");
    assert!(!text.contains("\"rule=hackers\""), "{text}");
    // Stale after a rule edit: the retrain command it prints leaves the same families out.
    let r = rules.join("r.toml");
    let edited = std::fs::read_to_string(&r)
        .unwrap()
        .replace("\"hackers\"]", "\"hackers\", \"spies\"]");
    std::fs::write(&r, edited).unwrap();
    let warning = check_stderr(&rules);
    assert!(warning.contains("--without rule,chars"), "{warning}");
    // The landing judge takes the model's own families with its settings.
    let judged = stdout(&[
        "rules",
        "cross-half",
        &files[0],
        "--rules",
        rules.to_str().unwrap(),
        "--develop",
        &files[1],
        "--check",
        &files[2],
    ]);
    assert!(
        judged
            .lines()
            .next()
            .unwrap()
            .contains(" without rule,chars;"),
        "{judged}"
    );
}

#[test]
fn pre_classified_statements_train_with_the_features_their_own_rules_gave_and_are_recorded() {
    let (dir, rules, files) = setup();
    // Older rules: a wrong security rule on "festival" that today's rules no longer have.
    let old = dir.path().join("old");
    std::fs::create_dir(&old).unwrap();
    self::rules(&old);
    let r = old.join("r.toml");
    let text = std::fs::read_to_string(&r).unwrap()
        + "\n[[rule]]\nid = \"festival\"\nlabel = \"security\"\nsummary = \"s\"\nphrases = [\"festival\"]\n";
    std::fs::write(&r, text).unwrap();
    let mut cmd = tv();
    cmd.args([
        "classify",
        "--rules",
        old.to_str().unwrap(),
        "--format",
        "jsonl",
    ])
    .args(&files);
    let honest = dir.path().join("honest.jsonl");
    std::fs::write(&honest, cmd.assert().success().get_output().stdout.clone()).unwrap();
    let honest = honest.display().to_string();
    let model = rules.join("theme-stack.toml");
    let mut args = vec!["rules", "train-stack", "--rules", rules.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", model.to_str().unwrap(), "--c", "10"]);
    args.extend(["--classified", honest.as_str()]);
    // The labelled files' 9 statements and the 9 pre-classified ones.
    let said = stdout(&args);
    assert!(said.contains("from 18 statements"), "{said}");
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(
        text.contains(&format!("\nclassified = [\n  \"{honest}\",\n]\n")),
        "{text}"
    );
    // The old rule's feature is read from the record: today's rules could not have given it.
    assert!(text.contains("\"rule=festival\" = ["), "{text}");
    assert!(
        text.contains(&format!("\"{honest}\" = \"")),
        "the fingerprint hashes the pre-classified file: {text}"
    );
    // Loads, and is stale when the pre-classified file changes; the retrain command repeats it.
    assert!(!check_stderr(&rules).contains("stale"));
    let mut changed = std::fs::read_to_string(&honest).unwrap();
    changed.push('\n');
    std::fs::write(&honest, changed).unwrap();
    let warning = check_stderr(&rules);
    assert!(
        warning.contains("stale") && warning.contains(&format!("--classified {honest}")),
        "{warning}"
    );
}
