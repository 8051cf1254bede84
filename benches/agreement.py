#!/usr/bin/env python3
"""Agreement between the gold labels of a blind set and a second annotator, and between a judged pairing set and a
second judge (README > Accuracy > "How far the labels agree"). Reads only fixture files; needs no build.

  python3 benches/agreement.py labels fixtures/held-out/blind21.jsonl fixtures/held-out/agreement/blind21-annotator2.jsonl [CLASSIFY.jsonl]
  python3 benches/agreement.py pairs fixtures/held-out/pairs-holdout18.json fixtures/held-out/agreement/pairs18-judge2.jsonl
  python3 benches/agreement.py ratings fixtures/held-out/agreement/pairs48-ratings61.jsonl [MORE.jsonl ...]
  python3 benches/agreement.py lists fixtures/held-out/pairs-holdout48.json fixtures/held-out/agreement/pairs48-judge2.json

`ratings` (session 61; two raters per pair and their agreement from session 62): pairs rated one by one (2 a genuine contradiction, 1 related, 0 wrong) by raters who did not
know where a pair came from; the share rated 2 per source (`sampled_all`: the tool's pick, the gold judge's acceptable
partners, the second judge's first choice, a random gold-related statement). `lists`: a second judge's own ranked
acceptable lists against the gold judge's (first choice inside gold's acceptable list, any overlap, mean Jaccard).

CLASSIFY.jsonl (optional): `twovoices classify GOLD --format jsonl` output, scored against the same gold and against
the annotator, and split by whether gold and annotator agree.
"""
import collections
import json
import sys

THEMES = ["ambition", "indigenization", "security", "standards", "military-civil-fusion"]


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def kappa(pairs):
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    ca = collections.Counter(a for a, _ in pairs)
    cb = collections.Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def f1(gold, pred, theme):
    tp = sum(theme in g and theme in p for g, p in zip(gold, pred))
    fp = sum(theme not in g and theme in p for g, p in zip(gold, pred))
    fn = sum(theme in g and theme not in p for g, p in zip(gold, pred))
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def describe(name, ids, lang, gold, other):
    aud = [(gold[i][0], other[i][0]) for i in ids]
    right = {l: sum(g == o for (g, o), i in zip(aud, ids) if lang[i] == l) for l in ("en", "zh")}
    total = {l: sum(lang[i] == l for i in ids) for l in ("en", "zh")}
    f1s = {t: f1([gold[i][1] for i in ids], [other[i][1] for i in ids], t) for t in THEMES}
    traps = [i for i in ids if not gold[i][1]]
    kept = sum(not other[i][1] for i in traps)
    print(f"{name}: audience {sum(g == o for g, o in aud) / len(ids):.3f} (en {right['en']}/{total['en']}, "
          f"zh {right['zh']}/{total['zh']}; kappa {kappa(aud):.2f}); theme macro-F1 {sum(f1s.values()) / 5:.3f}; "
          f"traps with no theme {kept}/{len(traps)}")
    print("   F1 " + ", ".join(f"{t} {v:.2f}" for t, v in f1s.items()))
    print("   kappa " + ", ".join(f"{t} {kappa([(t in gold[i][1], t in other[i][1]) for i in ids]):.2f}" for t in THEMES))


def labels(gold_path, second_path, classify_path=None):
    gold_rows = {d["id"]: d for d in rows(gold_path)}
    gold = {i: (d["gold"]["audience"], set(d["gold"]["themes"])) for i, d in gold_rows.items()}
    lang = {i: d["lang"] for i, d in gold_rows.items()}
    second = {d["id"]: (d["audience"], set(d["themes"])) for d in rows(second_path)}
    ids = sorted(set(gold) & set(second))
    print(f"{len(ids)} statements labelled by both")
    describe("second annotator against gold", ids, lang, gold, second)
    if classify_path:
        tool = {}
        for d in rows(classify_path):
            c = d.get("classification", d)
            tool[d["id"]] = (c["audience"], set(c["themes"]))
        describe("twovoices against gold", ids, lang, gold, tool)
        describe("twovoices against the second annotator", ids, lang, second, tool)
        split = collections.Counter(
            ("gold and annotator agree" if gold[i][0] == second[i][0] else "gold and annotator differ",
             "twovoices = gold" if tool[i][0] == gold[i][0] else "twovoices != gold")
            for i in ids)
        print("   audience: " + "; ".join(f"{a}, {b}: {n}" for (a, b), n in sorted(split.items())))


def pairs(gold_path, judge_path):
    judged = {j["external"]: j for j in json.load(open(gold_path, encoding="utf-8"))["judged"]}
    groups = collections.defaultdict(lambda: [0, 0])
    for d in rows(judge_path):
        j = judged[d["external"]]
        in_gold = "gold-acceptable" if d["candidate"] in j["acceptable"] else "gold-related"
        kind = f"{in_gold}, the tool's pick" if d["sampled_as"] == "tool" else f"{in_gold}, sampled"
        groups[kind][0] += d["accept"] == "yes"
        groups[kind][1] += 1
    agree = 0
    total = 0
    for kind, (yes, n) in sorted(groups.items()):
        print(f"{kind}: second judge accepts {yes}/{n} ({yes / n:.2f})")
        total += n
        agree += yes if kind.startswith("gold-acceptable") else n - yes
    print(f"agreement with gold on all {total} pairs: {agree}/{total} ({agree / total:.2f})")


def ratings(paths):
    by = collections.defaultdict(collections.Counter)
    for path in paths:
        for d in rows(path):
            for source in d["sampled_all"]:
                by[source][d["rating"]] += 1
    for source, c in sorted(by.items()):
        n = sum(c.values())
        print(f"{source}: {n} pairs, rated 2 {c[2]} ({c[2] / n:.2f}), 1 {c[1]}, 0 {c[0]}")
    # Where two raters rated the same pair (session 62 on): how far they agree, exactly and on "2 or not".
    by_pair = collections.defaultdict(dict)
    for path in paths:
        for d in rows(path):
            by_pair[(d["external"], d["candidate"])][d["rater"]] = d["rating"]
    twice = [list(r.values())[:2] for r in by_pair.values() if len(r) >= 2]
    if twice:
        exact = sum(a == b for a, b in twice)
        print(f"pairs rated by two raters: {len(twice)}; same rating {exact} ({exact / len(twice):.2f}); "
              f"kappa on 2-or-not {kappa([(a == 2, b == 2) for a, b in twice]):.3f}")


def lists(gold_path, judge2_path):
    judged = {j["external"]: j for j in json.load(open(gold_path, encoding="utf-8"))["judged"]}
    second = json.load(open(judge2_path, encoding="utf-8"))["judged"]
    first = overlap = 0
    jaccard = []
    for j2 in second:
        gold = set(judged[j2["external"]]["acceptable"])
        mine = set(j2["acceptable"])
        first += j2["acceptable"][0] in gold
        overlap += bool(gold & mine)
        jaccard.append(len(gold & mine) / len(gold | mine))
    n = len(second)
    print(f"second judge's first choice in gold's acceptable list: {first}/{n} ({first / n:.2f})")
    print(f"lists sharing at least one partner: {overlap}/{n}; mean Jaccard {sum(jaccard) / n:.3f}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "labels":
        labels(*sys.argv[2:5])
    elif len(sys.argv) == 4 and sys.argv[1] == "pairs":
        pairs(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "ratings":
        ratings(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "lists":
        lists(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
