#!/usr/bin/env bash
# Historical replay of the blind sets: each blind set scored again by the rules and training files the project had
# just before the set was folded in (the commit it was scored on), so the set is still unseen by the rules, but with
# the statistical layer (the stacked theme model, and with -A the audience word model) retrained by BIN. It judges
# changes to the statistical layer's code or settings on ~1,000 statements that were truly blind to the rules of
# their time, instead of on one new blind set a session (docs/rules.md › "Historical replay"). Run from the
# repository root after `cargo build --release --locked`:
#
#   benches/replay.sh [-b BIN] [-j JOBS] [-s SPLIT] [-t "TRAIN-STACK OPTIONS"] [-A] [-L trained|all]
#                     [-a "TRAIN-AUDIENCE OPTIONS"] [-c "CLASSIFY OPTIONS"] OUT
#
# -b BIN    the binary (default target/release/twovoices)
# -j JOBS   sets replayed at once (default 1; each training takes ~30 s and ~1 GB)
# -s SPLIT  sel: the selection sets (odd: blind35, 37, 39), conf: the confirmation sets (even: blind34, 36, 38,
#           40), all (default): 960 statements, the figures documented before session 51's second part. sel-all,
#           conf-all, every: the same with blind10 and blind13–33 too (odd N to sel-all: blind13, 15 … 39; even to
#           conf-all: blind10, 14 … 40), 3,459 statements. Or a list of set numbers ("25 27"). Choose a variant on a
#           selection split, then confirm it once on the confirmation split.
# -t OPTS   the options of `rules train-stack` (default: the documented ones,
#           "--c 3 --add 0.6 --remove 0.3 --min-df 2 --min-weight 0.05 --on"); "none" keeps the stacked model
#           the commit shipped (with -A it is then stale: not allowed)
# -A        retrain the audience word model first, on the commit's own `trained_on` list, with BIN's
#           `rules train-audience` (its margin, smoothing and min_count as the commit's file says)
# -L LIST   with -A, what the audience model is trained on: trained (default) the commit's `trained_on` list,
#           all every labelled statement file of the commit (fixtures/*.jsonl and fixtures/held-out/*.jsonl: the
#           *-check files and the pairs sets too)
# -a OPTS   with -A, more options for `rules train-audience`, after the commit's settings (for example
#           "--outrank register --outrank-margin 8": the model may overrule the register level)
# -c OPTS   more options for `classify` of the blind set (for example --no-stack: the rules alone)
# -H        train the stack also on honest rule outputs (`train-stack --classified`): for blindN, the sets blind34…N−1
#           each classified by the rules of its own commit (benches/honest_outputs.sh, written once to OUT/honest),
#           so only sets scored before N are used
# OUT       a working folder: OUT/N/{rules,fixtures} (the commit's files), OUT/N/pred.jsonl (BIN's `classify` of
#           blindN), OUT/summary.txt (pooled and per-set figures, benches/replay_score.py; with -t none and no -c
#           each set beside the figures it scored when blind, a difference starred)
#
# The sets and their commits are found in git: blindN's commit is the parent of the commit that added
# fixtures/held-out/blindN.jsonl. Commits before session 44 had the who's-who's vocabularies built in;
# benches/replay_compat.py adds them to the commit's rules as the lists today's binary reads. blind10 and blind13–40
# then replay the figures each scored when blind, exactly (-t none); blind11 and blind12 differ (their theme labels were
# corrected after they were scored), blind6–9 do not load (docs/rules.md › "Historical replay").
set -euo pipefail
BIN=target/release/twovoices; JOBS=1; SPLIT=all; OPTS="--c 3 --add 0.6 --remove 0.3 --min-df 2 --min-weight 0.05 --on"
AUD=0; COPTS=; ALIST=trained; AOPTS=; HONEST=0
while getopts "b:j:s:t:AL:a:c:H" o; do
  case $o in
    b) BIN=$OPTARG;; j) JOBS=$OPTARG;; s) SPLIT=$OPTARG;; t) OPTS=$OPTARG;; A) AUD=1;; c) COPTS=$OPTARG;;
    L) ALIST=$OPTARG;; a) AOPTS=$OPTARG;; H) HONEST=1;;
    *) sed -n 2,35p "$0"; exit 2;;
  esac
done
shift $((OPTIND-1))
OUT=${1:?usage: benches/replay.sh [-b BIN] [-j JOBS] [-s sel|conf|all] [-t OPTS] [-A] [-L trained|all] [-a OPTS] [-c OPTS] [-H] OUT}
case $ALIST in trained|all) ;; *) echo "replay: -L is trained or all" >&2; exit 2;; esac
if [ $AUD = 0 ] && { [ $ALIST != trained ] || [ -n "$AOPTS" ]; }; then echo "replay: -L and -a need -A" >&2; exit 2; fi
if [ "$OPTS" = none ] && [ $HONEST = 1 ]; then echo "replay: -H retrains the stack (not -t none)" >&2; exit 2; fi
if [ "$OPTS" = none ] && [ $AUD = 1 ]; then echo "replay: -A retrains the audience model, so the stack must be retrained too (not -t none)" >&2; exit 2; fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
ROOT=$(pwd)

case $SPLIT in
  sel) SETS="35 37 39";; conf) SETS="34 36 38 40";; all) SETS="34 35 36 37 38 39 40";;
  sel-all) SETS="13 15 17 19 21 23 25 27 29 31 33 35 37 39";;
  conf-all) SETS="10 14 16 18 20 22 24 26 28 30 32 34 36 38 40";;
  every) SETS="10 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40";;
  [0-9]*) SETS=$SPLIT;;
  *) echo "replay: -s is sel, conf, all, sel-all, conf-all, every or a list of set numbers" >&2; exit 2;;
esac

if [ $HONEST = 1 ]; then
  last=$(printf '%s\n' $SETS | sort -n | tail -1)
  benches/honest_outputs.sh -b "$BIN" -u "$last" "$OUT/honest" > "$OUT/honest.log"
fi

replay_one() {
  local n=$1 added commit dir
  added=$(git log --diff-filter=A --format=%H -- "fixtures/held-out/blind$n.jsonl" | tail -1)
  commit=$(git rev-parse "$added^")
  dir=$OUT/$n
  rm -rf "$dir"; mkdir -p "$dir"
  git archive "$commit" rules fixtures | tar -x -C "$dir"
  python3 "$ROOT/benches/replay_compat.py" "$commit" "$dir/rules" > "$dir/compat.log"
  (
    cd "$dir"
    if [ $AUD = 1 ]; then
      local files settings
      if [ "$ALIST" = all ]; then
        files=$(ls fixtures/*.jsonl fixtures/held-out/*.jsonl)
      else
        files=$(python3 -c 'import tomllib,sys; m=tomllib.load(open("rules/audience-model.toml","rb"))["audience_model"]; print(" ".join(m["trained_on"]))')
      fi
      settings=$(python3 -c 'import tomllib; m=tomllib.load(open("rules/audience-model.toml","rb"))["audience_model"]; print("--margin %s --smoothing %s --min-count %s" % (m["margin"], m["smoothing"], m["min_count"]))')
      # shellcheck disable=SC2086
      "$BIN" rules train-audience $files $settings $AOPTS --out rules/audience-model.toml > train-audience.log 2>&1
    fi
    if [ "$OPTS" != none ]; then
      local classified=
      if [ $HONEST = 1 ]; then
        local f m
        for f in "$OUT"/honest/blind*.jsonl; do
          [ -e "$f" ] || continue
          m=$(basename "$f" | sed 's/^blind\([0-9]*\)\..*/\1/')
          if [ "$m" -lt "$n" ]; then classified="$classified $f"; fi
        done
        [ -z "$classified" ] || classified="--classified$classified"
      fi
      # shellcheck disable=SC2086
      "$BIN" rules train-stack fixtures/*.jsonl fixtures/held-out/*.jsonl -o rules/theme-stack.toml --rules rules $OPTS \
        $classified > train-stack.log 2>&1
    fi
  )
  # shellcheck disable=SC2086
  "$BIN" classify "$ROOT/fixtures/held-out/blind$n.jsonl" --rules "$dir/rules" --format jsonl $COPTS > "$dir/pred.jsonl" 2> "$dir/classify.log"
  echo "blind$n $(git rev-parse --short "$commit") done"
}
export -f replay_one
export OUT BIN OPTS AUD ROOT COPTS ALIST AOPTS HONEST
# shellcheck disable=SC2086
printf '%s\n' $SETS | xargs -P "$JOBS" -I{} bash -c 'replay_one {}'
SCORED=; if [ "$OPTS" = none ] && [ -z "$COPTS" ]; then SCORED=--as-scored; fi
# shellcheck disable=SC2046
python3 benches/replay_score.py $SCORED $(for n in $SETS; do echo "$OUT/$n/pred.jsonl"; done) | tee "$OUT/summary.txt"
