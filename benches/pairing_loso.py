#!/usr/bin/env python3
"""Pairing weights fitted on the judged sets, measured leave-one-set-out (docs/history.md › Pairing, session 28).

Input: one `eval-pairs --format json --dump-candidates 3000` file per judged set, each indexed over exactly
its own `corpus` (docs/history.md › Pairing, session 28, gives the loop). Every candidate carries the parts of its score
(`parts`: opposition, subject, focus, echo, specific) and the components the score does not use (words,
cross_lingual, frames_fired, subjects_missed, external_only, internal_only, years_apart, near_duplicate).

For each judged set, a logistic model is fitted on the other sets' candidates (the judge's `acceptable` as
positives; `related`, or every other candidate, as negatives; pointwise, or pairwise on the differences between
an acceptable and a negative candidate of the same external statement), and the set is scored by it: each
theme's judged external statements get partners by the same assignment `contrast` makes (each internal
statement once, the total score maximised; scipy's linear_sum_assignment over the dumped candidates). The
hand weights are scored the same way (their dumped `score`), and `eval-pairs`'s own count is printed beside
them, so the simulation can be checked against the real assignment.

Usage: python3 benches/pairing_loso.py DUMP_DIR   (needs numpy, scipy, scikit-learn)
"""
import json
import math
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.linear_model import LogisticRegression

SETS = ["pairs-dev", "pairs-holdout", "pairs-holdout2"] + [f"pairs-holdout{k}" for k in range(3, 15)]
RECENT = ["pairs-holdout12", "pairs-holdout13", "pairs-holdout14"]
BASE = ["opposition", "subject", "focus", "share", "echo_low", "nd"]
ALL = BASE + ["words", "cross", "frames", "missed", "ext_only", "int_only", "years"]
# (name, features, negatives, pointwise or pairwise, C): every variant of docs/history.md › Pairing, session 28.
VARIANTS = [
    ("score parts", BASE, "related", "point", 0.1),
    ("score parts", BASE, "related", "point", 1.0),
    ("score parts", BASE, "related", "pair", 0.1),
    ("score parts", BASE, "related", "pair", 1.0),
    ("score parts", BASE, "all", "point", 0.1),
    ("score parts", BASE, "all", "point", 1.0),
    ("score parts", BASE, "all", "pair", 0.1),
    ("score parts", BASE, "all", "pair", 1.0),
    ("every component", ALL, "related", "point", 0.1),
    ("every component", ALL, "related", "point", 1.0),
    ("every component", ALL, "related", "pair", 0.1),
    ("every component", ALL, "related", "pair", 1.0),
    ("every component", ALL, "all", "point", 0.1),
    ("every component", ALL, "all", "point", 1.0),
    ("every component", ALL, "all", "pair", 0.1),
    ("every component", ALL, "all", "pair", 1.0),
    ("every component + hand score", ALL + ["hand"], "related", "pair", 0.1),
    ("every component + hand score", ALL + ["hand"], "related", "pair", 1.0),
    ("hand score + subjects missed", ["hand", "missed"], "related", "pair", 0.1),
    ("hand score + subjects missed", ["hand", "missed"], "related", "pair", 1.0),
    ("hand score + external-only concepts", ["hand", "ext_only"], "related", "pair", 0.1),
    ("hand score + external-only concepts", ["hand", "ext_only"], "related", "pair", 1.0),
    ("hand score + internal-only concepts", ["hand", "int_only"], "related", "pair", 0.1),
    ("hand score + internal-only concepts", ["hand", "int_only"], "related", "pair", 1.0),
    ("hand score + the three subject components", ["hand", "missed", "ext_only", "int_only"], "related", "pair", 0.1),
    ("hand score + the three subject components", ["hand", "missed", "ext_only", "int_only"], "related", "pair", 1.0),
    ("hand score + words + cross-lingual", ["hand", "words", "cross"], "related", "pair", 0.1),
    ("hand score + words + cross-lingual", ["hand", "words", "cross"], "related", "pair", 1.0),
    ("hand score + years apart", ["hand", "years"], "related", "pair", 0.1),
    ("hand score + years apart", ["hand", "years"], "related", "pair", 1.0),
    ("hand score + frames fired", ["hand", "frames"], "related", "pair", 0.1),
    ("hand score + frames fired", ["hand", "frames"], "related", "pair", 1.0),
    ("log hand score + subjects missed + external-only", ["loghand", "missed", "ext_only"], "related", "pair", 0.1),
    ("log hand score + subjects missed + external-only", ["loghand", "missed", "ext_only"], "related", "pair", 1.0),
]


def features(c):
    p = c["parts"]
    return {
        "opposition": p["opposition"],
        "subject": p["subject"],
        "focus": p["focus"],
        "share": (p["specific"] - 1.0) / 0.25,
        "echo_low": 1.0 if p["echo"] < 1 else 0.0,
        "nd": 1.0 if p.get("near_duplicate") else 0.0,
        "words": p.get("words", 0.0),
        "cross": 1.0 if p.get("cross_lingual") else 0.0,
        "frames": min(p.get("frames_fired", 0), 4) / 4,
        "missed": p.get("subjects_missed", 0.0),
        "ext_only": p.get("external_only", 0.0),
        "int_only": p.get("internal_only", 0.0),
        "years": min(p.get("years_apart", 0.0), 10) / 10,
        "hand": c["score"],
        "loghand": math.log(max(c["score"], 1e-4)),
    }


def lists(d):
    """(theme, external, [(candidate id, features, verdict, hand score)]) per judged statement."""
    return [
        (l["theme"], l["external"], [(c["id"], features(c), c["verdict"], c["score"]) for c in l["candidates"]])
        for l in d.get("candidates", [])
    ]


def simulate(d, score):
    """Acceptable partners when each theme's judged statements are assigned by `score`."""
    by_theme = {}
    for th, ext, cs in lists(d):
        by_theme.setdefault(th, []).append(cs)
    acceptable = 0
    for rows in by_theme.values():
        ints = sorted({c[0] for cs in rows for c in cs})
        if not ints:
            continue
        at = {k: i for i, k in enumerate(ints)}
        m = np.zeros((len(rows), len(ints)))
        verdict = {}
        for r, cs in enumerate(rows):
            for c in cs:
                m[r, at[c[0]]] = max(score(c), 1e-9)
                verdict[(r, at[c[0]])] = c[2]
        for r, k in zip(*linear_sum_assignment(m, maximize=True)):
            if m[r, k] > 0 and verdict.get((r, k)) == "acceptable":
                acceptable += 1
    return acceptable


def fit(ds, names, keys, negs, kind, C):
    xs, ys, ws = [], [], []
    for n in names:
        for _, _, cs in lists(ds[n]):
            pos = [c for c in cs if c[2] == "acceptable"]
            neg = [c for c in cs if (c[2] == "related" if negs == "related" else c[2] != "acceptable")]
            if not pos or not neg:
                continue
            vec = lambda c: np.array([c[1][k] for k in keys])
            if kind == "point":
                for c in pos:
                    xs.append(vec(c)); ys.append(1); ws.append(1 / len(pos))
                for c in neg:
                    xs.append(vec(c)); ys.append(0); ws.append(1 / len(neg))
            else:
                w = 1.0 / (len(pos) * len(neg))
                for a in pos:
                    for b in neg:
                        d = vec(a) - vec(b)
                        xs += [d, -d]; ys += [1, 0]; ws += [w, w]
    model = LogisticRegression(C=C, max_iter=2000, fit_intercept=(kind == "point"))
    model.fit(np.array(xs), np.array(ys), sample_weight=np.array(ws))
    b = model.intercept_[0] if kind == "point" else 0.0
    return model.coef_[0], b


def main():
    dump = sys.argv[1]
    ds = {n: json.load(open(f"{dump}/{n}.json")) for n in SETS}
    judged = {n: len(ds[n]["items"]) for n in SETS}
    actual = {n: sum(1 for it in ds[n]["items"] if it["outcome"] == "acceptable") for n in SETS}
    hand = {n: simulate(ds[n], lambda c: c[3]) for n in SETS}
    total = lambda r, names=SETS: sum(r[n] for n in names)
    print("variant\tpooled\trecent three\t" + "\t".join(SETS))
    print(f"hand weights, eval-pairs\t{total(actual)}\t{total(actual, RECENT)}\t" + "\t".join(str(actual[n]) for n in SETS))
    print(f"hand weights, simulated\t{total(hand)}\t{total(hand, RECENT)}\t" + "\t".join(str(hand[n]) for n in SETS))
    for name, keys, negs, kind, C in VARIANTS:
        per, coefs = {}, []
        for n in SETS:
            coef, b = fit(ds, [m for m in SETS if m != n], keys, negs, kind, C)
            coefs.append(coef)
            per[n] = simulate(ds[n], lambda c: 1 / (1 + math.exp(-(b + sum(w * c[1][k] for w, k in zip(coef, keys))))))
        mean = ", ".join(f"{k} {w:+.2f}" for k, w in zip(keys, np.mean(coefs, axis=0)))
        print(f"{name}, negatives {negs}, {kind}wise, C {C}\t{total(per)}\t{total(per, RECENT)}\t"
              + "\t".join(str(per[n]) for n in SETS) + f"\tmean weights: {mean}", flush=True)
    print(f"judged\t{total(judged)}\t{total(judged, RECENT)}\t" + "\t".join(str(judged[n]) for n in SETS))


if __name__ == "__main__":
    main()
