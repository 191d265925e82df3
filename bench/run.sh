#!/bin/bash
# Speed and memory benchmarks:
#  1. the TABARI validation records (50 copies) with the validation dictionaries;
#  2. the project's gold news sentences (200 copies, one document each) with the bundled
#     dictionaries (3,500 actors, 4,300 patterns), i.e. the default pipeline end to end.
set -eu
DYAD=${1:-build/dyad}
SHARED=${DYAD_SHARED:-../shared}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

run() { # label, records, command...
    local label=$1 n=$2; shift 2
    local start end secs
    start=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$tmp/mem" "$@" > "$tmp/out.jsonl" 2>/dev/null || true
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc -l)
    printf '%s: %d sentences, %d events, %.2f s, %.0f sentences/s, peak RSS %s KiB\n' \
        "$label" "$n" "$(wc -l < "$tmp/out.jsonl")" "$secs" "$(echo "$n / $secs" | bc -l)" \
        "$(tail -n 1 "$tmp/mem")"
}

T=$SHARED/peers/tabari
if [ -f "$T/Validate.text" ]; then
    for i in $(seq 1 50); do cat "$T/Validate.text"; done > "$tmp/val.txt"
    n=$(grep -cE '^[0-9]{6} ' "$tmp/val.txt")
    run "TABARI validation records" "$n" "$DYAD" code --dict "$T/Validate.project" \
        --input tabari --modality all "$tmp/val.txt"
else
    echo "note: $T not found; TABARI benchmark skipped"
fi

python3 - tests/gold/sentences.jsonl "$tmp/gold.jsonl" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as out:
    for k in range(200):
        for d in docs:
            out.write(json.dumps({"id": "%s-%d" % (d["id"], k), "date": d["date"], "text": d["text"]}) + "\n")
PY
n=$(wc -l < "$tmp/gold.jsonl")
DYAD_DATA=${DYAD_DATA:-$PWD/data/dict} run "news sentences, bundled dictionaries" "$n" \
    "$DYAD" code --input jsonl --modality all "$tmp/gold.jsonl"
