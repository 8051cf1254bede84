#!/usr/bin/env python3
"""Print the corpus files of a judged pairing set (pairs-holdoutN.json), resolved against this checkout.

    python3 benches/pairs_corpus.py fixtures/held-out/pairs-holdoutN.json

Older sets name their own statements file without a folder; those are looked up in fixtures/held-out/.
Used by benches/score_pairs.sh and benches/pair_weights.sh.
"""
import json
import os
import sys

out = []
for c in json.load(open(sys.argv[1]))["corpus"]:
    if c == "pairs3-statements.jsonl":
        c = "fixtures/held-out/pairs3.jsonl"
    if not os.path.exists(c):
        alt = os.path.join("fixtures/held-out", os.path.basename(c))
        if not os.path.exists(alt):
            sys.exit("missing corpus file " + c)
        c = alt
    out.append(c)
print(" ".join(out))
