/* tests/test_chart.c - charts as SVG (read back with GLib's XML parser) and PNG. */
#include "testutil.h"

#include <glib.h>
#include <math.h>
#include <unistd.h>

#include "report/chart.h"

/* ---- reading the SVG back -------------------------------------------- */

#define MAXMARKS 4096
#define MAXDEPTH 64

typedef struct mark {
    int series;        /* index of the series group holding it */
    char period[32];
    double value;      /* NAN for "NaN" */
} mark;

typedef struct parsed {
    char title[256];
    int nseries, nmarks, zero_lines, no_data, ylabels, nxlabels;
    char series_names[64][64];
    mark marks[MAXMARKS];
    double xlabel_x[1024];
    char xlabels[1024][32];
    char yticks[64][32];
    /* open elements: their names and classes */
    int depth;
    char names[MAXDEPTH][16], classes[MAXDEPTH][32];
    double text_x;
} parsed;

static const char *attr(const char **names, const char **values, const char *key)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(names[i], key))
            return values[i];
    return NULL;
}

static int inside(const parsed *p, const char *cls)
{
    for (int d = 0; d < p->depth; d++)
        if (!strcmp(p->classes[d], cls))
            return 1;
    return 0;
}

static void note_mark(parsed *p, const char **an, const char **av)
{
    const char *period = attr(an, av, "data-period"), *value = attr(an, av, "data-value");
    assert_non_null(value);
    assert_true(p->nmarks < MAXMARKS);
    mark *m = &p->marks[p->nmarks++];
    m->series = p->nseries - 1;
    snprintf(m->period, sizeof m->period, "%s", period);
    m->value = !strcmp(value, "NaN") ? NAN : strtod(value, NULL);
}

static void on_start(GMarkupParseContext *ctx, const char *name, const char **an,
                     const char **av, gpointer data, GError **gerr)
{
    (void)ctx;
    (void)gerr;
    parsed *p = data;
    const char *cls = attr(an, av, "class");
    assert_true(p->depth < MAXDEPTH);
    snprintf(p->names[p->depth], sizeof p->names[0], "%s", name);
    snprintf(p->classes[p->depth], sizeof p->classes[0], "%s", cls ? cls : "");
    p->depth++;
    if (cls && !strcmp(cls, "series")) {
        snprintf(p->series_names[p->nseries], sizeof p->series_names[0], "%s",
                 attr(an, av, "data-name"));
        p->nseries++;
    }
    if (attr(an, av, "data-period"))
        note_mark(p, an, av);
    if (cls && !strcmp(cls, "zero"))
        p->zero_lines++;
    if (cls && !strcmp(cls, "no-data"))
        p->no_data++;
    if (!strcmp(name, "text"))
        p->text_x = strtod(attr(an, av, "x"), NULL);
}

static void on_end(GMarkupParseContext *ctx, const char *name, gpointer data, GError **gerr)
{
    (void)ctx;
    (void)name;
    (void)gerr;
    ((parsed *)data)->depth--;
}

static void on_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data,
                    GError **gerr)
{
    (void)ctx;
    (void)gerr;
    parsed *p = data;
    const char *el = p->depth > 0 ? p->names[p->depth - 1] : "";
    int n = len > 200 ? 200 : (int)len;
    if (p->depth == 2 && !strcmp(el, "title"))
        snprintf(p->title, sizeof p->title, "%.*s", n, text);
    if (!strcmp(el, "text") && inside(p, "axis x") && !p->classes[p->depth - 1][0]) {
        assert_true(p->nxlabels < 1024);
        p->xlabel_x[p->nxlabels] = p->text_x;
        snprintf(p->xlabels[p->nxlabels++], sizeof p->xlabels[0], "%.*s", n, text);
    }
    if (!strcmp(el, "text") && inside(p, "axis y") && p->ylabels < 64 && len > 0 &&
        !p->classes[p->depth - 1][0])
        snprintf(p->yticks[p->ylabels++], sizeof p->yticks[0], "%.*s", n, text);
}

/* Parses svg (failing the test when it is not well-formed XML). */
static parsed *parse_svg(const char *svg)
{
    GMarkupParser parser = {on_start, on_end, on_text, NULL, NULL};
    parsed *p = calloc(1, sizeof *p);
    assert_non_null(p);
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, p, NULL);
    GError *gerr = NULL;
    gboolean ok = g_markup_parse_context_parse(ctx, svg, -1, &gerr) &&
                  g_markup_parse_context_end_parse(ctx, &gerr);
    if (!ok) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        g_markup_parse_context_free(ctx);
        fail_msg("SVG is not well-formed: %s", msg);
    }
    g_markup_parse_context_free(ctx);
    return p;
}

/* ---- charts to test -------------------------------------------------- */

#define NP 500

typedef struct fixture {
    char labels[NP][16];
    const char *periods[NP];
    double a[NP], b[NP], line[NP];
    dy_chart_series bars[2], lines[1];
    dy_chart_panel panels[2];
    dy_chart chart;
} fixture;

static fixture *make_fixture(int n)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    for (int i = 0; i < n; i++) {
        snprintf(f->labels[i], sizeof f->labels[i], "%04d-%02d", 2000 + i / 12, i % 12 + 1);
        f->periods[i] = f->labels[i];
        f->a[i] = i % 7;
        f->b[i] = 10 + i % 3;
        f->line[i] = (i % 5) - 2.5;
    }
    f->bars[0] = (dy_chart_series){"verbal cooperation", f->a, NULL};
    f->bars[1] = (dy_chart_series){"material conflict", f->b, "#b2182b"};
    f->lines[0] = (dy_chart_series){"Goldstein mean", f->line, NULL};
    f->panels[0] = (dy_chart_panel){DY_CHART_STACKED_BARS, "events", f->bars, 2, 2};
    f->panels[1] = (dy_chart_panel){DY_CHART_LINES, "Goldstein", f->lines, 1, 1};
    f->chart = (dy_chart){.title = "Relations", .subtitle = "test", .x_label = "month",
                          .periods = f->periods, .nperiods = n, .panels = f->panels,
                          .npanels = 2};
    return f;
}

static parsed *draw_and_parse(const dy_chart *c)
{
    char *svg = dy_chart_svg(c);
    assert_non_null(svg);
    parsed *p = parse_svg(svg);
    free(svg);
    return p;
}

/* ---- tests ----------------------------------------------------------- */

static void every_series_has_one_mark_per_period(void **state)
{
    (void)state;
    fixture *f = make_fixture(24);
    parsed *p = draw_and_parse(&f->chart);
    assert_string_equal(p->title, "Relations");
    assert_int_equal(p->nseries, 3);
    assert_string_equal(p->series_names[0], "verbal cooperation");
    assert_string_equal(p->series_names[2], "Goldstein mean");
    assert_int_equal(p->nmarks, 3 * 24);
    const double *want[3] = {f->a, f->b, f->line};
    for (int k = 0; k < p->nmarks; k++) {
        const mark *m = &p->marks[k];
        assert_int_equal(m->series, k / 24);
        assert_string_equal(m->period, f->periods[k % 24]);
        assert_true(m->value == want[k / 24][k % 24]);
    }
    assert_int_equal(p->zero_lines, 1); /* the line panel goes negative */
    free(p);
    free(f);
}

static void title_and_labels_are_escaped(void **state)
{
    (void)state;
    fixture *f = make_fixture(3);
    f->chart.title = "<script>alert(\"x & y\")</script> 'q'";
    f->bars[0].name = "a<b>&c";
    f->labels[1][0] = '<';
    char *svg = dy_chart_svg(&f->chart);
    assert_non_null(svg);
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "<b>"));
    parsed *p = parse_svg(svg);
    assert_string_equal(p->title, f->chart.title);
    assert_string_equal(p->series_names[0], "a<b>&c");
    assert_string_equal(p->marks[1].period, f->labels[1]);
    free(p);
    free(svg);
    free(f);
}

static void invalid_utf8_and_controls_stay_well_formed(void **state)
{
    (void)state;
    fixture *f = make_fixture(2);
    f->chart.title = "bad \xff\xfe bytes \x01 and \xc3";
    f->chart.subtitle = "\xef\xbf\xbf"; /* U+FFFF is not an XML character */
    parsed *p = draw_and_parse(&f->chart);
    assert_non_null(strstr(p->title, "\xef\xbf\xbd"));
    assert_null(strchr(p->title, '\x01'));
    free(p);
    free(f);
}

static void nan_and_inf_are_gaps(void **state)
{
    (void)state;
    fixture *f = make_fixture(6);
    f->a[1] = NAN;
    f->b[2] = INFINITY;
    f->line[3] = -INFINITY;
    f->line[4] = NAN;
    char *svg = dy_chart_svg(&f->chart);
    assert_non_null(svg);
    /* no "nan"/"inf" leaked into coordinates */
    assert_null(strstr(svg, "nan"));
    assert_null(strstr(svg, "inf"));
    parsed *p = parse_svg(svg);
    assert_int_equal(p->nmarks, 3 * 6);
    assert_true(isnan(p->marks[1].value));
    assert_true(isnan(p->marks[6 + 2].value));
    assert_true(isnan(p->marks[12 + 3].value));
    assert_true(p->marks[12 + 5].value == f->line[5]);
    free(p);
    free(svg);
    free(f);
}

/* Values a denormal apart: the tick step is so small that its decimals
 * would overflow an int (UBSan found it through fuzz_chart). */
static void tiny_steps_draw(void **state)
{
    (void)state;
    fixture *f = make_fixture(3);
    f->a[0] = 0;
    f->a[1] = 5e-324;
    f->a[2] = 1e-300;
    f->line[0] = -1e-310;
    char *svg = dy_chart_svg(&f->chart);
    assert_non_null(svg);
    assert_null(strstr(svg, "nan"));
    free(svg);
    free(f);
}

static void single_period_and_empty_charts_draw(void **state)
{
    (void)state;
    fixture *f = make_fixture(1);
    parsed *p = draw_and_parse(&f->chart);
    assert_int_equal(p->nmarks, 3);
    assert_int_equal(p->nxlabels, 1);
    free(p);
    /* all-zero values, a panel without series, no periods at all */
    memset(f->a, 0, sizeof f->a);
    memset(f->b, 0, sizeof f->b);
    f->panels[1].nseries = 0;
    p = draw_and_parse(&f->chart);
    assert_int_equal(p->nseries, 2);
    assert_int_equal(p->zero_lines, 0);
    free(p);
    f->chart.nperiods = 0;
    p = draw_and_parse(&f->chart);
    assert_int_equal(p->nmarks, 0);
    assert_int_equal(p->no_data, 1);
    free(p);
    free(f);
}

static void many_periods_get_thinned_labels(void **state)
{
    (void)state;
    fixture *f = make_fixture(NP);
    parsed *p = draw_and_parse(&f->chart);
    assert_int_equal(p->nmarks, 3 * NP);
    assert_true(p->nxlabels >= 4 && p->nxlabels <= 20);
    /* 7 characters at 12px need ~55px; labels must be further apart */
    for (int i = 1; i < p->nxlabels; i++)
        assert_true(p->xlabel_x[i] - p->xlabel_x[i - 1] >= 60);
    /* labels fall on Januaries, shown as years: 2000, 2002, ... */
    for (int i = 0; i < p->nxlabels; i++) {
        char want[8];
        snprintf(want, sizeof want, "%d", atoi(p->xlabels[0]) + i * (atoi(p->xlabels[1]) -
                                                                     atoi(p->xlabels[0])));
        assert_string_equal(p->xlabels[i], want);
    }
    assert_int_equal(atoi(p->xlabels[0]), 2000);
    assert_true(atoi(p->xlabels[1]) > 2000);
    free(p);
    free(f);
}

/* years label on round years; quarters and weeks thin to whole years */
static void period_kinds_thin_to_round_periods(void **state)
{
    (void)state;
    fixture *f = make_fixture(NP);
    f->chart.width = 600;
    for (int i = 0; i < 120; i++)
        snprintf(f->labels[i], sizeof f->labels[i], "%d", 1903 + i);
    f->chart.nperiods = 120;
    parsed *p = draw_and_parse(&f->chart);
    assert_true(p->nxlabels >= 3);
    for (int i = 0; i < p->nxlabels; i++)
        assert_int_equal(atoi(p->xlabels[i]) % 10, 0);
    free(p);
    for (int i = 0; i < 160; i++)
        snprintf(f->labels[i], sizeof f->labels[i], "%d-Q%d", 1990 + (i + 2) / 4, (i + 2) % 4 + 1);
    f->chart.nperiods = 160;
    p = draw_and_parse(&f->chart);
    assert_true(p->nxlabels >= 3);
    for (int i = 0; i < p->nxlabels; i++) { /* Q1s of round years, shown as years */
        assert_int_equal(strlen(p->xlabels[i]), 4);
        assert_int_equal(atoi(p->xlabels[i]) % 5, 0);
    }
    assert_true(atoi(p->xlabels[0]) >= 1995 && atoi(p->xlabels[0]) <= 2000);
    free(p);
    free(f);
}

static int has_tick(const parsed *p, const char *label)
{
    for (int i = 0; i < p->ylabels; i++)
        if (!strcmp(p->yticks[i], label))
            return 1;
    return 0;
}

static void y_ticks_are_nice_and_whole_for_counts(void **state)
{
    (void)state;
    fixture *f = make_fixture(4);
    f->chart.npanels = 1;
    f->a[0] = 87; /* stack 87 + 10 = 97 -> 0, 20, ..., 100 */
    parsed *p = draw_and_parse(&f->chart);
    assert_true(has_tick(p, "0") && has_tick(p, "20") && has_tick(p, "100"));
    assert_false(has_tick(p, "120"));
    free(p);
    /* counts up to 3: whole-number ticks only */
    for (int i = 0; i < 4; i++)
        f->a[i] = f->b[i] = i % 2;
    p = draw_and_parse(&f->chart);
    for (int i = 0; i < p->ylabels; i++)
        assert_null(strchr(p->yticks[i], '.'));
    assert_true(has_tick(p, "2"));
    free(p);
    /* thousands get separators; negatives a minus sign */
    f->a[0] = 23000;
    f->b[1] = -2000;
    p = draw_and_parse(&f->chart);
    assert_true(has_tick(p, "25,000"));
    assert_true(has_tick(p, "\xe2\x88\x92" "5,000"));
    free(p);
    free(f);
}

static void read_png_header(const char *path, unsigned char hdr[24])
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(hdr, 1, 24, fp), 24);
    fclose(fp);
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static void png_has_signature_and_size(void **state)
{
    (void)state;
    char dir[] = "/tmp/dyad_chart_XXXXXX", path[64], err[256];
    assert_non_null(mkdtemp(dir));
    fixture *f = make_fixture(30);
    f->chart.width = 640;
    f->chart.height = 400;
    snprintf(path, sizeof path, "%s/c.PNG", dir);
    assert_int_equal(dy_chart_write(&f->chart, path, err, sizeof err), 0);
    unsigned char hdr[24];
    read_png_header(path, hdr);
    assert_memory_equal(hdr, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(hdr + 12, "IHDR", 4);
    assert_int_equal(be32(hdr + 16), 640);
    assert_int_equal(be32(hdr + 20), 400);
    unlink(path);
    /* the .svg file is the same document dy_chart_svg returns */
    snprintf(path, sizeof path, "%s/c.svg", dir);
    assert_int_equal(dy_chart_write(&f->chart, path, err, sizeof err), 0);
    char *svg = dy_chart_svg(&f->chart), *file = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(path, &file, &len, NULL));
    assert_string_equal(file, svg);
    g_free(file);
    free(svg);
    unlink(path);
    rmdir(dir);
    free(f);
}

static void errors_are_returned(void **state)
{
    (void)state;
    char err[256] = "";
    fixture *f = make_fixture(5);
    assert_int_equal(dy_chart_write(&f->chart, "/tmp/chart.jpg", err, sizeof err), -1);
    assert_non_null(strstr(err, ".svg or .png"));
    assert_int_equal(dy_chart_write(&f->chart, "/nonexistent-dir/c.svg", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/c.svg"));
    assert_int_equal(dy_chart_write(&f->chart, "/nonexistent-dir/c.png", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/c.png"));
    f->chart.width = 50;
    assert_int_equal(dy_chart_check(&f->chart, err, sizeof err), -1);
    assert_null(dy_chart_svg(&f->chart));
    f->chart.width = 0;
    f->chart.npanels = 0;
    assert_int_equal(dy_chart_check(&f->chart, err, sizeof err), -1);
    f->chart.npanels = 2;
    f->panels[0].kind = 7;
    assert_int_equal(dy_chart_check(&f->chart, err, sizeof err), -1);
    f->panels[0].kind = DY_CHART_STACKED_BARS;
    f->bars[1].y = NULL;
    assert_int_equal(dy_chart_check(&f->chart, err, sizeof err), -1);
    assert_non_null(strstr(err, "no values"));
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_series_has_one_mark_per_period),
        cmocka_unit_test(title_and_labels_are_escaped),
        cmocka_unit_test(invalid_utf8_and_controls_stay_well_formed),
        cmocka_unit_test(nan_and_inf_are_gaps),
        cmocka_unit_test(tiny_steps_draw),
        cmocka_unit_test(single_period_and_empty_charts_draw),
        cmocka_unit_test(many_periods_get_thinned_labels),
        cmocka_unit_test(period_kinds_thin_to_round_periods),
        cmocka_unit_test(y_ticks_are_nice_and_whole_for_counts),
        cmocka_unit_test(png_has_signature_and_size),
        cmocka_unit_test(errors_are_returned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
