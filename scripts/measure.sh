#!/usr/bin/env bash
# Resource figures of the release build against the 100,000-case bench data set:
#   - RSS of the running app (in tmux, 80x24) with the case list shown   goal <= 20 MB
#   - disk per case (the store directory / number of cases)             goal <= 2 KB
#   - size of the release binary                                       goal <= 10 MB
# The data set is the one benches/startup.rs uses (target/bench-data/cases-100000); it is
# generated here with `chuangkou demo` when absent (same seed and date, so the same cases).
#
#   scripts/measure.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=100000
NOW=2026-11-25T09:30
DIR=target/bench-data/cases-$CASES
BIN=target/release/chuangkou
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }

nice -n 10 cargo build --release --quiet
if [ ! -f "$DIR/complete" ]; then
  rm -rf "$DIR"
  echo "generating $CASES demo cases into $DIR ..."
  start=$(date +%s)
  nice -n 10 "$BIN" --data "$DIR" --now "$NOW" demo --cases "$CASES" --seed 2026
  printf 'cases=%s\nseconds=%s\n' "$CASES" "$(( $(date +%s) - start ))" > "$DIR/complete"
fi

kib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { if (v <= g) print "met"; else printf "MISSED by %.2fx\n", v / g }'; }

# --- RSS ------------------------------------------------------------------------------------
SESSION="chuangkou-measure-$$"
cleanup() { tmux kill-session -t "$SESSION" 2>/dev/null || true; }
trap cleanup EXIT
tmux new-session -d -s "$SESSION" -x 80 -y 24 \
  "LANG=C.UTF-8 exec $BIN --data $DIR --now $NOW"
PID=$(tmux display-message -p -t "$SESSION" '#{pane_pid}')
wait_for() {
  for _ in $(seq 1 100); do
    tmux capture-pane -p -t "$SESSION" | grep -q "$1" && return 0
    sleep 0.1
  done
  echo "screen never showed '$1':" >&2; tmux capture-pane -p -t "$SESSION" >&2; exit 1
}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$PID/status"; }
hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$PID/status"; }
wait_for "F3"
sleep 1
RSS_HOME=$(rss)
tmux send-keys -t "$SESSION" F3
wait_for "查询"
sleep 1
RSS_LIST=$(rss)
for _ in $(seq 1 30); do tmux send-keys -t "$SESSION" PageDown; done
sleep 2
RSS_PAGED=$(rss)
HWM=$(hwm)
tmux send-keys -t "$SESSION" F10
sleep 0.5

# --- disk -----------------------------------------------------------------------------------
DISK_BYTES=$(du -sb "$DIR/db" | awk '{print $1}')
DISK_ALLOC_KIB=$(du -sk "$DIR/db" | awk '{print $1}')
PER_CASE=$(awk -v b="$DISK_BYTES" -v n="$CASES" 'BEGIN { printf "%.0f", b / n }')
PER_CASE_ALLOC=$(awk -v k="$DISK_ALLOC_KIB" -v n="$CASES" 'BEGIN { printf "%.0f", k * 1024 / n }')

# --- binary ---------------------------------------------------------------------------------
BIN_BYTES=$(stat -c %s "$BIN")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/^Mem/ {print $2}') GiB RAM"
echo "RSS with $CASES cases: home $(kib "$RSS_HOME") MiB; case list $(kib "$RSS_LIST") MiB; after 30 pages $(kib "$RSS_PAGED") MiB; peak $(kib "$HWM") MiB (goal <= 20 MB: $(verdict "$HWM" 20480))"
echo "disk per case: $PER_CASE bytes apparent ($((DISK_BYTES / 1024 / 1024)) MiB / $CASES), $PER_CASE_ALLOC bytes allocated (goal <= 2 KB: $(verdict "$PER_CASE" 2048))"
echo "release binary: $BIN_BYTES bytes = $(kib $((BIN_BYTES / 1024))) MiB (goal <= 10 MB: $(verdict "$BIN_BYTES" 10485760))"
