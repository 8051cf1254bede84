#!/usr/bin/env bash
# Benchmarks of index, search and contrast (not timed tests). Figures go to docs/performance.md by hand.
#
#   benches/run.sh [SEARCH_N]      # SEARCH_N: size of the search index (default 1000000)
#
# Everything runs on a corpus that benches/gen_corpus.py generates deterministically.
SEARCH_N=${1:-1000000}
. "$(dirname "$0")/preamble.sh" bench_baseline bench_search

python3 benches/gen_corpus.py 100000 --seed 1 > "$WORK/c100k.jsonl"
echo "== index 100,000 statements ($(du -h "$WORK/c100k.jsonl" | cut -f1))"
rm -rf "$WORK/base" "$WORK/idx100k"
$EX/bench_baseline "$WORK/base" "$WORK/c100k.jsonl"
/usr/bin/time -f "twovoices index: %e s wall, %M KB max RSS" $TV index --index "$WORK/idx100k" "$WORK/c100k.jsonl"

echo "== search with two filters on $SEARCH_N statements"
python3 benches/gen_corpus.py "$SEARCH_N" --seed 2 > "$WORK/csearch.jsonl"
rm -rf "$WORK/idxs"
/usr/bin/time -f "twovoices index ($SEARCH_N): %e s wall, %M KB max RSS" $TV index --index "$WORK/idxs" "$WORK/csearch.jsonl"
$EX/bench_search "$WORK/idxs" 400
/usr/bin/time -f "one CLI search process: %e s wall" $TV search "core technology" --theme indigenization --audience internal --index "$WORK/idxs" --format csv > /dev/null

echo "== contrast: 10,000 external x 10,000 internal statements of one theme"
python3 benches/gen_corpus.py 20000 --seed 3 --theme standards > "$WORK/ccontrast.jsonl"
rm -rf "$WORK/idxc"
$TV index --index "$WORK/idxc" "$WORK/ccontrast.jsonl"
$TV search '*' --theme standards --audience external --index "$WORK/idxc" --limit 1 --format csv > /dev/null
/usr/bin/time -f "twovoices contrast: %e s wall, %M KB max RSS" $TV contrast --theme standards --index "$WORK/idxc" --format csv > "$WORK/pairs.csv"
echo "pairs: $(($(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))))" "$WORK/pairs.csv") - 1))"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/ {print $2}') GB RAM"
