#!/usr/bin/env python3
"""The development misses that no specific frame reaches, listed for sorting by kind (session 55, pairs55).

    benches/score_pairs.sh -s dev -d 3000 OUT          # the development half, every candidate dumped
    python3 benches/pairs_no_frame.py OUT

For every judged external of the dumps that missed, the frames that fired on any of its candidates: `nospec` when
none is a specific frame (only broad ones, or no frame at all: an external with no frame gets no partner), and
`acc-not-on-spec` when some specific frame fired but no acceptable candidate shares one. Each is printed with its
set, theme, outcome, the rank of its first acceptable candidate and the opening of its text, to be sorted by hand
into kinds of outward stance (docs/rules.md › "The pairing round of session 55"). Only the development side's dumps
exist (score_pairs.sh dumps no check-half candidates). The broad frames are read from rules/frames.toml.
"""
import collections
import glob
import json
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    out = sys.argv[1]
    with open(os.path.join(ROOT, 'rules', 'frames.toml'), 'rb') as f:
        broad = {fr['id'] for fr in tomllib.load(f)['frame'] if fr.get('broad')}
    texts, tot, rows = {}, collections.Counter(), []
    for f in sorted(glob.glob(os.path.join(out, 'eval', '*.json'))):
        name = os.path.basename(f)[:-5]
        judged = os.path.join(ROOT, 'fixtures', name + '.json')
        if not os.path.exists(judged):
            judged = os.path.join(ROOT, 'fixtures', 'held-out', name + '.json')
        for path in json.load(open(judged))['corpus']:
            full = os.path.join(ROOT, path)
            if path not in texts and os.path.exists(full):
                texts[path] = {r['id']: r.get('text', '') for r in map(json.loads, filter(str.strip, open(full)))}
        for c in json.load(open(f)).get('candidates', []):
            if c['outcome'] == 'acceptable':
                continue
            cs = c['candidates']
            spec = {fr for x in cs for fr in x['frames']} - broad
            acc_spec = [x for x in cs if x.get('verdict') == 'acceptable' and set(x['frames']) - broad]
            kind = 'nospec' if not spec else ('acc-not-on-spec' if not acc_spec else 'acc-on-spec')
            tot[(kind, c['theme'])] += 1
            if kind != 'acc-on-spec':
                text = next((t[c['external']] for t in texts.values() if c['external'] in t), '')
                rows.append((kind, name, c['external'], c['theme'], c['outcome'], c.get('first_acceptable'),
                             sorted(spec), text[:300].replace('\n', ' ')))
    for k, v in sorted(tot.items()):
        print(f'{k[0]:16} {k[1]:22} {v}')
    for r in rows:
        print(*r[:7])
        print('    ', r[7])


if __name__ == '__main__':
    main()
