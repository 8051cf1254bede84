import json,collections
cur=[json.loads(l) for l in open('/tmp/tv/stage.jsonl')]
c=collections.Counter()
for d in cur:
    a=d['gold']['audience']
    for t in d['gold']['themes'] or ['TRAP']: c[(t,a)]+=1
print(len(cur), collections.Counter(d['lang'] for d in cur))
for k in sorted(c): print(k,c[k])
