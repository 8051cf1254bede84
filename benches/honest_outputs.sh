#!/usr/bin/env bash
# Honest rule outputs: each folded blind set classified by the rules of the commit it was scored on (the parent of
# the commit that added fixtures/held-out/blindN.jsonl), the stacked model off, as `classify --format jsonl` writes
# it — how the rules of the day did on text they had not been written on. `rules train-stack --classified` trains
# the stacked theme model on them too (docs/rules.md › "The stacked-model round of session 51, second part").
# Run from the repository root after `cargo build --release --locked`:
#
#   benches/honest_outputs.sh [-b BIN] [-f FIRST] [-u UNTIL] DIR
#
# -b BIN    the binary (default target/release/twovoices)
# -f FIRST  the first blind set (default 34: older commits' rule files lack the who's-who lists that later became
#           data, and today's binary does not load them)
# -u UNTIL  only sets numbered below UNTIL (default: every folded blind set from FIRST on)
# DIR       written: DIR/blindN.COMMIT.jsonl (COMMIT: the short hash of the rules that classified it, so the
#           model's `classified` list records the provenance), one per set; a set whose commit's rules do not
#           load is left out with a note on stderr
set -euo pipefail
BIN=target/release/twovoices; FIRST=34; UNTIL=
while getopts "b:f:u:" o; do
  case $o in
    b) BIN=$OPTARG;; f) FIRST=$OPTARG;; u) UNTIL=$OPTARG;;
    *) sed -n 2,17p "$0"; exit 2;;
  esac
done
shift $((OPTIND-1))
DIR=${1:?usage: benches/honest_outputs.sh [-b BIN] [-f FIRST] [-u UNTIL] DIR}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
mkdir -p "$DIR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for n in $(ls fixtures/held-out/ | sed -n 's/^blind\([0-9]*\)\.jsonl$/\1/p' | sort -n); do
  [ "$n" -ge "$FIRST" ] || continue
  if [ -n "$UNTIL" ] && [ "$n" -ge "$UNTIL" ]; then continue; fi
  added=$(git log --diff-filter=A --format=%H -- "fixtures/held-out/blind$n.jsonl" | tail -1)
  commit=$(git rev-parse --short "$added^")
  rm -rf "$WORK/$n"; mkdir -p "$WORK/$n"
  git archive "$commit" rules | tar -x -C "$WORK/$n"
  out="$DIR/blind$n.$commit.jsonl"
  if "$BIN" classify "fixtures/held-out/blind$n.jsonl" --rules "$WORK/$n/rules" --no-stack --format jsonl \
      > "$out.tmp" 2> "$WORK/$n.log"; then
    mv "$out.tmp" "$out"
    echo "blind$n $commit"
  else
    rm -f "$out.tmp"
    echo "honest_outputs: blind$n ($commit): its rules do not load in this binary; left out" >&2
  fi
done
