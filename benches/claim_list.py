#!/usr/bin/env python3
"""Rebuild the collectors' claim list from every labelled file (docs/collecting.md).

    python3 benches/claim_list.py [GLOB ...] > used-urls.txt

One line per `source` of every statement in the files (default: fixtures/**/*.jsonl), `SOURCE<TAB>fixture FILE ID`.
A source in this list may not be used again by a collector.
"""
import glob
import json
import sys

patterns = sys.argv[1:] or ["fixtures/**/*.jsonl"]
files = sorted({p for g in patterns for p in glob.glob(g, recursive=True)})
n = 0
for path in files:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                continue
            if d.get("source"):
                print(f"{d['source']}\tfixture {path} {d.get('id', '')}")
                n += 1
print(f"{n} sources from {len(files)} files", file=sys.stderr)
