#!/usr/bin/env bash
# Benchmarks `twovoices classify` on a deterministic synthetic corpus; prints a Markdown table.
# usage: benches/classify.sh [N]   (default 1,000,000 statements; corpus cached in target/bench/)
# Each run also measures a baseline in the same run: the same binary and corpus with a one-rule set,
# so the ratio shows what the built-in rules cost on this (noisy, 2-core) machine.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
mkdir -p target/bench
corpus=target/bench/corpus-$n.jsonl
[ -f "$corpus" ] || python3 benches/gen_corpus.py "$n" > "$corpus"
cargo build --release --quiet
bin=target/release/twovoices
size=$(stat -c %s "$corpus")
measure() { # prints "seconds max_rss_kb"
  /usr/bin/time -f "%e %M" -o target/bench/time.txt "$@" > target/bench/out.tmp
  cat target/bench/time.txt
}
read -r t_full rss_full < <(measure "$bin" classify "$corpus" --format jsonl)
read -r t_base rss_base < <(measure "$bin" classify "$corpus" --format jsonl --rules benches/minimal-rules)
rm -f target/bench/out.tmp
mb=$(python3 -c "print(round($size/1e6))")
echo "| run | statements | input MB | seconds | MB/s | max RSS MB |"
echo "|---|---|---|---|---|---|"
python3 - "$n" "$size" "$t_full" "$rss_full" "$t_base" "$rss_base" <<'PY'
import sys
n, size, tf, rf, tb, rb = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
for name, t, r in [("built-in rules", tf, rf), ("baseline: one rule", tb, rb)]:
    print(f"| {name} | {n:,} | {size/1e6:.0f} | {t:.2f} | {size/1e6/t:.0f} | {r/1024:.0f} |")
print(f"\nratio built-in / baseline: {tf/tb:.2f}; machine: {sys.platform}, cores: ", end="")
PY
nproc
