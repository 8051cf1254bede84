//! `twovoices align` on the real Chinese and English transcripts of 10 December 2013.

mod common;

use common::{stdout, tv};

fn doc(name: &str) -> String {
    format!("{}/fixtures/documents/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn pairs_turns_and_lists_what_one_version_lacks() {
    let zh = doc("mfa-2013-12-10-zh.txt");
    let en = doc("mfa-2013-12-10-en.txt");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["align", &zh, &en, "--format", "json"])).unwrap();
    assert_eq!(json["pairs"].as_array().unwrap().len(), 2);
    assert_eq!(json["missing_in_en"].as_array().unwrap().len(), 2);
    assert_eq!(json["missing_in_en"][0]["line"], 17);
    assert_eq!(json["missing_in_zh"].as_array().unwrap().len(), 0);
    let table = stdout(&["align", &zh, &en]);
    assert!(
        table.contains("2 turn(s) paired")
            && table.contains("only in the Chinese version: 2 passage(s)"),
        "{table}"
    );
    assert!(table.contains("和平方舟"), "{table}");
}

#[test]
fn a_document_that_is_no_transcript_is_a_clear_error() {
    let out = tv()
        .args([
            "align",
            &doc("cnetsec-hong-lei-article.txt"),
            &doc("mfa-2013-12-10-en.txt"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a press-conference transcript"));
}
