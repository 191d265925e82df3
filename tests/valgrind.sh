#!/bin/bash
# `make valgrind`: the end-to-end tests with the CLI under valgrind memcheck
# (tests/valgrind-dyad), JOBS scripts at a time. Fails when a script fails or
# when valgrind wrote any report (memory error or definite leak), even where a
# script does not look at the exit status.
#   tests/valgrind.sh BUILD_DIR JOBS
set -u
b=$1 jobs=${2:-2}
logs=$PWD/$b/valgrind
rm -rf "$logs" && mkdir -p "$logs/out"
chmod 1777 "$logs" # store_faults.sh runs dyad as nobody: its reports must be writable too
export DYAD_REAL=$PWD/$b/dyad DYAD=$PWD/tests/valgrind-dyad VALGRIND_LOGS=$logs DYAD_UNDER_VALGRIND=1
export CHART_DEMO=$PWD/$b/tests/chart_demo
one() {
    local t=$1 name t0=$SECONDS
    name=$(basename "$t" .sh)
    if bash "$t" > "$VALGRIND_LOGS/out/$name" 2>&1; then
        echo "== valgrind $t: ok ($((SECONDS - t0)) s)"
    else
        echo "== valgrind $t: FAIL ($((SECONDS - t0)) s)"; cat "$VALGRIND_LOGS/out/$name"; return 1
    fi
}
export -f one
status=0
# the slowest first, so that two at a time finish together
{ ls tests/e2e/store*.sh tests/e2e/hostile.sh; ls tests/e2e/*.sh | grep -v 'store\|hostile'; } |
    xargs -P "$jobs" -I{} bash -c 'one "$@"' _ {} || status=1
bad=$(find "$logs" -maxdepth 1 -type f -size +0)
if [ -n "$bad" ]; then
    echo "FAIL: valgrind reports:"
    cat $bad
    exit 1
fi
echo "valgrind: $(find "$logs" -maxdepth 1 -type f | wc -l) runs of dyad, no reports"
exit $status
