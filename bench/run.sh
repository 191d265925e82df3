#!/bin/bash
# Speed benchmark: codes the TABARI validation sentences many times with the
# validation dictionaries and reports sentences per second and peak memory.
set -eu
DYAD=${1:-build/dyad}
SHARED=${DYAD_SHARED:-../shared}
T=$SHARED/peers/tabari
[ -f "$T/Validate.text" ] || { echo "note: $T not found; benchmark skipped"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 50); do cat "$T/Validate.text"; done > "$tmp/in.txt"
n=$(grep -cE '^[0-9]{6} ' "$tmp/in.txt")
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$tmp/mem" "$DYAD" code --dict "$T/Validate.project" --input tabari \
    --modality all "$tmp/in.txt" > "$tmp/out.jsonl" 2>/dev/null || true
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
printf 'records: %d  events: %d  seconds: %.2f  records/s: %.0f  peak RSS: %s KiB\n' \
    "$n" "$(wc -l < "$tmp/out.jsonl")" "$secs" "$(echo "$n / $secs" | bc -l)" "$(tail -n 1 "$tmp/mem")"
