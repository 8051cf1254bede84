#!/usr/bin/env python3
"""Theme errors pooled over the seen blind sets, and the before/after check of a theme round (README > Accuracy >
"Themes, session 33").

  python3 benches/theme_errors.py score BIN OUT.json [--rules DIR] [--stack]   # every blind set and check file
  python3 benches/theme_errors.py compare BEFORE.json AFTER.json               # per set, pooled, the criterion
  python3 benches/theme_errors.py halves BEFORE.json AFTER.json [--changed]    # even / odd blind sets apart
  python3 benches/theme_errors.py map BIN OUT.md [--rules DIR]                  # errors by theme, direction, language, cause
  python3 benches/theme_errors.py hardcases                                    # docs/labelling.md, "Hard cases: themes"

`score` runs `BIN classify FILE --format jsonl` (rules alone unless --stack) on fixtures/held-out/blind6..N.jsonl
and fixtures/dev-themes*-check.jsonl and writes each statement's gold and predicted themes. `compare` prints each
set's macro-F1 and exact-theme count before/after, the pooled blind macro-F1 and each theme's pooled F1, traps, and
whether the round meets the criterion fixed before measuring: pooled blind macro-F1 rises and no blind set loses
more than one statement's exact themes. `halves` (session 35) splits the blind sets into the even- and odd-numbered
ones, so that a round written from the errors of one half is checked on the other: each half's pooled macro-F1,
each set's net change in statement-theme decisions (right ones after minus before, five per statement), traps and
the check files; its criterion is macro-F1 up on both halves, no set down by more than one decision, traps not
fewer, the check files not down by more than 0.005. `map` classifies with and without the stacked model, runs `BIN explain`
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
        label = "blind sets pooled" if kind == "blind" else "dev-themes*-check pooled (never tuned on)"
        print(f"| **{label}** | {pa['n']} | **{pa['macro']:.4f} → {pb['macro']:.4f}** | {pa['exact']} → {pb['exact']} "
              f"| {pa['traps_ok']} → {pb['traps_ok']} / {pa['traps']} |")
        print("|  per theme | | " + ", ".join(f"{SHORT[t]} {pa['f1'][t]:.3f} → {pb['f1'][t]:.3f}" for t in THEMES) + " | | |")
        if kind == "blind" and not pb["macro"] > pa["macro"]:
            ok = False
    if len(args) > 2 and args[2] == "--changed":
        print_changed(a, b)
    print("criterion met" if ok else "criterion NOT met")


def print_changed(a, b):
    """One line per statement whose predicted themes differ between scorings a and b: fix, regression or change."""
    for kind in ("blind", "check"):
        for name in a[kind]:
            for x, y in zip(a[kind][name], b[kind][name]):
                if x["pred"] != y["pred"]:
                    mark = "fix" if y["pred"] == y["gold"] else ("regression" if x["pred"] == x["gold"] else "change")
                    print(f"{mark}\t{x['id']}\tgold {x['gold']}\t{x['pred']} → {y['pred']}")


def decisions(items):
    """Right statement-theme decisions: five per statement, one per theme."""
    return sum((t in i["gold"]) == (t in i["pred"]) for i in items for t in THEMES)


def set_number(name):
    return int(re.sub(r"\D", "", name))


def cmd_halves(args):
    a, b = (json.load(open(p, encoding="utf-8")) for p in args[:2])
    ok = True
    print("| set | n | macro-F1 before → after | decisions, net | traps before → after |")
    print("|---|---|---|---|---|")
    for name in sorted(a["blind"], key=set_number):
        x, y = a["blind"][name], b["blind"][name]
        sa, sb = summary(x), summary(y)
        net = decisions(y) - decisions(x)
        if net < -1:
            ok = False
        if net or x != y:
            print(f"| {name[:-6]} | {sa['n']} | {sa['macro']:.3f} → {sb['macro']:.3f} | {net:+d} "
                  f"| {sa['traps_ok']} → {sb['traps_ok']} / {sa['traps']} |")
    halves = [("even", lambda n: n % 2 == 0), ("odd", lambda n: n % 2 == 1), ("all", lambda n: True)]
    for label, keep in halves:
        pa = summary([i for k, v in a["blind"].items() if keep(set_number(k)) for i in v])
        pb = summary([i for k, v in b["blind"].items() if keep(set_number(k)) for i in v])
        print(f"| **{label} pooled** | {pa['n']} | **{pa['macro']:.4f} → {pb['macro']:.4f}** | "
              f"exact {pa['exact']} → {pb['exact']} | {pa['traps_ok']} → {pb['traps_ok']} / {pa['traps']} |")
        print("|  per theme | | " + ", ".join(f"{SHORT[t]} {pa['f1'][t]:.3f} → {pb['f1'][t]:.3f}" for t in THEMES) + " | | |")
        if label != "all" and not pb["macro"] > pa["macro"]:
            ok = False
        if label == "all" and pb["traps_ok"] < pa["traps_ok"]:
            ok = False
    pa = summary([i for v in a["check"].values() for i in v])
    pb = summary([i for v in b["check"].values() for i in v])
    print(f"| **dev-themes*-check pooled** | {pa['n']} | **{pa['macro']:.4f} → {pb['macro']:.4f}** | "
          f"exact {pa['exact']} → {pb['exact']} | {pa['traps_ok']} → {pb['traps_ok']} / {pa['traps']} |")
    if pb["macro"] < pa["macro"] - 0.005:
        ok = False
    if "--changed" in args:
        print_changed(a, b)
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
        f.write("# Theme errors still made on the seen blind sets (rules as given, stacked model as shipped)\n\n")
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


def cmd_hardcases(args):
    """How the gold of every fixture labels the wordings of docs/labelling.md's "Hard cases: themes" (after OpenCC t2s
    when the opencc module is installed; the counts in labelling.md were made with it)."""
    try:
        import opencc
        t2s = opencc.OpenCC("t2s").convert
    except ImportError:
        t2s = lambda x: x
    stmts = []
    for p in sorted(glob.glob("fixtures/*.jsonl") + glob.glob("fixtures/held-out/*.jsonl")):
        for s in rows(p):
            g = s.get("gold")
            if g and not g.get("audience_only"):
                s["_t"] = t2s(s["text"])
                stmts.append(s)

    def has(pat, s):
        return re.search(pat, s["_t"], re.I)

    def line(label, hits, theme):
        n = sum(theme in s["gold"]["themes"] for s in hits)
        others = [s["id"] for s in hits if theme not in s["gold"]["themes"]]
        print(f"{label}: {len(hits)} statements, {n} {theme}" + (f"; not: {', '.join(others[:12])}" if others and len(others) <= 12 else ""))

    goal = r"强国|制高点|领先|引领|领跑|世界一流|超越|赶超|前列|先进水平|高地|中心"
    goal_en = goal + r"|power|lead|forefront|heights|world.class|surpass|catch up|strength"
    line("科技强国", [s for s in stmts if has("科技强国", s)], "ambition")
    line("航天强国", [s for s in stmts if has("航天强国", s)], "ambition")
    en_power = r"science and technology power|strong country in science|science and technology powerhouse|sci.tech powerhouse|s&t powerhouse|technolog\w* powerhouse"
    line("S&T powerhouse (en)", [s for s in stmts if has(en_power, s)], "ambition")
    line("aerospace/space power (en)", [s for s in stmts if has(r"aerospace power|space power|strong space|spacefaring", s)], "ambition")
    sr = [s for s in stmts if has("科技自立自强", s)]
    line("科技自立自强", sr, "indigenization")
    alone = [s for s in stmts if has("科技自立自强|高水平科技自立|自立自强", s) and not has(goal, s)]
    line("自立自强 with no word of the goal", alone, "indigenization")
    line("自立自强 with no word of the goal", alone, "ambition")
    en_sr = r"self.relian\w* (and strength )?in (science and technology|s&t|technolog)|technological self.relian|sci.tech self.relian|self.reliance and strength in science|scientific and technological self.relian"
    en_hits = [s for s in stmts if has(en_sr, s)]
    line("self-reliance in S&T (en)", en_hits, "indigenization")
    en_alone = [s for s in en_hits if not re.search(goal_en, re.sub(en_sr, "", s["_t"], flags=re.I), re.I)]
    line("self-reliance in S&T (en) with no word of the goal", en_alone, "ambition")
    race = [s for s in stmts if has(r"你追我赶|friendly (race|competition)|healthy competition|compete (healthily|in a healthy)|benign competition|良性竞争", s)]
    for s in race:
        print(f"  friendly race: {s['id']} gold {s['gold']['themes']}")
    sanc = r"制裁|实体清单|entity list|sanction|打压|封杀|出口管制|export control|blacklist"
    firm = r"企业|公司|华为|中兴|tiktok|huawei|zte|compan|firm|enterprise|entities|实体"
    reb = r"反对|坚决|停止|敦促|错误|无理|oppos|reject|urge|stop|unreasonable|groundless|wrong|firmly|必要措施|正当权益|legitimate"
    market = (r"市场|公平|竞争|自由贸易|非歧视|歧视|世贸|wto|规则|market|fair|compet|free trade|discriminat|rules|贸易|trade|经贸|"
              r"投资|invest|供应链|产业链|自立|自主|core tech|核心技术|self.reli")
    reb_hits = [s for s in stmts if has(sanc, s) and has(firm, s) and has(reb, s) and not has(market, s)]
    line("sanctions rebuttal with no market word", reb_hits, "indigenization")
    mcf = [s for s in reb_hits if "military-civil-fusion" in s["gold"]["themes"]]
    print(f"  of them MCF: {len(mcf)}, MCF and indigenization: {sum('indigenization' in s['gold']['themes'] for s in mcf)}")
    stop = (r"(挡不住|阻挡不了|阻止不了|不能阻挡|不会阻挡|阻挡不住|阻止不住|遏制不了|遏制不住|打压不了|拦不住|无法阻挡|无法阻止|不可能阻挡|"
            r"不可能阻止|不能阻止|cannot stop|can.t stop|will not stop|won.t stop|cannot hold back|can.t hold back|cannot block|"
            r"cannot contain|will never succeed|never stop|not stop|cannot prevent|cannot halt|unable to stop|unable to halt|"
            r"cannot hinder|will not hinder)")
    blk = r"封锁|制裁|打压|遏制|限制|管制|脱钩|blockade|sanction|suppress|contain|restrict|curb|control|decoupl|pressure"
    tech = r"科技|技术|芯片|半导体|创新|technolog|chip|semiconductor|innovat|华为|huawei|high.tech"
    stop_hits = [s for s in stmts if has(stop, s) and has(blk, s)]
    line("'cannot stop us' with technology", [s for s in stop_hits if has(tech, s)], "indigenization")
    line("'cannot stop us' without technology", [s for s in stop_hits if not has(tech, s)], "indigenization")


if __name__ == "__main__":
    {"score": cmd_score, "compare": cmd_compare, "halves": cmd_halves, "map": cmd_map,
     "hardcases": cmd_hardcases}[sys.argv[1]](sys.argv[2:])
