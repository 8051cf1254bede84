#!/usr/bin/env bash
# Benchmarks of `contrast` (10,000 × 10,000 statements of one theme; a 300,000-statement index, every theme)
# and of `index` against plain tantivy, each beside a baseline run the same way in the same run. No Python.
#
#   benches/contrast.sh [RUNS]      # RUNS: times each command is run, in turn with its baseline (default 3)
#
# Corpora come from `examples/bench_contrast.rs gen` (deterministic). Baselines: for contrast, reading every
# record contrast reads (`bench_contrast read`); for index, plain tantivy on the same JSONL with twovoices' own
# tokenizers (en_stem; t2s + jieba), and with tantivy's default tokenizer (`examples/bench_baseline.rs`; its
# doc says what each side does). Quote the medians of the printed lines (whole-process figures from
# /usr/bin/time: elapsed seconds, user + system CPU seconds, peak resident memory).
RUNS=${1:-3}
. "$(dirname "$0")/preamble.sh" bench_contrast bench_baseline

$EX/bench_contrast gen 20000 --seed 3 --theme standards > "$WORK/c20k.jsonl"
$EX/bench_contrast gen 300000 --seed 5 > "$WORK/c300k.jsonl"
$EX/bench_contrast gen 100000 --seed 1 > "$WORK/c100k.jsonl"
rm -rf "$WORK/idx20k" "$WORK/idx300k"
$TV index --index "$WORK/idx20k" "$WORK/c20k.jsonl" 2>/dev/null
$TV index --index "$WORK/idx300k" "$WORK/c300k.jsonl" 2>/dev/null

timed() { # LABEL COMMAND...: one line of figures
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U+%S s CPU, %M KB peak" "$@" > /dev/null
}
for r in $(seq "$RUNS"); do
  echo "== run $r"
  timed "contrast 10k x 10k" $TV contrast --index "$WORK/idx20k" --theme standards --format csv
  timed "  baseline: read its records" $EX/bench_contrast read "$WORK/idx20k" --theme standards
  timed "contrast 300k, every theme" $TV contrast --index "$WORK/idx300k" --format csv
  timed "  baseline: read its records" $EX/bench_contrast read "$WORK/idx300k"
  rm -rf "$WORK/tv" "$WORK/plain" "$WORK/plain-default"
  timed "index 100k" $TV index --index "$WORK/tv" "$WORK/c100k.jsonl"
  timed "  baseline: plain tantivy, twovoices' tokenizers" $EX/bench_baseline "$WORK/plain" "$WORK/c100k.jsonl"
  timed "  baseline: plain tantivy, default tokenizer" $EX/bench_baseline "$WORK/plain-default" "$WORK/c100k.jsonl" --default-tokenizer
done
echo "pairs (10k x 10k): $(($($TV contrast --index "$WORK/idx20k" --theme standards --format csv | wc -l) - 1))"
