#!/usr/bin/env python3
"""Deterministic synthetic statement corpus for twovoices benchmarks (JSONL on stdout).

    gen_corpus.py N [--seed S] [--theme THEME] [--zh-share F]

English and Chinese mixed (by default 40 % Chinese), about 300 bytes a statement, half external
(MFA press conferences) and half internal (Party meetings, Qiushi, journals). Sentences are drawn
from per-theme, per-voice phrase banks plus neutral filler, so the rules classify them the way a
real corpus would be classified. --theme restricts every statement to one theme (for contrast).
"""
import json
import random
import sys

THEMES = ["ambition", "indigenization", "security", "standards", "military-civil-fusion"]

EN = {
    ("ambition", "external"): ["China has the largest number of netizens and has become a major online country.",
                               "Building a cyber power serves the common development of all countries."],
    ("ambition", "internal"): ["We must seize the commanding heights of technological competition and build a network power.",
                               "Those who win the competition in cyberspace will rejoice; we must accelerate building a manufacturing power."],
    ("indigenization", "external"): ["Restrictions on Chinese companies violate market economy principles and fair competition.",
                                     "The United States should provide an open, fair and non-discriminatory environment for Chinese firms."],
    ("indigenization", "internal"): ["Core technology controlled by others is our biggest hidden danger.",
                                     "Self-reliance in core technologies is essential; the market cannot buy core technology."],
    ("security", "external"): ["National security is a lame excuse used to suppress Huawei on the pretext of unwarranted risks.",
                               "The United States worries it can no longer use back doors for eavesdropping."],
    ("security", "internal"): ["Without network security there is no national security.",
                               "Western countries use information technology to carry out ideological infiltration online."],
    ("standards", "external"): ["International standard setting should be win-win, collaborative and inclusive.",
                                "We support formulating global standards with mutual respect and shared governance."],
    ("standards", "internal"): ["Technical standards are the commanding heights and the right to speak in global competition.",
                                "Whoever masters the standards gains discourse power over the rules of cyberspace."],
    ("military-civil-fusion", "external"): ["Military-civil fusion is a customary international practice slandered by some U.S. officials.",
                                            "Hyping China's military-civilian integration policy disrupts normal technological cooperation."],
    ("military-civil-fusion", "internal"): ["Cyber-information military-civil fusion is the key field and frontier field of military-civil fusion.",
                                            "5G networks will connect every combat unit and weapons platform in joint operations."],
}
ZH = {
    ("ambition", "external"): ["中国网民数量世界第一，已成为网络大国。", "建设网络强国有利于各国共同发展。"],
    ("ambition", "internal"): ["我们要抢占科技竞争的制高点，加快建设网络强国。", "推动由制造大国向制造强国转变。"],
    ("indigenization", "external"): ["对中国企业的限制违背市场经济原则和公平竞争。", "美方应为中国企业提供开放、公平、非歧视的环境。"],
    ("indigenization", "internal"): ["核心技术受制于人是我们最大的隐患。", "核心技术是买不来的，必须坚持自主创新、自力更生。"],
    ("security", "external"): ["美方以国家安全为借口打压华为，这是莫须有的罪名。", "美国担心无法再通过后门进行窃听。"],
    ("security", "internal"): ["没有网络安全就没有国家安全。", "西方国家利用信息技术优势进行意识形态渗透。"],
    ("standards", "external"): ["国际标准制定应当合作共赢、开放包容。", "我们支持在相互尊重基础上共同制定全球标准。"],
    ("standards", "internal"): ["标准是制高点，是话语权，是控制权。", "得标准者得天下，要掌握网络空间规则制定权。"],
    ("military-civil-fusion", "external"): ["推动军民融合发展是国际通行做法，美方无端抹黑。", "炒作中国军民融合政策是冷战思维。"],
    ("military-civil-fusion", "internal"): ["网信军民融合是军民融合的重点领域和前沿领域。", "5G网络将把每个作战单元和武器平台连接起来。"],
}
FILLER_EN = ["The spokesperson answered questions on the matter.", "Officials discussed the issue at length.",
             "This was stressed again in the remarks.", "The statement was widely reported.",
             "Cooperation with partners remains important for development.", "Relevant departments will follow up on the work."]
FILLER_ZH = ["有关部门将继续跟进相关工作。", "发言人回答了记者提问。", "会议对此作了部署。", "这一点再次得到强调。"]
EXT = [("Foreign Ministry Spokesperson", "Regular press conference"), ("外交部发言人", "外交部例行记者会")]
INT = [("General Secretary of the CPC Central Committee", "Speech at the forum on cybersecurity and informatization work"),
       ("", "Qiushi"), ("中共中央总书记", "网络安全和信息化工作座谈会"), ("", "人民日报评论")]
SPEAKERS = ["Zhao Lijian", "Hua Chunying", "Wang Wenbin", "Geng Shuang", "Xi Jinping", "Chen Zhaoxiong", "赵立坚", "华春莹", "习近平"]


def statement(rng, n, theme_only, zh_share):
    zh = rng.random() < zh_share
    audience = "external" if rng.random() < 0.5 else "internal"
    theme = theme_only or rng.choice(THEMES)
    bank = ZH if zh else EN
    filler = FILLER_ZH if zh else FILLER_EN
    target = 100 if zh else 300  # bytes of English; Chinese is ~3 bytes a character
    parts = [rng.choice(bank[(theme, audience)])]
    if rng.random() < 0.3 and not theme_only:  # a second theme now and then
        parts.append(rng.choice(bank[(rng.choice(THEMES), audience)]))
    while sum(len(p) for p in parts) < target:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(filler))
    role, venue = rng.choice([r for r in (EXT if audience == "external" else INT) if (any(ord(c) > 0x3000 for c in r[1])) == zh] or (EXT if audience == "external" else INT))
    sep = "" if zh else " "
    return {
        "id": f"syn-{n:07d}",
        "text": sep.join(parts),
        "speaker": rng.choice(SPEAKERS),
        "role": role,
        "venue": venue,
        "date": f"{rng.randint(2010, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "source": f"https://example.org/statements/{n}",
        "lang": "zh" if zh else "en",
    }


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    n = int(args[0])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 42
    theme = args[args.index("--theme") + 1] if "--theme" in args else None
    zh_share = float(args[args.index("--zh-share") + 1]) if "--zh-share" in args else 0.4
    rng = random.Random(seed)
    out = sys.stdout
    for i in range(n):
        out.write(json.dumps(statement(rng, i, theme, zh_share), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
