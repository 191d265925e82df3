#!/bin/bash
# PETRARCH2 unit-test records from ../shared: how many of the expected
# (source, target, CAMEO) events dyad codes from the text alone (the parse
# trees are ignored). There is no target yet: the figure is only printed, and
# the script fails only when dyad or the helper fails to run.
set -u
DYAD=${DYAD:-build/dyad}
SHARED=${DYAD_SHARED:-../shared}
HERE=$(cd "$(dirname "$0")" && pwd)
dir=$SHARED/peers/petrarch2
records=$dir/PETR.UnitTest.records.xml
if [ ! -f "$records" ]; then
    echo "note: $records not found; PETR unit tests skipped"
    exit 0
fi
command -v python3 >/dev/null || { echo "python3 not found"; exit 1; }

dicts=()
for kind in actors agents verbs discards; do
    f=$dir/PETR.Validate.$kind.txt
    if [ ! -f "$f" ]; then echo "note: $f not found; coding without it"; continue; fi
    if err=$("$DYAD" dict check "$f" 2>&1); then
        dicts+=(--dict "$f")
    else
        echo "note: $f failed to load; coding without it:"
        printf '%s\n' "$err"
    fi
done

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
python3 "$HERE/petr_records.py" jsonl "$records" >"$tmp/in.jsonl" || {
    echo "could not convert $records"; exit 1; }
"$DYAD" code --modality all --input jsonl "${dicts[@]}" - <"$tmp/in.jsonl" >"$tmp/out.jsonl" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ]; then
    echo "dyad code failed (rc $rc)"
    head -n 20 "$tmp/err"
    exit 1
fi
python3 "$HERE/petr_records.py" compare "$records" "$tmp/out.jsonl" || {
    echo "could not compare the coded events"; exit 1; }
exit 0
