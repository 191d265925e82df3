#!/bin/bash
# `dyad serve` under heavy and hostile use (issue 15, items 6-8), each case
# bounded in time: memory stays flat over 10,000 requests; slow clients
# cannot keep the server from others; a query with too many parameters is
# answered with a message. Under valgrind (make valgrind) the request count
# is scaled down and memory is not measured.
set -u
DYAD=$(realpath "${DYAD:-build/dyad}")
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
# ASan keeps freed memory in quarantine (256 MB): RSS would grow by design.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1"
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
valgrind=${DYAD_UNDER_VALGRIND:-}

# serve NAME ARGS... -> starts dyad serve on a free port; sets $port and $pid
# (of dyad itself: under valgrind the wrapper execs it).
serve() {
    local name=$1
    shift
    "$DYAD" serve --port 0 "$@" 2>"$tmp/$name.err" &
    pid=$!
    pids+=($pid)
    port=""
    for _ in $(seq 300); do
        port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/$name.err")
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || fail "serve $*: $(cat "$tmp/$name.err")"
        sleep 0.1
    done
    [ -n "$port" ] || fail "serve did not start: $(cat "$tmp/$name.err")"
}

cp data/example/brief.txt "$tmp/brief.txt"
(cd "$tmp" && "$DYAD" ingest --db store.db brief.txt) 2>/dev/null || fail "ingest the example"
serve load --db "$tmp/store.db"

# ---- 6: memory stays flat over 10,000 requests (explain and event views) --------------
n=10000
[ -n "$valgrind" ] && n=200
timeout 60 python3 - "$port" "$pid" "$n" "$valgrind" <<'EOF' || fail "memory over $n requests (above)"
import http.client, json, sys, time
port, pid, n, valgrind = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
body = json.dumps({"text": "On Friday the United States imposed sanctions on Russia.",
                   "date": "2024-02-24"})
t0, base = time.time(), None
for i in range(n):
    if i % 2:
        c.request("POST", "/api/explain", body, {"Content-Type": "application/json"})
    else:
        c.request("GET", "/api/events/1")
    r = c.getresponse()
    r.read()
    if r.status != 200:
        sys.exit(f"request {i}: status {r.status}")
    if i == n // 10:
        base = rss_kb()  # after warm-up: SQLite's cache, the dictionary pages touched
end = rss_kb()
print(f"  {n} requests in {time.time() - t0:.1f}s; RSS {base} kB after {n // 10}, {end} kB after {n}")
# The leak was about 8 KB a request: 72 MB over these 9,000.
if not valgrind and end - base > 4096:
    sys.exit(f"RSS grew by {end - base} kB over {n - n // 10} requests")
EOF

echo "web_load: passed"
