#!/usr/bin/env python3
"""Writes a deterministic synthetic corpus of statements (JSONL) for benchmarks.

usage: gen_corpus.py N [--seed S] > corpus.jsonl

About 70% English and 30% Chinese (a tenth of it traditional), ~300 bytes a record, with the metadata
mix of real corpora (MFA pressers, Party meetings, journals) and theme and trap vocabulary, so every
stage of the matcher does real work. Same N and seed, same bytes.
"""
import json
import random
import sys

EN_OPEN = [
    "The Chinese side firmly opposes", "We must accelerate", "It is our biggest hidden danger that",
    "Restrictions on Chinese companies violate", "Comrades, we should", "The U.S. side keeps", "China is ready to",
    "Our country needs to", "Experts at the forum noted that", "The white paper says that",
]
EN_MID = [
    "the principles of market economy and fair competition", "core technologies controlled by others",
    "building China into a cyber power", "the commanding heights of technological competition",
    "network security and national security", "international standard setting in telecommunications",
    "military-civil fusion in cyberspace", "self-reliance in grain production", "the South China Sea and sovereignty",
    "food safety standards in rural areas", "the sports power strategy for athletes", "5G applications in joint operations",
    "the digital economy and smart cities", "the discourse power in global internet governance",
    "backdoors and eavesdropping by foreign intelligence", "poverty relief in mountain villages",
    "the number of netizens and broadband users", "cultural exchanges between young people",
]
EN_TAIL = [
    "and this is a matter of principle.", "so that development and security go hand in hand.",
    "which has no factual basis whatsoever.", "as the Party Central Committee has stressed.",
    "for the benefit of people of all countries.", "in the new era of high-quality development.",
    "according to officials familiar with the plan.", "with concrete measures and clear timetables.",
]
ZH_OPEN = ["中方坚决反对", "我们要加快", "习近平强调,", "外交部发言人表示,", "必须坚持", "专家指出,", "白皮书指出,", "美方一再"]
ZH_MID = [
    "建设网络强国和制造强国", "关键核心技术受制于人的问题", "维护国家网络安全和数据安全", "积极参与国际标准制定",
    "推动网信军民融合深度发展", "抢占科技竞争制高点", "市场经济原则和公平竞争", "粮食安全和农业强国建设",
    "南海的主权和海洋权益", "体育强国和全民健身", "数字经济和实体经济深度融合", "全球互联网治理体系变革",
    "5G技术在联合作战中的应用", "城乡融合发展和乡村振兴",
]
ZH_TAIL = ["这是原则问题。", "推动高质量发展。", "毫无事实依据。", "为构建网络空间命运共同体作出贡献。", "切实维护人民利益。"]
META = [
    ("Hua Chunying", "Foreign Ministry Spokesperson", "Regular press conference", "external"),
    ("Zhao Lijian", "MFA spokesperson", "daily press briefing", "external"),
    ("汪文斌", "外交部发言人", "外交部例行记者会", "external"),
    ("Cui Tiankai", "Ambassador to the United States", "Op-ed in The Washington Post", "external"),
    ("Xi Jinping", "President", "Speech at the World Internet Conference", "external"),
    ("Xi Jinping", "General Secretary of the CPC Central Committee", "National cybersecurity and informatization work conference", "internal"),
    ("习近平", "中共中央总书记", "中央政治局集体学习", "internal"),
    ("", "", "Qiushi", "internal"),
    ("", "", "PLA Daily", "internal"),
    ("", "研究员", "《中国信息安全》", "internal"),
    ("", "", "", "internal"),
]
TRAD = str.maketrans("们国网络发习术关键题维护数据积极参与标准制军民应用场经济济农业体育权益乡村粮食", "們國網絡發習術關鍵題維護數據積極參與標準製軍民應用場經濟濟農業體育權益鄉村糧食")


def statement(rng, i):
    speaker, role, venue, audience = rng.choice(META)
    if rng.random() < 0.3:
        text = "".join([rng.choice(ZH_OPEN), rng.choice(ZH_MID), ",", rng.choice(ZH_MID), ",", rng.choice(ZH_TAIL)])
        text += rng.choice(ZH_MID) + "。" if rng.random() < 0.3 else ""
        if rng.random() < 0.1:
            text = text.translate(TRAD)
        lang = "zh"
    else:
        parts = [rng.choice(EN_OPEN), rng.choice(EN_MID), "and", rng.choice(EN_MID), rng.choice(EN_TAIL)]
        if rng.random() < 0.25:
            parts += [rng.choice(EN_OPEN), rng.choice(EN_MID), rng.choice(EN_TAIL)]
        text = " ".join(parts)
        lang = "en"
    return {
        "id": f"syn-{i:08d}", "text": text, "speaker": speaker, "role": role, "venue": venue,
        "date": f"{2014 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "source": f"https://example.org/statements/{i}", "lang": lang,
    }


def main():
    args = sys.argv[1:]
    if not args or not args[0].isdigit():
        sys.exit(__doc__)
    n = int(args[0])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 42
    rng = random.Random(seed)
    out = sys.stdout
    for i in range(n):
        out.write(json.dumps(statement(rng, i), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
