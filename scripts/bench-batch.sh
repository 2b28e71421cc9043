#!/usr/bin/env bash
# Batch throughput and peak memory: 10,000 rows to PDF, and 100,000 rows to JSON as a file
# per person and as one JSON Lines file.
# Needs GNU time (/usr/bin/time, Debian package `time`).
#
# BENCH_DIR=/dev/shm runs it in memory, to tell the tool's own cost from the disk's. On
# ext4 without a journal, creating files right after many were deleted is slow (the
# allocator skips inodes freed in the last half minute), so each run writes into its own
# directory and nothing is deleted until the end: leave a minute between two runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin doclist
work=$(mktemp -d -p "${BENCH_DIR:-${TMPDIR:-/tmp}}")
trap 'rm -rf "$work"' EXIT
target/release/doclist gen-sheet 10000 "$work/s10k.csv"
target/release/doclist gen-sheet 100000 "$work/s100k.csv"
run() {
  local rows=$1 sheet=$2 format=$3
  /usr/bin/time -f "%e %M" -o "$work/time" \
    target/release/doclist batch "$sheet" --out-dir "$work/out-$format" --format "$format" --date 2026-11-23 --quiet || true
  read -r secs kb < <(tail -n 1 "$work/time")
  awk -v r="$rows" -v s="$secs" -v kb="$kb" -v f="$format" \
    'BEGIN { printf "%6d rows to %-5s  %6.2f s  %8.0f rows/s  peak %5.1f MB\n", r, f, s, r / s, kb / 1024 }'
}
run 10000 "$work/s10k.csv" pdf
run 100000 "$work/s100k.csv" json
run 100000 "$work/s100k.csv" jsonl
