#!/usr/bin/env python3
"""Pooled and per-set figures of a historical replay (benches/replay.sh): each PRED file is `twovoices classify
--format jsonl` of one blind set, with its gold labels. Figures as `twovoices eval` computes them (audience
accuracy; theme F1 per theme with tp+fp+fn = 0 counting 1; macro-F1 the mean over the five themes; statements
labelled for their audience only carry no theme gold), per set, their mean, and pooled over every statement.

  python3 benches/replay_score.py OUT/35/pred.jsonl OUT/37/pred.jsonl …
  python3 benches/replay_score.py OUT/35/pred.jsonl … --changes OTHER_OUT
  python3 benches/replay_score.py --as-scored OUT/35/pred.jsonl …

With `--as-scored` (benches/replay.sh passes it for `-t none` without `-c`: the commit's models as shipped) each set's
audience (English, Chinese) and macro-F1 are printed beside the figures it scored when it was blind, to three places
(README › Accuracy, "Every blind set, scored once"; for blind18, 19 and 30 the figure of the rules and gate as the
commit shipped them, docs/rules.md › "Historical replay"), and a difference is starred.

With `--changes OTHER_OUT` (another replay's folder) it also counts, statement by statement, the audiences and exact
theme sets this run gets right that the other got wrong (fixed) and the reverse (broken).
"""
import json
import os
import sys

# audience, English, Chinese, theme macro-F1 of each blind set as scored on its commit, with the models as shipped
# there (blind18 and blind19: the stacked model off, as their commits shipped it, 0.825 and 0.819 with --stack;
# blind30: the remove-only gate, 0.766 with the add gate chosen after). blind11 and blind12 (themes relabelled since)
# are not replayed.
AS_SCORED = {
    "10": (0.911, 0.867, 0.956, 0.815), "13": (0.921, 0.889, 0.955, 0.785), "14": (0.900, 0.867, 0.933, 0.858),
    "15": (0.911, 0.844, 0.978, 0.815), "16": (0.922, 0.911, 0.933, 0.797), "17": (0.922, 0.889, 0.956, 0.765),
    "18": (0.867, 0.822, 0.911, 0.815), "19": (0.878, 0.844, 0.911, 0.803), "20": (0.871, 0.905, 0.837, 0.799),
    "21": (0.855, 0.818, 0.889, 0.844), "22": (0.918, 0.972, 0.887, 0.812), "23": (0.942, 0.926, 0.955, 0.874),
    "24": (0.976, 1.000, 0.968, 0.896), "25": (0.924, 0.934, 0.914, 0.775), "26": (0.923, 0.879, 0.985, 0.765),
    "27": (0.924, 0.906, 0.952, 0.795), "28": (0.931, 0.898, 0.984, 0.777), "29": (0.894, 0.896, 0.891, 0.735),
    "30": (0.918, 0.912, 0.925, 0.751), "31": (0.920, 0.931, 0.909, 0.879), "32": (0.885, 0.828, 0.938, 0.849),
    "33": (0.901, 0.940, 0.855, 0.795), "34": (0.923, 0.933, 0.910, 0.854), "35": (0.907, 0.889, 0.929, 0.823),
    "36": (0.910, 0.869, 0.944, 0.828), "37": (0.937, 0.933, 0.940, 0.848), "38": (0.906, 0.860, 0.943, 0.825),
    "39": (0.903, 0.889, 0.910, 0.833), "40": (0.969, 0.938, 0.974, 0.821),
}

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
    as_scored = "--as-scored" in argv
    argv = [a for a in argv if a != "--as-scored"]
    differ = []
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
        if as_scored:
            want = AS_SCORED.get(name)
            got = tuple(round(x, 3) if x is not None else None
                        for x in (f["audience"], f["audience_en"], f["audience_zh"], f["macro_f1"]))
            same = want is not None and all(g is not None and abs(g - w) < 5e-4 for g, w in zip(got, want))
            if not same:
                differ.append(name)
            print("%s as scored  aud %s  macro-F1 %s" % (
                "   " if same else "  *", "-" if want is None else "%.3f (en %.3f, zh %.3f)" % want[:3],
                "-" if want is None else "%.3f" % want[3]))
    pf = figures(pooled)
    print(line("pooled", pf))
    print("mean of sets: audience %.4f  macro-F1 %.4f" % (
        sum(f["audience"] for f in sets) / len(sets), sum(f["macro_f1"] for f in sets) / len(sets)))
    langs = by_lang(pooled)
    print("pooled: audience %.4f (en %.4f, zh %.4f)  macro-F1 %.4f (en %.4f, zh %.4f)" % (
        pf["audience"], pf["audience_en"], pf["audience_zh"], pf["macro_f1"], langs["en"], langs["zh"]))
    if as_scored:
        print("as scored: %s" % ("every set the same" if not differ else "differ: " + ", ".join(differ)))
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
