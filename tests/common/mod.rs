//! Helpers shared by the CLI tests: a hermetic `twovoices` command and its standard output.
#![allow(dead_code)] // each test file uses a different subset

use assert_cmd::Command;

/// The `twovoices` binary, with the environment that could change its behaviour removed.
pub fn tv() -> Command {
    let mut c = Command::cargo_bin("twovoices").unwrap();
    c.env_remove("TWOVOICES_RULES")
        .env_remove("TWOVOICES_INDEX")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    c
}

/// Runs `twovoices ARGS`, asserts success, and returns standard output.
pub fn stdout(args: &[&str]) -> String {
    succeeds(tv().args(args))
}

/// [`stdout`] with the working directory `dir`, for arguments that are paths relative to it.
pub fn stdout_in(dir: impl AsRef<std::path::Path>, args: &[&str]) -> String {
    succeeds(tv().current_dir(dir).args(args))
}

/// The `trained_on` files of a committed word model, read from its own text (`table` is the model's
/// TOML table: `audience_model` or `theme_model`).
pub fn trained_on(model_text: &str, table: &str) -> Vec<String> {
    let doc: toml::Table = toml::from_str(model_text).unwrap();
    doc[table]["trained_on"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// One labelled JSONL line: an English external statement with the given themes (the inside of a JSON
/// list, e.g. `"\"security\""`, or empty for none).
pub fn gold_line(id: &str, text: &str, themes: &str) -> String {
    format!("{{\"id\":\"{id}\",\"text\":\"{text}\",\"lang\":\"en\",\"gold\":{{\"audience\":\"external\",\"themes\":[{themes}]}}}}\n")
}

/// Three labelled files `f0`–`f2` in `dir` for the trainers' tests, each holding every `(id prefix, text,
/// themes)` row once (the id gets the file's number); returns their paths.
pub fn three_gold_files(dir: &std::path::Path, rows: &[(&str, &str, &str)]) -> Vec<String> {
    (0..3)
        .map(|k| {
            let p = dir.join(format!("f{k}.jsonl"));
            let text: String = rows
                .iter()
                .map(|(id, text, themes)| gold_line(&format!("{id}{k}"), text, themes))
                .collect();
            std::fs::write(&p, text).unwrap();
            p.display().to_string()
        })
        .collect()
}

/// Runs `rules check --rules DIR`; returns stderr after asserting exit code 78 (invalid rules) and
/// empty stdout.
pub fn rules_check_refuses(dir: &std::path::Path) -> String {
    let out = tv()
        .args(["rules", "check", "--rules"])
        .arg(dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(78), "stderr: {err}");
    assert!(out.stdout.is_empty());
    err
}

/// The repository's root: relative fixture and rule paths are written from here.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The report's 27 quotes, as bundled.
pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/brookings-2021.jsonl");

/// `twovoices` working on the index at `index` (through `$TWOVOICES_INDEX`).
pub fn tv_at(index: &std::path::Path) -> Command {
    let mut c = tv();
    c.env("TWOVOICES_INDEX", index);
    c
}

/// Runs `twovoices classify FILE --format jsonl`, asserts success, and parses every output line.
pub fn classify_jsonl(file: &str) -> Vec<serde_json::Value> {
    stdout(&["classify", file, "--format", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every statement file in `fixtures/` (534 real statements: the report's quotes, dev and blind sets).
pub fn all_fixtures() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

/// An index on disk of [`all_fixtures`], built once per test binary, and how many statements it holds
/// (as `index` reports it: reposts merged).
fn fixture_index_and_count() -> &'static (tempfile::TempDir, u64) {
    static INDEX: std::sync::OnceLock<(tempfile::TempDir, u64)> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let text = succeeds(tv_at(dir.path()).arg("index").args(all_fixtures()));
        let count = text
            .lines()
            .find_map(|l| {
                l.rsplit("; ")
                    .next()?
                    .split(" statement(s) in")
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no statement count in {text}"));
        (dir, count)
    })
}

/// An index on disk of [`all_fixtures`], built once per test binary.
pub fn fixture_index() -> &'static std::path::Path {
    fixture_index_and_count().0.path()
}

/// How many statements [`fixture_index`] holds.
pub fn fixture_statements() -> u64 {
    fixture_index_and_count().1
}

/// Runs `twovoices ARGS` on the fixture index, asserts success, and returns standard output.
pub fn on_fixtures(args: &[&str]) -> String {
    succeeds(tv_at(fixture_index()).args(args))
}

/// Runs a command, asserts success (printing its standard error if not), and returns its standard output.
pub fn succeeds(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// [`on_fixtures`] in a terminal `columns` wide (`COLUMNS`), asserting that no line is wider.
pub fn on_fixtures_in(columns: usize, args: &[&str]) -> String {
    let text = succeeds(
        tv_at(fixture_index())
            .env("COLUMNS", columns.to_string())
            .args(args),
    );
    assert_fits(&text, columns, &format!("{args:?}"));
    text
}

/// Asserts that no line of `text` is wider than `columns` (East Asian wide characters count two).
pub fn assert_fits(text: &str, columns: usize, what: &str) {
    for line in text.lines() {
        let w = unicode_width::UnicodeWidthStr::width(line);
        assert!(w <= columns, "{what}: a line of {w} columns:\n{line}");
    }
}

/// A Markdown file as pandoc reads it, in every target a report author publishes to.
pub struct PandocViews {
    /// pandoc's Markdown → HTML.
    pub html: String,
    /// That HTML back to plain text (no wrapping): what a reader sees.
    pub text: String,
    /// GitHub's dialect (pandoc's gfm reader: pipe tables and footnotes as GitHub renders them) → HTML.
    pub gfm: String,
    /// Markdown → docx, read back as Markdown.
    pub docx: String,
    /// Markdown → LaTeX.
    pub latex: String,
}

/// Runs `pandoc ARGS`, asserting success, and returns its output.
fn run_pandoc(args: &[&std::ffi::OsStr]) -> String {
    let out = std::process::Command::new("pandoc")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pandoc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Reads a Markdown file through pandoc to HTML (and back to text), GitHub's HTML, docx (and back) and
/// LaTeX; `None` when pandoc is not installed (the caller skips its checks).
pub fn pandoc_views(md: &std::path::Path) -> Option<PandocViews> {
    if std::process::Command::new("pandoc")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("pandoc is not installed: skipping the round trip");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let os = |s: &str| std::ffi::OsStr::new(s).to_owned();
    let from = |reader: &str, to: &str| {
        run_pandoc(&[&os("-f"), &os(reader), &os("-t"), &os(to), md.as_os_str()])
    };
    let html = from("markdown", "html");
    let back = dir.path().join("back.html");
    std::fs::write(&back, &html).unwrap();
    let text = run_pandoc(&[
        &os("-f"),
        &os("html"),
        &os("-t"),
        &os("plain"),
        &os("--wrap=none"),
        back.as_os_str(),
    ]);
    let docx_path = dir.path().join("out.docx");
    run_pandoc(&[
        &os("-f"),
        &os("markdown"),
        md.as_os_str(),
        &os("-o"),
        docx_path.as_os_str(),
    ]);
    let docx = run_pandoc(&[
        &os("-f"),
        &os("docx"),
        &os("-t"),
        &os("markdown"),
        docx_path.as_os_str(),
    ]);
    Some(PandocViews {
        html,
        text,
        gfm: from("gfm", "html"),
        docx,
        latex: from("markdown", "latex"),
    })
}

/// How many tables a Markdown text has (separator lines of pipe tables).
pub fn markdown_tables(md: &str) -> usize {
    md.lines()
        .filter(|l| l.starts_with("|:-") || l.starts_with("|--"))
        .count()
}

/// The audience decision of `twovoices explain --format json` for one statement given by its fields
/// (`--text`, `--speaker`, `--role`, `--venue`, …, with the built-in rules): which audience, which level
/// decided, and every level's votes, so that a test can say *why* as well as *what*.
pub struct AudienceDecision {
    /// `external` or `internal`.
    pub audience: String,
    /// The level that decided (`office`, `venue`, `speaker`, `relay`, `register`), or "" when the word
    /// model or the default did.
    pub level: String,
    /// Every vote: (level, rule id, label, level outcome: `decided`, `concurs`, `outranked`, …).
    pub votes: Vec<(String, String, String, String)>,
    /// The whole JSON, shown when an assertion fails.
    pub json: String,
}

impl AudienceDecision {
    /// Asserts that `audience` was decided at `level` with `rule` among the deciding votes.
    pub fn assert_decided(&self, audience: &str, level: &str, rule: &str) -> &Self {
        assert_eq!(self.audience, audience, "audience: {}", self.json);
        assert_eq!(self.level, level, "deciding level: {}", self.json);
        assert!(
            self.votes
                .iter()
                .any(|(l, r, a, o)| l == level && r == rule && a == audience && o == "decided"),
            "{rule} does not decide {audience} at the {level} level: {}",
            self.json
        );
        self
    }

    /// Asserts that `rule` voted and was outranked by the deciding level.
    pub fn assert_outranked(&self, rule: &str) -> &Self {
        assert!(
            self.votes
                .iter()
                .any(|(_, r, _, o)| r == rule && o == "outranked"),
            "{rule} is not outranked: {}",
            self.json
        );
        self
    }

    /// Asserts that `rule` cast no vote at all.
    pub fn assert_silent(&self, rule: &str) -> &Self {
        assert!(
            !self.votes.iter().any(|(_, r, _, _)| r == rule),
            "{rule} voted: {}",
            self.json
        );
        self
    }
}

/// Runs `twovoices explain --format json` on a statement given as `(flag, value)` pairs (`("--text", "…")`)
/// and returns its audience decision.
pub fn explain_audience(fields: &[(&str, &str)]) -> AudienceDecision {
    let mut args = vec!["explain", "--format", "json"];
    for &(flag, value) in fields {
        args.push(flag);
        args.push(value);
    }
    let json = stdout(&args);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let a = &v["audience"];
    let text = |x: &serde_json::Value| x.as_str().unwrap_or("").to_string();
    let mut votes = Vec::new();
    for level in a["levels"].as_array().into_iter().flatten() {
        for vote in level["votes"].as_array().into_iter().flatten() {
            votes.push((
                text(&level["level"]),
                text(&vote[0]),
                text(&vote[1]),
                text(&level["outcome"]),
            ));
        }
    }
    AudienceDecision {
        audience: text(&a["audience"]),
        level: text(&a["level"]),
        votes,
        json,
    }
}
