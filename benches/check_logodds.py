#!/usr/bin/env python3
"""Checks `twovoices terms` against an independent implementation of the log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", section 3.5).

Not part of the build or of CI: run it by hand on an index of the fixtures.

    twovoices index --index /tmp/tv fixtures/*.jsonl
    twovoices terms --index /tmp/tv --top 100000 --min-count 1 --format json > /tmp/terms.json
    python3 benches/check_logodds.py /tmp/terms.json

For every listed term it recomputes, from the raw counts twovoices reports (the term's uses by each
voice, its uses in the whole background, and the number of terms of each voice and of the background),
the prior alpha_w = y_w (the background's counts, alpha_0 = n), the log-odds ratio delta_w, its
variance and z = delta_w / sqrt(var), with the standard library only (no numpy), and fails when any
figure differs by more than 1e-6. It also checks that each list is sorted by z and that the two lists
of a language are disjoint.
"""
import json
import math
import sys

TOL = 1e-6


def fightin_words(y_i, y_j, n_i, n_j, y_w, n):
    """delta and z of a word used y_i times in group i (n_i words) and y_j times in group j (n_j words),
    with the prior taken from a background of n words in which the word occurs y_w times."""
    a0 = float(n)          # prior total: the background's size ...
    a_w = a0 * y_w / n     # ... shared out in proportion to the word's background frequency
    omega_i = (y_i + a_w) / (n_i + a0 - y_i - a_w)   # posterior odds of the word in group i
    omega_j = (y_j + a_w) / (n_j + a0 - y_j - a_w)
    delta = math.log(omega_i) - math.log(omega_j)
    var = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
    return a_w, delta, delta / math.sqrt(var)


def main(path):
    with open(path, encoding="utf-8") as f:
        results = json.load(f)
    checked, worst = 0, 0.0
    for r in results:
        n_bg = r["background_terms"]
        sizes = {"external": r["external"]["terms"], "internal": r["internal"]["terms"]}
        assert abs(r["alpha0"] - n_bg) < TOL, (r["lang"], r["alpha0"], n_bg)
        for voice, other in (("external", "internal"), ("internal", "external")):
            top = r[voice]["top"]
            zs = [t["z"] for t in top]
            assert zs == sorted(zs, reverse=True), f"{r['lang']} {voice}: not sorted by z"
            for t in top:
                mine, theirs = t["count"]
                a_w, delta, z = fightin_words(mine, theirs, sizes[voice], sizes[other], t["background"], n_bg)
                for name, ours, theirs_v in (("alpha", a_w, t["alpha"]), ("delta", delta, t["delta"]), ("z", z, t["z"])):
                    err = abs(ours - theirs_v)
                    worst = max(worst, err)
                    if err > TOL:
                        sys.exit(f"MISMATCH {r['lang']} {voice} {t['term']!r} {name}: python {ours!r} vs twovoices {theirs_v!r}")
                assert z > 0, (voice, t["term"], z)
                checked += 1
        ext = {t["term"] for t in r["external"]["top"]}
        inn = {t["term"] for t in r["internal"]["top"]}
        assert not ext & inn, ext & inn
    if checked == 0:
        sys.exit("no term to check: was the index empty?")
    print(f"{checked} terms checked in {len(results)} language(s); largest difference {worst:.3g} (tolerance {TOL})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/dev/stdin")
