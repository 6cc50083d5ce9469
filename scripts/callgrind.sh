#!/usr/bin/env bash
# Instructions per key press: a CJK character typed into the registration form's name field
# and the 80x24 frame drawn on ratatui's TestBackend (benches/keypress.rs, KEYPRESS_PROBE).
# Runs the release bench binary under callgrind twice, with 0 and N key presses, and
# divides the difference of the main thread's instruction counts by N (sled's background
# threads are counted apart and left out). Goal: <= 2,000,000 instructions per key press.
#
#   scripts/callgrind.sh [N]        (default N=40)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-40}"
GOAL=2000000
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

BIN=$(nice -n 10 cargo bench --bench keypress --no-run --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*keypress[^"]*"' | tail -1 | sed 's/"executable":"\(.*\)"/\1/')
[ -x "$BIN" ] || { echo "could not build the keypress bench binary" >&2; exit 2; }

OUT=target/bench-data/callgrind
rm -rf "$OUT" && mkdir -p "$OUT"

# Instructions of the main thread (callgrind's "-01" file) for a run with $1 key presses.
main_thread_ir() {
  local n=$1
  KEYPRESS_PROBE=$n nice -n 10 valgrind --tool=callgrind --separate-threads=yes \
    --callgrind-out-file="$OUT/probe$n.%p" "$BIN" >"$OUT/probe$n.log" 2>&1
  local f
  f=$(ls "$OUT"/probe"$n".*-01 | head -1)
  grep -E '^(summary|totals):' "$f" | head -1 | awk '{print $2}'
}

BASE=$(main_thread_ir 0)
WITH=$(main_thread_ir "$N")
PER=$(( (WITH - BASE) / N ))
echo "main thread instructions: setup only ${BASE}, setup + ${N} key presses ${WITH}"
if [ "$PER" -le "$GOAL" ]; then verdict="goal <= ${GOAL}: met"; else verdict="goal <= ${GOAL}: MISSED"; fi
echo "INSTRUCTIONS per key press (CJK char -> 80x24 frame): ${PER} (${verdict})"
echo "profile of the N-press run: callgrind_annotate $(ls "$OUT"/probe"$N".*-01 | head -1)"
