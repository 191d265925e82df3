#!/bin/bash
# End-to-end checks of the command line on text written for these tests.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}  # sanitizer builds live in build/asan/
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the bundled example codes with the bundled dictionaries
out=$("$DYAD" code data/example/brief.txt) || fail "code on the example"
n=$(printf '%s\n' "$out" | grep -c '"cameo":')
[ "$n" -ge 3 ] || fail "example: only $n events"
echo "example brief: $n events"

# JSON Lines input from stdin, explicit dictionaries, tabari output
proj=${DYAD_SHARED:-../shared}/peers/tabari/Validate.project
printf '%s\n' '{"id":"d1","date":"1995-01-06","text":"Arnor restored full diplomatic ties with Gondor on Friday after a long break."}' \
    > "$tmp/in.jsonl"
out=$("$DYAD" code --input jsonl - < "$tmp/in.jsonl") || fail "jsonl from stdin"
printf '%s\n' "$out" | grep -q '"doc":"d1"' || true
if [ -f "$proj" ]; then
    out=$("$DYAD" code --dict "$proj" --input jsonl --format tabari "$tmp/in.jsonl") || fail "tabari format"
    printf '%s\n' "$out" | grep -q $'950106\tARN\tGON\t064' || fail "tabari output: $out"
    out=$("$DYAD" code --dict "$proj" --input jsonl "$tmp/in.jsonl")
    printf '%s\n' "$out" | grep -q '"source":{"code":"ARN"' || fail "json source: $out"
    printf '%s\n' "$out" | grep -q '"date":"1995-01-06"' || fail "json date: $out"
    # negation is filtered unless --modality all
    printf '%s\n' '{"id":"n","date":"1995-01-06","text":"Arnor will not restore full diplomatic ties with Gondor on Friday after all."}' > "$tmp/neg.jsonl"
    n1=$("$DYAD" code --dict "$proj" --input jsonl "$tmp/neg.jsonl" | grep -c cameo)
    n2=$("$DYAD" code --dict "$proj" --input jsonl --modality all "$tmp/neg.jsonl" | grep -c '"modality":"negated"')
    [ "$n1" -eq 0 ] && [ "$n2" -ge 1 ] || fail "modality filter ($n1, $n2)"
    "$DYAD" explain --dict "$proj" "Arnor restored diplomatic ties with Gondor on Friday after a long break." | grep -q 'ARN -> GON' \
        || fail "explain"
else
    echo "note: ../shared not found; dictionary-specific CLI checks skipped"
fi

# bad input: clear errors, no crash
printf 'not json\n' > "$tmp/bad.jsonl"
"$DYAD" code --input jsonl "$tmp/bad.jsonl" 2> "$tmp/err" >/dev/null
[ $? -eq 1 ] || fail "bad jsonl exit status"
grep -q 'bad.jsonl:1' "$tmp/err" || fail "bad jsonl message: $(cat "$tmp/err")"
head -c 20000 /dev/urandom > "$tmp/garbage"
"$DYAD" code "$tmp/garbage" >/dev/null 2>&1
[ $? -le 1 ] || fail "garbage input crashed"
: > "$tmp/empty"
"$DYAD" code "$tmp/empty" >/dev/null || fail "empty file"
printf 'X [ABC\n' > "$tmp/bad.actors"
"$DYAD" dict check "$tmp/bad.actors" 2> "$tmp/err" >/dev/null
grep -q 'bad.actors:1' "$tmp/err" || fail "dict error location: $(cat "$tmp/err")"
"$DYAD" nosuchcommand 2>/dev/null
[ $? -eq 2 ] || fail "unknown command status"
# a folder stands for the files under it (sorted; hidden ones skipped)
mkdir -p "$tmp/folder/b" "$tmp/folder/.hidden"
cp data/example/brief.txt "$tmp/folder/a.txt"
cp data/example/brief.txt "$tmp/folder/b/c.txt"
cp data/example/brief.txt "$tmp/folder/.hidden/d.txt"
docs=$("$DYAD" code "$tmp/folder" | python3 -c 'import json,sys; print(" ".join(sorted({json.loads(l)["doc"].rsplit("/",2)[-2]+"/"+json.loads(l)["doc"].rsplit("/",1)[-1] for l in sys.stdin})))')
[ "$docs" = "b/c.txt folder/a.txt" ] || fail "folder input: $docs"

# An event with no date anywhere (no document date, none in the text) is
# undated in every format: never dated by the day of coding.
printf 'Russia accused Poland of preparing provocations.\n' > "$tmp/undated.txt"
out=$("$DYAD" code "$tmp/undated.txt") || fail "undated document"
printf '%s\n' "$out" | grep -q '"date":null,' || fail "undated event has a date: $out"
printf '%s\n' "$out" | grep -q '"date_basis":"unknown","date_precision":null' || fail "undated basis: $out"
out=$("$DYAD" code --format tabari "$tmp/undated.txt") || fail "undated tabari"
[ "${out%%$'\t'*}" = "" ] || fail "undated TABARI line has a date: $out"
out=$("$DYAD" code --format plover "$tmp/undated.txt") || fail "undated plover"
printf '%s\n' "$out" | grep -q '"date":null' || fail "undated PLOVER record has a date: $out"
demo=${DYAD_SHARED:-../shared}/peers/tabari/TABARI.Demo.project
if [ -f "$demo" ]; then # a TIME phrase ("last week") of an undated document dates nothing
    printf 'The forces of Arnor attacked the soldiers of Gondor near the river last week, officials said.\n' > "$tmp/lastweek.txt"
    out=$("$DYAD" code --dict "$demo" "$tmp/lastweek.txt" 2>/dev/null) || fail "undated with a time phrase"
    printf '%s\n' "$out" | grep -q '"cameo":"223"' || fail "time-phrase sentence not coded: $out"
    printf '%s\n' "$out" | grep -q '"date":null,.*"date_basis":"unknown"' || fail "a time phrase dated an undated event: $out"
fi
echo "undated events: date null in JSON and PLOVER, empty in TABARI lines"

# The compiled dictionary cache (dict/cache.c): written on the first load of a
# set, mapped on the next, read again when a source changes; events identical
# to a run without the cache. Its own cache folder, so the first load is a miss.
(
    export DYAD_CACHE_DIR=$tmp/cache
    cp -r "$DYAD_DATA" "$tmp/dict"
    export DYAD_DATA=$tmp/dict
    "$DYAD" dict cache > "$tmp/c1" || fail "dict cache"
    grep -q '^read (no cached copy); cached as ' "$tmp/c1" || fail "first load not cached: $(cat "$tmp/c1")"
    "$DYAD" dict cache > "$tmp/c2" || fail "dict cache (2)"
    grep -q '^mapped from ' "$tmp/c2" || fail "second load not mapped: $(cat "$tmp/c2")"
    "$DYAD" code data/example/brief.txt > "$tmp/cached.jsonl" || fail "code from the cache"
    DYAD_CACHE=off "$DYAD" code data/example/brief.txt > "$tmp/uncached.jsonl" || fail "code without cache"
    cmp -s "$tmp/cached.jsonl" "$tmp/uncached.jsonl" || fail "events differ with the cache"
    echo "NEWLAND_ [NWL]" >> "$tmp/dict/dyad.names.actors"
    "$DYAD" dict cache > "$tmp/c3" || fail "dict cache (3)"
    grep -q 'dyad.names.actors changed); cached as ' "$tmp/c3" || fail "changed source not read: $(cat "$tmp/c3")"
    echo "dictionary cache: $(sed -n 2p "$tmp/c1") read, $(sed -n 2p "$tmp/c2") mapped; same events"
) || exit 1
echo "cli: ok"
