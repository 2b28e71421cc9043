#!/usr/bin/env bash
# The figures of the speed table, from the release binary on this machine:
#   - a whole `doclist render` process (PDF and JSON): median wall time of many runs, peak memory
#   - `batch --format pdf`, 10,000 rows, 2 jobs: PDFs per second in memory and on disk
#   - `batch --merge`, 10,000 rows: time against the same batch without --merge, peak memory
#     (BENCH_MERGE_ROWS=100000 for the large check: peak RSS from `/usr/bin/time -v` must stay
#     at most 200 MB, and the merged file must pass `qpdf --check`)
#   - BENCH_ONLY_MERGE=1: only the --merge figures (and the batch without it, to compare)
#   - the largest PDF of the batch
#   - 100,000 rows to JSON, a file per person and one JSON Lines file
# Needs GNU time (/usr/bin/time, Debian package `time`); hyperfine and qpdf when present.
# On a machine shared with other work, wall times vary: take the medians of several runs.
#
# The in-memory runs write to BENCH_SHM (default /dev/shm), the on-disk ones to BENCH_DIR
# (default $TMPDIR or /tmp). On ext4 without a journal, creating files right after many were
# deleted is slow (the allocator skips inodes freed in the last half minute), so each run
# writes into its own directory and nothing is deleted until the end: leave a minute
# between two runs.
set -euo pipefail
cd "$(dirname "$0")/.."
# BENCH_BIN=PATH measures that binary instead (to compare two builds in one run).
if [ -n "${BENCH_BIN:-}" ]; then
  bin=$BENCH_BIN
else
  cargo build --profile dist --quiet --bin doclist
  bin=target/dist/doclist
fi
disk=$(mktemp -d -p "${BENCH_DIR:-${TMPDIR:-/tmp}}")
shm=$(mktemp -d -p "${BENCH_SHM:-/dev/shm}")
trap 'rm -rf "$disk" "$shm"' EXIT
jobs=${BENCH_JOBS:-2}
merge_rows=${BENCH_MERGE_ROWS:-10000}
example=examples/child-with-grandparents.yaml
date_arg=(--date 2026-11-23)

# Median wall time of a command run many times (hyperfine when installed, else a loop).
median_ms() {
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 5 --runs "${BENCH_RUNS:-60}" --export-csv "$shm/h.csv" "$*" >/dev/null 2>&1
    awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$shm/h.csv"
  else
    for _ in $(seq "${BENCH_RUNS:-60}"); do
      local t0 t1
      t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
      echo $(((t1 - t0) / 1000))
    done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
  fi
}
peak_mb() {
  /usr/bin/time -f "%M" -o "$shm/peak" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.1f", $1 / 1024 }' "$shm/peak"
}
# Mean CPU time (user + system) of the runs median_ms just timed, in ms (hyperfine only):
# steadier than wall time on a machine shared with other work.
cpu_ms() {
  if [ -f "$shm/h.csv" ]; then
    awk -F, 'NR == 2 { printf "%.1f", ($5 + $6) * 1000 }' "$shm/h.csv"
  else
    printf "?"
  fi
}
[ -n "${BENCH_ONLY_MERGE:-}" ] || for format in pdf json; do
  cmd=("$bin" render "$example" --format "$format" -o "$shm/one.$format" "${date_arg[@]}")
  wall=$(median_ms "${cmd[@]}")
  printf "render --format %-4s  median %6s ms  CPU %5s ms  peak %5s MB   (one process, %s)\n" \
    "$format" "$wall" "$(cpu_ms)" "$(peak_mb "${cmd[@]}")" "$example"
done

"$bin" gen-sheet 10000 "$shm/s10k.csv" >/dev/null 2>&1
[ -n "${BENCH_ONLY_MERGE:-}" ] || "$bin" gen-sheet 100000 "$shm/s100k.csv" >/dev/null 2>&1
if [ "$merge_rows" != 10000 ]; then
  "$bin" gen-sheet "$merge_rows" "$shm/merge.csv" >/dev/null 2>&1
fi
# run LABEL ROWS SHEET OUT-DIR FORMAT [batch options...]: one batch, timed. The generated
# sheets hold some deliberately bad rows (see src/frontend/cli/gen_sheet.rs); their count is not shown.
run() {
  local label=$1 rows=$2 sheet=$3 out=$4 format=$5
  shift 5
  /usr/bin/time -f "%e %M" -o "$shm/time" \
    "$bin" batch "$sheet" --out-dir "$out" --format "$format" -j "$jobs" "${date_arg[@]}" --quiet "$@" 2>/dev/null || true
  read -r secs kb < <(tail -n 1 "$shm/time")
  echo "$secs" >"$shm/last-secs"
  # Files made, one per person (the sheet's wrong rows make none); JSON Lines: one a row.
  local made=$rows
  if [ "$format" != jsonl ]; then
    made=$(find "$out" -maxdepth 1 -name "*.$format" | wc -l)
  fi
  awk -v l="$label" -v r="$rows" -v s="$secs" -v kb="$kb" -v m="$made" -v f="$format" \
    'BEGIN { printf "%-34s %6d rows  %7.2f s  %7.0f rows/s  %6d %s, %5.0f/s  peak %6.1f MB\n", l, r, s, r / s, m, f, m / s, kb / 1024 }'
}
run "batch pdf, in memory ($jobs jobs)" 10000 "$shm/s10k.csv" "$shm/pdf" pdf
plain=$(cat "$shm/last-secs")
largest=$(find "$shm/pdf" -name '*.pdf' -printf '%s bytes (%f)\n' | sort -n | tail -n 1)
[ -n "${BENCH_ONLY_MERGE:-}" ] || run "batch pdf, on disk ($jobs jobs)" 10000 "$shm/s10k.csv" "$disk/pdf" pdf
rm -rf "$shm/pdf"
run "batch pdf --merge, in memory" 10000 "$shm/s10k.csv" "$shm/merge10k" pdf --merge "$shm/merge10k.pdf"
awk -v m="$(cat "$shm/last-secs")" -v p="$plain" \
  'BEGIN { printf "  --merge costs %+.0f%% against the same batch without it\n", (m / p - 1) * 100 }'
rm -rf "$shm/merge10k"
merged="$shm/merge10k.pdf"
if [ "$merge_rows" != 10000 ]; then
  # The peak resident memory as `/usr/bin/time -v` reports it.
  /usr/bin/time -v -o "$shm/time-v" \
    "$bin" batch "$shm/merge.csv" --out-dir "$shm/mergebig" --format pdf -j "$jobs" "${date_arg[@]}" --quiet \
    --merge "$shm/merge.pdf" 2>/dev/null || true
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$shm/time-v")
  kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$shm/time-v")
  awk -v r="$merge_rows" -v s="$secs" -v kb="$kb" \
    'BEGIN { printf "%-34s %6d rows  %7.2f s  %7.0f rows/s  peak %6.1f MB (time -v)  %s\n", "batch pdf --merge, in memory", r, s, r / s, kb / 1024, kb <= 200 * 1024 ? "<= 200 MB: ok" : "> 200 MB: FAILED" }'
  rm -rf "$shm/mergebig"
  merged="$shm/merge.pdf"
fi
if [ -f "$merged" ]; then
  pages=$(pdfinfo "$merged" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  echo "  merged file: $(stat -c %s "$merged") bytes, ${pages:-?} pages"
fi
if command -v qpdf >/dev/null && [ -f "$merged" ]; then
  qpdf --check "$merged" >/dev/null 2>&1 && echo "  qpdf --check: ok" || echo "  qpdf --check: FAILED"
fi
[ -z "${BENCH_ONLY_MERGE:-}" ] || exit 0
echo "largest PDF of the batch: ${largest:-none}"
run "batch json, a file per person" 100000 "$shm/s100k.csv" "$shm/json" json
run "batch jsonl, one file" 100000 "$shm/s100k.csv" "$shm/jsonl" jsonl
