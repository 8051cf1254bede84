#!/usr/bin/env bash
# Refits rules/pair-weights.toml to the judged pairing sets and measures the fit with eval-pairs itself, leave one
# set out (docs/rules.md › Pair weights). Run from the repository root after `cargo build --release`:
#
#   benches/pair_weights.sh [-b BIN] [-j JOBS] [-f FROM] OUT
#
# 1. Each judged set (fixtures/pairs-dev.json, pairs-holdout.json, pairs-holdout2.json,
#    fixtures/held-out/pairs-holdout*.json) is indexed over exactly its own `corpus` (OUT/idx/NAME) and its
#    candidates dumped with their raw parts (eval-pairs --dump-candidates 3000, OUT/dump/NAME.json).
# 2. benches/pair_weights_fit.py fits the weights (OUT/pair-weights.toml on every set, OUT/fold/NAME.toml
#    without NAME) by coordinate ascent on the simulated assignment, starting from rules/pair-weights.toml or
#    from the [pair_weights] file FROM (session 38 started from the hand-set values, docs/rules.md).
# 3. eval-pairs scores every set three ways, each with a copy of rules/ whose pair-weights.toml is replaced:
#    the current file, the set's out-of-fold weights, the all-set fit; per set and pooled, with the English
#    external statements apart. To ship the fit: copy OUT/pair-weights.toml over rules/pair-weights.toml (keep its
#    header comment up to date), rebuild, `twovoices rules check`.
# Takes about 10 min on two cores; OUT holds ~70 MB of indexes (delete it after).
set -euo pipefail
BIN=target/release/twovoices; JOBS=1; FROM=rules/pair-weights.toml
while getopts "b:j:f:" o; do case $o in b) BIN=$OPTARG;; j) JOBS=$OPTARG;; f) FROM=$OPTARG;; *) sed -n 2,19p "$0"; exit 2;; esac; done
shift $((OPTIND-1))
OUT=${1:?usage: benches/pair_weights.sh [-b BIN] [-j JOBS] OUT}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
mkdir -p "$OUT/idx" "$OUT/dump" "$OUT/eval"
OUT=$(cd "$OUT" && pwd)
SETS="fixtures/pairs-dev.json fixtures/pairs-holdout.json fixtures/pairs-holdout2.json"
for g in $(ls fixtures/held-out/pairs-holdout*.json | sort -V); do SETS="$SETS $g"; done
corpus_of() { python3 benches/pairs_corpus.py "$1"; }
dump_one() {
  local g=$1 n; n=$(basename "$g" .json)
  rm -rf "$OUT/idx/$n"
  # shellcheck disable=SC2046
  "$BIN" index --index "$OUT/idx/$n" $(corpus_of "$g") >/dev/null 2>"$OUT/idx/$n.err"
  "$BIN" eval-pairs "$g" --index "$OUT/idx/$n" --format json --dump-candidates 3000 > "$OUT/dump/$n.json"
}
export -f dump_one corpus_of; export BIN OUT
printf '%s\n' $SETS | xargs -P "$JOBS" -I{} bash -c 'dump_one {}'
python3 benches/pair_weights_fit.py "$OUT/dump" "$OUT" --made-with rules/pair-weights.toml --from "$FROM"
# eval-pairs with a rules folder whose pair-weights.toml is the one given (the index stays valid: the pair weights
# are no part of classification).
eval_with() {
  local weights=$1 g=$2 tag=$3 n; n=$(basename "$g" .json)
  local dir="$OUT/rules-$tag-$n"; rm -rf "$dir"; mkdir -p "$dir"
  cp rules/*.toml "$dir/"; cp "$weights" "$dir/pair-weights.toml"
  "$BIN" eval-pairs "$g" --index "$OUT/idx/$n" --rules "$dir" --format json > "$OUT/eval/$tag-$n.json" 2>/dev/null
  rm -rf "$dir"
}
for g in $SETS; do
  n=$(basename "$g" .json)
  eval_with rules/pair-weights.toml "$g" start
  eval_with "$OUT/fold/$n.toml" "$g" oof
  eval_with "$OUT/pair-weights.toml" "$g" all
done
python3 - "$OUT" $SETS <<'PY'
import json, os, sys
sys.path.insert(0, 'benches')
from pairs_corpus import statement_langs
out = sys.argv[1]
lang = statement_langs()
tot = {t: [0, 0, 0] for t in ('start', 'oof', 'all')}
down = 0
print(f"{'set':18s} {'judged':>6s} {'start':>6s} {'oof':>6s} {'all':>6s}   (eval-pairs, acceptable partners)")
for g in sys.argv[2:]:
    n = os.path.basename(g)[:-5]
    row = {}
    for t in tot:
        m = json.load(open(f'{out}/eval/{t}-{n}.json'))
        row[t] = m['overall']['acceptable']
        tot[t][0] += m['overall']['acceptable']; tot[t][1] += m['overall']['judged']
        tot[t][2] += sum(i['outcome'] == 'acceptable' for i in m['items'] if lang.get(i['external']) == 'en')
    down += row['oof'] < row['start']
    print(f"{n:18s} {m['overall']['judged']:6d} {row['start']:6d} {row['oof']:6d} {row['all']:6d}")
for t, (a, j, e) in tot.items():
    print(f"pooled {t:6s} {a:5d} / {j:5d}   English externals {e}")
print(f"sets lower out of fold than with the start weights: {down} of {len(sys.argv) - 2}")
PY
