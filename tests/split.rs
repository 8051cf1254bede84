//! `twovoices split` on real documents, bad documents under --skip-invalid, and documents straight into
//! `index` with reposts merged.

mod common;

use common::{stdout, tv, tv_at};
use serde_json::Value;

fn doc(name: &str) -> String {
    format!("{}/fixtures/documents/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn records(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_transcript_becomes_answers_by_the_spokesperson_with_their_questions() {
    let out = stdout(&[
        "split",
        &doc("mfa-2022-10-27-zh.txt"),
        &doc("mfa-2013-02-20-en.txt"),
    ]);
    let recs = records(&out);
    assert_eq!(recs.len(), 3 + 4, "{out}");
    for r in &recs[..3] {
        assert_eq!(r["speaker"], "毛宁");
        assert_eq!(r["date"], "2022-10-27");
        assert_eq!(r["lang"], "zh");
        assert_eq!(r["provenance"]["voice"], "speaker");
    }
    assert_eq!(recs[2]["provenance"]["asked_by"], "新华社记者");
    // The opening announcement first, answering nothing; then answers with their questions.
    assert_eq!(recs[3]["speaker"], "Hong Lei");
    assert!(recs[3]["provenance"].get("question").is_none());
    assert!(recs[4]["provenance"]["question"]
        .as_str()
        .unwrap()
        .starts_with("Philippine Foreign Ministry"));
    assert_eq!(recs[4]["provenance"]["line"], 15);
}

#[test]
fn sentences_and_a_table() {
    let out = stdout(&["split", "--unit", "sentence", &doc("mfa-2013-12-10-en.txt")]);
    assert_eq!(records(&out).len(), 7, "{out}");
    let table = stdout(&[
        "split",
        "--format",
        "table",
        &doc("cnetsec-hong-lei-article.txt"),
    ]);
    assert!(
        table.contains("(quoted)") && table.contains("(outlet)"),
        "{table}"
    );
}

#[test]
fn bad_documents_are_reported_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin.txt");
    std::fs::write(&bin, b"\x00\x01\x02binary").unwrap();
    let broken = dir.path().join("broken.md");
    std::fs::write(&broken, "---\nspeaker: [Xi\n---\ntext\n").unwrap();
    let good = doc("mfa-2013-12-10-en.txt");
    let out = tv()
        .args(["split", "--skip-invalid"])
        .arg(&bin)
        .arg(&broken)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bin.txt:1: binary file"), "{stderr}");
    assert!(
        stderr.contains("broken.md:") && stderr.contains("front matter (YAML)"),
        "{stderr}"
    );
    assert_eq!(records(&String::from_utf8_lossy(&out.stdout)).len(), 3);
    // Without --skip-invalid the first bad document stops the run.
    let out = tv().arg("split").arg(&bin).arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn index_reads_documents_and_merges_reposts_keeping_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let out = tv_at(&index)
        .args([
            "index",
            &doc("mfa-2013-12-10-zh.txt"),
            &doc("crntt-2013-12-10-repost.txt"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("4 added") && text.contains("3 repost(s) merged"),
        "{text}"
    );
    let hits = tv_at(&index)
        .args(["search", "網絡安全", "--format", "json"])
        .output()
        .unwrap();
    let hits: Value = serde_json::from_slice(&hits.stdout).unwrap();
    let first = &hits[0];
    assert_eq!(
        first["provenance"]["also_in"][0], "https://hk.crntt.com/doc/7_0_102916598_1.html",
        "{hits:#}"
    );
    let table = String::from_utf8(
        tv_at(&index)
            .args(["search", "網絡安全"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        table.contains("sources:") && table.contains("hk.crntt.com"),
        "{table}"
    );
}

#[test]
fn a_document_no_audience_rule_reaches_is_named_in_a_warning() {
    // One rule that knows the ministry's spokespersons and nothing else: the transcript is reached,
    // the analyst's article is not.
    let rules = tempfile::tempdir().unwrap();
    std::fs::write(
        rules.path().join("audience.toml"),
        "[[rule]]\nid = \"aud.ext.spokesperson\"\nlabel = \"external\"\nsummary = \"A foreign ministry spokesperson.\"\nfields = [\"role\"]\nphrases = [\"Foreign Ministry Spokesperson\"]\n",
    )
    .unwrap();
    let article = doc("oe-watch-2020-pla-key-technologies.md");
    let transcript = doc("mfa-2023-04-28-en.txt");
    let out = tv()
        .args([
            "classify",
            "--format",
            "jsonl",
            &article,
            &transcript,
            "--rules",
        ])
        .arg(rules.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "oe-watch-2020-pla-key-technologies.md: all 16 statement(s) took the default audience"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("mfa-2023-04-28-en.txt"), "{stderr}");
}

#[test]
fn a_50_mb_file_with_no_line_break_is_an_error_and_the_next_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.txt");
    std::fs::write(&huge, "word ".repeat(10 << 20)).unwrap();
    let out = tv()
        .args(["split", "--skip-invalid"])
        .arg(&huge)
        .arg(doc("mfa-2013-12-10-en.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("huge.txt:1: line is 52428800 bytes long with no line break"),
        "{stderr}"
    );
    assert_eq!(records(&String::from_utf8_lossy(&out.stdout)).len(), 3);
}
