//! The rule language's semantics, one matcher feature at a time, on a small test-only rule set.

use proptest::prelude::*;
use std::path::Path;
use twovoices::classify::Classifier;
use twovoices::model::{Audience, Basis, Statement, Theme};
use twovoices::rules::RuleSet;

fn rules() -> RuleSet {
    RuleSet::load(Some(Path::new("tests/data/rules-semantics"))).expect("test rules load")
}

fn st(text: &str, role: &str, venue: &str) -> Statement {
    Statement {
        role: role.into(),
        venue: venue.into(),
        ..Statement::new("x", text)
    }
}

fn fired(rules: &RuleSet, s: &Statement) -> Vec<String> {
    Classifier::new(rules)
        .classify(s)
        .fired
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn latin_phrases_match_whole_words_case_folded() {
    let r = rules();
    assert!(
        fired(&r, &st("Building a CYBER POWER.", "", "")).contains(&"t.phrase-word".to_string())
    );
    assert!(fired(&r, &st("cyber-power ambitions", "", "")).contains(&"t.phrase-word".to_string()));
    assert!(!fired(&r, &st("cyber powers", "", "")).contains(&"t.phrase-word".to_string()));
    assert!(!fired(&r, &st("hypercyber power", "", "")).contains(&"t.phrase-word".to_string()));
}

#[test]
fn trailing_star_matches_word_endings() {
    let r = rules();
    for text in ["standardization work", "we standardize", "Standardizing 5G"] {
        assert!(
            fired(&r, &st(text, "", "")).contains(&"t.prefix".to_string()),
            "{text}"
        );
    }
    assert!(!fired(&r, &st("nonstandardized", "", "")).contains(&"t.prefix".to_string()));
}

#[test]
fn cjk_phrases_match_as_substrings_and_traditional_as_simplified() {
    let r = rules();
    let c = Classifier::new(&r).classify(&st("我们要加快建設網絡強國步伐", "", ""));
    assert_eq!(c.themes, vec![Theme::Ambition]);
    let ev = &c.fired[0].evidence[0];
    assert_eq!(
        ev.matched, "網絡強國",
        "evidence quotes the original traditional characters"
    );
    assert_eq!(
        &"我们要加快建設網絡強國步伐"[ev.span.0..ev.span.1],
        "網絡強國"
    );
}

#[test]
fn requires_within_and_excludes() {
    let r = rules();
    let id = "t.requires".to_string();
    assert!(fired(&r, &st("We need self-reliance in technology.", "", "")).contains(&id));
    assert!(
        !fired(&r, &st("We need self-reliance.", "", "")).contains(&id),
        "required group missing"
    );
    assert!(
        !fired(&r, &st("Self-reliance is a virtue that every nation and every person needs; technology too.", "", ""))
            .contains(&id),
        "required term farther than `within`"
    );
    assert!(
        !fired(&r, &st("self-reliance in grain technology", "", "")).contains(&id),
        "excluded"
    );
    assert!(fired(&r, &st("实现高水平科技自立自强", "", "")).contains(&id));
    assert!(!fired(&r, &st("粮食科技自立自强", "", "")).contains(&id));
}

#[test]
fn regex_runs_on_normalised_text() {
    let r = rules();
    assert!(fired(&r, &st("They want BACK DOORS.", "", "")).contains(&"t.regex".to_string()));
    assert!(fired(&r, &st("a back-door", "", "")).contains(&"t.regex".to_string()));
    assert!(!fired(&r, &st("the door at the back", "", "")).contains(&"t.regex".to_string()));
}

#[test]
fn fuzzy_names_agree_across_wordings() {
    let r = rules();
    for role in [
        "MFA spokesperson",
        "Foreign Ministry Spokesperson",
        "spokeswoman of the Foreign Ministry",
        "Chinese Foreign Ministry spokesman",
        "Foreign Ministry Spokesprson",
    ] {
        let c = Classifier::new(&r).classify(&st("Hello.", role, ""));
        assert_eq!(c.audience, Audience::External, "{role}");
        assert_eq!(c.audience_basis, Basis::Rules);
        let ev = &c.fired[0].evidence[0];
        assert!(ev.score.unwrap() >= 0.9, "{role}: {:?}", ev.score);
    }
    for role in [
        "Foreign Minister",
        "Ministry of Commerce",
        "Vice Minister of Industry",
    ] {
        let c = Classifier::new(&r).classify(&st("Hello.", role, ""));
        assert_eq!(c.audience_basis, Basis::Default, "{role} must not match");
    }
}

#[test]
fn negative_weights_pull_a_theme_below_the_threshold() {
    let r = rules();
    let c = Classifier::new(&r).classify(&st("A cyber power and a sports power.", "", ""));
    assert!(c.themes.is_empty());
    assert_eq!(c.theme_scores[&Theme::Ambition], -1.0);
}

#[test]
fn audience_by_precedence_and_default_applies_without_votes() {
    let r = rules();
    // The role rule has no `level`, so it is a `speaker` rule; the venue outranks it whatever the weights.
    let c = Classifier::new(&r).classify(&st("x", "MFA spokesperson", "work conference"));
    assert_eq!(
        c.audience,
        Audience::Internal,
        "a venue (2 internal) outranks a speaker (3 external)"
    );
    let c = Classifier::new(&r).classify(&st("x", "MFA spokesperson", ""));
    assert_eq!(c.audience, Audience::External);
    let c = Classifier::new(&r).classify(&st("x", "", ""));
    assert_eq!(
        (c.audience, c.audience_basis),
        (Audience::Internal, Basis::Default)
    );
}

#[test]
fn builtin_rules_know_the_labelling_traps() {
    let r = RuleSet::builtin().unwrap();
    let mut c = Classifier::new(&r);
    for trap in [
        "We will achieve self-reliance in grain production and keep the rice bowl in our own hands.",
        "China has indisputable sovereignty over the Nansha Islands and their adjacent waters.",
        "We will build China into a strong country in agriculture and a sports power.",
        "Food safety and workplace safety concern the lives of the people.",
        "The U.S. practises double standards on counter-terrorism.",
        "加快建设农业强国,把饭碗牢牢端在自己手中。",
        "推进城乡融合发展。",
        "我国运动员发扬自立自强精神。",
    ] {
        let got = c.classify(&st(trap, "", ""));
        assert!(got.themes.is_empty(), "{trap}: {:?} from {:?}", got.themes, got.fired_ids());
    }
}

/// The conventions of docs/labelling.md, "Hard cases: audience" (session 33), as the built-in rules decide them.
#[test]
fn builtin_rules_follow_the_audience_hard_cases() {
    use twovoices::model::Level;
    let r = RuleSet::builtin().unwrap();
    let mut c = Classifier::new(&r);
    let mut decide = |speaker: &str, role: &str, venue: &str, text: &str| {
        let s = Statement {
            speaker: speaker.into(),
            ..st(text, role, venue)
        };
        let got = c.classify(&s);
        let fired: Vec<String> = got.fired_ids().into_iter().map(String::from).collect();
        (got.audience, got.audience_level, fired)
    };
    // A foreign-policy official at a domestic think tank's forum speaks outward: the office decides.
    let (a, level, fired) = decide(
        "",
        "Vice Foreign Minister",
        "forum of a research institute in Beijing",
        "China has never sought to replace anyone as the leading power.",
    );
    assert_eq!(
        (a, level),
        (Audience::External, Some(Level::Office)),
        "{fired:?}"
    );
    // The same office writing in a Party journal addresses readers at home.
    let (a, _, fired) = decide(
        "",
        "Foreign Minister",
        "Qiushi",
        "We must study the new thinking.",
    );
    assert_eq!(a, Audience::Internal, "{fired:?}");
    // An envoy lecturing a Chinese firm's staff at its corporate university, whoever relays it.
    let (a, level, fired) = decide(
        "",
        "中国驻某国大使",
        "华为大学讲座 (香港媒体 relay)",
        "技术竞争的背后是规则之争。",
    );
    assert_eq!(
        (a, level),
        (Audience::Internal, Some(Level::Office)),
        "{fired:?}"
    );
    // A ministry's notice on its official WeChat account, relayed by a Hong Kong broadcaster.
    let (a, level, fired) = decide(
        "",
        "",
        "工业和信息化部官方微信 (香港电台 relay)",
        "各单位要依法加强数据安全管理。",
    );
    assert_eq!(
        (a, level),
        (Audience::Internal, Some(Level::Venue)),
        "{fired:?}"
    );
    // The same with nothing but the text naming the account.
    let (a, _, fired) = decide("", "", "", "国家网信办官方微博发文称，将开展专项整治。");
    assert!(
        fired.iter().any(|f| f == "aud.int.own-account-in-text"),
        "{fired:?}"
    );
    assert_eq!(a, Audience::Internal, "{fired:?}");
    // A summit of China with a group of other countries, reported on the evening news.
    let (a, level, fired) = decide(
        "",
        "",
        "中国同东盟国家领导人视频峰会 (新闻联播)",
        "各方同意深化合作。",
    );
    assert_eq!(
        (a, level),
        (Audience::External, Some(Level::Venue)),
        "{fired:?}"
    );
    // A Hong Kong outlet's own commentary is no Party press.
    let (_, _, fired) = decide("", "", "中评社评论", "两国完全可以合作共赢。");
    assert!(
        !fired.iter().any(|f| f == "aud.int.party-press"),
        "{fired:?}"
    );
}

/// Classification never panics on any UTF-8, and evidence spans always slice the original field. Random
/// text alone almost never fires a rule (0 of 256 cases did), so the text and role mix random Unicode with the
/// phrases of the built-in rules; the cases where a rule fired are counted, and most must have fired.
#[test]
fn any_text_classifies_without_panic_and_every_evidence_span_slices_its_field() {
    use proptest::test_runner::{Config, TestRunner};
    use twovoices::model::Field;
    let r = RuleSet::builtin().unwrap();
    let phrases = |field: Field| -> Vec<String> {
        r.rules
            .iter()
            .filter(|rule| rule.fields.contains(&field))
            .flat_map(|rule| rule.phrases.iter().cloned())
            .collect()
    };
    let part = |list: Vec<String>| {
        prop_oneof![
            1 => "\\PC{0,16}",
            1 => proptest::sample::select(list),
        ]
    };
    let text =
        proptest::collection::vec(part(phrases(Field::Text)), 0..8).prop_map(|v| v.join(" "));
    let role =
        proptest::collection::vec(part(phrases(Field::Role)), 0..3).prop_map(|v| v.join(" "));
    let (cases, with_evidence) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    TestRunner::new(Config::with_cases(256))
        .run(&(text, role), |(text, role)| {
            let s = st(&text, &role, "");
            let c = Classifier::new(&r).classify(&s);
            cases.set(cases.get() + 1);
            let mut any = false;
            for f in &c.fired {
                for e in &f.evidence {
                    let value = e.field.of(&s);
                    prop_assert!(
                        value.get(e.span.0..e.span.1).is_some(),
                        "{:?} in {:?}",
                        e.span,
                        value
                    );
                    any = true;
                }
            }
            with_evidence.set(with_evidence.get() + usize::from(any));
            Ok(())
        })
        .unwrap();
    let (cases, with_evidence) = (cases.get(), with_evidence.get());
    assert!(
        with_evidence * 2 >= cases,
        "only {with_evidence} of {cases} cases fired a rule with evidence"
    );
}
