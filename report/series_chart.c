/* report/series_chart.c - dy_series -> dy_chart. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/chart.h"
#include "report/series_chart.h"

enum { NQUADS = 4 };

/* What to do with the chart once it is built: write it to a file, or keep
 * its SVG text. */
typedef struct chart_out {
    const char *path; /* NULL: keep the SVG in svg */
    char *svg;
    int width, height;
} chart_out;

static int draw(const dy_series *sr, const char *title, const char *subtitle,
                const char *period, chart_out *out, char *err, size_t errlen)
{
    int n = sr->n;
    size_t cells = (size_t)(n ? n : 1);
    double *values = calloc(cells * (NQUADS + 1), sizeof *values);
    const char **labels = calloc(cells, sizeof *labels);
    if (!values || !labels) {
        free(values);
        free(labels);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    double *mean = values + cells * NQUADS;
    for (int i = 0; i < n; i++) {
        const dy_series_point *p = &sr->points[i];
        labels[i] = p->period;
        for (int q = 0; q < NQUADS; q++)
            values[cells * (size_t)q + (size_t)i] = (double)p->quad[q + 1];
        /* No events, no mean: a gap in the line rather than a false zero. */
        mean[i] = p->events ? dy_series_mean(p) : NAN;
    }
    static const char *const names[NQUADS] = {"verbal cooperation", "material cooperation",
                                              "verbal conflict", "material conflict"};
    static const char *const colors[NQUADS] = {DY_CHART_VERBAL_COOP, DY_CHART_MATERIAL_COOP,
                                               DY_CHART_VERBAL_CONFLICT,
                                               DY_CHART_MATERIAL_CONFLICT};
    dy_chart_series quads[NQUADS];
    for (int q = 0; q < NQUADS; q++)
        quads[q] = (dy_chart_series){names[q], values + cells * (size_t)q, colors[q]};
    dy_chart_series goldstein = {"Goldstein mean", mean, "#333333"};
    dy_chart_panel panels[2] = {
        {DY_CHART_STACKED_BARS, "events", quads, NQUADS, 2.0},
        {DY_CHART_LINES, "Goldstein mean", &goldstein, 1, 1.0},
    };
    dy_chart c = {.title = title ? title : "Events by quad class",
                  .subtitle = subtitle,
                  .x_label = period,
                  .periods = labels,
                  .nperiods = n,
                  .panels = panels,
                  .npanels = 2,
                  .width = out->width,
                  .height = out->height};
    int rc = 0;
    if (out->path) {
        rc = dy_chart_write(&c, out->path, err, errlen);
    } else if (dy_chart_check(&c, err, errlen) || !(out->svg = dy_chart_svg(&c))) {
        if (!err[0])
            snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    free(values);
    free(labels);
    return rc;
}

int dy_series_chart(const dy_series *sr, const char *title, const char *subtitle,
                    const char *period, const char *path, char *err, size_t errlen)
{
    chart_out out = {.path = path};
    return draw(sr, title, subtitle, period, &out, err, errlen);
}

char *dy_series_chart_svg(const dy_series *sr, const char *title, const char *subtitle,
                          const char *period, int width, int height, char *err, size_t errlen)
{
    chart_out out = {.width = width, .height = height};
    if (errlen)
        err[0] = '\0';
    return draw(sr, title, subtitle, period, &out, err, errlen) ? NULL : out.svg;
}
