/* report/stored.c - writers for stored events. Every writer takes a
 * dy_stored_event and appends one line; strings are escaped for the format
 * (JSON, CSV quoting, tabs and newlines removed from tab-separated fields). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/cameo.h"
#include "dyad.h"
#include "report/stored.h"

int dy_stored_format_parse(const char *name, int *format)
{
    static const char *const names[] = {"table", "csv", "jsonl", "gdelt", "icews", "plover"};
    for (int i = 0; i < 6; i++)
        if (!strcmp(name, names[i])) {
            *format = i;
            return 0;
        }
    if (!strcmp(name, "json")) {
        *format = DY_OUT_JSONL;
        return 0;
    }
    return -1;
}

static const char *cameo_name(const char *code)
{
    const dy_cameo_info *c = dy_cameo_lookup(code);
    return c ? c->name : "";
}

/* ---- JSON ------------------------------------------------------------------ */

static void jstr(dy_buf *b, const char *key, const char *v, int comma)
{
    dy_buf_printf(b, "%s\"%s\":\"", comma ? "," : "", key);
    dy_buf_json_escape(b, v ? v : "", v ? strlen(v) : 0);
    dy_buf_putc(b, '"');
}

static void json_actor(dy_buf *b, const char *key, const dy_stored_actor *a)
{
    dy_buf_printf(b, ",\"%s\":{", key);
    jstr(b, "code", a->code, 0);
    jstr(b, "country", a->country, 1);
    jstr(b, "sector", a->sector, 1);
    jstr(b, "text", a->text, 1);
    dy_buf_putc(b, '}');
}

static void json_place(dy_buf *b, const char *key, const dy_stored_event *e)
{
    if (!e->place[0] && !e->place_country[0]) {
        dy_buf_printf(b, ",\"%s\":null", key);
        return;
    }
    dy_buf_printf(b, ",\"%s\":{", key);
    jstr(b, "name", e->place, 0);
    jstr(b, "country", e->place_country, 1);
    if (e->has_coords)
        dy_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f", e->lat, e->lon);
    dy_buf_putc(b, '}');
}

static void row_jsonl(dy_buf *b, const dy_stored_event *e)
{
    dy_buf_printf(b, "{\"id\":%ld", e->id);
    jstr(b, "date", e->date, 1);
    jstr(b, "date_precision", e->date_precision, 1);
    json_actor(b, "source", &e->source);
    json_actor(b, "target", &e->target);
    jstr(b, "cameo", e->cameo, 1);
    jstr(b, "label", cameo_name(e->cameo), 1);
    jstr(b, "root", e->root, 1);
    dy_buf_printf(b, ",\"quad\":%d,\"goldstein\":%.1f", e->quad, e->goldstein);
    jstr(b, "modality", e->modality, 1);
    jstr(b, "plover_event", e->plover_event, 1);
    jstr(b, "plover_mode", e->plover_mode, 1);
    jstr(b, "plover_context", e->plover_context, 1);
    json_place(b, "location", e);
    dy_buf_printf(b, ",\"mentions\":%ld,\"documents\":%ld", e->mentions, e->documents);
    jstr(b, "doc", e->doc, 1);
    dy_buf_printf(b, ",\"sentence\":%d", e->sentence);
    jstr(b, "verb", e->verb, 1);
    jstr(b, "pattern", e->pattern, 1);
    jstr(b, "attribution", e->attribution, 1);
    jstr(b, "text", e->sentence_text, 1);
    dy_buf_puts(b, "}\n");
}

/* PLOVER's record (the PLOVER manual's JSON layout): entities as lists,
 * event, mode and context as lists. */
static void plover_list(dy_buf *b, const char *key, const char *v)
{
    dy_buf_printf(b, ",\"%s\":[", key);
    if (v && *v) {
        dy_buf_putc(b, '"');
        dy_buf_json_escape(b, v, strlen(v));
        dy_buf_putc(b, '"');
    }
    dy_buf_putc(b, ']');
}

static void plover_entity(dy_buf *b, const char *key, const dy_stored_actor *a)
{
    dy_buf_printf(b, ",\"%s\":[{", key);
    jstr(b, "code", a->code, 0);
    jstr(b, "country", a->country, 1);
    jstr(b, "sector", a->sector, 1);
    jstr(b, "text", a->text, 1);
    dy_buf_puts(b, "}]");
}

static void row_plover(dy_buf *b, const dy_stored_event *e)
{
    dy_buf_printf(b, "{\"id\":\"dyad-%ld\"", e->id);
    jstr(b, "date", e->date, 1);
    plover_entity(b, "actor", &e->source);
    plover_entity(b, "recipient", &e->target);
    plover_list(b, "event", e->plover_event);
    plover_list(b, "mode", e->plover_mode);
    plover_list(b, "context", e->plover_context);
    json_place(b, "event_loc", e);
    plover_list(b, "event_text", e->verb);
    dy_buf_printf(b, ",\"quad_code\":%d,\"goldstein\":%.1f", e->quad, e->goldstein);
    jstr(b, "cameo", e->cameo, 1);
    jstr(b, "modality", e->modality, 1);
    dy_buf_printf(b, ",\"num_mentions\":%ld,\"num_documents\":%ld", e->mentions, e->documents);
    jstr(b, "source_doc", e->doc, 1);
    jstr(b, "text", e->sentence_text, 1);
    dy_buf_puts(b, ",\"coder\":\"dyad " DYAD_VERSION "\"}\n");
}

/* ---- tab-separated and CSV -------------------------------------------------- */

/* A tab-separated field: tabs and line breaks would break the row. */
static void tsv(dy_buf *b, const char *v, int last)
{
    for (const char *p = v ? v : ""; *p; p++)
        dy_buf_putc(b, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
    dy_buf_putc(b, last ? '\n' : '\t');
}

static void tsvf(dy_buf *b, const char *fmt, double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, fmt, v);
    tsv(b, tmp, 0);
}

static void csv(dy_buf *b, const char *v, int last)
{
    v = v ? v : "";
    if (strpbrk(v, ",\"\n\r")) {
        dy_buf_putc(b, '"');
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                dy_buf_putc(b, '"');
            dy_buf_putc(b, *p);
        }
        dy_buf_putc(b, '"');
    } else {
        dy_buf_puts(b, v);
    }
    dy_buf_puts(b, last ? "\r\n" : ",");
}

static const char csv_header[] =
    "id,date,source,source_country,source_text,cameo,label,target,target_country,"
    "target_text,quad,goldstein,modality,plover_event,place,place_country,lat,lon,"
    "mentions,documents,doc,sentence,text\r\n";

static void row_csv(dy_buf *b, const dy_stored_event *e)
{
    char num[8][48];
    snprintf(num[0], 48, "%ld", e->id);
    snprintf(num[1], 48, "%d", e->quad);
    snprintf(num[2], 48, "%.1f", e->goldstein);
    num[3][0] = num[4][0] = '\0';
    if (e->has_coords) {
        snprintf(num[3], 48, "%.4f", e->lat);
        snprintf(num[4], 48, "%.4f", e->lon);
    }
    snprintf(num[5], 48, "%ld", e->mentions);
    snprintf(num[6], 48, "%ld", e->documents);
    snprintf(num[7], 48, "%d", e->sentence);
    const char *f[] = {num[0], e->date, e->source.code, e->source.country, e->source.text,
                       e->cameo, cameo_name(e->cameo), e->target.code, e->target.country,
                       e->target.text, num[1], num[2], e->modality, e->plover_event, e->place,
                       e->place_country, num[3], num[4], num[5], num[6], e->doc, num[7],
                       e->sentence_text};
    int n = (int)(sizeof f / sizeof f[0]);
    for (int i = 0; i < n; i++)
        csv(b, f[i], i == n - 1);
}

/* GDELT 2.0's actor block: code, name, country, known group, ethnic,
 * religion 1 and 2, type 1-3. dyad has code, country and one sector. */
static void gdelt_actor(dy_buf *b, const dy_stored_actor *a)
{
    char name[256];
    size_t n = 0;
    for (const char *p = a->text; *p && n + 1 < sizeof name; p++)
        name[n++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
    name[n] = '\0';
    tsv(b, a->code, 0);
    tsv(b, name, 0);
    tsv(b, a->country, 0);
    for (int i = 0; i < 4; i++)
        tsv(b, "", 0);
    tsv(b, a->sector, 0);
    tsv(b, "", 0);
    tsv(b, "", 0);
}

/* A geography block: type, full name, country, ADM1, ADM2, lat, long,
 * feature id. Type 1 is a country, 4 a city (GDELT's codes). */
static void gdelt_geo(dy_buf *b, const dy_stored_event *e)
{
    int known = e->place[0] || e->place_country[0];
    tsv(b, !known ? "0" : e->place[0] ? "4" : "1", 0);
    tsv(b, e->place[0] ? e->place : e->place_country, 0);
    tsv(b, e->place_country, 0);
    tsv(b, "", 0);
    tsv(b, "", 0);
    if (e->has_coords) {
        tsvf(b, "%.4f", e->lat);
        tsvf(b, "%.4f", e->lon);
    } else {
        tsv(b, "", 0);
        tsv(b, "", 0);
    }
    tsv(b, "", 0);
}

static long day_of_year(const char *date)
{
    static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int y, m, d;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return before[m - 1] + d + (leap && m > 2);
}

static void row_gdelt(dy_buf *b, const dy_stored_event *e)
{
    char day[9] = "", month[7] = "", year[5] = "", frac[16] = "", added[15] = "";
    if (strlen(e->date) == 10) {
        snprintf(day, sizeof day, "%.4s%.2s%.2s", e->date, e->date + 5, e->date + 8);
        snprintf(month, sizeof month, "%.6s", day);
        snprintf(year, sizeof year, "%.4s", day);
        snprintf(frac, sizeof frac, "%.4f", atoi(year) + day_of_year(e->date) / 365.0);
        snprintf(added, sizeof added, "%s000000", day);
    }
    dy_buf_printf(b, "%ld\t", e->id);
    tsv(b, day, 0);
    tsv(b, month, 0);
    tsv(b, year, 0);
    tsv(b, frac, 0);
    gdelt_actor(b, &e->source);
    gdelt_actor(b, &e->target);
    char base[4], root[3];
    snprintf(base, sizeof base, "%.3s", e->cameo);
    snprintf(root, sizeof root, "%.2s", e->cameo);
    dy_buf_printf(b, "%d\t", e->sentence == 1); /* IsRootEvent: the lead sentence */
    tsv(b, e->cameo, 0);
    tsv(b, base, 0);
    tsv(b, root, 0);
    dy_buf_printf(b, "%d\t%.1f\t%ld\t%ld\t%ld\t\t", e->quad, e->goldstein, e->mentions,
                  e->documents, e->documents); /* AvgTone: dyad measures no tone */
    gdelt_geo(b, e); /* Actor1Geo: the event's place, as GDELT does when it has one */
    gdelt_geo(b, e);
    gdelt_geo(b, e);
    tsv(b, added, 0);
    tsv(b, e->origin[0] ? e->origin : e->doc, 1);
}

static const char icews_header[] =
    "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
    "CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\t"
    "Sentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\n";

static void row_icews(dy_buf *b, const dy_stored_event *e)
{
    dy_buf_printf(b, "%ld\t", e->id);
    tsv(b, e->date, 0);
    tsv(b, e->source.text[0] ? e->source.text : e->source.code, 0);
    tsv(b, e->source.sector, 0);
    tsv(b, e->source.country, 0);
    tsv(b, cameo_name(e->cameo), 0);
    tsv(b, e->cameo, 0);
    tsvf(b, "%.1f", e->goldstein);
    tsv(b, e->target.text[0] ? e->target.text : e->target.code, 0);
    tsv(b, e->target.sector, 0);
    tsv(b, e->target.country, 0);
    tsv(b, e->doc, 0);
    dy_buf_printf(b, "%d\t", e->sentence);
    tsv(b, e->origin, 0);
    tsv(b, e->place, 0);
    tsv(b, "", 0);
    tsv(b, "", 0);
    tsv(b, e->place_country, 0);
    if (e->has_coords) {
        tsvf(b, "%.4f", e->lat);
        char lon[32];
        snprintf(lon, sizeof lon, "%.4f", e->lon);
        tsv(b, lon, 1);
    } else {
        tsv(b, "", 0);
        tsv(b, "", 1);
    }
}

/* ---- terminal table ----------------------------------------------------------- */

/* Appends v cut or padded to width display columns (UTF-8 aware). */
static void cell(dy_buf *b, const char *v, int width)
{
    int cols = 0;
    const char *p = v ? v : "";
    while (*p && cols < width) {
        int len = 1;
        unsigned char c = (unsigned char)*p;
        if (c >= 0xF0)
            len = 4;
        else if (c >= 0xE0)
            len = 3;
        else if (c >= 0xC0)
            len = 2;
        int k = 0;
        while (k < len && p[k])
            k++;
        dy_buf_append(b, p, (size_t)k);
        p += k;
        cols++;
    }
    for (; cols < width; cols++)
        dy_buf_putc(b, ' ');
    dy_buf_putc(b, ' ');
}

static void row_table(dy_buf *b, const dy_stored_event *e)
{
    char id[24], code[64], n[24];
    snprintf(id, sizeof id, "%ld", e->id);
    snprintf(code, sizeof code, "%s %s", e->cameo, cameo_name(e->cameo));
    snprintf(n, sizeof n, "%ld", e->mentions);
    cell(b, id, 6);
    cell(b, e->date[0] ? e->date : "-", 10);
    cell(b, e->source.code, 10);
    cell(b, code, 34);
    cell(b, e->target.code, 10);
    cell(b, e->place[0] ? e->place : e->place_country, 14);
    cell(b, n, 3);
    cell(b, e->sentence_text, 60);
    b->len--; /* no trailing blank */
    dy_buf_putc(b, '\n');
}

void dy_stored_header(dy_buf *b, int format)
{
    if (format == DY_OUT_CSV) {
        dy_buf_puts(b, csv_header);
    } else if (format == DY_OUT_ICEWS) {
        dy_buf_puts(b, icews_header);
    } else if (format == DY_OUT_TABLE) {
        static const char *const h[] = {"id", "date", "source", "event", "target",
                                        "place", "n", "sentence"};
        static const int w[] = {6, 10, 10, 34, 10, 14, 3, 8};
        for (int i = 0; i < 8; i++)
            cell(b, h[i], w[i]);
        b->len--;
        dy_buf_putc(b, '\n');
    }
}

void dy_stored_row(dy_buf *b, int format, const dy_stored_event *e)
{
    switch (format) {
    case DY_OUT_CSV:
        row_csv(b, e);
        break;
    case DY_OUT_JSONL:
        row_jsonl(b, e);
        break;
    case DY_OUT_GDELT:
        row_gdelt(b, e);
        break;
    case DY_OUT_ICEWS:
        row_icews(b, e);
        break;
    case DY_OUT_PLOVER:
        row_plover(b, e);
        break;
    default:
        row_table(b, e);
    }
}
