# Sourced by the store and web end-to-end tests (tests/e2e): scratch PostgreSQL
# databases. DYAD_TEST_PG names a database on a server where we may create
# databases (scripts/start-postgres prints one; .ci/run sets it).

# pg_usable: true when DYAD_TEST_PG answers. Otherwise pg_why says why.
# A server that stopped since .ci/run started it is started again once
# (scripts/start-postgres; as root or with sudo), so that a dead server is
# reported with its cause rather than silently skipping the suite.
pg_usable() {
    if [ -n "${pg_state:-}" ]; then [ "$pg_state" = yes ]; return; fi
    pg_state=no
    if [ -z "${DYAD_TEST_PG:-}" ]; then
        pg_why="DYAD_TEST_PG not set (.ci/run starts a server and sets it)"
        return 1
    fi
    local err
    if err=$(psql "$DYAD_TEST_PG" -qAtc "SELECT 1" 2>&1); then pg_state=yes; return 0; fi
    local here
    here=$(dirname "${BASH_SOURCE[0]}")/../../scripts/start-postgres
    if [ -x "$here" ] && "$here" >/dev/null 2>"${TMPDIR:-/tmp}/dyad-pg-restart.$$"; then
        if err=$(psql "$DYAD_TEST_PG" -qAtc "SELECT 1" 2>&1); then
            echo "note: PostgreSQL at $DYAD_TEST_PG had stopped and was started again"
            pg_state=yes
            return 0
        fi
    fi
    pg_why="PostgreSQL at $DYAD_TEST_PG not reachable: $(echo "$err" | head -n 2 | tr '\n' ' ')$(head -c 400 "${TMPDIR:-/tmp}/dyad-pg-restart.$$" 2>/dev/null)"
    rm -f "${TMPDIR:-/tmp}/dyad-pg-restart.$$"
    return 1
}

# pg_new_db NAME -> prints the URI of an empty database dyad_<test>_<pid>_NAME.
# Works inside $(...): cleanup finds the databases by prefix, not by list.
pg_new_db() {
    local d="${pg_prefix}_$1"
    psql "$DYAD_TEST_PG" -qc "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d" >/dev/null 2>&1 ||
        return 1
    echo "${DYAD_TEST_PG%/*}/$d"
}

# new_store NAME -> prints the URI of an empty store for the suite's current
# $backend (sqlite: a file in $tmp; postgresql: a scratch database); fails
# the test (its fail function) when the database cannot be made.
new_store() {
    if [ "$backend" = sqlite ]; then
        echo "$tmp/$1.db"
    else
        pg_new_db "$1" || fail "cannot create database ${pg_prefix}_$1"
    fi
}

# pg_drop_all: drops every database this test run created.
pg_drop_all() {
    [ "${pg_state:-}" = yes ] || return 0
    local d
    for d in $(psql "$DYAD_TEST_PG" -qAtc "SELECT datname FROM pg_database WHERE datname LIKE '${pg_prefix}\\_%'" 2>/dev/null); do
        psql "$DYAD_TEST_PG" -qc "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
    done
}

pg_prefix="dyad_$(basename "$0" .sh)_$$"
