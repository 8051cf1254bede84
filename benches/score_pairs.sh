#!/usr/bin/env bash
# Scores the pairing on every judged pairing set, each over an index of exactly its own corpus, and pools the
# figures per half (docs/rules.md › "The pairing round of session 48"). Run from the repository root after
# `cargo build --release --locked`:
#
#   benches/score_pairs.sh [-b BIN] [-i IBIN] [-r RULES] [-j JOBS] [-d N] [-e "EVAL-PAIRS OPTIONS"] [-s dev|check|all] OUT
#
# -b BIN    the binary (default target/release/twovoices)
# -i IBIN   the binary that builds the indexes (default BIN): a change of the pairing code alone is scored by BIN
#           over the indexes IBIN built (and keyed by), so two binaries share one OUT/idx
# -e OPTS   more options for `eval-pairs` (for example "--reuse 2 --distinct-floor 0.8")
# -r RULES  a rules folder, passed as --rules to `index` and `eval-pairs` (frames are found when a statement is
#           classified and stored in the index, so the index is built with the same rules); default: the rules
#           compiled into BIN
# -j JOBS   sets scored at once (default 1)
# -d N      also dump the N best candidates of every judged statement of the development side
#           (eval-pairs --dump-candidates N; never for the check half)
# -s HALF   score only the development half, only the check half, or all (default)
# OUT       a working folder: OUT/idx/KEY (indexes, reused when the binary, the rules and the corpus files' bytes
#           are the same), OUT/eval/NAME.json (eval-pairs' JSON), OUT/summary.txt
#
# Sets: fixtures/pairs-dev.json, pairs-holdout.json, pairs-holdout2.json and fixtures/held-out/pairs-holdout*.json.
# A set's half is its number's parity, with its `b` (English) or `c` (judged on blindN's externals) suffix dropped.
# Halves: the development half is the odd-numbered held-out sets (with the odd `b` sets); the check half the
# even-numbered ones. The top-level sets are printed apart, and in the wider pools of sessions 44–47 (development
# with pairs-dev and pairs-holdout, check with pairs-holdout2). The check half is printed as aggregates only: no
# per-set figure, no item.
#
# Each half is also printed split into its older sets and its newest (pairs41 on, judged since session 54), whose
# indigenization judgements were stricter than the judging standard until session 60 re-judged them to it
# (docs/collecting.md); the split stays so the newest sets' figures are seen apart.
# Figures: acceptable = judged externals whose partner the judge accepts (P@1 all: an external with no partner is a
# miss); coverage = externals that got a partner; distinct = distinct internal partners over the pairs (themes
# summed, as eval-pairs counts them); English = the same for English externals.
set -euo pipefail
BIN=target/release/twovoices; IBIN=; EOPTS=; RULES=; JOBS=1; DUMP=0; HALF=all
while getopts "b:i:r:j:d:e:s:" o; do
  case $o in
    b) BIN=$OPTARG;; i) IBIN=$OPTARG;; e) EOPTS=$OPTARG;; r) RULES=$OPTARG;; j) JOBS=$OPTARG;; d) DUMP=$OPTARG;; s) HALF=$OPTARG;;
    *) sed -n 2,31p "$0"; exit 2;;
  esac
done
shift $((OPTIND-1))
OUT=${1:?usage: benches/score_pairs.sh [-b BIN] [-r RULES] [-j JOBS] [-d N] [-s dev|check|all] OUT}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
IBIN=${IBIN:-$BIN}
IBIN=$(cd "$(dirname "$IBIN")" && pwd)/$(basename "$IBIN")
mkdir -p "$OUT/idx" "$OUT/eval"
OUT=$(cd "$OUT" && pwd)
RULES_ARG=()
if [ -n "$RULES" ]; then RULES=$(cd "$RULES" && pwd); RULES_ARG=(--rules "$RULES"); fi

half_of() {
  case $(basename "$1" .json) in
    pairs-dev|pairs-holdout) echo top-dev;;
    pairs-holdout2) echo top-check;;
    *) local n; n=$(basename "$1" .json); n=${n#pairs-holdout}; n=${n%[bc]}
       if [ $((n % 2)) -eq 1 ]; then echo dev; else echo check; fi;;
  esac
}
SETS=
for g in fixtures/pairs-dev.json fixtures/pairs-holdout.json fixtures/pairs-holdout2.json \
         $(ls fixtures/held-out/pairs-holdout*.json | sort -V); do
  h=$(half_of "$g")
  case $HALF in
    dev) [[ $h == *dev ]] || continue;;
    check) [[ $h == *check ]] || continue;;
  esac
  SETS="$SETS $g"
done

corpus_of() { python3 benches/pairs_corpus.py "$1"; }
# The index key: the binary, the rules folder's files and the corpus files' bytes.
RULES_SUM=$( { sha256sum "$IBIN"; if [ -n "$RULES" ]; then cat "$RULES"/*.toml; fi; } | sha256sum | cut -c1-16)
score_one() {
  local g=$1 n corpus key idx
  n=$(basename "$g" .json)
  corpus=$(corpus_of "$g")
  # shellcheck disable=SC2086
  key=$( { echo "$RULES_SUM"; cat $corpus; } | sha256sum | cut -c1-16)
  idx="$OUT/idx/$key"
  # Sets with the same corpus share one index (pairs-dev and pairs-holdout do): with -j 2 two jobs could build it at
  # once, one removing what the other was writing or reading (session 61 saw pairs-holdout score 0 of 41 so). The
  # lock makes the second wait for the first's `.done`.
  (
    flock 9
    if [ ! -f "$idx/.done" ]; then
      rm -rf "$idx"
      # shellcheck disable=SC2086
      "$IBIN" index --index "$idx" "${RULES_ARG[@]}" $corpus >/dev/null 2>"$OUT/idx/$key.err"
      touch "$idx/.done"
    fi
  ) 9>"$OUT/idx/$key.lock"
  local dump=()
  # Candidates are dumped on the development side only: the check half's are never read.
  if [ "$DUMP" -gt 0 ] && [[ $(half_of "$g") == *dev ]]; then dump=(--dump-candidates "$DUMP"); fi
  # shellcheck disable=SC2086
  "$BIN" eval-pairs "$g" --index "$idx" "${RULES_ARG[@]}" "${dump[@]}" $EOPTS --format json >"$OUT/eval/$n.json" 2>/dev/null
}
export -f score_one corpus_of half_of; export BIN IBIN EOPTS OUT RULES RULES_SUM DUMP
# Arrays do not cross `export`: rebuild RULES_ARG inside each job.
printf '%s\n' $SETS | xargs -P "$JOBS" -I{} bash -c \
  'RULES_ARG=(); if [ -n "$RULES" ]; then RULES_ARG=(--rules "$RULES"); fi; score_one "$1"' _ {}

python3 - "$OUT" $SETS <<'PY' | tee "$OUT/summary.txt"
import json, os, sys
sys.path.insert(0, 'benches')
from pairs_corpus import statement_langs
out, sets = sys.argv[1], sys.argv[2:]
lang = statement_langs()

def half(name):
    if name in ('pairs-dev', 'pairs-holdout'):
        return 'top-dev'
    if name == 'pairs-holdout2':
        return 'top-check'
    n = int(name[len('pairs-holdout'):].rstrip('bc'))
    return 'dev' if n % 2 else 'check'

def tally(names):
    t = dict(judged=0, acceptable=0, partnered=0, distinct=0, en=0, en_acc=0, en_part=0)
    themes = {}
    for n in names:
        d = json.load(open(os.path.join(out, 'eval', n + '.json')))
        o = d['overall']
        t['judged'] += o['judged']; t['acceptable'] += o['acceptable']
        t['partnered'] += o['partnered']; t['distinct'] += o['distinct_partners']
        for it in d['items']:
            en = lang.get(it['external']) == 'en'
            th = themes.setdefault(it['theme'], [0, 0])
            th[1] += 1
            if it['outcome'] == 'acceptable':
                th[0] += 1
            if en:
                t['en'] += 1
                t['en_acc'] += it['outcome'] == 'acceptable'
                t['en_part'] += it.get('partner') is not None
    return t, themes

def line(label, names):
    t, themes = tally(names)
    j = t['judged'] or 1
    p = t['partnered'] or 1
    th = ', '.join('%s %d/%d' % (k, v[0], v[1]) for k, v in sorted(themes.items()))
    return ('%-34s acceptable %4d of %4d (%.3f)  coverage %4d (%.3f)  distinct %4d/%d (%.3f)  '
            'English %d of %d (coverage %d)\n%34s %s') % (
        label, t['acceptable'], t['judged'], t['acceptable'] / j, t['partnered'], t['partnered'] / j,
        t['distinct'], t['partnered'], t['distinct'] / p, t['en_acc'], t['en'], t['en_part'], '', th)

names = [os.path.basename(s)[:-5] for s in sets]
by = {}
for n in names:
    by.setdefault(half(n), []).append(n)
for n in by.get('dev', []) + by.get('top-dev', []):
    o = json.load(open(os.path.join(out, 'eval', n + '.json')))['overall']
    print('%-20s %3d of %3d  coverage %3d  distinct %3d' % (n, o['acceptable'], o['judged'], o['partnered'],
                                                              o['distinct_partners']))
print()
def newest(name):
    # The sets judged since session 54 (pairs41 on): stricter in indigenization than the judging standard
    # until session 60 re-judged them to it (docs/collecting.md); every figure is still reported on the older
    # and the newest sets apart, because the newest are the ones judged by the written standard.
    return int(name[len('pairs-holdout'):].rstrip('bc')) >= NEWEST

NEWEST = 41
if by.get('dev'):
    print(line('development half (odd sets)', by['dev']))
    old = [n for n in by['dev'] if not newest(n)]
    new = [n for n in by['dev'] if newest(n)]
    if old and new:
        print(line('  older odd sets (3-39b)', old))
        print(line('  newest odd sets (41-)', new))
if by.get('check'):
    print(line('check half (even sets)', by['check']))
    old = [n for n in by['check'] if not newest(n)]
    new = [n for n in by['check'] if newest(n)]
    if old and new:
        print(line('  older even sets (4-40b)', old))
        print(line('  newest even sets (42-)', new))
if by.get('top-dev'):
    print(line('pairs-dev + pairs-holdout', by['top-dev']))
if by.get('top-check'):
    print(line('pairs-holdout2', by['top-check']))
if by.get('dev') and by.get('top-dev'):
    print(line('development pool (with top-level)', by['dev'] + by['top-dev']))
if by.get('check') and by.get('top-check'):
    print(line('check pool (with pairs-holdout2)', by['check'] + by['top-check']))
PY
