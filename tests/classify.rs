//! `twovoices classify`: output formats parsed back, and every kind of bad input.

mod common;
use common::{classify_jsonl, stdout, tv};

use predicates::str::contains;
use std::io::Write;

fn write(dir: &tempfile::TempDir, name: &str, content: &str) -> String {
    let p = dir.path().join(name);
    std::fs::File::create(&p)
        .unwrap()
        .write_all(content.as_bytes())
        .unwrap();
    p.to_str().unwrap().to_string()
}

const GOOD: &str = r#"{"id":"a","text":"Restrictions on Huawei violate market economy principles and fair competition.","role":"Foreign Ministry Spokesperson","venue":"Regular press conference","lang":"en"}
{"id":"b","text":"核心技术受制于人是我们最大的隐患。","speaker":"习近平","venue":"网络安全和信息化工作座谈会","lang":"zh"}
"#;

#[test]
fn jsonl_output_has_audience_themes_rules_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "s.jsonl", GOOD);
    let lines = classify_jsonl(&f);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["classification"]["audience"], "external");
    assert_eq!(lines[0]["classification"]["themes"][0], "indigenization");
    let fired = lines[0]["classification"]["fired"].as_array().unwrap();
    assert!(fired
        .iter()
        .any(|f| f["rule"] == "theme.indigenization.market-principles"
            && f["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["matched"] == "market economy")));
    assert_eq!(lines[1]["classification"]["audience"], "internal");
    assert_eq!(lines[1]["classification"]["themes"][0], "indigenization");
}

#[test]
fn json_and_csv_parse_back_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "s.jsonl", GOOD);
    let out = tv()
        .args(["classify", &f, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[1]["id"], "b");
    let out = tv()
        .args(["classify", &f, "--format", "csv"])
        .output()
        .unwrap();
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(r.headers().unwrap().get(2), Some("audience"));
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "a");
    assert_eq!(&rows[0][2], "external");
    assert!(rows[0][5].contains("aud.ext.mfa-spokesperson"));
}

#[test]
fn empty_input_gives_an_empty_json_array() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "empty.jsonl", "\n");
    let out = tv()
        .args(["classify", &f, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn table_lists_every_statement() {
    let out = tv()
        .args(["classify", "fixtures/brookings-2021.jsonl"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for i in 12..=38 {
        assert!(text.contains(&format!("brookings-2021-{i}")), "missing {i}");
    }
}

#[test]
fn csv_input_with_gold_columns_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "s.csv",
        "\u{feff}id,text,role,venue,lang,gold_audience,gold_themes\r\nc1,\"China must master core technologies, she said.\",,Qiushi,en,internal,indigenization;ambition\r\n",
    );
    let rows = classify_jsonl(&f);
    assert_eq!(rows.len(), 1);
    let v = &rows[0];
    assert_eq!(v["id"], "c1");
    assert_eq!(v["gold"]["themes"][1], "ambition");
    assert_eq!(v["classification"]["audience"], "internal");
}

#[test]
fn jsonl_with_bom_crlf_and_stdin() {
    tv().args(["classify", "-", "--format", "jsonl"])
        .write_stdin(format!("\u{feff}{}", GOOD.replace('\n', "\r\n")))
        .assert()
        .success()
        .stdout(contains("\"id\":\"a\"").and(contains("\"id\":\"b\"")));
}

use predicates::prelude::PredicateBooleanExt;

fn fails_with(content: &str, name: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, name, content);
    let out = tv()
        .args(["classify", &f, "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "exit code");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(&f), "names the file: {err}");
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in {err}");
    }
}

#[test]
fn malformed_json_names_line_and_column() {
    fails_with(
        "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\", \"text\" \"y\"}\n",
        "bad.jsonl",
        &[":2:", "expected `:`", "JSON object"],
    );
}

#[test]
fn missing_id_or_text_is_named() {
    fails_with("{\"text\":\"x\"}\n", "noid.jsonl", &[":1", "missing `id`"]);
    fails_with(
        "{\"id\":\"q\",\"text\":\"  \"}\n",
        "notext.jsonl",
        &[":1", "`q` has no `text`"],
    );
}

#[test]
fn duplicate_id_names_the_second_line() {
    fails_with(
        "{\"id\":\"a\",\"text\":\"x\"}\n\n{\"id\":\"a\",\"text\":\"y\"}\n",
        "dup.jsonl",
        &[":3", "duplicate id `a`"],
    );
}

#[test]
fn unknown_lang_audience_and_theme_values() {
    fails_with(
        "{\"id\":\"a\",\"text\":\"x\",\"lang\":\"fr\"}\n",
        "lang.jsonl",
        &[":1", "unknown lang `fr`", "`en` or `zh`"],
    );
    fails_with(
        "{\"id\":\"a\",\"text\":\"x\",\"gold\":{\"audience\":\"foreign\",\"themes\":[]}}\n",
        "aud.jsonl",
        &[":1:", "unknown variant `foreign`", "external"],
    );
    fails_with(
        "{\"id\":\"a\",\"text\":\"x\",\"gold\":{\"audience\":\"external\",\"themes\":[\"economy\"]}}\n",
        "theme.jsonl",
        &[":1:", "unknown variant `economy`", "military-civil-fusion"],
    );
    fails_with(
        "id,text,gold_audience,gold_themes\na,x,external,ambition;trade\n",
        "theme.csv",
        &[":2:4", "unknown theme `trade`"],
    );
    fails_with(
        "id,text,gold_audience\na,x,outer\n",
        "aud.csv",
        &[":2:3", "unknown gold_audience `outer`"],
    );
    fails_with(
        "id,text,colour\na,x,red\n",
        "col.csv",
        &[":1", "unknown CSV column `colour`"],
    );
    fails_with(
        "id,text\na,x,extra\n",
        "len.csv",
        &[":2", "3 fields, expected 2"],
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bin.jsonl");
    std::fs::write(
        &p,
        b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"\xff\"}\n",
    )
    .unwrap();
    tv().args(["classify", p.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains(":2").and(contains("UTF-8")));
}

#[test]
fn skip_invalid_keeps_good_records_reports_every_bad_one_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "mixed.jsonl",
        "{\"id\":\"a\",\"text\":\"x\"}\nnot json\n{\"id\":\"b\",\"text\":\"y\"}\n{\"id\":\"a\",\"text\":\"z\"}\n{\"id\":\"c\",\"text\":\"w\"}\n",
    );
    let out = tv()
        .args(["classify", &f, "--format", "jsonl", "--skip-invalid"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("mixed.jsonl:2:")
            && err.contains("mixed.jsonl:4")
            && err.contains("2 invalid record(s) skipped"),
        "{err}"
    );
}

#[test]
fn without_skip_the_first_bad_record_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "m.jsonl",
        "{\"id\":\"a\",\"text\":\"x\"}\nnot json\n{\"id\":\"b\",\"text\":\"y\"}\n",
    );
    let out = tv()
        .args(["classify", &f, "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"id\":\"a\"") && !text.contains("\"id\":\"b\""));
}

#[test]
fn missing_file_and_bad_rules_have_distinct_exit_codes() {
    tv().args(["classify", "no/such/file.jsonl"])
        .assert()
        .code(1)
        .stderr(contains("no/such/file.jsonl"));
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "r.toml", "[[rule]]\nid = \"x\"\nlabel = \"external\"\nsummary = \"s\"\nphrases = [\"a\"]\nexlude = [\"b\"]\n");
    tv().args([
        "classify",
        "fixtures/brookings-2021.jsonl",
        "--rules",
        dir.path().to_str().unwrap(),
    ])
    .assert()
    .code(78)
    .stderr(contains("r.toml:6:1").and(contains("unknown field `exlude`")));
    tv().args(["classify"]).assert().code(2);
}

#[test]
fn documents_are_split_into_statements_with_front_matter_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "speech.md",
        "speaker: 习近平\nvenue: 网络安全和信息化工作座谈会\ndate: 2016-04-19\n\n# 讲话\n\n核心技术受制于人是我们最大的隐患。\n\n我们要加快建设网络强国。\n",
    );
    let rows = classify_jsonl(&f);
    assert_eq!(rows.len(), 2, "the heading is not a statement");
    assert_eq!(rows[0]["id"], "speech-001");
    assert_eq!(rows[0]["speaker"], "习近平");
    assert_eq!(rows[0]["lang"], "zh");
    assert_eq!(rows[0]["classification"]["audience"], "internal");
    assert_eq!(rows[0]["classification"]["themes"][0], "indigenization");
    assert_eq!(rows[1]["classification"]["themes"][0], "ambition");
}

#[test]
fn a_date_that_is_not_a_date_is_a_record_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "dates.jsonl",
        "{\"id\":\"a\",\"text\":\"x\",\"date\":\"2021-03-05\"}\n{\"id\":\"b\",\"text\":\"y\",\"date\":\"yesterday\"}\n{\"id\":\"c\",\"text\":\"z\",\"date\":\"2020-02-30\"}\n",
    );
    let out = tv()
        .args(["classify", &f, "--format", "jsonl", "--skip-invalid"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("dates.jsonl:2:")
            && err.contains("invalid date `yesterday`")
            && err.contains("dates.jsonl:3:")
            && err.contains("invalid date `2020-02-30`"),
        "{err}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let csv = write(&dir, "dates.csv", "id,text,date\na,x,2021\nb,y,2021-13\n");
    tv().args(["classify", &csv])
        .assert()
        .code(1)
        .stderr(contains("dates.csv:3").and(contains("invalid date `2021-13`")));
}

#[test]
fn skip_invalid_on_csv_reads_on_after_a_row_of_the_wrong_width() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "x.csv", "id,text\nc1,a\nc2,b,EXTRA\nc3,c\nc4,d\n");
    let out = tv()
        .args(["classify", &f, "--format", "jsonl", "--skip-invalid"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"c1\"", "\"c3\"", "\"c4\""]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("x.csv:3: this row has 3 fields, expected 2")
            && err.contains("1 invalid record(s) skipped"),
        "{err}"
    );
}

#[test]
fn a_piped_table_fits_columns() {
    let width = |text: &str| {
        text.lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    let default = tv()
        .args(["classify", "fixtures/brookings-2021.jsonl"])
        .output()
        .unwrap();
    assert_eq!(width(&String::from_utf8(default.stdout).unwrap()), 120);
    let narrow = tv()
        .args(["classify", "fixtures/brookings-2021.jsonl"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(narrow.status.success());
    let text = String::from_utf8(narrow.stdout).unwrap();
    assert_eq!(width(&text), 80, "{text}");
}

/// Id, audience and themes of each classified statement, from `classify --format jsonl`.
fn decisions(file: &str) -> Vec<(String, String, String)> {
    classify_jsonl(file)
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["classification"]["audience"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                v["classification"]["themes"].to_string(),
            )
        })
        .collect()
}

#[test]
fn classify_csv_output_reads_back_into_classify_and_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::stdout(&["classify", common::FIXTURE, "--format", "csv"]);
    let csv = write(&dir, "classified.csv", &out);
    // The output's own columns (audience, themes, rules, ...) are recognised and recomputed, so the same
    // rules decide the same.
    assert_eq!(decisions(&csv), decisions(common::FIXTURE));
    assert_eq!(decisions(&csv).len(), 27);
    // On a file where the office decides many statements, too (the role column is written and read).
    let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dev.jsonl");
    let out = common::stdout(&["classify", dev, "--format", "csv"]);
    let dev_csv = write(&dir, "dev.csv", &out);
    assert_eq!(decisions(&dev_csv), decisions(dev));
    let index = dir.path().join("idx");
    common::tv_at(&index)
        .args(["index", &csv])
        .assert()
        .success()
        .stdout(contains("27 added"));
    // A search's CSV reads back too.
    let hits = common::tv_at(&index)
        .args(["search", "*", "--format", "csv", "--limit", "100"])
        .output()
        .unwrap();
    let hits = write(&dir, "hits.csv", &String::from_utf8(hits.stdout).unwrap());
    assert_eq!(decisions(&hits).len(), 27);
    // A column no twovoices output writes is still refused, with the nearest known name.
    let typo = write(&dir, "typo.csv", "id,text,speakr\na,x,Hua\n");
    tv().args(["classify", &typo])
        .assert()
        .code(1)
        .stderr(contains("unknown CSV column `speakr`").and(contains("did you mean `speaker`?")));
}

/// The classification table, on the review fixtures with their own small rule set (so that edits of the
/// built-in rules do not churn it).
#[test]
fn classify_table_snapshot() {
    insta::assert_snapshot!(common::stdout(&[
        "classify",
        "tests/data/rules-review/gold.jsonl",
        "--rules",
        "tests/data/rules-review/old",
    ]));
}

/// Session 49: military-civil fusion's civilian and defence sides joined in other words (joint standards, a
/// university given defence research, 军企 with civilian firms, private firms with a modifier, defence technology in a
/// civilian industry) are military-civil fusion; 领军企业 (a leading firm) is no 军企.
#[test]
fn fusion_sides_joined_in_other_words_are_military_civil_fusion() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "mcf.jsonl",
        r#"{"id":"standards","text":"推进军民标准通用化,减少重复建设。","lang":"zh"}
{"id":"university","text":"支持该大学承担军工科研项目,建设国防特色学科。","lang":"zh"}
{"id":"cross-holding","text":"推进军企与民营企业交叉持股。","lang":"zh"}
{"id":"private","text":"Some 300 private high-tech enterprises have been approved to make weapons and equipment for the armed forces.","lang":"en"}
{"id":"converted","text":"这项军用技术的电源系统已应用到了高铁上。","lang":"zh"}
{"id":"leading-firm","text":"培育一批领军企业与民营企业协同创新。","lang":"zh"}
"#,
    );
    for v in classify_jsonl(&f) {
        let id = v["id"].as_str().unwrap();
        let mcf = v["classification"]["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "military-civil-fusion");
        assert_eq!(mcf, id != "leading-firm", "{id}: {}", v["classification"]);
    }
}

/// Session 49, second themes round: "standard" as a level of opening to be matched, a yardstick named beside the law
/// and "by any standards" is no technical standard, so the standards rules that read the bare word stay silent; a
/// technical standard beside them still fires.
#[test]
fn standard_as_a_level_or_a_legal_yardstick_is_no_technical_standard() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "standards.jsonl",
        r#"{"id":"opening","text":"會議提出，銀行業對外開放要對標開放程度較高的國際標準。","lang":"zh"}
{"id":"trade-rules","text":"中方主动对接国际高标准经贸规则，推进制度型开放。","lang":"zh"}
{"id":"law","text":"美方干预司法审判，违反国际标准及国际法。","lang":"zh"}
{"id":"compliance","text":"公司遵守与数据共享有关的国际标准和中国法律。","lang":"zh"}
{"id":"any","text":"China is not, by any standards, on course to dominate the global chip industry.","lang":"en"}
{"id":"technical","text":"中国积极参与5G国际标准制定。","lang":"zh"}
"#,
    );
    for v in classify_jsonl(&f) {
        let id = v["id"].as_str().unwrap();
        let fired = v["classification"]["fired"].as_array().unwrap();
        let technical = fired.iter().any(|r| {
            r["rule"] == "theme.standards.technical"
                || r["rule"] == "theme.standards.standards-tech-context"
        });
        assert_eq!(technical, id == "technical", "{id}: {fired:?}");
    }
}

/// Session 49, second themes round: the Chinese stages of catching up named together (跟跑 or 并跑, then 领跑) are
/// ambition's path with no technology word near, in either script; consumption and a province leading the country
/// are not.
#[test]
fn chinese_stages_of_catching_up_named_together_are_ambition() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "stages.jsonl",
        r#"{"id":"talent","text":"要实现“从跟跑到并跑、领跑”，关键要靠人才。","lang":"zh"}
{"id":"traditional","text":"我國在超高清領域正在實現從並跑到領跑的跨越。","lang":"zh"}
{"id":"consumption","text":"推动消费从跟跑转向领跑。","lang":"zh"}
{"id":"province","text":"该省新能源建设从跟跑到领跑，领跑全国。","lang":"zh"}
"#,
    );
    for v in classify_jsonl(&f) {
        let id = v["id"].as_str().unwrap();
        let fired = v["classification"]["fired"].as_array().unwrap();
        let stages = fired
            .iter()
            .any(|r| r["rule"] == "theme.ambition.catch-up-run-alongside-lead");
        assert_eq!(
            stages,
            id == "talent" || id == "traditional",
            "{id}: {fired:?}"
        );
    }
}

/// Session 49, second themes round: the sector power in the English copies' other wordings ("a strong science and
/// technology nation", "a country with strong cyber technology") is ambition's great-power goal; a strong trading
/// nation or a country with strong agriculture is not.
#[test]
fn strong_technology_nation_in_english_is_the_great_power_goal() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "powers.jsonl",
        r#"{"id":"science","text":"Central SOEs are the backbone for building the country into a strong science and technology nation.","lang":"en"}
{"id":"cyber","text":"Our goal is to build a country with strong cyber technology.","lang":"en"}
{"id":"trade","text":"China is a strong trading nation with strong cultural traditions.","lang":"en"}
{"id":"farming","text":"A country with strong agriculture feeds itself.","lang":"en"}
"#,
    );
    for v in classify_jsonl(&f) {
        let id = v["id"].as_str().unwrap();
        let fired = v["classification"]["fired"].as_array().unwrap();
        let goal = fired
            .iter()
            .any(|r| r["rule"] == "theme.ambition.great-power-goal");
        assert_eq!(goal, id == "science" || id == "cyber", "{id}: {fired:?}");
    }
}

/// Session 49, second themes round: discourse power in the ideological and public-opinion struggle online or in the
/// cognitive domain of war is no rule-setting; discourse power in global cyberspace governance still is.
#[test]
fn discourse_power_in_the_ideological_struggle_is_no_rule_setting() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "discourse.jsonl",
        r#"{"id":"ideology","text":"军队网上意识形态工作存在的突出问题是网络话语权弱。","lang":"zh"}
{"id":"opinion","text":"打好網上輿論鬥爭的主動仗,才能爭得話語權,贏得制腦權。","lang":"zh"}
{"id":"governance","text":"提高我国在全球网络空间治理中的话语权。","lang":"zh"}
"#,
    );
    for v in classify_jsonl(&f) {
        let id = v["id"].as_str().unwrap();
        let fired = v["classification"]["fired"].as_array().unwrap();
        let rules = fired
            .iter()
            .any(|r| r["rule"] == "theme.standards.rule-setting");
        assert_eq!(rules, id == "governance", "{id}: {fired:?}");
    }
}

/// Classifies the statements of `jsonl` (one a line) and asserts, for each, that one of `rules` fired exactly when
/// `expected(id)` says so; a failure names the statement and the rules that fired.
fn assert_rules_fire_exactly_on(jsonl: &str, rules: &[&str], expected: impl Fn(&str) -> bool) {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "statements.jsonl", jsonl);
    for v in classify_jsonl(&f) {
        let id = v["id"].as_str().unwrap();
        let fired = v["classification"]["fired"].as_array().unwrap();
        let any = fired
            .iter()
            .any(|r| rules.iter().any(|rule| r["rule"] == *rule));
        assert_eq!(any, expected(id), "{id}: {fired:?}");
    }
}

/// Classifies the statements of `jsonl` with the rules alone (`--no-stack`) and asserts, for each, that `theme` was
/// given exactly when `expected(id)` says so; a failure names the statement and the themes it got.
fn assert_theme_exactly_on(jsonl: &str, theme: &str, expected: impl Fn(&str) -> bool) {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "statements.jsonl", jsonl);
    for line in stdout(&["classify", &f, "--format", "jsonl", "--no-stack"]).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        let themes = v["classification"]["themes"].as_array().unwrap();
        let given = themes.iter().any(|t| t == theme);
        assert_eq!(given, expected(id), "{id}: {themes:?}");
    }
}

/// Session 50: the sector powers of the technology industries in other words ("a strong automaking nation", "a
/// powerful nation in the automobile industry", "a major power in aerospace technologies", 数据强国) are ambition's
/// great-power goal; a transport power (交通强国) and another country described as the most powerful in a technology
/// are not.
#[test]
fn sector_powers_of_technology_industries_are_the_great_power_goal() {
    assert_rules_fire_exactly_on(
        r#"{"id":"automaking","text":"The path to becoming a strong automaking nation lies in new energy vehicles.","lang":"en"}
{"id":"automobile","text":"Auto chips are a key basis for building China into a powerful nation in the automobile industry.","lang":"en"}
{"id":"aerospace","text":"China is a major power in aerospace technologies.","lang":"en"}
{"id":"data","text":"加快建设数据强国。","lang":"zh"}
{"id":"transport","text":"加快建设交通强国。","lang":"zh"}
{"id":"other-country","text":"As the most powerful country in space technology, the U.S. must stop militarising outer space.","lang":"en"}
"#,
        &["theme.ambition.great-power-goal"],
        |id| id != "transport" && id != "other-country",
    );
}

/// Session 50: rules and norms as a yardstick of conduct — firms told to abide by international rules and local laws
/// abroad, a charge that another state violated the basic norms of international relations — are no rule-setting in
/// technology, so the standards rules that read "international rules", "norms" or "industry norms" stay silent;
/// upholding those norms beside international cyberspace rules is still rule-setting.
#[test]
fn norms_of_conduct_are_no_rule_setting() {
    assert_rules_fire_exactly_on(
        r#"{"id":"local-laws","text":"The government asks Chinese firms to conduct cooperation in accordance with international rules and local laws, and the firms keep good cybersecurity records.","lang":"en"}
{"id":"industry-norms","text":"Chinese technology firms abroad strictly abide by local laws, regulations and industry norms.","lang":"en"}
{"id":"violated","text":"The indictment for so-called cyber theft seriously violates basic norms of international relations.","lang":"en"}
{"id":"violated-zh","text":"美方以所谓网络窃密为由起诉中方人员，严重违反国际关系基本准则。","lang":"zh"}
{"id":"cyber-rules","text":"China upholds the basic norms of international relations and supports laying down international cyberspace rules that are universally accepted.","lang":"en"}
"#,
        &[
            "theme.standards.rule-setting",
            "theme.standards.standards-tech-context",
            "theme.standards.technical",
        ],
        |id| id == "cyber-rules",
    );
}

/// Session 50: the countryside's standardised construction (标准化建设 as a support of rural revitalisation) is a level
/// of management, not a technical standard: the −5 trap of management standardisation fires and no standards theme
/// is given; a technical standard's standardisation still is one.
#[test]
fn rural_standardised_construction_is_no_technical_standard() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "rural.jsonl",
        r#"{"id":"rural","text":"标准化建设作为乡村振兴的重要支撑,对于提升乡村治理水平具有重要意义。","lang":"zh"}
{"id":"technical","text":"加快5G技术标准化建设,积极参与国际标准制定。","lang":"zh"}
"#,
    );
    for v in classify_jsonl(&f) {
        let id = v["id"].as_str().unwrap();
        let standards = v["classification"]["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "standards");
        assert_eq!(
            standards,
            id == "technical",
            "{id}: {}",
            v["classification"]
        );
    }
}

/// Session 50, second part: a foreign measure against a Chinese firm contested in words of law, evidence or
/// reputation (unfounded, without any evidence, a court, a lawsuit, 遗憾, 起诉) is the market pole of indigenization:
/// the firm, the measure and the stance together fire `measure-against-firm-contested`. A firm's patent lawsuit (no
/// measure), a listing on military grounds (military-civil fusion in the gold) and a security charge about backdoors
/// do not.
#[test]
fn a_measure_against_a_chinese_firm_contested_in_words_of_law_is_indigenization() {
    assert_rules_fire_exactly_on(
        r#"{"id":"unfounded","text":"China Telecom called the government's claims unfounded and argued the regulator should not revoke its licence in the absence of any evidence of misconduct.","lang":"en"}
{"id":"court","text":"\"Today's shutdown order will destroy hundreds of local jobs. We will challenge this order in court,\" TikTok said.","lang":"en"}
{"id":"lawsuit-zh","text":"字節跳動表示，將就美國政府的行政命令正式起訴，通過訴訟維護公司的權益。","lang":"zh"}
{"id":"patent","text":"Huawei filed a lawsuit against Samsung over patent infringement in a Shenzhen court.","lang":"en"}
{"id":"military","text":"Tencent said its inclusion on the Pentagon's list of Chinese military companies was clearly a mistake.","lang":"en"}
{"id":"backdoor","text":"The US claims that Huawei's equipment has backdoors; Huawei calls the ban groundless.","lang":"en"}
"#,
        &["theme.indigenization.measure-against-firm-contested"],
        |id| matches!(id, "unfounded" | "court" | "lawsuit-zh"),
    );
}

/// Session 50, second part: a foreign state's export controls on chips or technology, contested (a stated position,
/// regret, harm, a WTO case), are the market pole of indigenization even with no firm named; China's own export
/// controls on gallium and a sanction over missile proliferation are not.
#[test]
fn foreign_export_controls_on_technology_contested_are_indigenization() {
    assert_rules_fire_exactly_on(
        r#"{"id":"position","text":"We have made clear our position on US chip export controls targeting China on multiple occasions.","lang":"en"}
{"id":"wto-zh","text":"中國商務部宣布，針對美國對中國晶片等產品的出口管制措施，已向世界貿易組織提起訴訟。","lang":"zh"}
{"id":"harm","text":"China has expressed concern over Japan's plans for export controls on chips, which could harm business relations.","lang":"en"}
{"id":"own","text":"China's export controls on gallium and germanium apply to all countries, the Commerce Ministry said.","lang":"en"}
{"id":"missile","text":"美方以导弹技术扩散为由实施出口管制，中方坚决反对。","lang":"zh"}
"#,
        &["theme.indigenization.foreign-export-controls-on-technology-contested"],
        |id| matches!(id, "position" | "wto-zh" | "harm"),
    );
}

/// Session 50, second part: a foreign government excluding or phasing out a Chinese firm, answered with the message
/// it sends, the price or the harm, is the market pole of indigenization; a Chinese firm that would not exclude others
/// and a bare report of the decision are not read by the rule.
#[test]
fn a_chinese_firm_excluded_by_a_foreign_state_and_answered_is_indigenization() {
    assert_rules_fire_exactly_on(
        r#"{"id":"message","text":"If you get rid of Huawei it sends out a very bad message to other Chinese businesses, the ambassador said of the British government's decision.","lang":"en"}
{"id":"signal-zh","text":"對於英國政府計劃逐步淘汰華為的技術，劉曉明說，排除華為將向中國企業傳遞很壞的信號。","lang":"zh"}
{"id":"no-intention","text":"Huawei worked hard to become a major player in 5G, but it has no intention to exclude other multinational companies.","lang":"en"}
{"id":"report","text":"The British government decided to exclude Huawei from its 5G network by 2027.","lang":"en"}
"#,
        &["theme.indigenization.chinese-firm-excluded-by-a-foreign-state"],
        |id| matches!(id, "message" | "signal-zh"),
    );
}

/// Session 50, second part: equal treatment of firms with words between ("treat domestic and foreign products and
/// services equally") and equal protection of enterprises are the fairness pole of indigenization
/// (`fair-treatment`); treating all countries equally names no firm and is not.
#[test]
fn equal_treatment_and_protection_of_firms_in_other_words_is_fair_treatment() {
    assert_rules_fire_exactly_on(
        r#"{"id":"products","text":"The documents treat domestic and foreign products and services equally, with no difference for any country.","lang":"en"}
{"id":"protection","text":"We provide equal protection for all enterprises, be it Chinese or foreign ones, state-owned or private.","lang":"en"}
{"id":"zh","text":"对内资企业和外资企业的产品同等对待。","lang":"zh"}
{"id":"countries","text":"China treats all countries equally, big or small, and opposes hegemony.","lang":"en"}
"#,
        &["theme.indigenization.fair-treatment"],
        |id| id != "countries",
    );
}

/// Session 50, second part: a firm denying that the military controls, owns or is involved in it (否认与中国军方有关,
/// 军方控制, "free from government control or military involvement") argues about military ties, so
/// `mcf.military-ties-disputed` fires; a military parade with no firm and no denial does not.
#[test]
fn a_firm_denying_military_control_disputes_military_ties() {
    assert_rules_fire_exactly_on(
        r#"{"id":"zh","text":"中芯國際否認與中國軍方有關，表示產品和服務只作民用和商業用途。","lang":"zh"}
{"id":"control","text":"小米表示，有關小米是中國軍方控制的公司的決定武斷而且沒有根據。","lang":"zh"}
{"id":"en","text":"“We operate independently, free from government control or military involvement.”","lang":"en"}
{"id":"parade","text":"The military parade showed new equipment of the armed forces.","lang":"en"}
"#,
        &["theme.mcf.military-ties-disputed"],
        |id| id != "parade",
    );
}

/// Session 52 (amb52): China's space programme said to the world as peaceful, pursued with international partners or
/// open to all countries is ambition's outward pole (`space-programme-peaceful-and-open`); the internet and outer space
/// kept peaceful against cyberattacks, a launch firm seeking customers, and a docking report are not read by the rule.
#[test]
fn a_space_programme_said_to_be_peaceful_and_open_is_ambitions_outward_pole() {
    assert_rules_fire_exactly_on(
        r#"{"id":"peaceful","text":"China's manned space flight is completely for peaceful purposes and a contribution to the progress of mankind.","lang":"en"}
{"id":"partners","text":"The space administration said China looks forward to working with more international partners in lunar exploration.","lang":"en"}
{"id":"open","text":"The Chinese space station is the first in history opened to all UN member states.","lang":"en"}
{"id":"cyber","text":"We must ensure that the internet and outer space will be used for peaceful purposes, as China remains a victim of cyberattacks.","lang":"en"}
{"id":"firm","text":"The commercial launch firm is seeking international partners and customers for its rocket contracts.","lang":"en"}
{"id":"docking","text":"China's space station completed its third docking this year, the manned space agency said.","lang":"en"}
"#,
        &["theme.ambition.space-programme-peaceful-and-open"],
        |id| matches!(id, "peaceful" | "partners" | "open"),
    );
}

/// Session 52, second part: a news byline (中央社記者) or "told journalists" is the copy's furniture, not journalists as
/// the subject; it no longer vetoes security called a pretext. Journalists expelled still do.
#[test]
fn a_news_byline_does_not_veto_security_called_a_pretext() {
    assert_rules_fire_exactly_on(
        r#"{"id":"byline","text":"（中央社記者上海3日電）商務部並稱「堅決反對任何泛化國家安全概念的錯誤做法」。","lang":"zh"}
{"id":"told","text":"He told journalists the US is overstretching the concept of national security.","lang":"en"}
{"id":"expelled","text":"美方泛化国家安全概念,驱逐记者。","lang":"zh"}
"#,
        &["theme.security.pretext"],
        |id| id != "expelled",
    );
}

/// Session 52, second part: the security of a firm's products, equipment or record vouched for, and a firm's denial
/// that it hands users' data to the party or was asked to, are security without a cyber word; product safety of
/// toys or food and a sales record are not.
#[test]
fn a_firms_products_vouched_secure_and_data_not_handed_over_are_security() {
    assert_rules_fire_exactly_on(
        r#"{"id":"safest","text":"DJI products are among the safest and most secure on the market.","lang":"en"}
{"id":"record","text":"華為強調，該公司向各國提供通信設備有著非常良好的安全記錄。","lang":"zh"}
{"id":"ccp","text":"We have not provided US user data to the CCP, nor would we if asked.","lang":"en"}
{"id":"computing","text":"该应用表示没有向当局提供用户数据,工程师只能在第三方的运算环境中作业。","lang":"zh"}
{"id":"toys","text":"The company recalled the toys after tests questioned the safety of its products.","lang":"en"}
{"id":"sales","text":"Huawei reported a record revenue from its phones last year.","lang":"en"}
"#,
        &[
            "theme.security.product-security-vouched",
            "theme.security.data-given-to-a-government",
        ],
        |id| !matches!(id, "toys" | "sales"),
    );
}

/// Session 52, second part: a foreign limit on selling high technology to China, or the request to ease it, and
/// export controls said to be misused, are indigenization's market pole; technology access limited for all
/// countries is not.
#[test]
fn technology_exports_to_china_restricted_are_the_market_pole() {
    assert_rules_fire_exactly_on(
        r#"{"id":"block","text":"It is an excuse to block the export of high technology to China.","lang":"en"}
{"id":"ease","text":"希望法方放寬高技術產品對華出口。","lang":"zh"}
{"id":"misuse","text":"The ministry urged the Netherlands not to misuse export controls in the semiconductor field.","lang":"en"}
{"id":"global","text":"A patchwork of regulations may restrict access to technology globally.","lang":"en"}
"#,
        &[
            "theme.indigenization.technology-exports-to-china-restricted",
            "theme.indigenization.foreign-export-controls-on-technology-contested",
        ],
        |id| id != "global",
    );
}

/// Session 52, second part (prec52c): security (安全) named as one middle item of a list of qualities or aspects said
/// of a technology (法律、安全、治理; 'openness, inclusiveness, security, cooperation') is one attribute among several,
/// not security as the subject, so `security-of-technology` does not count it; at a list's end, or outside a list, it
/// still does. Public security organs (policing) and financial security are security of other domains.
#[test]
fn security_as_a_middle_list_item_or_of_policing_and_finance_is_not_security_of_technology() {
    assert_rules_fire_exactly_on(
        r#"{"id":"mid-list-zh","text":"处理好大数据发展在法律、安全、政府治理等方面的挑战。","lang":"zh"}
{"id":"mid-list-en","text":"The data initiative advocates the principles of openness, inclusiveness, security, cooperation and non-discrimination.","lang":"en"}
{"id":"police","text":"Public security organs across the country cracked down on online fraud gangs using the internet.","lang":"en"}
{"id":"finance","text":"The artificial intelligence plan says financial security should be strengthened.","lang":"en"}
{"id":"list-end","text":"Cyberspace needs openness, inclusiveness and security.","lang":"en"}
{"id":"list-head-zh","text":"在合规、安全前提下,允许数据有序流动。","lang":"zh"}
{"id":"subject-zh","text":"促进人工智能技术造福人类,坚持发展和安全并重。","lang":"zh"}
"#,
        &["theme.security.security-of-technology"],
        |id| matches!(id, "list-end" | "list-head-zh" | "subject-zh"),
    );
}

/// Session 53 (amb53): 强国 is a word, not two characters: 'strengthen' (加强, 增强) before a word that begins with
/// 国 (加强国际合作, 增强国防) is no strong country, and `great-power-tech` no longer reads it as one; the sector
/// power and 强国 at the head of a sentence still are. Session 63 (amb63): the Chinese forms moved to their own rule,
/// `great-power-tech-zh` (half weight), which keeps the same word boundary.
#[test]
fn strengthen_before_a_word_in_guo_is_no_strong_country() {
    assert_rules_fire_exactly_on(
        r#"{"id":"sector","text":"加快建设网络强国，推动信息技术创新。","lang":"zh"}
{"id":"head","text":"强国必先强科技。","lang":"zh"}
{"id":"cooperation","text":"要加强国际科技合作，推动人工智能技术创新。","lang":"zh"}
{"id":"defence","text":"军民融合有利于带动高科技产业发展，增强国防安全保障。","lang":"zh"}
"#,
        &[
            "theme.ambition.great-power-tech",
            "theme.ambition.great-power-tech-zh",
        ],
        |id| matches!(id, "sector" | "head"),
    );
}

/// Session 53 (amb53): standards said to hold the commanding heights, the dominance or the initiative of a
/// competition are the standards theme's discourse power, not the nation's goal: the trap votes them out of
/// ambition, unless a word of the goal (a sector power, catching up and surpassing) stands beside them.
#[test]
fn standards_holding_the_heights_are_no_ambition_without_a_word_of_the_goal() {
    let jsonl = r#"{"id":"heights-zh","text":"标准是现代技术发展的核心,谁拥有了标准,谁就赢得了主动权,占领了高科技的制高点。","lang":"zh"}
{"id":"heights-en","text":"Standards are the commanding heights of market competition, the right to speak and the right to control.","lang":"en"}
{"id":"goal","text":"标准是市场竞争的制高点,这是实现我国产业和标准换道超越的良好时机。","lang":"zh"}
{"id":"seize","text":"抢占科技创新战略制高点,加快建设科技强国。","lang":"zh"}
"#;
    assert_rules_fire_exactly_on(jsonl, &["theme.ambition.heights-held-by-standards"], |id| {
        id.starts_with("heights")
    });
    assert_theme_exactly_on(jsonl, "ambition", |id| !id.starts_with("heights"));
}

/// Session 53, second part (amb53b): the bare verb 领跑 names any race — a growth rate, a firm's role at home — and is
/// no longer the nation's goal by itself; a lead to reach (实现领跑), the stages (跟跑, 并跑 or 并行 before 领跑) still are.
/// 'Will not' or 'need not replace' the US or each other (不会取代美国, 谁也不必取代谁) disavows the rank as 无意 does, and
/// 由“大”到“强” in quotes is the figure from big to strong; AI not replacing people is no rank.
#[test]
fn bare_lingpao_is_no_goal_and_replacing_disavowed_with_buhui_is_ambition() {
    let jsonl = r#"{"id":"no-growth","text":"高新技术产业增速领跑，新业态表现亮眼。","lang":"zh"}
{"id":"no-economy","text":"我国经济增速持续领跑世界经济，要推动科技创新取得新突破。","lang":"zh"}
{"id":"no-role","text":"上市公司要加快技术创新，发挥产业发展的领跑者作用。","lang":"zh"}
{"id":"no-people","text":"人工智能不会取代人类的真实情感。","lang":"zh"}
{"id":"reach","text":"要在人工智能等新赛道实现领跑。","lang":"zh"}
{"id":"stages","text":"我国科技创新正从跟跑为主转向更多领域并跑、领跑。","lang":"zh"}
{"id":"parallel","text":"一些前沿科技方向开始进入并行、领跑阶段。","lang":"zh"}
{"id":"replace","text":"中国不会改变美国，也不会取代美国。","lang":"zh"}
{"id":"mutual","text":"中美之间谁也不必取代谁。","lang":"zh"}
{"id":"quoted","text":"科技自立自强推动我国经济实现由“大”到“强”的历史性转变。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "ambition", |id| !id.starts_with("no-"));
}

/// Session 54 (amb54): the heights of defence mobilisation (国防动员, 信息动员 … 制高点) are a place inside military work,
/// not the nation's race to lead; capacity building named as an item of AI governance is rule-setting, not the outward
/// pole. Mobilising forces to seize the heights of science and technology, capacity building beside a public good, and
/// capacity building as help to developing countries with no governance word stay ambition.
#[test]
fn mobilisation_heights_and_capacity_building_in_governance_are_no_ambition() {
    let jsonl = r#"{"id":"no-mobilisation","text":"信息化国防动员日益成为国防动员建设与发展新的战略制高点。","lang":"zh"}
{"id":"no-mobilisation-trad","text":"要搶占信息動員的「制高點」，引領動員效能實現躍升。","lang":"zh"}
{"id":"heights","text":"要动员各方力量，抢占全球科技竞争的战略制高点。","lang":"zh"}
{"id":"no-capacity","text":"中方支持联合国在人工智能全球治理中发挥主渠道作用，推动人工智能能力建设国际合作，弥合数字鸿沟。","lang":"zh"}
{"id":"no-capacity-en","text":"China supports the UN in AI governance and promotes international cooperation on AI capacity-building so that AI benefits all humanity.","lang":"en"}
{"id":"public-good","text":"人工智能应该是造福人类的国际公共产品，中方将帮助全球南方加强能力建设，完善全球治理。","lang":"zh"}
{"id":"help","text":"中方帮助发展中国家加强人工智能能力建设，让各国共享人工智能发展成果。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "ambition", |id| !id.starts_with("no-"));
}

/// Session 53 (sec53): security's misses by concept. Foreign agents and hostile forces working through the internet
/// (bots, troll armies, 敌对势力…网络渗透) are the intelligence services online; the government as the party a firm
/// shares users' data with (与中国政府共享用户数据), the Foreign Ministry's formula on data abroad in Chinese, and a device
/// said to censor its users' communications are data security and eavesdropping. Hostile forces at a border, data
/// shared between government departments, a tax office asking for data and a cybersecurity review of a platform are
/// not.
#[test]
fn hostile_forces_online_data_shared_with_a_government_and_devices_censoring_users_are_security() {
    assert_rules_fire_exactly_on(
        r#"{"id":"bots","text":"Foreign agents deploy bots and troll armies to flood comment sections with rumours.","lang":"en"}
{"id":"hostile","text":"網絡成為西方敵對勢力對青年官兵進行滲透的途徑。","lang":"zh"}
{"id":"share","text":"TikTok從來沒有與中國政府共享用戶數據。","lang":"zh"}
{"id":"abroad","text":"中国从来没有也不会要求企业或个人收集或提供位于外国的数据。","lang":"zh"}
{"id":"censor","text":"The company's devices do not censor any communication with or from their users.","lang":"en"}
{"id":"border","text":"Hostile forces massed troops along the border.","lang":"en"}
{"id":"departments","text":"推动政府部门之间共享数据,方便用户办事。","lang":"zh"}
{"id":"tax","text":"税务机关要求企业提供境外收入数据。","lang":"zh"}
{"id":"review","text":"网信办对该平台启动网络安全审查,期间停止新用户注册。","lang":"zh"}
"#,
        &[
            "theme.security.intelligence-services-online",
            "theme.security.data-given-to-a-government",
            "theme.security.no-data-collected-abroad-zh",
            "theme.security.device-censors-users",
        ],
        |id| !matches!(id, "border" | "departments" | "tax" | "review"),
    );
}

/// Session 53 (sec53): cyber sovereignty defended, named beside security or defined as the nation's own sovereignty
/// extended is security (`cyber-sovereignty-defended`); respected as a principle of governance, or rules proposed for
/// data sovereignty, it is standards' rule-setting, and `cyber-data` no longer counts the bare word.
#[test]
fn cyber_sovereignty_is_security_when_defended_not_when_respected_as_a_principle() {
    assert_rules_fire_exactly_on(
        r#"{"id":"defend","text":"建设网络强国，维护国家网络空间主权和安全。","lang":"zh"}
{"id":"extension","text":"Cyberspace sovereignty is the extension of national sovereignty into the digital world.","lang":"en"}
{"id":"respect","text":"We should respect each other's cyber sovereignty and oppose hegemony in cyberspace.","lang":"en"}
{"id":"respect-zh","text":"各国应尊重网络主权，深化全球互联网治理合作。","lang":"zh"}
{"id":"rules","text":"The proposal offers a Chinese solution for global data sovereignty rules.","lang":"en"}
"#,
        &[
            "theme.security.cyber-sovereignty-defended",
            "theme.security.cyber-data",
        ],
        |id| matches!(id, "defend" | "extension"),
    );
}

/// Session 53 (ind53b): the market pole of indigenization is the free-market argument against restricting Chinese
/// firms. Free trade as an agreement or a port China builds, the market economy or globalisation as the mere setting
/// of another argument (standards, price wars at home) and China's market economy status (WTO trade law) argue against
/// no restriction, so `market-principles` stands down; a restriction said to violate market principles or free trade
/// still fires it.
#[test]
fn market_principles_stand_down_where_free_trade_or_the_market_economy_is_only_the_setting() {
    let jsonl = r#"{"id":"fta","text":"中国愿同更多国家商签高标准自由贸易协定，扩大投资和技术合作。","lang":"zh"}
{"id":"port","text":"要进一步高标准推进海南自由贸易港建设，聚焦贸易和投资自由化便利化。","lang":"zh"}
{"id":"conditions","text":"Under the conditions of economic globalization and a modern market economy, the enterprises that own standards win.","lang":"en"}
{"id":"price-war","text":"竞争是市场经济的常态，但企业打价格战、搞内卷式竞争，最终没有赢家。","lang":"zh"}
{"id":"status","text":"The U.S. should stop confusing WTO obligations with China's market economy status, a concept of its domestic laws.","lang":"en"}
{"id":"restriction-en","text":"Restrictions on Huawei blatantly violated the market economy principles and free trade rules.","lang":"en"}
{"id":"restriction-zh","text":"美方打压华为违背市场经济原则和公平竞争。","lang":"zh"}
"#;
    assert_rules_fire_exactly_on(jsonl, &["theme.indigenization.market-principles"], |id| {
        id.starts_with("restriction")
    });
    assert_theme_exactly_on(jsonl, "indigenization", |id| id.starts_with("restriction"));
}

/// Session 53, third part: the weaponisation of outer space (太空/外空武器化) is arms control — weapons placed in space,
/// not the economy used as a weapon — so `politicising-economy` stands down there even with a commercial investment
/// nearby; weaponising trade and investment is still read.
#[test]
fn politicising_economy_stands_down_on_the_weaponisation_of_outer_space() {
    let jsonl = r#"{"id":"space-en","text":"The US pushes the weaponization of outer space and draws commercial space investment into military use.","lang":"en"}
{"id":"space-zh","text":"美国推动太空武器化，把商业航天投资用于军事目的。","lang":"zh"}
{"id":"trade-en","text":"Some politicians weaponize trade and investment against Chinese firms.","lang":"en"}
{"id":"trade-zh","text":"反对把经贸问题政治化、武器化。","lang":"zh"}
"#;
    assert_rules_fire_exactly_on(
        jsonl,
        &["theme.indigenization.politicising-economy"],
        |id| id.starts_with("trade"),
    );
}

/// Session 54 (std54b): a few countries making the rules of a technology, or holding the internet, is who governs it
/// (standards); a technology held as a monopoly by a few countries is who has it, and "standard" as the ordinary
/// adjective (a standard practice, a standard contract) is no technical standard: the standards theme stays off.
#[test]
fn a_technology_monopolised_by_a_few_and_a_standard_practice_are_no_standards() {
    let jsonl = r#"{"id":"rules","text":"Global AI governance must not become a club whose rules are written by a handful of countries.","lang":"en"}
{"id":"rules-zh","text":"数字治理规则不能由少数国家说了算。","lang":"zh"}
{"id":"internet","text":"互聯網不應由少數國家壟斷和控制。","lang":"zh"}
{"id":"cyberspace","text":"The future of cyberspace must not be dictated by a handful of countries.","lang":"en"}
{"id":"no-monopoly","text":"Advanced AI should not remain the monopoly of a few countries and a few companies.","lang":"en"}
{"id":"no-monopoly-zh","text":"少数国家搞技术垄断，阻碍发展中国家获得先进技术。","lang":"zh"}
{"id":"no-practice","text":"Collecting location data is a standard practice for ride-hailing apps worldwide.","lang":"en"}
{"id":"no-contract","text":"企业可通过订立标准合同向境外提供个人数据。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "standards", |id| !id.starts_with("no-"));
}

/// Session 55 (en55): cyber sovereignty set out as a principle all states should respect, or hegemony in cyberspace
/// opposed, is international rule-setting for cyberspace (standards); defended or safeguarded it stays security's, and
/// seeking or pursuing cyber hegemony (a disavowal or a charge) is not this.
#[test]
fn cyber_sovereignty_respected_as_a_principle_is_standards() {
    let jsonl = r#"{"id":"respect","text":"All states should respect each other's cyber sovereignty and their choice of internet governance model.","lang":"en"}
{"id":"oppose","text":"Beijing respects national sovereignty and opposes hegemony in cyberspace, the official said.","lang":"en"}
{"id":"principle","text":"The principle of sovereignty applies to the internet as well.","lang":"en"}
{"id":"respect-zh","text":"我们反对网络霸权，主张各国平等参与互联网治理。","lang":"zh"}
{"id":"no-defend","text":"The new rules safeguard the country's cyberspace sovereignty.","lang":"en"}
{"id":"no-pursue","text":"No state should pursue cyber hegemony.","lang":"en"}
{"id":"no-seek-zh","text":"中国不搞网络霸权。","lang":"zh"}
"#;
    assert_rules_fire_exactly_on(
        jsonl,
        &["theme.standards.cyber-sovereignty-respected"],
        |id| !id.starts_with("no-"),
    );
    assert_theme_exactly_on(jsonl, "standards", |id| !id.starts_with("no-"));
}

/// Session 55 (en55): a cyber attack or cyber theft charged, suffered or rebutted where the military is the accused
/// or the victim is the security theme's incident, so `defence-application` stands down on it in English; cyber
/// operations in joint warfare, and Chinese doctrine on attack and defence in cyber warfare, are still read.
#[test]
fn cyber_attacks_on_or_by_the_military_are_no_defence_application() {
    let jsonl = r#"{"id":"no-websites","text":"The defence ministry said its websites came under cyber attack from abroad every month.","lang":"en"}
{"id":"no-indictment","text":"Prosecutors accused two army officers of hacking into a steel maker's network.","lang":"en"}
{"id":"no-theft","text":"The US charged five PLA officers with so-called cyber theft against American firms' networks.","lang":"en"}
{"id":"joint","text":"The PLA must integrate cyber operations into joint operations across information networks.","lang":"en"}
{"id":"doctrine-zh","text":"网络战中，部队要具备网络攻击和防御能力。","lang":"zh"}
"#;
    assert_rules_fire_exactly_on(jsonl, &["theme.mcf.defence-application"], |id| {
        !id.starts_with("no-")
    });
}

/// Session 55, second part (amb55b): ambition's outward pole in other words. The purpose of development denied
/// (而不是为了挑战谁), the reciprocal rank (谁也取代不了谁) and technology's progress for the people's welfare (科技进步增进
/// 人民福祉; improving people's well-being) are ambition; AI that cannot replace feelings, farming technology for
/// farmers' welfare and a gap in social welfare are not.
#[test]
fn rank_disavowed_to_anyone_and_technology_for_the_peoples_welfare_are_ambition() {
    let jsonl = r#"{"id":"purpose","text":"中国谋求更快发展，是为了让人民过上更好的生活，而不是为了挑战谁、超越谁。","lang":"zh"}
{"id":"reciprocal-trad","text":"中美兩國誰也取代不了誰。","lang":"zh"}
{"id":"welfare","text":"中方支持正常的国际技术合作，致力于以科技进步增进人民福祉。","lang":"zh"}
{"id":"welfare-en","text":"China develops its technology to improve the well-being of its people.","lang":"en"}
{"id":"no-feelings","text":"人工智能取代不了人与人之间的真实情感。","lang":"zh"}
{"id":"no-farm","text":"农业技术推广增进了农民福祉。","lang":"zh"}
{"id":"no-gap","text":"A gap remains between us and developed countries in innovation, productivity and social welfare.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "ambition", |id| !id.starts_with("no-"));
}

/// Session 55, second part (amb55b): a city told to take the lead is a domestic ranking (the trap), unless it carries
/// out the national goal, named in English as "a strong country" as well as "a great power" or "powerhouse".
#[test]
fn a_city_carrying_out_the_strong_country_goal_is_no_domestic_ranking() {
    assert_rules_fire_exactly_on(
        r#"{"id":"region","text":"Jiangsu should take the lead in integrating technological and industrial innovation.","lang":"en"}
{"id":"city-goal","text":"The city should take the lead in smart manufacturing to implement the strategy of making China a strong country by manufacturing.","lang":"en"}
"#,
        &["theme.ambition.region-leads-at-home"],
        |id| id == "region",
    );
}

/// Session 56, second part (amb56b): another country described as a power is its strength, not China's goal; 要 is
/// a word of aim only as the modal, so a rank reported beside 必要 or 重要 stays a recital. The goal, a disavowal
/// beside a sporting power and a rank with 要 as the modal stay ambition.
#[test]
fn another_countrys_power_and_a_rank_beside_essential_are_no_ambition() {
    let jsonl = r#"{"id":"no-foreign-power","text":"加拿大被视为生物医药领域的强国，香港也在积极发展创新科技。","lang":"zh"}
{"id":"no-such-a-power","text":"He asked why such a national power would attack a company with advanced technology.","lang":"en"}
{"id":"no-rank-beside-essential","text":"我国5G发展取得领先优势，5G标准必要专利数量位列全球首位。","lang":"zh"}
{"id":"goal","text":"我们要加快建设科技强国，力争在量子科技领域保持世界领先。","lang":"zh"}
{"id":"disavowal-beside-sport","text":"美国是体育强国；中国无意挑战或取代美国。","lang":"zh"}
{"id":"rank-with-aim","text":"我国要在人工智能领域保持领先优势。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "ambition", |id| !id.starts_with("no-"));
}

/// Session 56, second part (amb56b): the two sides joined in one compound (军民兼容) and social forces (社会力量) in
/// weapons and equipment are military-civil fusion; social forces beside the army in disaster relief or in sport are
/// not.
#[test]
fn military_civilian_compatibility_and_social_forces_in_weapons_are_fusion() {
    let jsonl = r#"{"id":"compatible","text":"按照军民兼容的原则建设港口和机场。","lang":"zh"}
{"id":"compatible-trad","text":"按照軍民兼容的原則建設港口和機場。","lang":"zh"}
{"id":"social-forces","text":"The plan supports social forces taking part in weapons and equipment research.","lang":"en"}
{"id":"no-relief","text":"军队和社会力量共同参与抢险救灾。","lang":"zh"}
{"id":"no-sport","text":"社会力量参与体育赛事的举办。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "military-civil-fusion", |id| !id.starts_with("no-"));
}

/// Session 57 (amb57): the designation of Chinese firms as military companies, named as such (the CMC or 1260H
/// list, 中国军方公司, 中共涉军企业, military-related grounds), is military-civil fusion whatever is said of it — a
/// lawsuit or a court's removal needs no word of denial; American arms makers sold to Taiwan are not, and neither is
/// cyberspace called a new battlefield (新战场) with no civilian technology applied to defence.
#[test]
fn the_military_company_designation_is_fusion_and_a_new_battlefield_is_not() {
    let jsonl = r#"{"id":"cmc-list","text":"Tencent stated that it believes its inclusion in the CMC List is a mistake.","lang":"en"}
{"id":"lawsuit","text":"The company says errors of fact marred the decision to list it as a Chinese military company under the NDAA.","lang":"en"}
{"id":"removal-zh","text":"美国法院解除了美国国防部对该公司“中国军方公司”的认定。","lang":"zh"}
{"id":"removal-zht","text":"法院暫停將集團認定為「中國涉軍企業」的行政命令。","lang":"zh"}
{"id":"no-taiwan","text":"The two US military companies involved in arms sales to Taiwan were put on the unreliable entity list.","lang":"en"}
{"id":"no-new-battlefield","text":"网络空间应当是促进发展的数字机遇,而不是大国角力的新战场。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "military-civil-fusion", |id| !id.starts_with("no-"));
}

/// Session 57 (amb57): a firm keeping its technological lead is its standing in a market, not the nation's goal;
/// catching up with an industry's leaders or other players, with the industry named, is ambition.
#[test]
fn a_firms_lead_is_no_ambition_and_catching_up_with_the_leaders_is() {
    let jsonl = r#"{"id":"no-firm-lead","text":"As long as the company can survive the crackdown and maintain its technological lead in 5G, its rivals cannot compete.","lang":"en"}
{"id":"no-firm-lead-zh","text":"高科技企业只有把利润投入研发,才能保持技术领先。","lang":"zh"}
{"id":"leaders","text":"In high-tech sectors such as aviation and telecoms, China has proved it is able to catch up with other players.","lang":"en"}
{"id":"no-sport","text":"The young striker needs time to catch up with other players in the squad.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "ambition", |id| !id.starts_with("no-"));
}

/// Session 59 (amb59): technology named as what countries compete in (English) is ambition, on either pole, as is
/// the aviation power among the sector powers; fair competition, a contest for students and technology or products
/// replaced (取代美国技术, import substitution: indigenization) are not.
#[test]
fn a_contest_in_technology_is_ambition_and_replacing_foreign_technology_is_not() {
    let jsonl = r#"{"id":"contest","text":"Competition in artificial intelligence between China and the United States is normal, and cooperation matters more.","lang":"en"}
{"id":"race","text":"Some in Washington call the 6G technology race with China a contest America must win.","lang":"en"}
{"id":"aviation","text":"We will build China into an aviation power within two decades.","lang":"en"}
{"id":"no-fair","text":"Such curbs disrupt fair competition in high-tech sectors and hurt Chinese firms.","lang":"en"}
{"id":"no-students","text":"The university held an AI competition for students from 30 countries.","lang":"en"}
{"id":"no-replace-zh","text":"外交部表示，中国从来没有加快取代美国技术和外国产品的计划。","lang":"zh"}
{"id":"no-replace-zht","text":"外交部表示，中國從來沒有加快取代美國技術和外國產品的計劃。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "ambition", |id| !id.starts_with("no-"));
}

/// Session 55, second part (rec55b): security of technology named by words the rules lacked — data collected by
/// apps, firms or a state (not statistics or opinions), the security of computer systems, and national security
/// invoked against software, hardware or connected vehicles — is the security theme.
#[test]
fn data_collected_computer_systems_and_connected_vehicles_are_security() {
    let jsonl = r#"{"id":"apps","text":"The ministry found that dozens of apps were not collecting user data correctly and ordered them to fix it.","lang":"en"}
{"id":"abroad","text":"The government has never asked firms to gather data located in other countries.","lang":"en"}
{"id":"apps-zh","text":"工信部通报一批违规收集个人信息的手机应用。","lang":"zh"}
{"id":"apps-zht","text":"工信部通報一批違規收集用戶數據的手機應用程式。","lang":"zh"}
{"id":"computers","text":"Operators agreed that safeguarding the security of their computer systems is a shared responsibility.","lang":"en"}
{"id":"vehicles","text":"Citing so-called national security, the US has restricted Chinese connected vehicle software and hardware.","lang":"en"}
{"id":"no-prices","text":"The bureau collected price data from five hundred markets across the country.","lang":"en"}
{"id":"no-views","text":"The company gathered opinions and suggestions from its customers on the new phone.","lang":"en"}
{"id":"no-computers","text":"Sales of computers and phones rose by a tenth last year.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "security", |id| !id.starts_with("no-"));
}

/// Session 55, second part (rec55b): self-reliance and the market pole in other words — chips a firm makes in
/// house, a share domestically produced, 自主可靠 and 自主技术, and Chinese products named by what they are
/// (connected vehicle software) restricted — are indigenization; food sourced locally, a bakery's own bread and
/// Chinese cars selling well are not.
#[test]
fn made_at_home_self_reliance_words_and_chinese_products_restricted_are_indigenization() {
    let jsonl = r#"{"id":"in-house","text":"The chips the company makes in house cannot all be produced under the new order.","lang":"en"}
{"id":"rate","text":"The excavator is now 95 percent domestically produced.","lang":"en"}
{"id":"reliable","text":"新材料量产提升了产业链的自主可靠性。","lang":"zh"}
{"id":"own-tech","text":"要在自主技術研發上下功夫。","lang":"zh"}
{"id":"vehicles","text":"Citing so-called national security, the US has restricted Chinese connected vehicle software and hardware.","lang":"en"}
{"id":"no-food","text":"The restaurant's food is 100 percent locally sourced.","lang":"en"}
{"id":"no-cars","text":"Chinese cars are selling well in Mexico this year.","lang":"en"}
{"id":"no-makes","text":"The bakery makes its bread in house every morning.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 56 (rec56): the market pole in other words — a foreign rule, ban or punishment said to harm, damage or
/// hurt firms, business partners or an industry — is indigenization; a pandemic's measures, a price war at home and
/// harm from the weather are not.
#[test]
fn a_foreign_measure_said_to_harm_firms_is_indigenization() {
    let jsonl = r#"{"id":"rules","text":"The ministry warned that the new rules would seriously damage the interests of semiconductor firms on both sides.","lang":"en"}
{"id":"punish","text":"Punishing the camera maker will only hurt its American business partners, the embassy said in a statement.","lang":"en"}
{"id":"sector","text":"Such a ban inflicts damage on the global chip industry and on consumers everywhere.","lang":"en"}
{"id":"no-pandemic","text":"Pandemic lockdown measures hurt small businesses across the province last spring.","lang":"en"}
{"id":"no-price-war","text":"Price wars among domestic carmakers damage the whole industry, the association warned in its new policy paper.","lang":"en"}
{"id":"no-weather","text":"Heavy rains last week harmed farms and small businesses across the county.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 56 (rec56): data security by its act — where a firm's user data are stored (servers or data centres in a
/// named country, kept apart from other data) and user data handed to a government in the 把/将 order — is
/// security; weather data, goods stored apart and data given to users are not.
#[test]
fn user_data_stored_or_handed_to_a_government_is_security() {
    let jsonl = r#"{"id":"servers","text":"The video app said its servers are in Singapore and that its American users' data are kept there.","lang":"en"}
{"id":"stored","text":"该平台表示，海外用户数据存放在新加坡的数据中心，与国内业务的数据分开存放。","lang":"zh"}
{"id":"handed","text":"該公司表示從未把用戶數據交給外國政府。","lang":"zh"}
{"id":"no-weather","text":"Weather data are stored on servers of the provincial bureau.","lang":"en"}
{"id":"no-goods","text":"企业应将危险化学品单独存放在专用仓库。","lang":"zh"}
{"id":"no-public","text":"平台将把空气质量数据提供给用户参考。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "security", |id| !id.starts_with("no-"));
}

/// Session 56 (rec56): the suppression of a named Chinese firm in other words — a campaign, crusade or witch hunt
/// against or targeting it — is indigenization; a firm's own advertising campaign, or a campaign on recycling that
/// Chinese enterprises organise, is not.
#[test]
fn a_campaign_against_a_chinese_firm_is_indigenization() {
    let jsonl = r#"{"id":"campaign","text":"Washington has waged a worldwide campaign against a private Chinese company without producing any proof.","lang":"en"}
{"id":"witch-hunt","text":"It is a political witch hunt targeting Chinese technology firms, the spokesperson said.","lang":"en"}
{"id":"no-ads","text":"The phone maker began an advertising campaign against rivals, aimed at Chinese firms' customers.","lang":"en"}
{"id":"no-own","text":"Volunteers joined a campaign on recycling organised by Chinese enterprises in the city.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 57 (en57): a signals-intelligence body named — the Five Eyes, the NSA, GCHQ — is security even when the
/// rebuttal names no cyber, hacking or data word; intelligence agencies in general (human spies) and a national
/// security adviser are not.
#[test]
fn signals_intelligence_bodies_named_are_security() {
    let jsonl = r#"{"id":"five-eyes","text":"The spokeswoman called the report a joint smear by the Five Eyes countries, issued on the same day to serve a political agenda.","lang":"en"}
{"id":"nsa","text":"Who has been listening to the phone calls of allied leaders for years? The answer is the NSA, the ministry said.","lang":"en"}
{"id":"no-human-spies","text":"Foreign intelligence agencies may send agents posing as scholars and tourists to befriend officials.","lang":"en"}
{"id":"no-adviser","text":"The national security adviser will visit Beijing next week for talks on trade.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "security", |id| !id.starts_with("no-"));
}

/// Session 57 (en57): cyberspace or the internet called a domain or territory of security, or the fifth domain beside
/// land, sea, air and space, is security; cyberspace as a new domain that needs rules, and a new frontier for
/// development, are not.
#[test]
fn cyberspace_as_a_domain_of_security_is_security() {
    let jsonl = r#"{"id":"fifth","text":"Cyberspace is now the fifth domain, as strategically important as land, sea, air and space.","lang":"en"}
{"id":"territory","text":"The internet has become a new territory for safeguarding security and a new engine of growth.","lang":"en"}
{"id":"no-rules","text":"Cyberspace, as a new domain, requires rules and norms agreed by all.","lang":"en"}
{"id":"no-development","text":"The digital economy is a new frontier for development and cooperation.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "security", |id| !id.starts_with("no-"));
}

/// Session 58 (en58): America's own surveillance programmes and leaks named in an answer (PRISM, Snowden, WikiLeaks,
/// 'spy cranes') are security with no cyber word; a rank called an echelon and cranes bought for a port are not.
#[test]
fn surveillance_programmes_named_are_security() {
    let jsonl = r#"{"id":"snowden","text":"Those who lecture others should first explain the Snowden revelations and the WikiLeaks cables, the envoy said.","lang":"en"}
{"id":"cranes","text":"The ministry called the talk of spy cranes at American ports a paranoid fantasy.","lang":"en"}
{"id":"no-echelon","text":"The province's firms remain in the second echelon of the national manufacturing ranking.","lang":"en"}
{"id":"no-cranes","text":"The port ordered six new cranes from a Shanghai maker to speed up container handling.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "security", |id| !id.starts_with("no-"));
}

/// Session 58 (en58): a vendor showing its security by opening its source code for review, a transparency centre or
/// its security track record is security; open-source code and a food-safety record are not.
#[test]
fn a_vendors_security_shown_by_transparency_is_security() {
    let jsonl = r#"{"id":"source-code","text":"The camera maker invited regulators to review its source code at a lab it opened last year.","lang":"en"}
{"id":"record","text":"Millions of people use our products every day, and we have a clean track record in security, the executive said.","lang":"en"}
{"id":"no-open-source","text":"The startup published the source code of its game on a public site.","lang":"en"}
{"id":"no-food","text":"The dairy company has kept a solid track record in food safety for decades.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "security", |id| !id.starts_with("no-"));
}

/// Session 58 (en58): China's own export controls of dual-use items, justified by national security, are not the
/// security theme (the ground of a trade control); a foreign export control called a security pretext still is.
#[test]
fn chinas_own_dual_use_export_controls_are_not_security() {
    let jsonl = r#"{"id":"pretext","text":"China opposes the US export controls on chips, which overstretch the concept of national security against Chinese technology firms.","lang":"en"}
{"id":"no-dual-use","text":"Export controls on dual-use items protect national security and technology that could be misused, the commerce ministry said.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "security", |id| !id.starts_with("no-"));
}

/// Session 58 (en58): China's own shortfall in core technology (lagging behind in chips, weak in key software, our
/// weaknesses in the industrial chain) and the supply of chips or equipment cut off are indigenization; a
/// hypothetical warning of falling behind, an income gap and market access are not.
#[test]
fn shortfalls_and_cut_off_supplies_of_technology_are_indigenization() {
    let jsonl = r#"{"id":"lags","text":"The vice minister admitted that China still lags well behind in high-end chip design and manufacturing.","lang":"en"}
{"id":"weak","text":"We are still weak in industrial software and precision components, he told the forum.","lang":"en"}
{"id":"cut-off","text":"After its supply of advanced chips was cut off, the phone maker designed its own processors.","lang":"en"}
{"id":"no-might","text":"If the country closes its doors, it might fall behind in technology, the editorial warned.","lang":"en"}
{"id":"no-income","text":"The plan will narrow the income gap and upgrade equipment in rural clinics.","lang":"en"}
{"id":"no-market-access","text":"Foreign firms will gain wider market access to the services sector under the new list.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 57 (en57): bottlenecks, chokepoints and the 'neck' problem in technology, the technology a clause away,
/// are indigenization's home pole; bottlenecks of consumption or logistics are not.
#[test]
fn bottlenecks_in_technology_are_indigenization() {
    let jsonl = r#"{"id":"lithography","text":"Our main bottlenecks are manufacturing capacity, above all lithography machines, and the software ecosystem.","lang":"en"}
{"id":"tackle","text":"Firms must do more to tackle bottleneck problems, since future growth will rest on technological innovation.","lang":"en"}
{"id":"no-consumption","text":"The meeting called for boosting consumption and removing bottlenecks in investment.","lang":"en"}
{"id":"no-logistics","text":"New cranes will ease logistics bottlenecks at the port's equipment yard.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 57 (en57): restrictions or pressure a foreign state lays on Chinese firms, investment or high tech are
/// indigenization's market pole; China's own curbs on outbound investment and a domestic regulator's antitrust
/// pressure are not.
#[test]
fn restrictions_laid_on_chinese_firms_are_indigenization() {
    let jsonl = r#"{"id":"investment","text":"Washington asks China to open wider while it keeps piling restrictions on Chinese investment in America.","lang":"en"}
{"id":"pressure","text":"The US government kept up its pressure on Chinese science-and-technology enterprises all year.","lang":"en"}
{"id":"no-outbound","text":"Regulators kept restrictions on Chinese investment in overseas property to curb capital outflows.","lang":"en"}
{"id":"no-antitrust","text":"The market regulator kept up antitrust pressure on Chinese platform companies.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 57 (en57): standards as the documents a standardisation body issues — a mandatory national standard,
/// national and sectoral standards counted or on file, Chinese standards adopted abroad — are the standards theme;
/// standards as a level to meet are not.
#[test]
fn standards_issued_as_documents_are_standards() {
    let jsonl = r#"{"id":"mandatory","text":"A revised mandatory national standard for the safety of power batteries takes effect next July.","lang":"en"}
{"id":"counted","text":"The country now has 40,000 national standards and 70,000 sectoral standards on file.","lang":"en"}
{"id":"adopted","text":"Chinese standards for high-speed trains are being adopted by more and more countries.","lang":"en"}
{"id":"no-level","text":"The factory aims to meet the highest international standards of quality.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "standards", |id| !id.starts_with("no-"));
}

/// Session 57 (en57): a firm's listing as a military company contested in the words English copy uses —
/// 'military-related' grounds, a denied military affiliation, the CMC list, errors of fact — is military-civil
/// fusion; military-related records kept by an association are not.
#[test]
fn a_military_listing_contested_in_other_words_is_fusion() {
    let jsonl = r#"{"id":"related","text":"The ministry firmly opposes adding Chinese firms to the entity list on so-called military-related grounds.","lang":"en"}
{"id":"affiliation","text":"The company operates independently and has no government or military affiliation, its spokesman said.","lang":"en"}
{"id":"cmc","text":"The firm said its inclusion in the CMC list is a mistake and it will appeal.","lang":"en"}
{"id":"no-records","text":"The veterans' association keeps military-related records in the city archive.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "military-civil-fusion", |id| !id.starts_with("no-"));
}

/// Session 59 (ind59): a technology cold war waged on others is indigenization's market pole; China's own stance
/// towards such a war is not; fairness said of a standard or a patent licence (FRAND) is no market argument, while
/// fairness said of export controls stays one.
#[test]
fn a_technology_cold_war_waged_is_indigenization_and_fairness_of_a_standard_is_not() {
    let jsonl = r#"{"id":"waged","text":"Washington is waging a technology cold war against China to contain its rise.","lang":"en"}
{"id":"initiated","text":"The minister warned of a new cold war in technology initiated by the United States.","lang":"en"}
{"id":"export-controls","text":"Export controls should be carried out in a fair, reasonable and non-discriminatory way.","lang":"en"}
{"id":"no-afraid","text":"China is not afraid of a high-tech cold war and will keep innovating.","lang":"en"}
{"id":"no-standard","text":"Standards should be set in open, fair and non-discriminatory ways, the company said.","lang":"en"}
{"id":"no-frand","text":"The firm will abide by the FRAND (fair, reasonable, non-discriminatory) principle in patent licensing.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 59 (ind59): a firm's own platform built to replace a foreign one (alternatives to Android, HarmonyOS)
/// is substitution, the home pole of indigenization; a foreign firm named otherwise is not.
#[test]
fn an_own_platform_replacing_a_foreign_one_is_indigenization() {
    let jsonl = r#"{"id":"alternatives","text":"The company is developing alternatives to the Android ecosystem for its phones.","lang":"en"}
{"id":"harmonyos","text":"HarmonyOS now runs on more of the firm's laptops and tablets.","lang":"en"}
{"id":"no-deepmind","text":"Google DeepMind leads in AI research, the analyst said.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 59 (ind59): rules for data named by their domain, with the international frame, and the future of
/// cyberspace held by all countries together are standards; a community with a shared future in cyberspace alone
/// is not read.
#[test]
fn rules_for_data_by_their_domain_and_cyberspace_decided_by_all_are_standards() {
    let jsonl = r#"{"id":"data-flow","text":"The two sides should build consensus on cross-border data flow rules with other countries.","lang":"en"}
{"id":"sovereignty","text":"China is ready to provide a solution for global data sovereignty rules.","lang":"en"}
{"id":"future","text":"网络空间未来应由世界各国共同开创。","lang":"zh"}
{"id":"no-community","text":"构建网络空间命运共同体是国际社会的共同责任。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "standards", |id| !id.starts_with("no-"));
}

/// Session 59, second part (themes59b): catching up in other words is ambition — 追跑 as the first stage before
/// 领跑, the intellectual-property power among the sector powers, China said to be still catching up in technology,
/// the West's technology level said not to be reached soon (the outward pole); a developing country's general
/// modesty and another field's level are not.
#[test]
fn catching_up_in_other_words_is_ambition() {
    let jsonl = r#"{"id":"pursuit","text":"复兴号标志着中国高铁完成了从追跑到领跑的历史性跨越。","lang":"zh"}
{"id":"ip-power","text":"确保到2030年，知识产权强国建设取得决定性进展。","lang":"zh"}
{"id":"still-catching-up","text":"The US has developed its technology for 100 to 200 years and has a solid foundation in creativity, while China is still catching up.","lang":"en"}
{"id":"west-level","text":"因此，中国短时期不会全面达到西方的科技水平。","lang":"zh"}
{"id":"west-level-zht","text":"因此，中國短時期不會全面達到西方的科技水平。","lang":"zh"}
{"id":"no-developing","text":"China is one hundred percent a developing country, and we still need to catch up.","lang":"en"}
{"id":"no-income","text":"我国短期内难以达到发达国家的收入水平。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "ambition", |id| !id.starts_with("no-"));
}

/// Session 59, second part (themes59b): security of other domains stays a trap — work safety (安全生产, also in
/// the 産 form), food safety in Hong Kong's word (食物安全) and the holistic approach to national security named among
/// a plan's goals with no network or data word; the same doctrine framing data security keeps the theme.
#[test]
fn work_safety_food_safety_and_the_doctrine_alone_are_not_security() {
    let jsonl = r#"{"id":"doctrine-data","text":"To maintain data security, we should adhere to the overall national security concept and improve data security governance.","lang":"en"}
{"id":"no-work-safety","text":"要認真開展安全隱患排查,建立健全重大危險源信息管理系統。要提升安全生産保障能力。","lang":"zh"}
{"id":"no-food","text":"事後有人在網上起哄,指打擊走私龍蝦為何關乎國家安全。她指食物安全也是國家安全其中一個範疇。","lang":"zh"}
{"id":"no-doctrine","text":"The plan sets out eight goals: to ensure full implementation of the holistic approach to national security; to advance the integrated development of education, technology and talent.","lang":"en"}
"#;
    assert_theme_exactly_on(jsonl, "security", |id| !id.starts_with("no-"));
}

/// Session 59, second part (themes59b): the EU's Foreign Subsidies Regulation named is the measure against Chinese
/// firms (indigenization's market pole); China's lending on market rules, a grain trader's market and China's own
/// export control said to be no ban are not.
#[test]
fn the_foreign_subsidies_regulation_is_indigenization_and_loans_grain_and_own_export_control_are_not(
) {
    let jsonl = r#"{"id":"fsr","text":"The ministry said the EU's investigation into JD.com under its Foreign Subsidies Regulation constituted unlawful extraterritorial jurisdiction.","lang":"en"}
{"id":"fsr-zh","text":"今年以來歐盟對中國企業發起3宗外國補貼調查。","lang":"zh"}
{"id":"no-loans","text":"Financing cooperation between Chinese and Venezuelan companies is conducted on the basis of market rules, and all the loan contracts we have signed are legal.","lang":"en"}
{"id":"no-grain","text":"COFCO hopes to build a global grain supply chain to make the global grain market more efficient, in line with market principles, and benefit producers.","lang":"en"}
{"id":"no-own-control","text":"負責人並稱，「出口管制不是禁止出口」。條例不會對全球產業鏈供應鏈安全順暢運轉設置障礙。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "indigenization", |id| !id.starts_with("no-"));
}

/// Session 59, second part (themes59b): international standards as the yardstick a notice is sent by, in Chinese
/// (根据国际标准), are no technical standard, as in English.
#[test]
fn international_standards_as_a_yardstick_in_chinese_are_not_standards() {
    let jsonl = r#"{"id":"setting","text":"中国积极参与国际标准制定。","lang":"zh"}
{"id":"no-yardstick","text":"同时根据国际标准，中国主管部门及时向加方通报不合格情况，要求加方调查原因。","lang":"zh"}
"#;
    assert_theme_exactly_on(jsonl, "standards", |id| !id.starts_with("no-"));
}
