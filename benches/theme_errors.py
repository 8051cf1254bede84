#!/usr/bin/env python3
"""Theme errors pooled over the seen blind sets, and the before/after check of a theme round (README > Accuracy >
"Themes, session 33").

  python3 benches/theme_errors.py score BIN OUT.json [--rules DIR] [--stack]   # every blind set and check file
  python3 benches/theme_errors.py compare BEFORE.json AFTER.json               # per set, pooled, the criterion
  python3 benches/theme_errors.py map BIN OUT.md [--rules DIR]                  # errors by theme, direction, language, cause

`score` runs `BIN classify FILE --format jsonl` (rules alone unless --stack) on fixtures/held-out/blind6..N.jsonl
and fixtures/dev-themes*-check.jsonl and writes each statement's gold and predicted themes. `compare` prints each
set's macro-F1 and exact-theme count before/after, the pooled blind macro-F1 and each theme's pooled F1, traps, and
whether the round meets the criterion fixed before measuring: pooled blind macro-F1 rises and no blind set loses
more than one statement's exact themes. `map` classifies with and without the stacked model, runs `BIN explain`
on every statement with a theme error, and sorts each (statement, theme) error by cause:

  missed: no rule fired   no rule of the theme fired and none came near (`explain` lists no near miss of it)
          rule blocked    no rule of the theme fired, but one matched and was vetoed by an `excludes` term or
                          lacked its required words (near or too far)
          below threshold rules of the theme fired but summed below the threshold, no trap among them
          trap blocked    a trap rule (negative weight) of the theme fired and the sum stayed below the threshold
          stack removed   the rules assigned it and the stacked model took it away
  false:  concept fired   rules of the theme reached the threshold (the rule ids are listed)
          trap too weak   as above, with a trap rule of the theme among them
          stack added     the stacked model added it
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys

THEMES = ["ambition", "indigenization", "security", "standards", "military-civil-fusion"]
SHORT = {"ambition": "ambition", "indigenization": "indigen.", "security": "security", "standards": "standards",
         "military-civil-fusion": "MCF"}


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def blind_sets():
    sets = []
    for p in glob.glob("fixtures/held-out/blind*.jsonl"):
        m = re.match(r".*/blind(\d+)\.jsonl$", p)
        if m and int(m.group(1)) >= 6:
            sets.append((int(m.group(1)), p))
    return [p for _, p in sorted(sets)]


def check_files():
    return sorted(glob.glob("fixtures/dev-themes*-check.jsonl"), key=lambda p: int(re.sub(r"\D", "", p) or 0))


def classify(binary, path, rules=None, stack=False):
    cmd = [binary, "classify", path, "--format", "jsonl", "--stack" if stack else "--no-stack"]
    if rules:
        cmd += ["--rules", rules]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return {r["id"]: r["classification"] for r in (json.loads(l) for l in out.splitlines() if l.strip())}


def scored(binary, path, rules, stack):
    pred = classify(binary, path, rules, stack)
    items = []
    for s in rows(path):
        g = s.get("gold")
        if not g or g.get("audience_only"):
            continue
        items.append({"id": s["id"], "lang": s["lang"], "gold": sorted(g["themes"]),
                      "pred": sorted(pred[s["id"]]["themes"])})
    return items


def prf(items, theme):
    tp = sum(theme in i["gold"] and theme in i["pred"] for i in items)
    fp = sum(theme not in i["gold"] and theme in i["pred"] for i in items)
    fn = sum(theme in i["gold"] and theme not in i["pred"] for i in items)
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def summary(items):
    return {
        "n": len(items),
        "macro": sum(prf(items, t) for t in THEMES) / len(THEMES),
        "f1": {t: prf(items, t) for t in THEMES},
        "exact": sum(i["gold"] == i["pred"] for i in items),
        "traps": sum(not i["gold"] for i in items),
        "traps_ok": sum(not i["gold"] and not i["pred"] for i in items),
    }


def cmd_score(args):
    binary, out = args[0], args[1]
    rules = args[args.index("--rules") + 1] if "--rules" in args else None
    stack = "--stack" in args
    res = {"blind": {}, "check": {}}
    for p in blind_sets():
        res["blind"][os.path.basename(p)] = scored(binary, p, rules, stack)
    for p in check_files():
        res["check"][os.path.basename(p)] = scored(binary, p, rules, stack)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(res, f, ensure_ascii=False)
    pooled = summary([i for v in res["blind"].values() for i in v])
    print(f"blind pooled {pooled['n']}: macro-F1 {pooled['macro']:.4f}, exact {pooled['exact']}, "
          f"traps {pooled['traps_ok']}/{pooled['traps']}")


def cmd_compare(args):
    a, b = (json.load(open(p, encoding="utf-8")) for p in args[:2])
    ok = True
    print("| set | n | macro-F1 before → after | exact before → after | traps before → after |")
    print("|---|---|---|---|---|")
    for name in a["blind"]:
        sa, sb = summary(a["blind"][name]), summary(b["blind"][name])
        flag = ""
        if sb["exact"] < sa["exact"] - 1:
            ok, flag = False, " **(loses more than one)**"
        print(f"| {name[:-6]} | {sa['n']} | {sa['macro']:.3f} → {sb['macro']:.3f} | {sa['exact']} → {sb['exact']}{flag} "
              f"| {sa['traps_ok']} → {sb['traps_ok']} / {sa['traps']} |")
    for kind in ("blind", "check"):
        pa = summary([i for v in a[kind].values() for i in v])
        pb = summary([i for v in b[kind].values() for i in v])
        label = "blind6–22 pooled" if kind == "blind" else "dev-themes*-check pooled (never tuned on)"
        print(f"| **{label}** | {pa['n']} | **{pa['macro']:.4f} → {pb['macro']:.4f}** | {pa['exact']} → {pb['exact']} "
              f"| {pa['traps_ok']} → {pb['traps_ok']} / {pa['traps']} |")
        print("|  per theme | | " + ", ".join(f"{SHORT[t]} {pa['f1'][t]:.3f} → {pb['f1'][t]:.3f}" for t in THEMES) + " | | |")
        if kind == "blind" and not pb["macro"] > pa["macro"]:
            ok = False
    if len(args) > 2 and args[2] == "--changed":
        for kind in ("blind", "check"):
            for name in a[kind]:
                for x, y in zip(a[kind][name], b[kind][name]):
                    if x["pred"] != y["pred"]:
                        mark = "fix" if y["pred"] == y["gold"] else ("regression" if x["pred"] == x["gold"] else "change")
                        print(f"{mark}\t{x['id']}\tgold {x['gold']}\t{x['pred']} → {y['pred']}")
    print("criterion met" if ok else "criterion NOT met")


def explain(binary, sid, path, rules):
    cmd = [binary, "explain", sid, "--file", path, "--format", "json", "--no-stack"]
    if rules:
        cmd += ["--rules", rules]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def cmd_map(args):
    binary, out = args[0], args[1]
    rules = args[args.index("--rules") + 1] if "--rules" in args else None
    errors = []
    for p in blind_sets():
        alone = classify(binary, p, rules, stack=False)
        stacked = classify(binary, p, rules, stack=True)
        for s in rows(p):
            g = s.get("gold")
            if not g or g.get("audience_only"):
                continue
            gold = set(g["themes"])
            c, cs = alone[s["id"]], stacked[s["id"]]
            final = set(cs["themes"])
            wrong = [t for t in THEMES if (t in gold) != (t in final)]
            if not wrong:
                continue
            ex = None
            for t in wrong:
                fired = [f for f in c["fired"] if f["label"] == t]
                score = c["theme_scores"].get(t, 0.0)
                trap = any(f["weight"] < 0 for f in fired)
                if t in gold:
                    direction = "missed"
                    if t in c["themes"]:
                        cause = "stack removed"
                    elif trap:
                        cause = "trap blocked"
                    elif fired:
                        cause = "below threshold"
                    else:
                        if ex is None:
                            ex = explain(binary, s["id"], p, rules)
                        near = [n for n in ex.get("near_misses", []) if n["label"] == t]
                        cause = "rule blocked" if near else "no rule fired"
                        fired = [{"rule": n["rule"] + " (" + n["kind"] + ")", "weight": n["weight"]} for n in near]
                else:
                    direction = "false"
                    if t not in c["themes"]:
                        cause = "stack added"
                    elif trap:
                        cause = "trap too weak"
                    else:
                        cause = "concept fired"
                errors.append({"set": os.path.basename(p)[:-6], "id": s["id"], "lang": s["lang"], "theme": t,
                               "direction": direction, "cause": cause, "score": score,
                               "rules": [f["rule"] for f in fired], "audience": g["audience"],
                               "gold": sorted(gold), "text": s["text"][:160]})
    causes = ["no rule fired", "rule blocked", "below threshold", "trap blocked", "stack removed",
              "concept fired", "trap too weak", "stack added"]
    lines = ["| theme | direction | en | zh | " + " | ".join(causes) + " | total |",
             "|---|---|---|---|" + "---|" * len(causes) + "---|"]
    for t in THEMES:
        for d in ("missed", "false"):
            es = [e for e in errors if e["theme"] == t and e["direction"] == d]
            cc = collections.Counter(e["cause"] for e in es)
            lc = collections.Counter(e["lang"] for e in es)
            lines.append(f"| {SHORT[t]} | {d} | {lc['en']} | {lc['zh']} | " +
                         " | ".join(str(cc[c]) if cc[c] else "" for c in causes) + f" | {len(es)} |")
    by_set = collections.Counter(e["set"] for e in errors)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Theme errors still made on blind6–22 (rules as given, stacked model as shipped)\n\n")
        f.write("\n".join(lines) + "\n\n")
        f.write("Errors per set: " + ", ".join(f"{k} {v}" for k, v in sorted(by_set.items(), key=lambda kv: int(kv[0][5:]))) + "\n\n")
        for t in THEMES:
            for d in ("missed", "false"):
                es = [e for e in errors if e["theme"] == t and e["direction"] == d]
                if not es:
                    continue
                f.write(f"## {t}, {d} ({len(es)})\n\n")
                for e in sorted(es, key=lambda e: (e["cause"], e["lang"], e["id"])):
                    f.write(f"- {e['id']} [{e['lang']}, {e['audience']}, gold {','.join(e['gold']) or '—'}] "
                            f"{e['cause']} (score {e['score']:g}; {', '.join(e['rules'])}): {e['text']}\n")
                f.write("\n")
    with open(out[:-3] + ".json", "w", encoding="utf-8") as f:
        json.dump(errors, f, ensure_ascii=False, indent=0)
    print("\n".join(lines))


if __name__ == "__main__":
    {"score": cmd_score, "compare": cmd_compare, "map": cmd_map}[sys.argv[1]](sys.argv[2:])
