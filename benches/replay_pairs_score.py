#!/usr/bin/env python3
"""Pooled and per-set figures of a historical replay of the judged pairing sets (benches/replay_pairs.sh): each DIR
is one replayed set (OUT/N, holding eval.json, gold.json and the commit's fixtures), scored as `eval-pairs` counts
(acceptable: the partner after the assignment is one the judge accepts; an external with no partner is a miss).

  python3 benches/replay_pairs_score.py OUT/31 OUT/31b …
  python3 benches/replay_pairs_score.py OUT/31 … --changes OTHER_OUT

Each set's figure is printed beside the one it scored when it was blind (README › Accuracy, "Every blind set,
scored once"). Pools: the selection sets (odd) and the confirmation sets (even), each with its English and Chinese
externals apart. With `--changes OTHER_OUT` (another replay's folder) it also counts the externals this run gets
right that the other got wrong (fixed) and the reverse (broken), per set.
"""
import glob
import json
import os
import sys

from pairs_corpus import statement_langs

# acceptable of judged when each set was scored blind (README's table, "pairing set" and "P@1" columns).
AS_SCORED = {
    "7": (23, 45), "8": (31, 45), "9": (24, 45), "10": (22, 45), "11": (19, 33), "12": (23, 41), "13": (11, 44),
    "14": (9, 38), "15": (13, 36), "16": (11, 41), "17": (12, 35), "18": (12, 50), "19": (17, 41), "20": (11, 38),
    "21": (12, 34), "22": (16, 43), "22b": (7, 27), "23": (21, 48), "23b": (14, 34), "24": (22, 48), "24b": (18, 32),
    "25": (20, 48), "25b": (12, 32), "26": (21, 45), "26b": (18, 32), "27": (19, 46), "27b": (14, 32),
    "28": (14, 36), "28b": (14, 26), "29": (20, 39), "29b": (15, 32), "30": (15, 25), "30b": (16, 30),
    "31": (10, 23), "31b": (20, 24), "32": (27, 45), "32b": (21, 32), "33": (18, 34), "33b": (25, 32),
    "34": (27, 41), "34b": (19, 33), "35": (15, 37), "35b": (19, 28), "36": (16, 29), "36b": (21, 28),
    "37": (16, 38), "37b": (18, 30),
}


def langs(folder):
    """id -> 'en' or 'zh' for the statements of one replayed set's fixtures (benches/pairs_corpus.py decides)."""
    return statement_langs(glob.glob(os.path.join(folder, "fixtures", "**", "*.jsonl"), recursive=True))


def outcomes(folder):
    """(theme, external) -> (accepted?, lang) for one replayed set."""
    lang = langs(folder)
    d = json.load(open(os.path.join(folder, "eval.json")))
    return {(it["theme"], it["external"]): (it["outcome"] == "acceptable", lang.get(it["external"], "en"))
            for it in d["items"]}


def is_odd(name):
    return int(name.rstrip("b")) % 2 == 1


def main(argv):
    other = None
    if "--changes" in argv:
        i = argv.index("--changes")
        other = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    pools = {}
    match = True
    print("%-18s %-14s %-14s %s" % ("set", "replayed", "as scored", "fixed / broken" if other else ""))
    for folder in argv:
        name = os.path.basename(folder.rstrip("/"))
        o = outcomes(folder)
        acc = sum(a for a, _ in o.values())
        scored = AS_SCORED.get(name)
        same = scored is not None and scored == (acc, len(o))
        match = match and same
        ch = ""
        if other:
            p = outcomes(os.path.join(other, name))
            fixed = sum(1 for k, (a, _) in o.items() if a and not p.get(k, (False,))[0])
            broken = sum(1 for k, (a, _) in o.items() if not a and p.get(k, (False,))[0])
            ch = "+%d / -%d" % (fixed, broken)
        print("%-18s %3d of %3d     %s %s" % ("pairs-holdout" + name, acc, len(o),
                                            ("%3d of %3d" % scored if scored else "     -    ") + ("" if same else " *"),
                                            ch))
        pool = pools.setdefault("selection (odd)" if is_odd(name) else "confirmation (even)",
                                {"all": [0, 0], "en": [0, 0], "zh": [0, 0]})
        for a, lg in o.values():
            for k in ("all", lg):
                pool[k][0] += a
                pool[k][1] += 1
    print()
    for label in ("selection (odd)", "confirmation (even)"):
        if label in pools:
            p = pools[label]
            print("%-20s acceptable %3d of %3d (%.3f)   English %3d of %3d   Chinese %3d of %3d" % (
                label, p["all"][0], p["all"][1], p["all"][0] / max(p["all"][1], 1), p["en"][0], p["en"][1],
                p["zh"][0], p["zh"][1]))
    if not match:
        print("\n* differs from the figure scored when the set was blind")


if __name__ == "__main__":
    main(sys.argv[1:])
