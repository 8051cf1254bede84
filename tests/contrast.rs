//! `twovoices contrast`: the Brookings report's pairings, options, every format parsed back, empty sides.

mod common;
use common::{tv_at, FIXTURE};

use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const DEV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dev.jsonl");

fn indexed(files: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    tv_at(&index).arg("index").args(files).assert().success();
    (dir, index)
}

/// [`indexed`] with the rules alone (`--no-stack`): for tests whose premise is which fixture statements the rules
/// classify into a theme (a weak pair to list apart, a statement outside a theme to widen into it). The stacked
/// theme model, on by default since session 29, takes themes away from some of them; the commands that read such an
/// index pass `--no-stack` too, or they would find it stale.
fn indexed_rules_alone(files: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    tv_at(&index)
        .args(["index", "--no-stack"])
        .args(files)
        .assert()
        .success();
    (dir, index)
}

/// `twovoices contrast ARGS --format FORMAT`'s standard output, asserting success.
fn contrast_out(index: &Path, args: &[&str], format: &str) -> String {
    common::succeeds(
        tv_at(index)
            .arg("contrast")
            .args(args)
            .args(["--format", format]),
    )
}

fn contrast_json(index: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&contrast_out(index, args, "json")).unwrap()
}

/// Indexes `lines` (statements as JSON) alone and pairs the external `e1` in `theme`: it has one partner,
/// `partner`, and that pair fired `frame` among its frames.
/// Indexes `lines` in a fresh index and returns the JSON contrast of `theme` for the external statement "e1".
fn contrast_of_e1(lines: &[Value], theme: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (index, file) = (dir.path().join("idx"), dir.path().join("s.jsonl"));
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, text).unwrap();
    tv_at(&index)
        .args(["index", file.to_str().unwrap()])
        .assert()
        .success();
    contrast_json(&index, &["--theme", theme, "--external", "e1"])
}

/// "e1" gets no partner in `theme` among `lines`.
fn assert_no_pair(lines: &[Value], theme: &str) {
    let v = contrast_of_e1(lines, theme);
    assert_eq!(v["pairs"].as_array().unwrap().len(), 0, "{v}");
}

fn assert_the_one_pair(lines: &[Value], theme: &str, partner: &str, frame: &str) {
    let v = contrast_of_e1(lines, theme);
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{v}");
    assert_eq!(pairs[0]["internal"]["id"], partner, "{v}");
    let frames: Vec<&str> = pairs[0]["frames"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert!(frames.contains(&frame), "{frames:?}");
}

/// The report's takeaways: each external quote set against the internal quotes of its section. 22 (Xi's
/// "we do not reject any new technology") is left out of indigenization: it concedes openness rather than
/// opposing it.
fn report_choice(external: u32) -> &'static [u32] {
    match external {
        12 => &[13, 14, 15],
        16..=18 => &[19, 20, 21],
        23 | 24 => &[25, 26],
        27 | 28 => &[29, 30, 31, 32],
        33 | 34 => &[35, 36, 37, 38],
        _ => &[],
    }
}

fn num(id: &str) -> u32 {
    id.rsplit('-').next().unwrap().parse().unwrap()
}

/// Home-voice statements of `fixtures/brookings-2021.jsonl` and `fixtures/dev.jsonl` that treat foreign technology,
/// suppliers or data as a security risk (dependence on foreign core technology as a hidden danger, core technology
/// that cannot be bought), judged by reading them against docs/labelling.md. Since session 33 the project takes the
/// judging view of pairs-holdout13 onwards: against "national security is a pretext to suppress our firms"
/// (brookings-2021-23) such a statement is the contrast, and the general security slogan the report set beside it
/// (brookings-2021-25, "without network security there is no national security") is related; either is a partner
/// the report's definitions accept.
const SECURITISES_FOREIGN_TECHNOLOGY: &[&str] = &[
    "brookings-2021-19",
    "brookings-2021-20",
    "brookings-2021-21",
    "dev-more-012",
    "dev-en-052",
];

/// The report's internal quotes on core technology (19: "our biggest hidden danger is that core technology is
/// restricted by others"; 21: "the market cannot buy core technologies") in the home voice's own words, in
/// `fixtures/dev.jsonl`, judged by reading them: dev-zh-005 is 19's sentence in Chinese as Xinhua quotes it
/// (互聯網核心技術是我們最大的“命門”,核心技術受制于人是我們最大的隱患), dev-zh-068 a People's Daily commentary saying 21's
/// claim (關鍵核心技術卻是要不來、買不來、討不來的); the judged pairing sets (every theme) call them acceptable 233 and 171 times, related
/// 61 and 123 times. Since session 34 the scorer prefers an internal statement in Chinese, the
/// language of its audience, over an English rendering that says the same (`pair::DOMESTIC_LANGUAGE_BONUS`), so
/// among many statements the report's English renderings give way to these.
const CORE_TECHNOLOGY_IN_CHINESE: &[&str] = &["dev-zh-005", "dev-zh-068"];

/// Home-voice statements of `fixtures/dev.jsonl` in Chinese that take military-civil fusion as the road to military
/// strength, the internal stance the report's own quotes 35–38 take in English (judged by reading against
/// docs/labelling.md): dev-zh-031 (实现军民融合发展是我军信息化建设的必由之路) and dev-zh-074
/// (军民两用科技成果转化为生产力和战斗力). The judged pairing sets (fixtures/**/pairs-*.json, every theme) call them
/// acceptable 84 and 98 times, related 28 and 14 times.
const MILITARY_CIVIL_FUSION_IN_CHINESE: &[&str] = &["dev-zh-031", "dev-zh-074"];

/// Partners other than the report's own that its definitions accept for an external quote, when the quote is
/// paired among many other statements: for the pretext quote (23), the home voice securitising foreign technology;
/// for the open-market quotes (16–18) and the military-civil-fusion quotes (33, 34), the same internal stance in
/// Chinese, which the scorer prefers since session 34 (`pair::DOMESTIC_LANGUAGE_BONUS`).
fn accepted_besides_report(external: u32) -> &'static [&'static str] {
    match external {
        16..=18 => CORE_TECHNOLOGY_IN_CHINESE,
        33 | 34 => MILITARY_CIVIL_FUSION_IN_CHINESE,
        23 => SECURITISES_FOREIGN_TECHNOLOGY,
        _ => &[],
    }
}

fn check_brookings_pairings(index: &Path, extra: &[&str]) {
    check_brookings_pairings_accepting(index, extra, |_| &[]);
}

/// [`check_brookings_pairings`], also accepting for each external quote the partners `also` names.
fn check_brookings_pairings_accepting(
    index: &Path,
    extra: &[&str],
    also: fn(u32) -> &'static [&'static str],
) {
    let mut checked = 0;
    for theme in [
        "ambition",
        "indigenization",
        "security",
        "standards",
        "military-civil-fusion",
    ] {
        let mut args = vec!["--theme", theme];
        args.extend_from_slice(extra);
        let v = contrast_json(index, &args);
        assert_eq!(v["theme"], theme);
        for p in v["pairs"].as_array().unwrap() {
            let e = p["external"]["id"].as_str().unwrap();
            let i = p["internal"]["id"].as_str().unwrap();
            if !e.starts_with("brookings-2021-")
                || report_choice(num(e)).is_empty()
                || p["external"]["gold"]["themes"][0] != theme
            {
                continue;
            }
            let reports =
                i.starts_with("brookings-2021-") && report_choice(num(e)).contains(&num(i));
            assert!(
                reports || also(num(e)).contains(&i),
                "{theme}: {e} was paired with {i}, not with the report's choice {:?} nor {:?}; reasons {}",
                report_choice(num(e)),
                also(num(e)),
                p["reasons"]
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked, 10,
        "every external quote of the report is checked once"
    );
}

#[test]
fn the_best_partner_is_the_reports_choice() {
    let (_d, index) = indexed(&[FIXTURE]);
    check_brookings_pairings(&index, &[]);
}

#[test]
fn the_reports_choice_holds_among_many_other_statements() {
    let (_d, index) = indexed(&[FIXTURE, DEV]);
    // Among 300 statements the report's internal quotes are good partners for many external statements, and
    // the distinct-partner assignment gives each to one of them; with reuse allowed, each external quote's
    // best partner is still the report's choice, or (for the pretext quote) the home voice securitising
    // foreign technology, which the project's judging view since session 33 counts as the contrast.
    check_brookings_pairings_accepting(&index, &["--reuse", "50"], accepted_besides_report);
}

#[test]
fn pairs_are_distinct_sorted_scored_in_range_and_explained() {
    let (_d, index) = indexed(&[FIXTURE, DEV]);
    let v = contrast_json(&index, &["--theme", "indigenization"]);
    let pairs = v["pairs"].as_array().unwrap();
    assert!(pairs.len() >= 5, "{}", pairs.len());
    let scores: Vec<f64> = pairs.iter().map(|p| p["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    // No fake contrasts: every listed pair has a frame that fired, named in its reasons.
    for p in pairs {
        assert!(!p["frames"].as_array().unwrap().is_empty(), "{p}");
        assert!(p["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "frame"));
        assert_eq!(p["weak"], false);
        // Shared concepts are named for readers in both scripts, never as term syntax (`decoupl*`).
        for r in p["reasons"].as_array().unwrap() {
            for c in r["concepts"].as_array().into_iter().flatten() {
                let (en, zh) = (c["en"].as_str().unwrap(), c["zh"].as_str().unwrap());
                assert!(!en.contains('*') && !zh.contains('*'), "{c}");
                assert!(!en.is_empty() || !zh.is_empty(), "{c}");
            }
        }
    }
    // Distinct partners: an assignment, each internal statement at most once.
    let mut internals: Vec<&str> = pairs
        .iter()
        .map(|p| p["internal"]["id"].as_str().unwrap())
        .collect();
    internals.sort();
    let n = internals.len();
    internals.dedup();
    assert_eq!(internals.len(), n, "an internal statement was used twice");
    assert!(pairs.iter().all(
        |p| p["external"]["audience"] == "external" && p["internal"]["audience"] == "internal"
    ));
    // --reuse 3 lets a partner serve up to three external statements, and never pairs fewer.
    let reused = contrast_json(&index, &["--theme", "indigenization", "--reuse", "3"]);
    let rp = reused["pairs"].as_array().unwrap();
    assert!(rp.len() >= pairs.len());
    let mut counts = std::collections::HashMap::new();
    for p in rp {
        *counts
            .entry(p["internal"]["id"].as_str().unwrap())
            .or_insert(0) += 1;
    }
    assert!(counts.values().all(|&c| c <= 3));
    // --show-weak lists subject-only pairs apart, marked, and --min-score cuts low pairs.
    let weak = contrast_json(&index, &["--theme", "indigenization", "--show-weak"]);
    for p in weak["weak"].as_array().into_iter().flatten() {
        assert_eq!(p["weak"], true);
        assert!(p["frames"].as_array().unwrap().is_empty());
    }
    let high = contrast_json(&index, &["--theme", "indigenization", "--min-score", "0.6"]);
    assert!(high["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["score"].as_f64().unwrap() >= 0.6));
    let top = contrast_json(&index, &["--theme", "indigenization", "--pairs", "2"]);
    assert_eq!(top["pairs"].as_array().unwrap().len(), 2);
}

/// Per theme of a whole-corpus `contrast` JSON: (pairs, distinct partners, pairs whose reasons say the partner
/// is shared, the most uses of one partner).
fn sharing(v: &Value) -> Vec<(String, usize, usize, usize, usize)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let pairs = t["pairs"].as_array().unwrap();
            let mut uses = std::collections::HashMap::new();
            for p in pairs {
                *uses
                    .entry(p["internal"]["id"].as_str().unwrap())
                    .or_insert(0usize) += 1;
            }
            let marked = pairs
                .iter()
                .filter(|p| {
                    p["reasons"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|r| r["kind"] == "shared")
                })
                .count();
            let shared = pairs
                .iter()
                .filter(|p| uses[p["internal"]["id"].as_str().unwrap()] > 1)
                .count();
            assert_eq!(
                marked, shared,
                "every shared partner's pair says so, and only those"
            );
            let most = uses.values().copied().max().unwrap_or(0);
            (
                t["theme"].as_str().unwrap().to_string(),
                pairs.len(),
                uses.len(),
                marked,
                most,
            )
        })
        .collect()
}

#[test]
fn a_distinct_partner_floor_keeps_each_themes_table_mostly_distinct_and_says_who_is_shared() {
    let (_d, index) = indexed(&[FIXTURE, DEV]);
    // With reuse 2 alone, a theme's table here shares most partners.
    let free = sharing(&contrast_json(&index, &["--reuse", "2"]));
    assert!(
        free.iter().any(|t| (t.2 as f64) < 0.8 * t.1 as f64),
        "{free:?}"
    );
    assert!(free.iter().all(|t| t.4 <= 2), "{free:?}");
    // The floor raises the price of sharing until each theme keeps 80 % distinct partners; what is still
    // shared is marked in the reasons, with how many others share it.
    let floored = contrast_json(&index, &["--reuse", "2", "--distinct-floor", "0.8"]);
    let held = sharing(&floored);
    for t in &held {
        assert!(t.2 as f64 >= 0.8 * t.1 as f64, "{held:?}");
        assert!(t.4 <= 2, "{held:?}");
    }
    for p in floored
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["pairs"].as_array().unwrap())
    {
        for r in p["reasons"].as_array().unwrap() {
            if r["kind"] == "shared" {
                assert_eq!(r["others"], 1, "{r}");
            }
        }
    }
    // The reason in words (Markdown: a table cell is not wrapped).
    let text = contrast_out(&index, &["--reuse", "2"], "markdown");
    assert!(
        text.contains("shared partner: also paired with 1 other external statement"),
        "{text}"
    );
    // A margin of 1 is reuse 1: nothing shared.
    let priced = sharing(&contrast_json(
        &index,
        &["--reuse", "2", "--reuse-margin", "1"],
    ));
    assert!(priced.iter().all(|t| t.1 == t.2 && t.3 == 0), "{priced:?}");
}

#[test]
fn external_ids_narrow_the_external_side_and_are_checked() {
    let (_d, index) = indexed(&[FIXTURE, DEV]);
    // The three "market principles" quotes, asked about by id among 300 statements: only they are paired,
    // each with a distinct partner from the report's own internal quotes of the section, or those quotes in
    // Chinese (`CORE_TECHNOLOGY_IN_CHINESE`).
    let asked = [
        "brookings-2021-16",
        "brookings-2021-17",
        "brookings-2021-18",
    ];
    let mut args = vec!["--theme", "indigenization"];
    for id in &asked {
        args.extend(["--external", id]);
    }
    let v = contrast_json(&index, &args);
    assert_eq!(v["external_count"], 3);
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    let mut partners = Vec::new();
    for p in pairs {
        let ext = p["external"]["id"].as_str().unwrap();
        assert!(asked.contains(&ext), "{ext} was not asked for");
        let int = p["internal"]["id"].as_str().unwrap();
        assert!(
            (int.starts_with("brookings-2021-") && report_choice(num(ext)).contains(&num(int)))
                || accepted_besides_report(num(ext)).contains(&int),
            "{ext} paired with {int}"
        );
        partners.push(int.to_string());
    }
    partners.sort();
    partners.dedup();
    assert_eq!(partners.len(), 3);
    // An internal statement or an unknown id is a usage error naming it.
    for (id, why) in [
        ("brookings-2021-19", "not external"),
        ("no-such-id", "no statement with this id"),
    ] {
        tv_at(&index)
            .args(["contrast", "--external", id])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(id).and(predicate::str::contains(why)));
    }
}

#[test]
fn a_query_narrows_the_external_side() {
    let (_d, index) = indexed(&[FIXTURE]);
    let v = contrast_json(&index, &["--theme", "security", "eavesdropping"]);
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["external"]["id"], "brookings-2021-24");
    assert_eq!(pairs[0]["internal"]["id"], "brookings-2021-26");
}

#[test]
fn csv_and_markdown_parse_back_with_one_row_per_pair() {
    let (_d, index) = indexed(&[FIXTURE]);
    let json = contrast_json(&index, &["--theme", "standards"]);
    let n = json["pairs"].as_array().unwrap().len();
    let out = contrast_out(&index, &["--theme", "standards"], "csv");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), n);
    for (row, p) in rows.iter().zip(json["pairs"].as_array().unwrap()) {
        assert_eq!(&row[5], p["external"]["id"].as_str().unwrap());
        assert_eq!(&row[9], p["internal"]["id"].as_str().unwrap());
    }
    let md = contrast_out(&index, &["--theme", "standards"], "markdown");
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), n + 2, "{md}");
    // Cells are split on unescaped pipes only: every row has the header's five cells.
    let cells = |l: &str| l.replace("\\|", "").matches('|').count() - 1;
    assert!(table.iter().all(|l| cells(l) == 5), "{md}");
    insta::assert_snapshot!("standards_markdown", md);
    // The terminal table names both sides.
    tv_at(&index)
        .args(["contrast", "--theme", "standards"])
        .assert()
        .success()
        .stdout(predicate::str::contains("brookings-2021-29"));
}

#[test]
fn the_terminal_table_says_each_frames_summary_once_under_the_table() {
    let (_d, index) = indexed(&[FIXTURE]);
    let json = contrast_json(&index, &["--theme", "indigenization"]);
    let mut frames: Vec<(String, String)> = Vec::new();
    for p in json["pairs"].as_array().unwrap() {
        for r in p["reasons"].as_array().unwrap() {
            if r["kind"] == "frame" {
                let f = (
                    r["frame"].as_str().unwrap().to_string(),
                    r["summary"].as_str().unwrap().to_string(),
                );
                if !frames.contains(&f) {
                    frames.push(f);
                }
            }
        }
    }
    assert!(!frames.is_empty(), "{json}");
    let out = common::succeeds(tv_at(&index).env("COLUMNS", "400").args([
        "contrast",
        "--theme",
        "indigenization",
    ]));
    let legend = out
        .split("frames:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no legend: {out}"));
    let table = out.split("frames:\n").next().unwrap();
    for (frame, summary) in &frames {
        // The row names the frame; the summary is said once, in the legend, with its id.
        assert!(
            table.contains(frame.as_str()),
            "{frame} not in a row: {out}"
        );
        assert!(
            !table.contains(summary.as_str()),
            "summary repeated in a row: {out}"
        );
        assert_eq!(
            legend
                .matches(&format!("  {frame}:\n    {summary}\n"))
                .count(),
            1,
            "{out}"
        );
    }
}

#[test]
fn a_theme_with_one_side_empty_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let file = dir.path().join("ext.jsonl");
    let line = serde_json::json!({"id": "e1", "text": "Restrictions on Huawei violate fair competition and free trade rules.",
        "speaker": "Hua Chunying", "role": "Foreign Ministry Spokesperson", "venue": "Regular press conference", "lang": "en"});
    std::fs::write(&file, format!("{line}\n")).unwrap();
    tv_at(&index)
        .args(["index", file.to_str().unwrap()])
        .assert()
        .success();
    tv_at(&index)
        .args(["contrast", "--theme", "indigenization"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "theme `indigenization` has no internal statement in the index (1 external)",
        ));
}

#[test]
fn zero_pairs_zero_partners_and_an_empty_query_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    for args in [
        &["contrast", "--pairs", "0"][..],
        &["contrast", "--reuse", "0"],
        &["report", "--max-per-theme", "0"],
    ] {
        tv_at(&index)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("at least 1, got 0"));
    }
    tv_at(&index)
        .args(["contrast", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the query is empty"));
}

/// Every theme at once (written theme by theme as each is paired, from one pass over the index) gives
/// each theme exactly the table it gets alone, in report order, in every format.
#[test]
fn every_theme_at_once_is_each_theme_alone() {
    let (_d, index) = indexed(&[FIXTURE, DEV]);
    let all = contrast_json(&index, &[]);
    let all = all.as_array().expect("several themes make a JSON array");
    assert!(all.len() >= 3, "{}", all.len());
    let mut rows = 0;
    for c in all {
        let theme = c["theme"].as_str().unwrap();
        assert_eq!(c, &contrast_json(&index, &["--theme", theme]), "{theme}");
        rows += c["pairs"].as_array().unwrap().len();
    }
    // One CSV header, then every theme's rows.
    let out = contrast_out(&index, &[], "csv");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(r.records().count(), rows);
    // The array is every theme's table in turn.
    let whole = contrast_out(&index, &[], "json");
    assert!(whole.starts_with("[\n  {\n") && whole.ends_with("\n  }\n]\n"));
}

#[test]
fn markdown_has_footnotes_no_raw_html_and_survives_pandoc() {
    let (dir, index) = indexed_rules_alone(&[FIXTURE]);
    let json = contrast_json(&index, &["--show-weak", "--no-stack"]);
    let themes = json.as_array().unwrap();
    let pairs: Vec<&Value> = themes
        .iter()
        .flat_map(|t| {
            t["pairs"]
                .as_array()
                .into_iter()
                .chain(t["weak"].as_array())
                .flatten()
        })
        .collect();
    assert!(pairs.len() >= 10, "{}", pairs.len());
    let md_path = dir.path().join("contrast.md");
    let md = contrast_out(&index, &["--show-weak", "--no-stack"], "markdown");
    std::fs::write(&md_path, &md).unwrap();
    // No raw HTML: the only `<…>` are autolinks to sources.
    for (k, _) in md.match_indices('<') {
        assert!(
            md[k..].starts_with("<http") || md[..k].ends_with('\\'),
            "raw HTML at {}",
            &md[k..(k + 40).min(md.len())]
        );
    }
    // Every quote has a footnote and every footnote a definition; outside tables no line starts with `|`.
    let notes = md.lines().filter(|l| l.starts_with("[^")).count();
    assert_eq!(notes, 2 * pairs.len());
    let weak: usize = themes
        .iter()
        .filter(|t| t["weak"].as_array().is_some_and(|w| !w.is_empty()))
        .count();
    assert!(weak > 0, "the fixture has weak pairs to list apart");
    assert_eq!(md.matches("### Weak pairs").count(), weak);
    let Some(v) = common::pandoc_views(&md_path) else {
        return;
    };
    let tables = common::markdown_tables(&md);
    assert_eq!(tables, themes.len() + weak);
    for html in [&v.html, &v.gfm] {
        assert_eq!(html.matches("class=\"footnote-ref\"").count(), notes);
        assert_eq!(html.matches("<table").count(), tables);
        assert!(!html.contains("<p>|") && !html.contains("&lt;br"));
    }
    assert!(!v.text.contains("[^"));
    for p in &pairs {
        for side in ["external", "internal"] {
            let text = p[side]["text"].as_str().unwrap();
            let head: String = text.chars().take(40).collect();
            assert!(v.text.contains(head.as_str()), "{side}: {head}");
        }
    }
    assert_eq!(
        v.docx.lines().filter(|l| l.starts_with("[^")).count(),
        notes
    );
    assert_eq!(v.latex.matches("\\footnote{").count(), notes);
}

#[test]
fn an_asked_statement_enters_a_theme_by_its_stance_and_says_so() {
    let (_d, index) = indexed_rules_alone(&[FIXTURE]);
    // brookings-2021-27 (telecom standard setting should be win-win) is classified standards, not ambition,
    // but takes the external stance of ambition's frames: asked about, it is paired under ambition.
    let asked = [
        "--theme",
        "ambition",
        "--external",
        "brookings-2021-27",
        "--no-stack",
    ];
    let v = contrast_json(&index, &asked);
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{v}");
    let by_stance: Vec<&Value> = pairs[0]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "by_stance")
        .collect();
    assert_eq!(by_stance.len(), 1, "{}", pairs[0]["reasons"]);
    assert_eq!(by_stance[0]["side"], "external");
    let frames = by_stance[0]["frames"].as_array().unwrap();
    assert!(!frames.is_empty());
    assert!(frames
        .iter()
        .all(|f| f.as_str().unwrap().starts_with("ambition.")));
    // The whole-corpus table does not widen unless told to. Ambition has three internal statements here, so
    // with distinct partners a widened statement may lose every one to the theme's own: `--reuse` takes the
    // capacity out of what is tested.
    let lists = |extra: &[&str]| {
        let mut args = vec!["--theme", "ambition", "--no-stack", "--reuse", "3"];
        args.extend_from_slice(extra);
        contrast_json(&index, &args)["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["external"]["id"] == "brookings-2021-27")
    };
    assert!(!lists(&[]));
    assert!(lists(&["--widen", "all"]));
    // Without widening the asked statement is not a candidate: nothing to pair.
    tv_at(&index)
        .arg("contrast")
        .args(asked)
        .args(["--widen", "none"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no external statement"));
}

/// A statement whose audience only the word model decided stands on no rule, like one decided by the
/// default: every pair says so for the side it concerns (and only then), and the report marks the quote.
#[test]
fn an_audience_decided_only_by_the_word_model_is_marked_like_the_default() {
    let all: Value =
        serde_json::from_str(&common::on_fixtures(&["contrast", "--format", "json"])).unwrap();
    let mut marked = 0;
    for c in all.as_array().unwrap() {
        for p in c["pairs"].as_array().unwrap() {
            for side in ["external", "internal"] {
                let basis = p[side]["audience_basis"].as_str().unwrap();
                let kinds: Vec<&str> = p["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|r| r["side"] == side)
                    .map(|r| r["kind"].as_str().unwrap())
                    .collect();
                assert_eq!(kinds.contains(&"model_audience"), basis == "model", "{p}");
                assert_eq!(
                    kinds.contains(&"default_audience"),
                    basis == "default",
                    "{p}"
                );
                marked += usize::from(basis == "model");
            }
        }
    }
    assert!(
        marked > 0,
        "the fixtures have pairs with a model-decided side"
    );
    let md = common::on_fixtures(&["contrast", "--theme", "security", "--format", "markdown"]);
    assert!(
        md.contains("the internal statement's audience is only the word model's"),
        "{md}"
    );

    let report: Value =
        serde_json::from_str(&common::on_fixtures(&["report", "--format", "json"])).unwrap();
    let quotes: Vec<&Value> = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["groups"].as_array().unwrap())
        .flat_map(|g| g["rows"].as_array().unwrap())
        .flat_map(|r| [&r["external"], &r["internal"]])
        .filter(|q| q.is_object())
        .collect();
    let by_model: Vec<&str> = quotes
        .iter()
        .filter(|q| q["model_audience"] == true)
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert!(!by_model.is_empty());
    let md = common::on_fixtures(&["report"]);
    let marks = md
        .matches("audience by the word model: no audience rule fired")
        .count();
    assert_eq!(marks, by_model.len(), "one mark per model-decided quote");
    // A quote the model decided carries no default mark, and the reverse.
    assert!(quotes
        .iter()
        .all(|q| !(q["model_audience"] == true && q["default_audience"] == true)));
}

/// Session 40: "uphold cyber sovereignty, oppose cyber hegemony, reject double standards" is the external voice on
/// governance rules made by all, not by one (standards.governance-by-all-vs-rule-making-power): set against rule-making
/// power in cyberspace at home, that frame fires, and the partner is the cyberspace rule-making quote rather than
/// discourse power over technical standards. Before the round the frame needed a word such as "all countries" and
/// did not fire here.
#[test]
fn cyber_hegemony_opposed_meets_rule_making_power_in_cyberspace() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "China advocates upholding cyber sovereignty and opposing cyber hegemony. There is only one set of international rules in cyberspace, and we reject double standards.",
            "speaker": "Mao Ning", "role": "Foreign Ministry Spokesperson", "venue": "Regular press conference", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "要加快提升我国对网络空间的国际话语权和规则制定权，推动网络空间治理体系变革。",
            "speaker": "习近平", "role": "中共中央总书记", "venue": "中央政治局集体学习", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "标准是产业竞争的制高点，得标准者得天下，我们要掌握标准的话语权。",
            "venue": "浙江日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "standards",
        "i1",
        "standards.governance-by-all-vs-rule-making-power",
    );
}

/// Session 54, second part (pairs54b): an embassy rejecting an accusation against China where the matter is
/// cybersecurity between states ("dismissed the allegations as groundless ... cybersecurity issues"), with no word of
/// hacking or attacks, is the outward voice's denial of a cyber charge: it takes the victim-of-attacks stance and meets
/// the home voice building offensive and defensive cyber forces (docs/rules.md › The pairing round of session 54,
/// second part). Before the round only the broad pretext stance fired on "cybersecurity", and the partner was the
/// home review of foreign products.
#[test]
fn an_accusation_dismissed_on_cybersecurity_issues_meets_offensive_cyber_forces() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "The embassy dismissed the allegations as groundless and irresponsible, and called on the government to take a more responsible approach to cybersecurity issues.",
            "speaker": "Embassy spokesperson", "role": "spokesperson", "venue": "embassy statement", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "网络安全的本质在于对抗，对抗的本质在于攻防两端能力的较量。要建设攻防兼备的网络空间力量，维护国家网络安全。",
            "venue": "解放军报", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "对关键信息基础设施运营者采购的境外网络产品和服务，要依法开展网络安全审查，防范供应链安全风险。",
            "venue": "人民日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "security",
        "i1",
        "security.victim-of-attacks-vs-own-cyber-forces",
    );
}

/// The home voice that treats foreign devices and apps as a data risk, shared by the two pairs55 tests of the
/// unproven-risk frame's outward side.
const FOREIGN_DEVICES_AS_A_DATA_RISK: &str =
    "境外生产的智能设备和应用程序可能收集并回传用户数据，危害国家安全，要依法开展网络安全审查。";

/// Session 55 (pairs55): a firm's answer that its users' data was never shared with a government (共享, with the data
/// before the verb) or is kept apart from the home users' data on servers abroad takes the external stance of the
/// unproven-risk frame, so it meets the home voice that treats foreign devices and apps as a data risk
/// (docs/rules.md › The pairing round of session 55). Before, neither statement took a stance of any security frame
/// and got no partner at all.
#[test]
fn data_never_shared_or_kept_apart_meets_foreign_technology_as_a_data_risk() {
    let home = serde_json::json!({"id": "i1", "text": FOREIGN_DEVICES_AS_A_DATA_RISK,
        "venue": "国家安全部微信公众号", "lang": "zh"});
    for external in [
        serde_json::json!({"id": "e1", "text": "该应用在声明中表示，从来没有、也永远不会与任何政府共享海外用户数据，任何相反的说法都是错误的。",
            "speaker": "公司发言人", "role": "spokesperson", "venue": "公司声明", "lang": "zh"}),
        serde_json::json!({"id": "e1", "text": "The company said its international users' data is stored separately from its domestic users' data, on servers located in the United States.",
            "speaker": "company spokesperson", "role": "spokesperson", "venue": "statement", "lang": "en"}),
    ] {
        assert_the_one_pair(
            &[external, home.clone()],
            "security",
            "i1",
            "security.unproven-risk-vs-foreign-technology-as-risk",
        );
    }
}

/// Session 55 (pairs55), second candidate: an accused firm vouching for its products' security ("verified for years by
/// independent third parties") takes the external stance of the unproven-risk frame, so it meets the home voice that
/// treats foreign devices and apps as a risk (docs/rules.md › The pairing round of session 55). Before, the statement
/// took no stance of any security frame and got no partner.
#[test]
fn a_firm_vouching_for_its_products_security_meets_foreign_technology_as_a_risk() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "The drone maker said in a statement that the security of its products has been verified for years by independent third parties, and it would assess every option to protect its users.",
            "speaker": "company spokesperson", "role": "spokesperson", "venue": "statement", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": FOREIGN_DEVICES_AS_A_DATA_RISK,
            "venue": "国家安全部微信公众号", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "security",
        "i1",
        "security.unproven-risk-vs-foreign-technology-as-risk",
    );
}

/// Session 55, third part (pairs55c): a device maker's denial that its phones censor their users ("do not censor
/// communications", never restrict or block what users search or browse; 不会审查用户的通信) takes the external
/// stance of the open-cyberspace frame, so it meets the home voice on the internet as a front of ideological
/// struggle to be managed on that frame (docs/rules.md › The pairing round of session 55, third part). Before, the
/// denial took only the broad rebuttal stance of security.
#[test]
fn a_device_maker_denying_censorship_meets_the_internet_as_an_ideological_front() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "The handset maker rejected the report, saying its phones do not censor communications to or from their users and have never restricted or blocked what users search or browse.",
            "speaker": "company spokesperson", "role": "spokesperson", "venue": "statement", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "互联网是意识形态斗争的主战场，要坚持党管互联网，牢牢掌握网络意识形态工作的领导权，管好用好网络舆论阵地。",
            "venue": "求是", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "没有网络安全就没有国家安全，要筑牢国家网络安全屏障。",
            "venue": "人民日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "security",
        "i1",
        "security.open-cyberspace-vs-ideological-battlefield",
    );
}

/// Session 56 (pairs56s): cybersecurity called a global issue, the common concern of all countries ("Cyber security
/// is a global issue that bears on the common interests of all countries"; 网络安全是全球性问题) takes the external
/// stance of the peaceful-cyberspace frame, so it meets the home voice on cybersecurity as a confrontation of
/// offence and defence on that frame (docs/rules.md › The pairing round of session 56, second part). Before, the
/// statement took only the broad rebuttal stance of security, which a general home slogan answered as well.
#[test]
fn cybersecurity_as_a_global_issue_meets_cybersecurity_as_offence_and_defence() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "The spokesperson said China firmly upholds cyber security. Cyber security is a global issue that bears on the common interests of all countries.",
            "speaker": "Foreign Ministry spokesperson", "role": "spokesperson", "venue": "regular press conference", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "网络安全的本质在对抗，对抗的本质在攻防两端能力较量，要加快提升网络攻防能力。",
            "venue": "解放军报", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "没有网络安全就没有国家安全，要筑牢国家网络安全屏障。",
            "venue": "人民日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "security",
        "i1",
        "security.peaceful-cyberspace-vs-battlefield",
    );
}

/// Session 59 (pair59): the outward voice asking to be sold technology ("relax its export controls on high-tech products
/// to China") takes the external stance of `indigenization.technology-for-sale-vs-cannot-be-bought`, so it meets the
/// home doctrine that core technology cannot be bought on that frame (docs/rules.md › The pairing round of session 59).
/// Before, both home texts took only the general self-reliance frames and the danger text won.
#[test]
fn a_request_to_relax_export_controls_meets_the_doctrine_that_core_technology_cannot_be_bought() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "The commerce ministry spokesperson said China hopes the United States will relax its export controls on high-tech products to China, which would benefit the companies of both countries.",
            "speaker": "Ministry of Commerce spokesperson", "role": "spokesperson", "venue": "regular press conference", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "实践反复告诉我们，关键核心技术是要不来、买不来、讨不来的，必须牢牢掌握在自己手中。",
            "venue": "求是", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "核心技术受制于人是我们最大的隐患，要加快关键核心技术攻关。",
            "venue": "人民日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "indigenization",
        "i1",
        "indigenization.technology-for-sale-vs-cannot-be-bought",
    );
}

/// Session 41: a firm's denial that it works with the army ("denied any research collaboration with the People's
/// Liberation Army", "a civilian technology company") takes the external stance of military-civil fusion's
/// normal-practice frame, so it meets the home voice on fusion for military strength on that frame and not only on
/// the broad one (docs/rules.md › The pairing round of session 41). Before the round the denial took no specific
/// MCF stance: the pair fired only the broad frame, at a third of the score.
#[test]
fn a_firm_denying_military_work_meets_fusion_for_military_strength() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "The company denied any research collaboration with the People's Liberation Army after the US Department of Defense added it to its list, saying it has always been a civilian technology company.",
            "speaker": "company spokesperson", "role": "spokesperson", "venue": "statement", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "推动军民融合深度发展，把优质民用技术应用于武器装备科研生产，提高部队战斗力，这是强军之策。",
            "venue": "解放军报", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "支持民营企业参与国防科技工业，进入武器装备科研生产领域。",
            "venue": "经济日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "military-civil-fusion",
        "i1",
        "military-civil-fusion.normal-practice-vs-military-strength",
    );
}

/// Session 41, second part: a firm's or the government's denial of backdoors in the words of a promise or an offer
/// ("will never install backdoors", "a no-backdoor agreement"; also "has never been asked to hand over", "under no
/// obligation to hand over data") takes the external stance of the unproven-risk frame, so it meets the home voice
/// that treats foreign chips and devices as carrying backdoors on that frame (docs/rules.md › The pairing round of
/// session 41, second part). Before, the denial took only the no-backdoors and surveillance stances, which this home
/// text does not answer: the general slogan "no national security without network security" won on the broad frame.
#[test]
fn a_promise_of_no_backdoors_meets_foreign_devices_as_a_backdoor_risk() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "Asked whether Huawei's equipment could be used for spying, Ren Zhengfei said the company will never install backdoors and is ready to sign a no-backdoor agreement with any country.",
            "speaker": "Ren Zhengfei", "role": "founder of Huawei", "venue": "interview with foreign media", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "一些境外生产的芯片、智能设备或者软件可能在设计制造阶段就被故意预埋了后门，厂商可以远程收集指定数据并回传。",
            "venue": "国家安全部微信公众号", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "没有网络安全就没有国家安全，要筑牢国家网络安全屏障，坚决维护网络空间主权。",
            "venue": "人民日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "security",
        "i1",
        "security.unproven-risk-vs-foreign-technology-as-risk",
    );
}

/// Session 47: against a denial that Chinese law makes firms install backdoors or collect data, the home voice that
/// treats foreign technology as the risk (secure and controllable substitution) is the opposite the judges accept;
/// the security organs' warning that foreign intelligence agencies steal data through AI programs casts China as the
/// target of foreign spying, which the outward voice says too, and is judged related. So the espionage frame weighs
/// 0.5, below the frames on foreign technology as a risk (docs/rules.md › The pairing round of session 47). At 0.85
/// the shorter warning, which shares more concepts with the denial, won.
#[test]
fn a_denial_of_backdoors_meets_foreign_technology_as_the_risk_not_foreign_spies() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "Yang Jiechi rejected allegations that Huawei might covertly collect data and report it to Beijing: Chinese law does not require companies to install backdoors or collect intelligence, and the government never asks firms to hand over data.", "speaker": "Yang Jiechi", "role": "top diplomat", "venue": "Munich Security Conference", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "习近平指出，虽然我国网络信息技术和网络安全保障取得了不少成绩，但与世界先进水平相比还有很大差距，要抓紧突破网络发展的前沿技术和具有国际竞争力的关键核心技术，加快推进国产自主可控替代计划，构建安全可控的信息技术体系。", "venue": "人民日报", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "The Ministry of State Security warned that AI programs automatically collect the data users input, and that foreign intelligence agencies steal such data to collect intelligence on China.", "speaker": "Ministry of State Security", "venue": "WeChat account of the Ministry of State Security", "lang": "en"}),
    ];
    assert_the_one_pair(
        &lines,
        "security",
        "i1",
        "security.unproven-risk-vs-foreign-technology-as-risk",
    );
}

/// Session 48: the outward voice warning that shutting a Chinese firm out costs the excluding country's own
/// consumers and carriers, and sends a bad signal to Chinese business, appeals to the market as the rest of
/// `indigenization.open-markets-vs-self-reliance`'s external stance does, so it meets the home voice's "core
/// technology cannot be bought" (docs/rules.md › The pairing round of session 48). Before, no external stance
/// fired on it and it had no partner at all.
#[test]
fn the_cost_of_shutting_a_chinese_firm_out_meets_self_reliance() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "Removing Huawei's equipment from the network will only hurt the country's own consumers and rural carriers, and it sends a very bad signal to Chinese companies that want to invest there.",
            "speaker": "Geng Shuang", "role": "Foreign Ministry Spokesperson", "venue": "Regular press conference", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "关键核心技术是要不来、买不来、讨不来的，只有把关键核心技术掌握在自己手中，才能从根本上保障国家经济安全。",
            "venue": "求是", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "indigenization",
        "i1",
        "indigenization.open-markets-vs-self-reliance",
    );
}

/// Session 44: an external statement that names the great-power goal as the country's own development plan ("a
/// ten-year action plan for its development into a manufacturing power") takes the external stance of
/// `ambition.development-plan-vs-race`, so it meets the home voice that sets the same goal in a race (commanding
/// heights, from following to leading), not the home text that only names the goal (docs/rules.md › The pairing
/// round of session 44). Before, it took no external stance of ambition and had no partner at all.
#[test]
fn the_goal_stated_as_a_development_plan_meets_the_goal_as_a_race() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "Made in China 2025 is a ten-year action plan for the country's development into a manufacturing power.",
            "speaker": "Zhao Lijian", "role": "Foreign Ministry Spokesperson", "venue": "Regular press conference", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "建设制造强国，必须抢占未来产业竞争制高点，实现从跟跑到领跑。",
            "venue": "人民日报", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "加快建设制造强国，推动制造业高质量发展。",
            "venue": "人民日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "ambition",
        "i1",
        "ambition.development-plan-vs-race",
    );
}

/// Session 48, second pairing round: an external statement that docks Made in China 2025 with a partner's plan
/// meets the home text that names the programme's goal, becoming a manufacturing power, in a race, not a home text
/// that seizes the commanding heights of another subject (the concept `made-in-china-2025` targets
/// `manufacturing-power`; docs/rules.md › The pairing round of session 48, second part). Before, the commanding
/// heights of artificial intelligence won: the same frames, a shorter text, and the programme's aim counted for nothing.
#[test]
fn made_in_china_2025_docked_abroad_meets_the_manufacturing_power_race() {
    let lines = [
        serde_json::json!({"id": "e1", "text": "Premier Li said the two sides should dock Made in China 2025 with the partner's own industrial strategy and deepen practical cooperation in finance and energy for mutual benefit.",
            "speaker": "Li Keqiang", "role": "Premier", "venue": "Meeting with the visiting Prime Minister", "lang": "en"}),
        serde_json::json!({"id": "i1", "text": "力争用十年时间迈入制造强国行列，在国际竞争中赢得主动。为此要统筹推进产业基础再造、质量品牌建设和绿色低碳转型，完善财税金融支持政策，加强人才队伍建设，优化营商环境。",
            "venue": "求是", "lang": "zh"}),
        serde_json::json!({"id": "i2", "text": "谁抢占了新一代人工智能技术发展的制高点，谁就能在国际竞争中赢得主动，实现从跟跑到领跑。",
            "venue": "解放军报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &lines,
        "ambition",
        "i1",
        "ambition.development-plan-vs-race",
    );
}

/// The external statement "e1" of the session-49 security tests: a spokesperson's rebuttal of security charges.
fn security_rebuttal() -> Value {
    serde_json::json!({"id": "e1", "text": "The United States keeps labelling Chinese telecom companies a security threat without producing any evidence. Such groundless accusations are a smear, and we urge the US side to stop abusing the concept of national security.",
        "speaker": "Wang Wenbin", "role": "Foreign Ministry Spokesperson", "venue": "Regular press conference", "lang": "en"})
}

/// Session 49: the security organs' warning that foreign intelligence agencies steal China's data casts China as
/// the target of foreign spying, which the outward voice says too, so it is no opposite of a rebuttal of security
/// charges: the broad `security.rebuttal-and-cooperation-vs-security-and-control` no longer takes it on its internal
/// side (docs/rules.md › The pairing round of session 49). Before, the broad frame fired and the warning was listed
/// as the rebuttal's contrast; the home voice that treats foreign technology as the risk still is.
#[test]
fn a_rebuttal_of_security_charges_does_not_meet_a_warning_about_foreign_spies() {
    let rebuttal = security_rebuttal();
    let spies = serde_json::json!({"id": "i1", "text": "国家安全部提醒，境外间谍情报机关利用网络窃取我国数据，广大公众要提高警惕。",
        "venue": "国家安全部微信公众号", "lang": "zh"});
    assert_no_pair(&[rebuttal.clone(), spies.clone()], "security");

    let risk = serde_json::json!({"id": "i2", "text": "对关键信息基础设施使用的境外网络产品和服务开展网络安全审查，防范国外芯片的后门等安全隐患。",
        "venue": "人民日报", "lang": "zh"});
    assert_the_one_pair(
        &[rebuttal, spies, risk],
        "security",
        "i2",
        "security.unproven-risk-vs-foreign-technology-as-risk",
    );
}

/// Session 52, second part: a home text that repeats the outward rebuttal in its other words (the charge stigmatises
/// Chinese firms, the accuser is a thief crying "stop thief", a foreign intelligence bureau attacks China) names a
/// foreign country, systems and a threat, but does not treat foreign technology as the risk: the internal side of
/// `security.unproven-risk-vs-foreign-technology-as-risk` no longer takes it (docs/rules.md › The pairing round of
/// session 52, second part). Before, that frame fired on it and it was listed as the rebuttal's contrast.
#[test]
fn a_rebuttal_of_security_charges_does_not_meet_the_same_rebuttal_said_at_home() {
    let at_home = serde_json::json!({"id": "i1", "text": "美方一再贼喊捉贼，把中国企业的网络设备污名化为安全威胁，美国中央情报局却长期对中国关键信息系统实施网络渗透攻击。",
        "venue": "人民日报", "lang": "zh"});
    assert_no_pair(&[security_rebuttal(), at_home], "security");
}

/// Session 49, second part: the struggle and the battlefield name a contest, not the stance on security; a home text
/// that takes the broad security frame by them alone (here the ideological struggle online) is no contrast to a
/// rebuttal of security charges, in either language. Cyber offence and defence still is.
#[test]
fn a_rebuttal_of_security_charges_does_not_meet_a_struggle_or_a_battlefield_named_alone() {
    let rebuttal = security_rebuttal();
    let struggle_zh = serde_json::json!({"id": "i1", "text": "互联网已经成为意识形态斗争的主战场，网络安全部门要敢于斗争、善于斗争，打赢网上意识形态斗争。",
        "venue": "解放军报", "lang": "zh"});
    let struggle_en = serde_json::json!({"id": "i2", "text": "The internet has become the main battlefield of the ideological struggle, and the security organs must dare to struggle and win it.",
        "venue": "PLA Daily", "lang": "en"});
    for internal in [&struggle_zh, &struggle_en] {
        assert_no_pair(&[rebuttal.clone(), internal.clone()], "security");
    }

    let offence = serde_json::json!({"id": "i3", "text": "网络空间攻防对抗日趋激烈，必须筑牢网络安全防线，推进自主可控。",
        "venue": "解放军报", "lang": "zh"});
    assert_the_one_pair(
        &[rebuttal, struggle_zh, struggle_en, offence],
        "security",
        "i3",
        "security.rebuttal-and-cooperation-vs-security-and-control",
    );
}

/// Session 50: the outward voice's space statements that name space by the lunar research station, the space agency
/// or a race, or that speak of sharing results and of inclusive, mutually beneficial cooperation, take the external
/// stance of `ambition.space-for-all-vs-space-power`, so they meet the home goal of becoming a space power
/// (docs/rules.md › The pairing round of session 50). Before, no space stance fired on them and the space-power goal
/// was no partner.
#[test]
fn space_shared_and_open_meets_the_space_power_goal() {
    let goal = serde_json::json!({"id": "i1", "text": "加快建设航天强国，实现航天梦，是强国梦的重要组成部分。",
        "venue": "人民日报", "lang": "zh"});
    let externals = [
        "The agency said the ILRS will offer a platform for inclusive cooperation, open to every partner that wishes to join.",
        "China will share the lunar samples and the data from the mission with scientists of every country.",
        "China is not interested in a space race with anyone, the spokesperson said.",
    ];
    for text in externals {
        let e1 = serde_json::json!({"id": "e1", "text": text, "speaker": "Wang Wenbin",
            "role": "Foreign Ministry Spokesperson", "venue": "Regular press conference", "lang": "en"});
        assert_the_one_pair(
            &[e1, goal.clone()],
            "ambition",
            "i1",
            "ambition.space-for-all-vs-space-power",
        );
    }
}

/// Session 50, second part: a Chinese firm's own account of its products and of itself as civilian takes the
/// outward stance of military-civil fusion, so it meets the home voice on fusion for defence (docs/rules.md › The
/// pairing round of session 50, second part). Before the round a drone maker's products "for consumers", with
/// military customisation refused, took no external stance (only the home side's "military use"), and a firm saying
/// it is "not a military entity" took none either: neither had a partner.
#[test]
fn a_firm_calling_its_products_or_itself_civilian_meets_fusion_for_defence() {
    let firm = |text: &str| {
        serde_json::json!({"id": "e1", "text": text, "speaker": "company spokesperson", "role": "spokesperson",
            "venue": "statement", "lang": "en"})
    };
    let products = [
        firm("The company said it makes its drones for consumers, is unequivocally opposed to mounting weapons on them and has refused every customisation for military use."),
        serde_json::json!({"id": "i1", "text": "推动军民融合深度发展，把优质民用技术应用于武器装备科研生产，提高部队战斗力，这是强军之策。",
            "venue": "解放军报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &products,
        "military-civil-fusion",
        "i1",
        "military-civil-fusion.civilian-purpose-vs-defence-strength",
    );
    let entity = [
        firm("The company said its designation was clearly a mistake: it is not a military entity, and the listing will not affect its business."),
        serde_json::json!({"id": "i1", "text": "支持民营企业参与国防科技工业，进入武器装备科研生产领域。",
            "venue": "经济日报", "lang": "zh"}),
    ];
    assert_the_one_pair(
        &entity,
        "military-civil-fusion",
        "i1",
        "military-civil-fusion.civilian-firms-vs-firms-in-the-defence-industry",
    );
}

/// Session 52: the outward voice's own account in words the frames lacked — a firm's security record and data never
/// handed over, its plan to keep buying from foreign suppliers, patents never weaponised and standards left to
/// engineers, its independence from state and army, and a technology built by no one country alone. Before, each
/// external statement took no external stance of its theme and had no partner.
#[test]
fn the_outward_voices_own_account_meets_the_home_voice_of_its_theme() {
    let firm = |text: &str| {
        serde_json::json!({"id": "e1", "text": text, "speaker": "company spokesperson", "role": "spokesperson",
            "venue": "statement", "lang": "en"})
    };
    let home = |text: &str, venue: &str| serde_json::json!({"id": "i1", "text": text, "venue": venue, "lang": "zh"});
    let cases = [
        (
            firm("The company said its equipment has a good track record on security, and that it has never jeopardized the national security of any country it operates in."),
            home("境外生产的芯片和软件可能被预埋后门，关键信息基础设施要加快推进安全可控的国产替代。", "中央网信办"),
            "security",
            "security.unproven-risk-vs-foreign-technology-as-risk",
        ),
        (
            firm("Asked whether it would make its own chips, the company said it spent billions of dollars buying from American suppliers last year and will continue to purchase American components in large quantities."),
            home("关键核心技术是要不来、买不来、讨不来的，必须牢牢掌握在自己手中，打赢关键核心技术攻坚战。", "求是"),
            "indigenization",
            "indigenization.open-markets-vs-self-reliance",
        ),
        (
            firm("The company said it will never weaponize its standard-essential patents and licenses them on FRAND terms; the 5G standard should be set by technical experts rather than politicians."),
            home("谁掌握了标准，谁就掌握了话语权；要推动中国标准成为国际标准，提升我国在国际标准制定中的话语权。", "人民日报"),
            "standards",
            "standards.rules-by-all-vs-rules-of-our-own",
        ),
        (
            firm("The company said it operates independently, free from government control or military involvement."),
            home("推动军民融合深度发展，把优质民用技术应用于武器装备科研生产，提高部队战斗力，这是强军之策。", "解放军报"),
            "military-civil-fusion",
            "military-civil-fusion.civilian-purpose-vs-defence-strength",
        ),
        (
            serde_json::json!({"id": "e1", "text": "The spokesperson said the age of artificial intelligence is not being built by one country alone, and China will work to prevent monopolistic control of the technology by a few countries.",
                "speaker": "Mao Ning", "role": "Foreign Ministry spokesperson", "venue": "regular press conference", "lang": "en"}),
            home("我们要抢占人工智能发展的制高点，实现从跟跑到并跑再到领跑的转变，赢得国际竞争的主动权。", "求是"),
            "ambition",
            "ambition.shared-development-vs-winning-the-race",
        ),
    ];
    for (external, internal, theme, frame) in cases {
        assert_the_one_pair(&[external, internal], theme, "i1", frame);
    }
}
