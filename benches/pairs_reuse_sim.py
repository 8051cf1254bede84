#!/usr/bin/env python3
"""Capacity in the pairing assignment, simulated over candidate dumps (docs/rules.md › "The pairing round of
session 54 (pairs54)").

    benches/score_pairs.sh -s dev -d 3000 OUT            # the development half, with its candidates
    python3 benches/pairs_reuse_sim.py dev OUT
    benches/replay_pairs.sh -s sel -d 3000 OUT           # the replay's selection sets, with theirs
    python3 benches/pairs_reuse_sim.py sel OUT

Each variant replays the assignment `contrast` makes over the dumped scores (scipy's linear_sum_assignment per set
and theme), with each internal statement in K copies: copy k (k = 0, 1, …) is its k-th further use and is worth
the pair's score less a cost. The costs simulated: none (`--reuse K`), a share of the score per further use
(`--reuse-cost c`: `s (1 - c)^k`), and a margin per further use (`--reuse-margin m`: `s - k m`; a second use is
taken only where it beats the external's next free partner by m), and the margin raised per table until the
table's distinct-partner ratio reaches a floor (`--distinct-floor F`: the smallest margin on `pair::FLOOR_MARGINS`
that meets it). Printed: judged externals with an acceptable partner (all, English, Chinese), the pairs' distinct
ratio per theme (partners over pairs, tables pooled) and the tables below 0.80. Only ever run it on the development
half or the selection sets: the check half and the confirmation sets are not dumped.
(needs numpy and scipy)
"""
import glob
import os
import sys
import tempfile

import numpy as np
from scipy.optimize import linear_sum_assignment

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pair_weights_fit as F  # noqa: E402
from pairs_corpus import statement_langs  # noqa: E402

# The margins the floor tries, in order (src/pair.rs, FLOOR_MARGINS).
FLOOR_MARGINS = [0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 1.0]


def load(kind, out):
    lang = statement_langs()
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "sel":
            dumps = sorted(glob.glob(os.path.join(out, "*", "dump.json")))
            names = ["pairs-holdout%s" % os.path.basename(os.path.dirname(p)) for p in dumps]
        else:
            dumps = [p for p in sorted(glob.glob(os.path.join(out, "eval", "*.json")))]
            names = [os.path.basename(p)[:-5] for p in dumps]
        for p, n in zip(dumps, names):
            os.symlink(os.path.abspath(p), os.path.join(tmp, n + ".json"))
        return F.Data(tmp, lang)


def assign_group(m, acc, k_copies, worth):
    """One table: `m` rows × internal columns (0 = no edge); returns (rows, internal columns) paired."""
    n_r, n_c = m.shape
    big = np.zeros((n_r, n_c * k_copies))
    for k in range(k_copies):
        w = np.where(m > 0, worth(m, k), 0.0)
        big[:, k * n_c:(k + 1) * n_c] = np.maximum(w, 1e-12)
    r, c = linear_sum_assignment(big, maximize=True)
    ok = big[r, c] > 1e-9
    return r[ok], (c[ok] % n_c)


def run(d, k_copies, worth, floor=None):
    got = np.zeros(d.n_ext, bool)
    tables = {}
    s = d.score
    for si, idx, rows, cols, ex, acc in d.groups:
        m = np.zeros(acc.shape)
        m[rows, cols] = np.maximum(s[idx], 1e-9)
        theme = d.theme[idx[0]]
        if floor is None:
            r, c = assign_group(m, acc, k_copies, worth)
        else:
            for margin in FLOOR_MARGINS:
                r, c = assign_group(m, acc, k_copies, lambda x, k, mg=margin: x - k * mg)
                if len(r) == 0 or len(set(c.tolist())) / len(r) >= floor:
                    break
        got[ex[r]] = acc[r, c]
        t = tables.setdefault(theme, [])
        t.append((len(r), len(set(c.tolist()))))
    return got, tables


def show(d, label, res):
    got, tables = res
    en = d.ext_en
    per = []
    low = 0
    for theme in sorted(tables):
        p = sum(x[0] for x in tables[theme])
        q = sum(x[1] for x in tables[theme])
        low += sum(1 for x in tables[theme] if x[0] and x[1] / x[0] < 0.8)
        per.append("%s %.3f" % (theme[:5], q / p if p else 1.0))
    pairs = sum(x[0] for t in tables.values() for x in t)
    dist = sum(x[1] for t in tables.values() for x in t)
    print("%-36s %4d  en %4d  zh %4d  distinct %4d/%4d (%.3f)  tables<0.80 %2d  %s" % (
        label, got.sum(), got[en].sum(), got[~en].sum(), dist, pairs, dist / max(pairs, 1), low, ", ".join(per)))


def main(argv):
    kind, out = argv[0], argv[1]
    os.chdir(os.path.dirname(HERE))
    d = load(kind, out)
    print("%s: %d sets, %d judged externals with candidates" % (kind, len(d.sets), d.n_ext))
    show(d, "reuse 1 (shipped)", run(d, 1, lambda x, k: x))
    for kc in (2, 3):
        show(d, "reuse %d" % kc, run(d, kc, lambda x, k: x))
        for c in (0.05, 0.1, 0.2, 0.5):
            show(d, "reuse %d, cost %.2f" % (kc, c), run(d, kc, lambda x, k, c=c: x * (1 - c) ** k))
        for mg in (0.01, 0.02, 0.05, 0.1, 0.2):
            show(d, "reuse %d, margin %.2f" % (kc, mg), run(d, kc, lambda x, k, mg=mg: x - k * mg))
        for fl in (0.8, 0.85, 0.9):
            show(d, "reuse %d, distinct floor %.2f" % (kc, fl), run(d, kc, None, floor=fl))


if __name__ == "__main__":
    main(sys.argv[1:])
