#!/usr/bin/env bash
# Benchmarks of the voice analyses (not timed tests). Figures go to docs/analysis.md and
# docs/performance.md by hand.
#
#   benches/voice.sh
#
# terms on 100,000 statements against a baseline that reads and tokenises the same statements
# (examples/bench_terms_baseline.rs), and stats on 1,000,000 statements; corpora from gen_corpus.py.
. "$(dirname "$0")/preamble.sh" bench_terms_baseline
time3() { /usr/bin/time -f "$1: %e s wall, %M KB max RSS" "${@:2}"; }

python3 benches/gen_corpus.py 100000 --seed 1 > "$WORK/c100k.jsonl"
rm -rf "$WORK/idx100k"
$TV index --index "$WORK/idx100k" "$WORK/c100k.jsonl" > /dev/null
echo "== terms on 100,000 statements vs reading + tokenising them"
for i in 1 2 3; do
  time3 "baseline (read + tokenise)" $EX/bench_terms_baseline "$WORK/idx100k"
  time3 "twovoices terms" $TV terms --index "$WORK/idx100k" --format csv > /dev/null
done

python3 benches/gen_corpus.py 1000000 --seed 2 > "$WORK/c1m.jsonl"
rm -rf "$WORK/idx1m"
time3 "index 1,000,000" $TV index --index "$WORK/idx1m" "$WORK/c1m.jsonl" > /dev/null
echo "== stats on 1,000,000 statements"
for by in theme year speaker venue; do
  for i in 1 2 3; do
    time3 "twovoices stats --by $by" $TV stats --by "$by" --index "$WORK/idx1m" --format csv > /dev/null
  done
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/ {print $2}') GB RAM"
