/* web/query.h - the query parameters of the web API, checked and turned
 * into an event filter. A pure function of its input: no I/O, no state, so
 * that it can be fuzzed (fuzz/fuzz_web_query.c) and unit-tested alone.
 *
 * Parameters (all optional):
 *   source, target   actor code or prefix, letters and digits (RUS, RUSGOV)
 *   dyad             SOURCE:TARGET, e.g. USA:RUS
 *   both             1: a dyad in either direction
 *   actor            actor code or prefix on either side
 *   country          ISO alpha-3 on either side (an actor prefix: RUS matches RUSGOV)
 *   since, until     YYYY, YYYY-MM or YYYY-MM-DD, inclusive
 *   root             CAMEO roots, comma-separated (e.g. 11,12)
 *   code             CAMEO codes or prefixes, comma-separated
 *   quad             1-4
 *   plover           PLOVER event type (e.g. ACCUSE)
 *   modality         asserted (default), negated, planned, hypothetical or all
 *   text             words a reporting sentence contains (substring)
 *   q                full-text search words (for /api/search)
 *   doc              document key
 *   by               day, week, month (default), quarter, year (for series)
 *   order            oldest (default) or newest
 *   limit, offset    page size (1-500, default 50) and start
 * Empty values are ignored, so a form can send every field. */
#ifndef DY_WEB_QUERY_H
#define DY_WEB_QUERY_H
#include <stddef.h>

#include "store/store.h"

#define DY_WEB_MAX_LIMIT 500

typedef struct dy_web_query {
    dy_event_filter filter; /* points into the buffers below: do not copy the struct */
    int period;             /* enum dy_period, for series */
    char source[32], target[32], actor[32];
    char since[11], until[11];
    char roots[64], codes[64], plover[32], modality[16];
    char text[201], q[201], doc[256];
} dy_web_query;

/* Sets the defaults: asserted events, oldest first, 50 a page, by month. */
void dy_web_query_init(dy_web_query *q);

/* Applies one parameter. 0 when it was accepted, -1 with a message in err
 * (the key, and what is wanted) when the key is unknown or the value bad. */
int dy_web_query_set(dy_web_query *q, const char *key, const char *value, char *err,
                     size_t errlen);

/* Parses a whole query string ("a=1&b=x%20y", '+' for space), decoding
 * percent escapes; 0 or -1 with a message as above. */
int dy_web_query_parse(dy_web_query *q, const char *qs, char *err, size_t errlen);

#endif
