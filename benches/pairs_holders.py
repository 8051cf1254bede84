#!/usr/bin/env python3
"""Which holder of the home stance the judge prefers: measured over dumped candidates (session 53).

    benches/score_pairs.sh -s dev -d 3000 OUT          # the development half, every candidate dumped
    python3 benches/pairs_holders.py dev OUT
    benches/replay_pairs.sh -s sel -d 3000 OUT         # the replay's selection sets
    python3 benches/pairs_holders.py sel OUT

(1) The features table. For each judged external statement of the development side (odd sets, pairs-dev and
pairs-holdout; a replay's dumps are its selection sets) whose miss is `ranked_below` and whose first acceptable
candidate shares a fired frame with the chosen partner, the acceptable candidate against the chosen one; for each
hit, the chosen (acceptable) partner against the best other candidate sharing a frame with it. Per feature, how
often the acceptable one has the higher and the lower value, over all themes and per theme. A feature that could
become a score component must point the acceptable way on the misses without pointing the other way on the hits.
(2) Variants simulated over the dumps with the assignment (benches/pair_weights_fit.py's `Data`, which checks that
the shipped formula gives back the dumped scores): a term-density factor `× (1 + b × min(density, cap) / cap)` in
every theme and in indigenization alone, a theme's own opposition weight, a theme's own same-subject bonus, and the
score without its clamp at 1. docs/rules.md › "The pairing round of session 53" has the figures. Never run it on the
check half: `dev` reads only the odd sets of a score_pairs.sh folder. (needs numpy and scipy)
"""
import glob
import json
import os
import re
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pair_weights_fit as F  # noqa: E402
from pairs_corpus import statement_langs  # noqa: E402

THEMES = ["ambition", "indigenization", "military-civil-fusion", "security", "standards"]


def half(name):
    if name in ("pairs-dev", "pairs-holdout"):
        return "top-dev"
    if name == "pairs-holdout2":
        return "top-check"
    return "dev" if int(name[len("pairs-holdout"):].rstrip("b")) % 2 else "check"


def dumps(mode, out, tmp):
    """Symlink the dumps to read into tmp as NAME.json (the development side only) and give the items' causes."""
    causes = {}
    if mode == "dev":
        for f in glob.glob(os.path.join(out, "eval", "*.json")):
            n = os.path.basename(f)[:-5]
            if half(n).endswith("check"):
                continue
            os.symlink(os.path.abspath(f), os.path.join(tmp, n + ".json"))
    else:
        for f in glob.glob(os.path.join(out, "*", "dump.json")):
            os.symlink(os.path.abspath(f), os.path.join(tmp, "pairs-holdout%s.json" % os.path.basename(os.path.dirname(f))))
    for f in glob.glob(os.path.join(tmp, "*.json")):
        for it in json.load(open(f, encoding="utf-8"))["items"]:
            causes[it["external"]] = it.get("cause")
    return causes


def texts_of(out):
    texts = {}
    files = glob.glob("fixtures/*.jsonl") + glob.glob("fixtures/held-out/*.jsonl") + \
        glob.glob(os.path.join(out, "*", "fixtures", "**", "*.jsonl"), recursive=True)
    for f in files:
        for line in open(f, encoding="utf-8"):
            try:
                o = json.loads(line)
            except json.JSONDecodeError:
                continue
            if "id" in o and o["id"] not in texts:
                texts[o["id"]] = o.get("text", "")
    return texts


def internal_terms(c):
    return {t.lower() for r in c["reasons"] if r["kind"] == "frame" for t in r["internal_terms"]}


def density(c, texts):
    """Occurrences of the fired frames' internal terms per 100 characters (Chinese) or 100 / 3 characters of English
    (about a Chinese character's content): how much of the statement is the stance."""
    t = texts.get(c["id"], "").lower()
    n = len(t) if c["lang"] == "zh" else len(t) / 3.0
    return sum(t.count(x) for x in internal_terms(c)) / max(n, 1.0) * 100


FEATURES = {
    "score": lambda c, T: c["score"],
    "opposition": lambda c, T: c["parts"]["opposition"],
    "frames fired": lambda c, T: c["parts"]["frames_fired"],
    "distinct internal terms": lambda c, T: len(internal_terms(c)),
    "term density": density,
    "shorter (content words)": lambda c, T: -c["raw"]["length"],
    "concept cosine (subject)": lambda c, T: c["parts"]["subject"],
    "same-subject factor": lambda c, T: c["parts"]["specific"],
    "fewer of its concepts unshared": lambda c, T: -c["parts"]["internal_only"],
    "Chinese": lambda c, T: float(c["lang"] == "zh"),
}


def table(tmp, causes, texts):
    rows = []
    for f in sorted(glob.glob(os.path.join(tmp, "*.json"))):
        for it in json.load(open(f, encoding="utf-8")).get("candidates", []):
            cs = it["candidates"]
            chosen = next((c for c in cs if c["id"] == it["partner"]), None)
            if chosen is None:
                continue
            if it["outcome"] == "acceptable":
                other = next((c for c in cs if c["verdict"] != "acceptable" and set(c["frames"]) & set(chosen["frames"])), None)
                if other is not None:
                    rows.append(("hits", it["theme"], chosen, other))
            elif causes.get(it["external"]) == "ranked_below":
                acc = next((c for c in cs if c["verdict"] == "acceptable"), None)
                if acc is not None and set(acc["frames"]) & set(chosen["frames"]):
                    rows.append(("misses", it["theme"], acc, chosen))
    for kind in ("misses", "hits"):
        sel = [r for r in rows if r[0] == kind]
        print("\n%s: the acceptable candidate against %s (%d), acceptable higher / lower" % (
            kind, "the chosen partner" if kind == "misses" else "the best other sharing a frame", len(sel)))
        print("%-32s %9s" % ("feature", "all") + "".join(" %9s" % t[:9] for t in THEMES))
        for name, fn in FEATURES.items():
            cells = []
            for th in [None] + THEMES:
                hi = lo = 0
                for _, t, a, b in sel:
                    if th is not None and t != th:
                        continue
                    va, vb = fn(a, texts), fn(b, texts)
                    hi += va > vb + 1e-9
                    lo += vb > va + 1e-9
                cells.append("%4d/%-4d" % (hi, lo))
            print("%-32s " % name + " ".join(cells))


def simulate(tmp, texts):
    d = F.Data(tmp, statement_langs())
    w0 = F.read_weights("rules/pair-weights.toml")
    off = float(np.abs(d.scores(w0) - d.score).max())
    print("\n%d sets, %d judged externals with candidates; largest |recomputed - dumped| %.1e" % (len(d.sets), d.n_ext, off))
    if off > 1e-4:
        sys.exit("the dumps were not made with rules/pair-weights.toml, or with too few candidates (-d 3000)")
    dens = []
    for name in d.sets:
        for item in json.load(open(os.path.join(tmp, name + ".json"), encoding="utf-8")).get("candidates", []):
            dens += [density(c, texts) for c in item["candidates"]]
    dens = np.array(dens)
    ext_theme = np.array([""] * d.n_ext, dtype=object)
    ext_theme[d.ext] = d.theme

    def score(w, clamp=True, opp_by=None, bonus_by=None):
        a = d.fw * d.ft * np.where(d.fc, w["crossed_stance_factor"], 1.0) * np.where(d.fb, w["broad_factor"], 1.0)
        opp = (1 - np.prod(1 - a, axis=1)) * np.where(d.echoed, w["echo_factor"], 1.0)
        ow = np.full(len(d.theme), w["opposition_weight"])
        sb = np.full(len(d.theme), w["subject_bonus"])
        focus = np.full(len(d.theme), w["focus_penalty"])
        for t, v in (opp_by or {}).items():
            ow[d.theme == t] = v
        for t, v in (bonus_by or {}).items():
            sb[d.theme == t] = v
        for t, v in w.get("focus_penalty_by_theme", {}).items():
            focus[d.theme == t] = v
        spec = np.where(d.counted, 1 + sb * np.clip(d.named + w["target_credit"] * d.targeted, 0, 1), 1.0)
        s = (ow * opp + (1 - ow) * d.subject) * (1 - focus * d.length) * spec \
            * np.where(d.zh, 1 + w["domestic_language_bonus"], 1.0)
        s = np.where(d.dup, s * 0.2, s)
        if clamp:
            s = np.clip(s, 0, 1)
        return s * (1 - w["subjects_missed_penalty"] * d.dmiss)

    def report(label, s):
        ok = d.assigned(s)
        per = " ".join("%s %d" % (t[:5], ok[ext_theme == t].sum()) for t in THEMES)
        print("%-46s %4d  English %4d  Chinese %4d   %s" % (label, ok.sum(), ok[d.ext_en].sum(), ok[~d.ext_en].sum(), per),
              flush=True)

    s0 = score(w0)
    report("shipped score", s0)
    report("no clamp at 1", score(w0, clamp=False))
    for th in (None, "indigenization"):
        m = np.ones(len(s0), bool) if th is None else d.theme == th
        for cap in (2.0, 4.0, 8.0):
            for b in (0.1, 0.2, 0.3):
                s = np.where(m, s0 * (1 + b * np.minimum(dens, cap) / cap), s0)
                report("term density, %s, cap %g, b %.1f" % (th or "every theme", cap, b), s)
    for t in THEMES:
        for v in (0.9, 1.0):
            report("%s: opposition weight %.1f" % (t, v), score(w0, opp_by={t: v}))
        for v in (0.5, 0.25, 0.0):
            report("%s: same-subject bonus %.2f" % (t, v), score(w0, bonus_by={t: v}))


def main(argv):
    if len(argv) != 2 or argv[0] not in ("dev", "sel"):
        sys.exit(__doc__)
    mode, out = argv[0], os.path.abspath(argv[1])
    os.chdir(os.path.dirname(HERE))
    texts = texts_of(out)
    with tempfile.TemporaryDirectory() as tmp:
        causes = dumps(mode, out, tmp)
        table(tmp, causes, texts)
        simulate(tmp, texts)


if __name__ == "__main__":
    main(sys.argv[1:])
