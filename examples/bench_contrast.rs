//! Benchmark corpora and the baseline for `twovoices contrast`, without Python.
//!
//! ```sh
//! # 10,000 × 10,000 statements of one theme (about 20,000 lines), and a 300,000-statement corpus:
//! cargo run --release --example bench_contrast -- gen 20000 --seed 3 --theme standards > c20k.jsonl
//! cargo run --release --example bench_contrast -- gen 300000 --seed 5 > c300k.jsonl
//! twovoices index --index idx20k c20k.jsonl
//! # The baseline: open the index and read every record `contrast` reads (both sides of each theme)
//! cargo run --release --example bench_contrast -- read idx20k --theme standards
//! twovoices contrast --index idx20k --theme standards --format csv > pairs.csv
//! ```
//!
//! `gen N [--seed S] [--theme THEME] [--zh-share F]` writes a deterministic synthetic corpus as JSONL on
//! stdout, in the manner of `benches/gen_corpus.py` (same phrase banks; its own random generator, so the
//! bytes differ): English and Chinese mixed (by default 40 % Chinese), half external and half internal,
//! about 300 bytes of English or 100 Chinese characters a statement, one theme phrase (now and then a
//! second theme's) among neutral filler.
//!
//! `read INDEX [--theme THEME]` is the floor `contrast` stands on: it reads the stored records of every
//! theme with both sides (or of one theme) the way `contrast` does, and prints how many it read.

use std::io::Write;
use twovoices::index::StatementIndex;
use twovoices::model::{Audience, Theme};

const THEMES: [&str; 5] = [
    "ambition",
    "indigenization",
    "security",
    "standards",
    "military-civil-fusion",
];

/// Phrase banks per (theme, voice): English, then Chinese (the same as `benches/gen_corpus.py`).
fn bank(theme: &str, external: bool, zh: bool) -> [&'static str; 2] {
    match (theme, external, zh) {
        ("ambition", true, false) => [
            "China has the largest number of netizens and has become a major online country.",
            "Building a cyber power serves the common development of all countries.",
        ],
        ("ambition", false, false) => [
            "We must seize the commanding heights of technological competition and build a network power.",
            "Those who win the competition in cyberspace will rejoice; we must accelerate building a manufacturing power.",
        ],
        ("indigenization", true, false) => [
            "Restrictions on Chinese companies violate market economy principles and fair competition.",
            "The United States should provide an open, fair and non-discriminatory environment for Chinese firms.",
        ],
        ("indigenization", false, false) => [
            "Core technology controlled by others is our biggest hidden danger.",
            "Self-reliance in core technologies is essential; the market cannot buy core technology.",
        ],
        ("security", true, false) => [
            "National security is a lame excuse used to suppress Huawei on the pretext of unwarranted risks.",
            "The United States worries it can no longer use back doors for eavesdropping.",
        ],
        ("security", false, false) => [
            "Without network security there is no national security.",
            "Western countries use information technology to carry out ideological infiltration online.",
        ],
        ("standards", true, false) => [
            "International standard setting should be win-win, collaborative and inclusive.",
            "We support formulating global standards with mutual respect and shared governance.",
        ],
        ("standards", false, false) => [
            "Technical standards are the commanding heights and the right to speak in global competition.",
            "Whoever masters the standards gains discourse power over the rules of cyberspace.",
        ],
        ("military-civil-fusion", true, false) => [
            "Military-civil fusion is a customary international practice slandered by some U.S. officials.",
            "Hyping China's military-civilian integration policy disrupts normal technological cooperation.",
        ],
        ("military-civil-fusion", false, false) => [
            "Cyber-information military-civil fusion is the key field and frontier field of military-civil fusion.",
            "5G networks will connect every combat unit and weapons platform in joint operations.",
        ],
        ("ambition", true, true) => ["中国网民数量世界第一，已成为网络大国。", "建设网络强国有利于各国共同发展。"],
        ("ambition", false, true) => ["我们要抢占科技竞争的制高点，加快建设网络强国。", "推动由制造大国向制造强国转变。"],
        ("indigenization", true, true) => [
            "对中国企业的限制违背市场经济原则和公平竞争。",
            "美方应为中国企业提供开放、公平、非歧视的环境。",
        ],
        ("indigenization", false, true) => [
            "核心技术受制于人是我们最大的隐患。",
            "核心技术是买不来的，必须坚持自主创新、自力更生。",
        ],
        ("security", true, true) => ["美方以国家安全为借口打压华为，这是莫须有的罪名。", "美国担心无法再通过后门进行窃听。"],
        ("security", false, true) => ["没有网络安全就没有国家安全。", "西方国家利用信息技术优势进行意识形态渗透。"],
        ("standards", true, true) => ["国际标准制定应当合作共赢、开放包容。", "我们支持在相互尊重基础上共同制定全球标准。"],
        ("standards", false, true) => ["标准是制高点，是话语权，是控制权。", "得标准者得天下，要掌握网络空间规则制定权。"],
        ("military-civil-fusion", true, true) => [
            "推动军民融合发展是国际通行做法，美方无端抹黑。",
            "炒作中国军民融合政策是冷战思维。",
        ],
        (_, _, true) => ["网信军民融合是军民融合的重点领域和前沿领域。", "5G网络将把每个作战单元和武器平台连接起来。"],
        (_, _, false) => unreachable!("every theme is listed"),
    }
}

const FILLER_EN: [&str; 6] = [
    "The spokesperson answered questions on the matter.",
    "Officials discussed the issue at length.",
    "This was stressed again in the remarks.",
    "The statement was widely reported.",
    "Cooperation with partners remains important for development.",
    "Relevant departments will follow up on the work.",
];
const FILLER_ZH: [&str; 4] = [
    "有关部门将继续跟进相关工作。",
    "发言人回答了记者提问。",
    "会议对此作了部署。",
    "这一点再次得到强调。",
];
const EXT_EN: (&str, &str) = ("Foreign Ministry Spokesperson", "Regular press conference");
const EXT_ZH: (&str, &str) = ("外交部发言人", "外交部例行记者会");
const INT_EN: [(&str, &str); 2] = [
    (
        "General Secretary of the CPC Central Committee",
        "Speech at the forum on cybersecurity and informatization work",
    ),
    ("", "Qiushi"),
];
const INT_ZH: [(&str, &str); 2] = [
    ("中共中央总书记", "网络安全和信息化工作座谈会"),
    ("", "人民日报评论"),
];
const SPEAKERS: [&str; 9] = [
    "Zhao Lijian",
    "Hua Chunying",
    "Wang Wenbin",
    "Geng Shuang",
    "Xi Jinping",
    "Chen Zhaoxiong",
    "赵立坚",
    "华春莹",
    "习近平",
];

/// splitmix64: small, deterministic, good enough for a benchmark corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

fn statement(rng: &mut Rng, n: usize, theme_only: Option<&str>, zh_share: f64) -> String {
    let zh = rng.unit() < zh_share;
    let external = rng.unit() < 0.5;
    let theme = theme_only.unwrap_or_else(|| THEMES[rng.below(THEMES.len())]);
    let mut parts: Vec<&str> = vec![rng.pick(&bank(theme, external, zh))];
    if theme_only.is_none() && rng.unit() < 0.3 {
        let other = THEMES[rng.below(THEMES.len())];
        parts.push(rng.pick(&bank(other, external, zh)));
    }
    let (filler, target): (&[&str], usize) = if zh {
        (&FILLER_ZH, 100)
    } else {
        (&FILLER_EN, 300)
    };
    while parts.iter().map(|p| p.len()).sum::<usize>() < target {
        let at = rng.below(parts.len() + 1);
        parts.insert(at, rng.pick(filler));
    }
    let (role, venue) = match (external, zh) {
        (true, false) => EXT_EN,
        (true, true) => EXT_ZH,
        (false, false) => INT_EN[rng.below(2)],
        (false, true) => INT_ZH[rng.below(2)],
    };
    let record = serde_json::json!({
        "id": format!("syn-{n:07}"),
        "text": parts.join(if zh { "" } else { " " }),
        "speaker": rng.pick(&SPEAKERS),
        "role": role,
        "venue": venue,
        "date": format!("{}-{:02}-{:02}", 2010 + rng.below(14), 1 + rng.below(12), 1 + rng.below(28)),
        "source": format!("https://example.org/statements/{n}"),
        "lang": if zh { "zh" } else { "en" },
    });
    record.to_string()
}

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench_contrast gen N [--seed S] [--theme THEME] [--zh-share F]\n       \
                 bench_contrast read INDEX_DIR [--theme THEME]";
    match args.first().map(String::as_str) {
        Some("gen") => {
            let n: usize = args.get(1).ok_or(usage)?.parse()?;
            let seed: u64 = flag(&args, "--seed").map_or(Ok(42), str::parse)?;
            let theme = flag(&args, "--theme");
            if let Some(t) = theme {
                if !THEMES.contains(&t) {
                    return Err(format!("unknown theme `{t}`; expected one of {THEMES:?}").into());
                }
            }
            let zh_share: f64 = flag(&args, "--zh-share").map_or(Ok(0.4), str::parse)?;
            let mut rng = Rng(seed);
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for i in 0..n {
                writeln!(out, "{}", statement(&mut rng, i, theme, zh_share))?;
            }
            out.flush()?;
        }
        Some("read") => {
            let dir = args.get(1).ok_or(usage)?;
            let index = StatementIndex::open(std::path::Path::new(dir))?;
            let themes: Vec<Theme> = match flag(&args, "--theme") {
                Some(t) => vec![Theme::parse(t).ok_or_else(|| format!("unknown theme `{t}`"))?],
                None => twovoices::pair::themes_with_both_sides(&index)?,
            };
            let mut read = 0;
            for t in themes {
                for a in Audience::ALL {
                    read += index.theme_records(t, a, None)?.len();
                }
            }
            println!("read {read} records");
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
