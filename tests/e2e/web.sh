#!/bin/bash
# End-to-end tests of `dyad serve`: the JSON API (on SQLite and, when
# DYAD_TEST_PG is set, PostgreSQL), its safety rules (read-only by default,
# bounded bodies, JSON-only writes, Host check, CSP), then the page itself
# in headless Chromium (tests/web/browser.js) with the bundled example.
set -u
DYAD=$(realpath "${DYAD:-build/dyad}")
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
tmp=$(mktemp -d)
pids=()
. "$(dirname "$0")/../lib/pg.sh"
backend=setup
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    pg_drop_all
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL ($backend): $*"; exit 1; }
passed=0
ok() { passed=$((passed + 1)); }

# serve NAME ARGS... -> starts dyad serve on a free port; sets $base.
serve() {
    local name=$1
    shift
    "$DYAD" serve --port 0 "$@" 2>"$tmp/$name.err" &
    pids+=($!)
    local port=""
    for _ in $(seq 100); do
        port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/$name.err")
        [ -n "$port" ] && break
        kill -0 "${pids[-1]}" 2>/dev/null || fail "serve $*: $(cat "$tmp/$name.err")"
        sleep 0.1
    done
    [ -n "$port" ] || fail "serve did not start: $(cat "$tmp/$name.err")"
    base="http://127.0.0.1:$port"
}

# stop: SIGTERM the last server and check it exits cleanly (status 0).
stop() {
    local pid=${pids[-1]}
    kill -TERM "$pid"
    wait "$pid" || fail "serve exited with status $? on SIGTERM: $(cat "$tmp"/*.err)"
    unset 'pids[-1]'
}

# get PATH -> body in $tmp/body, status in $code
get() { code=$(curl -s -o "$tmp/body" -w '%{http_code}' "$@"); }
json() { python3 -c "import json,sys; d=json.load(open('$tmp/body')); print($1)"; }
post() { get -X POST -H 'Content-Type: application/json' --data-binary "$2" "$base$1"; }

example=data/example/brief.txt
n_example=$("$DYAD" code "$example" | wc -l)
[ "$n_example" -ge 10 ] || fail "only $n_example events in the example"

api_suite() {
    local db
    db=$(new_store api)
    # Documents are named by their path as given: ingest from $tmp for short keys.
    cp "$example" "$tmp/brief.txt"
    printf 'Russia invaded Ukraine, said the <script>alert(1)</script> report, on 3 March 2022.\n' >"$tmp/markup.txt"
    (cd "$tmp" && "$DYAD" ingest --db "$db" brief.txt && "$DYAD" ingest --db "$db" --date 2022-03-04 markup.txt) 2>/dev/null ||
        fail "ingest the example and a document with markup"
    serve api --db "$db"

    get "$base/api/info"
    [ "$code" = 200 ] || fail "/api/info: $code"
    [ "$(json 'd["events"], d["documents"], d["allow_ingest"]')" = "$((n_example + 1)) 2 False" ] || fail "/api/info: $(cat "$tmp/body")"
    ok

    get "$base/api/events?limit=5"
    [ "$(json 'd["total"], len(d["events"])')" = "$((n_example + 1)) 5" ] || fail "/api/events paging: $(cat "$tmp/body")"
    get "$base/api/events?limit=5&offset=$n_example"
    [ "$(json 'len(d["events"])')" = 1 ] || fail "/api/events offset"
    get "$base/api/events?order=newest&limit=1"
    [ "$(json 'd["events"][0]["date"]')" = 2024-02-24 ] || fail "order=newest: $(cat "$tmp/body")"
    get "$base/api/events?dyad=USA:RUS&root=16"
    [ "$(json 'd["total"], d["events"][0]["cameo"], d["events"][0]["label"]')" = "1 163 Impose embargo, boycott, or sanctions" ] ||
        fail "dyad=USA:RUS&root=16: $(cat "$tmp/body")"
    get "$base/api/events?source=RUS&target=USA&both=1&root=16"
    [ "$(json 'd["total"]')" = 1 ] || fail "both=1"
    get "$base/api/events?country=UKR&quad=1&root=05"
    [ "$(json 'd["total"], {e["cameo"] for e in d["events"]}')" = "4 {'057'}" ] || fail "country+quad+root: $(cat "$tmp/body")"
    get "$base/api/events?plover=coerce&since=2024-02&until=2024-02-23"
    [ "$(json 'd["total"]')" = 1 ] || fail "plover+dates: $(cat "$tmp/body")"
    get "$base/api/events?text=imposed%20sanctions"
    [ "$(json 'd["total"]')" = 1 ] || fail "text"
    get "$base/api/events?doc=markup.txt"
    [ "$(json 'd["events"][0]["text"]')" = 'Russia invaded Ukraine, said the <script>alert(1)</script> report, on 3 March 2022.' ] ||
        fail "document text is returned as it is, in a JSON string: $(cat "$tmp/body")"
    ok

    get "$base/api/events?dyad=USA:RUS&root=16"
    local id
    id=$(json 'd["events"][0]["id"]')
    get "$base/api/events/$id"
    [ "$code" = 200 ] || fail "/api/events/$id: $code"
    [ "$(json 'len(d["mentions"]), d["mentions"][0]["sentence"]')" = "1 9" ] || fail "mentions: $(cat "$tmp/body")"
    json 'd["explanation"]' | grep '&SANCTION' >/dev/null || fail "explanation lacks the pattern: $(cat "$tmp/body")"
    get "$base/api/events/999999"
    [ "$code" = 404 ] || fail "missing event: $code"
    get "$base/api/events/12x"
    [ "$code" = 404 ] || fail "bad event id: $code"
    ok

    get "$base/api/series?dyad=USA:RUS&both=1&by=day&since=2024-02-20&until=2024-02-24"
    [ "$(json 'len(d["points"]), [p["events"] for p in d["points"]], d["points"][3]["quad"]')" = "5 [0, 0, 0, 1, 0] [0, 0, 0, 1]" ] ||
        fail "series: $(cat "$tmp/body")"
    get "$base/api/chart.svg?dyad=USA:RUS&both=1&by=day&since=2024-02-20&until=2024-02-24"
    [ "$code" = 200 ] || fail "chart.svg: $code $(cat "$tmp/body")"
    grep -q '<title>USA ↔ RUS</title>' "$tmp/body" || fail "chart title: $(head -c 300 "$tmp/body")"
    grep -q 'data-name="material conflict"' "$tmp/body" || fail "chart series"
    [ "$(grep -o 'data-period="2024-02-23" data-value="1"' "$tmp/body" | wc -l)" = 1 ] || fail "chart: one material conflict on 2024-02-23"
    get "$base/api/dyads?limit=3"
    [ "$(json 'len(d["dyads"])')" = 3 ] || fail "dyads: $(cat "$tmp/body")"
    get "$base/api/dyads?since=2024-02-23&until=2024-02-23"
    [ "$(json '[(x["source"], x["target"], x["events"]) for x in d["dyads"]]')" = "[('USA', 'RUS', 1)]" ] ||
        fail "dyads in a period: $(cat "$tmp/body")"
    ok

    get "$base/api/documents"
    [ "$(json 'sorted(x["doc"] for x in d["documents"])')" = "['brief.txt', 'markup.txt']" ] || fail "documents: $(cat "$tmp/body")"
    get "$base/api/document?doc=brief.txt"
    [ "$(json 'd["document"]["date"], d["sentences"][0]["index"] > 0, sum(s["events"] for s in d["sentences"])')" = "2024-02-24 True $n_example" ] ||
        fail "document: $(cat "$tmp/body")"
    get "$base/api/document?doc=markup.txt"
    json 'd["document"]["text"]' | grep -F '<script>alert(1)</script>' >/dev/null || fail "document text: $(cat "$tmp/body")"
    get "$base/api/document?doc=nope"
    [ "$code" = 404 ] || fail "missing document: $code"
    ok

    # Full-text search: all words, any case; search syntax is just words.
    get "$base/api/search?q=THIRTEENTH%20package"
    [ "$(json 'len(d["hits"]), d["hits"][0]["doc"], d["hits"][0]["events"] > 0')" = "1 brief.txt True" ] ||
        fail "search: $(cat "$tmp/body")"
    get "$base/api/search?q=thirteenth%20zebra"
    [ "$(json 'len(d["hits"])')" = 0 ] || fail "search needs every word"
    get "$base/api/search?q=%22sanctions%22%20OR%20NEAR(x*%20%5E"
    [ "$code" = 200 ] || fail "search syntax is not passed through: $code $(cat "$tmp/body")"
    ok

    # Bad parameters are refused with a reason; nothing reaches the SQL.
    for q in "quad=9" "since=yesterday" "source=RUS'%20OR%201=1--" "limit=100000" "root=1%3B" "colour=red" "modality=maybe" "by=fortnight"; do
        get "$base/api/events?$q"
        [ "$code" = 400 ] || fail "?$q gave $code"
        json 'd["error"]' >/dev/null || fail "?$q: no error message"
    done
    ok

    # Read-only unless --allow-ingest; writes want JSON; bodies are bounded.
    post /api/ingest '{"text":"Russia invaded Ukraine."}'
    [ "$code" = 403 ] || fail "ingest on a read-only server: $code"
    json 'd["error"]' | grep -- --allow-ingest >/dev/null || fail "403 does not say why"
    post /api/code '{"text":"Russia invaded Ukraine on 3 March 2022.","date":"2022-03-04"}'
    [ "$(json 'd["count"], d["events"][0]["cameo"], d["events"][0]["source"]["span"], d["stored"]')" = "1 192 [0, 6] False" ] ||
        fail "code: $(cat "$tmp/body")"
    post /api/explain '{"text":"On Friday the United States imposed sanctions on Russia.","date":"2024-02-24"}'
    json 'd["explanation"]' | grep '&SANCTION' >/dev/null || fail "explain: $code $(cat "$tmp/body")"
    get -X POST -H 'Content-Type: text/plain' --data 'text=x' "$base/api/code"
    [ "$code" = 415 ] || fail "a form post: $code"
    post /api/code 'not json'
    [ "$code" = 400 ] || fail "bad JSON: $code"
    post /api/code '{"text":"x","date":"soon"}'
    [ "$code" = 400 ] || fail "bad date: $code"
    head -c 2200000 /dev/zero | tr '\0' a >"$tmp/big"
    get -X POST -H 'Content-Type: application/json' --data-binary @"$tmp/big" "$base/api/code"
    [ "$code" = 413 ] || fail "a 2.1 MB body: $code"
    get -X POST -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big" "$base/api/code"
    [ "$code" = 413 ] || fail "a 2.1 MB chunked body: $code"
    get -X DELETE "$base/api/events"
    [ "$code" = 405 ] || fail "DELETE: $code"
    get "$base/api/nothing"
    [ "$code" = 404 ] || fail "unknown path: $code"
    get -H 'Host: attacker.example' "$base/api/info"
    [ "$code" = 403 ] || fail "foreign Host header: $code"
    ok

    # Issue 15 item 9: careless and hostile details.
    post /api/code '{"text":"Russia invaded Ukraine.","date":"2021-02-30"}'
    [ "$code" = 400 ] || fail "date 2021-02-30: $code $(cat "$tmp/body")"
    get "$base/api/events?since=2021-02-30"
    [ "$code" = 400 ] || fail "since=2021-02-30: $code"
    get -X POST -H 'Content-Type: APPLICATION/JSON; Charset=UTF-8' --data '{"text":"Russia invaded Ukraine."}' "$base/api/code"
    [ "$code" = 200 ] || fail "APPLICATION/JSON: $code $(cat "$tmp/body")"
    [ "$(json 'd["doc"][:7]')" = pasted- ] || fail "no id: the document is named by its text: $(cat "$tmp/body")"
    get -X POST -H 'Content-Type: application/jsonx' --data '{"text":"x"}' "$base/api/code"
    [ "$code" = 415 ] || fail "application/jsonx: $code"
    post /api/code '{"text":"x","modality":"bogus"}'
    [ "$code" = 400 ] && json 'd["error"]' | grep -q modality || fail "modality bogus: $code $(cat "$tmp/body")"
    post /api/code '{"text":"x","modality":"asserted"}'
    [ "$code" = 200 ] || fail "modality asserted: $code"
    post /api/code '{"text":"x","id":"a\u0001b"}'
    [ "$code" = 400 ] && json 'd["error"]' | grep -q 'control character' || fail "id with a control character: $code $(cat "$tmp/body")"
    for p in series chart.svg; do
        get "$base/api/$p?by=day&since=1000&until=2900"
        [ "$code" = 400 ] || fail "$p over 700,000 days: $code $(head -c 300 "$tmp/body")"
    done
    get "$base/api/chart.svg?by=day&since=1800&until=2100"
    [ "$code" = 400 ] && json 'd["error"]' | grep -q 'at most 100000' || fail "chart over 110,000 days: $code $(head -c 300 "$tmp/body")"
    for h in 'localhost:1@evil.com' '127.0.0.1:evil' '127.0.0.1:' 'localhost.evil.com'; do
        get -H "Host: $h" "$base/api/info"
        [ "$code" = 403 ] || fail "Host $h: $code"
    done
    for h in 'LOCALHOST:80' '[::1]:8080' '127.0.0.1'; do
        get -H "Host: $h" "$base/api/info"
        [ "$code" = 200 ] || fail "Host $h: $code"
    done
    python3 - "${base#http://}" >"$tmp/two-hosts" <<'EOF'
import socket, sys
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=5)
s.sendall(b"GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
print(s.recv(4096).decode().split("\r\n")[0])
EOF
    grep -q ' 403 ' "$tmp/two-hosts" || fail "two Host headers: $(cat "$tmp/two-hosts")"
    ok

    # The page: embedded files with a strict Content-Security-Policy.
    curl -s -D "$tmp/headers" -o "$tmp/page" "$base/" || fail "GET /"
    grep -qi "^content-security-policy: default-src 'self'" "$tmp/headers" || fail "no CSP: $(cat "$tmp/headers")"
    grep -qi '^x-content-type-options: nosniff' "$tmp/headers" || fail "no nosniff"
    grep -q '<script src="/app.js"' "$tmp/page" || fail "index.html"
    get "$base/app.js"
    [ "$code" = 200 ] && grep -q textContent "$tmp/body" || fail "app.js"
    if grep -n 'innerHTML\|outerHTML\|insertAdjacentHTML\|document.write' web/assets/app.js; then
        fail "app.js builds markup from strings"
    fi
    ok
    stop

    # Ingest through the API when allowed: the document is stored and replaced.
    serve rw --db "$db" --allow-ingest
    post /api/ingest '{"id":"web-1","date":"2022-03-04","text":"Russia invaded Ukraine on 3 March 2022."}'
    [ "$(json 'd["stored"], d["count"]')" = "True 1" ] || fail "ingest: $code $(cat "$tmp/body")"
    post /api/ingest '{"id":"web-1","date":"2022-03-04","text":"Russia invaded Ukraine on 3 March 2022."}'
    get "$base/api/events?doc=web-1"
    [ "$(json 'd["total"]')" = 1 ] || fail "re-ingest doubled events"
    get "$base/api/search?q=invaded"
    [ "$(json 'len(d["hits"])')" = 2 ] || fail "search sees ingested sentences: $(cat "$tmp/body")"
    # Documents without an id do not replace one another (they used to be all "pasted").
    post /api/ingest '{"text":"Russia invaded Georgia."}'
    post /api/ingest '{"text":"Russia invaded Moldova."}'
    post /api/ingest '{"text":"Russia invaded Moldova."}'
    get "$base/api/documents?limit=100"
    [ "$(json 'sum(x["doc"].startswith("pasted-") for x in d["documents"])')" = 2 ] ||
        fail "documents without an id: $(cat "$tmp/body")"
    post /api/ingest '{"id":"a\u0001b","text":"Russia invaded Ukraine."}'
    [ "$code" = 400 ] || fail "ingest an id with a control character: $code $(cat "$tmp/body")"
    ok
    stop
}

backend=sqlite
api_suite

# A damaged store is refused when serve opens it (PRAGMA quick_check), with
# no hint to create it; a missing one gets the hint.
backend=damaged
cp "$tmp/api.db" "$tmp/damaged.db" 2>/dev/null || "$DYAD" ingest --db "$tmp/damaged.db" "$example" 2>/dev/null
python3 -c "
f = open('$tmp/damaged.db', 'r+b'); f.seek(3 * 4096); f.write(b'\xff' * 8192)"
timeout 10 "$DYAD" serve --db "$tmp/damaged.db" --port 0 2>"$tmp/damaged.err"
[ $? = 2 ] && grep -q 'damaged' "$tmp/damaged.err" && ! grep -q 'create the store' "$tmp/damaged.err" ||
    fail "serve on a damaged store: $(cat "$tmp/damaged.err")"
timeout 10 "$DYAD" serve --db "$tmp/missing.db" --port 0 2>"$tmp/missing.err"
[ $? = 2 ] && grep -q 'create the store with dyad ingest' "$tmp/missing.err" || fail "serve on a missing store: $(cat "$tmp/missing.err")"
ok
if pg_usable; then
    backend=postgresql
    api_suite
else
    echo "web: the API suite ran on SQLite only: $pg_why"
fi

# The page in headless Chromium, with the bundled example.
backend=browser
if ! command -v chromium >/dev/null || ! command -v node >/dev/null; then
    [ -n "${CI:-}" ] && fail "chromium and node are needed (scripts/install-deps installs them)"
    echo "web: SKIP the browser test: chromium or node missing (scripts/install-deps installs them)"
    echo "$passed passed, 0 failed"
    exit 0
fi
if [ ! -d tests/web/node_modules/playwright-core ]; then
    (cd tests/web && npm ci --no-audit --no-fund --loglevel=error) >"$tmp/npm.log" 2>&1 ||
        fail "npm ci in tests/web: $(cat "$tmp/npm.log")"
fi
serve browser --db "$tmp/browser.db" --allow-ingest
timeout 180 node tests/web/browser.js "$base" "$example" "$n_example" ${DYAD_WEB_SHOTS:+"$DYAD_WEB_SHOTS"} ||
    fail "the page in Chromium (above)"
stop
echo "web: API suite ($passed groups) and browser test passed"
