#!/bin/bash
# `dyad code -j N` writes the same bytes (events and messages) as -j 1, and
# `--shard K/N` splits the documents so that the N shards together give the
# whole run's events (as a multiset of lines).
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 600 documents (the gold sentences three times, fresh ids) with two bad
# records and six damaged documents (a NUL, a sentence past the token limit:
# the coder's warnings) in the middle, so that several batches and messages
# are in flight
python3 - tests/gold/sentences.jsonl "$tmp/in.jsonl" <<'PY' || fail "making the input"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as out:
    for k in range(3):
        for i, d in enumerate(docs):
            if k == 1 and i in (50, 51):
                out.write('{"id": "broken", "text": \n')
            if i == 70 + k:  # damaged text: the coder warns, with any number of threads
                # (one id longer than any fixed line buffer: its warning whole)
                out.write(json.dumps({"id": "nul-%d" % k + "x" * (3000 if k == 2 else 0), "date": d["date"],
                                      "text": d["text"] + " \u0000 " + d["text"]}) + "\n")
                out.write(json.dumps({"id": "long-%d" % k, "date": d["date"],
                                      "text": "Russia and " * 600 + "Ukraine met."}) + "\n")
            out.write(json.dumps({"id": "%s-%d" % (d["id"], k), "date": d["date"],
                                  "text": " ".join([d["text"]] * (1 + i % 4))}) + "\n")
PY

for args in "" "--modality all" "--format tabari" "--repeats --format plover"; do
    # shellcheck disable=SC2086
    "$DYAD" code $args --input jsonl "$tmp/in.jsonl" >"$tmp/one.out" 2>"$tmp/one.err"
    rc1=$?
    [ -s "$tmp/one.out" ] || fail "-j 1 $args: no events"
    for j in 2 3 8; do
        # shellcheck disable=SC2086
        "$DYAD" code -j $j $args --input jsonl "$tmp/in.jsonl" >"$tmp/many.out" 2>"$tmp/many.err"
        rc=$?
        [ $rc -eq $rc1 ] || fail "-j $j $args: exit $rc, -j 1 exited $rc1"
        cmp -s "$tmp/one.out" "$tmp/many.out" || fail "-j $j $args: events differ from -j 1"
        cmp -s "$tmp/one.err" "$tmp/many.err" || fail "-j $j $args: messages differ from -j 1"
    done
done
[ "$(grep -c 'warning: .*in.jsonl:[0-9]*: document' "$tmp/one.err")" -ge 6 ] ||
    fail "the damaged documents' warnings are missing: $(cat "$tmp/one.err")"
echo "-j 2, 3, 8: identical to -j 1 ($(wc -l <"$tmp/one.out") events, $(wc -l <"$tmp/one.err") messages, warnings included)"

# several files and stdin, with threads
"$DYAD" code --input jsonl "$tmp/in.jsonl" - <"$tmp/in.jsonl" >"$tmp/one.out" 2>/dev/null
"$DYAD" code -j 2 --input jsonl "$tmp/in.jsonl" - <"$tmp/in.jsonl" >"$tmp/many.out" 2>/dev/null
cmp -s "$tmp/one.out" "$tmp/many.out" || fail "-j 2 over two inputs differs"

# shards: every event in exactly one shard; each bad record reported once
"$DYAD" code --input jsonl "$tmp/in.jsonl" 2>/dev/null | sort >"$tmp/whole"
for n in 1 3 7; do
    : >"$tmp/shards"
    : >"$tmp/shard.err"
    for k in $(seq 1 $n); do
        "$DYAD" code --shard "$k/$n" -j 2 --input jsonl "$tmp/in.jsonl" >>"$tmp/shards" 2>>"$tmp/shard.err"
    done
    sort "$tmp/shards" | cmp -s - "$tmp/whole" || fail "--shard K/$n: shards do not add up to the whole run"
    [ "$(grep -c skipped "$tmp/shard.err")" -eq 2 ] || fail "--shard K/$n: bad records not reported once each"
done
# the same for TABARI records (one with a bad header) and for a folder of
# plain files: other shards' documents are skipped unparsed, and counted alike
python3 - "$tmp/in.jsonl" "$tmp/rec.txt" "$tmp/docs" <<'PY' || fail "making tabari and plain inputs"
import json, os, sys
docs = []
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue  # the bad records
    if isinstance(d, dict) and isinstance(d.get("text"), str):
        docs.append(d)
docs = docs[:60]
os.mkdir(sys.argv[3])
with open(sys.argv[2], "w") as rec:
    for i, d in enumerate(docs):
        head = "210499" if i == 17 else "210412"
        rec.write("# a comment block\n\n" if i % 9 == 0 else "")
        rec.write(f"{head} R{i}\n{d['text']}\n\n")
        with open(os.path.join(sys.argv[3], f"doc{i:03d}.txt"), "w") as f:
            f.write("12 April 2021\n\n" + d["text"] + "\n")
PY
for input in "tabari $tmp/rec.txt" "plain $tmp/docs"; do
    set -- $input
    "$DYAD" code --input "$1" "$2" 2>/dev/null | sort >"$tmp/whole2"
    [ -s "$tmp/whole2" ] || fail "$1: no events"
    : >"$tmp/shards"
    : >"$tmp/shard.err"
    for k in 1 2 3 4; do
        "$DYAD" code --shard "$k/4" --input "$1" "$2" >>"$tmp/shards" 2>>"$tmp/shard.err"
    done
    sort "$tmp/shards" | cmp -s - "$tmp/whole2" || fail "--shard K/4 over $1 input does not add up"
    [ "$1" = plain ] || [ "$(grep -c 'bad date' "$tmp/shard.err")" -eq 1 ] ||
        fail "--shard K/4 over $1: the bad record is not reported once"
done
echo "--shard K/4 over TABARI records and a folder of plain files: shards add up"
"$DYAD" code --shard 2/3 --input jsonl "$tmp/in.jsonl" 2>/dev/null >"$tmp/s2"
[ -s "$tmp/s2" ] && ! cmp -s "$tmp/s2" "$tmp/whole" || fail "--shard 2/3 is not a proper slice"
echo "--shard K/1, K/3, K/7: shards add up to the whole run"

# bad values are usage errors
for bad in "-j 0" "-j x" "--shard 0/3" "--shard 4/3" "--shard 3" "--shard 1/0"; do
    # shellcheck disable=SC2086
    "$DYAD" code $bad --input jsonl "$tmp/in.jsonl" >/dev/null 2>&1
    [ $? -eq 2 ] || fail "'$bad' should be a usage error"
done
echo "parallel: ok"
