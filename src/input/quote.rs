//! Quoted speech in articles: a quotation or reported statement with a clear attribution ('"…," said
//! Song'; 'Song said that …'; '洪磊说，…'; '“……”他说。'; 表示/指出/强调) becomes a statement by that
//! speaker with the article as its source; the article's own prose stays in the outlet's voice.

use super::document::{is_rule, Document, Draft};
use super::segment;
use crate::model::{Lang, Voice};
use regex::Regex;
use std::sync::LazyLock;

const EN_VERBS: &str = r"(?:said|says|stated|stressed|added|noted|explained|warned|argued|emphasized|emphasised|pointed out|told (?:reporters|journalists|the [A-Za-z ]{1,30})|went on to (?:say|explain))";
const EN_TITLE: &str = r"(?:(?:Foreign Ministry |Chinese |Defense |Defence )?(?:[Ss]pokes(?:man|woman|person)|President|Premier|Minister|Secretary|Ambassador|General|Dr\.|Mr\.|Ms\.|Professor)\s+)";
const EN_NAME: &str = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}";

/// `“…,” said Hong.` / `“…,” Hong said.` / `“…,” he said.`
static EN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^[“"](?P<q>.+?)[,，]?[”"],?\s+(?:{EN_VERBS}\s+(?P<t1>{EN_TITLE})?(?P<w1>{EN_NAME})|(?P<t2>{EN_TITLE})?(?P<w2>{EN_NAME}|[Hh]e|[Ss]he)\s+{EN_VERBS})\.?$"#
    ))
    .expect("valid regex")
});
/// `Hong said that …` / `In response, spokesman Hong Lei stressed at the press conference that …` /
/// `He said: “…”`.
static EN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^(?:[A-Z][^,“"]{{0,40}},\s+)?(?P<t>{EN_TITLE})?(?P<w>{EN_NAME}|He|She)\s+(?:also\s+)?{EN_VERBS}(?:\s+(?:at|in|on|during)\s+[^,“"]{{1,60}}?)?(?:\s+that\s+(?P<q>.+)|[,:]?\s*[“"](?P<q2>.+)|\s+(?P<q3>[A-Z].+))$"#
    ))
    .expect("valid regex")
});
const ZH_VERBS: &str = r"(?:说|說|表示|指出|强调|強調)";
const ZH_TITLE: &str = r"(?:\p{Han}{0,8}?(?:发言人|發言人|部长|部長|主席|总理|總理|外长|外長|大使|总书记|總書記|书记|書記))";

/// `“……”他说。` / `“……”洪磊表示。`
static ZH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^“(?P<q>.+)”[，,]?(?P<t>{ZH_TITLE})?(?P<w>他|她|\p{{Han}}{{2,3}}?){ZH_VERBS}。?$"
    ))
    .expect("valid regex")
});
/// `洪磊说，……` / `外交部发言人洪磊9日表示，……` / `对此，洪磊表示：“……”`.
static ZH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[^，,。“”]{{1,8}}[，,])?(?P<t>{ZH_TITLE})?(?P<w>他|她|\p{{Han}}{{2,3}}?)(?:\d{{1,2}}日|今天|今日|昨天|当天|當天|同日)?(?:在[^，,。“”]{{1,30}}?上)?{ZH_VERBS}[，,:：]\s*(?P<q>.+)$"
    ))
    .expect("valid regex")
});

/// `According to Song Zhongping, a Hong Kong-based military commentator, while China …` /
/// `According to spokesman Hong Lei, China is …`.
static EN_ACCORDING_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^According to (?P<t>{EN_TITLE})?(?P<w>{EN_NAME})(?:,\s+(?P<r>(?:an?|the)\s+[^,“"]{{1,80}}?))?,\s+(?P<q>.+)$"#
    ))
    .expect("valid regex")
});
/// `China is willing to …, according to Hong Lei.` / `…, according to Hong Lei, the spokesman.`
static EN_ACCORDING_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^(?P<q>[^“”"]+?),\s+according to (?P<t>{EN_TITLE})?(?P<w>{EN_NAME})(?:,\s+(?P<r>[^,“"]{{1,80}}?))?\.$"#
    ))
    .expect("valid regex")
});

/// Words that look like a name before "said" but are not a speaker.
const NOT_NAMES: &[&str] = &[
    "It", "This", "That", "The", "There", "Which", "Who", "Report", "Reports",
];

/// Words of an English "name" that make it a country, a capital, an organ or a publication: the words of
/// a collective voice ("China said that …", "According to Reuters, …"), which stay the outlet's prose.
const COLLECTIVE_EN: &[&str] = &[
    "China",
    "Chinese",
    "Beijing",
    "Washington",
    "America",
    "American",
    "Japan",
    "Tokyo",
    "Taiwan",
    "Russia",
    "Moscow",
    "India",
    "Britain",
    "London",
    "Europe",
    "European",
    "Union",
    "Ministry",
    "Government",
    "Pentagon",
    "Department",
    "Office",
    "Council",
    "Committee",
    "Congress",
    "Agency",
    "Bureau",
    "Administration",
    "Embassy",
    "Party",
    "Army",
    "Navy",
    "Reuters",
    "Xinhua",
    "Bloomberg",
    "Post",
    "Times",
    "Daily",
    "News",
    "Journal",
    "Press",
    "Sources",
    "Officials",
    "Experts",
    "Analysts",
    "Statement",
    "Data",
];

/// Chinese subjects that are not a person: "the Chinese side" (中方, 美方, 双方 …), countries, organs and
/// publications (外交部, 新华社, 人民日报), "we", "some people". "中方表示，……" is the outlet relaying a
/// position, not a quotation of someone it could name, so it stays in the outlet's voice.
fn collective_zh(who: &str) -> bool {
    const WORDS: &[&str] = &[
        "中国",
        "美国",
        "日本",
        "俄罗斯",
        "我们",
        "我們",
        "他们",
        "他們",
        "大家",
        "有人",
        "记者",
        "記者",
        "外界",
        "各国",
        "各國",
        "政府",
        "报道",
        "報道",
        "报告",
        "報告",
        "媒体",
        "媒體",
        "专家",
        "專家",
        "舆论",
        "輿論",
        "官员",
        "官員",
        "人士",
        "文章",
        "声明",
        "聲明",
        "评论",
        "評論",
        "解放军",
        "解放軍",
        "美军",
        "美軍",
    ];
    // Endings of organs and publications that are not the ending of a given name.
    const ORGAN_ENDS: &[char] = &[
        '部', '委', '局', '院', '署', '办', '辦', '厅', '廳', '社', '报', '報', '网', '網', '府',
        '处', '處',
    ];
    let chars: Vec<char> = who.chars().collect();
    let side = chars.len() == 2
        && chars[1] == '方'
        && "中美日俄英法德韩韓朝印澳欧歐菲越双雙各我对對官军軍警外他".contains(chars[0]);
    let country = chars.len() == 2 && matches!(chars[1], '国' | '國');
    WORDS.contains(&who)
        || side
        || country
        || who.ends_with(ORGAN_ENDS)
        || who.ends_with("委员会")
        || who.ends_with("委員會")
}

/// True when `who` names someone who can be quoted, not a country, an organ or a collective.
fn is_person(who: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => {
            !NOT_NAMES.contains(&who) && !who.split([' ', '-']).any(|w| COLLECTIVE_EN.contains(&w))
        }
        Lang::Zh => !collective_zh(who),
    }
}

/// An appositive that reads as a role ("a Hong Kong-based military commentator"), not as a clause.
fn is_role(r: &str) -> bool {
    const VERBS: &[&str] = &[
        "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could",
        "should", "may", "must", "said", "says",
    ];
    r.split_whitespace().count() <= 10 && !r.split_whitespace().any(|w| VERBS.contains(&w))
}

/// A quotation found in a sentence: who, with what title, and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quote {
    pub speaker: String,
    pub title: String,
    pub text: String,
}

/// The attributed quotation of one sentence, if it has one; `last` is the speaker named before, for
/// "he said"; `known` are full names already seen, so "said Hong" is "Hong Lei".
pub(crate) fn find(sentence: &str, lang: Lang, last: &str, known: &[String]) -> Option<Quote> {
    let caps = match lang {
        Lang::En => EN_AFTER
            .captures(sentence)
            .or_else(|| EN_BEFORE.captures(sentence))
            .or_else(|| EN_ACCORDING_BEFORE.captures(sentence))
            .or_else(|| EN_ACCORDING_AFTER.captures(sentence)),
        Lang::Zh => ZH_AFTER
            .captures(sentence)
            .or_else(|| ZH_BEFORE.captures(sentence)),
    }?;
    let who = ["w", "w1", "w2"]
        .iter()
        .find_map(|k| caps.name(k))?
        .as_str();
    // After "According to X," a clause that is no role ("the talks were useful, and …") is the
    // start of the words reported.
    let role = caps.name("r").filter(|r| is_role(r.as_str()));
    let reported_from = caps.name("r").filter(|_| role.is_none()).map(|r| r.start());
    let title = ["t", "t1", "t2"]
        .iter()
        .find_map(|k| caps.name(k))
        .or(role)
        .map_or("", |m| m.as_str())
        .trim();
    // An appositive role loses its article: "a Hong Kong-based military commentator".
    let title = ["a ", "an ", "the "]
        .iter()
        .find_map(|a| title.strip_prefix(a))
        .unwrap_or(title);
    if !is_person(who, lang) {
        return None;
    }
    let speaker = if matches!(who, "he" | "He" | "she" | "She" | "他" | "她") {
        if last.is_empty() {
            return None;
        }
        last.to_string()
    } else {
        // "Hong" after "Hong Lei": the same person.
        known
            .iter()
            .find(|k| k.split(' ').any(|part| part == who) && k.as_str() != who)
            .cloned()
            .unwrap_or_else(|| who.to_string())
    };
    let words = match reported_from {
        // "According to X, the talks were useful, and …": the words begin at the clause.
        Some(start) if caps.name("q").is_some_and(|q| q.start() > start) => &sentence[start..],
        // "…, according to X, who …": the words are before the name.
        _ => ["q", "q2", "q3"]
            .iter()
            .find_map(|k| caps.name(k))?
            .as_str(),
    };
    let text = words
        .trim()
        .trim_start_matches(['“', '"'])
        .trim_end_matches(['”', '"'])
        .trim_end_matches([',', '，'])
        .trim()
        .to_string();
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 4 {
        return None;
    }
    // A reported clause in English ends the sentence: keep its full stop.
    let text = if lang == Lang::En && !text.ends_with(['.', '!', '?']) {
        format!("{text}.")
    } else if lang == Lang::Zh && !text.ends_with(['。', '！', '？', '!', '?']) {
        format!("{text}。")
    } else {
        text
    };
    Some(Quote {
        speaker,
        title: title.to_string(),
        text,
    })
}

/// An article as drafts: attributed quotations in their speakers' voice, the rest in the outlet's.
pub(crate) fn drafts(doc: &Document) -> Vec<Draft> {
    let mut out = Vec::new();
    let mut heading = doc.meta.title.clone();
    let mut last = String::new();
    let mut known: Vec<String> = Vec::new();
    for b in &doc.blocks {
        if b.heading {
            heading = b.text.clone();
            continue;
        }
        if is_rule(&b.text) {
            continue;
        }
        let lang = doc.meta.lang.unwrap_or_else(|| Lang::detect(&b.text));
        let mut prose: Vec<&str> = Vec::new();
        let flush = |prose: &mut Vec<&str>, out: &mut Vec<Draft>| {
            if !prose.is_empty() {
                let sep = if lang == Lang::En { " " } else { "" };
                let mut d = Draft::of(doc, b.line, prose.join(sep), Voice::Outlet, &heading);
                d.speaker = doc.meta.outlet.clone();
                d.role = String::new();
                out.push(d);
                prose.clear();
            }
        };
        for sentence in segment::sentences(&b.text, lang) {
            match find(sentence, lang, &last, &known) {
                Some(q) => {
                    flush(&mut prose, &mut out);
                    if !known.contains(&q.speaker) {
                        known.push(q.speaker.clone());
                    }
                    last = q.speaker.clone();
                    let mut d = Draft::of(doc, b.line, q.text, Voice::Quoted, &heading);
                    d.speaker = q.speaker;
                    d.role = q.title;
                    out.push(d);
                }
                None => prose.push(sentence),
            }
        }
        flush(&mut prose, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::document::{split_bytes, Unit};
    use super::*;
    use crate::model::Statement;

    fn q(s: &str, lang: Lang, last: &str) -> Option<(String, String, String)> {
        find(s, lang, last, &["Hong Lei".to_string()]).map(|q| (q.speaker, q.title, q.text))
    }

    #[test]
    fn english_attributions() {
        assert_eq!(
            q(
                "“Cyber security is a global issue,” said Hong.",
                Lang::En,
                ""
            ),
            Some((
                "Hong Lei".into(),
                "".into(),
                "Cyber security is a global issue.".into()
            ))
        );
        assert_eq!(
            q("In response, spokesman Hong Lei stressed at the press conference that both sides benefit.", Lang::En, ""),
            Some(("Hong Lei".into(), "spokesman".into(), "both sides benefit.".into()))
        );
        assert_eq!(
            q(
                "Song went on to explain that China has no other choice.",
                Lang::En,
                ""
            )
            .map(|x| x.0),
            Some("Song".into())
        );
        assert_eq!(
            q("“It works,” he said.", Lang::En, "Song").map(|x| x.0),
            Some("Song".into())
        );
        assert_eq!(q("“It works,” he said.", Lang::En, ""), None);
        assert_eq!(q("It said that nothing changed.", Lang::En, ""), None);
        // "According to X, …" with an appositive role, from the OE Watch fixture.
        assert_eq!(
            q("According to Song Zhongping, a Hong Kong-based military commentator, while China has poured money into technological development, it continues to lag behind other major countries in a number of ways.", Lang::En, ""),
            Some((
                "Song Zhongping".into(),
                "Hong Kong-based military commentator".into(),
                "while China has poured money into technological development, it continues to lag behind other major countries in a number of ways.".into()
            ))
        );
        assert_eq!(
            q(
                "China is willing to have constructive dialogues, according to spokesman Hong Lei.",
                Lang::En,
                ""
            )
            .map(|x| (x.0, x.1, x.2)),
            Some((
                "Hong Lei".into(),
                "spokesman".into(),
                "China is willing to have constructive dialogues.".into()
            ))
        );
        // A clause after the name is the words, not a role.
        assert_eq!(
            q(
                "According to Hong Lei, the talks were useful, and both sides benefit.",
                Lang::En,
                ""
            )
            .map(|x| (x.1, x.2)),
            Some((
                "".into(),
                "the talks were useful, and both sides benefit.".into()
            ))
        );
        // A publication, a ministry, a country or an unnamed spokesman is not a person to quote.
        assert_eq!(q("According to South China Morning Post, an official journal was urging China to speed up innovation.", Lang::En, ""), None);
        assert_eq!(
            q(
                "According to Reuters, the talks were held on Monday.",
                Lang::En,
                ""
            ),
            None
        );
        assert_eq!(q("China said that it opposes hacking.", Lang::En, ""), None);
        assert_eq!(q("China hopes to hold constructive dialogues with U.S. on cyber security, according to the spokesman of Chinese Ministry of Foreign Affairs at a regular press conference Monday.", Lang::En, ""), None);
        assert_eq!(
            q(
                "China hopes to hold dialogues with the U.S. on cyber security.",
                Lang::En,
                ""
            ),
            None
        );
    }

    #[test]
    fn chinese_attributions() {
        assert_eq!(
            q("洪磊说,中国法律禁止黑客攻击。", Lang::Zh, ""),
            Some(("洪磊".into(), "".into(), "中国法律禁止黑客攻击。".into()))
        );
        assert_eq!(
            q(
                "外交部发言人洪磊9日表示,中方再次敦促美方停止抹黑中国。",
                Lang::Zh,
                ""
            ),
            Some((
                "洪磊".into(),
                "外交部发言人".into(),
                "中方再次敦促美方停止抹黑中国。".into()
            ))
        );
        assert_eq!(
            q("“我们再次敦促美方停止捏造事实。”他说。", Lang::Zh, "洪磊").map(|x| (x.0, x.2)),
            Some(("洪磊".into(), "我们再次敦促美方停止捏造事实。".into()))
        );
        assert_eq!(q("中国政府坚决反对网络攻击。", Lang::Zh, ""), None);
        // "The Chinese side", a ministry, a country: a position relayed by the outlet, not a person.
        for s in [
            "中方表示,中方将采取必要措施维护自身网络安全和利益。",
            "对此,中方强调:中方坚决反对任何形式的网络攻击。",
            "外交部表示,中方将采取必要措施维护自身网络安全和利益。",
            "美方说,中国对美国电网构成威胁。",
            "“我们坚决反对任何形式的网络攻击。”中方表示。",
        ] {
            assert_eq!(q(s, Lang::Zh, "洪磊"), None, "{s}");
        }
        // A three-character name ending like a country or an army is still a name.
        assert_eq!(
            q("王建国说,中国法律禁止黑客攻击。", Lang::Zh, "").map(|x| x.0),
            Some("王建国".into())
        );
    }

    fn fixture(name: &str) -> Vec<Statement> {
        let path = format!("fixtures/documents/{name}");
        let bytes = std::fs::read(env!("CARGO_MANIFEST_DIR").to_string() + "/" + &path).unwrap();
        split_bytes(&bytes, &path, Unit::Paragraph).unwrap()
    }

    fn voices(got: &[Statement]) -> Vec<(Voice, &str)> {
        got.iter()
            .map(|s| (s.provenance.as_ref().unwrap().voice, s.speaker.as_str()))
            .collect()
    }

    #[test]
    fn chinese_article_quotes_go_to_the_spokesperson_prose_to_the_outlet() {
        let got = fixture("cnetsec-hong-lei-article.txt");
        assert_eq!(
            voices(&got),
            vec![
                (Voice::Quoted, "洪磊"),
                (Voice::Outlet, ""),
                (Voice::Quoted, "洪磊"),
                (Voice::Quoted, "洪磊"),
            ]
        );
        assert!(got[1].text.starts_with("当日例行记者会上,有记者问"));
        assert!(
            got[3].text.starts_with("我们再次敦促美方") && got[3].text.ends_with("不会得逞的。")
        );
        assert_eq!(got[0].role, "外交部发言人");
    }

    #[test]
    fn english_article_quotes_and_prose() {
        let got = fixture("xinhua-hong-lei-cyber-article.txt");
        assert_eq!(
            voices(&got),
            vec![
                (Voice::Outlet, ""),
                (Voice::Outlet, ""),
                (Voice::Quoted, "Hong Lei"),
                (Voice::Quoted, "Hong Lei"),
                (Voice::Quoted, "Hong Lei"),
            ]
        );
        assert!(
            got[3].text.starts_with("Cyber security is a global issue")
                && got[3].text.ends_with("cyber-attacks.")
        );
        assert!(got.iter().all(|s| s.lang == Lang::En));
    }

    #[test]
    fn markdown_article_has_no_markup_no_address_lines_and_english_stays_english() {
        let got = fixture("oe-watch-2020-pla-key-technologies.md");
        assert!(
            got.iter()
                .all(|s| !s.text.contains("**") && !s.text.contains("https://")),
            "{got:#?}"
        );
        assert!(got[0]
            .text
            .starts_with("OE Watch Commentary: China has been feeling the heat"));
        let p = got[0].provenance.as_ref().unwrap();
        assert_eq!(
            p.heading,
            "China’s Push for Key Military Innovations Heats Up as Tensions Rise"
        );
        assert!(
            got.iter().any(|s| s.speaker == "Song Zhongping"
                && s.text.starts_with("China has no other choice")),
            "{got:#?}"
        );
        // "According to Song Zhongping, a … commentator, …" is his, with his role.
        let song = got
            .iter()
            .find(|s| s.text.starts_with("while China has poured money"))
            .expect("the According-to sentence is a statement");
        assert_eq!(
            (song.speaker.as_str(), song.role.as_str()),
            ("Song Zhongping", "Hong Kong-based military commentator")
        );
        assert_eq!(song.provenance.as_ref().unwrap().voice, Voice::Quoted);
        // "According to South China Morning Post, …" stays the outlet's prose.
        assert!(got
            .iter()
            .any(|s| s.text.contains("According to South China Morning Post")
                && s.provenance.as_ref().unwrap().voice == Voice::Outlet));
        assert!(
            got.iter().all(|s| s.lang == Lang::En),
            "{:?}",
            got.iter()
                .filter(|s| s.lang == Lang::Zh)
                .collect::<Vec<_>>()
        );
    }
}
