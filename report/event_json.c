/* report/event_json.c - dyad's JSON event record back into a dyad_event. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "code/cameo.h"
#include "report/event_json.h"
#include "time/date.h"

struct dy_event_json {
    json_t *root;
};

/* A record field that is absent or null ("" then), else must be a string. */
typedef struct reading {
    const char *why; /* the first problem found, or NULL */
    char buf[160];
} reading;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void bad(reading *rd, const char *fmt, ...)
{
    if (rd->why)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rd->buf, sizeof rd->buf, fmt, ap);
    va_end(ap);
    rd->why = rd->buf;
}

static const char *str(reading *rd, json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (v && !json_is_null(v))
        bad(rd, "\"%s\" is not a string", key);
    return "";
}

/* A code as a dictionary can give one: printable ASCII without blanks,
 * at most 63 bytes. */
static int valid_code(const char *c)
{
    size_t n = strlen(c);
    if (n == 0 || n > 63)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (c[i] <= ' ' || c[i] > '~')
            return 0;
    return 1;
}

/* A country field: "" or three capital letters. */
static void country(reading *rd, const char *what, const char *c, char out[4])
{
    if (*c && (strlen(c) != 3 || !isupper((unsigned char)c[0]) || !isupper((unsigned char)c[1]) ||
               !isupper((unsigned char)c[2])))
        bad(rd, "%s \"country\" \"%.20s\" is not three capital letters", what, c);
    snprintf(out, 4, "%s", c);
}

/* "span": absent, null, [-1, -1] (none), or [start, end] with
 * 0 <= start <= end < 2^31. */
static void span(reading *rd, const char *what, json_t *obj, int *start, int *end)
{
    json_t *s = json_object_get(obj, "span");
    *start = *end = -1;
    if (!s || json_is_null(s))
        return;
    json_t *a = json_array_get(s, 0), *b = json_array_get(s, 1);
    if (!json_is_array(s) || json_array_size(s) != 2 || !json_is_integer(a) ||
        !json_is_integer(b) ||
        (json_integer_value(a) == -1 && json_integer_value(b) == -1 ? 0 : json_integer_value(a) < 0) ||
        json_integer_value(b) < json_integer_value(a) || json_integer_value(b) > INT_MAX) {
        bad(rd, "%s \"span\" is not [start, end] byte offsets", what);
        return;
    }
    *start = (int)json_integer_value(a);
    *end = (int)json_integer_value(b);
}

/* An actor object; need: the code is required (source, target). */
static void read_actor(reading *rd, const char *what, json_t *obj, dyad_actor *a, int need)
{
    memset(a, 0, sizeof *a);
    a->code = a->sector = a->text = "";
    a->start = a->end = -1;
    if (!json_is_object(obj)) {
        if (need)
            bad(rd, "an event needs source and target codes");
        else if (obj && !json_is_null(obj))
            bad(rd, "\"%s\" is not an object", what);
        return;
    }
    a->code = str(rd, obj, "code");
    if (need && !*a->code)
        bad(rd, "an event needs source and target codes");
    else if (*a->code && !valid_code(a->code))
        bad(rd, "%s code \"%.20s\" is not a code (at most 63 printable characters)", what,
            a->code);
    country(rd, what, str(rd, obj, "country"), a->country);
    a->sector = str(rd, obj, "sector");
    a->text = str(rd, obj, "text");
    span(rd, what, obj, &a->start, &a->end);
}

static void read_location(reading *rd, json_t *obj, dyad_location *l)
{
    memset(l, 0, sizeof *l);
    l->name = "";
    l->start = l->end = -1;
    if (!json_is_object(obj)) {
        if (obj && !json_is_null(obj))
            bad(rd, "\"location\" is not an object");
        return;
    }
    l->name = str(rd, obj, "name");
    country(rd, "location", str(rd, obj, "country"), l->country);
    json_t *lat = json_object_get(obj, "lat"), *lon = json_object_get(obj, "lon");
    if (json_is_number(lat) && json_is_number(lon)) {
        l->has_coords = 1;
        l->lat = json_number_value(lat);
        l->lon = json_number_value(lon);
        if (!(l->lat >= -90 && l->lat <= 90 && l->lon >= -180 && l->lon <= 180))
            bad(rd, "location \"lat\"/\"lon\" out of range");
    } else if ((lat && !json_is_null(lat)) || (lon && !json_is_null(lon)))
        bad(rd, "location \"lat\" and \"lon\" are not both numbers");
    span(rd, "location", obj, &l->start, &l->end);
}

/* s is one of the NULL-terminated words (or "", when empty_ok). */
static int one_of(const char *s, const char *const *words, int empty_ok)
{
    if (!*s)
        return empty_ok;
    for (; *words; words++)
        if (!strcmp(s, *words))
            return 1;
    return 0;
}

static const char *const modalities[] = {"asserted", "negated", "planned", "hypothetical", NULL};
static const char *const bases[] = {"text", "document", "unknown", NULL};
static const char *const precisions[] = {"day", "week", "month", "season", "year", NULL};

/* "date": absent, null or "" (undated), or a real date in DY_DOC_DATE_RANGE. */
static void read_date(reading *rd, json_t *root, char out[11])
{
    json_t *v = json_object_get(root, "date");
    dy_date d;
    out[0] = '\0';
    if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
        return;
    int rc = json_is_string(v) ? dy_date_parse_doc(json_string_value(v), &d) : -1;
    if (rc == -2)
        bad(rd, "\"date\" %s is outside the dates accepted (" DY_DOC_DATE_RANGE ")",
            json_string_value(v));
    else if (rc)
        bad(rd, "\"date\" is not a date YYYY-MM-DD");
    else
        dy_date_format(d, out);
}

static void read_fields(reading *rd, json_t *root, dyad_event *ev, const dy_cameo_info **info)
{
    json_t *docv = json_object_get(root, "doc"), *sent = json_object_get(root, "sentence");
    ev->doc = str(rd, root, "doc");
    if (!json_is_string(docv) || !*ev->doc)
        bad(rd, "no \"doc\"");
    ev->cameo = str(rd, root, "cameo");
    if (!(*info = dy_cameo_lookup(ev->cameo)))
        bad(rd, "no valid \"cameo\" code");
    read_date(rd, root, ev->date);
    if (!json_is_integer(sent))
        bad(rd, "no \"sentence\" number");
    else if (json_integer_value(sent) < 1 || json_integer_value(sent) > INT_MAX)
        bad(rd, "\"sentence\" %" JSON_INTEGER_FORMAT " is not a sentence number (1 to %d)",
            json_integer_value(sent), INT_MAX);
    else
        ev->sentence = (int)json_integer_value(sent);
    read_actor(rd, "source", json_object_get(root, "source"), &ev->source, 1);
    read_actor(rd, "target", json_object_get(root, "target"), &ev->target, 1);
    read_actor(rd, "attribution", json_object_get(root, "attribution"), &ev->attribution, 0);
    read_location(rd, json_object_get(root, "location"), &ev->location);
    json_t *g = json_object_get(root, "goldstein");
    if (g && !json_is_null(g) &&
        (!json_is_number(g) || !(json_number_value(g) >= -10 && json_number_value(g) <= 10)))
        bad(rd, "\"goldstein\" is not a number from -10 to 10");
    ev->goldstein = json_is_number(g) ? json_number_value(g) : dy_cameo_goldstein(ev->cameo, NULL);
    ev->modality = str(rd, root, "modality");
    if (!one_of(ev->modality, modalities, 1))
        bad(rd, "\"modality\" \"%.20s\" is not asserted, negated, planned or hypothetical",
            ev->modality);
    if (!*ev->modality)
        ev->modality = "asserted";
    ev->date_basis = str(rd, root, "date_basis");
    if (!one_of(ev->date_basis, bases, 1))
        bad(rd, "\"date_basis\" \"%.20s\" is not text, document or unknown", ev->date_basis);
    ev->date_precision = str(rd, root, "date_precision");
    if (!one_of(ev->date_precision, precisions, 1))
        bad(rd, "\"date_precision\" \"%.20s\" is not day, week, month, season or year",
            ev->date_precision);
    ev->text = str(rd, root, "text");
    ev->pattern = str(rd, root, "pattern");
    ev->issues = str(rd, root, "issues");
    json_t *verb = json_object_get(root, "verb");
    ev->verb = json_is_object(verb) ? str(rd, verb, "text") : "";
    ev->verb_start = ev->verb_end = -1;
    if (json_is_object(verb))
        span(rd, "verb", verb, &ev->verb_start, &ev->verb_end);
    else if (verb && !json_is_null(verb))
        bad(rd, "\"verb\" is not an object");
    json_t *pl = json_object_get(root, "plover");
    ev->plover_event = json_is_object(pl) ? str(rd, pl, "event") : "";
    ev->plover_mode = json_is_object(pl) ? str(rd, pl, "mode") : "";
    ev->plover_context = json_is_object(pl) ? str(rd, pl, "context") : "";
    if (pl && !json_is_null(pl) && !json_is_object(pl))
        bad(rd, "\"plover\" is not an object");
}

int dy_event_from_json(const char *line, size_t len, dyad_event *ev, dy_event_json **holder,
                       char *err, size_t errlen)
{
    json_error_t je;
    *holder = NULL;
    json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(err, errlen, "not JSON: %s (column %d)", je.text, je.column);
        return -1;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        snprintf(err, errlen, "not a JSON object");
        return -1;
    }
    memset(ev, 0, sizeof *ev);
    reading rd = {NULL, ""};
    const dy_cameo_info *info = NULL;
    read_fields(&rd, root, ev, &info);
    if (rd.why) {
        snprintf(err, errlen, "%s", rd.why);
        json_decref(root);
        return -1;
    }
    snprintf(ev->root, sizeof ev->root, "%.2s", ev->cameo);
    ev->quad = info->quad ? info->quad : dy_cameo_quad(ev->cameo);
    struct dy_event_json *h = malloc(sizeof *h);
    if (!h) {
        json_decref(root);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    h->root = root;
    *holder = h;
    return 0;
}

void dy_event_json_free(dy_event_json *holder)
{
    if (!holder)
        return;
    json_decref(holder->root);
    free(holder);
}
