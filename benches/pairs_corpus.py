#!/usr/bin/env python3
"""Print the corpus files of a judged pairing set (pairs-holdoutN.json), resolved against this checkout.

    python3 benches/pairs_corpus.py fixtures/held-out/pairs-holdoutN.json

Older sets name their own statements file without a folder; those are looked up in fixtures/held-out/.
Used by benches/score_pairs.sh and benches/pair_weights.sh, whose summaries also import `statement_langs`
(`sys.path.insert(0, "benches")`), so that both count an external as English the same way.
"""
import glob
import json
import os
import re
import sys


def corpus_files(gold):
    """The corpus files of the judged set `gold`, resolved against this checkout."""
    out = []
    for c in json.load(open(gold))["corpus"]:
        if c == "pairs3-statements.jsonl":
            c = "fixtures/held-out/pairs3.jsonl"
        if not os.path.exists(c):
            alt = os.path.join("fixtures/held-out", os.path.basename(c))
            if not os.path.exists(alt):
                sys.exit("missing corpus file " + c)
            c = alt
        out.append(c)
    return out


def statement_langs(files=None):
    """id -> 'en' or 'zh' for every labelled statement of `files` (default: the top-level and held-out fixtures):
    its `lang` field, or where that is missing, the script that dominates its text (Han characters counted twice
    against Latin letters)."""
    lang = {}
    if files is None:
        files = glob.glob("fixtures/*.jsonl") + glob.glob("fixtures/held-out/*.jsonl")
    for f in files:
        for line in open(f, encoding="utf-8"):
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if d.get("lang") in ("en", "zh"):
                lang[d.get("id")] = d["lang"]
            else:
                t = d.get("text", "")
                han = len(re.findall(r"[\u4e00-\u9fff]", t))
                lang[d.get("id")] = "zh" if 2 * han > len(re.findall(r"[A-Za-z]", t)) else "en"
    return lang


if __name__ == "__main__":
    print(" ".join(corpus_files(sys.argv[1])))
