#!/bin/bash
# The store under faults: a full disk, a file-size limit, a read-only
# database, two writers at once, a file that is not a store, a store from a
# newer dyad. Nothing committed may be lost, errors must be clear, and the
# exit status non-zero.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
mounted=""
. "$(dirname "$0")/../lib/pg.sh"
cleanup() { [ -n "$mounted" ] && umount "$mounted" 2>/dev/null; pg_drop_all; rm -rf "$tmp"; }
trap cleanup EXIT

python3 - data/example/brief.txt "$tmp" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
for name, lo, hi in (("a", 0, 200), ("b", 200, 400)):
    with open("%s/%s.jsonl" % (sys.argv[2], name), "w") as f:
        for k in range(lo, hi):
            f.write(json.dumps({"id": "doc-%04d" % k, "date": "2024-02-24", "text": text}) + "\n")
PY
n_example=$("$DYAD" code data/example/brief.txt | wc -l)
consistent() { # db: every stored document whole
    local bad
    bad=$(sqlite3 "$1" "SELECT count(*) FROM documents d WHERE d.events <> (SELECT count(*) FROM mentions m WHERE m.doc_id = d.id)")
    [ "$bad" = 0 ] || fail "$bad half-written documents in $1"
    [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || fail "integrity check of $1"
}

# 1. A full disk: a 300 KiB tmpfs (needs root and mount; skipped otherwise).
mkdir -p "$tmp/small"
if mount -t tmpfs -o size=300k tmpfs "$tmp/small" 2>/dev/null; then
    mounted="$tmp/small"
    "$DYAD" ingest --db "$tmp/small/full.db" --input jsonl "$tmp/a.jsonl" 2>"$tmp/err" && fail "full disk: exit 0"
    grep -q "database or disk is full (document not stored)" "$tmp/err" || fail "full disk message: $(cat "$tmp/err")"
    grep -q "stopped after a store error; stored [1-9]" "$tmp/err" || fail "full disk summary: $(cat "$tmp/err")"
    stored=$(sqlite3 "$tmp/small/full.db" "SELECT count(*) FROM documents")
    consistent "$tmp/small/full.db"
    [ "$("$DYAD" events --db "$tmp/small/full.db" --count)" = "$n_example" ] || fail "events after a full disk"
    echo "full disk: stopped cleanly with $stored whole documents stored"
    umount "$tmp/small" && mounted=""
else
    echo "note: cannot mount a tmpfs here (not root?); full-disk test skipped, file-size limit test below"
fi

# 2. A file-size limit (RLIMIT_FSIZE): write errors, not a crash by SIGXFSZ.
( ulimit -f 300; "$DYAD" ingest --db "$tmp/limited.db" --input jsonl "$tmp/a.jsonl" ) 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "file-size limit: exit $rc, want 1 ($(cat "$tmp/err"))"
grep -q "(document not stored)" "$tmp/err" || fail "file-size limit message: $(cat "$tmp/err")"
consistent "$tmp/limited.db"
echo "file-size limit: $(sqlite3 "$tmp/limited.db" 'SELECT count(*) FROM documents') whole documents, exit 1"

# 3. Two writers at once on one SQLite file: both finish, nothing lost.
"$DYAD" ingest --db "$tmp/two.db" --input jsonl "$tmp/a.jsonl" 2>"$tmp/err1" &
p1=$!
"$DYAD" ingest --db "$tmp/two.db" --input jsonl "$tmp/b.jsonl" 2>"$tmp/err2" &
p2=$!
wait $p1 || fail "first writer: $(cat "$tmp/err1")"
wait $p2 || fail "second writer: $(cat "$tmp/err2")"
[ "$(sqlite3 "$tmp/two.db" 'SELECT count(*) FROM documents')" = 400 ] || fail "two writers: documents lost"
[ "$(sqlite3 "$tmp/two.db" 'SELECT count(*) FROM mentions')" = $((400 * n_example)) ] || fail "two writers: mentions lost"
[ "$("$DYAD" events --db "$tmp/two.db" --count)" = "$n_example" ] || fail "two writers: events not merged"
consistent "$tmp/two.db"
echo "two writers: 400 documents, $((400 * n_example)) mentions, $n_example events"

# 3b. Two writers creating the same new store at the same moment: switching
# a new file to WAL is refused at once ("database is locked") to the second;
# dyad waits and retries as for any other lock.
for i in $(seq 20); do
    rm -f "$tmp/new.db" "$tmp/new.db-wal" "$tmp/new.db-shm"
    "$DYAD" ingest --db "$tmp/new.db" data/example/brief.txt 2>"$tmp/errA" &
    pA=$!
    "$DYAD" ingest --db "$tmp/new.db" data/example/brief.txt 2>"$tmp/errB" || fail "new store, second writer (try $i): $(cat "$tmp/errB")"
    wait $pA || fail "new store, first writer (try $i): $(cat "$tmp/errA")"
done
[ "$("$DYAD" events --db "$tmp/new.db" --count)" = "$n_example" ] || fail "new store by two writers: events"
echo "two writers creating a new store at once: 20 of 20 tries stored"

# 4. Two writers on PostgreSQL (when available).
if pg_usable; then
    pg=$(pg_new_db writers) || fail "cannot create database ${pg_prefix}_writers"
    "$DYAD" ingest --db "$pg" --input jsonl "$tmp/a.jsonl" 2>"$tmp/err1" &
    p1=$!
    "$DYAD" ingest --db "$pg" --input jsonl "$tmp/b.jsonl" 2>"$tmp/err2" &
    p2=$!
    wait $p1 || fail "first PostgreSQL writer: $(cat "$tmp/err1")"
    wait $p2 || fail "second PostgreSQL writer: $(cat "$tmp/err2")"
    docs=$(psql "$pg" -qAtc "SELECT count(*) FROM documents")
    ev=$("$DYAD" events --db "$pg" --count)
    [ "$docs" = 400 ] && [ "$ev" = "$n_example" ] || fail "PostgreSQL two writers: $docs documents, $ev events"
    echo "two PostgreSQL writers: 400 documents, $ev events"
else
    echo "note: PostgreSQL two-writer test skipped: $pg_why"
fi

# 5. A read-only database: reads work, ingest fails clearly.
mkdir "$tmp/ro"
cp "$tmp/two.db" "$tmp/ro/shared.db"
chmod 444 "$tmp/ro/shared.db"
chmod 555 "$tmp/ro"
as_user=()
if [ "$(id -u)" = 0 ]; then
    chmod 755 "$tmp"   # nobody must reach the directory
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
n=$("${as_user[@]}" "$DYAD" events --db "$tmp/ro/shared.db" --count 2>"$tmp/err") || fail "read a read-only store: $(cat "$tmp/err")"
[ "$n" = "$n_example" ] || fail "read-only store gives $n events"
"${as_user[@]}" "$DYAD" ingest --db "$tmp/ro/shared.db" data/example/brief.txt 2>"$tmp/err" && fail "ingest into a read-only store: exit 0"
grep -q "readonly database\|cannot open the database" "$tmp/err" || fail "read-only message: $(cat "$tmp/err")"
echo "read-only store: $n events read; ingest refused: $(head -1 "$tmp/err")"
chmod 755 "$tmp/ro"

# 6. Not a store, and a store from a newer dyad.
printf 'this is not a database, just text\n' > "$tmp/text.db"
"$DYAD" events --db "$tmp/text.db" --count 2>"$tmp/err" && fail "text file accepted as a store"
grep -q "not a database" "$tmp/err" || fail "not-a-database message: $(cat "$tmp/err")"
cp "$tmp/two.db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
"$DYAD" ingest --db "$tmp/newer.db" data/example/brief.txt 2>"$tmp/err" && fail "newer schema accepted"
grep -q "schema version 99, newer than this dyad" "$tmp/err" || fail "newer schema message: $(cat "$tmp/err")"
"$DYAD" events --db "$tmp/missing.db" --count 2>"$tmp/err" && fail "missing store accepted for reading"
grep -q "cannot open the database" "$tmp/err" || fail "missing store message: $(cat "$tmp/err")"
[ ! -e "$tmp/missing.db" ] || fail "reading created a store"
echo "store faults: all cases passed"
