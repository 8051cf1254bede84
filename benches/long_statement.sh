#!/usr/bin/env bash
# Benchmarks matching on pathological long statements: one 20 MB JSONL statement that repeats a rule phrase
# (`核心技术`, a phrase of a theme rule and part of the required terms of seven `within` rules), and a 5 MB
# Chinese document with no `。`, which becomes one statement. Matching must stay linear in the text length.
# usage: benches/long_statement.sh     (inputs are generated in target/bench/)
# Each run also measures a baseline in the same run: the same binary and input with a one-rule set, so the
# difference is the cost of the built-in rules' matching rather than of reading and writing.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
python3 - <<'PY'
import json
open("target/bench/repeat-20mb.jsonl", "w").write(
    json.dumps({"id": "repeat", "text": "核心技术" * 1_700_000}, ensure_ascii=False) + "\n")
open("target/bench/no-full-stop-5mb.txt", "w").write(("核心技术受制于人是我们最大的隐患，" * 100_000)[:1_700_000] + "\n")
PY
cargo build --release --quiet
bin=target/release/twovoices
echo "| input | rules | seconds | max RSS MB |"
echo "|---|---|---|---|"
for input in target/bench/repeat-20mb.jsonl target/bench/no-full-stop-5mb.txt; do
  for rules in built-in one-rule; do
    extra=()
    [ "$rules" = one-rule ] && extra=(--rules benches/minimal-rules)
    /usr/bin/time -f "%e %M" -o target/bench/time.txt "$bin" classify "$input" --format jsonl "${extra[@]}" > /dev/null
    read -r t rss < target/bench/time.txt
    echo "| $(basename "$input") ($(du -h "$input" | cut -f1)) | $rules | $t | $((rss / 1024)) |"
  done
done
