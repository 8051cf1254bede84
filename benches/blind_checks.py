#!/usr/bin/env python3
"""Checks for a new blind set (docs/collecting.md). Needs the `opencc` command for `overlap`.

    python3 benches/blind_checks.py claims [GLOB ...] > used-urls.txt
        one line per `source` of every statement in the files (default fixtures/**/*.jsonl),
        `SOURCE<TAB>fixture FILE ID`: sources a collector may not use again.
    python3 benches/blind_checks.py overlap NEW.jsonl [NEW2.jsonl ...] [--against GLOB] [--against GLOB2 ...]
        every window of 14 Han characters or 40 Latin letters/digits (after OpenCC t2s, lower-casing, keeping only
        letters, digits and Han) that a `text` or `translation` of the new files shares with a file matched by the
        --against globs (one glob after each --against; default fixtures/**/*.jsonl) or with another new item;
        exit 1 when one is shared. A new file that does not exist is an error naming it.
"""
import collections
import os
import glob
import json
import re
import subprocess
import sys

BREAKS = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85\x1c\x1d\x1e]")
HAN = re.compile(r"[\u4e00-\u9fff]+")


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def files_of(patterns):
    return sorted({p for g in patterns for p in glob.glob(g, recursive=True)})


def claims(argv):
    files = files_of(argv or ["fixtures/**/*.jsonl"])
    n = 0
    for path in files:
        for d in records(path):
            if d.get("source"):
                print(f"{d['source']}\tfixture {path} {d.get('id', '')}")
                n += 1
    print(f"{n} sources from {len(files)} files", file=sys.stderr)
    return 0


def texts(path):
    return [(path, d.get("id", ""), d[key]) for d in records(path) for key in ("text", "translation") if d.get(key)]


def windows(simplified):
    s = "".join(ch for ch in simplified.lower() if ch.isalnum())
    out = set()
    for run in HAN.findall(s):
        out.update("H" + run[k:k + 14] for k in range(len(run) - 13))
    for run in HAN.split(s):
        out.update("L" + run[k:k + 40] for k in range(len(run) - 39))
    return out


def overlap(argv):
    new, against, i = [], [], 0
    while i < len(argv):
        if argv[i] == "--against":
            against.append(argv[i + 1])
            i += 2
        else:
            new.append(argv[i])
            i += 1
    if not new:
        sys.exit(__doc__)
    missing = [p for p in new if not os.path.isfile(p)]
    if missing:
        sys.exit("overlap: no such file: " + ", ".join(missing) + " (new files first, one glob after each --against)")
    old = [p for p in files_of(against or ["fixtures/**/*.jsonl"]) if p not in new]
    items = [t for p in old + new for t in texts(p)]
    joined = "\n".join(BREAKS.sub(" ", t) for _, _, t in items)
    conv = subprocess.run(["opencc", "-c", "t2s"], input=joined, capture_output=True, text=True,
                          check=True).stdout.split("\n")
    assert len(conv) == len(items), "opencc changed the number of lines"
    index = collections.defaultdict(set)
    for (path, sid, _), simplified in zip(items, conv):
        for w in windows(simplified):
            index[w].add((path, sid))
    hits = 0
    for owners in index.values():
        if len(owners) > 1 and any(p in new for p, _ in owners):
            hits += 1
            print("shared window:", sorted(owners)[:4])
    print(f"{len(items)} texts in {len(old) + len(new)} files; windows shared with a new item: {hits}")
    return 1 if hits else 0


if __name__ == "__main__":
    commands = {"claims": claims, "overlap": overlap}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    sys.exit(commands[sys.argv[1]](sys.argv[2:]))
