#!/bin/bash
# Worst-case inputs for the coder: one huge sentence with thousands of clauses,
# verbs without actors, long determiner runs, a 2 MB line. Each must finish well
# inside the time limit (a hang or quadratic blow-up fails) and never crash.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
if [ -n "${DYAD_UNDER_VALGRIND:-}" ]; then
    echo "note: pathological inputs skipped under valgrind (too slow there; ASan runs them)"
    exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
open(d + "/clauses.txt", "w").write("Russia attacked Ukraine, accused Poland and met Belarus in Minsk " * 3000)
open(d + "/said.txt", "w").write("officials said that the talks would continue and " * 4000)
open(d + "/the.txt", "w").write("Russia " + "warned of the the the the " * 20000 + " Ukraine")
open(d + "/names.txt", "w").write("Putin and " * 20000 + "Lukashenka met.")
open(d + "/line.txt", "w").write("x" * 2000000)
PY
for f in clauses said the names line; do
    for dict in default bare; do
        if [ $dict = bare ]; then
            args=(--dict data/dict/dyad.countries.actors --dict data/dict/dyad.verbs)
        else
            args=()
        fi
        timeout 30 "$DYAD" code "${args[@]}" --modality all "$tmp/$f.txt" > /dev/null 2> "$tmp/err"
        rc=$?
        if [ $rc -gt 1 ]; then
            echo "FAIL: $f ($dict dictionaries): exit status $rc"; cat "$tmp/err"; exit 1
        fi
    done
done
echo "pathological inputs: ok"
