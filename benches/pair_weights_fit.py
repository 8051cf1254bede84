#!/usr/bin/env python3
"""Refits the pairing scorer's weights (rules/pair-weights.toml) to the judged pairing sets, leave one set out.

Input: one `eval-pairs GOLD --format json --dump-candidates 3000` file per judged set, each set indexed over
exactly its own `corpus` (benches/pair_weights.sh makes them). Every dumped candidate carries `raw` (pair::RawParts:
the fired frames' weights, terms, crossed and broad-unanswered flags, the echo, the shares of the external
statement's specific subjects named and targeted, the length share) besides `parts` (subject, subjects_missed), so
its score can be recomputed under any weights without scoring again; the recomputed score under the weights
the dump was made with is checked against the dumped one.

The fit: coordinate ascent over a grid of each weight, from the weights given (the current file), maximising the
number of judged external statements whose partner is acceptable after the assignment `contrast` makes (each
theme's judged external statements, each internal statement once, the total score maximised: scipy's
linear_sum_assignment over the dumped candidates). A move is taken only when it strictly gains. Leave one set out:
for each set the weights are fitted on the other sets and the set is scored with them (out of fold); then one fit
on every set gives the file to ship (in sample). The ranking proxy (is each external statement's top-scored
candidate acceptable, before the assignment) is printed beside; fitted to the proxy instead, the weights raise the
proxy and lower the real figure (README › Pairing, session 38), so the assignment is the objective.

Writes OUT/pair-weights.toml (the fit on all sets) and OUT/fold/NAME.toml (each set's out-of-fold weights), each a
complete [pair_weights] table; benches/pair_weights.sh then measures them with eval-pairs itself.

Usage: python3 benches/pair_weights_fit.py DUMP_DIR OUT_DIR [--made-with rules/pair-weights.toml] [--from FILE]
       [--fixtures DIR]
(--made-with: the weights the dumps were scored with, checked; --from: where the ascent starts, by default the same.
Session 38's fit started from the hand-set values: `--from` a [pair_weights] file with the defaults of docs/rules.md.)
(needs numpy and scipy)
"""
import argparse
import glob
import json
import os
import re
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment

NAMES = ["opposition_weight", "crossed_stance_factor", "echo_factor", "broad_factor", "subject_bonus",
         "target_credit", "domestic_language_bonus", "subjects_missed_penalty", "focus_penalty"]
GRID = {
    "opposition_weight": [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0],
    "crossed_stance_factor": [0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    "echo_factor": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1.0],
    "broad_factor": [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0],
    "subject_bonus": [0.0, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75],
    "target_credit": [0.0, 0.25, 0.5, 0.75, 1.0],
    "domestic_language_bonus": [0.0, 0.02, 0.05, 0.08, 0.1, 0.15],
    "subjects_missed_penalty": [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    "focus_penalty": [0.0, 0.1, 0.2, 0.3, 0.4],
}
KF = 8  # fired frames kept per candidate (more never fire on one pair)
# The hub bonus's keys (session 58): optional (absent = 0 = off), kept as they are by the fit and applied before the
# assignment as pair::hub_factors applies them.
HUB = ["hub_fraction", "hub_bonus"]


def read_weights(path):
    """The nine weights of a [pair_weights] file, and its [pair_weights.focus_penalty_by_theme] table (theme to
    focus penalty, kept as it is: the fit does not move it) under the key "focus_penalty_by_theme"."""
    w, by_theme, table = {}, {}, None
    for line in open(path, encoding="utf-8"):
        t = re.match(r"^\s*\[([\w.]+)\]\s*$", line)
        if t:
            table = t.group(1)
            continue
        m = re.match(r"^\s*([\w-]+)\s*=\s*([0-9.]+)\s*$", line)
        if not m:
            continue
        if table == "pair_weights.focus_penalty_by_theme":
            by_theme[m.group(1)] = float(m.group(2))
        elif m.group(1) in NAMES or m.group(1) in HUB:
            w[m.group(1)] = float(m.group(2))
    missing = [k for k in NAMES if k not in w]
    if missing:
        sys.exit(f"{path}: no {', '.join(missing)}")
    w["focus_penalty_by_theme"] = by_theme
    return w


def write_weights(path, w, comment):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(f"# {c}\n" for c in comment.splitlines()))
        f.write("[pair_weights]\n")
        for k in NAMES:
            f.write(f"{k} = {w[k]:g}\n")
        for k in HUB:
            if w.get(k):
                f.write(f"{k} = {w[k]:g}\n")
        if w.get("focus_penalty_by_theme"):
            f.write("\n[pair_weights.focus_penalty_by_theme]\n")
            for t, v in sorted(w["focus_penalty_by_theme"].items()):
                f.write(f"{t} = {v:g}\n")


def lang_of(text):
    return "zh" if 2 * len(re.findall(r"[\u4e00-\u9fff]", text)) > len(re.findall(r"[A-Za-z]", text)) else "en"


def set_order(name):
    s = name.replace("pairs-holdout", "")
    if name == "pairs-dev":
        return -1.0
    if s == "":
        return 0.0
    return int(s.rstrip("bc")) + (0.5 if s[-1:] in "bc" else 0.0)


class Data:
    """Every dumped candidate of every set, as arrays."""

    def __init__(self, dump_dir, lang):
        self.sets = sorted((os.path.basename(p)[:-5] for p in glob.glob(f"{dump_dir}/*.json")), key=set_order)
        cols = {k: [] for k in ["set", "ext", "theme", "cid", "acc", "counted", "named", "targeted", "echoed",
                                "subject", "length", "zh", "dmiss", "dup", "score"]}
        fw, ft, fc, fb = [], [], [], []
        self.ext_set, self.ext_en = [], []
        for si, name in enumerate(self.sets):
            d = json.load(open(f"{dump_dir}/{name}.json", encoding="utf-8"))
            for item in d.get("candidates", []):
                cands = item["candidates"]
                ei = len(self.ext_set)
                self.ext_set.append(si)
                self.ext_en.append(lang.get(item["external"]) == "en")
                framed = [c["parts"]["subjects_missed"] for c in cands if c["parts"]["opposition"] > 0]
                least = min(framed) if framed else min([c["parts"]["subjects_missed"] for c in cands] or [0.0])
                for c in cands:
                    p, r = c["parts"], c.get("raw")
                    if r is None:
                        sys.exit(f"{name}: a candidate without `raw` (dump made by an older twovoices)")
                    cols["set"].append(si); cols["ext"].append(ei); cols["theme"].append(item["theme"])
                    cols["cid"].append(c["id"]); cols["acc"].append(c["verdict"] == "acceptable")
                    cols["counted"].append(r["subject_counted"]); cols["named"].append(r["subject_named"])
                    cols["targeted"].append(r["subject_targeted"]); cols["echoed"].append(r["echoed"])
                    cols["subject"].append(p["subject"]); cols["length"].append(r["length"])
                    cols["zh"].append(c["lang"] == "zh"); cols["dup"].append(bool(p.get("near_duplicate")))
                    cols["dmiss"].append(min(max(p["subjects_missed"] - least, 0.0), 1.0))
                    cols["score"].append(c["score"])
                    fr = [(f["weight"], f["terms"], f["crossed"], f["broad_unanswered"]) for f in r["frames"]][:KF]
                    fr += [(0.0, 0.0, False, False)] * (KF - len(fr))
                    fw.append([x[0] for x in fr]); ft.append([x[1] for x in fr])
                    fc.append([x[2] for x in fr]); fb.append([x[3] for x in fr])
        for k, v in cols.items():
            setattr(self, k, np.array(v))
        self.fw, self.ft = np.array(fw, dtype=float), np.array(ft, dtype=float)
        self.fc, self.fb = np.array(fc, dtype=bool), np.array(fb, dtype=bool)
        self.ext_set, self.ext_en = np.array(self.ext_set), np.array(self.ext_en, dtype=bool)
        self.n_ext = len(self.ext_set)
        self.starts = np.r_[0, np.flatnonzero(np.diff(self.ext)) + 1] if len(self.ext) else np.array([], int)
        groups = {}
        for i in range(len(self.set)):
            groups.setdefault((self.set[i], self.theme[i]), []).append(i)
        self.groups = []
        for (si, _), idx in groups.items():
            idx = np.array(idx)
            ex = sorted(set(self.ext[idx].tolist())); ints = sorted(set(self.cid[idx].tolist()))
            er = {e: r for r, e in enumerate(ex)}; ic = {c: k for k, c in enumerate(ints)}
            rows = np.array([er[e] for e in self.ext[idx]]); cols_ = np.array([ic[c] for c in self.cid[idx]])
            acc = np.zeros((len(ex), len(ints)), bool); acc[rows, cols_] = self.acc[idx]
            self.groups.append((si, idx, rows, cols_, np.array(ex), acc))

    def scores(self, w, hub=True):
        """pair::RawParts' formula (src/pair.rs), then the hub bonus when `w` turns it on and `hub` is true (the
        dumped scores are before it: pass hub=False to compare with them)."""
        a = self.fw * self.ft * np.where(self.fc, w["crossed_stance_factor"], 1.0) \
            * np.where(self.fb, w["broad_factor"], 1.0)
        opp = (1 - np.prod(1 - a, axis=1)) * np.where(self.echoed, w["echo_factor"], 1.0)
        spec = np.where(self.counted,
                        1 + w["subject_bonus"] * np.clip(self.named + w["target_credit"] * self.targeted, 0, 1), 1.0)
        focus = np.full(len(self.theme), w["focus_penalty"])
        for t, v in w.get("focus_penalty_by_theme", {}).items():
            focus[self.theme == t] = v
        s = (w["opposition_weight"] * opp + (1 - w["opposition_weight"]) * self.subject) \
            * (1 - focus * self.length) * spec * np.where(self.zh, 1 + w["domestic_language_bonus"], 1.0)
        s = np.where(self.dup, s * 0.2, s)
        s = np.clip(s, 0, 1) * (1 - w["subjects_missed_penalty"] * self.dmiss)
        return self.hubbed(s, w) if hub else s

    def hubbed(self, s, w):
        """pair::hub_factors: each candidate's share of its group's externals (set, theme) that it meets within
        `hub_fraction` of their best score, as the factor 1 + hub_bonus x share (capped at 1); s when off."""
        f, k = w.get("hub_fraction", 0.0), w.get("hub_bonus", 0.0)
        if f <= 0 or k <= 0 or not len(s):
            return s
        ends = np.r_[self.starts[1:], len(s)]
        near, share = np.zeros(len(s), bool), np.zeros(len(s))
        for st, en in zip(self.starts, ends):
            near[st:en] = (s[st:en] > 0) & (s[st:en] >= f * s[st:en].max())
        for _, idx, _rows, cols, ex, _acc in self.groups:
            cnt = np.bincount(cols, weights=near[idx].astype(float), minlength=cols.max() + 1)
            share[idx] = cnt[cols] / max(len(ex), 1)
        return np.minimum(s * (1 + k * share), 1.0)

    def assigned(self, s):
        """Per external statement: is the partner the assignment gives it acceptable."""
        got = np.zeros(self.n_ext, bool)
        for _, idx, rows, cols, ex, acc in self.groups:
            m = np.zeros(acc.shape); m[rows, cols] = np.maximum(s[idx], 1e-9)
            r, k = linear_sum_assignment(m, maximize=True)
            ok = m[r, k] > 1e-8
            got[ex[r[ok]]] = acc[r[ok], k[ok]]
        return got

    def proxy(self, s):
        """Per external statement: is its top-scored candidate acceptable (before the assignment)."""
        top = np.zeros(self.n_ext, bool)
        ends = np.r_[self.starts[1:], len(s)]
        for st, en in zip(self.starts, ends):
            top[self.ext[st]] = self.acc[st + int(np.argmax(s[st:en]))]
        return top

    def per_set(self, ok):
        return np.bincount(self.ext_set, weights=ok.astype(float), minlength=len(self.sets)).astype(int)


def fit(data, mask, start, passes=3):
    w = dict(start)
    cur = data.assigned(data.scores(w))[mask].sum()
    for _ in range(passes):
        moved = False
        for k in NAMES:
            best, best_v = cur, w[k]
            for v in GRID[k]:
                if v == w[k]:
                    continue
                t = dict(w); t[k] = v
                got = data.assigned(data.scores(t))[mask].sum()
                if got > best:
                    best, best_v = got, v
            if best_v != w[k]:
                w[k], cur, moved = best_v, best, True
        if not moved:
            break
    return w, int(cur)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump_dir"); ap.add_argument("out_dir")
    ap.add_argument("--made-with", default="rules/pair-weights.toml",
                    help="the weights the dumps were made with (checked against the dumped scores)")
    ap.add_argument("--from", dest="start", default=None, help="the start of the fit (default: --made-with)")
    ap.add_argument("--fixtures", default="fixtures")
    a = ap.parse_args()
    lang = {}
    for f in glob.glob(f"{a.fixtures}/*.jsonl") + glob.glob(f"{a.fixtures}/held-out/*.jsonl"):
        for line in open(f, encoding="utf-8"):
            try:
                d = json.loads(line)
            except ValueError:
                continue
            lang[d.get("id")] = lang_of(d.get("text", ""))
    made = read_weights(a.made_with)
    start = read_weights(a.start or a.made_with)
    data = Data(a.dump_dir, lang)
    off = float(np.abs(data.scores(made, hub=False) - data.score).max()) if len(data.score) else 0.0
    s0 = data.scores(start)
    print(f"{len(data.sets)} sets, {data.n_ext} judged external statements with candidates, {len(s0)} candidates; "
          f"largest |recomputed - dumped| score {off:.2e}")
    if off > 1e-4:
        sys.exit("the dumps were not made with the --made-with weights")
    folds = {}
    oof = np.zeros(data.n_ext, bool)
    for si, name in enumerate(data.sets):
        w, _ = fit(data, data.ext_set != si, start)
        folds[name] = w
        oof[data.ext_set == si] = data.assigned(data.scores(w))[data.ext_set == si]
        changed = {k: w[k] for k in NAMES if w[k] != start[k]}
        print(f"fold {name:18s} {changed}", flush=True)
        write_weights(f"{a.out_dir}/fold/{name}.toml", w, f"Fitted without {name} (benches/pair_weights_fit.py).")
    wall, _ = fit(data, np.ones(data.n_ext, bool), start)
    write_weights(f"{a.out_dir}/pair-weights.toml", wall, "Fitted on every judged set (benches/pair_weights_fit.py).")
    base, ins = data.assigned(s0), data.assigned(data.scores(wall))
    p0, pa = data.proxy(s0), data.proxy(data.scores(wall))
    print("all sets:", {k: wall[k] for k in NAMES})
    print("simulated P@1 (after the assignment) / proxy (top candidate) / English externals after the assignment:")
    print(f"  start weights  {base.sum():5d} / {p0.sum():5d} / {base[data.ext_en].sum():4d}")
    print(f"  out of fold    {oof.sum():5d} /     - / {oof[data.ext_en].sum():4d}")
    print(f"  in sample      {ins.sum():5d} / {pa.sum():5d} / {ins[data.ext_en].sum():4d}")
    for name, x, y, z in zip(data.sets, data.per_set(base), data.per_set(oof), data.per_set(ins)):
        print(f"  {name:18s} start {x:3d}  out of fold {y:3d}  in sample {z:3d}")


if __name__ == "__main__":
    main()
