//! Press-conference transcripts as the Foreign Ministry publishes them: English `Q:`/`A:` (older) or
//! `Outlet: question` / `Spokesperson Name: answer`; Chinese `问：`/`答：` or `总台央视记者：…` / `毛宁：…`
//! (full- or half-width colons); opening announcements without a label. Each answer is the
//! spokesperson's, with the question it answers kept as context; date and spokesperson come from the
//! header.

use super::document::{is_rule, Document, Draft};
use super::markdown::Block;
use crate::model::Voice;
use regex::Regex;
use std::sync::LazyLock;

/// A label's longest form, in characters (`Yomiuri Shimbun`, `总台央视记者`, `Follow-up`).
const MAX_LABEL: usize = 32;

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// Line of the question (or of the answer, for an opening announcement).
    pub line: u64,
    /// Who asked, as labelled (`CCTV`, `总台央视记者`); empty for `Q:` and for announcements.
    pub asked_by: String,
    /// The question; empty for the opening announcements.
    pub question: String,
    /// The answer's paragraphs, each with its line.
    pub answer: Vec<(u64, String)>,
}

/// A transcript: who answered, when, and every turn in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transcript {
    /// The spokesperson, from the header (or the label that answers, when the header does not say).
    pub spokesperson: String,
    /// `YYYY-MM-DD`, from the header.
    pub date: String,
    /// The spokesperson's office, from the header.
    pub role: String,
    /// The press conference, from the header.
    pub venue: String,
    /// The turns; opening announcements are a first turn with no question.
    pub turns: Vec<Turn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Question,
    Answer,
}

static EN_SPOKESPERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Spokes(?:person|man|woman)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}?)(?:[’']s\b|\s+(?:held|hosted|started|answered|said))")
        .expect("valid regex")
});
static ZH_SPOKESPERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[发發]言人(\p{Han}{2,3}?)(?:\d{1,2}日|今天|今日)?(?:主持|答|在|表示)")
        .expect("valid regex")
});
static EN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),\s*(\d{4})")
        .expect("valid regex")
});
static ZH_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年(\d{1,2})月(\d{1,2})日").expect("valid regex"));
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$").expect("valid regex")
});

/// Splits `Label: text` (either colon), when the part before the colon is short enough to be a label.
fn split_label(text: &str) -> Option<(&str, &str)> {
    let (i, c) = text
        .char_indices()
        .take(MAX_LABEL + 1)
        .find(|(_, c)| matches!(c, ':' | '：'))?;
    let label = text[..i].trim();
    let rest = text[i + c.len_utf8()..].trim();
    let sentence_like = label.chars().any(|c| {
        matches!(
            c,
            '。' | '，' | ',' | '.' | '?' | '？' | '!' | '！' | '“' | '"' | '、' | ';' | '；'
        )
    });
    if label.is_empty()
        || rest.is_empty()
        || sentence_like
        || label.split_whitespace().count() > 5
        || !label.chars().any(|c| c.is_alphabetic())
    {
        return None;
    }
    Some((label, rest))
}

fn classify(label: &str, spokesperson: &str) -> Option<Label> {
    let l = label.to_lowercase();
    match l.as_str() {
        "q" | "question" | "问" | "問" | "follow-up" | "follow up" | "追问" | "追問" => {
            return Some(Label::Question)
        }
        "a" | "answer" | "答" => return Some(Label::Answer),
        _ => {}
    }
    if !spokesperson.is_empty() && label == spokesperson {
        return Some(Label::Answer);
    }
    None
}

/// True when `blocks` read as a transcript: labelled questions and answers.
pub(crate) fn looks_like(blocks: &[Block]) -> bool {
    let spokesperson = header(blocks).0;
    let (mut q, mut a) = (0, 0);
    for b in blocks.iter().filter(|b| !b.heading) {
        if let Some((label, _)) = split_label(&b.text) {
            match classify(label, &spokesperson) {
                Some(Label::Question) => q += 1,
                Some(Label::Answer) => a += 1,
                None => {}
            }
        }
    }
    a >= 1 && (q >= 1 || !spokesperson.is_empty())
}

/// The spokesperson, ISO date, role and venue the header blocks name, and how many blocks lead up to
/// the first labelled one.
fn header(blocks: &[Block]) -> (String, String, String, String) {
    let mut spokesperson = String::new();
    let mut date = String::new();
    let mut role = String::new();
    let mut venue = String::new();
    for b in blocks
        .iter()
        .take_while(|b| split_label(&b.text).is_none() || b.heading)
        .take(12)
    {
        let t = &b.text;
        if spokesperson.is_empty() {
            if let Some(c) = EN_SPOKESPERSON
                .captures(t)
                .or_else(|| ZH_SPOKESPERSON.captures(t))
            {
                spokesperson = c[1].to_string();
            }
        }
        if date.is_empty() {
            date = find_date(t).unwrap_or_default();
        }
        if role.is_empty() {
            if t.contains("Foreign Ministry Spokes") {
                role = "Foreign Ministry Spokesperson".into();
            } else if t.contains("外交部发言人") || t.contains("外交部發言人") {
                role = "外交部发言人".into();
            }
        }
        if venue.is_empty() {
            let lower = t.to_lowercase();
            if lower.contains("regular press conference") {
                venue = "Regular press conference".into();
            } else if lower.contains("press conference") {
                venue = "Press conference".into();
            } else if t.contains("例行记者会") || t.contains("例行記者會") {
                venue = "例行记者会".into();
            } else if t.contains("记者会") || t.contains("記者會") {
                venue = "记者会".into();
            }
        }
    }
    (spokesperson, date, role, venue)
}

fn find_date(t: &str) -> Option<String> {
    if let Some(c) = EN_DATE.captures(t) {
        let m = crate::date::MONTHS.iter().position(|m| *m == &c[1])? + 1;
        return Some(format!("{}-{m:02}-{:0>2}", &c[3], &c[2]));
    }
    if let Some(c) = ZH_DATE.captures(t) {
        return Some(format!("{}-{:0>2}-{:0>2}", &c[1], &c[2], &c[3]));
    }
    ISO_DATE
        .captures(t.trim())
        .map(|c| format!("{}-{}-{}", &c[1], &c[2], &c[3]))
}

/// True for a header line: the title, the dateline, "X held a press conference", a timestamp, or the
/// line that introduces the announcements ("… with the following announcement:").
fn is_header_line(text: &str) -> bool {
    let t = text.trim();
    EN_SPOKESPERSON.is_match(t)
        || ZH_SPOKESPERSON.is_match(t)
        || ISO_DATE.is_match(t)
        || t.ends_with(':')
        || t.ends_with('：')
        || (t.chars().count() < 80 && find_date(t).is_some())
}

/// Reads the turns of a transcript document.
pub(crate) fn parse(doc: &Document) -> Transcript {
    let (mut spokesperson, date, role, venue) = header(&doc.blocks);
    if spokesperson.is_empty() {
        spokesperson = answering_label(&doc.blocks);
    }
    let mut turns: Vec<Turn> = Vec::new();
    let mut opening = Turn {
        line: 0,
        asked_by: String::new(),
        question: String::new(),
        answer: Vec::new(),
    };
    // What the paragraph before was, so an unlabelled paragraph continues it.
    let mut in_question = false;
    let mut started = false;
    // Unlabelled paragraphs above the header line (a news site's headline over the transcript) are
    // the outlet's title, not the spokesperson's announcements.
    let mut before_header = doc
        .blocks
        .iter()
        .take_while(|b| b.heading || split_label(&b.text).is_none())
        .any(|b| !b.heading && is_header_line(&b.text));
    for b in doc
        .blocks
        .iter()
        .filter(|b| !b.heading && !is_rule(&b.text))
    {
        let labelled = split_label(&b.text).map(|(l, rest)| (l, rest, classify(l, &spokesperson)));
        match labelled {
            // Any other label is an outlet asking (`CCTV:`, `总台央视记者：`).
            Some((label, rest, kind)) => {
                started = true;
                if kind == Some(Label::Answer) {
                    match turns.last_mut() {
                        Some(t) if in_question || t.answer.is_empty() => {
                            t.answer.push((b.line, rest.to_string()))
                        }
                        _ => turns.push(Turn {
                            line: b.line,
                            asked_by: String::new(),
                            question: String::new(),
                            answer: vec![(b.line, rest.to_string())],
                        }),
                    }
                    in_question = false;
                } else {
                    let asked_by = if kind == Some(Label::Question) {
                        ""
                    } else {
                        label
                    };
                    turns.push(Turn {
                        line: b.line,
                        asked_by: asked_by.to_string(),
                        question: rest.to_string(),
                        answer: Vec::new(),
                    });
                    in_question = true;
                }
            }
            None if !started => {
                if is_header_line(&b.text) {
                    before_header = false;
                } else if !before_header {
                    if opening.answer.is_empty() {
                        opening.line = b.line;
                    }
                    opening.answer.push((b.line, b.text.clone()));
                }
            }
            None => match turns.last_mut() {
                Some(t) if in_question => {
                    t.question.push(' ');
                    t.question.push_str(&b.text);
                }
                Some(t) => t.answer.push((b.line, b.text.clone())),
                None => {}
            },
        }
    }
    if !opening.answer.is_empty() {
        turns.insert(0, opening);
    }
    Transcript {
        spokesperson,
        date,
        role,
        venue,
        turns,
    }
}

/// The label that answers when the header names nobody: the one used most often right after another.
fn answering_label(blocks: &[Block]) -> String {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut previous: Option<&str> = None;
    for b in blocks {
        if let Some((label, _)) = split_label(&b.text) {
            if previous.is_some_and(|p| p != label) {
                *counts.entry(label).or_default() += 1;
            }
            previous = Some(label);
        }
    }
    counts
        .into_iter()
        .filter(|(l, n)| *n >= 2 && classify(l, "").is_none())
        .max_by_key(|(l, n)| (*n, std::cmp::Reverse(*l)))
        .map(|(l, _)| l.to_string())
        .unwrap_or_default()
}

/// The answers of a transcript as drafts: the spokesperson's words with the question as context.
pub(crate) fn drafts(doc: &Document) -> Vec<Draft> {
    let t = parse(doc);
    let pick = |front: &str, header: &str| {
        if front.is_empty() {
            header.to_string()
        } else {
            front.to_string()
        }
    };
    let speaker = pick(&doc.meta.speaker, &t.spokesperson);
    let date = pick(&doc.meta.date, &t.date);
    let role = pick(&doc.meta.role, &t.role);
    let venue = pick(&doc.meta.venue, &t.venue);
    let mut out = Vec::new();
    for turn in &t.turns {
        for (line, text) in &turn.answer {
            out.push(Draft {
                line: *line,
                text: text.clone(),
                voice: Voice::Speaker,
                speaker: speaker.clone(),
                role: role.clone(),
                venue: venue.clone(),
                date: date.clone(),
                heading: doc.meta.title.clone(),
                question: turn.question.clone(),
                asked_by: turn.asked_by.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::document::{parse as parse_doc, split_bytes, Unit};
    use super::*;

    fn fixture(name: &str) -> (String, Vec<u8>) {
        let path = format!("fixtures/documents/{name}");
        let bytes = std::fs::read(env!("CARGO_MANIFEST_DIR").to_string() + "/" + &path).unwrap();
        (path, bytes)
    }

    #[test]
    fn labels() {
        assert_eq!(split_label("Q: What is it?"), Some(("Q", "What is it?")));
        assert_eq!(
            split_label("总台央视记者：你能否介绍？"),
            Some(("总台央视记者", "你能否介绍？"))
        );
        assert_eq!(split_label("2023-04-28 19:13"), None);
        assert_eq!(split_label("当日例行记者会上,有记者问:近日"), None);
        assert_eq!(split_label("He said the following about it: no"), None);
    }

    /// Every answer of every fixture transcript goes to the right spokesperson and date, and no
    /// question text is ever a statement.
    #[test]
    fn fixture_transcripts_attribute_every_answer() {
        let cases = [
            ("mfa-2013-12-10-en.txt", "Hong Lei", "2013-12-10", 2, 3),
            ("mfa-2013-12-10-zh.txt", "洪磊", "2013-12-10", 3, 4),
            ("mfa-2013-02-20-en.txt", "Hong Lei", "2013-02-20", 3, 4),
            ("mfa-2023-04-28-en.txt", "Mao Ning", "2023-04-28", 3, 3),
            ("mfa-2022-10-27-en.txt", "Mao Ning", "2022-10-27", 1, 3),
            ("mfa-2022-10-27-zh.txt", "毛宁", "2022-10-27", 2, 3),
            ("mfa-2023-04-25-zh.txt", "毛宁", "2023-04-25", 3, 3),
            ("crntt-2013-12-10-repost.txt", "洪磊", "2013-12-10", 2, 3),
            // News sites' copies: a headline above the header (the outlet's, not an announcement),
            // the day alone in the header ("发言人郭嘉昆24日主持"), the date from the front matter.
            (
                "chinanews-2025-10-24-guo-jiakun.txt",
                "郭嘉昆",
                "2025-10-24",
                1,
                3,
            ),
            (
                "guancha-2023-07-19-mao-ning.txt",
                "毛宁",
                "2023-07-19",
                1,
                2,
            ),
        ];
        for (name, who, date, turns, statements) in cases {
            let (path, bytes) = fixture(name);
            let doc = parse_doc(&bytes, &path).unwrap();
            let t = parse(&doc);
            // The date from the header, or from the front matter when the header names the day alone.
            let header_date = if t.date.is_empty() {
                doc.meta.date.as_str()
            } else {
                t.date.as_str()
            };
            assert_eq!(
                (t.spokesperson.as_str(), header_date),
                (who, date),
                "{name}"
            );
            assert_eq!(t.turns.len(), turns, "{name}: {:#?}", t.turns);
            let got = split_bytes(&bytes, &path, Unit::Paragraph).unwrap();
            assert_eq!(got.len(), statements, "{name}: {got:#?}");
            for s in &got {
                assert_eq!((s.speaker.as_str(), s.date.as_str()), (who, date), "{name}");
                let p = s.provenance.as_ref().unwrap();
                assert_eq!(p.voice, Voice::Speaker);
                for turn in &t.turns {
                    assert!(
                        turn.question.is_empty() || !s.text.contains(&turn.question),
                        "{name}: a question became a statement: {}",
                        s.text
                    );
                }
                assert!(
                    split_label(&s.text)
                        .is_none_or(|(l, _)| classify(l, who).is_none() && !l.ends_with("记者")),
                    "{name}: {}",
                    s.text
                );
            }
        }
    }

    #[test]
    fn answers_carry_their_question_and_outlet() {
        let (path, bytes) = fixture("mfa-2023-04-28-en.txt");
        let got = split_bytes(&bytes, &path, Unit::Paragraph).unwrap();
        // The opening announcement is the spokesperson's, and answers no question.
        assert!(got[0]
            .text
            .starts_with("At the invitation of State Councilor"));
        assert_eq!(got[0].provenance.as_ref().unwrap().question, "");
        let p = got[1].provenance.as_ref().unwrap();
        assert!(got[1].text.starts_with("Speaking of cyber theft"));
        assert_eq!(p.asked_by, "The Paper");
        assert!(p.question.contains("FBI Director Christopher Wray"));
        assert_eq!(p.line, 13);
        assert_eq!(got[1].role, "Foreign Ministry Spokesperson");
        assert_eq!(got[1].venue, "Regular press conference");
        let (path, bytes) = fixture("mfa-2022-10-27-zh.txt");
        let got = split_bytes(&bytes, &path, Unit::Paragraph).unwrap();
        let p = got[2].provenance.as_ref().unwrap();
        assert_eq!(p.asked_by, "新华社记者");
        assert!(got[2].text.starts_with("昨天"));
        assert_eq!(got[2].role, "外交部发言人");
    }

    #[test]
    fn full_width_colons_and_no_header_name() {
        let doc = "问：中方对此有何评论？\n\n答：中方坚决反对。\n\n我们将采取必要措施。\n\n问：还有问题吗？\n\n答：没有了。\n";
        let got = split_bytes(doc.as_bytes(), "t.txt", Unit::Paragraph).unwrap();
        let texts: Vec<&str> = got.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["中方坚决反对。", "我们将采取必要措施。", "没有了。"]
        );
        assert_eq!(
            got[1].provenance.as_ref().unwrap().question,
            "中方对此有何评论？"
        );
    }
}
