//! Aligns the Chinese and English versions of one press-conference transcript, turn by turn and then
//! paragraph by paragraph, by what the two must share: numbers, Latin names and acronyms kept in the
//! Chinese text, bilingual concepts, and the length one passage has in the other language. What stays
//! unmatched is a passage present in one version and missing from the other.

use crate::error::{Error, Result};
use crate::input::document;
use crate::input::transcript::{self, Transcript, Turn};
use crate::model::{Lang, Statement};
use crate::rules::{Label, RuleSet, Scratch};
use serde::Serialize;

/// English characters (not counting spaces) per Chinese character in a faithful translation: 3.1 to
/// 3.9 on the paired answers of the fixture transcripts; the score tolerates a factor of two either way.
const EN_PER_ZH: f64 = 3.5;
/// Score below which two passages are not taken as translations of each other.
const MIN_MATCH: f64 = 0.35;

/// Which part of a turn a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// A journalist's question.
    Question,
    /// A paragraph of the spokesperson's answer (or opening announcement).
    Answer,
}

/// A passage of one version with no counterpart in the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// The file it is in.
    pub file: String,
    /// Its line there.
    pub line: u64,
    /// Question or answer.
    pub part: Part,
    /// The passage.
    pub text: String,
}

/// Two turns taken as the same exchange in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// Line of the turn in the Chinese file.
    pub zh_line: u64,
    /// Line of the turn in the English file.
    pub en_line: u64,
    /// How well they match, in `[0, 1]`.
    pub score: f64,
    /// The numbers, names and concepts both share.
    pub shared: Vec<String>,
}

/// The alignment of two versions of one press conference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// The Chinese file.
    pub zh_file: String,
    /// The English file.
    pub en_file: String,
    /// Spokesperson and date as each header gives them.
    pub zh_header: (String, String),
    /// Spokesperson and date of the English version.
    pub en_header: (String, String),
    /// Turns matched, in order.
    pub pairs: Vec<Pair>,
    /// Passages of the Chinese version missing from the English one.
    pub missing_in_en: Vec<Passage>,
    /// Passages of the English version missing from the Chinese one.
    pub missing_in_zh: Vec<Passage>,
}

/// Reads two transcript files and aligns them.
/// Concepts are those of `rules` (`rules/concepts.toml`), found by the rule set's own matcher.
pub fn align_files(zh_path: &str, en_path: &str, rules: &RuleSet) -> Result<Alignment> {
    let read = |path: &str| -> Result<Transcript> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_string(),
            source,
        })?;
        let doc = document::parse(&bytes, path)?;
        if !transcript::looks_like(&doc.blocks) {
            return Err(Error::Record {
                path: path.to_string(),
                line: 1,
                column: None,
                message: "not a press-conference transcript: expected labelled questions and answers (`Q:`/`A:`, `问：`/`答：` or `Outlet:` / `Spokesperson Name:`)".into(),
            });
        }
        Ok(transcript::parse(&doc))
    };
    Ok(align(
        &read(zh_path)?,
        zh_path,
        &read(en_path)?,
        en_path,
        rules,
    ))
}

/// Aligns two transcripts of the same press conference; `rules` gives the bilingual concepts.
pub fn align(
    zh: &Transcript,
    zh_file: &str,
    en: &Transcript,
    en_file: &str,
    rules: &RuleSet,
) -> Alignment {
    let mut finder = Finder {
        rules,
        scratch: Scratch::default(),
    };
    let zh_turns: Vec<Features> = zh
        .turns
        .iter()
        .map(|t| finder.features(&whole(t), Lang::Zh))
        .collect();
    let en_turns: Vec<Features> = en
        .turns
        .iter()
        .map(|t| finder.features(&whole(t), Lang::En))
        .collect();
    let steps = monotone(zh_turns.len(), en_turns.len(), |i, j| {
        score(&zh_turns[i], &en_turns[j]).0
    });
    let mut out = Alignment {
        zh_file: zh_file.to_string(),
        en_file: en_file.to_string(),
        zh_header: (zh.spokesperson.clone(), zh.date.clone()),
        en_header: (en.spokesperson.clone(), en.date.clone()),
        pairs: Vec::new(),
        missing_in_en: Vec::new(),
        missing_in_zh: Vec::new(),
    };
    for step in steps {
        match step {
            (Some(i), Some(j)) => {
                let (s, shared) = score(&zh_turns[i], &en_turns[j]);
                out.pairs.push(Pair {
                    zh_line: zh.turns[i].line,
                    en_line: en.turns[j].line,
                    score: s,
                    shared,
                });
                // Within a matched turn, paragraphs of the answer are aligned in turn.
                let (za, ea) = (&zh.turns[i].answer, &en.turns[j].answer);
                let zf: Vec<Features> =
                    za.iter().map(|a| finder.features(&a.1, Lang::Zh)).collect();
                let ef: Vec<Features> =
                    ea.iter().map(|a| finder.features(&a.1, Lang::En)).collect();
                for p in monotone(za.len(), ea.len(), |a, b| score(&zf[a], &ef[b]).0) {
                    match p {
                        (Some(a), None) => out.missing_in_en.push(passage(
                            zh_file,
                            za[a].0,
                            Part::Answer,
                            &za[a].1,
                        )),
                        (None, Some(b)) => out.missing_in_zh.push(passage(
                            en_file,
                            ea[b].0,
                            Part::Answer,
                            &ea[b].1,
                        )),
                        _ => {}
                    }
                }
            }
            (Some(i), None) => out.missing_in_en.extend(passages(&zh.turns[i], zh_file)),
            (None, Some(j)) => out.missing_in_zh.extend(passages(&en.turns[j], en_file)),
            (None, None) => {}
        }
    }
    out
}

/// What a passage offers for alignment, computed once: its length, numbers, Latin words and concepts.
struct Features {
    /// Characters, not counting white space.
    len: usize,
    /// Numbers, from digits and (in Chinese) numerals, sorted, distinct.
    numbers: Vec<String>,
    /// Latin words of two or more letters, lower case, sorted, distinct.
    latin: Vec<String>,
    /// Ids of the concepts of the lexicon the passage names, sorted, distinct.
    concepts: Vec<String>,
}

/// Finds features with the rule set's matcher (one scratch for the whole alignment).
struct Finder<'r> {
    rules: &'r RuleSet,
    scratch: Scratch,
}

impl Finder<'_> {
    fn features(&mut self, text: &str, lang: Lang) -> Features {
        let mut numbers = numbers(text);
        if lang == Lang::Zh {
            numbers.extend(chinese_numbers(text));
            numbers.sort();
            numbers.dedup();
        }
        // The concept rules are ordinary rules of the set: the same term compiler, word boundaries,
        // prefixes and traditional-character folding as in classification and pairing.
        let statement = Statement {
            lang,
            ..Statement::new(String::new(), text)
        };
        let mut concepts: Vec<String> = self
            .rules
            .matches(&mut self.scratch, &statement)
            .into_iter()
            .filter_map(|hit| match self.rules.rules[hit.rule].label {
                Label::Concept(c) => Some(self.rules.concepts[c as usize].id.clone()),
                _ => None,
            })
            .collect();
        concepts.sort();
        concepts.dedup();
        Features {
            len: text.chars().filter(|c| !c.is_whitespace()).count(),
            numbers,
            latin: latin_words(text),
            concepts,
        }
    }
}

fn passage(file: &str, line: u64, part: Part, text: &str) -> Passage {
    Passage {
        file: file.to_string(),
        line,
        part,
        text: text.to_string(),
    }
}

fn passages(t: &Turn, file: &str) -> Vec<Passage> {
    let mut out = Vec::new();
    if !t.question.is_empty() {
        out.push(passage(file, t.line, Part::Question, &t.question));
    }
    out.extend(
        t.answer
            .iter()
            .map(|(l, a)| passage(file, *l, Part::Answer, a)),
    );
    out
}

fn whole(t: &Turn) -> String {
    let mut s = t.question.clone();
    for (_, a) in &t.answer {
        s.push('\n');
        s.push_str(a);
    }
    s
}

/// Numbers written with digits (`1,500` → `1500`), as strings.
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            cur.push(c);
        } else if c == ',' && !cur.is_empty() && chars.peek().is_some_and(|n| n.is_ascii_digit()) {
            continue;
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.sort();
    out.dedup();
    out
}

/// Numbers written in Chinese numerals (二十 → 20, 第三 → 3, 一百零五 → 105): runs of two or more
/// numeral characters, or one after 第, so that 一体 or 统一 do not count.
fn chinese_numbers(text: &str) -> Vec<String> {
    let digit = |c: char| {
        "零一二两三四五六七八九".find(c).map(|i| {
            let n = "零一二两三四五六七八九"[..i].chars().count() as u64;
            if n >= 3 {
                n - 1
            } else {
                n
            }
        })
    };
    let unit = |c: char| match c {
        '十' => Some(10u64),
        '百' => Some(100),
        '千' => Some(1000),
        '万' | '萬' => Some(10_000),
        _ => None,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && (digit(chars[i]).is_some() || unit(chars[i]).is_some()) {
            i += 1;
        }
        let run = &chars[start..i];
        let after_di = start > 0 && chars[start - 1] == '第';
        if run.len() >= 2 || (run.len() == 1 && after_di) {
            let (mut total, mut section, mut current) = (0u64, 0u64, 0u64);
            for &c in run {
                if let Some(d) = digit(c) {
                    current = d;
                } else if let Some(u) = unit(c) {
                    if u == 10_000 {
                        total += (section + current) * u;
                        section = 0;
                    } else {
                        section += current.max(1) * u;
                    }
                    current = 0;
                }
            }
            out.push((total + section + current).to_string());
        }
        if i == start {
            i += 1;
        }
    }
    out
}

/// Latin words of two or more letters kept in Chinese text (names, acronyms: `FireEye`, `G20`).
fn latin_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2 && w.chars().any(|c| c.is_ascii_alphabetic()))
        .map(|w| w.to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// How well a Chinese passage and an English one match, and what they share: numbers, Latin names,
/// concepts.
fn score(zh: &Features, en: &Features) -> (f64, Vec<String>) {
    let zh_len = zh.len.max(1) as f64;
    let en_len = en.len.max(1) as f64;
    // 1 when the English is the expected length, 0 at a factor of two off.
    let length = (1.0 - ((en_len / zh_len) / EN_PER_ZH).ln().abs() / 2f64.ln()).max(0.0);
    let mut shared = Vec::new();
    let mut anchors = zh.numbers.len() + en.numbers.len() + zh.latin.len();
    for n in &zh.numbers {
        if en.numbers.contains(n) {
            shared.push(n.clone());
        }
    }
    for w in &zh.latin {
        if en.latin.contains(w) {
            shared.push(w.clone());
        }
    }
    // A concept named on either side is an anchor; one named on both is shared.
    let mut union = zh.concepts.clone();
    union.extend(en.concepts.iter().cloned());
    union.sort();
    union.dedup();
    anchors += union.len();
    for c in &zh.concepts {
        // A concept named like a Latin word already shared (G20) is listed once.
        if en.concepts.binary_search(c).is_ok() && !shared.contains(c) {
            shared.push(c.clone());
        }
    }
    // Smoothed, so one number only one side writes in digits ("20th" / 第二十次) does not sink a pair.
    let anchor_score = (2 * shared.len() + 1) as f64 / (anchors + 2) as f64;
    (0.5 * length + 0.5 * anchor_score.min(1.0), shared)
}

/// A monotone alignment of `n` items with `m` items that maximises the summed score of matched pairs
/// (pairs below [`MIN_MATCH`] are never matched); each step is a pair or an item left alone.
fn monotone(
    n: usize,
    m: usize,
    score: impl Fn(usize, usize) -> f64,
) -> Vec<(Option<usize>, Option<usize>)> {
    let mut best = vec![vec![0f64; m + 1]; n + 1];
    let mut from = vec![vec![0u8; m + 1]; n + 1];
    let s: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..m).map(|j| score(i, j)).collect())
        .collect();
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            let mut b = f64::NEG_INFINITY;
            let mut f = 0u8;
            if i > 0
                && j > 0
                && s[i - 1][j - 1] >= MIN_MATCH
                && best[i - 1][j - 1] + s[i - 1][j - 1] > b
            {
                b = best[i - 1][j - 1] + s[i - 1][j - 1];
                f = 1;
            }
            if i > 0 && best[i - 1][j] > b {
                b = best[i - 1][j];
                f = 2;
            }
            if j > 0 && best[i][j - 1] > b {
                b = best[i][j - 1];
                f = 3;
            }
            best[i][j] = b;
            from[i][j] = f;
        }
    }
    let (mut i, mut j) = (n, m);
    let mut steps = Vec::new();
    while i > 0 || j > 0 {
        match from[i][j] {
            1 => {
                steps.push((Some(i - 1), Some(j - 1)));
                i -= 1;
                j -= 1;
            }
            2 => {
                steps.push((Some(i - 1), None));
                i -= 1;
            }
            _ => {
                steps.push((None, Some(j - 1)));
                j -= 1;
            }
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        format!("{}/fixtures/documents/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    fn rules() -> RuleSet {
        RuleSet::load(None).unwrap()
    }

    /// The English excerpt of 10 December 2013 stops before the question on the hospital ship "Peace
    /// Ark" that the Chinese one still has: that turn is listed as missing from the English, and the two
    /// turns both have are paired in order.
    #[test]
    fn the_turn_only_the_chinese_version_has_is_listed() {
        let a = align_files(
            &fixture("mfa-2013-12-10-zh.txt"),
            &fixture("mfa-2013-12-10-en.txt"),
            &rules(),
        )
        .unwrap();
        assert_eq!(a.pairs.len(), 2, "{a:#?}");
        assert_eq!((a.pairs[0].zh_line, a.pairs[0].en_line), (7, 9));
        assert!(
            a.pairs[0].shared.contains(&"fireeye".to_string())
                && a.pairs[0].shared.contains(&"20".to_string()),
            "{:?}",
            a.pairs[0]
        );
        assert!(a.pairs[1].shared.contains(&"2014".to_string()));
        assert_eq!(a.missing_in_en.len(), 2, "{:#?}", a.missing_in_en);
        assert!(
            a.missing_in_en[0].text.contains("和平方舟")
                && a.missing_in_en[0].part == Part::Question
        );
        assert!(a.missing_in_zh.is_empty(), "{:#?}", a.missing_in_zh);
        assert_eq!(a.zh_header, ("洪磊".to_string(), "2013-12-10".to_string()));
    }

    #[test]
    fn a_paragraph_left_out_of_one_answer_is_found() {
        let a = align_files(
            &fixture("mfa-2022-10-27-zh.txt"),
            &fixture("mfa-2022-10-27-en.txt"),
            &rules(),
        )
        .unwrap();
        assert_eq!(a.pairs.len(), 1, "{a:#?}");
        // The English excerpt ends before the Xinhua question; everything else has its counterpart.
        assert!(
            a.missing_in_en.iter().any(|p| p.text.contains("东盟")),
            "{:#?}",
            a.missing_in_en
        );
        assert!(
            a.missing_in_en.iter().all(|p| !p.text.contains("坦桑尼亚")),
            "{:#?}",
            a.missing_in_en
        );
        assert!(a.missing_in_zh.is_empty(), "{:#?}", a.missing_in_zh);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_numbers("党的第二十次全国代表大会"), vec!["20"]);
        assert_eq!(
            chinese_numbers("一百零五人，第三次，十二月"),
            vec!["105", "3", "12"]
        );
        assert!(chinese_numbers("一体之两翼，统一").is_empty());
    }

    /// Concepts come from the lexicon (rules/concepts.toml) through the rule matcher: the first answer
    /// of 10 December 2013 names cyber security in both versions (網絡安全, traditional, and "cyber
    /// security"), and the shared concepts are listed with the pair.
    #[test]
    fn concepts_of_the_lexicon_count_as_shared() {
        let rules = rules();
        let a = align_files(
            &fixture("mfa-2013-12-10-zh.txt"),
            &fixture("mfa-2013-12-10-en.txt"),
            &rules,
        )
        .unwrap();
        let concept_ids: Vec<&str> = rules.concepts.iter().map(|c| c.id.as_str()).collect();
        let shared: Vec<&String> = a.pairs[0]
            .shared
            .iter()
            .filter(|s| concept_ids.contains(&s.as_str()))
            .collect();
        assert!(!shared.is_empty(), "{:?}", a.pairs[0]);
        let mut finder = Finder {
            rules: &rules,
            scratch: Scratch::default(),
        };
        let zh = finder.features("中方是網絡安全的堅定維護者", Lang::Zh);
        let en = finder.features("China firmly upholds cyber security", Lang::En);
        assert!(
            !zh.concepts.is_empty(),
            "no concept found in the Chinese text"
        );
        assert_eq!(zh.concepts, en.concepts);
        assert_eq!(score(&zh, &en).1, zh.concepts);
        // Without the concept, the same two passages share nothing.
        let other = finder.features("Japan abandoned chemical weapons", Lang::En);
        assert!(score(&zh, &other).1.is_empty());
    }

    #[test]
    fn a_file_that_is_no_transcript_is_an_error_naming_it() {
        let e = align_files(
            &fixture("cnetsec-hong-lei-article.txt"),
            &fixture("mfa-2013-12-10-en.txt"),
            &rules(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("cnetsec-hong-lei-article.txt:1: not a press-conference transcript"),
            "{e}"
        );
    }
}
