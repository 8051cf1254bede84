#!/usr/bin/env python3
"""Writes N documents (about 10 KB each) built from the real statements of fixtures/dev.jsonl, for the
document benchmark: a third press-conference transcripts (Q:/A: and 问：/答：), a third articles with
quotations, a third speeches with front matter; one in ten is a repost of an earlier document with its
punctuation changed to full or half width. Deterministic for a seed.

Each sentence is a real one with about half of its lower-case words (English) or Han characters
(Chinese) replaced by others drawn by frequency from the same texts: the sentence keeps its shape
(abbreviations, quotation marks, final punctuation) but no two paragraphs share more than common words
do. (Drawing whole sentences from the ~2,000 of dev.jsonl made paragraphs that share two sentences of
three by the thousand: near-duplicates no real set of documents has, which the repost pass then had to
confirm one by one.)

    python3 benches/gen_documents.py N OUT_DIR [--seed S]
"""
import json, os, random, sys

def main():
    args = sys.argv[1:]
    seed = 1
    if "--seed" in args:
        i = args.index("--seed"); seed = int(args[i + 1]); del args[i:i + 2]
    n, out = int(args[0]), args[1]
    rng = random.Random(seed)
    here = os.path.dirname(os.path.abspath(__file__))
    rows = [json.loads(l) for l in open(os.path.join(here, "..", "fixtures", "dev.jsonl"), encoding="utf-8")]
    # Paragraphs are three sentences drawn at random from the real statements, so that apart from the
    # planted reposts no two paragraphs are the same.
    import re
    def sentences(lang, pattern):
        out = []
        for r in rows:
            if r.get("lang") == lang:
                out += [s.strip() for s in re.split(pattern, r["text"]) if len(s.strip()) > 20]
        return out
    en_s = sentences("en", r"(?<=[.!?])\s+")
    zh_s = sentences("zh", r"(?<=[。！？])")
    en_words = [w for s in en_s for w in s.split() if w.isalpha() and w.islower()]
    zh_chars = [c for s in zh_s for c in s if "\u4e00" <= c <= "\u9fff"]
    def vary(sentence, lang):
        if lang == "zh":
            return "".join(rng.choice(zh_chars) if "\u4e00" <= c <= "\u9fff" and rng.random() < 0.5 else c
                           for c in sentence)
        return " ".join(rng.choice(en_words) if w.isalpha() and w.islower() and rng.random() < 0.5 else w
                        for w in sentence.split())
    def paragraph(lang):
        pool = zh_s if lang == "zh" else en_s
        return ("" if lang == "zh" else " ").join(vary(rng.choice(pool), lang) for _ in range(3))
    os.makedirs(out, exist_ok=True)
    written = []
    for k in range(n):
        path = os.path.join(out, f"doc{k:05d}.txt")
        if written and rng.random() < 0.1:
            src = open(rng.choice(written), encoding="utf-8").read()
            flip = str.maketrans({",": "，", "，": ",", "?": "？", "？": "?", ":": "：", "：": ":"})
            _, front, text = src.split("---\n", 2)
            front = front.replace("source: ", "source: repost-of-")
            body = "---\n" + front + "---\n" + text.translate(flip)
            open(path, "w", encoding="utf-8").write(body)
            continue
        lang = "zh" if rng.random() < 0.5 else "en"
        kind = rng.choice(["transcript", "article", "speech"])
        parts = [f"---\nsource: https://example.org/{k}\ndate: 2020-01-{1 + k % 28:02d}\n"]
        parts.append("speaker: Generated speaker\n---\n\n" if kind == "speech" else "---\n\n")
        size = 0
        while size < 10_000:
            t = paragraph(lang)
            if kind == "transcript":
                q, a = ("问：", "答：") if lang == "zh" else ("Q: ", "A: ")
                block = f"{q}{paragraph(lang)}\n\n{a}{t}\n\n"
            elif kind == "article":
                block = (f"“{t}”他说。\n\n" if lang == "zh" else f"“{t},” said Hong.\n\n") if rng.random() < 0.3 else t + "\n\n"
            else:
                block = t + "\n\n"
            parts.append(block)
            size += len(block.encode("utf-8"))
        if kind == "transcript":
            title = ("2020年1月1日外交部发言人耿爽主持例行记者会\n\n" if lang == "zh"
                     else "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on January 1, 2020\n\n")
            parts.insert(2, title)
        open(path, "w", encoding="utf-8").write("".join(parts))
        written.append(path)

if __name__ == "__main__":
    main()
