#!/bin/bash
# Hostile and broken input: each case must end with a clear one-line message
# naming file:line (a warning when the input can still be used, an error and
# a non-zero exit when it cannot), never a crash, and never lose a document
# silently. The big cases also check time and peak memory (/usr/bin/time);
# the bounds leave room for the ASan build. Under valgrind (make valgrind)
# the big cases are scaled down: valgrind is 30-50 times slower.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
big=1
[ -n "${DYAD_UNDER_VALGRIND:-}" ] && big=0

# run NAME EXPECTED_STATUS ARGS...: runs dyad, keeps stdout/stderr in $tmp/NAME.{out,err}
run() {
    local name=$1 want=$2
    shift 2
    "$DYAD" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
    local rc=$?
    [ $rc -eq "$want" ] || fail "$name: exit status $rc, wanted $want: $(head -c 600 "$tmp/$name.err")"
}
# has NAME REGEX: stderr of NAME matches
has() { grep -qE "$2" "$tmp/$1.err" || fail "$1: no message matching '$2' in: $(head -c 600 "$tmp/$1.err")"; }
events() { grep -c '"cameo"' "$tmp/$1.out"; }
# bounded NAME MAX_SECONDS MAX_MB EXPECTED_STATUS ARGS...: run with limits on time and memory
bounded() {
    local name=$1 secs=$2 mb=$3 want=$4
    shift 4
    local t0=$SECONDS
    /usr/bin/time -o "$tmp/$name.rss" -f %M timeout "$secs" "$DYAD" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
    local rc=$? kb
    kb=$(tail -n 1 "$tmp/$name.rss")
    [ $rc -ne 124 ] || fail "$name: took longer than ${secs}s"
    [ $rc -eq "$want" ] || fail "$name: exit status $rc, wanted $want: $(head -c 600 "$tmp/$name.err")"
    [ "$kb" -le $((mb * 1024)) ] || fail "$name: peak memory $((kb / 1024)) MB, bound $mb MB"
    echo "  $name: $((SECONDS - t0))s, peak $((kb / 1024)) MB"
}

# ---- bytes ----
printf 'Intro line.\nRussia \xff\xfe attacked \xc0\xaf Ukraine on Monday.\n' > "$tmp/bad-utf8.txt"
run utf8 0 code --date 2021-04-26 "$tmp/bad-utf8.txt"
has utf8 'warning: .*bad-utf8.txt:2: document .*bad-utf8.txt: 4 invalid UTF-8 sequences replaced by U\+FFFD'
[ "$(events utf8)" -ge 1 ] || fail "utf8: the repaired sentence was not coded"

printf 'Russia attacked\0 Ukraine on Monday.\n' > "$tmp/nul.txt"
run nul 0 code --date 2021-04-26 "$tmp/nul.txt"
has nul 'nul.txt:1: document .*nul.txt: 1 NUL byte dropped'
[ "$(events nul)" -ge 1 ] || fail "nul: not coded"
printf '%s\n' '{"id":"n1","text":"Russia attacked\u0000 Ukraine."}' > "$tmp/nul.jsonl"
run nuljson 0 code --input jsonl "$tmp/nul.jsonl"
has nuljson 'nul.jsonl:1: document n1: 1 NUL byte dropped'
printf '{"id":"u","text":"Russia \xff attacked Ukraine."}\n' > "$tmp/utf8.jsonl"
run utf8json 1 code --input jsonl "$tmp/utf8.jsonl"
has utf8json 'utf8.jsonl:1: invalid JSON: .*\(skipped\)'

head -c $((big ? 1000000 : 50000)) /dev/urandom > "$tmp/garbage.bin"
for fmt in plain jsonl tabari; do
    "$DYAD" code --input $fmt "$tmp/garbage.bin" > /dev/null 2> "$tmp/garbage.err"
    rc=$?
    [ $rc -le 1 ] || fail "garbage as $fmt: exit status $rc"
done
echo "bytes: invalid UTF-8, NUL, random bytes: ok"

# ---- empty and truncated ----
: > "$tmp/empty"
for fmt in plain jsonl tabari; do
    run empty-$fmt 0 code --input $fmt "$tmp/empty"
    [ ! -s "$tmp/empty-$fmt.out" ] || fail "empty $fmt: output"
done
printf '%s\n%s' '{"id":"a","text":"Russia attacked Ukraine."}' '{"id":"b","text":"Putin met Lukash' > "$tmp/trunc.jsonl"
run trunc 1 code --input jsonl "$tmp/trunc.jsonl"
has trunc 'trunc.jsonl:2: invalid JSON: premature end of input'
has trunc 'trunc.jsonl: 1 of 2 records could not be read'
[ "$(events trunc)" -ge 1 ] || fail "trunc: the good line was lost"
{ head -c 100000 /dev/zero | tr '\0' '['; echo; echo '{"id":"after","text":"Russia attacked Ukraine."}'; } > "$tmp/deep.jsonl"
run deep 1 code --input jsonl "$tmp/deep.jsonl"
has deep 'deep.jsonl:1: invalid JSON: maximum parsing depth'
grep -q '"doc":"after"' "$tmp/deep.out" || fail "deep: the line after the nested one was lost"
printf '{"id":"x","text":"a"}\n{"id":"x","text":"b","text":"c"}\n{"id":3.5,"text":"c"}\n{"text":"d"}\n[]\n{"id":"d","date":"2021-02-30","text":"e"}\n' > "$tmp/shapes.jsonl"
run shapes 1 code --input jsonl "$tmp/shapes.jsonl"
for l in 2 3 4 5 6; do has shapes "shapes.jsonl:$l: "; done
has shapes 'shapes.jsonl: 5 of 6 records could not be read'
printf '210426 A\nRussia attacked Ukraine.\n\n219999 B\nbad date\n\n210427' > "$tmp/trunc.tabari"
run tabtrunc 1 code --input tabari "$tmp/trunc.tabari"
has tabtrunc 'trunc.tabari:4: record skipped: bad date in header "219999 B"'
echo "empty, truncated, nested and malformed JSON Lines and TABARI records: ok"

# ---- size ----
if [ $big = 1 ]; then
    python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
line = "Russia attacked Ukraine and Poland " * 2900000          # 101.5 MB, one line
open(d + "/100mb.txt", "w").write(line + "\n")
open(d + "/100mb.jsonl", "w").write('{"id":"big","text":"%s"}\n{"id":"small","text":"Russia attacked Ukraine."}\n' % line)
open(d + "/100mb.tabari", "w").write("210426 BIG\n%s\n\n210426 SMALL\nRussia attacked Ukraine.\n" % line)
open(d + "/20mb.txt", "w").write("Russia attacked Ukraine, " + "Poland and " * 1900000 + "Belarus\n")  # 21 MB, one sentence
with open(d + "/1m.jsonl", "w") as f, open(d + "/1m.tabari", "w") as g:
    for i in range(1000000):
        text = "Russia attacked Ukraine." if i % 1000 == 999 else "ok"
        f.write('{"id":"%d","text":"%s"}\n' % (i, text))
        g.write("210426 D%d\n%s\n\n" % (i, text))
PY
    bounded line100mb 120 600 1 code "$tmp/100mb.txt"
    has line100mb '100mb.txt:1: document of 101500001 bytes is longer than the limit of 67108864 bytes \(skipped\)'
    bounded jsonl100mb 120 600 1 code --input jsonl "$tmp/100mb.jsonl"
    has jsonl100mb '100mb.jsonl:1: line of [0-9]+ bytes is longer than the limit'
    grep -q '"doc":"small"' "$tmp/jsonl100mb.out" || fail "100 MB jsonl: the next line was lost"
    bounded tabari100mb 120 600 1 code --input tabari "$tmp/100mb.tabari"
    has tabari100mb '100mb.tabari:1: record text of [0-9]+ bytes is longer than the limit'
    grep -q '"doc":"SMALL"' "$tmp/tabari100mb.out" || fail "100 MB tabari: the next record was lost"
    bounded line20mb 120 1500 0 code --date 2021-04-26 "$tmp/20mb.txt"
    has line20mb '20mb.txt:1: document .*20mb.txt, sentence 1: sentence longer than 1000 tokens'
    [ "$(events line20mb)" -ge 1 ] || fail "20 MB line: nothing coded"
    for fmt in jsonl tabari; do
        bounded docs1m-$fmt 400 300 0 code --input $fmt --date 2021-04-26 "$tmp/1m.$fmt"
        n=$(events docs1m-$fmt)
        [ "$n" -eq 1000 ] || fail "10^6 $fmt documents: $n events, wanted 1000"
        [ "$(grep -c '"doc":"D\?[0-9]*999"' "$tmp/docs1m-$fmt.out")" -eq 1000 ] || fail "10^6 $fmt: wrong documents"
    done
    echo "100 MB lines skipped with a message, 20 MB sentence cut with a warning, 10^6 documents: ok"
else
    echo "note: 100 MB lines and 10^6 documents skipped under valgrind"
fi

# ---- dictionaries ----
printf 'ARNOR_ [ARN]\nGONDOR_ [GON\n' > "$tmp/unbal.actors"
run unbal 2 code --dict "$tmp/unbal.actors" "$tmp/nul.txt"
has unbal 'unbal.actors:2: missing .\]'
printf 'ATTACK_ [190]\n- * WITH + [1O95]\n' > "$tmp/typo.verbs"
printf 'RUSSIA_ [RUS]\nUKRAINE_ [UKR]\nRUSSIA_ [RUSGOV]\nPUTIN_ [RUSGOV 000507-080507] [RUSMIL 080101-120507] [RUSELI]\n' > "$tmp/dup.actors"
run dictcheck 0 dict check "$tmp/typo.verbs" "$tmp/dup.actors"
has dictcheck 'typo.verbs:2: unknown CAMEO event code \[1O95\]'
has dictcheck "dup.actors:3: duplicate actor 'RUSSIA' \(first at .*dup.actors:1\)"
has dictcheck 'dup.actors:4: date restrictions of \[RUSGOV\] and \[RUSMIL\] overlap from 2008-01-01 to 2008-05-07'
run dictnote 0 code --dict "$tmp/typo.verbs" --dict "$tmp/dup.actors" --date 2021-04-26 "$tmp/nul.txt"
has dictnote 'note: the dictionaries loaded with 3 warnings'
[ "$(events dictnote)" -ge 1 ] || fail "dictionary with warnings: nothing coded"
printf 'ARNOR_ [ARN]\n\0\0\0\n' > "$tmp/bin.actors"
run bindict 2 code --dict "$tmp/bin.actors" "$tmp/nul.txt"
has bindict 'bin.actors:2: binary data'
for i in $(seq 1 65); do echo "<actorsfile> a$i.actors"; done > "$tmp/many.project"
run manyfiles 2 code --dict "$tmp/many.project" "$tmp/nul.txt"
has manyfiles 'many.project: more than 64 files named'
echo "dictionaries: unbalanced brackets, unknown codes, duplicates, overlapping dates, binary: ok"
echo "hostile inputs: ok"
