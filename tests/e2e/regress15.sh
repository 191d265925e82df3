#!/bin/bash
# Regressions of issue 15 (hardening, second round), one section per item of
# the issue's list, as cmark keys its regression tests by issue. Each case
# failed before its fix.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# run NAME EXPECTED_STATUS ARGS...: stdout/stderr in $tmp/NAME.{out,err}
run() {
    local name=$1 want=$2
    shift 2
    "$DYAD" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
    local rc=$?
    [ $rc -eq "$want" ] || fail "$name: exit status $rc, wanted $want: $(head -c 600 "$tmp/$name.err")"
}
# has NAME REGEX: stderr of NAME matches
has() { grep -qE -- "$2" "$tmp/$1.err" || fail "$1: no message matching '$2' in: $(head -c 600 "$tmp/$1.err")"; }
hasnt() { ! grep -qE -- "$2" "$tmp/$1.err" || fail "$1: unexpected message matching '$2' in: $(head -c 600 "$tmp/$1.err")"; }
events() { grep -c '"cameo"' "$tmp/$1.out"; }
python3 -c 'import json; print(json.dumps({"id": "brief", "date": "2024-02-24", "text": open("data/example/brief.txt").read()}))' \
    > "$tmp/docs1.jsonl"
# 500 documents (the example: 500 times its events)
python3 - "$tmp/docs.jsonl" <<'PY'
import json, sys
txt = open('data/example/brief.txt').read()
with open(sys.argv[1], 'w') as f:
    for i in range(500):
        f.write(json.dumps({'id': 'd%d' % i, 'date': '2024-02-24', 'text': txt}) + '\n')
PY
# Each item of the issue is a function item_N; REGRESS15_ITEMS="2 3" runs only those.

# ---- 1: every write to stdout is checked, the command says why and fails ----
item_1() {
    # tofull NAME ARGS...: the command with stdout on /dev/full: exit 1, "stdout: No space left on device"
    tofull() {
        local name=$1
        shift
        "$DYAD" "$@" > /dev/full 2> "$tmp/$name.err"
        local rc=$?
        [ $rc -eq 1 ] || fail "1 $name: exit status $rc to /dev/full, wanted 1: $(head -c 300 "$tmp/$name.err")"
        has "$name" '^dyad: stdout: No space left on device$'
        [ "$(grep -c 'stdout:' "$tmp/$name.err")" -eq 1 ] || fail "1 $name: reported more than once"
    }
    tofull code code --input jsonl "$tmp/docs.jsonl"
    tofull code_j2 code -j 2 --input jsonl "$tmp/docs.jsonl"
    tofull code_tabari code --input jsonl --format tabari "$tmp/docs.jsonl"
    tofull explain explain "Russia attacked Ukraine on Monday."
    tofull version version
    "$DYAD" ingest --db "$tmp/s.db" --date 2024-02-24 data/example/brief.txt 2> /dev/null ||
        fail "1: ingest of the example"
    tofull events events --db "$tmp/s.db"
    tofull events_count events --db "$tmp/s.db" --count
    tofull export export --db "$tmp/s.db" --format gdelt
    tofull series series --db "$tmp/s.db"
    tofull series_json series --db "$tmp/s.db" --format json
    # a file-size limit: write fails with EFBIG (SIGXFSZ ignored), reported, not a kill
    for j in 1 2; do
        (ulimit -f 64; "$DYAD" code -j $j --input jsonl "$tmp/docs.jsonl" > "$tmp/big.out" 2> "$tmp/fsize.err")
        rc=$?
        [ $rc -eq 1 ] || fail "1 ulimit -f, -j $j: exit status $rc, wanted 1"
        has fsize '^dyad: stdout: File too large$'
    done
    # the output that did get written ends where a whole write ended, and a good run still exits 0
    run code_ok 0 code --input jsonl "$tmp/docs.jsonl"
    local want=$(( $("$DYAD" code --input jsonl "$tmp/docs1.jsonl" | grep -c '"cameo"') * 500 ))
    [ "$(events code_ok)" -eq "$want" ] || fail "1: $(events code_ok) events, wanted $want"
    echo "1: output errors reported (code, code -j 2, explain, version, events, export, series, ulimit -f)"
}

# ---- 2: TABARI records: byte order marks, UTF-16, text before the first header, a missing blank line ----
item_2() {
    printf '\xef\xbb\xbf210426 A\nRussia attacked Ukraine.\n' > "$tmp/bom.tabari"
    printf '210426 A\nRussia attacked Ukraine.\n\n210427 B\nRussia attacked Ukraine.\n' |
        iconv -f UTF-8 -t UTF-16LE | { printf '\xff\xfe'; cat; } > "$tmp/le.tabari"
    printf '210426 A\nRussia attacked Ukraine.\n' | iconv -f UTF-8 -t UTF-16BE | { printf '\xfe\xff'; cat; } > "$tmp/be.tabari"
    run bomtab 0 code --input tabari "$tmp/bom.tabari"
    [ "$(events bomtab)" -ge 1 ] || fail "2: UTF-8 BOM before the first header: no events"
    run le 0 code --input tabari "$tmp/le.tabari"
    grep -q '"doc":"B","sentence":1,"date":"2021-04-27"' "$tmp/le.out" || fail "2: UTF-16LE records not read"
    run be 0 code --input tabari "$tmp/be.tabari"
    [ "$(events be)" -ge 1 ] || fail "2: UTF-16BE: no events"
    printf 'no header here\nat all\n' > "$tmp/none.tabari"
    run none 0 code --input tabari "$tmp/none.tabari"
    has none 'warning: .*none.tabari:1: 2 lines before the first record header .*no records in the file'
    printf '210426 A\nRussia attacked Ukraine.\n210427 B\nChina criticized Japan.\n' > "$tmp/merged.tabari"
    run merged 0 code --input tabari "$tmp/merged.tabari"
    has merged 'warning: .*merged.tabari:3: record header with no blank line before it'
    grep -q '"doc":"B","sentence":1,"date":"2021-04-27"' "$tmp/merged.out" || fail "2: the second record was merged into the first"
    run merged_j2 0 code -j 2 --input tabari "$tmp/merged.tabari"
    has merged_j2 'merged.tabari:3: record header with no blank line'
    "$DYAD" ingest --db "$tmp/m.db" --input tabari "$tmp/merged.tabari" 2> "$tmp/merged_ingest.err" || fail "2: ingest"
    has merged_ingest 'merged.tabari:3: record header with no blank line'
    echo "2: TABARI BOM, UTF-16 LE/BE, text before the first header, missing blank line"
}

# ---- 3: document dates outside 1800-01-01..2199-12-31 are errors with file:line, never coded without events ----
item_3() {
    for d in 4707-11-30 9021-04-26 1799-12-31; do
        printf '{"id":"far","date":"%s","text":"Russia attacked Ukraine."}\n' "$d" > "$tmp/far.jsonl"
        run far_$d 1 code --input jsonl "$tmp/far.jsonl"
        has far_$d "far.jsonl:1: \"date\" $d is outside the dates accepted \\(1800-01-01..2199-12-31\\)"
    done
    for d in 1800-01-01 2199-12-31; do
        printf '{"id":"edge","date":"%s","text":"Russia attacked Ukraine."}\n' "$d" > "$tmp/edge.jsonl"
        run edge_$d 0 code --input jsonl "$tmp/edge.jsonl"
        [ "$(events edge_$d)" -ge 1 ] || fail "3: a document of $d coded no events"
    done
    printf '90210426 A\nRussia attacked Ukraine.\n' > "$tmp/far.tabari"
    run fartab 1 code --input tabari "$tmp/far.tabari"
    has fartab 'far.tabari:1: record skipped: bad date in header "90210426 A"'
    printf 'Russia attacked Ukraine.\n' > "$tmp/doc.txt"
    run fardate 2 code --date 9021-04-26 "$tmp/doc.txt"
    has fardate 'from 1800-01-01 to 2199-12-31'
    printf '26 April 9021\n\nRussia attacked Ukraine.\n' > "$tmp/farhead.txt"
    run farhead 0 code "$tmp/farhead.txt"
    has farhead 'farhead.txt:1: the date 9021-04-26 .* is outside the dates accepted'
    [ "$(events farhead)" -ge 1 ] || fail "3: an undated document coded no events"
    echo "3: document dates outside 1800-2199 refused with file:line; the edges coded"
}

# ---- 4: ingest --events validates every field as code writes it ----
item_4() {
    local good='"doc":"e1","sentence":1,"source":{"code":"RUS","country":"RUS"},"target":{"code":"UKR"},"cameo":"190"'
    {
        printf '{%s,"date":"2021-04-26"}\n' "$good"
        printf '{%s,"date":"2021-02-30"}\n' "$good"
        printf '{%s,"date":"2021-13-45"}\n' "$good"
        printf '{%s,"date":"9999-99-99"}\n' "$good"
        printf '{%s,"date":20210426}\n' "$good"
        printf '{%s,"date":"2021-04-26"}\n' "${good/\"sentence\":1/\"sentence\":-5}"
        printf '{%s,"date":"2021-04-26"}\n' "${good/\"sentence\":1/\"sentence\":1099511627776}"
        printf '{%s,"modality":"bogus"}\n' "$good"
        printf '{%s,"goldstein":50}\n' "$good"
        printf '{%s,"date_basis":"guess"}\n' "$good"
        printf '{%s}\n' "${good/\"country\":\"RUS\"/\"country\":\"RUSSIA\"}"
        printf '{%s}\n' "${good/\"code\":\"UKR\"/\"code\":\"U K\"}"
        printf '{%s,"text":5}\n' "$good"
        printf '{%s,"date":null}\n' "$good"
    } > "$tmp/ev.jsonl"
    run evbad 1 ingest --db "$tmp/ev.db" --events "$tmp/ev.jsonl"
    has evbad 'ev.jsonl:2: "date" is not a date YYYY-MM-DD \(skipped\)'
    has evbad 'ev.jsonl:3: "date" is not a date'
    has evbad 'ev.jsonl:4: "date" is not a date'
    has evbad 'ev.jsonl:5: "date" is not a date'
    has evbad 'ev.jsonl:6: "sentence" -5 is not a sentence number'
    has evbad 'ev.jsonl:7: "sentence" 1099511627776 is not a sentence number'
    has evbad 'ev.jsonl:8: "modality" "bogus" is not asserted'
    has evbad 'ev.jsonl:9: "goldstein" is not a number from -10 to 10'
    has evbad 'ev.jsonl:10: "date_basis" "guess"'
    has evbad 'ev.jsonl:11: source "country" "RUSSIA" is not three capital letters'
    has evbad 'ev.jsonl:12: target code "U K" is not a code'
    has evbad 'ev.jsonl:13: "text" is not a string'
    hasnt evbad 'ev.jsonl:(1|14):'
    [ "$("$DYAD" events --db "$tmp/ev.db" --count)" = 2 ] || fail "4: stored $("$DYAD" events --db "$tmp/ev.db" --count) events, wanted 2"
    # what code writes is read back whole
    "$DYAD" code --input jsonl --modality all "$tmp/docs1.jsonl" > "$tmp/coded.jsonl" 2>/dev/null
    run evgood 0 ingest --db "$tmp/ev2.db" --events "$tmp/coded.jsonl"
    [ "$("$DYAD" events --db "$tmp/ev2.db" --count --modality all)" = "$(grep -c . "$tmp/coded.jsonl")" ] ||
        fail "4: events coded by dyad were not all stored"
    echo "4: ingest --events: bad dates, sentences, modality, goldstein, codes refused with file:line"
}

# ---- 5: dictionary lines bounded (1 MiB); a directory named; memory failure an error (tests/test_dict_checks.c) ----
item_5() {
    ln -s /dev/zero "$tmp/zero.actors"
    /usr/bin/time -o "$tmp/zero.rss" -f %M timeout 20 "$DYAD" dict check "$tmp/zero.actors" > "$tmp/zero.out" 2> "$tmp/zero.err"
    rc=$?
    [ $rc -eq 1 ] || fail "5: /dev/zero as a dictionary: exit status $rc, wanted 1"
    has zero 'zero.actors:1: binary data'
    [ "$(tail -n 1 "$tmp/zero.rss")" -lt $((200 * 1024)) ] || fail "5: /dev/zero took $(tail -n 1 "$tmp/zero.rss") KB"
    python3 -c "print('A_ [ARN]'); print('B' * 1100000)" > "$tmp/long.actors"
    run long 1 dict check "$tmp/long.actors"
    has long 'long.actors:2: line longer than 1048576 bytes'
    mkdir "$tmp/folder.verbs"
    run folder 2 code --dict "$tmp/folder.verbs" "$tmp/docs1.jsonl"
    has folder 'folder.verbs: is a directory, not a dictionary file'
    hasnt folder ':0:'
    echo "5: /dev/zero, a 1.1 MB line and a directory as dictionaries: errors naming them"
}

# ---- 10: synsets that contain themselves: a load error with file:line (the matcher's bound: tests/test_dict_checks.c) ----
item_10() {
    printf '<SYNSETS>\n&SELF\n+ FOO\n+ &SELF BAR\n</SYNSETS>\nATTACK [190]\n- $ * + WITH &SELF [195]\n' > "$tmp/self.verbs"
    run selfsyn 1 dict check "$tmp/self.verbs"
    has selfsyn 'self.verbs:4: synset &SELF would contain itself'
    printf '<SYNSETS>\n&A\n+ FOO\n&B\n+ &A\n&A\n+ &B\n</SYNSETS>\n' > "$tmp/mutual.verbs"
    run mutual 2 code --dict "$tmp/mutual.verbs" "$tmp/docs1.jsonl"
    has mutual 'mutual.verbs:7: synset &A would contain itself'
    echo "10: synset cycles refused at load with file:line"
}

# ---- 11: undefined behaviour found by the fuzzers (the unit tests run it under UBSan in make asan) ----
item_11() {
    printf '{"id":"big","text":"Russia attacked Ukraine.","n":9223372036854775808}\n{"id":"big19","n":9999999999999999999,"text":"Russia attacked Ukraine."}\n' > "$tmp/big.jsonl"
    run bigint 0 code --input jsonl "$tmp/big.jsonl"
    grep -q '"doc":"big"' "$tmp/bigint.out" || fail "11: a record with an integer >= 2^63 was skipped"
    grep -q '"doc":"big19"' "$tmp/bigint.out" || fail "11: a record with a 19-digit integer was skipped"
    printf -- '--- TEST [010] ---\nTEST\n- * WITH/ FOO [011]\n- * FOO [012]\n' > "$tmp/empty_alt.verbs"
    run emptyalt 0 dict check "$tmp/empty_alt.verbs"
    has emptyalt 'empty_alt.verbs:3: empty alternative'
    grep -q '1 patterns' "$tmp/emptyalt.out" || fail "11: $(cat "$tmp/emptyalt.out")"
    # the fuzz runner fails on a sanitizer report even when the fuzzer exits 0
    mkdir -p "$tmp/fz/bin" "$tmp/fz/out"
    printf '#!/bin/sh\necho "x.c:1:2: runtime error: signed integer overflow"\nexit 0\n' > "$tmp/fz/bin/fuzz_fake"
    chmod +x "$tmp/fz/bin/fuzz_fake"
    sed "s|^bin=build/fuzz|bin=$tmp/fz/bin|" fuzz/run.sh > "$tmp/fz/run.sh"
    FUZZ_WORK="$tmp/fz/out" bash "$tmp/fz/run.sh" 1 1 fuzz_fake > "$tmp/fz.out" 2>&1 &&
        fail "11: fuzz/run.sh passed a log with a sanitizer report: $(cat "$tmp/fz.out")"
    grep -q 'FAIL: fuzz fuzz_fake' "$tmp/fz.out" || fail "11: fuzz/run.sh: $(cat "$tmp/fz.out")"
    grep -q -- '-fno-sanitize-recover=all' Makefile || fail "11: fuzz targets built without -fno-sanitize-recover=all"
    echo "11: integers >= 2^63 read, empty PETRARCH alternative warned, sanitizer reports fail fuzz/run.sh"
}

# ---- 12: --shard overflow; a UTF-8 BOM before the first JSON Lines record ----
item_12() {
    for s in 1/99999999999999999999 99999999999999999999/99999999999999999999 1/ /3 1/1000000001; do
        run shard 2 code --shard "$s" "$tmp/docs1.jsonl"
        has shard 'shard takes K/N with 1 <= K <= N'
    done
    run shardok 0 code --shard 1/1000000000 --input jsonl "$tmp/docs1.jsonl"
    [ "$(events shardok)" -ge 1 ] || fail "12: --shard 1/1000000000 coded nothing"
    { printf '\xef\xbb\xbf'; cat "$tmp/docs1.jsonl"; } > "$tmp/bom.jsonl"
    run bomjsonl 0 code --input jsonl "$tmp/bom.jsonl"
    [ "$(events bomjsonl)" -ge 1 ] || fail "12: a BOM before the first JSON Lines record lost it"
    "$DYAD" ingest --db "$tmp/bom.db" --input jsonl "$tmp/bom.jsonl" 2> "$tmp/bomingest.err" || fail "12: ingest with a BOM"
    echo "12: --shard overflow refused; BOM before JSON Lines read (a directory as dictionary: item 5)"
}

# ---- 9 (the store parts): a damaged store is refused saying so; dyad check; serve's hint only without a store ----
item_9() {
    "$DYAD" ingest --db "$tmp/dmg.db" --input jsonl "$tmp/docs.jsonl" 2> /dev/null || fail "9: ingest"
    run check_ok 0 check --db "$tmp/dmg.db"
    grep -q 'dmg.db: ok' "$tmp/check_ok.out" || fail "9: check of a sound store: $(cat "$tmp/check_ok.out")"
    python3 - "$tmp/dmg.db" <<'PY'
import os, sys
path = sys.argv[1]
pages = os.path.getsize(path) // 4096
with open(path, 'r+b') as f:  # b-tree headers of three pages in the middle destroyed
    for p in range(pages // 2, pages // 2 + 3):
        f.seek(p * 4096)
        f.write(b'\x0d\xff\xff\xff\xff\xff\xff\xff' * 8)
PY
    run check_bad 1 check --db "$tmp/dmg.db"
    has check_bad 'dmg.db: the store is damaged'
    run events_bad 2 events --db "$tmp/dmg.db" --count
    has events_bad 'dmg.db: the store is damaged \(SQLite.s quick_check: '
    [ "$(grep -c . "$tmp/events_bad.err")" -eq 1 ] || fail "9: the message is not one line"
    run serve_bad 2 serve --db "$tmp/dmg.db" --port 0
    has serve_bad 'the store is damaged'
    hasnt serve_bad 'create the store with dyad ingest'
    run serve_none 2 serve --db "$tmp/none.db" --port 0
    has serve_none 'create the store with dyad ingest'
    echo "9: a damaged store refused saying so (events, serve, dyad check); serve hints ingest only without a store"
}

for n in ${REGRESS15_ITEMS:-1 2 3 4 5 9 10 11 12}; do
    item_$n
done
