#!/usr/bin/env python3
"""Pooled and per-set figures of a historical replay (benches/replay.sh): each PRED file is `twovoices classify
--format jsonl` of one blind set, with its gold labels. Figures as `twovoices eval` computes them (audience
accuracy; theme F1 per theme with tp+fp+fn = 0 counting 1; macro-F1 the mean over the five themes; statements
labelled for their audience only carry no theme gold), per set, their mean, and pooled over every statement.

  python3 benches/replay_score.py OUT/35/pred.jsonl OUT/37/pred.jsonl …
  python3 benches/replay_score.py OUT/35/pred.jsonl … --changes OTHER_OUT

With `--changes OTHER_OUT` (another replay's folder) it also counts, statement by statement, the audiences and exact
theme sets this run gets right that the other got wrong (fixed) and the reverse (broken).
"""
import json
import os
import sys

THEMES = ["ambition", "indigenization", "security", "standards", "military-civil-fusion"]


def f1(tp, fp, fn):
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def figures(rows):
    aud = {"all": [0, 0], "en": [0, 0], "zh": [0, 0]}
    counts = {t: [0, 0, 0] for t in THEMES}
    exact = n_theme = 0
    for r in rows:
        g, c = r["gold"], r["classification"]
        ok = g["audience"] == c["audience"]
        for k in ("all", r["lang"]):
            aud[k][0] += ok
            aud[k][1] += 1
        if g.get("themes") is None:
            continue
        n_theme += 1
        gs, ps = set(g["themes"]), set(c["themes"])
        exact += gs == ps
        for t in THEMES:
            if t in gs and t in ps:
                counts[t][0] += 1
            elif t in ps:
                counts[t][1] += 1
            elif t in gs:
                counts[t][2] += 1
    per = {t: f1(*counts[t]) for t in THEMES}
    return {
        "n": len(rows),
        "audience": aud["all"][0] / max(aud["all"][1], 1),
        "audience_en": (aud["en"][0] / aud["en"][1]) if aud["en"][1] else None,
        "audience_zh": (aud["zh"][0] / aud["zh"][1]) if aud["zh"][1] else None,
        "n_en": aud["en"][1],
        "macro_f1": sum(per.values()) / len(THEMES),
        "per_theme": per,
        "exact": exact / max(n_theme, 1),
    }


def by_lang(rows):
    return {lang: figures([r for r in rows if r["lang"] == lang])["macro_f1"] for lang in ("en", "zh")
            if any(r["lang"] == lang for r in rows)}


def line(name, f):
    en = "-" if f["audience_en"] is None else "%.3f" % f["audience_en"]
    zh = "-" if f["audience_zh"] is None else "%.3f" % f["audience_zh"]
    themes = " ".join("%.3f" % f["per_theme"][t] for t in THEMES)
    return "%-10s %4d  aud %.3f (en %s/%d, zh %s)  macro-F1 %.3f  exact %.3f  [%s]" % (
        name, f["n"], f["audience"], en, f["n_en"], zh, f["macro_f1"], f["exact"], themes)


def main(argv):
    changes = None
    if "--changes" in argv:
        i = argv.index("--changes")
        changes = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if not argv:
        sys.exit(__doc__)
    pooled = []
    sets = []
    print("set           n  audience (English n, Chinese)  macro-F1  exact  [amb ind sec std mcf]")
    for p in argv:
        rows = load(p)
        name = os.path.basename(os.path.dirname(os.path.abspath(p)))
        f = figures(rows)
        sets.append(f)
        pooled.extend(rows)
        print(line("blind" + name, f))
    pf = figures(pooled)
    print(line("pooled", pf))
    print("mean of sets: audience %.4f  macro-F1 %.4f" % (
        sum(f["audience"] for f in sets) / len(sets), sum(f["macro_f1"] for f in sets) / len(sets)))
    langs = by_lang(pooled)
    print("pooled: audience %.4f (en %.4f, zh %.4f)  macro-F1 %.4f (en %.4f, zh %.4f)" % (
        pf["audience"], pf["audience_en"], pf["audience_zh"], pf["macro_f1"], langs["en"], langs["zh"]))
    if changes:
        other = {}
        for p in argv:
            name = os.path.basename(os.path.dirname(os.path.abspath(p)))
            q = os.path.join(changes, name, "pred.jsonl")
            for r in load(q):
                other[r["id"]] = r["classification"]
        fixed = broken = 0
        for r in pooled:
            o = other.get(r["id"])
            if o is None:
                continue
            g = r["gold"]
            def right(c):
                return (g["audience"] == c["audience"],
                        g.get("themes") is None or set(g["themes"]) == set(c["themes"]))
            a, b = right(o), right(r["classification"])
            fixed += (b[0] and not a[0]) + (b[1] and not a[1])
            broken += (a[0] and not b[0]) + (a[1] and not b[1])
        print("against %s: %d fixed, %d broken (audience or exact theme set, per statement)" % (changes, fixed, broken))


if __name__ == "__main__":
    main(sys.argv[1:])
