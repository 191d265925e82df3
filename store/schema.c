/* store/schema.c - the versioned schema and its migrations.
 *
 * meta.schema_version names the version a database is at. Opening a store
 * applies, in one transaction each, every migration above that version; a
 * database written by a newer dyad is refused rather than guessed at. The
 * two backends differ only in how they spell an auto-increment key, a
 * floating-point column, and full-text search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/schema.h"

/* Version 1: documents, the sentences events came from, actors, events
 * (one row per real-world event) and mentions (one row per report of it). */
static const char v1_common[] =
    "CREATE TABLE IF NOT EXISTS documents ("
    "  id @ID@,"
    "  doc_key TEXT NOT NULL UNIQUE,"
    "  date TEXT NOT NULL DEFAULT '',"
    "  origin TEXT NOT NULL DEFAULT '',"
    "  body TEXT,"
    "  events INTEGER NOT NULL DEFAULT 0,"
    "  ingested_at TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS sentences ("
    "  doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  PRIMARY KEY (doc_id, idx));"
    "CREATE TABLE IF NOT EXISTS actors ("
    "  code TEXT PRIMARY KEY,"
    "  country TEXT NOT NULL DEFAULT '',"
    "  sector TEXT NOT NULL DEFAULT '',"
    "  label TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS events ("
    "  id @ID@,"
    "  date TEXT NOT NULL DEFAULT '',"
    "  date_precision TEXT NOT NULL DEFAULT '',"
    "  source TEXT NOT NULL, source_country TEXT NOT NULL DEFAULT '',"
    "  source_sector TEXT NOT NULL DEFAULT '',"
    "  target TEXT NOT NULL, target_country TEXT NOT NULL DEFAULT '',"
    "  target_sector TEXT NOT NULL DEFAULT '',"
    "  cameo TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL,"
    "  goldstein @REAL@ NOT NULL,"
    "  modality TEXT NOT NULL DEFAULT 'asserted',"
    "  plover_event TEXT NOT NULL DEFAULT '', plover_mode TEXT NOT NULL DEFAULT '',"
    "  plover_context TEXT NOT NULL DEFAULT '',"
    "  place TEXT NOT NULL DEFAULT '', place_country TEXT NOT NULL DEFAULT '',"
    "  lat @REAL@, lon @REAL@,"
    "  mentions INTEGER NOT NULL DEFAULT 0,"
    "  documents INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS mentions ("
    "  id @ID@,"
    "  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  sentence INTEGER NOT NULL,"
    "  date TEXT NOT NULL DEFAULT '', date_basis TEXT NOT NULL DEFAULT '',"
    "  source_text TEXT NOT NULL DEFAULT '', target_text TEXT NOT NULL DEFAULT '',"
    "  verb TEXT NOT NULL DEFAULT '', pattern TEXT NOT NULL DEFAULT '',"
    "  attribution TEXT NOT NULL DEFAULT '', issues TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(source, target, cameo, date);"
    "CREATE INDEX IF NOT EXISTS events_target ON events(target, date);"
    "CREATE INDEX IF NOT EXISTS events_date ON events(date);"
    "CREATE INDEX IF NOT EXISTS events_countries ON events(source_country, target_country, date);"
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id, doc_id);"
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);";

/* Version 2: full-text search over sentences. SQLite: a contentless FTS5
 * index (the text stays in sentences only) kept by triggers, its rowid
 * doc_id * 2^20 + idx (a sentences rowid is not stable across VACUUM, so it
 * cannot be the link; sentences past the 1,048,575th of a document are not
 * indexed). A contentless index deletes a row given its old text, which the
 * triggers have. PostgreSQL: a GIN index on the sentence's tsvector
 * ('simple': no stemming, any language). */
static const char v2_sqlite[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(text, content = '',"
    "  tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO sentences_fts (rowid, text)"
    "  SELECT doc_id * 1048576 + idx, text FROM sentences WHERE idx < 1048576;"
    "CREATE TRIGGER IF NOT EXISTS sentences_fts_insert AFTER INSERT ON sentences"
    "  WHEN new.idx < 1048576 BEGIN"
    "  INSERT INTO sentences_fts (rowid, text) VALUES (new.doc_id * 1048576 + new.idx, new.text);"
    "  END;"
    "CREATE TRIGGER IF NOT EXISTS sentences_fts_delete AFTER DELETE ON sentences"
    "  WHEN old.idx < 1048576 BEGIN"
    "  INSERT INTO sentences_fts (sentences_fts, rowid, text)"
    "  VALUES ('delete', old.doc_id * 1048576 + old.idx, old.text);"
    "  END;"
    "CREATE TRIGGER IF NOT EXISTS sentences_fts_update AFTER UPDATE OF text ON sentences"
    "  WHEN old.idx < 1048576 BEGIN"
    "  INSERT INTO sentences_fts (sentences_fts, rowid, text)"
    "  VALUES ('delete', old.doc_id * 1048576 + old.idx, old.text);"
    "  INSERT INTO sentences_fts (rowid, text) VALUES (new.doc_id * 1048576 + new.idx, new.text);"
    "  END;";
static const char v2_postgres[] =
    "CREATE INDEX IF NOT EXISTS sentences_search ON sentences"
    "  USING GIN (to_tsvector('simple', text));";

/* A step of the schema; pg_sql, when set, replaces sql on PostgreSQL. */
typedef struct migration {
    int version;
    const char *sql;
    const char *pg_sql;
} migration;

static const migration migrations[] = {
    {1, v1_common, NULL},
    {2, v2_sqlite, v2_postgres},
};
#define NMIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

int dy_schema_latest(void) { return migrations[NMIGRATIONS - 1].version; }

/* Replaces @ID@ and @REAL@ with the backend's spelling; malloc'd. Keys are
 * never reused (AUTOINCREMENT in SQLite, identity in PostgreSQL): an event
 * id someone wrote down keeps meaning that event or nothing. */
static char *spell(const char *sql, dy_db_kind kind)
{
    const char *id = kind == DY_DB_SQLITE ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                          : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    const char *real = kind == DY_DB_SQLITE ? "REAL" : "DOUBLE PRECISION";
    size_t cap = strlen(sql) * 2 + 1, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = sql; *p;) {
        const char *word = !strncmp(p, "@ID@", 4) ? id : !strncmp(p, "@REAL@", 6) ? real : NULL;
        if (word) {
            size_t wl = strlen(word);
            memcpy(out + n, word, wl);
            n += wl;
            p += p[1] == 'I' ? 4 : 6;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    return out;
}

static const char *begin_sql(const dy_db *db)
{
    return db->kind == DY_DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
}


/* Applies m unless another process got there first: the version is read
 * again inside the transaction, after taking the writers' lock (two
 * PostgreSQL sessions creating the same tables at once would collide). */
static int apply(dy_db *db, const migration *m)
{
    const char *text = db->kind == DY_DB_POSTGRES && m->pg_sql ? m->pg_sql : m->sql;
    char *sql = spell(text, db->kind);
    if (!sql) {
        snprintf(db->err, sizeof db->err, "out of memory");
        return -1;
    }
    char ver[16], cur[32] = "";
    snprintf(ver, sizeof ver, "%d", m->version);
    const char *params[] = {ver};
    int rc = dy_db_exec(db, begin_sql(db));
    if (rc == 0 && db->kind == DY_DB_POSTGRES)
        rc = dy_db_exec(db, "SELECT pg_advisory_xact_lock(7140001)");
    if (rc == 0)
        rc = dy_db_exec(db, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    if (rc == 0)
        rc = dy_db_query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'", 0, NULL,
                              cur, sizeof cur);
    int done = rc == 0 && cur[0] && atoi(cur) >= m->version;
    if (rc == 0 && !done)
        rc = dy_db_exec(db, sql);
    if (rc == 0 && !done)
        rc = dy_db_query(db,
                         "INSERT INTO meta (key, value) VALUES ('schema_version', $1) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         1, params, NULL, NULL);
    if (rc == 0)
        rc = dy_db_exec(db, "COMMIT");
    if (rc) {
        char saved[sizeof db->err];
        memcpy(saved, db->err, sizeof saved);
        dy_db_exec(db, "ROLLBACK");
        memcpy(db->err, saved, sizeof saved);
    }
    free(sql);
    return rc;
}

/* The version, or 0 when the store is new (no meta table yet). */
static int read_version(dy_db *db, int *version)
{
    char buf[32];
    if (dy_db_query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'", 0, NULL, buf,
                         sizeof buf)) {
        if (strstr(db->err, "no such table") || strstr(db->err, "does not exist")) {
            *version = 0;
            return 0;
        }
        return -1;
    }
    *version = buf[0] ? atoi(buf) : 0;
    return 0;
}

int dy_schema_migrate(dy_db *db)
{
    int version;
    if (db->readonly) {
        /* A read-only store must already exist at a version we understand. */
        char buf[32];
        if (dy_db_query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'", 0, NULL,
                             buf, sizeof buf)) {
            if (strstr(db->err, "no such table"))
                snprintf(db->err, sizeof db->err, "not a dyad event store (no schema version)");
            return -1;
        }
        version = atoi(buf);
    } else if (read_version(db, &version)) {
        return -1;
    }
    if (version > dy_schema_latest()) {
        snprintf(db->err, sizeof db->err,
                 "the store has schema version %d, newer than this dyad understands (%d): "
                 "upgrade dyad",
                 version, dy_schema_latest());
        return -1;
    }
    if (db->readonly) {
        if (version < dy_schema_latest()) {
            snprintf(db->err, sizeof db->err,
                     "the store has schema version %d and needs migrating to %d; open it "
                     "writable once (e.g. dyad ingest with no input)",
                     version, dy_schema_latest());
            return -1;
        }
        return 0;
    }
    for (int i = 0; i < NMIGRATIONS; i++)
        if (migrations[i].version > version && apply(db, &migrations[i]))
            return -1;
    return 0;
}
