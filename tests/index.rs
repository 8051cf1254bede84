//! `twovoices index`: upsert by id, statistics, reclassify, lock, and runs that fail half-way.

mod common;
use common::{tv_at, FIXTURE};

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use twovoices::index::StatementIndex;

fn line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text, "speaker": "Zhao Lijian", "role": "Foreign Ministry Spokesperson",
        "venue": "Regular press conference", "date": "2020-10-19", "lang": "en"})
    .to_string()
}

fn ids(index: &Path) -> Vec<String> {
    let idx = StatementIndex::open(index).unwrap();
    let searcher = idx.searcher().unwrap();
    let mut ids: Vec<String> = idx
        .records(&searcher, &tantivy::query::AllQuery)
        .unwrap()
        .into_iter()
        .map(|(_, r)| r.statement.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn reindexing_replaces_by_id_and_never_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    tv_at(&index)
        .args(["index", FIXTURE])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "27 added, 0 replaced, 0 skipped (0 unchanged, 0 invalid); 27 statement(s)",
        ));
    tv_at(&index)
        .args(["index", FIXTURE])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "0 added, 0 replaced, 27 skipped (27 unchanged, 0 invalid); 27 statement(s)",
        ));
    let changed = dir.path().join("changed.jsonl");
    std::fs::write(
        &changed,
        format!(
            "{}\n{}\n",
            line("brookings-2021-24", "A new text about backdoors."),
            line("new-1", "Fair competition.")
        ),
    )
    .unwrap();
    tv_at(&index)
        .args(["index", changed.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "1 added, 1 replaced, 0 skipped (0 unchanged, 0 invalid); 28 statement(s)",
        ));
    let all = ids(&index);
    assert_eq!(all.len(), 28);
    let idx = StatementIndex::open(&index).unwrap();
    let hits = idx.search("backdoors", &Default::default(), 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].record.statement.text, "A new text about backdoors.");
}

#[test]
fn changed_rules_are_reported_and_reclassify_brings_the_index_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for (name, text) in twovoices::rules::BUILTIN {
        std::fs::write(rules.join(name), text).unwrap();
    }
    tv_at(&index).args(["index", FIXTURE]).assert().success();
    // Same rules, same fingerprint: no warning.
    tv_at(&index)
        .args(["search", "security", "--rules", rules.to_str().unwrap()])
        .assert()
        .success()
        .stderr("");
    // Change the rules: every stored statement is now stale.
    let themes = rules.join("themes.toml");
    let text = std::fs::read_to_string(&themes)
        .unwrap()
        .replace("threshold = 1.0", "threshold = 2.0");
    std::fs::write(&themes, text).unwrap();
    let r = rules.to_str().unwrap();
    tv_at(&index)
        .args(["search", "security", "--rules", r])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("27 of 27 statement(s)")
                .and(predicate::str::contains("index --reclassify")),
        );
    tv_at(&index)
        .args(["index", "--reclassify", "--rules", r])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("0 added, 27 replaced"));
    tv_at(&index)
        .args(["search", "security", "--rules", r])
        .assert()
        .success()
        .stderr("");
    let idx = StatementIndex::open(&index).unwrap();
    assert_eq!(idx.info().unwrap().unwrap().rules_source, r);
}

#[test]
fn a_second_writer_gets_a_clear_lock_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    tv_at(&index).args(["index", FIXTURE]).assert().success();
    let idx = StatementIndex::open(&index).unwrap();
    let run = idx.begin().unwrap();
    tv_at(&index)
        .args(["index", FIXTURE])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("index is locked"));
    drop(run);
    tv_at(&index).args(["index", FIXTURE]).assert().success();
}

#[test]
fn a_bad_record_half_way_leaves_the_index_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    tv_at(&index).args(["index", FIXTURE]).assert().success();
    let before = ids(&index);
    // More records than one batch before the bad one, so some were already handed to the writer.
    let mut body = String::new();
    for n in 0..5000 {
        body.push_str(&line(
            &format!("new-{n}"),
            "Restrictions violate fair competition.",
        ));
        body.push('\n');
    }
    body.push_str("{\"id\": \"broken\", \"text\": \n");
    body.push_str(&line("after", "After the bad line."));
    body.push('\n');
    let file = dir.path().join("bad.jsonl");
    std::fs::write(&file, body).unwrap();
    tv_at(&index)
        .args(["index", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("bad.jsonl:5001")
                .and(predicate::str::contains("is unchanged")),
        );
    assert_eq!(ids(&index), before);
    // With --skip-invalid the valid records go in, the bad one is counted, and the exit code says so.
    tv_at(&index)
        .args(["index", "--skip-invalid", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "5001 added, 0 replaced, 1 skipped (0 unchanged, 1 invalid)",
        ));
    assert_eq!(ids(&index).len(), 27 + 5001);
}

/// A run killed (SIGKILL) while it indexes: it reads from a pipe that is never closed, so it cannot have
/// reached its commit, and it has read at least all but 64 KB of 20,000 records, so it is mid-run. The index
/// must hold exactly the earlier commit, readable, and take the next run.
#[test]
fn a_run_killed_before_its_commit_leaves_the_earlier_commit_intact() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    tv_at(&index).args(["index", FIXTURE]).assert().success();
    let before = ids(&index);
    let hits_before = tv_at(&index)
        .args(["search", "security", "--format", "csv"])
        .output()
        .unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("twovoices"))
        .args(["index", "--index", index.to_str().unwrap(), "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut written = 0;
    for n in 0..20000 {
        let record = line(
            &format!("k-{n}"),
            "The United States engages in eavesdropping through back doors.",
        );
        // Each write returns only once the pipe had room: the child is reading.
        stdin.write_all(format!("{record}\n").as_bytes()).unwrap();
        written += record.len() + 1;
    }
    stdin.flush().unwrap();
    assert!(written > 1 << 20, "{written} bytes went through the pipe");
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended without end of input"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    assert_eq!(ids(&index), before, "the earlier commit, exactly");
    let hits_after = tv_at(&index)
        .args(["search", "security", "--format", "csv"])
        .output()
        .unwrap();
    assert!(hits_after.status.success());
    assert_eq!(
        hits_after.stdout, hits_before.stdout,
        "the earlier commit reads as before"
    );
    // The index takes the next run, and the killed run's records can then be indexed.
    tv_at(&index)
        .args(["index", FIXTURE])
        .assert()
        .success()
        .stdout(predicate::str::contains("27 unchanged"));
}

#[test]
fn the_index_option_and_the_environment_name_the_same_folder() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("by-flag");
    Command::cargo_bin("twovoices")
        .unwrap()
        .env_remove("TWOVOICES_INDEX")
        .current_dir(dir.path())
        .args(["index", "--index", index.to_str().unwrap(), FIXTURE])
        .assert()
        .success();
    assert!(index.join("meta.json").is_file());
    tv_at(&index)
        .args(["search", "huawei", "--format", "jsonl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("brookings-2021-16"));
    // Default folder is ./.twovoices.
    Command::cargo_bin("twovoices")
        .unwrap()
        .env_remove("TWOVOICES_INDEX")
        .current_dir(dir.path())
        .args(["index", FIXTURE])
        .assert()
        .success();
    assert!(dir.path().join(".twovoices/meta.json").is_file());
}

#[test]
fn skip_invalid_on_csv_indexes_every_row_but_the_one_of_the_wrong_width() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let file = dir.path().join("x.csv");
    std::fs::write(&file, "id,text\nc1,a\nc2,b,EXTRA\nc3,c\nc4,d\n").unwrap();
    tv_at(&index)
        .args(["index", "--skip-invalid", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "3 added, 0 replaced, 1 skipped (0 unchanged, 1 invalid)",
        ))
        .stderr(predicate::str::contains("x.csv:3: this row has 3 fields"));
    assert_eq!(ids(&index), ["c1", "c3", "c4"]);
}

#[test]
fn a_full_disk_is_reported_as_no_space_left_naming_the_index() {
    // A 2 MB file system; needs root (mount), so elsewhere the test says so and checks nothing.
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (not root)");
        return;
    }
    // Words of random letters, so that neither the postings nor the compressed stored text stay small.
    let mut seed: u64 = 7;
    let mut word = || -> String {
        (0..8)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from(b'a' + (seed >> 59) as u8 % 26)
            })
            .collect()
    };
    let mut body = String::new();
    for n in 0..20000 {
        let text: Vec<String> = (0..30).map(|_| word()).collect();
        body.push_str(&line(&format!("f-{n}"), &text.join(" ")));
        body.push('\n');
    }
    let file = dir.path().join("big.jsonl");
    std::fs::write(&file, body).unwrap();
    let index = mnt.join("idx");
    let out = tv_at(&index)
        .args(["index", file.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no space left on device") && err.contains(index.to_str().unwrap()),
        "{err}"
    );
}

/// A statement that a repost in a later batch repeats is written again in the same run
/// (`IndexRun::rewrite`): the deletion reaches the copy written earlier in the run, so the index holds
/// it once, with the repost's source.
#[test]
fn a_statement_rewritten_in_the_same_run_is_stored_once_with_its_new_source() {
    use twovoices::index::{IndexInfo, FORMAT};
    use twovoices::model::{Indexed, Statement};
    let dir = tempfile::tempdir().unwrap();
    let rules = twovoices::rules::RuleSet::load(None).unwrap();
    let index = StatementIndex::open_or_create(&dir.path().join("idx")).unwrap();
    let mut s: Statement = serde_json::from_str(&line(
        "a",
        "China firmly upholds cyber security and opposes any forms of hacker attacks.",
    ))
    .unwrap();
    let mut run = index.begin().unwrap();
    let c = twovoices::classify::classify(&rules, &s);
    run.upsert(&Indexed::new(s.clone(), &c, "f")).unwrap();
    s.provenance.get_or_insert_default().also_in = vec!["https://example.org/repost".into()];
    run.rewrite(&Indexed::new(s, &c, "f")).unwrap();
    let info = IndexInfo {
        format: FORMAT,
        rules_fingerprint: "f".into(),
        rules_source: "built-in".into(),
    };
    let stats = run.commit(&info).unwrap();
    assert_eq!((stats.added, stats.replaced), (1, 0));
    let searcher = index.searcher().unwrap();
    let records = index.records(&searcher, &tantivy::query::AllQuery).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].1.statement.provenance.as_ref().unwrap().also_in,
        ["https://example.org/repost"]
    );
}
