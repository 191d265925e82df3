/* libFuzzer target: the web API's query string -> filter parser
 * (dy_web_query_parse) and the full-text query builder, over arbitrary
 * bytes. Checks that every string the filter points at lies in the query's
 * own buffers, is NUL-terminated and holds only what the parameter allows,
 * and that the FTS5 text is only quoted words. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/browse.h"
#include "web/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_inside(const dy_web_query *q, const char *s)
{
    if (!s)
        return;
    const char *lo = (const char *)q, *hi = lo + sizeof *q;
    if (s < lo || s >= hi || !memchr(s, '\0', (size_t)(hi - s)))
        abort();
}

static void check_code(const char *s)
{
    for (; s && *s; s++)
        if (!isalnum((unsigned char)*s))
            abort();
}

static void check_query(const dy_web_query *q)
{
    const dy_event_filter *f = &q->filter;
    const char *all[] = {f->source, f->target, f->actor, f->since, f->until, f->roots,
                         f->codes, f->modality, f->plover, f->text, f->doc};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        check_inside(q, all[i]);
    check_code(f->source);
    check_code(f->target);
    check_code(f->actor);
    if (f->quad < 0 || f->quad > 4 || f->limit < 1 || f->limit > DY_WEB_MAX_LIMIT || f->offset < 0 ||
        q->period < DY_BY_DAY || q->period > DY_BY_YEAR)
        abort();
}

static void check_fts(const char *words)
{
    char out[1024];
    int n = dy_browse_fts_query(words, out, sizeof out);
    if (n < 0) {
        /* refused as too long for out: only when the words could not fit */
        if (strlen(words) < sizeof out / 4)
            abort();
        return;
    }
    if (n > 16)
        abort();
    int quotes = 0;
    for (const char *p = out; *p; p++)
        quotes += *p == '"';
    if (quotes != 2 * n)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *qs = malloc(size + 1);
    if (!qs)
        return 0;
    memcpy(qs, data, size);
    qs[size] = '\0';
    dy_web_query q;
    char err[256];
    dy_web_query_init(&q);
    if (dy_web_query_parse(&q, qs, err, sizeof err) == 0)
        check_query(&q);
    else if (!memchr(err, '\0', sizeof err) || !err[0])
        abort();
    check_fts(qs);
    free(qs);
    return 0;
}
