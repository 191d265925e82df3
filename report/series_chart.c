/* report/series_chart.c - dy_series -> dy_chart. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/chart.h"
#include "report/series_chart.h"

enum { NQUADS = 4 };

int dy_series_chart(const dy_series *sr, const char *title, const char *subtitle,
                    const char *period, const char *path, char *err, size_t errlen)
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
                  .npanels = 2};
    int rc = dy_chart_write(&c, path, err, errlen);
    free(values);
    free(labels);
    return rc;
}
