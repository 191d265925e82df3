/* web/query.c - query parameters of the web API -> dy_web_query. Values are
 * checked against the narrow forms the store expects and copied into fixed
 * buffers; anything else is refused with a message naming the parameter. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "time/date.h"
#include "web/query.h"

void dy_web_query_init(dy_web_query *q)
{
    memset(q, 0, sizeof *q);
    q->filter.limit = 50;
    q->period = DY_BY_MONTH;
}

static int bad(char *err, size_t errlen, const char *key, const char *want)
{
    snprintf(err, errlen, "bad parameter '%s': want %s", key, want);
    return -1;
}

/* Copies value into out when every byte passes ok and it fits. */
static int copy_checked(char *out, size_t cap, const char *value, int (*ok)(int c))
{
    size_t n = strlen(value);
    if (n == 0 || n >= cap)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!ok((unsigned char)value[i]))
            return -1;
    memcpy(out, value, n + 1);
    return 0;
}

static int is_code_char(int c) { return isalnum(c); }
static int is_list_char(int c) { return isdigit(c) || c == ','; }
static int is_plover_char(int c) { return isalpha(c) || c == '_' || c == '-'; }
static int is_text_char(int c) { return c >= 0x20 && c != 0x7f; }

static int parse_date(char out[11], const char *value)
{
    static const char *const shapes[] = {"dddd", "dddd-dd", "dddd-dd-dd"};
    size_t n = strlen(value);
    for (int s = 0; s < 3; s++) {
        if (strlen(shapes[s]) != n)
            continue;
        size_t i = 0;
        for (; i < n; i++)
            if (shapes[s][i] == 'd' ? !isdigit((unsigned char)value[i]) : value[i] != '-')
                break;
        if (i == n) { /* a real month and day: 2021-02-30 is no date */
            int y = atoi(value), m = n > 4 ? atoi(value + 5) : 1, d = n > 7 ? atoi(value + 8) : 1;
            if (!dy_date_valid((dy_date){y, m, d}))
                return -1;
            memcpy(out, value, n + 1);
            return 0;
        }
    }
    return -1;
}

static int parse_long(const char *value, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || *end || end == value || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int set_dyad(dy_web_query *q, const char *value)
{
    const char *colon = strchr(value, ':');
    char src[32];
    size_t n = colon ? (size_t)(colon - value) : 0;
    if (!colon || n == 0 || n >= sizeof src)
        return -1;
    memcpy(src, value, n);
    src[n] = '\0';
    if (copy_checked(q->source, sizeof q->source, src, is_code_char) ||
        copy_checked(q->target, sizeof q->target, colon + 1, is_code_char))
        return -1;
    q->filter.source = q->source;
    q->filter.target = q->target;
    return 0;
}

static int set_modality(dy_web_query *q, const char *value)
{
    static const char *const names[] = {"asserted", "negated", "planned", "hypothetical", "all"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(value, names[i])) {
            snprintf(q->modality, sizeof q->modality, "%s", names[i]);
            q->filter.modality = q->modality;
            return 0;
        }
    return -1;
}

/* Parameters that are a checked string: key, buffer, checker, filter slot. */
typedef struct string_param {
    const char *key, *want;
    size_t offset, cap;
    int (*ok)(int c);
    size_t slot; /* offset of the const char * in dy_event_filter, or (size_t)-1 */
} string_param;

#define BUF(f) offsetof(dy_web_query, f), sizeof(((dy_web_query *)0)->f)
#define SLOT(f) offsetof(dy_event_filter, f)
#define NOSLOT ((size_t)-1)

static const string_param string_params[] = {
    {"source", "an actor code (letters and digits)", BUF(source), is_code_char, SLOT(source)},
    {"target", "an actor code (letters and digits)", BUF(target), is_code_char, SLOT(target)},
    {"actor", "an actor code (letters and digits)", BUF(actor), is_code_char, SLOT(actor)},
    {"country", "an actor code (letters and digits)", BUF(actor), is_code_char, SLOT(actor)},
    {"root", "CAMEO roots, comma-separated (e.g. 11,12)", BUF(roots), is_list_char, SLOT(roots)},
    {"code", "CAMEO codes, comma-separated (e.g. 0421)", BUF(codes), is_list_char, SLOT(codes)},
    {"plover", "a PLOVER event type (e.g. ACCUSE)", BUF(plover), is_plover_char, SLOT(plover)},
    {"text", "at most 200 bytes of text", BUF(text), is_text_char, SLOT(text)},
    {"q", "at most 200 bytes of text", BUF(q), is_text_char, NOSLOT},
    {"doc", "a document key of at most 255 bytes without control characters", BUF(doc), is_text_char, SLOT(doc)},
};

static int set_string(dy_web_query *q, const string_param *p, const char *value)
{
    char *buf = (char *)q + p->offset;
    if (copy_checked(buf, p->cap, value, p->ok))
        return -1;
    if (p->slot != NOSLOT)
        *(const char **)((char *)&q->filter + p->slot) = buf;
    return 0;
}

/* The parameters that are not plain strings; -2 when key is none of them. */
static int set_other(dy_web_query *q, const char *key, const char *value, const char **want)
{
    long n;
    dy_event_filter *f = &q->filter;
    if (!strcmp(key, "dyad"))
        return *want = "SOURCE:TARGET, e.g. USA:RUS", set_dyad(q, value);
    if (!strcmp(key, "both"))
        return *want = "0 or 1", (strcmp(value, "1") && strcmp(value, "0")) ? -1
                                 : (f->both_directions = value[0] == '1', 0);
    if (!strcmp(key, "since") || !strcmp(key, "until")) {
        int since = key[0] == 's';
        *want = "YYYY, YYYY-MM or YYYY-MM-DD, a day of the calendar";
        if (parse_date(since ? q->since : q->until, value))
            return -1;
        *(since ? &f->since : &f->until) = since ? q->since : q->until;
        return 0;
    }
    if (!strcmp(key, "quad"))
        return *want = "1, 2, 3 or 4", parse_long(value, 1, 4, &n) ? -1 : (f->quad = (int)n, 0);
    if (!strcmp(key, "modality"))
        return *want = "asserted, negated, planned, hypothetical or all", set_modality(q, value);
    if (!strcmp(key, "by"))
        return *want = "day, week, month, quarter or year", dy_period_parse(value, &q->period);
    if (!strcmp(key, "order"))
        return *want = "oldest or newest", !strcmp(value, "newest") ? (f->newest_first = 1, 0)
                                            : !strcmp(value, "oldest") ? (f->newest_first = 0, 0)
                                                                       : -1;
    if (!strcmp(key, "limit"))
        return *want = "a number from 1 to 500", parse_long(value, 1, DY_WEB_MAX_LIMIT, &f->limit);
    if (!strcmp(key, "offset"))
        return *want = "a number from 0 to 1000000000", parse_long(value, 0, 1000000000L, &f->offset);
    return -2;
}

int dy_web_query_set(dy_web_query *q, const char *key, const char *value, char *err,
                     size_t errlen)
{
    if (!value || !value[0])
        return 0;
    for (size_t i = 0; i < sizeof string_params / sizeof string_params[0]; i++)
        if (!strcmp(key, string_params[i].key))
            return set_string(q, &string_params[i], value)
                       ? bad(err, errlen, key, string_params[i].want)
                       : 0;
    const char *want = "";
    int rc = set_other(q, key, value, &want);
    if (rc == -2) {
        snprintf(err, errlen, "unknown parameter '%.64s'", key);
        return -1;
    }
    return rc ? bad(err, errlen, key, want) : 0;
}

static int hex(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* Decodes one key or value of a query string in place. */
static void url_decode(char *s)
{
    char *out = s;
    for (char *p = s; *p; p++) {
        if (*p == '+') {
            *out++ = ' ';
        } else if (*p == '%' && hex((unsigned char)p[1]) >= 0 && hex((unsigned char)p[2]) >= 0) {
            *out++ = (char)(hex((unsigned char)p[1]) * 16 + hex((unsigned char)p[2]));
            p += 2;
        } else {
            *out++ = *p;
        }
    }
    *out = '\0';
}

#define MAX_QUERY 4096

int dy_web_query_parse(dy_web_query *q, const char *qs, char *err, size_t errlen)
{
    char buf[MAX_QUERY];
    if (strlen(qs) >= sizeof buf) {
        snprintf(err, errlen, "query string too long (at most %d bytes)", MAX_QUERY - 1);
        return -1;
    }
    strcpy(buf, qs);
    for (char *save = NULL, *pair = strtok_r(buf, "&", &save); pair;
         pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        char *value = eq ? (*eq = '\0', eq + 1) : pair + strlen(pair);
        url_decode(pair);
        url_decode(value);
        if (dy_web_query_set(q, pair, value, err, errlen))
            return -1;
    }
    return 0;
}
