#!/usr/bin/env bash
# Historical replay of the judged pairing sets: each blind pairing set scored again by the rules (frames, concepts,
# pair weights, the stacked theme model as shipped) and the corpus of the commit it was scored on, so the set is still
# unseen by the rules, but with the pairing code of BIN. It judges changes to the pairing code (scoring, ranking, the
# assignment) on ~800 judged external statements that were truly blind to the frames of their time, instead of on
# one new pair of sets a session (docs/rules.md › "Historical replay of the pairing sets"). Run from the repository
# root after `cargo build --release --locked`:
#
#   benches/replay_pairs.sh [-b BIN] [-i IBIN] [-j JOBS] [-s SPLIT] [-w WEIGHTS] [-e "EVAL-PAIRS OPTIONS"] [-d N]
#                           [-x CACHE] OUT
#
# -b BIN    the binary (default target/release/twovoices)
# -i IBIN   the binary that builds the indexes (default BIN): a change of the pairing code alone (the assignment,
#           the scorer) is scored by BIN over the indexes IBIN built, so two binaries share one CACHE
# -j JOBS   sets replayed at once (default 1; each index takes ~1 min on one core)
# -s SPLIT  sel: the selection sets (odd: pairs-holdout31, 31b, 33, 33b, 35, 35b, 37, 37b), conf: the confirmation
#           sets (even: 32, 32b, 34, 34b, 36, 36b), all (default): 454 judged externals, the figures documented
#           before session 51's second part. sel-all, conf-all, every: the same with pairs-holdout22–30b too (odd N
#           to sel-all: 23, 23b … 29b; even to conf-all: 22, 22b … 30b), 1,109 judged externals. Or a list of set
#           names ("25 25b"). Choose a variant on a selection split, then confirm it once on the confirmation split.
# -w FILE   a `[pair_weights]` file put in place of each commit's rules/pair-weights.toml (a change of weights is a
#           change of the pairing code's settings, judged like one); default: each commit's own file
# -e OPTS   more options for `eval-pairs` (for example "--reuse 2")
# -d N      also dump the N best candidates of every judged external of the selection sets to OUT/N/dump.json
#           (eval-pairs --dump-candidates N, for reading their misses and for benches/pair_weights_fit.py; never for
#           the confirmation sets)
# -x CACHE  where the indexes are kept (default OUT/idx): CACHE/KEY, one per set, reused while BIN, the commit's rule
#           files (but its pair weights, which no index holds) and the corpus are the same; give several runs one
#           CACHE to index once
# OUT       a working folder: OUT/N/{rules,fixtures} (the commit's files, with the set's statements and gold as they
#           were added), OUT/N/eval.json (eval-pairs' JSON), OUT/summary.txt (benches/replay_pairs_score.py)
#
# A set's commit is the parent of the commit that added fixtures/held-out/pairs-holdoutN.json; its statements
# (pairsN.jsonl) and gold are taken as that commit added them. Commits before session 44 had the who's-who's
# vocabularies built in; benches/replay_compat.py adds them to the commit's rules as the lists today's binary reads.
# pairs-holdout22–37b replay the figure each scored when blind, exactly; 7–21 load but their figures differ (the
# pairing code has changed since: 8, 12 and 13 match by count alone), 3–6 do not load (docs/rules.md › "Historical
# replay of the pairing sets").
set -euo pipefail
BIN=target/release/twovoices; IBIN=; JOBS=1; SPLIT=all; WEIGHTS=; EOPTS=; DUMP=0; CACHE=
while getopts "b:i:j:s:w:e:d:x:" o; do
  case $o in
    b) BIN=$OPTARG;; i) IBIN=$OPTARG;; j) JOBS=$OPTARG;; s) SPLIT=$OPTARG;; w) WEIGHTS=$OPTARG;; e) EOPTS=$OPTARG;; d) DUMP=$OPTARG;; x) CACHE=$OPTARG;;
    *) sed -n 2,32p "$0"; exit 2;;
  esac
done
shift $((OPTIND-1))
OUT=${1:?usage: benches/replay_pairs.sh [-b BIN] [-j JOBS] [-s sel|conf|all] [-w WEIGHTS] [-e OPTS] [-d N] [-x CACHE] OUT}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
IBIN=${IBIN:-$BIN}
IBIN=$(cd "$(dirname "$IBIN")" && pwd)/$(basename "$IBIN")
if [ -n "$WEIGHTS" ]; then WEIGHTS=$(cd "$(dirname "$WEIGHTS")" && pwd)/$(basename "$WEIGHTS"); fi
mkdir -p "$OUT" "${CACHE:=$OUT/idx}"
OUT=$(cd "$OUT" && pwd); CACHE=$(cd "$CACHE" && pwd)
ROOT=$(pwd)

case $SPLIT in
  sel) SETS="31 31b 33 33b 35 35b 37 37b";; conf) SETS="32 32b 34 34b 36 36b";;
  all) SETS="31 31b 32 32b 33 33b 34 34b 35 35b 36 36b 37 37b";;
  sel-all) SETS="23 23b 25 25b 27 27b 29 29b 31 31b 33 33b 35 35b 37 37b";;
  conf-all) SETS="22 22b 24 24b 26 26b 28 28b 30 30b 32 32b 34 34b 36 36b";;
  every) SETS="22 22b 23 23b 24 24b 25 25b 26 26b 27 27b 28 28b 29 29b 30 30b 31 31b 32 32b 33 33b 34 34b 35 35b 36 36b 37 37b";;
  [0-9]*) SETS=$SPLIT;;
  *) echo "replay_pairs: -s is sel, conf, all, sel-all, conf-all, every or a list of set names" >&2; exit 2;;
esac

replay_one() {
  local n=$1 gold added commit dir stmts corpus key idx
  gold=fixtures/held-out/pairs-holdout$n.json
  stmts=fixtures/held-out/pairs$n.jsonl
  added=$(git log --diff-filter=A --format=%H -- "$gold" | tail -1)
  commit=$(git rev-parse "$added^")
  dir=$OUT/$n
  mkdir -p "$dir"
  rm -rf "$dir/rules" "$dir/fixtures"
  git archive "$commit" rules fixtures | tar -x -C "$dir"
  python3 "$ROOT/benches/replay_compat.py" "$commit" "$dir/rules" > "$dir/compat.log"
  mkdir -p "$dir/fixtures/held-out"
  git show "$added:$stmts" > "$dir/$stmts"
  git show "$added:$gold" > "$dir/gold.json"
  # A b set's corpus may name its companion's statements (pairs22b: pairs22.jsonl), added by the same commit.
  local f
  for f in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["corpus"]))' "$dir/gold.json"); do
    case $f in
      fixtures/held-out/*) if [ ! -e "$dir/$f" ]; then git show "$added:$f" > "$dir/$f"; fi;;
    esac
  done
  if [ -n "$WEIGHTS" ]; then cp "$WEIGHTS" "$dir/rules/pair-weights.toml"; fi
  # The corpus as the set names it, resolved in the commit's tree (a set's own statements sit in held-out/).
  corpus=$(cd "$dir" && python3 "$ROOT/benches/pairs_corpus.py" gold.json)
  # shellcheck disable=SC2086
  key=$( { sha256sum "$IBIN"; find "$dir/rules" -name '*.toml' ! -name pair-weights.toml | sort | xargs cat;
          cd "$dir" && cat $corpus; } | sha256sum | cut -c1-16)
  idx=$CACHE/$key
  # Two sets of one commit may share a corpus, so a key: the first job to take the lock indexes, the other waits.
  (
    flock 9
    if [ ! -f "$idx/.done" ]; then
      rm -rf "$idx"
      # shellcheck disable=SC2086
      (cd "$dir" && "$IBIN" index --index "$idx" --rules rules $corpus > index.log 2>&1)
      touch "$idx/.done"
    fi
  ) 9> "$idx.lock"
  # shellcheck disable=SC2086
  (cd "$dir" && "$BIN" eval-pairs gold.json --index "$idx" --rules rules --format json $EOPTS > eval.json 2> eval.log)
  # Candidates are dumped for the selection (odd) sets only: the confirmation sets' are never read.
  if [ "$DUMP" -gt 0 ] && [ $(( ${n%[bc]} % 2 )) -eq 1 ]; then
    # shellcheck disable=SC2086
    (cd "$dir" && "$BIN" eval-pairs gold.json --index "$idx" --rules rules --format json $EOPTS \
       --dump-candidates "$DUMP" > dump.json 2>> eval.log)
  fi
  echo "pairs-holdout$n $(git rev-parse --short "$commit") done"
}
export -f replay_one
export OUT BIN IBIN WEIGHTS EOPTS ROOT DUMP CACHE
# shellcheck disable=SC2086
printf '%s\n' $SETS | xargs -P "$JOBS" -I{} bash -c 'replay_one {}'
# shellcheck disable=SC2046
python3 benches/replay_pairs_score.py $(for n in $SETS; do echo "$OUT/$n"; done) | tee "$OUT/summary.txt"
