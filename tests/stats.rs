//! `twovoices stats`: statements per audience × theme, by theme, year, speaker and venue.

mod common;
use common::{on_fixtures, tv};
use serde_json::Value;

fn stats_json(by: &str) -> Value {
    serde_json::from_str(&on_fixtures(&["stats", "--by", by, "--format", "json"])).unwrap()
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap()
}

#[test]
fn every_statement_is_counted_once_per_row_kind() {
    for by in ["theme", "year", "speaker", "venue"] {
        let s = stats_json(by);
        let total =
            n(&s["total"]["external"]["statements"]) + n(&s["total"]["internal"]["statements"]);
        assert_eq!(total, common::fixture_statements(), "{by}");
        if by != "theme" {
            let sum: u64 = s["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| n(&r["external"]["statements"]) + n(&r["internal"]["statements"]))
                .sum();
            assert_eq!(sum, common::fixture_statements(), "{by}");
        }
    }
}

#[test]
fn theme_rows_match_theme_counts_and_shares() {
    let s = stats_json("theme");
    let rows = s["rows"].as_array().unwrap();
    for r in rows.iter().filter(|r| r["key"] != "(no theme)") {
        let key = r["key"].as_str().unwrap();
        for v in ["external", "internal"] {
            assert_eq!(
                n(&r[v]["statements"]),
                n(&s["total"][v]["themes"][key]),
                "{key} {v}"
            );
            let share = s["total"][v]["share"][key].as_f64().unwrap();
            let expect = n(&r[v]["statements"]) as f64 / n(&s["total"][v]["statements"]) as f64;
            assert!((share - expect).abs() < 1e-12);
        }
    }
    // The fixture corpus: the internal voice speaks of ambition more often than the external one.
    let amb = |v: &str| s["total"][v]["share"]["ambition"].as_f64().unwrap();
    assert!(amb("internal") > amb("external"));
}

#[test]
fn years_in_order_and_speakers_by_size() {
    let s = stats_json("year");
    let keys: Vec<&str> = s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.last(), Some(&"(undated)"));
    assert!(
        keys[..keys.len() - 1].windows(2).all(|w| w[0] < w[1]),
        "{keys:?}"
    );
    let s = stats_json("speaker");
    let sizes: Vec<u64> = s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["key"] != "(none)")
        .map(|r| n(&r["external"]["statements"]) + n(&r["internal"]["statements"]))
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    // Display names as written (not the index's lower-cased keys).
    assert!(
        s["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["key"] == "Hua Chunying"),
        "{s}"
    );
}

#[test]
fn table_and_csv() {
    let table = on_fixtures(&["stats"]);
    assert!(table.contains("% of internal"), "{table}");
    assert!(table.contains("military-civil-fusion"));
    let table = on_fixtures(&["stats", "--by", "year"]);
    assert!(
        table.contains("2016") && table.contains("no theme"),
        "{table}"
    );
    let csv = on_fixtures(&["stats", "--by", "year", "--format", "csv"]);
    let s = stats_json("year");
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rdr.headers().unwrap().len(), 3 + 2 * 5 + 1);
    assert_eq!(
        rdr.records().count(),
        2 * (s["rows"].as_array().unwrap().len() + 1)
    );
}

#[test]
fn no_index_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = tv()
        .args(["stats", "--index"])
        .arg(dir.path().join("none"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no index at"));
}

#[test]
fn at_100_columns_every_line_fits_and_no_count_is_split() {
    let text = common::on_fixtures_in(100, &["stats", "--by", "year"]);
    // A count and its share stay on one line: no line of the table holds a share without its count.
    for line in text.lines().filter(|l| l.starts_with('│')) {
        assert_eq!(
            line.matches('(').count(),
            line.matches(')').count(),
            "{line}"
        );
        for cell in line
            .split(['┆', '│'])
            .map(str::trim)
            .filter(|c| c.contains('%'))
        {
            assert!(cell.chars().next().unwrap().is_ascii_digit(), "{line}");
        }
    }
    // The header names every theme; a long one breaks at its dashes, not inside a word.
    for piece in ["military-", "civil-", "fusion", "indigeni"] {
        assert!(
            text.lines()
                .any(|l| l.split(['┆', '│']).any(|c| c.trim().starts_with(piece))),
            "{piece}: {text}"
        );
    }
    let terms = common::on_fixtures_in(100, &["terms", "--top", "10"]);
    // Every one-word term stands whole in a cell of its own: none is cut across lines.
    let ranked: serde_json::Value =
        serde_json::from_str(&on_fixtures(&["terms", "--top", "10", "--format", "json"])).unwrap();
    let cells: Vec<&str> = terms
        .lines()
        .flat_map(|l| l.split(['┆', '│']))
        .map(str::trim)
        .collect();
    for list in ranked.as_array().unwrap() {
        for side in ["external", "internal"] {
            for t in list[side]["top"].as_array().unwrap() {
                let term = t["term"].as_str().unwrap();
                if !term.contains(' ') {
                    assert!(cells.contains(&term), "{term} cut:\n{terms}");
                }
            }
        }
    }
    // Numbers are never cut across lines: every `·` has a number on both sides on its own line.
    for line in terms.lines().filter(|l| l.contains('·')) {
        let numbers = line
            .split(['┆', '│'])
            .map(str::trim)
            .filter(|c| c.contains('·') && c.contains(|ch: char| ch.is_ascii_digit()));
        for cell in numbers {
            assert!(
                cell.starts_with(|c: char| c.is_ascii_digit())
                    && cell.ends_with(|c: char| c.is_ascii_digit()),
                "{line}"
            );
        }
    }
}
