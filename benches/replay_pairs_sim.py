#!/usr/bin/env python3
"""The pre-registered variants of session 51's pairing round, simulated over a replay's candidate dumps.

    benches/replay_pairs.sh -j 2 -s sel -d 3000 OUT          # the selection sets, with their candidates
    python3 benches/replay_pairs_sim.py OUT [--no-fit]

Each variant recomputes every dumped candidate's score from its `raw` parts (benches/pair_weights_fit.py's `Data`,
which checks that the formula gives back the dumped scores) and replays the assignment `contrast` makes (scipy's
linear_sum_assignment per set and theme, each internal statement once), then counts the judged externals whose
partner is acceptable, in all and for English and Chinese externals. The baseline's count must equal the binary's
(benches/replay_pairs_score.py); the weights are the ones the replayed commits shipped, which are today's
(rules/pair-weights.toml has not changed since session 43). Round A changes the formula or refits the weights (V1:
leave one set out over the sets given, from the shipped file); round B the weights, after reading the selection
sets' misses. docs/rules.md › "The pairing round of session 51" has the figures. Only ever run it on the selection
(odd) sets: the confirmation sets are not dumped.
(needs numpy and scipy)
"""
import glob
import os
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pair_weights_fit as F  # noqa: E402
from pairs_corpus import statement_langs  # noqa: E402


def load_dumps(out):
    """A replay's candidate dumps (OUT/N/dump.json, `replay_pairs.sh -d`) as pair_weights_fit's `Data`, each
    external's language from the fixtures (run from the repository root)."""
    lang = statement_langs()
    with tempfile.TemporaryDirectory() as tmp:
        for dump in sorted(glob.glob(os.path.join(out, "*", "dump.json"))):
            name = os.path.basename(os.path.dirname(dump))
            os.symlink(os.path.abspath(dump), os.path.join(tmp, "pairs-holdout%s.json" % name))
        return F.Data(tmp, lang)


def main(argv):
    out = argv[0]
    fit = "--no-fit" not in argv
    os.chdir(os.path.dirname(HERE))
    w0 = F.read_weights("rules/pair-weights.toml")
    d = load_dumps(out)
    off = float(np.abs(d.scores(w0) - d.score).max())
    print("%d sets, %d judged externals with candidates; largest |recomputed - dumped| %.1e" % (
        len(d.sets), d.n_ext, off))
    if off > 1e-4:
        sys.exit("the dumps were not made with rules/pair-weights.toml")
    en = d.ext_en

    def variant(w, opp="noisy-or", subject="add", terms=True, focus_all=None):
        ft = d.ft if terms else np.where(d.fw > 0, 1.0, 0.0)
        a = d.fw * ft * np.where(d.fc, w["crossed_stance_factor"], 1.0) * np.where(d.fb, w["broad_factor"], 1.0)
        o = (1 - np.prod(1 - a, axis=1)) if opp == "noisy-or" else a.max(axis=1)
        o = o * np.where(d.echoed, w["echo_factor"], 1.0)
        spec = np.where(d.counted,
                        1 + w["subject_bonus"] * np.clip(d.named + w["target_credit"] * d.targeted, 0, 1), 1.0)
        focus = np.full(len(d.theme), w["focus_penalty"])
        for t, v in w.get("focus_penalty_by_theme", {}).items():
            focus[d.theme == t] = v
        if focus_all is not None:
            focus[:] = focus_all
        if subject == "add":
            base = w["opposition_weight"] * o + (1 - w["opposition_weight"]) * d.subject
        else:
            base = o * (1 + d.subject) / 2
        s = base * (1 - focus * d.length) * spec * np.where(d.zh, 1 + w["domestic_language_bonus"], 1.0)
        s = np.where(d.dup, s * 0.2, s)
        return np.clip(s, 0, 1) * (1 - w["subjects_missed_penalty"] * d.dmiss)

    def weights(by=None, **kw):
        w = dict(w0)
        w.update(kw)
        w["focus_penalty_by_theme"] = dict(w0["focus_penalty_by_theme"]) if by is None else by
        return w

    def show(label, got):
        print("%-52s %4d  English %4d  Chinese %4d   per set %s" % (
            label, got.sum(), got[en].sum(), got[~en].sum(), " ".join(str(int(x)) for x in d.per_set(got))))

    print("sets: " + " ".join(d.sets))
    show("V0 baseline (the shipped formula and weights)", d.assigned(d.scores(w0)))
    show("V2 opposition: the strongest frame, not noisy-OR", d.assigned(variant(w0, opp="max")))
    show("V3 the subject multiplies the opposition", d.assigned(variant(w0, subject="mul")))
    show("V4 every fired frame at full terms strength", d.assigned(variant(w0, terms=False)))
    show("V5 focus penalty 0.5 in every theme", d.assigned(variant(w0, focus_all=0.5)))
    if fit:
        oof = np.zeros(d.n_ext, bool)
        for si, name in enumerate(d.sets):
            w, _ = F.fit(d, d.ext_set != si, w0)
            oof[d.ext_set == si] = d.assigned(d.scores(w))[d.ext_set == si]
        show("V1 weights refit, leave one set out", oof)
        wall, _ = F.fit(d, np.ones(d.n_ext, bool), w0)
        show("   (the fit on every set given, in sample)", d.assigned(d.scores(wall)))
        print("   moved: %s" % {k: wall[k] for k in F.NAMES if wall[k] != w0[k]})
    show("B1 focus penalty 0 but ambition's 0.5", d.assigned(d.scores(weights(focus_penalty=0.0))))
    show("B2 focus penalty 0 in every theme", d.assigned(d.scores(weights(focus_penalty=0.0, by={}))))
    show("B3 opposition weight 1 (concept cosine out)", d.assigned(d.scores(weights(opposition_weight=1.0))))
    show("B4 B1 and B3", d.assigned(d.scores(weights(focus_penalty=0.0, opposition_weight=1.0))))
    show("B5 no domestic-language bonus", d.assigned(d.scores(weights(domestic_language_bonus=0.0))))


if __name__ == "__main__":
    main(sys.argv[1:])
