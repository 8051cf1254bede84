#!/usr/bin/env python3
"""Compatibility shim of the historical replays (benches/replay.sh, benches/replay_pairs.sh), never of the product:
makes an older commit's rule folder load in today's binary by adding exactly the data that commit's binary had built
in and today's binary reads from rules/ instead.

  python3 benches/replay_compat.py COMMIT RULES_DIR
  python3 benches/replay_compat.py --verify

The who's-who's vocabularies were constants of src/rules/speakers.rs until they moved into rules/speakers.toml as
term lists: ATTRIBUTION and NOT_OWN_VOICE became @attribution and @not-own-voice in 31d9cdc (session 43),
RELAYED_BY and ATTRIBUTION_WITHIN became @relayed-by and @attribution's `within` in 2ea370c (session 44); both
commits say behaviour is unchanged (classification byte-identical). For a commit older than either, each list its
rules lack is appended to RULES_DIR/speakers.toml with the terms of that commit's own constant, read from its
src/rules/speakers.rs in git (the vocabularies grew between sessions 15 and 42, so no one list fits every commit),
and `within` from its ATTRIBUTION_WITHIN. A list is added only where the commit's code had the constant: a commit
whose code lacked one (sessions 15-18 had no relay veto) keeps that lack, and today's binary refuses the folder.

Prints what it added, one line each; nothing for a commit that needs nothing. Exit 0, or 1 when the commit's source
cannot be read.

`--verify` checks the extraction against the two commits that moved the vocabularies: the constants read from each
one's parent must be exactly the lists (terms in order, and `within`) that the commit wrote into rules/speakers.toml.
Exit 1 on any difference.
"""
import os
import re
import subprocess
import sys
import tomllib

# list id -> (the constant of src/rules/speakers.rs it replaced, its summary in rules/speakers.toml as first moved)
LISTS = {
    "attribution": ("ATTRIBUTION", "Words that attribute the words near a name to that person or organ."),
    "not-own-voice": ("NOT_OWN_VOICE", "Words saying that an English-language service is not speaking in its own voice."),
    "relayed-by": ("RELAYED_BY", "Words in the venue naming an outlet as the one that passed the words on."),
}


def constants(source):
    """The string-array constants and ATTRIBUTION_WITHIN of one version of src/rules/speakers.rs."""
    out = {}
    for _, (name, _) in LISTS.items():
        m = re.search(r"const %s: &\[&str\] = &\[(.*?)\];" % name, source, re.S)
        if m:
            body = re.sub(r"//[^\n]*", "", m.group(1))
            out[name] = re.findall(r'"((?:[^"\\]|\\.)*)"', body)
    m = re.search(r"const ATTRIBUTION_WITHIN: u32 = (\d+);", source)
    if m:
        out["ATTRIBUTION_WITHIN"] = int(m.group(1))
    return out


def defined_lists(rules_dir):
    """list id -> its table, over every rule file of the folder."""
    lists = {}
    for name in sorted(os.listdir(rules_dir)):
        if name.endswith(".toml"):
            with open(os.path.join(rules_dir, name), "rb") as f:
                for t in tomllib.load(f).get("list", []):
                    lists[t.get("id")] = t
    return lists


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# commit that moved vocabularies into rules/speakers.toml -> the constants it moved, by list id ("within": the reach)
MOVED = {
    "31d9cdc": ["attribution", "not-own-voice"],
    "2ea370c": ["relayed-by", "within"],
}


def git_show(spec):
    return subprocess.run(["git", "show", spec], capture_output=True, text=True, check=True).stdout


def verify():
    ok = True
    for commit, ids in MOVED.items():
        consts = constants(git_show("%s^:src/rules/speakers.rs" % commit))
        lists = {t.get("id"): t for t in tomllib.loads(git_show("%s:rules/speakers.toml" % commit)).get("list", [])}
        for list_id in ids:
            if list_id == "within":
                want, got = lists["attribution"].get("within"), consts.get("ATTRIBUTION_WITHIN")
            else:
                want, got = lists[list_id]["terms"], consts.get(LISTS[list_id][0])
            same = want == got
            ok = ok and same
            print("replay_compat: %s %s: %s" % (commit, list_id, "the same as its parent's constant" if same
                                                  else "DIFFERS: list %r, constant %r" % (want, got)))
    return 0 if ok else 1


def main(argv):
    if argv[1:] == ["--verify"]:
        return verify()
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    commit, rules_dir = argv[1], argv[2]
    try:
        source = subprocess.run(["git", "show", "%s:src/rules/speakers.rs" % commit], capture_output=True,
                                text=True, check=True).stdout
    except subprocess.CalledProcessError as e:
        print("replay_compat: cannot read src/rules/speakers.rs of %s: %s" % (commit, e.stderr.strip()), file=sys.stderr)
        return 1
    consts = constants(source)
    have = defined_lists(rules_dir)
    added = []
    for list_id, (const, summary) in LISTS.items():
        if list_id in have or const not in consts:
            continue
        within = consts.get("ATTRIBUTION_WITHIN") if list_id == "attribution" else None
        lines = [
            "",
            "# Added by benches/replay_compat.py for the historical replay: the constant %s of %s's" % (const, commit),
            "# src/rules/speakers.rs, which today's binary reads as this list.",
            "[[list]]",
            "id = %s" % toml_str(list_id),
            "summary = %s" % toml_str(summary),
            "why = %s" % toml_str("Built into the binary of %s as %s; a list in rules/ since." % (commit, const)),
            "terms = [%s]" % ", ".join(toml_str(t) for t in consts[const]),
        ]
        if within is not None:
            lines.append("within = %d" % within)
        with open(os.path.join(rules_dir, "speakers.toml"), "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        added.append("@%s (%s, %d terms%s)" % (list_id, const, len(consts[const]),
                                               ", within %d" % within if within is not None else ""))
    # @attribution defined as a list before its reach became data (31d9cdc..2ea370c^): the reach was still the
    # constant ATTRIBUTION_WITHIN.
    att = have.get("attribution")
    if att is not None and "within" not in att and "ATTRIBUTION_WITHIN" in consts:
        path = os.path.join(rules_dir, "speakers.toml")
        text = open(path, encoding="utf-8").read()
        m = re.search(r'^id = "attribution"\n', text, re.M)
        if not m:
            print("replay_compat: %s: @attribution without `within`, and its table not found" % commit, file=sys.stderr)
            return 1
        text = text[:m.end()] + "within = %d\n" % consts["ATTRIBUTION_WITHIN"] + text[m.end():]
        open(path, "w", encoding="utf-8").write(text)
        added.append("within = %d on @attribution (ATTRIBUTION_WITHIN)" % consts["ATTRIBUTION_WITHIN"])
    for a in added:
        print("replay_compat: %s: added %s" % (commit, a))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
