#!/bin/bash
# The TABARI validation suite from ../shared: dyad must keep passing at least
# MIN_PCT percent of the standard records (the figure is printed).
set -u
DYAD=${DYAD:-build/dyad}
SHARED=${DYAD_SHARED:-../shared}
MIN_PCT=95
project=$SHARED/peers/tabari/Validate.project
if [ ! -f "$project" ]; then
    echo "note: $project not found; TABARI validation skipped"
    exit 0
fi
out=$("$DYAD" validate "$project")
rc=$?
if [ $rc -gt 1 ]; then echo "validate failed to run (rc $rc)"; exit 1; fi
line=$(printf '%s\n' "$out" | grep '^standard records:')
echo "$line"
printf '%s\n' "$out" | tail -n 1
pass=$(printf '%s' "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
fail=$(printf '%s' "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
total=$((pass + fail))
[ "$total" -gt 400 ] || { echo "too few standard records read: $total"; exit 1; }
if [ $((pass * 100)) -lt $((MIN_PCT * total)) ]; then
    echo "regression: below $MIN_PCT% of the standard validation records"
    exit 1
fi
