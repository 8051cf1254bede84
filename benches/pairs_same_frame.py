#!/usr/bin/env python3
"""Same-frame ranking on the development half: how often the judges' acceptable partner shares a frame with the
chosen one, what separates the two, and what extra score terms would do (session 57, pairs57).

    benches/score_pairs.sh -s dev -d 3000 OUT               # the development half, every candidate dumped
    python3 benches/pairs_same_frame.py OUT [THEME] [--simulate]

Every `related` or unpaired judged external is put in one kind: unpaired; no acceptable candidate dumped; its
acceptable candidates all on frames the chosen partner did not fire; every acceptable candidate on a shared frame
held by another judged external (capacity); or an acceptable candidate on a shared frame left free (the same-frame
ranking miss, split by whether the two fired identical frame sets). For the ranking misses the first free
acceptable candidate is set against the chosen partner feature by feature (acc> / acc< / ==); for the hits, the
chosen acceptable partner against the best non-acceptable candidate sharing a frame with it. A feature that the
judges follow and the score misses shows the same direction on both; a feature the score already uses shows
opposite directions (the selection itself).

With --simulate (needs numpy and scipy): each extra multiplicative term on the dumped scores, through the
assignment `eval-pairs` makes (benches/pair_weights_fit.py's recomputation and assignment over the judged
externals), with the fixed and broken counts, then the hub share (below) chosen leave one set out. The hub share of
an internal candidate: the share of its set's judged externals of the theme for which it scores within a fraction
of that external's best candidate. Development dumps only: score_pairs.sh dumps no check-half candidates.
docs/rules.md › "The pairing round of session 57" has the figures.
"""
import collections
import glob
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pairs_stance_kinds import kind as stance_kind  # noqa: E402


def feats(c):
    """The candidate's features: those the score uses (score, opp, subject, length, zh, named, missed) and those it
    does not (the others)."""
    conc = sum(len(r['concepts']) for r in c['reasons'] if r['kind'] == 'same_concepts')
    iterms = [t for r in c['reasons'] if r['kind'] == 'frame' for t in (r.get('internal_terms') or [])]
    p, raw = c['parts'], c['raw']
    return {
        'score': c['score'], 'opp': p['opposition'], 'subject': p['subject'], 'nframes': p['frames_fired'],
        'nconc': conc, 'n_iterms': len(set(iterms)), 'iterm_len': max([len(t) for t in iterms] or [0]),
        'length': raw['length'], 'zh': c['lang'] == 'zh', 'int_only': p['internal_only'],
        'ext_only': p['external_only'], 'years': p['years_apart'],
        'terms_mean': sum(f['terms'] for f in raw['frames']) / max(1, len(raw['frames'])),
        'named': raw['subject_named'], 'missed': p['subjects_missed'],
    }


def sides(a, b):
    return 'acc>' if a > b else 'acc<' if a < b else '=='


def describe(out, theme):
    kinds, by_theme, stances = collections.Counter(), collections.Counter(), collections.Counter()
    miss, hit = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
    gaps = []
    for f in sorted(glob.glob(os.path.join(out, 'eval', '*.json'))):
        items = json.load(open(f)).get('candidates', [])
        taken = {(c['theme'], c['partner']) for c in items if c['partner']}
        for c in items:
            if theme and c['theme'] != theme:
                continue
            cs = c['candidates']
            chosen = next((x for x in cs if x['id'] == c['partner']), None)
            if c['outcome'] == 'acceptable':
                other = next((x for x in cs if x['verdict'] != 'acceptable'
                              and set(x['frames']) & set(chosen['frames'])), None)
                if other:
                    fa, fo = feats(chosen), feats(other)
                    for k in fa:
                        hit[k][sides(fa[k], fo[k])] += 1
                continue
            if chosen is None:
                kinds['unpaired'] += 1
                continue
            accs = [x for x in cs if x['verdict'] == 'acceptable']
            same = [x for x in accs if set(x['frames']) & set(chosen['frames'])]
            free = [x for x in same if (c['theme'], x['id']) not in taken]
            if not accs:
                kinds['no acceptable candidate dumped'] += 1
            elif not same:
                kinds['acceptable only on other frames'] += 1
            elif not free:
                kinds['same frame, every acceptable held by another external (capacity)'] += 1
            else:
                a = free[0]
                ident = set(a['frames']) == set(chosen['frames'])
                kinds['same frame, an acceptable left free' + (' (identical frames)' if ident else ' (overlapping)')] += 1
                by_theme[c['theme']] += 1
                gaps.append(chosen['score'] - a['score'])
                fa, fo = feats(a), feats(chosen)
                for k in fa:
                    miss[k][sides(fa[k], fo[k])] += 1
                if c['theme'] == 'indigenization':
                    stances[(stance_kind(a), stance_kind(chosen))] += 1
    print('misses by kind:')
    for k, v in kinds.most_common():
        print(f'  {v:4d}  {k}')
    print('same-frame ranking misses by theme:', dict(sorted(by_theme.items())))
    if gaps:
        gaps.sort()
        print(f'score gap, chosen less free acceptable: median {statistics.median(gaps):.3f}, quartiles '
              f'{gaps[len(gaps) // 4]:.3f} {gaps[3 * len(gaps) // 4]:.3f}; within 0.02: '
              f'{sum(g <= 0.02 for g in gaps)}, within 0.05: {sum(g <= 0.05 for g in gaps)} of {len(gaps)}')
    if stances:
        print('indigenization ranking misses, (acceptable kind, chosen kind):',
              ', '.join(f'{a}/{b} {v}' for (a, b), v in stances.most_common()))
    print(f"{'feature':12s} {'misses: acc> acc< ==':>22s}   {'hits: acc> acc< ==':>20s}")
    for k in miss or hit:
        m, h = miss[k], hit[k]
        print(f"{k:12s} {m['acc>']:8d}{m['acc<']:6d}{m['==']:6d}   {h['acc>']:8d}{h['acc<']:6d}{h['==']:6d}")


def simulate(out):
    import numpy as np
    import pair_weights_fit as P
    here = os.path.dirname(os.path.abspath(__file__))
    w = P.read_weights(os.path.join(here, '..', 'rules', 'pair-weights.toml'))
    d = P.Data(os.path.join(out, 'eval'), {})
    rows = [feats(c) for name in d.sets
            for item in json.load(open(os.path.join(out, 'eval', name + '.json'))).get('candidates', [])
            for c in item['candidates']]
    A = {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}
    s0 = d.scores(w, hub=False)  # before the hub bonus (session 58), whatever the file says: the terms below are against it
    base = d.assigned(s0)
    ends = np.r_[d.starts[1:], len(s0)]

    def hub(frac):
        near, share = np.zeros(len(s0), bool), np.zeros(len(s0))
        for st, en in zip(d.starts, ends):
            near[st:en] = s0[st:en] >= frac * s0[st:en].max()
        for _, idx, _rows, cols, ex, _acc in d.groups:
            cnt = np.bincount(cols, weights=near[idx].astype(float), minlength=cols.max() + 1)
            share[idx] = cnt[cols] / max(len(ex), 1)
        return share

    def run(extra):
        return d.assigned(np.clip(s0 * extra, 0, 1))

    def sat(x, n):
        return np.minimum(x, n) / n

    terms = {'internal terms (of 3)': sat(A['n_iterms'], 3), 'shared concepts (of 3)': sat(A['nconc'], 3),
             'longest internal term (of 6)': sat(A['iterm_len'], 6), 'frames fired (of 3)': sat(A['nframes'], 3),
             'external words unmatched': -A['ext_only'], 'internal words unmatched': -A['int_only']}
    terms.update({f'hub share at {f}': hub(f) for f in (0.8, 0.9, 0.95)})
    terms['hub share at 0.9, negated'] = -hub(0.9)
    print(f'shipped (hub bonus off): {int(base.sum())} of {d.n_ext}')
    for name, t in terms.items():
        for k in (0.02, 0.05, 0.1, 0.2, 0.3):
            ok = run(1 + k * t)
            print(f'  {name:30s} {k:4}: {int(ok.sum()):5d}  +{int((ok & ~base).sum())} -{int((base & ~ok).sum())}')
    configs = [(f, k) for f in (0.8, 0.9, 0.95) for k in (0.05, 0.1, 0.2, 0.3)]
    per = {c: d.per_set(run(1 + c[1] * hub(c[0]))) for c in configs}
    b = d.per_set(base)
    oof = 0
    for i in range(len(d.sets)):
        m = np.arange(len(d.sets)) != i
        best = max(configs, key=lambda c: (per[c][m].sum() - b[m].sum(), -c[1]))
        oof += per[best][i] if per[best][m].sum() > b[m].sum() else b[i]
    print(f'hub share, (fraction, bonus) chosen leave one set out: {int(oof)} against {int(b.sum())} shipped')


def main():
    args = [a for a in sys.argv[1:] if a != '--simulate']
    describe(args[0], args[1] if len(args) > 1 else None)
    if '--simulate' in sys.argv:
        simulate(args[0])


if __name__ == '__main__':
    main()
