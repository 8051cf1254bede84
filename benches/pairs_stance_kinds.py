#!/usr/bin/env python3
"""Indigenization's home stance by kind, the judge's choice against the rules' (session 54, second part).

    benches/score_pairs.sh -s dev -d 3000 OUT          # the development half, every candidate dumped
    python3 benches/pairs_stance_kinds.py OUT [THEME] [--only SET]

Each candidate is classed by the home terms of the frames it fired: S (substitution: 国产化, 替代, 自主可控,
localisation, replace imports), B (cannot be bought: 买不来, 市场换技术, "cannot be bought"), D (dependence as a danger:
卡脖子, 受制于人, 命门, 隐患, chokepoints, "controlled by others"), in any combination, or '-' (none of them). Printed:
for the `related` misses, (accepted kind, chosen kind) of the first acceptable candidate and the chosen partner; for
the hits, (chosen kind, best other kind) of the chosen acceptable partner and the best non-acceptable candidate
sharing a frame with it. A kind the judges prefer shows on both sides in one direction. docs/rules.md › "The pairing
round of session 54, second part" has the figures. Only the development side's dumps exist (score_pairs.sh dumps
no check-half candidates); `--only SET` counts one set (e.g. pairs-holdout41), `--skip SET` leaves one out.
"""
import collections
import glob
import json
import os
import re
import sys

SUB = re.compile(r'国产替代|国产化|國產化|替代|自主可控|localis|localiz|substitut|replace|domestic alternative|備胎|备胎'
                 r'|spare tire|信创|自给率|自主品牌|国产品牌')
BUY = re.compile(r'买不来|買不來|讨不来|要不来|市场换|市場換|cannot be bought|can not be bought|money cannot|market cannot'
                 r'|cannot be begged|cannot be exchanged')
DANGER = re.compile(r'卡脖子|卡住|受制于人|受制於人|命门|命門|隐患|隱患|chokepoint|choke point|stranglehold|controlled by others'
                    r'|restricted by others|hands of others|对外依存|對外依存|进口依赖|依赖进口|dependen|命脉|reliance')


def kind(cand):
    terms = ' '.join(t for r in cand['reasons'] if r['kind'] == 'frame' for t in (r.get('internal_terms') or []))
    k = ''.join(c for c, rx in (('S', SUB), ('B', BUY), ('D', DANGER)) if rx.search(terms))
    return k or '-'


def main():
    args = sys.argv[1:]
    only = skip = None
    if '--only' in args:
        i = args.index('--only'); only = args[i + 1]; del args[i:i + 2]
    if '--skip' in args:
        i = args.index('--skip'); skip = args[i + 1]; del args[i:i + 2]
    out = args[0]
    theme = args[1] if len(args) > 1 else 'indigenization'
    miss, hit = collections.Counter(), collections.Counter()
    for f in sorted(glob.glob(os.path.join(out, 'eval', '*.json'))):
        name = os.path.basename(f)[:-5]
        if (only and name != only) or (skip and name.startswith(skip)):
            continue
        for c in json.load(open(f)).get('candidates', []):
            if c['theme'] != theme or not c['candidates']:
                continue
            cs = c['candidates']
            chosen = [x for x in cs if x['id'] == c['partner']]
            if c['outcome'] == 'acceptable':
                others = [x for x in cs if x['verdict'] != 'acceptable' and set(x['frames']) & set(chosen[0]['frames'])]
                if others:
                    hit[(kind(chosen[0]), kind(others[0]))] += 1
            elif c['outcome'] == 'related' and chosen and c['first_acceptable']:
                miss[(kind(cs[c['first_acceptable'] - 1]), kind(chosen[0]))] += 1
    print(f'{theme}: related misses, (accepted kind, chosen kind)')
    for k, v in miss.most_common():
        print(f'  {k[0]:>3} {k[1]:>3}  {v}')
    print(f'{theme}: hits, (chosen acceptable kind, best other kind sharing a frame)')
    for k, v in hit.most_common():
        print(f'  {k[0]:>3} {k[1]:>3}  {v}')


if __name__ == '__main__':
    main()
