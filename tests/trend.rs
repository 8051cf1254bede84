//! `twovoices trend`: a phrase's uses per year and voice, on the fixture corpus.

mod common;
use common::{fixture_index, on_fixtures, tv_at};
use serde_json::Value;

fn trend_json(args: &[&str]) -> Value {
    let mut all = vec!["trend"];
    all.extend(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&on_fixtures(&all)).unwrap()
}

#[test]
fn cyber_power_is_a_concept_counted_in_both_scripts() {
    let t = trend_json(&["cyber power"]);
    assert_eq!(t["concept"], "cyber-power");
    let forms: Vec<&str> = t["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        forms.contains(&"网络强国") && forms.contains(&"cyber power"),
        "{forms:?}"
    );
    let int = t["total"]["internal"]["per_1000"].as_f64().unwrap();
    let ext = t["total"]["external"]["per_1000"].as_f64().unwrap();
    assert!(int > ext, "internal {int} vs external {ext}");
    // Named by another form or by its id, the same concept and the same counts.
    assert_eq!(trend_json(&["網絡強國"])["total"], t["total"]);
    assert_eq!(trend_json(&["cyber-power"])["concept"], "cyber-power");
}

#[test]
fn a_phrase_outside_the_lexicon_counts_its_own_forms() {
    let t = trend_json(&["controllable", "--form", "可控"]);
    assert!(t["concept"].is_null(), "{t}");
    assert_eq!(t["forms"], serde_json::json!(["controllable", "可控"]));
    // The Chinese form is counted with the English one.
    let en_only = trend_json(&["controllable"]);
    assert!(
        en_only["total"]["internal"]["uses"].as_u64() < t["total"]["internal"]["uses"].as_u64(),
        "{en_only}"
    );
    // Every statement is counted once, in one year or as undated.
    let statements: u64 = t["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["external"]["statements"].as_u64().unwrap()
                + p["internal"]["statements"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(statements, common::fixture_statements());
    let years: Vec<&str> = t["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(years.last(), Some(&"(undated)"));
    assert!(
        years[..years.len() - 1].windows(2).all(|w| w[0] < w[1]),
        "{years:?}"
    );
}

#[test]
fn rates_are_uses_per_thousand_statements() {
    let t = trend_json(&["self-reliance", "--form", "自立自强"]);
    for p in t["points"].as_array().unwrap() {
        for v in ["external", "internal"] {
            let c = &p[v];
            let (n, uses) = (
                c["statements"].as_u64().unwrap(),
                c["uses"].as_u64().unwrap(),
            );
            let rate = c["per_1000"].as_f64().unwrap();
            let expect = if n == 0 {
                0.0
            } else {
                uses as f64 * 1000.0 / n as f64
            };
            assert!((rate - expect).abs() < 1e-9, "{p}");
            assert!(c["statements_using"].as_u64().unwrap() <= uses);
        }
    }
}

#[test]
fn table_and_csv_agree() {
    let table = on_fixtures(&["trend", "cyber power", "--form", "网络强国"]);
    assert!(
        table.contains("(concept cyber-power)") && table.contains("“网络强国”"),
        "{table}"
    );
    assert!(table.contains("internal per 1,000"));
    let csv = on_fixtures(&[
        "trend",
        "cyber power",
        "--form",
        "网络强国",
        "--format",
        "csv",
    ]);
    let t = trend_json(&["cyber power", "--form", "网络强国"]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2 * (t["points"].as_array().unwrap().len() + 1));
    let last = rows.last().unwrap();
    assert_eq!(&last[0], "all");
    assert_eq!(&last[1], "internal");
    assert_eq!(
        last[3].parse::<u64>().unwrap(),
        t["total"]["internal"]["uses"].as_u64().unwrap()
    );
}

#[test]
fn empty_phrase_is_a_usage_error() {
    let out = tv_at(fixture_index())
        .args(["trend", "  "])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("phrase is empty"));
}
