#!/usr/bin/env python3
"""A scratch measurement, not part of the build, of CI or of twovoices: would a discriminative model stacked
on the rules generalise better than the rules alone? (session 27; docs/history.md "Word models, session 23" and
"Blind sets of session 27"). It needs scikit-learn and opencc-python-reimplemented (`pip install
scikit-learn opencc-python-reimplemented`).

    mkdir -p /tmp/cls && for f in fixtures/*.jsonl fixtures/held-out/*.jsonl; do
      twovoices classify "$f" --format jsonl > /tmp/cls/$(basename "$f"); done
    python3 benches/check_stacked_model.py /tmp/cls b17    # train on every other file, score blind17
    python3 benches/check_stacked_model.py /tmp/cls loso   # each of blind6-17 held out in turn (blind17 never in training)

Features: the rules' own output for the statement (every rule that fired, the weight per precedence level
and label, the concepts, the predicted audience, its level, themes and theme scores, language, whether it
has metadata) and character 2-4-grams of speaker, role, venue and text after OpenCC t2s (TF-IDF). One
logistic regression for the audience and one per theme (scikit-learn defaults, C as given).
"""
import json, glob, os, re, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from scipy.sparse import hstack
import opencc
cc = opencc.OpenCC('t2s')
TH = ["ambition","indigenization","security","standards","military-civil-fusion"]
sets = {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.jsonl'))):
    name = os.path.basename(f)[:-6]
    rows = [json.loads(l) for l in open(f) if l.strip()]
    rows = [r for r in rows if r.get('gold')]
    if rows: sets[name] = rows
def text(r):
    return cc.convert(' '.join([r.get('speaker') or '', r.get('role') or '', r.get('venue') or '', '|', r['text']])).lower()
def ruled(r):
    c = r['classification']; d = {}
    for fr in c.get('fired', []):
        d['rule=' + fr['rule']] = 1
        d['lvl=%s:%s' % (fr.get('level'), fr['label'])] = d.get('lvl=%s:%s' % (fr.get('level'), fr['label']), 0) + fr['weight']
    for k in c.get('concepts', []): d['concept=' + k['concept']] = 1
    d['aud_pred=' + c['audience']] = 1
    d['aud_level=' + str(c.get('audience_level'))] = 1
    for t in c.get('themes') or []: d['theme_pred=' + t] = 1
    for t, v in (c.get('theme_scores') or {}).items(): d['tscore=' + t] = v
    d['lang=' + r['lang']] = 1
    d['nometa'] = int(not (r.get('speaker') or r.get('role') or r.get('venue')))
    return d
def run(train, test, words=True, C=1.0):
    tv = TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 4), min_df=2, sublinear_tf=True, max_features=200000)
    dv = DictVectorizer()
    Xtr = [dv.fit_transform([ruled(r) for r in train])]
    Xte = [dv.transform([ruled(r) for r in test])]
    if words:
        Xtr.append(tv.fit_transform([text(r) for r in train])); Xte.append(tv.transform([text(r) for r in test]))
    Xtr = hstack(Xtr).tocsr(); Xte = hstack(Xte).tocsr()
    ya = np.array([r['gold']['audience'] == 'external' for r in train])
    m = LogisticRegression(C=C, max_iter=3000).fit(Xtr, ya)
    pa = m.predict(Xte)
    pt = {}
    for t in TH:
        y = np.array([t in r['gold']['themes'] for r in train])
        pt[t] = LogisticRegression(C=C, max_iter=3000, class_weight=None).fit(Xtr, y).predict(Xte)
    out = []
    for i, r in enumerate(test):
        out.append(('external' if pa[i] else 'internal', {t for t in TH if pt[t][i]}))
    return out
def score(test, preds):
    n = len(test); aud = sum(p[0] == r['gold']['audience'] for r, p in zip(test, preds))
    en = [(r, p) for r, p in zip(test, preds) if r['lang'] == 'en']; zh = [(r, p) for r, p in zip(test, preds) if r['lang'] != 'en']
    f1s = []
    for t in TH:
        tp = sum(t in p[1] and t in r['gold']['themes'] for r, p in zip(test, preds))
        fp = sum(t in p[1] and t not in r['gold']['themes'] for r, p in zip(test, preds))
        fn = sum(t not in p[1] and t in r['gold']['themes'] for r, p in zip(test, preds))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    traps = [(r, p) for r, p in zip(test, preds) if not r['gold']['themes']]
    return dict(n=n, aud=round(aud / n, 3), en=round(sum(p[0] == r['gold']['audience'] for r, p in en) / max(1, len(en)), 3),
                zh=round(sum(p[0] == r['gold']['audience'] for r, p in zh) / max(1, len(zh)), 3),
                macro=round(sum(f1s) / 5, 3), f1=[round(x, 2) for x in f1s], traps='%d/%d' % (sum(not p[1] for r, p in traps), len(traps)))
def rules_pred(test):
    return [(r['classification']['audience'], set(r['classification'].get('themes') or [])) for r in test]
blinds = [k for k in sets if re.match(r'blind(6|7|8|9|1\d)$', k)]
mode = sys.argv[2] if len(sys.argv) > 2 else 'b17'
if mode == 'b17':
    test = sets['blind17']; train = [r for k, v in sets.items() if k != 'blind17' for r in v]
    print('train', len(train), 'test', len(test))
    print('rules       ', score(test, rules_pred(test)))
    for C in (0.3, 1, 3, 10):
        print('stack C=%-4s' % C, score(test, run(train, test, C=C)))
    print('stack noword', score(test, run(train, test, words=False)))
else:
    allr, alls = [], []
    for b in sorted(blinds):
        test = sets[b]; train = [r for k, v in sets.items() if k != b and k != 'blind17' for r in v]
        p = run(train, test); allr += rules_pred(test); alls += p
    tests = [r for b in sorted(blinds) for r in sets[b]]
    print('LOSO blind6-17 rules', score(tests, allr)); print('LOSO blind6-17 stack', score(tests, alls))
