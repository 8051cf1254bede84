#!/usr/bin/env bash
# Times `twovoices classify --format jsonl` of the benchmark corpus with two binaries (or one binary and two
# rule folders) in turn, A B A B ..., and prints every run, the medians and the pair-by-pair ratios A/B.
# usage: benches/classify_against.sh A_BIN B_BIN [ROUNDS] [N]
#   ROUNDS: runs of each (default 3); N: statements (default 1,000,000; corpus cached in target/bench/).
#   RULES_A / RULES_B: a rule folder for A / B (`--rules`), to separate the effect of the rules from the
#   code's: the same binary given two rule folders, or two binaries given the same folder.
#   C_BIN: a third binary run in the same rounds (A B C A B C ...; `RULES_C` its rule folder), e.g. main's
#   binary as a second baseline beside a branch's, so that both ratios to B come from the same load.
# An older binary: `git worktree add /tmp/old COMMIT && (cd /tmp/old && cargo build --release)`.
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1
b=$2
rounds=${3:-3}
n=${4:-1000000}
mkdir -p target/bench
corpus=target/bench/corpus-$n.jsonl
[ -f "$corpus" ] || python3 benches/gen_corpus.py "$n" > "$corpus"
log=$(mktemp)
run() { # label bin rules
  local rules=()
  [ -n "$3" ] && rules=(--rules "$3")
  /usr/bin/time -f "$1 %e %U %S %M" -a -o "$log" "$2" classify "$corpus" --format jsonl "${rules[@]}" \
    > /dev/null
}
for _ in $(seq "$rounds"); do
  run A "$a" "${RULES_A:-}"
  run B "$b" "${RULES_B:-}"
  if [ -n "${C_BIN:-}" ]; then run C "$C_BIN" "${RULES_C:-}"; fi
done
python3 - "$log" <<'PY'
import statistics, sys
runs = {"A": [], "B": [], "C": []}
for line in open(sys.argv[1]):
    k, wall, user, sys_, rss = line.split()
    runs[k].append((float(wall), float(user) + float(sys_), int(rss) / 1024))
if not runs["C"]:
    del runs["C"]
print("| run | wall s (median) | CPU s (median) | peak MiB (median) | CPU s, each run |")
print("|---|---|---|---|---|")
for k, rs in runs.items():
    med = [statistics.median(r[i] for r in rs) for i in range(3)]
    each = ", ".join(f"{r[1]:.1f}" for r in rs)
    print(f"| {k} | {med[0]:.1f} | {med[1]:.1f} | {med[2]:.0f} | {each} |")
for x, y in [("A", "B"), ("C", "B"), ("A", "C")]:
    if x not in runs or y not in runs:
        continue
    pairs = list(zip(runs[x], runs[y]))
    for i, name in [(1, "CPU"), (0, "wall")]:
        ratios = sorted(a[i] / b[i] for a, b in pairs)
        print(f"ratio {x}/{y} {name}: median {statistics.median(ratios):.2f} (min {ratios[0]:.2f}, max {ratios[-1]:.2f})")
PY
rm -f "$log"
