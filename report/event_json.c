/* report/event_json.c - dyad's JSON event record back into a dyad_event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "code/cameo.h"
#include "report/event_json.h"

struct dy_event_json {
    json_t *root;
};

static const char *str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void copy_code(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

static int span(json_t *obj, int *start, int *end)
{
    json_t *s = json_object_get(obj, "span");
    *start = *end = -1;
    if (json_is_array(s) && json_array_size(s) == 2) {
        *start = (int)json_integer_value(json_array_get(s, 0));
        *end = (int)json_integer_value(json_array_get(s, 1));
    }
    return 0;
}

static void read_actor(json_t *obj, dyad_actor *a)
{
    memset(a, 0, sizeof *a);
    a->code = a->sector = a->text = "";
    a->start = a->end = -1;
    if (!json_is_object(obj))
        return;
    a->code = str(obj, "code");
    copy_code(a->country, sizeof a->country, str(obj, "country"));
    a->sector = str(obj, "sector");
    a->text = str(obj, "text");
    span(obj, &a->start, &a->end);
}

static void read_location(json_t *obj, dyad_location *l)
{
    memset(l, 0, sizeof *l);
    l->name = "";
    l->start = l->end = -1;
    if (!json_is_object(obj))
        return;
    l->name = str(obj, "name");
    copy_code(l->country, sizeof l->country, str(obj, "country"));
    json_t *lat = json_object_get(obj, "lat"), *lon = json_object_get(obj, "lon");
    if (json_is_number(lat) && json_is_number(lon)) {
        l->has_coords = 1;
        l->lat = json_number_value(lat);
        l->lon = json_number_value(lon);
    }
    span(obj, &l->start, &l->end);
}

static int valid_date(const char *d)
{
    if (!*d)
        return 1;
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return 0;
    return 1;
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
    ev->doc = str(root, "doc");
    ev->cameo = str(root, "cameo");
    const char *date = str(root, "date");
    json_t *sent = json_object_get(root, "sentence");
    const dy_cameo_info *info = dy_cameo_lookup(ev->cameo);
    const char *why = !*ev->doc             ? "no \"doc\""
                      : !info               ? "no valid \"cameo\" code"
                      : !valid_date(date)   ? "\"date\" is not YYYY-MM-DD"
                      : !json_is_integer(sent) ? "no \"sentence\" number"
                                              : NULL;
    if (why) {
        json_decref(root);
        snprintf(err, errlen, "%s", why);
        return -1;
    }
    copy_code(ev->date, sizeof ev->date, date);
    ev->sentence = (int)json_integer_value(sent);
    read_actor(json_object_get(root, "source"), &ev->source);
    read_actor(json_object_get(root, "target"), &ev->target);
    if (!*ev->source.code || !*ev->target.code) {
        json_decref(root);
        snprintf(err, errlen, "an event needs source and target codes");
        return -1;
    }
    read_actor(json_object_get(root, "attribution"), &ev->attribution);
    read_location(json_object_get(root, "location"), &ev->location);
    snprintf(ev->root, sizeof ev->root, "%.2s", ev->cameo);
    ev->quad = info->quad ? info->quad : dy_cameo_quad(ev->cameo);
    json_t *g = json_object_get(root, "goldstein");
    ev->goldstein = json_is_number(g) ? json_number_value(g) : dy_cameo_goldstein(ev->cameo, NULL);
    ev->modality = *str(root, "modality") ? str(root, "modality") : "asserted";
    ev->text = str(root, "text");
    ev->pattern = str(root, "pattern");
    ev->issues = str(root, "issues");
    ev->date_precision = str(root, "date_precision");
    ev->date_basis = str(root, "date_basis");
    json_t *verb = json_object_get(root, "verb");
    ev->verb = json_is_object(verb) ? str(verb, "text") : "";
    ev->verb_start = ev->verb_end = -1;
    if (json_is_object(verb))
        span(verb, &ev->verb_start, &ev->verb_end);
    json_t *pl = json_object_get(root, "plover");
    ev->plover_event = json_is_object(pl) ? str(pl, "event") : "";
    ev->plover_mode = json_is_object(pl) ? str(pl, "mode") : "";
    ev->plover_context = json_is_object(pl) ? str(pl, "context") : "";
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
