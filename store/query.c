/* store/query.c - reading the store: filters become parameterised SQL
 * (user text never enters the SQL itself), rows become dy_stored_event. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "time/date.h"


#define MAX_PARAMS 48

typedef struct sql_builder {
    char sql[4096];
    size_t len;
    const char *params[MAX_PARAMS];
    char owned[MAX_PARAMS][64]; /* normalised copies of parameters */
    int n;
    int overflow;
    char err[256];
} sql_builder;

static void add_sql(sql_builder *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->sql + b->len, sizeof b->sql - b->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof b->sql - b->len)
        b->overflow = 1;
    else
        b->len += (size_t)n;
}

/* Adds a parameter and returns its number ($k). */
static int param(sql_builder *b, const char *value)
{
    if (b->n == MAX_PARAMS) {
        b->overflow = 1;
        return 1;
    }
    b->params[b->n] = value;
    return ++b->n;
}

static int param_copy(sql_builder *b, const char *value)
{
    if (b->n == MAX_PARAMS) {
        b->overflow = 1;
        return 1;
    }
    snprintf(b->owned[b->n], sizeof b->owned[b->n], "%s", value);
    return param(b, b->owned[b->n]);
}

/* An actor code or prefix: letters and digits only, compared upper-case. */
static int actor_prefix(sql_builder *b, const char *code)
{
    char buf[40];
    size_t n = 0;
    for (const char *p = code; *p; p++) {
        if (!isalnum((unsigned char)*p) || n + 2 >= sizeof buf) {
            snprintf(b->err, sizeof b->err, "bad actor code '%s': letters and digits only", code);
            return -1;
        }
        buf[n++] = (char)toupper((unsigned char)*p);
    }
    if (n == 0) {
        snprintf(b->err, sizeof b->err, "empty actor code");
        return -1;
    }
    buf[n++] = '%';
    buf[n] = '\0';
    return param_copy(b, buf);
}

/* "2021", "2021-04" or "2021-04-22" -> the first (or, for until, the last)
 * day it covers. */
static int normalise_date(const char *in, int last, char out[11])
{
    int y = 0, m = 0, d = 0;
    char tail;
    int k = sscanf(in, "%4d-%2d-%2d%c", &y, &m, &d, &tail);
    size_t len = strlen(in);
    if (k == 1 && len == 4)
        m = last ? 12 : 1, d = last ? 31 : 1;
    else if (k == 2 && len == 7)
        d = last ? dy_date_days_in_month(y, m) : 1;
    else if (!(k == 3 && len == 10))
        return -1;
    dy_date dt = {y, m, d};
    return dy_date_valid(dt) ? dy_date_format(dt, out) : -1;
}

static int add_list(sql_builder *b, const char *list, const char *column, int prefix)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    add_sql(b, " AND (");
    int first = 1;
    for (char *save = NULL, *item = strtok_r(buf, ", ", &save); item;
         item = strtok_r(NULL, ", ", &save)) {
        for (const char *p = item; *p; p++)
            if (!isalnum((unsigned char)*p)) {
                snprintf(b->err, sizeof b->err, "bad CAMEO code '%s'", item);
                return -1;
            }
        char val[40];
        snprintf(val, sizeof val, "%s%s", item, prefix ? "%" : "");
        int k = param_copy(b, val);
        add_sql(b, "%s%s %s $%d", first ? "" : " OR ", column, prefix ? "LIKE" : "=", k);
        first = 0;
    }
    add_sql(b, "%s)", first ? "1=1" : "");
    return 0;
}

/* Escapes LIKE's wildcards in a user's search text. */
static void like_pattern(const char *text, char *out, size_t cap)
{
    size_t n = 0;
    if (cap < 4)
        return;
    out[n++] = '%';
    for (const char *p = text; *p && n + 3 < cap; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            out[n++] = '\\';
        out[n++] = *p;
    }
    out[n++] = '%';
    out[n] = '\0';
}

static int build_where(sql_builder *b, const dy_event_filter *f)
{
    add_sql(b, " WHERE 1=1");
    if (f->source || f->target) {
        int src = f->source ? actor_prefix(b, f->source) : param_copy(b, "%");
        int tgt = f->target ? actor_prefix(b, f->target) : param_copy(b, "%");
        if (src < 0 || tgt < 0)
            return -1;
        if (f->both_directions)
            add_sql(b, " AND ((e.source LIKE $%d AND e.target LIKE $%d) OR"
                       " (e.source LIKE $%d AND e.target LIKE $%d))", src, tgt, tgt, src);
        else
            add_sql(b, " AND e.source LIKE $%d AND e.target LIKE $%d", src, tgt);
    }
    if (f->actor) {
        int k = actor_prefix(b, f->actor);
        if (k < 0)
            return -1;
        add_sql(b, " AND (e.source LIKE $%d OR e.target LIKE $%d)", k, k);
    }
    char day[11];
    if (f->since) {
        if (normalise_date(f->since, 0, day)) {
            snprintf(b->err, sizeof b->err, "bad date '%s': want YYYY, YYYY-MM or YYYY-MM-DD", f->since);
            return -1;
        }
        add_sql(b, " AND e.date >= $%d", param_copy(b, day));
    }
    if (f->until) {
        if (normalise_date(f->until, 1, day)) {
            snprintf(b->err, sizeof b->err, "bad date '%s': want YYYY, YYYY-MM or YYYY-MM-DD", f->until);
            return -1;
        }
        add_sql(b, " AND e.date <> '' AND e.date <= $%d", param_copy(b, day));
    }
    if (f->roots && add_list(b, f->roots, "e.root", 0))
        return -1;
    if (f->codes && add_list(b, f->codes, "e.cameo", 1))
        return -1;
    if (f->quad) {
        char qd[8];
        snprintf(qd, sizeof qd, "%d", f->quad);
        add_sql(b, " AND e.quad = $%d", param_copy(b, qd));
    }
    if (!f->modality || !strcmp(f->modality, "asserted"))
        add_sql(b, " AND e.modality = 'asserted'");
    else if (strcmp(f->modality, "all"))
        add_sql(b, " AND e.modality = $%d", param(b, f->modality));
    if (f->plover)
        add_sql(b, " AND upper(e.plover_event) = upper($%d)", param(b, f->plover));
    if (f->doc)
        add_sql(b, " AND EXISTS (SELECT 1 FROM mentions md JOIN documents dd ON dd.id = md.doc_id"
                   " WHERE md.event_id = e.id AND dd.doc_key = $%d)", param(b, f->doc));
    if (f->event_id) {
        char id[24];
        snprintf(id, sizeof id, "%ld", f->event_id);
        add_sql(b, " AND e.id = $%d", param_copy(b, id));
    }
    if (f->text) {
        char pat[64];
        like_pattern(f->text, pat, sizeof pat);
        add_sql(b, " AND EXISTS (SELECT 1 FROM mentions mt JOIN sentences st ON"
                   " st.doc_id = mt.doc_id AND st.idx = mt.sentence WHERE mt.event_id = e.id"
                   " AND lower(st.text) LIKE lower($%d) ESCAPE '\\')", param_copy(b, pat));
    }
    return 0;
}

static int finish(dy_store *s, sql_builder *b)
{
    if (b->err[0]) {
        dy_store_set_error(s, b->err);
        return -1;
    }
    if (b->overflow) {
        dy_store_set_error(s, "query too long");
        return -1;
    }
    return 0;
}

static const char event_columns[] =
    "SELECT e.id, e.date, e.date_precision, e.source, e.source_country, e.source_sector,"
    " e.target, e.target_country, e.target_sector, e.cameo, e.root, e.quad, e.goldstein,"
    " e.modality, e.plover_event, e.plover_mode, e.plover_context, e.place, e.place_country,"
    " e.lat, e.lon, e.mentions, e.documents, d.doc_key, d.date, d.origin, st.text, m.verb,"
    " m.pattern, m.attribution, m.sentence, m.source_text, m.target_text"
    " FROM events e"
    " JOIN mentions m ON m.id = (SELECT min(id) FROM mentions mm WHERE mm.event_id = e.id)"
    " JOIN documents d ON d.id = m.doc_id"
    " LEFT JOIN sentences st ON st.doc_id = m.doc_id AND st.idx = m.sentence";

#define S(i) (v[i] ? v[i] : "")

typedef struct event_rows {
    dy_stored_event_fn fn;
    void *user;
} event_rows;

static int event_row(int n, const char *const *v, void *user)
{
    event_rows *r = user;
    if (n < 33)
        return 1;
    dy_stored_event e = {
        .id = atol(S(0)), .date = S(1), .date_precision = S(2),
        .source = {S(3), S(4), S(5), S(31)}, .target = {S(6), S(7), S(8), S(32)},
        .cameo = S(9), .root = S(10), .quad = atoi(S(11)), .goldstein = atof(S(12)),
        .modality = S(13), .plover_event = S(14), .plover_mode = S(15), .plover_context = S(16),
        .place = S(17), .place_country = S(18), .has_coords = v[19] && v[20],
        .lat = atof(S(19)), .lon = atof(S(20)), .mentions = atol(S(21)),
        .documents = atol(S(22)), .doc = S(23), .doc_date = S(24), .origin = S(25),
        .sentence_text = S(26), .verb = S(27), .pattern = S(28), .attribution = S(29),
        .sentence = atoi(S(30))};
    return r->fn(&e, r->user);
}

int dy_store_events(dy_store *s, const dy_event_filter *f, dy_stored_event_fn fn, void *user)
{
    sql_builder *b = calloc(1, sizeof *b);
    if (!b) {
        dy_store_set_error(s, "out of memory");
        return -1;
    }
    add_sql(b, "%s", event_columns);
    int rc = build_where(b, f);
    const char *dir = f->newest_first ? "DESC" : "ASC";
    add_sql(b, " ORDER BY e.date %s, e.id %s", dir, dir);
    if (f->limit > 0)
        add_sql(b, " LIMIT %ld", f->limit);
    /* SQLite wants a LIMIT before an OFFSET; -1 is its "no limit". */
    if (f->offset > 0)
        add_sql(b, "%s OFFSET %ld",
                f->limit > 0 || dy_store_db(s)->kind != DY_DB_SQLITE ? "" : " LIMIT -1",
                f->offset);
    if (finish(s, b))
        rc = -1;
    if (rc == 0) {
        event_rows rows = {fn, user};
        dy_db *db = dy_store_db(s);
        rc = dy_db_query(db, b->sql, b->n, b->params, event_row, &rows);
        if (rc)
            dy_store_set_error(s, db->err);
    }
    free(b);
    return rc;
}

int dy_store_count(dy_store *s, const dy_event_filter *f, long *count)
{
    sql_builder *b = calloc(1, sizeof *b);
    if (!b) {
        dy_store_set_error(s, "out of memory");
        return -1;
    }
    add_sql(b, "SELECT count(*) FROM events e");
    int rc = build_where(b, f);
    if (finish(s, b))
        rc = -1;
    char buf[32] = "0";
    if (rc == 0) {
        dy_db *db = dy_store_db(s);
        rc = dy_db_query_text(db, b->sql, b->n, b->params, buf, sizeof buf);
        if (rc)
            dy_store_set_error(s, db->err);
    }
    *count = atol(buf);
    free(b);
    return rc;
}

typedef struct mention_rows {
    dy_mention_fn fn;
    void *user;
} mention_rows;

static int mention_row(int n, const char *const *v, void *user)
{
    mention_rows *r = user;
    return n < 4 ? 1 : r->fn(S(0), atoi(S(1)), S(2), S(3), r->user);
}

int dy_store_mentions(dy_store *s, long event_id, dy_mention_fn fn, void *user)
{
    char id[24];
    snprintf(id, sizeof id, "%ld", event_id);
    const char *p[] = {id};
    mention_rows rows = {fn, user};
    dy_db *db = dy_store_db(s);
    int rc = dy_db_query(db,
                         "SELECT d.doc_key, m.sentence, st.text, m.date FROM mentions m"
                         " JOIN documents d ON d.id = m.doc_id"
                         " LEFT JOIN sentences st ON st.doc_id = m.doc_id AND st.idx = m.sentence"
                         " WHERE m.event_id = $1 ORDER BY m.id",
                         1, p, mention_row, &rows);
    if (rc)
        dy_store_set_error(s, db->err);
    return rc;
}

/* ---- series ------------------------------------------------------------------ */

int dy_period_parse(const char *name, int *period)
{
    static const char *const names[] = {"day", "week", "month", "quarter", "year"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(name, names[i])) {
            *period = i;
            return 0;
        }
    return -1;
}

/* The first day of the period holding d. */
static dy_date period_start(dy_date d, int by)
{
    switch (by) {
    case DY_BY_WEEK:
        return dy_date_from_days(dy_date_to_days(d) - dy_date_weekday(d));
    case DY_BY_MONTH:
        return (dy_date){d.y, d.m, 1};
    case DY_BY_QUARTER:
        return (dy_date){d.y, (d.m - 1) / 3 * 3 + 1, 1};
    case DY_BY_YEAR:
        return (dy_date){d.y, 1, 1};
    default:
        return d;
    }
}

static dy_date period_next(dy_date start, int by)
{
    switch (by) {
    case DY_BY_WEEK:
        return dy_date_from_days(dy_date_to_days(start) + 7);
    case DY_BY_MONTH:
    case DY_BY_QUARTER: {
        int m = start.m + (by == DY_BY_MONTH ? 1 : 3);
        return m > 12 ? (dy_date){start.y + 1, m - 12, 1} : (dy_date){start.y, m, 1};
    }
    case DY_BY_YEAR:
        return (dy_date){start.y + 1, 1, 1};
    default:
        return dy_date_from_days(dy_date_to_days(start) + 1);
    }
}

/* ISO 8601 week label of the week starting on Monday start: the week
 * belongs to the year of its Thursday. */
static void period_label(dy_date start, int by, char out[16])
{
    switch (by) {
    case DY_BY_WEEK: {
        dy_date thu = dy_date_from_days(dy_date_to_days(start) + 3);
        long yday = dy_date_to_days(thu) - dy_date_to_days((dy_date){thu.y, 1, 1});
        snprintf(out, 16, "%04d-W%02d", thu.y % 10000, (int)(yday / 7 + 1) % 100);
        break;
    }
    case DY_BY_MONTH:
        snprintf(out, 16, "%04d-%02d", start.y % 10000, start.m % 100);
        break;
    case DY_BY_QUARTER:
        snprintf(out, 16, "%04d-Q%d", start.y % 10000, ((start.m - 1) / 3 + 1) % 10);
        break;
    case DY_BY_YEAR:
        snprintf(out, 16, "%04d", start.y % 10000);
        break;
    default:
        dy_date_format(start, out);
    }
}

typedef struct series_row {
    long day; /* days since 1970 */
    int quad;
    long mentions;
    double goldstein;
} series_row;

typedef struct series_rows {
    series_row *rows;
    size_t n, cap;
    long undated;
    int oom;
} series_rows;

static int collect_series_row(int n, const char *const *v, void *user)
{
    series_rows *r = user;
    dy_date d;
    if (n < 4 || !v[0] || dy_date_parse_iso(v[0], &d)) {
        r->undated++;
        return 0;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        series_row *grown = realloc(r->rows, cap * sizeof *grown);
        if (!grown) {
            r->oom = 1;
            return 1;
        }
        r->rows = grown;
        r->cap = cap;
    }
    r->rows[r->n++] = (series_row){dy_date_to_days(d), atoi(S(1)), atol(S(3)), atof(S(2))};
    return 0;
}

#define MAX_PERIODS 200000

static int fill_points(const series_rows *r, long first, long last, int by, dy_series *out)
{
    dy_date start = period_start(dy_date_from_days(first), by);
    dy_date end = dy_date_from_days(last);
    int n = 0;
    for (dy_date p = start; dy_date_to_days(p) <= dy_date_to_days(end); p = period_next(p, by))
        if (++n > MAX_PERIODS)
            return -2;
    out->points = calloc(n ? (size_t)n : 1, sizeof *out->points);
    if (!out->points)
        return -1;
    out->n = n;
    long *starts = malloc((size_t)(n ? n : 1) * sizeof *starts);
    if (!starts)
        return -1;
    dy_date p = start;
    for (int i = 0; i < n; i++, p = period_next(p, by)) {
        starts[i] = dy_date_to_days(p);
        period_label(p, by, out->points[i].period);
        dy_date_format(p, out->points[i].start);
    }
    for (size_t i = 0; i < r->n; i++) {
        const series_row *row = &r->rows[i];
        /* The last period starting on or before the event's day. */
        int lo = 0, hi = n - 1;
        if (n == 0 || row->day < starts[0])
            continue;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (starts[mid] <= row->day)
                lo = mid;
            else
                hi = mid - 1;
        }
        if (row->day > last)
            continue;
        dy_series_point *pt = &out->points[lo];
        if (row->quad >= 1 && row->quad <= 4)
            pt->quad[row->quad]++;
        pt->events++;
        pt->mentions += row->mentions;
        pt->goldstein_sum += row->goldstein;
    }
    free(starts);
    return 0;
}

static long first_day(const series_rows *r, int want_max)
{
    long best = r->rows[0].day;
    for (size_t i = 1; i < r->n; i++)
        if (want_max ? r->rows[i].day > best : r->rows[i].day < best)
            best = r->rows[i].day;
    return best;
}

int dy_store_series(dy_store *s, const dy_event_filter *f, int period, dy_series *out)
{
    memset(out, 0, sizeof *out);
    sql_builder *b = calloc(1, sizeof *b);
    if (!b) {
        dy_store_set_error(s, "out of memory");
        return -1;
    }
    add_sql(b, "SELECT e.date, e.quad, e.goldstein, e.mentions FROM events e");
    int rc = build_where(b, f);
    if (finish(s, b))
        rc = -1;
    series_rows rows = {0};
    dy_db *db = dy_store_db(s);
    if (rc == 0 && (rc = dy_db_query(db, b->sql, b->n, b->params, collect_series_row, &rows)))
        dy_store_set_error(s, db->err);
    if (rc == 0 && rows.oom) {
        dy_store_set_error(s, "out of memory");
        rc = -1;
    }
    char day[11];
    dy_date d;
    long first = 0, last = -1;
    if (rc == 0 && rows.n > 0) {
        first = first_day(&rows, 0);
        last = first_day(&rows, 1);
    }
    if (rc == 0 && f->since && !normalise_date(f->since, 0, day) && !dy_date_parse_iso(day, &d))
        first = dy_date_to_days(d);
    if (rc == 0 && f->until && !normalise_date(f->until, 1, day) && !dy_date_parse_iso(day, &d))
        last = dy_date_to_days(d);
    int filled = rc == 0 && last >= first ? fill_points(&rows, first, last, period, out) : 0;
    if (filled) { /* "bad ...": the caller's doing (a web client gets 400) */
        dy_store_set_error(s, filled == -2 ? "bad range: the series has too many periods (at "
                                             "most 200000); narrow the dates or use a longer period"
                                           : "out of memory");
        dy_series_free(out);
        rc = -1;
    }
    out->undated = rows.undated;
    free(rows.rows);
    free(b);
    return rc;
}

void dy_series_free(dy_series *sr)
{
    free(sr->points);
    sr->points = NULL;
    sr->n = 0;
}

double dy_series_mean(const dy_series_point *p)
{
    return p->events ? p->goldstein_sum / (double)p->events : 0.0;
}

long dy_series_net(const dy_series_point *p)
{
    return p->quad[1] + p->quad[2] - p->quad[3] - p->quad[4];
}
