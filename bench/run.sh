#!/bin/bash
# bench/run.sh DYAD GENCORPUS - speed and memory of `dyad code` (JSON Lines output)
# on generated news-like text (bench/gencorpus.c), for three dictionary sets:
#   (a) the bundled dictionaries (data/dict)
#   (b) the Phoenix dictionaries from ../shared/peers/petrarch2
#   (c) TABARI's CAMEO.080612.verbs with its actors and agents files (../shared/peers/tabari)
# Names and verbs of each corpus are drawn from the set's own dictionaries at
# bench time. Figures per run: dictionary load time (best of 5 runs on empty
# input, process start included), sentences/s and MB/s per thread with the
# load time taken out, peak RSS. Then the scaling curve (10^4, 10^5, 10^6
# sentences) and 1 vs 2 threads with the bundled dictionaries.
# BENCH_N (default 200000) sets the corpus size of the per-set runs;
# BENCH_SCALE (default "10000 100000 1000000") the sizes of the curve.
set -eu
DYAD=${1:-build/dyad}
GEN=${2:-build/bench/gencorpus}
SHARED=${DYAD_SHARED:-../shared}
HERE=$(cd "$(dirname "$0")" && pwd)
N=${BENCH_N:-200000}
SCALE=${BENCH_SCALE:-10000 100000 1000000}
export DYAD_DATA=${DYAD_DATA:-$HERE/../data/dict}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export DYAD_CACHE_DIR=$tmp/cache # the compiled dictionary cache, fresh for this run

now() { date +%s.%N; }

# load_ms DICT_ARGS...: best of 5 runs of coding nothing (after one run that
# writes the dictionary cache, so the five map it unless DYAD_CACHE=off)
load_ms() {
    local best=999999 t0 ms
    "$DYAD" code "$@" --input jsonl /dev/null 2>/dev/null
    for _ in 1 2 3 4 5; do
        t0=$(now)
        "$DYAD" code "$@" --input jsonl /dev/null 2>/dev/null
        ms=$(echo "($(now) - $t0) * 1000" | bc -l)
        best=$(echo "if ($ms < $best) $ms else $best" | bc -l)
    done
    printf '%.1f' "$best"
}

# run LABEL SENTENCES CORPUS LOAD_MS DYAD_ARGS...: one timed run. Wall-clock
# rate, and the rate per CPU-second (user + system time), which is what one
# core does when other work shares the machine.
run() {
    local label=$1 n=$2 corpus=$3 load=$4; shift 4
    local t0 secs coding bytes cpu
    bytes=$(stat -c %s "$corpus")
    t0=$(now)
    /usr/bin/time -f '%M %U %S' -o "$tmp/mem" "$DYAD" code "$@" --input jsonl "$corpus" >"$tmp/out.jsonl"
    secs=$(echo "$(now) - $t0" | bc -l)
    coding=$(echo "$secs - $load / 1000" | bc -l)
    read -r rss user sys < <(tail -n 1 "$tmp/mem")
    cpu=$(echo "$user + $sys - $load / 1000" | bc -l)
    printf '%-30s %8d sent %6.1f MB %8d events %7.2f s %8.0f sent/s %5.1f MB/s | CPU %7.2f s %8.0f sent/CPU-s | RSS %6d KiB\n' \
        "$label" "$n" "$(echo "$bytes / 1000000" | bc -l)" "$(wc -l <"$tmp/out.jsonl")" "$secs" \
        "$(echo "$n / $coding" | bc -l)" "$(echo "$bytes / 1000000 / $coding" | bc -l)" \
        "$cpu" "$(echo "$n / $cpu" | bc -l)" "$rss"
}

# corpus N OUT NAMES_FILES VERBS_FILES: generate N sentences from a set's words
corpus() {
    local n=$1 out=$2 names=$3 verbs=$4
    # shellcheck disable=SC2086
    bash "$HERE/words.sh" names $names >"$tmp/names.txt"
    # shellcheck disable=SC2086
    bash "$HERE/words.sh" verbs $verbs >"$tmp/verbs.txt"
    "$GEN" --names "$tmp/names.txt" --verbs "$tmp/verbs.txt" "$n" >"$out"
}

# bench_set LABEL NAMES_FILES VERBS_FILES DICT_ARGS...
bench_set() {
    local label=$1 names=$2 verbs=$3; shift 3
    corpus "$N" "$tmp/corpus.jsonl" "$names" "$verbs"
    local load read
    read=$(DYAD_CACHE=off load_ms "$@")
    load=$(load_ms "$@")
    echo "($label) dictionaries ready in $load ms from the compiled cache, $read ms read from the sources (best of 5, process start included)"
    run "($label) 1 thread" "$N" "$tmp/corpus.jsonl" "$load" "$@"
}

echo "dyad bench: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "per-set runs: $N generated sentences each; sent/s and MB/s exclude the load time"

D=$HERE/../data/dict
bench_set a "$D/*.actors" "$D/dyad.verbs"

P=$SHARED/peers/petrarch2
if [ -f "$P/CAMEO.2.0.txt" ]; then
    bench_set b "$P/Phoenix.*.actors.txt" "$P/CAMEO.2.0.txt" \
        --dict "$P/CAMEO.2.0.txt" --dict "$P/Phoenix.Countries.actors.txt" \
        --dict "$P/Phoenix.International.actors.txt" --dict "$P/Phoenix.MilNonState.actors.txt" \
        --dict "$P/Phoenix.agents.txt" --dict "$P/Phoenix.discards.txt" \
        --dict "$P/Phoenix.IssueCoding.txt"
else
    echo "(b) skipped: $P not found"
fi

T=$SHARED/peers/tabari
if [ -f "$T/CAMEO.080612.verbs" ]; then
    bench_set c "$T/Internatnl.120521.actors $T/Levant.080629.actors" "$T/CAMEO.080612.verbs" \
        --dict "$T/CAMEO.080612.verbs" --dict "$T/Internatnl.120521.actors" \
        --dict "$T/Levant.080629.actors" --dict "$T/PSU.120522.agents" \
        --dict "$T/CAMEO.09b5.options"
else
    echo "(c) skipped: $T not found"
fi

echo "scaling, bundled dictionaries (time linear, memory flat):"
load=$(load_ms)
for n in $SCALE; do
    corpus "$n" "$tmp/scale.jsonl" "$D/*.actors" "$D/dyad.verbs"
    run "(a) $n sentences, 1 thread" "$n" "$tmp/scale.jsonl" "$load"
done
echo "threads, bundled dictionaries, the last corpus above (sent/s is the total, not per thread):"
for j in 1 2; do
    run "(a) -j $j" "$n" "$tmp/scale.jsonl" "$load" -j "$j"
done
echo "shards, bundled dictionaries, the last corpus above (each shard skips the others' documents unparsed;"
echo "sent/s counts the shard's own sentences, about 1/N of the corpus):"
for sh in 1/8 1/64; do
    run "(a) --shard $sh" "$((n / ${sh#1/}))" "$tmp/scale.jsonl" "$load" --shard "$sh"
done
