//! `twovoices terms`: the words and phrases typical of each voice, on the fixture corpus.

mod common;
use common::on_fixtures;
use serde_json::Value;

fn terms_json(args: &[&str]) -> Value {
    let mut all = vec!["terms", "--format", "json"];
    all.extend(args);
    serde_json::from_str(&on_fixtures(&all)).unwrap()
}

#[test]
fn one_ranked_list_per_voice_and_language() {
    let t = terms_json(&["--top", "20"]);
    let langs: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["en", "zh"]);
    for r in t.as_array().unwrap() {
        for (voice, side) in [("external", 0), ("internal", 1)] {
            let top = r[voice]["top"].as_array().unwrap();
            assert_eq!(top.len(), 20, "{voice}");
            let zs: Vec<f64> = top.iter().map(|x| x["z"].as_f64().unwrap()).collect();
            assert!(zs.windows(2).all(|w| w[0] >= w[1]), "{zs:?}");
            assert!(zs.iter().all(|z| *z > 0.0));
            for x in top {
                // Used more, relative to the voice's size, by the voice whose list it is in.
                let c = x["count"].as_array().unwrap();
                let rate = |i: usize| c[i].as_u64().unwrap() as f64;
                let sizes = [
                    r[voice]["terms"].as_u64().unwrap() as f64,
                    r[["internal", "external"][side]]["terms"].as_u64().unwrap() as f64,
                ];
                assert!(rate(0) / sizes[0] > rate(1) / sizes[1], "{x}");
                assert!(
                    c[0].as_u64().unwrap() + c[1].as_u64().unwrap() >= 3,
                    "min count"
                );
            }
        }
    }
}

#[test]
fn stop_words_and_boilerplate_stay_out() {
    let t = terms_json(&["--top", "200", "--min-count", "1"]);
    for r in t.as_array().unwrap() {
        for voice in ["external", "internal"] {
            for x in r[voice]["top"].as_array().unwrap() {
                let term = x["term"].as_str().unwrap();
                for w in [
                    "the",
                    "and",
                    "of",
                    "said",
                    "表示",
                    "指出",
                    "的",
                    "和",
                    "hua",
                    "chunying",
                    "华春莹",
                ] {
                    assert!(
                        term.split(' ').next() != Some(w) && term.split(' ').next_back() != Some(w),
                        "{term}"
                    );
                    if !w.is_ascii() {
                        assert_ne!(term, w);
                    }
                }
            }
        }
    }
}

#[test]
fn the_voices_say_what_the_report_says_they_say() {
    let t = terms_json(&["--top", "40"]);
    let list = |lang: &str, voice: &str| -> Vec<String> {
        t.as_array()
            .unwrap()
            .iter()
            .find(|r| r["lang"] == lang)
            .unwrap()[voice]["top"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["term"].as_str().unwrap().to_string())
            .collect()
    };
    // Outside: companies, cooperation, the United States; inside: core technology, self-reliance.
    assert!(
        list("en", "external").iter().any(|t| t == "cooperation"),
        "{:?}",
        list("en", "external")
    );
    assert!(
        list("en", "internal").iter().any(|t| t == "self reliance"),
        "{:?}",
        list("en", "internal")
    );
    assert!(
        list("zh", "internal").iter().any(|t| t == "核心技术"),
        "{:?}",
        list("zh", "internal")
    );
    assert!(
        list("zh", "external").iter().any(|t| t == "合作"),
        "{:?}",
        list("zh", "external")
    );
}

#[test]
fn language_and_theme_filters() {
    let t = terms_json(&["--lang", "zh", "--theme", "security"]);
    let r = t.as_array().unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["lang"], "zh");
    assert_eq!(r[0]["theme"], "security");
    let all = terms_json(&["--lang", "zh"]);
    // The theme's voices are a part of the language's statements; the prior is all of them.
    assert!(r[0]["external"]["statements"].as_u64() < all[0]["external"]["statements"].as_u64());
    assert_eq!(r[0]["background_terms"], all[0]["background_terms"]);
    let mixed = on_fixtures(&["terms", "--lang", "all"]);
    assert!(mixed.contains("counted as one term"), "{mixed}");
}

#[test]
fn all_languages_merge_the_forms_of_a_concept() {
    let t = terms_json(&["--lang", "all", "--top", "30"]);
    let r = &t.as_array().unwrap()[0];
    assert_eq!(r["lang"], "all");
    assert_eq!(r["concepts_merged"], true);
    let terms: Vec<&str> = ["external", "internal"]
        .iter()
        .flat_map(|v| {
            r[*v]["top"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["term"].as_str().unwrap())
        })
        .collect();
    // "United States" and 美国 are one term, named in both scripts.
    assert!(terms.contains(&"United States / 美国"), "{terms:?}");
    assert!(
        !terms.contains(&"美国") && !terms.contains(&"united states"),
        "{terms:?}"
    );
}

#[test]
fn csv_has_a_row_per_listed_term() {
    let csv = on_fixtures(&["terms", "--top", "5", "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rdr.headers().unwrap().get(3), Some("term"));
    assert_eq!(rdr.records().count(), 2 * 2 * 5);
}
