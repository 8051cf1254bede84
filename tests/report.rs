//! `twovoices report`: Markdown and HTML reports with sections, attribution lines, endnotes and tables.

mod common;
use common::{tv_at, FIXTURE};

fn indexed() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    // A quote with characters that would break a Markdown table or HTML if left unescaped.
    let extra = dir.path().join("extra.jsonl");
    let line = serde_json::json!({"id": "pipe-1", "text": "International standard-setting | rules <b>must</b> be *shared* and [open]: technical standards should be win-win and inclusive.",
        "speaker": "Zhao Lijian", "role": "Foreign Ministry Spokesperson", "venue": "Regular press conference",
        "date": "2020-09-08", "source": "https://example.org/a|b", "lang": "en"});
    std::fs::write(&extra, format!("{line}\n")).unwrap();
    tv_at(&index)
        .args(["index", FIXTURE, extra.to_str().unwrap()])
        .assert()
        .success();
    (dir, index)
}

#[test]
fn markdown_has_a_section_per_theme_attributions_tables_and_numbered_endnotes() {
    let (_d, index) = indexed();
    let out = tv_at(&index)
        .args(["report"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    // The whole report, reviewed as a diff whenever rules, pairing or rendering change it.
    insta::assert_snapshot!("report_markdown", md);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), 6, "{headings:?}");
    assert_eq!(headings[5], "## ENDNOTES");
    assert!(md.contains("**External messaging:** “Restrictions on Huawei blatantly violated"));
    assert!(md.contains(
        "| Foreign Ministry Spokesperson Hua Chunying, Regular press conference, July 15, 2020"
    ));
    // Each theme has a two-column table whose rows keep two cells, the pipe in the quote escaped.
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| ") && l.ends_with(" |"))
        .collect();
    assert!(
        rows.iter()
            .all(|l| l.replace("\\|", "").matches('|').count() == 3),
        "{rows:#?}"
    );
    assert_eq!(
        md.matches("| External messaging | For internal audiences |")
            .count(),
        5
    );
    assert!(md.contains("standard-setting \\| rules \\<b\\>must\\</b\\> be \\*shared\\*"));
    // Every cited note exists, numbered 1..n in order.
    let notes: Vec<usize> = md
        .lines()
        .skip_while(|l| *l != "## ENDNOTES")
        .filter_map(|l| l.split_once(". ").and_then(|(n, _)| n.parse().ok()))
        .collect();
    assert_eq!(notes, (1..=notes.len()).collect::<Vec<_>>());
    for n in md
        .split("<sup>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().parse::<usize>().unwrap())
    {
        assert!(n >= 1 && n <= notes.len());
    }
    assert!(
        md.contains("Ibid."),
        "consecutive notes from the same press conference read Ibid."
    );
}

#[test]
fn html_is_one_self_contained_file_written_with_dash_o() {
    let (dir, index) = indexed();
    let file = dir.path().join("report.html");
    tv_at(&index)
        .args([
            "report",
            "--format",
            "html",
            "--theme",
            "standards",
            "--theme",
            "security",
            "-o",
            file.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
    let standards = html.find("id=\"standards\"").unwrap();
    let security = html.find("id=\"security\"").unwrap();
    assert!(standards < security, "themes in the order asked");
    assert!(!html.contains("id=\"ambition\""));
    assert!(html.contains("standard-setting | rules &lt;b&gt;must&lt;/b&gt;"));
    assert_eq!(html.matches("<table>").count(), 2);
}

fn report(index: &std::path::Path, format: &str) -> String {
    let out = tv_at(index)
        .args(["report", "--format", format])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// The text between each `open` and the next `close`, in order.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    text.split(open)
        .skip(1)
        .filter_map(|s| s.split_once(close).map(|(inside, _)| inside))
        .collect()
}

#[test]
fn markdown_and_html_use_the_same_words() {
    let (_d, index) = indexed();
    let md = report(&index, "markdown");
    let html = report(&index, "html");
    let md_labels: Vec<&str> = md
        .lines()
        .filter_map(|l| {
            l.strip_prefix("**")?
                .split_once(":** “")
                .map(|(label, _)| label)
        })
        .collect();
    let html_labels = between(&html, "<span class=\"label\">", ":</span>");
    assert!(md_labels.len() > 10, "{md_labels:?}");
    assert_eq!(md_labels, html_labels);
    assert!(md_labels.contains(&"For internal audiences") && md_labels.contains(&"Internal"));
    let subtitle = md.lines().nth(2).unwrap().trim_matches('*');
    assert!(
        html.contains(&format!("<p><em>{subtitle}</em></p>")),
        "{subtitle}"
    );
}

#[test]
fn json_is_the_report_data() {
    let (_d, index) = indexed();
    let json: serde_json::Value = serde_json::from_str(&report(&index, "json")).unwrap();
    let sections = json["sections"].as_array().unwrap();
    let themes: Vec<&str> = sections
        .iter()
        .map(|s| s["theme"].as_str().unwrap())
        .collect();
    assert_eq!(themes.len(), 5, "{themes:?}");
    let notes = json["endnotes"].as_array().unwrap();
    let numbers: Vec<u64> = notes
        .iter()
        .map(|n| n["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=notes.len() as u64).collect::<Vec<_>>());
    for s in sections {
        assert!(!s["rows"].as_array().unwrap().is_empty());
        for q in s["quotes"].as_array().unwrap() {
            let note = q["note"].as_u64().unwrap();
            assert!(note >= 1 && note <= notes.len() as u64);
            assert!(["external", "internal"].contains(&q["audience"].as_str().unwrap()));
        }
    }
    // The Markdown renders the same data: every quote's text appears there (escaped).
    let md = report(&index, "markdown");
    assert!(md.contains(&format!(
        "## {}",
        sections[0]["heading"].as_str().unwrap().replace('*', "\\*")
    )));
}

#[test]
fn dash_o_keeps_a_symlink_a_link_writes_through_a_fifo_and_refuses_a_directory() {
    let (dir, index) = indexed();
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
        .contains("## ENDNOTES"));

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
    assert!(reader.join().unwrap().contains("## ENDNOTES"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    run(&folder)
        .code(2)
        .stderr(predicates::str::contains("it is a directory"));
    assert!(folder.is_dir());
}
