#!/bin/bash
# End-to-end tests of the event store: ingest, replacement, deduplication,
# filters, series, exports, events ingested from JSON Lines, and a SIGKILL
# in the middle of an ingest. The same suite runs on SQLite and, when
# DYAD_TEST_PG names a PostgreSQL database where we may create databases
# (.ci/run starts a server and sets it), on PostgreSQL.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
SHARED=${DYAD_SHARED:-../shared}
fail() { echo "FAIL ($backend): $*"; exit 1; }
tmp=$(mktemp -d)
. "$(dirname "$0")/../lib/pg.sh"
cleanup() {
    pg_drop_all
    rm -rf "$tmp"
}
trap cleanup EXIT
backend=setup

# sql URI QUERY -> the result rows, '|'-separated
sql() {
    if [ "$backend" = sqlite ]; then sqlite3 "$1" "$2"; else psql "$1" -qAtc "$2"; fi
}
# Documents whose stored events differ from what their row says, and
# events whose mention count differs from their mentions: both must be 0.
check_consistent() {
    local bad
    bad=$(sql "$1" "SELECT count(*) FROM documents d WHERE d.events <> (SELECT count(*) FROM mentions m WHERE m.doc_id = d.id)")
    [ "$bad" = 0 ] || fail "$bad documents are half-written ($2)"
    bad=$(sql "$1" "SELECT count(*) FROM events e WHERE e.mentions <> (SELECT count(*) FROM mentions m WHERE m.event_id = e.id) OR e.mentions = 0")
    [ "$bad" = 0 ] || fail "$bad events have wrong mention counts ($2)"
}

example=data/example/brief.txt
"$DYAD" code "$example" > "$tmp/example.jsonl" || { echo "FAIL: code on the example"; exit 1; }
n_example=$(wc -l < "$tmp/example.jsonl")
[ "$n_example" -ge 10 ] || { echo "FAIL: only $n_example events in the example"; exit 1; }

suite() {
    local db n out
    db=$(new_store main)
    "$DYAD" ingest --db "$db" "$example" 2>/dev/null || fail "ingest the example"
    n=$("$DYAD" events --db "$db" --count) || fail "events --count"
    [ "$n" = "$n_example" ] || fail "stored $n events, dyad code gives $n_example"

    # The same document id again replaces it: nothing doubles.
    "$DYAD" ingest --db "$db" "$example" 2>/dev/null || fail "re-ingest"
    [ "$("$DYAD" events --db "$db" --count)" = "$n_example" ] || fail "re-ingest doubled events"
    [ "$(sql "$db" "SELECT count(*) FROM mentions")" = "$n_example" ] || fail "re-ingest doubled mentions"

    # The same report under another name: the same events, two mentions each.
    cp "$example" "$tmp/copy-of-brief.txt"
    "$DYAD" ingest --db "$db" "$tmp/copy-of-brief.txt" 2>"$tmp/err" || fail "ingest the copy"
    grep -q "0 new events, $n_example reports of events already stored" "$tmp/err" || fail "ingest summary: $(cat "$tmp/err")"
    [ "$("$DYAD" events --db "$db" --count)" = "$n_example" ] || fail "duplicate document counted twice"
    "$DYAD" events --db "$db" --format jsonl > "$tmp/ev.jsonl"
    python3 - "$tmp/ev.jsonl" <<'PY' || fail "mentions of the duplicated document"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows and all(r["mentions"] == 2 and r["documents"] == 2 for r in rows), rows[:2]
PY
    check_consistent "$db" "after dedup"

    # Filters: the United States' sanctions on Russia, by dyad, root, text, dates.
    out=$("$DYAD" events --db "$db" --dyad USA:RUS --format csv)
    [ "$(printf '%s\n' "$out" | sed 1d | wc -l)" = 1 ] || fail "--dyad USA:RUS: $out"
    printf '%s\n' "$out" | grep -q '^[0-9]*,2024-02-23,USA,USA,United States,163,"Impose embargo' || fail "USA:RUS row: $out"
    [ "$("$DYAD" events --db "$db" --root 16 --count)" -ge 3 ] || fail "--root 16"
    [ "$("$DYAD" events --db "$db" --text SANCTIONS --count)" -ge 3 ] || fail "--text"
    [ "$("$DYAD" events --db "$db" --since 2024-02-24 --count)" -ge 5 ] || fail "--since"
    [ "$("$DYAD" events --db "$db" --until 2024-02-20 --count)" = 3 ] || fail "--until"
    "$DYAD" events --db "$db" --dyad "RUS';DROP TABLE events;--:USA" --count 2>"$tmp/err" && fail "bad actor code accepted"
    grep -q "bad actor code" "$tmp/err" || fail "bad actor code message: $(cat "$tmp/err")"

    # Series by day: zero-filled from the first to the last event.
    "$DYAD" series --db "$db" --by day --format csv > "$tmp/series.csv" || fail "series"
    python3 - "$tmp/series.csv" "$tmp/example.jsonl" <<'PY' || fail "series values"
import csv, json, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
events = [json.loads(l) for l in open(sys.argv[2])]
by_day = collections.Counter(e["date"] for e in events)
days = [r["period"] for r in rows]
assert days[0] == min(by_day) and days[-1] == max(by_day), days
assert len(days) == len(set(days)) == 9, days          # 16..24 February 2024
for r in rows:
    assert int(r["events"]) == by_day.get(r["period"], 0), (r, by_day)
    q = sum(int(r[k]) for k in ("vcoop", "mcoop", "vconf", "mconf"))
    assert q == int(r["events"]), r
    gs = sum(e["goldstein"] for e in events if e["date"] == r["period"])
    assert abs(float(r["goldstein"]) - gs) < 0.05, (r, gs)
    assert int(r["mentions"]) == 2 * int(r["events"]), r
print("series: %d days, %d events" % (len(rows), sum(int(r["events"]) for r in rows)))
PY
    # The same series as a chart: SVG with the four quad classes and the
    # Goldstein line, values equal to the CSV; PNG of the default size.
    "$DYAD" series --db "$db" --by day --plot "$tmp/series.svg" || fail "series --plot svg"
    "$DYAD" series --db "$db" --by day --plot "$tmp/series.png" || fail "series --plot png"
    python3 - "$tmp/series.svg" "$tmp/series.png" "$tmp/series.csv" <<'PY' || fail "series chart"
import csv, struct, sys
import xml.etree.ElementTree as ET
svg, png, table = sys.argv[1:4]
rows = list(csv.DictReader(open(table, newline="")))
root = ET.parse(svg).getroot()
g = {e.get("data-name"): e for e in root.iter("{http://www.w3.org/2000/svg}g") if e.get("class") == "series"}
assert set(g) == {"verbal cooperation", "material cooperation", "verbal conflict",
                  "material conflict", "Goldstein mean"}, list(g)
for name, col in (("verbal cooperation", "vcoop"), ("material cooperation", "mcoop"),
                  ("verbal conflict", "vconf"), ("material conflict", "mconf")):
    marks = {m.get("data-period"): m.get("data-value") for m in g[name].iter() if m.get("data-period")}
    assert [r["period"] for r in rows] == list(marks), (name, list(marks))
    for r in rows:
        assert float(marks[r["period"]]) == float(r[col]), (name, r)
head = open(png, "rb").read(24)
assert head[:8] == b"\x89PNG\r\n\x1a\n", head
w, h = struct.unpack(">II", head[16:24])
assert (w, h) == (1000, 600), (w, h)
print("chart: %d periods, 5 series; PNG %dx%d" % (len(rows), w, h))
PY
    out=$("$DYAD" series --db "$db" --by month --format json) || fail "series json"
    printf '%s\n' "$out" | grep -q "\"period\":\"2024-02\",\"start\":\"2024-02-01\",\"events\":$n_example," || fail "monthly series: $out"

    # Exchange formats.
    "$DYAD" export --db "$db" --format gdelt > "$tmp/gdelt.tsv" || fail "export gdelt"
    "$DYAD" export --db "$db" --format icews > "$tmp/icews.tsv" || fail "export icews"
    "$DYAD" export --db "$db" --format plover > "$tmp/plover.jsonl" || fail "export plover"
    python3 - "$tmp" "$n_example" <<'PY' || fail "exports"
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
g = [l.rstrip("\n").split("\t") for l in open(d + "/gdelt.tsv")]
assert len(g) == n and all(len(r) == 61 for r in g), [len(r) for r in g]
for r in g:
    assert r[1] == r[2] + r[1][6:] and r[3] == r[1][:4]          # Day, MonthYear, Year
    assert r[26] == r[27][:3] == r[26] and r[28] == r[26][:2]     # EventCode, base, root
    assert 1 <= int(r[29]) <= 4 and -10 <= float(r[30]) <= 10     # QuadClass, Goldstein
    assert int(r[31]) == 2                                        # NumMentions
i = [l.rstrip("\n").split("\t") for l in open(d + "/icews.tsv")]
assert i[0][0] == "Event ID" and len(i) == n + 1 and all(len(r) == 20 for r in i), len(i)
p = [json.loads(l) for l in open(d + "/plover.jsonl")]
assert len(p) == n and all(r["event"] and r["actor"][0]["code"] for r in p if r["cameo"][:2] not in ("01", "02"))
print("exports: gdelt %d rows x 61, icews %d rows x 20, plover %d records" % (len(g), len(i) - 1, len(p)))
PY

    # A folder of documents: its files, recursively, hidden ones skipped;
    # same-named files in different folders stay different documents.
    local db3
    db3=$(new_store folder)
    mkdir -p "$tmp/briefs/2024/feb" "$tmp/briefs/2024/mar" "$tmp/briefs/.drafts"
    cp "$example" "$tmp/briefs/2024/feb/brief.txt"
    cp "$example" "$tmp/briefs/2024/mar/brief.txt"
    cp "$example" "$tmp/briefs/.drafts/brief.txt"
    "$DYAD" ingest --db "$db3" "$tmp/briefs" 2>/dev/null || fail "ingest a folder"
    [ "$(sql "$db3" "SELECT count(*) FROM documents")" = 2 ] || fail "folder: want 2 documents"
    [ "$(sql "$db3" "SELECT count(*) FROM mentions")" = $((2 * n_example)) ] || fail "folder: mentions"

    # No document date: a full date in the sentence still dates its event;
    # an event with no date at all is stored undated, not as today's.
    local db4
    db4=$(new_store undated)
    printf '%s\n' '{"id":"u1","text":"Russia invaded Ukraine on 24 February 2022. Putin met Xi in Beijing on Friday."}' |
        "$DYAD" ingest --db "$db4" --input jsonl - 2>/dev/null || fail "ingest undated"
    [ "$(sql "$db4" "SELECT date FROM events WHERE cameo = '192'")" = 2022-02-24 ] || fail "absolute date without a document date"
    [ "$(sql "$db4" "SELECT count(*) FROM events WHERE date = ''")" = 2 ] || fail "undated events got a date"
    "$DYAD" series --db "$db4" --by year 2>"$tmp/err" | grep -q "^2022 " || fail "series of the dated event"
    grep -q "2 matching events have no date" "$tmp/err" || fail "undated count: $(cat "$tmp/err")"

    # Damaged text is stored with a warning naming the file and line.
    printf 'Intro line.\nRussia \xff\xfe attacked Ukraine on 3 March 2022.\n' > "$tmp/damaged.txt"
    "$DYAD" ingest --db "$db4" "$tmp/damaged.txt" 2>"$tmp/err" || fail "ingest damaged text"
    grep -q "warning: $tmp/damaged.txt:2: .*invalid UTF-8 sequences replaced" "$tmp/err" || fail "ingest warning: $(cat "$tmp/err")"

    # Events coded elsewhere, stored from JSON Lines: the same store as ingesting the text.
    local db2
    db2=$(new_store fromjson)
    "$DYAD" ingest --db "$db2" --events "$tmp/example.jsonl" 2>/dev/null || fail "ingest --events"
    [ "$("$DYAD" events --db "$db2" --count)" = "$n_example" ] || fail "--events count"
    diff <("$DYAD" events --db "$db" --format csv | cut -d, -f2-18) \
         <("$DYAD" events --db "$db2" --format csv | cut -d, -f2-18) >/dev/null || fail "--events store differs"
    printf '{"doc":"x","sentence":1,"cameo":"999"}\nnot json\n' > "$tmp/bad.jsonl"
    "$DYAD" ingest --db "$db2" --events "$tmp/bad.jsonl" 2>"$tmp/err" && fail "bad events accepted"
    grep -q "bad.jsonl:1: no valid \"cameo\" code (skipped)" "$tmp/err" || fail "bad events message: $(cat "$tmp/err")"
    grep -q "bad.jsonl:2: not JSON" "$tmp/err" || fail "bad events message: $(cat "$tmp/err")"

    # The PISM brief (../shared): Russia-Belarus relations month by month in 2021.
    local pism=$SHARED/corpus/pism-spotlight-36-2021.txt
    if [ -f "$pism" ]; then
        "$DYAD" ingest --db "$db" "$pism" 2>/dev/null || fail "ingest the PISM brief"
        "$DYAD" series --db "$db" --dyad RUS:BLR --both-ways --by month --since 2021-01 --until 2021-12 \
            --format csv > "$tmp/pism.csv" || fail "PISM series"
        python3 - "$tmp/pism.csv" <<'PY' || fail "PISM series values"
import csv, sys
rows = {r["period"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
assert list(rows) == ["2021-%02d" % m for m in range(1, 13)], list(rows)
apr = rows["2021-04"]
assert int(apr["events"]) >= 3 and int(apr["vcoop"]) >= 3, apr   # the 16 and 22 April meetings
assert sum(int(r["events"]) for m, r in rows.items() if m not in ("2021-02", "2021-04")) == 0, rows
print("PISM: RUS-BLR 2021-04 %s events (%s verbal cooperation)" % (apr["events"], apr["vcoop"]))
PY
        out=$("$DYAD" events --db "$db" --dyad BLR:USA --root 11 --format csv)
        printf '%s\n' "$out" | grep -q ',112,' || fail "Lukashenka's accusation of the U.S.: $out"
    else
        echo "note: $pism not found; PISM store checks skipped"
    fi
    check_consistent "$db" "end of suite"
    "$DYAD" events --db "$db" --format csv | cut -d, -f2- > "$tmp/final-$backend.csv"
    echo "store suite passed on $backend"
}

# SIGKILL in the middle of an ingest: every committed document is whole,
# nothing committed is lost, and an ingest run again completes the store.
kill_test() {
    local db docs=${DYAD_STORE_KILL_DOCS:-400} before after total
    db=$(new_store killed)
    python3 - "$example" "$tmp/many.jsonl" "$docs" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
with open(sys.argv[2], "w") as f:
    for k in range(int(sys.argv[3])):
        f.write(json.dumps({"id": "copy-%05d" % k, "date": "2024-02-24", "text": text}) + "\n")
PY
    "$DYAD" ingest --db "$db" --input jsonl "$tmp/many.jsonl" 2>/dev/null &
    local pid=$! tries=0
    before=0
    while [ "$before" -lt 20 ] && [ $tries -lt 600 ]; do
        sleep 0.05
        before=$(sql "$db" "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
        before=${before:-0}
        tries=$((tries + 1))
    done
    check_consistent "$db" "read during the ingest"
    before=$(sql "$db" "SELECT count(*) FROM documents")
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    [ "$before" -ge 1 ] || fail "no document committed before the kill"
    after=$(sql "$db" "SELECT count(*) FROM documents")
    [ "$after" -ge "$before" ] || fail "committed documents lost: $before before the kill, $after after"
    [ "$after" -lt "$docs" ] || echo "note ($backend): the ingest finished before the kill"
    if [ "$backend" = sqlite ]; then
        [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity check after kill"
    fi
    check_consistent "$db" "after SIGKILL"
    "$DYAD" ingest --db "$db" --input jsonl "$tmp/many.jsonl" 2>/dev/null || fail "ingest after the kill"
    total=$(sql "$db" "SELECT count(*) FROM documents")
    [ "$total" = "$docs" ] || fail "$total documents after the second ingest, want $docs"
    [ "$(sql "$db" "SELECT count(*) FROM mentions")" = $((docs * n_example)) ] || fail "mentions after the second ingest"
    [ "$("$DYAD" events --db "$db" --count)" = "$n_example" ] || fail "copies not merged into one set of events"
    check_consistent "$db" "after the second ingest"
    echo "kill test ($backend): killed after $before of $docs documents, $after committed, complete after a rerun"
}

backend=sqlite
suite
kill_test
if pg_usable; then
    backend=postgresql
    suite
    kill_test
    diff "$tmp/final-sqlite.csv" "$tmp/final-postgresql.csv" >/dev/null ||
        { echo "FAIL: SQLite and PostgreSQL stores differ"; diff "$tmp/final-sqlite.csv" "$tmp/final-postgresql.csv" | head; exit 1; }
    echo "SQLite and PostgreSQL give the same events"
else
    echo "note: PostgreSQL store tests skipped: $pg_why"
fi
