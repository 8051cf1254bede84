//! `twovoices search`: filters, Chinese (traditional found by simplified), every format parsed back, errors.

mod common;
use common::{tv_at, FIXTURE};

use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn indexed() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let zh = dir.path().join("zh.jsonl");
    let rows = [
        (
            "zh-trad",
            "沒有網絡安全就沒有國家安全，要維護網絡安全。",
            "習近平",
            "網絡安全和信息化工作座談會",
            "2016-04-19",
        ),
        (
            "zh-simp",
            "坚决反对美方以国家安全为借口打压中国企业。",
            "赵立坚",
            "外交部例行记者会",
            "2020-07-15",
        ),
    ];
    let body: String = rows
        .iter()
        .map(|(id, text, speaker, venue, date)| {
            serde_json::json!({"id": id, "text": text, "speaker": speaker, "venue": venue, "date": date}).to_string() + "\n"
        })
        .collect();
    std::fs::write(&zh, body).unwrap();
    tv_at(&index)
        .args(["index", FIXTURE, zh.to_str().unwrap()])
        .assert()
        .success();
    (dir, index)
}

fn json_hits(index: &Path, args: &[&str]) -> Vec<Value> {
    let out = tv_at(index)
        .arg("search")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice::<Vec<Value>>(&out).unwrap()
}

fn hit_ids(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn traditional_text_is_found_by_a_simplified_query_and_highlighted_as_written() {
    let (_d, index) = indexed();
    let hits = json_hits(&index, &["网络安全"]);
    assert_eq!(hit_ids(&hits), ["zh-trad"]);
    let text = hits[0]["text"].as_str().unwrap();
    let marks: Vec<&str> = hits[0]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert!(marks.contains(&"網絡安全"), "{marks:?}");
    // A word jieba segments inside a longer one is found too; single characters are not words.
    assert_eq!(hit_ids(&json_hits(&index, &["借口"])), ["zh-simp"]);
    assert!(json_hits(&index, &["借"]).is_empty());
    // The table view marks the matched words.
    tv_at(&index)
        .args(["search", "網絡安全"])
        .assert()
        .success()
        .stdout(predicate::str::contains("«網絡安全»"));
}

#[test]
fn english_is_stemmed_and_filters_combine() {
    let (_d, index) = indexed();
    // "competitions" finds "competition"; an audience and a date range narrow it.
    let all = hit_ids(&json_hits(&index, &["competitions"]));
    assert!(
        all.contains(&"brookings-2021-17".to_string())
            && all.contains(&"brookings-2021-14".to_string()),
        "{all:?}"
    );
    let ext = hit_ids(&json_hits(
        &index,
        &[
            "competitions",
            "--audience",
            "external",
            "--since",
            "2020-08",
            "--until",
            "2020-08",
        ],
    ));
    assert_eq!(ext, ["brookings-2021-17"]);
    let by = hit_ids(&json_hits(
        &index,
        &["huawei", "--speaker", "hua chunying", "--theme", "security"],
    ));
    assert_eq!(by, ["brookings-2021-23"]);
    assert_eq!(
        hit_ids(&json_hits(&index, &["*", "--lang", "zh", "--limit", "50"])).len(),
        2
    );
}

#[test]
fn every_format_parses_back_to_the_same_hits() {
    let (_d, index) = indexed();
    let args = ["security", "--limit", "5"];
    let json = hit_ids(&json_hits(&index, &args));
    assert_eq!(json.len(), 5);
    let out = tv_at(&index)
        .arg("search")
        .args(args)
        .args(["--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let jsonl: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(jsonl, json);
    let out = tv_at(&index)
        .arg("search")
        .args(args)
        .args(["--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut r = csv::Reader::from_reader(out.as_slice());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        twovoices::render::csv::HITS_HEADER
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(
        rows.iter().map(|x| x[2].to_string()).collect::<Vec<_>>(),
        json
    );
    assert!(rows.iter().all(|x| x[10].to_lowercase().contains("secur")));
}

#[test]
fn a_bad_query_and_a_missing_index_get_clear_errors() {
    let (dir, index) = indexed();
    tv_at(&index)
        .args(["search", "text_en:(security"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid query `text_en:(security`",
        ));
    tv_at(&index)
        .args(["search", "x", "--since", "July 2020"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid date"));
    tv_at(&dir.path().join("nowhere"))
        .args(["search", "security"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no index at")
                .and(predicate::str::contains("twovoices index")),
        );
}

#[test]
fn a_speaker_is_found_under_every_name_of_the_whos_who() {
    let (_d, index) = indexed();
    let by = |name: &str| {
        let mut ids = hit_ids(&json_hits(
            &index,
            &["*", "--speaker", name, "--limit", "100"],
        ));
        ids.sort();
        ids
    };
    let latin = by("Xi Jinping");
    assert!(latin.contains(&"zh-trad".to_string()), "{latin:?}");
    assert!(
        latin.iter().any(|i| i.starts_with("brookings")),
        "{latin:?}"
    );
    assert_eq!(latin, by("习近平"));
    assert_eq!(latin, by("習近平"));
    // A part of a name finds nothing, and the note names the whole name.
    tv_at(&index)
        .args(["search", "*", "--speaker", "Zhao"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Did you mean `Zhao Lijian` / 赵立坚?",
        ));
}

#[test]
fn impossible_dates_a_zero_limit_and_an_empty_query_are_usage_errors() {
    // Refused while parsing the arguments: the index does not even need to exist.
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    for date in ["2020-13-45", "2020-02-30", "2020-00", "2021-02-29"] {
        for flag in ["--since", "--until"] {
            tv_at(&index)
                .args(["search", "security", flag, date])
                .assert()
                .code(2)
                .stderr(
                    predicate::str::contains(format!("invalid date `{date}`"))
                        .and(predicate::str::contains("YYYY-MM-DD")),
                );
        }
    }
    tv_at(&index)
        .args(["search", "security", "--limit", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--limit").and(predicate::str::contains("at least 1")));
    for query in ["", "  "] {
        tv_at(&index)
            .args(["search", query])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("the query is empty"));
    }
    // A real leap day is a date.
    tv_at(&index)
        .args(["search", "security", "--since", "2020-02-29"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no index at"));
}

#[test]
fn a_limit_larger_than_the_index_is_capped_not_allocated() {
    let (_dir, index) = indexed();
    for limit in ["18446744073709551615", "100000000000000"] {
        let hits = json_hits(&index, &["security", "--limit", limit]);
        assert!(!hits.is_empty() && hits.len() <= 29, "{}", hits.len());
    }
}

#[test]
fn an_index_whose_lock_file_cannot_be_created_is_still_searched() {
    let (_dir, index) = indexed();
    // A folder where tantivy's meta lock file goes: creating the file fails even for root, as it does in a
    // read-only folder or mount, or in another user's index.
    let lock = index.join(".tantivy-meta.lock");
    let _ = std::fs::remove_file(&lock);
    std::fs::create_dir(&lock).unwrap();
    let hits = json_hits(&index, &["security"]);
    assert!(!hits.is_empty());
}

#[test]
fn every_theme_option_lists_the_five_themes_in_its_help() {
    for command in [
        &["search"][..],
        &["contrast"],
        &["report"],
        &["terms"],
        &["chart", "stats"],
    ] {
        let help = common::stdout(&[command, &["--help"]].concat());
        let theme = help.split("--theme <THEME>").nth(1).unwrap_or_default();
        let theme = theme.split("\n  -").next().unwrap_or_default();
        let theme = theme.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            theme.contains(
                "possible values: ambition, indigenization, security, standards, military-civil-fusion"
            ),
            "{command:?} --help: {theme}"
        );
    }
}

/// The search table: ranks, scores, labels and highlighted words, on an index of the review fixtures (a
/// query whose hits have distinct scores: the order of ties depends on how the run split its segments).
#[test]
fn search_table_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let rules = ["--rules", "tests/data/rules-review/old"];
    common::tv_at(dir.path())
        .args(["index", "tests/data/rules-review/gold.jsonl"])
        .args(rules)
        .assert()
        .success();
    let out = common::tv_at(dir.path())
        .args(["search", "security OR power"])
        .args(rules)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}
