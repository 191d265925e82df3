#!/bin/bash
# Runs libFuzzer targets, each for SECONDS, at most JOBS at a time.
#   fuzz/run.sh SECONDS JOBS TARGET...      (targets built in build/fuzz/)
# Each target starts from a copy of its seeds (fuzz/corpus/TARGET, which also
# holds every input that once crashed it) in build/fuzz/corpus/TARGET, so runs
# never write into the repository. A crash leaves its input in
# build/fuzz/artifacts/TARGET/ and fails the run; the log is
# build/fuzz/log/TARGET.log. Any sanitizer report in a log fails the run too,
# even when the fuzzer's exit status was 0.
set -u
secs=$1 jobs=$2
shift 2
bin=build/fuzz
out=${FUZZ_WORK:-build/fuzz} # FUZZ_WORK=DIR keeps a long session's corpus apart
mkdir -p "$out/log"
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict} # fuzz_code loads the bundled dictionaries

run_one() {
    local t=$1 secs=$2 out=$3 bin=$4
    mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
    cp -n fuzz/corpus/"$t"/* "$out/corpus/$t/" 2>/dev/null
    local reports='runtime error:|ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|WARNING: .*Sanitizer|SUMMARY: .*Sanitizer'
    if "$bin/$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" \
        > "$out/log/$t.log" 2>&1 && ! grep -qE "$reports" "$out/log/$t.log"; then
        echo "fuzz $t: ${secs}s, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/log/$t.log" | grep -o '[0-9]*$') runs, no crash"
    else
        echo "FAIL: fuzz $t (log $out/log/$t.log):"
        grep -E -A30 -m1 "ERROR|==[0-9]*==|runtime error|deadly signal|timeout|$reports" "$out/log/$t.log" | head -40
        ls "$out/artifacts/$t/"
        return 1
    fi
}
export -f run_one
printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$secs" "$out" "$bin"
