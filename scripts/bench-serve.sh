#!/usr/bin/env bash
# `doclist serve` under load, on 127.0.0.1 only and bounded in time: PDF checklist requests
# per second and latency with and without a 2,000-row batch running, and the server's
# memory (peak resident set) during a 20,000-row batch, with and without the merged print file.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --profile dist --quiet --bin doclist --example serve_load
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill -INT "$server" 2>/dev/null; rm -rf "$work"' EXIT
target/dist/doclist gen-sheet 2000 "$work/s2k.csv" >/dev/null
target/dist/doclist gen-sheet 20000 "$work/s20k.csv" >/dev/null
target/dist/doclist serve --port 0 >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 50); do grep -q http "$work/out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$work/out")
clients=${CLIENTS:-4}
seconds=${SECONDS_EACH:-15}

batch() {
  curl -s -o /dev/null -w "$2: HTTP %{http_code}, %{size_download} bytes in %{time_total} s\n" \
    -F date=2026-11-23 -F skip_errors=1 "${@:3}" -F "sheet=@$1" "$url/batch"
}

# The server's resident memory before and at its peak during one batch.
memory() {
  local label=$1
  shift
  local base peak=0 rss b
  base=$(awk '/VmRSS/ { print $2 }' "/proc/$server/status")
  batch "$work/s20k.csv" "$label" "$@" > "$work/b-$label" &
  b=$!
  while kill -0 "$b" 2>/dev/null; do
    rss=$(awk '/VmRSS/ { print $2 }' "/proc/$server/status")
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.5
  done
  cat "$work/b-$label"
  echo "server resident memory: $((base / 1024)) MB before, peak $((peak / 1024)) MB during the batch"
}

echo "idle:"
target/dist/examples/serve_load "$url" "$clients" "$seconds"

echo "with a 2,000-row batch running:"
batch "$work/s2k.csv" 2k > "$work/b2k" &
b=$!
sleep 3
target/dist/examples/serve_load "$url" "$clients" "$seconds"
wait "$b"
cat "$work/b2k"

echo "memory during a 20,000-row batch, without and with the merged print file:"
memory 20k-no-merge -F merged=0
memory 20k
