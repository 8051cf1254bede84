#!/usr/bin/env python3
"""The stance of the internal candidate, measured over a replay's selection-set dumps (session 51, second part).

    benches/replay_pairs.sh -j 2 -s sel -d 3000 OUT
    python3 benches/replay_pairs_stances.py OUT [BIN]

For every set in OUT with a dump, the candidates' statements (and the external ones) are classified with that set's
own rules by BIN (default target/release/twovoices; `classify --format json`, the stances as the index stores them),
and each candidate gets four stance features the score does not use: the theme's home (internal) stances it takes,
all home stances, whether it takes in position words (not charge words alone) an external stance the external
statement takes (the same stance), and whether its outward stances in position words are at least as many as its
home ones. Then (1) the first acceptable and the first other candidate of each judged external are compared on
each feature (ranked-below misses and hits apart), and (2) score variants are simulated with the assignment
(benches/pair_weights_fit.py's Data; the score multiplied after its clamp, so a variant's figure can differ from the
binary's by a pair or two): the same stance × f, the outward voice × f, and `× (1 + b × min(stances − 1, K) / K)`
over a grid of b and K; and (3) the same-subject factor for an external naming more than two specific subjects.
Only ever run it on the selection (odd) sets: the confirmation sets are not dumped.
docs/rules.md › "The pairing round of session 51, second part" has the figures. (needs numpy and scipy)
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import tomllib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pair_weights_fit as F  # noqa: E402
from replay_pairs_sim import load_dumps  # noqa: E402


def classify(setdir, ids, binary):
    """Each id's stances, classified by `binary` with the set's own rules."""
    lines, left = [], set(ids)
    for f in glob.glob(os.path.join(setdir, "fixtures", "**", "*.jsonl"), recursive=True):
        for line in open(f, encoding="utf-8"):
            try:
                o = json.loads(line)
            except json.JSONDecodeError:
                continue
            if o.get("id") in left:
                lines.append(line.rstrip("\n") + "\n")
                left.discard(o["id"])
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as t:
        t.writelines(lines)
    try:
        out = subprocess.run([binary, "classify", "--rules", os.path.join(setdir, "rules"), "--format", "json",
                              t.name], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(t.name)
    return {x["id"]: x["classification"].get("stances", []) for x in json.loads(out)}


def main(argv):
    out = os.path.abspath(argv[0])
    binary = os.path.abspath(argv[1] if len(argv) > 1 else "target/release/twovoices")
    os.chdir(os.path.dirname(HERE))
    w0 = F.read_weights("rules/pair-weights.toml")
    d = load_dumps(out)
    base = d.scores(w0)
    print("%d sets, %d judged externals; largest |recomputed - dumped| %.1e" % (
        len(d.sets), d.n_ext, float(np.abs(base - d.score).max())))
    n = len(d.cid)
    feat = {k: np.zeros(n) for k in ["home_theme", "home_all", "same", "outward"]}
    k = 0
    pairs = []  # (first acceptable row, first other row, is a miss)
    for name in d.sets:
        setdir = os.path.join(out, name[len("pairs-holdout"):])
        dump = json.load(open(os.path.join(setdir, "dump.json"), encoding="utf-8"))
        frames = tomllib.load(open(os.path.join(setdir, "rules", "frames.toml"), "rb"))["frame"]
        themes = {f["id"]: f.get("themes", []) for f in frames}
        ids = {i["external"] for i in dump["candidates"]} | {c["id"] for i in dump["candidates"]
                                                            for c in i["candidates"]}
        stances = classify(setdir, ids, binary)
        for item in dump["candidates"]:
            theme = item["theme"]
            ext = {s["frame"] for s in stances.get(item["external"], []) if s["side"] == "external"}
            first = {}
            for c in item["candidates"]:
                st = stances.get(c["id"], [])
                home = {s["frame"] for s in st if s["side"] == "internal"}
                out_pos = {s["frame"] for s in st if s["side"] == "external" and not s.get("charge")}
                feat["home_all"][k] = len(home)
                feat["home_theme"][k] = len([f for f in home if not themes.get(f) or theme in themes[f]])
                feat["same"][k] = bool(ext & out_pos)
                feat["outward"][k] = bool(out_pos) and len(out_pos) >= len(home)
                first.setdefault(c["verdict"] == "acceptable", k)
                k += 1
            if len(first) == 2:
                a, o = first[True], first[False]
                pairs.append((a, o, d.score[o] > d.score[a]))
    assert k == n
    print("\nfirst acceptable against first other candidate: acceptable higher / lower")
    for key in feat:
        row = []
        for label, keep in [("misses", lambda m: m), ("hits", lambda m: not m)]:
            sel = [(a, o) for a, o, m in pairs if keep(m)]
            hi = sum(feat[key][a] > feat[key][o] for a, o in sel)
            lo = sum(feat[key][a] < feat[key][o] for a, o in sel)
            row.append("%s %d: %3d / %3d" % (label, len(sel), hi, lo))
        print("  %-11s %s" % (key, "   ".join(row)))
    en = d.ext_en

    def show(label, s):
        got = d.assigned(s)
        print("%-44s %4d  English %4d  Chinese %4d   per set %s" % (
            label, got.sum(), got[en].sum(), got[~en].sum(), " ".join(str(int(x)) for x in d.per_set(got))))

    print()
    show("baseline", base)
    for key in ["same", "outward"]:
        for f in [0.9, 0.8, 0.7, 0.5]:
            show("%s x %.1f" % (key, f), np.where(feat[key] > 0, base * f, base))
    # The subject by named entities: an external naming more than pair::MAX_SUBJECTS (2) specific subjects gets no
    # same-subject factor; give it 1 + b × the share its partner names (1 − subjects_missed).
    missed = np.array([c["parts"]["subjects_missed"] for name in d.sets
                       for item in json.load(open(os.path.join(out, name[len("pairs-holdout"):], "dump.json"),
                                                  encoding="utf-8"))["candidates"]
                       for c in item["candidates"]])
    many = np.zeros(n, bool)
    for s0, s1 in zip(d.starts, list(d.starts[1:]) + [n]):
        if not d.counted[s0:s1].any() and (missed[s0:s1] > 0).any():
            many[s0:s1] = True
    print("\nexternals naming more than two specific subjects: %d" % len(set(d.ext[many].tolist())))
    for b in [0.25, 0.5, 0.75]:
        show("their partners x (1 + %.2f x share named)" % b, base * np.where(many, 1 + b * (1 - missed), 1.0))
    for key in ["home_all", "home_theme"]:
        print("\n%s: x (1 + b x min(stances - 1, K) / K); rows K, columns b" % key)
        bs = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4]
        print("  K  " + " ".join("%5s" % b for b in bs))
        for cap in [1, 2, 3, 4, 5, 6, 8]:
            m = lambda b: 1 + b * np.clip(feat[key] - 1, 0, cap) / cap  # noqa: E731
            print("%3d  " % cap + " ".join("%5d" % d.assigned(base * m(b)).sum() for b in bs))


if __name__ == "__main__":
    main(sys.argv[1:])
