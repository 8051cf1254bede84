//! `twovoices report`: the Brookings layout complete (every statement of a theme, once, grouped by frame),
//! Markdown that GitHub and pandoc read, self-contained HTML with language tags, JSON and CSV of the same
//! model, the format taken from `-o`, exit codes and messages.

mod common;
use common::{succeeds, tv_at, FIXTURE};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// Real Chinese statements for the translation and script checks. The first is Xi Jinping's line at the
/// 2016 forum on cybersecurity and informatization work (brookings-2021-19 is the report's English of it,
/// used here as its `translation`); the second is Shen Yi's comment in traditional characters on the
/// People's Daily CPC news site.
const CHINESE: &str = r#"{"id": "xi-2016-mingmen-zh", "text": "互联网核心技术是我们最大的“命门”，核心技术受制于人是我们最大的隐患。", "translation": "The core technology of the internet is our biggest ‘fate,’ and it is our biggest hidden danger that the core technology is restricted by others.", "speaker": "习近平", "venue": "网络安全和信息化工作座谈会", "date": "2016-04-19", "source": "http://www.xinhuanet.com/politics/2016-04/25/c_1118731175.htm", "lang": "zh"}
{"id": "shenyi-2024-zh-hant", "text": "要在網絡時代保障國家安全，要推進中國式現代化，就必須牽住數字關鍵核心技術自主創新這個“牛鼻子”，解決核心技術受制於人的隱患，提升自主創新能力，努力實現高水平科技自立自強。", "speaker": "沈逸", "venue": "人民網", "date": "2024-02-27", "source": "http://cpc.people.com.cn/BIG5/n1/2024/0227/c164113-40184242.html", "lang": "zh"}
"#;

/// An index of the given statement files (plus extra JSONL lines, if any) in a temporary folder.
fn index_of(files: &[&str], extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let mut args: Vec<String> = vec!["index".into()];
    args.extend(files.iter().map(|f| f.to_string()));
    if !extra.is_empty() {
        let path = dir.path().join("extra.jsonl");
        std::fs::write(&path, extra).unwrap();
        args.push(path.display().to_string());
    }
    tv_at(&index).args(&args).assert().success();
    (dir, index)
}

/// An index of the 27 Brookings quotes alone.
fn brookings() -> (tempfile::TempDir, PathBuf) {
    index_of(&[FIXTURE], "")
}

fn run(index: &Path, args: &[&str]) -> String {
    succeeds(tv_at(index).arg("report").args(args))
}

/// The fixture's statements: (id, text, speaker).
fn fixture_quotes() -> Vec<(String, String, String)> {
    std::fs::read_to_string(FIXTURE)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (s("id"), s("text"), s("speaker"))
        })
        .collect()
}

/// Markdown with its backslash escapes removed (what a reader sees, near enough for finding quotes).
fn unescaped(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().unwrap());
        } else {
            out.push(c);
        }
    }
    out
}

/// The number of unescaped `|` in a line.
fn pipes(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match (c, escaped) {
            ('\\', false) => escaped = true,
            ('|', false) => n += 1,
            _ => escaped = false,
        }
    }
    n
}

#[test]
fn all_27_brookings_quotes_appear_once_in_each_of_their_themes_with_their_speakers() {
    // Each theme's section lists every statement the classifier put in that theme exactly once; a quote the
    // classifier gives two themes (brookings-2021-31 since session 51's retrained stack) stands in both
    // sections, once in each, and no quote is dropped.
    let (_d, index) = brookings();
    let md = run(&index, &[]);
    insta::assert_snapshot!("report_markdown", md);
    let quotes = fixture_quotes();
    assert_eq!(quotes.len(), 27);
    // The report as data: in each section every id at most once, and its endnote cites that statement.
    let json: serde_json::Value =
        serde_json::from_str(&run(&index, &["--format", "json"])).unwrap();
    let mut sections_of: std::collections::BTreeMap<String, usize> = Default::default();
    let notes = json["endnotes"].as_array().unwrap();
    for s in json["sections"].as_array().unwrap() {
        let mut in_section: Vec<String> = Vec::new();
        for g in s["groups"].as_array().unwrap() {
            for r in g["rows"].as_array().unwrap() {
                for side in ["external", "internal"] {
                    if let Some(q) = r.get(side).filter(|q| !q.is_null()) {
                        assert_eq!(q["audience"], side);
                        let n = q["note"].as_u64().unwrap() as usize;
                        assert_eq!(notes[n - 1]["id"], q["id"]);
                        in_section.push(q["id"].as_str().unwrap().to_string());
                    }
                }
            }
        }
        let listed = in_section.len();
        in_section.sort();
        in_section.dedup();
        assert_eq!(in_section.len(), listed, "a quote twice in {}", s["theme"]);
        for id in in_section {
            *sections_of.entry(id).or_default() += 1;
        }
        assert_eq!(s["left_out"]["external"], 0);
        assert_eq!(s["left_out"]["internal"], 0);
    }
    let mut want: Vec<String> = quotes.iter().map(|q| q.0.clone()).collect();
    want.sort();
    assert_eq!(sections_of.keys().cloned().collect::<Vec<_>>(), want);
    // The Markdown prints each quote once per section that lists it, the speaker in the same table cell.
    let plain = unescaped(&md);
    for (id, text, speaker) in &quotes {
        assert_eq!(
            plain.matches(text.as_str()).count(),
            sections_of[id],
            "{id}: {text}"
        );
        for line in plain.lines().filter(|l| l.contains(text.as_str())) {
            let cell = line
                .split(" | ")
                .find(|c| c.contains(text.as_str()))
                .unwrap();
            assert!(cell.contains(speaker.as_str()), "{id}: {cell}");
        }
    }
}

#[test]
fn brookings_pairs_sit_side_by_side_under_their_frame_before_the_unpaired_quotes() {
    let (_d, index) = brookings();
    let json: serde_json::Value = serde_json::from_str(&run(
        &index,
        &["--theme", "indigenization", "--format", "json"],
    ))
    .unwrap();
    let section = &json["sections"][0];
    let group = section["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["frame"] == "indigenization.open-markets-vs-self-reliance")
        .expect("the open-markets frame groups the indigenization pairs");
    let rows = group["rows"].as_array().unwrap();
    // Paired rows first, then rows of one quote each.
    let paired: Vec<bool> = rows
        .iter()
        .map(|r| !r["external"].is_null() && !r["internal"].is_null())
        .collect();
    assert!(paired[0], "{rows:#?}");
    assert!(paired.windows(2).all(|w| w[0] || !w[1]), "{paired:?}");
    assert!(rows
        .iter()
        .all(|r| !r["external"].is_null() || !r["internal"].is_null()));
    // The report's own pairing: Hua Chunying's "market economy principles" against Xi's core technology.
    let pair_of = |ext: &str| {
        rows.iter()
            .find(|r| r["external"]["id"] == ext)
            .map(|r| r["internal"]["id"].as_str().unwrap_or("").to_string())
    };
    let hua = pair_of("brookings-2021-16").unwrap();
    assert!(
        [
            "brookings-2021-19",
            "brookings-2021-20",
            "brookings-2021-21",
            "brookings-2021-22"
        ]
        .contains(&hua.as_str()),
        "{hua}"
    );
    // The "other" group, when present, comes last.
    let groups = section["groups"].as_array().unwrap();
    for g in &groups[..groups.len() - 1] {
        assert!(!g["frame"].is_null(), "{groups:#?}");
    }
}

#[test]
fn markdown_has_no_raw_html_and_every_pipe_line_is_a_two_cell_table_row() {
    let (_d, index) = index_of(
        &[FIXTURE],
        &format!(
            "{}\n{CHINESE}",
            serde_json::json!({"id": "pipe-1", "text": "International standard-setting | rules <b>must</b> be *shared* and [open]: technical $standards$ ^should^ be ~win-win~ and inclusive &amp; @everyone.\nSecond line.",
                "speaker": "Zhao Lijian", "role": "Foreign Ministry Spokesperson", "venue": "Regular press conference",
                "date": "2020-09-08", "source": "https://example.org/a|b", "lang": "en"})
        ),
    );
    let md = run(&index, &[]);
    let lines: Vec<&str> = md.lines().collect();
    let mut in_table = false;
    for (k, line) in lines.iter().enumerate() {
        // No HTML tag: a `<` is escaped, or opens an autolink.
        for (at, _) in line.match_indices('<') {
            let escaped = at > 0 && &line[at - 1..at] == "\\";
            assert!(
                escaped || line[at..].starts_with("<http"),
                "raw HTML on line {}: {line}",
                k + 1
            );
        }
        if line.starts_with('|') {
            // A table: header, separator, rows, each with exactly two cells.
            assert_eq!(pipes(line), 3, "line {}: {line}", k + 1);
            if !in_table {
                assert!(lines[k + 1].starts_with("|:---"), "line {}: {line}", k + 1);
                assert!(k == 0 || lines[k - 1].is_empty());
            }
            in_table = true;
        } else {
            in_table = false;
        }
    }
    assert!(!md.contains("<br>") && !md.contains("<sup>"));
    assert!(md.contains(
        "standard-setting \\| rules \\<b\\>must\\</b\\> be \\*shared\\* and \\[open\\]: technical \\$standards\\$ \\^should\\^ be \\~win-win\\~ and inclusive \\&amp; \\@everyone. Second line."
    ));
    // Footnotes: each referenced once, defined once, numbered 1..n in reading order.
    let refs: Vec<usize> = md
        .split("[^")
        .skip(1)
        .filter_map(|s| s.split_once(']'))
        .filter(|(_, rest)| !rest.starts_with(':'))
        .map(|(n, _)| n.parse().unwrap())
        .collect();
    let defs: Vec<usize> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("[^")?.split_once("]: "))
        .map(|(n, _)| n.parse().unwrap())
        .collect();
    assert_eq!(refs, (1..=refs.len()).collect::<Vec<_>>());
    assert_eq!(defs, refs);
    assert_eq!(
        refs.len(),
        30,
        "27 quotes, the piped one and two Chinese ones"
    );
    // Venue and date are in the endnote, not beside the quote.
    let hua = lines
        .iter()
        .find(|l| l.contains("Restrictions on Huawei blatantly violated"))
        .unwrap();
    assert!(hua.contains("— Foreign Ministry Spokesperson Hua Chunying"));
    assert!(!hua.contains("July 15, 2020"));
    let n: usize = hua
        .split("[^")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let note = lines
        .iter()
        .find(|l| l.starts_with(&format!("[^{n}]: ")))
        .unwrap();
    assert!(
        note.contains("Regular press conference, July 15, 2020."),
        "{note}"
    );
    assert!(!note.contains("Hua Chunying"));
    // A Chinese quote keeps its original words, its translation beside it.
    let xi = lines.iter().find(|l| l.contains("命门")).unwrap();
    assert!(
        xi.contains("*Translation:* “The core technology of the internet is our biggest ‘fate,’"),
        "{xi}"
    );
    assert!(xi.contains("— 习近平"));
}

#[test]
fn pandoc_reads_the_markdown_back_to_html_docx_and_latex() {
    let (dir, index) = brookings();
    let md_path = dir.path().join("report.md");
    tv_at(&index)
        .args(["report", "-o"])
        .arg(&md_path)
        .assert()
        .success();
    let Some(v) = common::pandoc_views(&md_path) else {
        return;
    };
    let tables = common::markdown_tables(&std::fs::read_to_string(&md_path).unwrap());
    // Back to text: every quote once, with its speaker; footnotes, not literal `[^n]` or `| …`.
    for (id, quote, speaker) in fixture_quotes() {
        // pandoc's plain text turns ’ and “ into themselves; compare on the first 60 characters.
        let head: String = quote.chars().take(60).collect();
        assert_eq!(v.text.matches(head.as_str()).count(), 1, "{id}: {head}");
        assert!(v.text.contains(speaker.as_str()), "{id}: {speaker}");
    }
    assert!(!v.text.contains("[^"));
    assert_eq!(v.html.matches("class=\"footnote-ref\"").count(), 27);
    assert_eq!(v.html.matches("<table").count(), tables);
    assert_eq!(
        v.docx.lines().filter(|l| l.starts_with("[^")).count(),
        27,
        "27 footnotes in the docx"
    );
    // GitHub's dialect: the same footnotes and tables, and no paragraph that shows a literal `|`.
    assert_eq!(v.gfm.matches("class=\"footnote-ref\"").count(), 27);
    assert_eq!(v.gfm.matches("<table").count(), tables);
    assert!(!v.gfm.contains("<p>|"));
    assert_eq!(v.latex.matches("\\footnote{").count(), 27);
    assert!(v.latex.contains("\\begin{longtable}"));
}

#[test]
fn html_is_self_contained_with_language_tags_fonts_and_translations() {
    let (dir, index) = index_of(&[FIXTURE], CHINESE);
    let file = dir.path().join("report.html");
    // No --format: the extension of -o decides.
    tv_at(&index)
        .args([
            "report",
            "--theme",
            "standards",
            "--theme",
            "indigenization",
            "--theme",
            "standards",
            "-o",
        ])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
    // A theme asked for twice is shown once, in the order first asked.
    assert_eq!(html.matches("<section id=\"standards\"").count(), 1);
    let standards = html.find("id=\"standards\"").unwrap();
    let indigenization = html.find("id=\"indigenization\"").unwrap();
    assert!(standards < indigenization);
    assert!(html.contains(":lang(zh-Hans){font-family:'Noto Serif CJK SC'"));
    assert!(html.contains(":lang(zh-Hant){font-family:'Noto Serif CJK TC'"));
    let xi = html
        .find("<blockquote lang=\"zh-Hans\">“互联网核心技术是我们最大的“命门”")
        .unwrap();
    let shen = html
        .find("<blockquote lang=\"zh-Hant\">“要在網絡時代")
        .unwrap();
    assert!(xi > indigenization && shen > indigenization);
    assert!(html[xi..].split("</td>").next().unwrap().contains(
        "<p class=\"tr\" lang=\"en\"><span class=\"label\">Translation:</span> “The core technology"
    ));
    assert!(html.contains("<blockquote lang=\"en\">“Restrictions on Huawei blatantly violated"));
    // Every endnote mark links to its note and back.
    let marks = html.matches("<sup><a href=\"#note-").count();
    assert!(marks > 5);
    assert_eq!(html.matches("<li id=\"note-").count(), marks);
}

#[test]
fn json_and_csv_are_the_same_report_in_the_same_order() {
    let (_d, index) = index_of(&[FIXTURE], CHINESE);
    let json: serde_json::Value =
        serde_json::from_str(&run(&index, &["--format", "json"])).unwrap();
    let mut from_json: Vec<(String, String, String)> = Vec::new();
    for s in json["sections"].as_array().unwrap() {
        for g in s["groups"].as_array().unwrap() {
            for r in g["rows"].as_array().unwrap() {
                for side in ["external", "internal"] {
                    if let Some(q) = r.get(side).filter(|q| !q.is_null()) {
                        from_json.push((
                            s["theme"].as_str().unwrap().into(),
                            q["id"].as_str().unwrap().into(),
                            g["frame"].as_str().unwrap_or("other").into(),
                        ));
                    }
                }
            }
        }
    }
    let csv = run(&index, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (theme, id, group, column, translation, lang) = (
        col("theme"),
        col("id"),
        col("group"),
        col("column"),
        col("translation"),
        col("lang"),
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let from_csv: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[theme].into(), r[id].into(), r[group].into()))
        .collect();
    assert_eq!(from_csv, from_json);
    assert_eq!(from_csv.len(), 29);
    // One set of words: the CSV's column labels are the Markdown's column headings.
    let md = run(&index, &[]);
    for r in &rows {
        assert!(
            md.contains(&format!("| {} |", &r[column]))
                || md.contains(&format!(" {} |\n", &r[column]))
        );
    }
    let xi = rows
        .iter()
        .find(|r| &r[id] == "xi-2016-mingmen-zh")
        .unwrap();
    assert_eq!(&xi[lang], "zh-Hans");
    assert!(xi[translation].starts_with("The core technology of the internet"));
    let shen = rows
        .iter()
        .find(|r| &r[id] == "shenyi-2024-zh-hant")
        .unwrap();
    assert_eq!(&shen[lang], "zh-Hant");
}

#[test]
fn max_per_theme_cuts_and_says_how_many_were_left_out() {
    let (_d, index) = brookings();
    let all: serde_json::Value = serde_json::from_str(&run(
        &index,
        &["--format", "json", "--max-per-theme", "all"],
    ))
    .unwrap();
    let cut: serde_json::Value =
        serde_json::from_str(&run(&index, &["--format", "json", "--max-per-theme", "3"])).unwrap();
    let shown = |s: &serde_json::Value| -> usize {
        s["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["rows"].as_array().unwrap())
            .map(|r| {
                ["external", "internal"]
                    .iter()
                    .filter(|k| !r[**k].is_null())
                    .count()
            })
            .sum()
    };
    let mut left_out_total = 0;
    for (a, c) in all["sections"]
        .as_array()
        .unwrap()
        .iter()
        .zip(cut["sections"].as_array().unwrap())
    {
        let left = (c["left_out"]["external"].as_u64().unwrap()
            + c["left_out"]["internal"].as_u64().unwrap()) as usize;
        assert!(shown(c) <= 3);
        // Nothing vanishes: what is shown plus what is left out is the whole section.
        assert_eq!(shown(c) + left, shown(a), "{}", c["theme"]);
        left_out_total += left;
    }
    assert!(left_out_total > 0);
    let md = run(&index, &["--max-per-theme", "3"]);
    assert!(md.contains("*Not shown, for length: "), "{md}");
    assert_eq!(
        md.matches("*Not shown, for length: ").count(),
        cut["sections"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["left_out"]["external"].as_u64().unwrap()
                + s["left_out"]["internal"].as_u64().unwrap()
                > 0)
            .count()
    );
}

#[test]
fn format_comes_from_the_extension_and_a_contradicting_format_is_a_usage_error() {
    let (dir, index) = brookings();
    for (name, starts) in [
        ("r.json", "{"),
        ("r.csv", "theme,heading,"),
        ("r.md", "# Two voices"),
        ("r.htm", "<!DOCTYPE html>"),
    ] {
        let path = dir.path().join(name);
        tv_at(&index)
            .args(["report", "--theme", "security", "-o"])
            .arg(&path)
            .assert()
            .success();
        assert!(
            std::fs::read_to_string(&path).unwrap().starts_with(starts),
            "{name}"
        );
    }
    let wrong = dir.path().join("out.html");
    tv_at(&index)
        .args(["report", "--format", "markdown", "-o"])
        .arg(&wrong)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--format markdown contradicts the extension",
        ));
    assert!(!wrong.exists());
    // An explicit format that agrees, or an extension that names none, is fine.
    let txt = dir.path().join("out.txt");
    tv_at(&index)
        .args(["report", "--format", "json", "--theme", "security", "-o"])
        .arg(&txt)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&txt).unwrap().starts_with('{'));
}

#[test]
fn an_empty_side_exits_1_with_or_without_theme() {
    // Only external statements: no theme has an internal side.
    let externals: String = std::fs::read_to_string(FIXTURE)
        .unwrap()
        .lines()
        .filter(|l| l.contains("Foreign Ministry Spokesperson"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_d, index) = index_of(&[], &externals);
    tv_at(&index)
        .arg("report")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no theme has both external and internal statements",
        ));
    tv_at(&index)
        .args(["report", "--theme", "indigenization"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "theme `indigenization` has no internal statement",
        ));
}

#[test]
fn record_errors_name_what_was_expected_in_words_not_rust_types() {
    let dir = tempfile::tempdir().unwrap();
    for (line, words) in [
        (
            "\"hello\"",
            "expected a JSON object with at least `id` and `text`",
        ),
        (
            "[1, 2]",
            "expected a JSON object with at least `id` and `text`",
        ),
        (
            r#"{"id": "x", "text": "t", "gold": "external"}"#,
            "expected an object with `audience`",
        ),
        (
            r#"{"id": "x", "text": "t", "provenance": 3}"#,
            "expected an object describing where",
        ),
    ] {
        let file = dir.path().join("bad.jsonl");
        std::fs::write(&file, format!("{line}\n")).unwrap();
        let out = tv_at(&dir.path().join("idx"))
            .arg("index")
            .arg(&file)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("bad.jsonl:1:"), "{err}");
        assert!(err.contains(words), "{line}: {err}");
        assert!(
            !err.contains("struct") && !err.contains("Raw"),
            "{line}: {err}"
        );
    }
}

#[test]
fn dash_o_keeps_a_symlink_a_link_writes_through_a_fifo_and_refuses_a_directory() {
    let (dir, index) = brookings();
    let run = |out: &std::path::Path| {
        tv_at(&index)
            .args(["report", "--theme", "standards", "-o"])
            .arg(out)
            .assert()
    };
    let target = dir.path().join("real.md");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    run(&link).success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("## STANDARD-SETTING"));

    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    run(&fifo).success();
    assert!(reader.join().unwrap().contains("## STANDARD-SETTING"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    run(&folder)
        .code(2)
        .stderr(predicate::str::contains("it is a directory"));
    assert!(folder.is_dir());
}
