# Sourced by the benchmark scripts, never run alone: strict mode, the repository root as working directory,
# a work folder (`$BENCH_DIR`, or a new temporary one), the machine and its load, and one release build of
# twovoices and of the examples named as arguments. Sets WORK, TV (the binary) and EX (the examples' folder).
#
#   . "$(dirname "$0")/preamble.sh" bench_baseline bench_search
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WORK=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$WORK"
echo "work dir: $WORK; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
examples=()
for e in "$@"; do examples+=(--example "$e"); done
cargo build --release --quiet --bin twovoices "${examples[@]}"
TV=target/release/twovoices
EX=target/release/examples
