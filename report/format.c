/* report/format.c - event records as JSON Lines or TABARI's tab-separated lines. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dyad.h"
#include "util/buf.h"

/* "key": followed by open (printf is slow for the hot path of every event) */
static inline void json_key(dy_buf *b, const char *key, const char *open)
{
    dy_buf_putc(b, '"');
    dy_buf_puts(b, key);
    dy_buf_puts(b, "\":");
    dy_buf_puts(b, open);
}

static inline void put_int(dy_buf *b, int v)
{
    char t[16];
    size_t k = sizeof t;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do
        t[--k] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        t[--k] = '-';
    dy_buf_append(b, t + k, sizeof t - k);
}

/* v as printf's "%.1f" would give it. Goldstein scores are tenths: when 10v
 * is within 0.25 of an integer k, the correctly rounded one-decimal form is
 * k/10 (a tie needs 10v exactly halfway); anything else, and -0.0 with its
 * sign, goes to printf. */
static void put_fixed1(dy_buf *b, double v)
{
    double t = v * 10;
    if (!(t > -1e9 && t < 1e9) || (v <= 0 && signbit(v) && t > -0.5)) {
        dy_buf_printf(b, "%.1f", v);
        return;
    }
    long k = lround(t);
    if (fabs(t - (double)k) >= 0.25) {
        dy_buf_printf(b, "%.1f", v);
        return;
    }
    unsigned long u = k < 0 ? 0ul - (unsigned long)k : (unsigned long)k;
    if (k < 0)
        dy_buf_putc(b, '-');
    put_int(b, (int)(u / 10));
    dy_buf_putc(b, '.');
    dy_buf_putc(b, (char)('0' + u % 10));
}

/* [start,end] */
static void put_span(dy_buf *b, int start, int end)
{
    dy_buf_putc(b, '[');
    put_int(b, start);
    dy_buf_putc(b, ',');
    put_int(b, end);
    dy_buf_putc(b, ']');
}

static inline void json_str(dy_buf *b, const char *key, const char *v)
{
    json_key(b, key, "\"");
    dy_buf_json_escape(b, v ? v : "", v ? strlen(v) : 0);
    dy_buf_putc(b, '"');
}

/* code, country, sector, text: the fields both formats give an actor */
static void actor_fields(dy_buf *b, const dyad_actor *a)
{
    json_str(b, "code", a->code);
    dy_buf_putc(b, ',');
    json_str(b, "country", a->country);
    dy_buf_putc(b, ',');
    json_str(b, "sector", a->sector);
    dy_buf_putc(b, ',');
    json_str(b, "text", a->text);
}

/* "date": "YYYY-MM-DD", or null for an undated event. */
static void json_date(dy_buf *b, const char *date)
{
    if (date[0])
        json_str(b, "date", date);
    else
        dy_buf_puts(b, "\"date\":null");
}

static void json_actor(dy_buf *b, const char *key, const dyad_actor *a)
{
    json_key(b, key, "{");
    actor_fields(b, a);
    if (a->start >= 0) {
        dy_buf_puts(b, ",\"span\":");
        put_span(b, a->start, a->end);
    } else
        dy_buf_puts(b, ",\"span\":null");
    dy_buf_putc(b, '}');
}

static void json_location(dy_buf *b, const char *key, const dyad_location *l)
{
    if (!l->name || !*l->name) {
        json_key(b, key, "null");
        return;
    }
    json_key(b, key, "{");
    json_str(b, "name", l->name);
    dy_buf_putc(b, ',');
    json_str(b, "country", l->country);
    if (l->has_coords)
        dy_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f", l->lat, l->lon);
    if (l->start >= 0) {
        dy_buf_puts(b, ",\"span\":");
        put_span(b, l->start, l->end);
    }
    dy_buf_putc(b, '}');
}

static void json_list1(dy_buf *b, const char *key, const char *v)
{
    if (!v || !*v) {
        dy_buf_printf(b, "\"%s\":[]", key);
        return;
    }
    dy_buf_printf(b, "\"%s\":[\"", key);
    dy_buf_json_escape(b, v, strlen(v));
    dy_buf_puts(b, "\"]");
}

static void to_json(dy_buf *b, const dyad_event *ev)
{
    dy_buf_putc(b, '{');
    json_str(b, "doc", ev->doc);
    dy_buf_puts(b, ",\"sentence\":");
    put_int(b, ev->sentence);
    dy_buf_putc(b, ',');
    json_date(b, ev->date);
    dy_buf_putc(b, ',');
    json_actor(b, "source", &ev->source);
    dy_buf_putc(b, ',');
    json_actor(b, "target", &ev->target);
    dy_buf_putc(b, ',');
    json_str(b, "cameo", ev->cameo);
    dy_buf_putc(b, ',');
    json_str(b, "root", ev->root);
    dy_buf_puts(b, ",\"quad\":");
    put_int(b, ev->quad);
    dy_buf_puts(b, ",\"goldstein\":");
    put_fixed1(b, ev->goldstein);
    dy_buf_putc(b, ',');
    json_str(b, "modality", ev->modality);
    dy_buf_putc(b, ',');
    json_str(b, "date_basis", ev->date_basis);
    dy_buf_putc(b, ',');
    if (ev->date[0])
        json_str(b, "date_precision", ev->date_precision ? ev->date_precision : "day");
    else
        dy_buf_puts(b, "\"date_precision\":null");
    dy_buf_puts(b, ",\"plover\":");
    if (ev->plover_event && *ev->plover_event) {
        dy_buf_putc(b, '{');
        json_str(b, "event", ev->plover_event);
        dy_buf_putc(b, ',');
        json_str(b, "mode", ev->plover_mode);
        dy_buf_putc(b, ',');
        json_str(b, "context", ev->plover_context);
        dy_buf_putc(b, '}');
    } else {
        dy_buf_puts(b, "null");
    }
    dy_buf_putc(b, ',');
    json_location(b, "location", &ev->location);
    if (ev->attribution.code && *ev->attribution.code) {
        dy_buf_putc(b, ',');
        json_actor(b, "attribution", &ev->attribution);
    } else {
        dy_buf_puts(b, ",\"attribution\":null");
    }
    dy_buf_putc(b, ',');
    json_str(b, "issues", ev->issues);
    dy_buf_puts(b, ",\"verb\":{");
    json_str(b, "text", ev->verb);
    dy_buf_puts(b, ",\"span\":");
    put_span(b, ev->verb_start, ev->verb_end);
    dy_buf_puts(b, "},");
    json_str(b, "pattern", ev->pattern);
    dy_buf_putc(b, ',');
    json_str(b, "text", ev->text);
    dy_buf_puts(b, "}\n");
}

/* PLOVER's own record (PLOVER manual, table "PLOVER JSON"): actor and
 * recipient are lists of entities; event, mode and context are lists. */
static void plover_entity(dy_buf *b, const char *key, const dyad_actor *a)
{
    dy_buf_printf(b, "\"%s\":[{", key);
    actor_fields(b, a);
    dy_buf_puts(b, "}]");
}

static void to_plover(dy_buf *b, const dyad_event *ev)
{
    dy_buf_puts(b, "{\"id\":\"");
    dy_buf_json_escape(b, ev->doc, strlen(ev->doc));
    dy_buf_printf(b, "-%d-%s-%s-%s\",", ev->sentence, ev->source.code, ev->target.code,
                  ev->cameo);
    json_date(b, ev->date);
    dy_buf_putc(b, ',');
    plover_entity(b, "actor", &ev->source);
    dy_buf_putc(b, ',');
    plover_entity(b, "recipient", &ev->target);
    dy_buf_putc(b, ',');
    json_list1(b, "event", ev->plover_event);
    dy_buf_putc(b, ',');
    json_list1(b, "mode", ev->plover_mode);
    dy_buf_putc(b, ',');
    json_list1(b, "context", ev->plover_context);
    dy_buf_putc(b, ',');
    json_location(b, "event_loc", &ev->location);
    dy_buf_putc(b, ',');
    json_list1(b, "event_text", ev->verb);
    dy_buf_puts(b, ",\"quad_code\":");
    put_int(b, ev->quad);
    dy_buf_puts(b, ",\"goldstein\":");
    put_fixed1(b, ev->goldstein);
    dy_buf_putc(b, ',');
    json_str(b, "cameo", ev->cameo);
    dy_buf_putc(b, ',');
    json_str(b, "modality", ev->modality);
    dy_buf_putc(b, ',');
    json_str(b, "text", ev->text);
    dy_buf_puts(b, ",\"coder\":\"dyad " DYAD_VERSION "\"}\n");
}

static void to_tabari(dy_buf *b, const dyad_event *ev)
{
    /* TABARI: YYMMDD date, source, target, event code (manual 8.9) */
    char d[9] = ""; /* an undated event leaves the field empty */
    if (strlen(ev->date) == 10)
        snprintf(d, sizeof d, "%.2s%.2s%.2s", ev->date + 2, ev->date + 5, ev->date + 8);
    dy_buf_printf(b, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", d, ev->source.code, ev->target.code,
                  ev->cameo, ev->doc, ev->modality, ev->sentence);
}

size_t dyad_format_event(const dyad_event *ev, int format, char *buf, size_t cap)
{
    dy_buf b = DY_BUF_INIT;
    dy_buf_reserve(&b, 2048); /* one allocation for most records (failure shows later) */
    if (format == DYAD_FORMAT_TABARI)
        to_tabari(&b, ev);
    else if (format == DYAD_FORMAT_PLOVER)
        to_plover(&b, ev);
    else
        to_json(&b, ev);
    size_t n = b.len;
    if (cap) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(buf, dy_buf_str(&b), k);
        buf[k] = '\0';
    }
    dy_buf_free(&b);
    return n;
}
