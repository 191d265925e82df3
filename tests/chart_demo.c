/* tests/chart_demo.c - writes example charts for tests/e2e/chart.sh and for
 * looking at: chart_demo KIND OUT.svg|OUT.png
 *   quads    24 months of made-up quad-class counts over a Goldstein panel
 *   decade   120 months of the same
 *   many     500 periods
 *   single   one period
 *   edge     NaN gaps, an all-zero series, negative values, a title with markup
 *   three    three panels: quad counts, Goldstein mean, net cooperation as bars
 *   weeks    ISO weeks 2019-W01 .. 2023-W52 (2020 has a week 53)
 *   days     400 days from 2021-03-15
 * An optional third argument WIDTHxHEIGHT sets the size.
 * The numbers are deterministic (no random generator), made up for display. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart.h"

#define MAXP 600

typedef struct demo {
    char labels[MAXP][40]; /* room for any int fields, so snprintf cannot truncate */
    const char *periods[MAXP];
    double quad[4][MAXP], gold_mean[MAXP], net[MAXP];
    dy_chart_series bars[4], lines[2], net_bars[1];
    dy_chart_panel panels[3];
    dy_chart chart;
} demo;

static void month_labels(demo *d, int n, int year, int month)
{
    for (int i = 0; i < n; i++) {
        int m = month - 1 + i;
        snprintf(d->labels[i], sizeof d->labels[i], "%04d-%02d", year + m / 12, m % 12 + 1);
        d->periods[i] = d->labels[i];
    }
}

static void week_labels(demo *d, int *n)
{
    int k = 0;
    for (int year = 2019; year <= 2023; year++)
        for (int w = 1; w <= (year == 2020 ? 53 : 52); w++, k++) {
            snprintf(d->labels[k], sizeof d->labels[k], "%04d-W%02d", year, w);
            d->periods[k] = d->labels[k];
        }
    *n = k;
}

static void day_labels(demo *d, int n, int year, int month, int day)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 0; i < n; i++) {
        snprintf(d->labels[i], sizeof d->labels[i], "%04d-%02d-%02d", year, month, day);
        d->periods[i] = d->labels[i];
        int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        if (++day > mdays[month - 1] + (month == 2 && leap)) {
            day = 1;
            if (++month > 12)
                month = 1, year++;
        }
    }
}

/* made-up counts with a slow cycle, a crisis bump and a little texture */
static void made_up_values(demo *d, int n)
{
    for (int i = 0; i < n; i++) {
        double t = (double)i, crisis = exp(-pow((t - n * 0.6) / (n * 0.06 + 1), 2));
        double wiggle = 0.5 + 0.5 * sin(t * 2.3) * cos(t * 0.7);
        d->quad[0][i] = round(30 + 10 * sin(t / 5) + 8 * wiggle);
        d->quad[1][i] = round(8 + 4 * cos(t / 7) + 3 * wiggle);
        d->quad[2][i] = round(10 + 25 * crisis + 5 * wiggle);
        d->quad[3][i] = round(3 + 18 * crisis + 3 * (1 - wiggle));
        double w[4] = {1.9, 5.2, -2.4, -8.1}, sum = 0, cnt = 0;
        for (int q = 0; q < 4; q++) {
            sum += w[q] * d->quad[q][i];
            cnt += d->quad[q][i];
        }
        d->gold_mean[i] = cnt > 0 ? sum / cnt : NAN;
        d->net[i] = (d->quad[0][i] + d->quad[1][i] - d->quad[2][i] - d->quad[3][i]) / 10;
    }
}

static void assemble(demo *d, int n, const char *title, const char *x_label)
{
    static const char *const names[4] = {"verbal cooperation", "material cooperation",
                                         "verbal conflict", "material conflict"};
    for (int q = 0; q < 4; q++)
        d->bars[q] = (dy_chart_series){names[q], d->quad[q], NULL};
    d->lines[0] = (dy_chart_series){"Goldstein mean", d->gold_mean, NULL};
    d->lines[1] = (dy_chart_series){"net cooperation (x10 events)", d->net, NULL};
    d->panels[0] = (dy_chart_panel){DY_CHART_STACKED_BARS, "events", d->bars, 4, 2};
    d->panels[1] = (dy_chart_panel){DY_CHART_LINES, "Goldstein", d->lines, 2, 1};
    d->chart = (dy_chart){.title = title,
                          .subtitle = "RUS \xe2\x86\x94 BLR, both directions; made-up data",
                          .x_label = x_label, .periods = d->periods, .nperiods = n,
                          .panels = d->panels, .npanels = 2};
}

static void edge_case(demo *d)
{
    int n = 18;
    month_labels(d, n, 2020, 11);
    made_up_values(d, n);
    for (int i = 0; i < n; i++)
        d->quad[1][i] = 0; /* an all-zero series */
    d->quad[0][3] = NAN;
    d->quad[3][7] = INFINITY;
    d->gold_mean[5] = d->gold_mean[6] = NAN;
    d->gold_mean[9] = NAN;
    d->gold_mean[11] = NAN; /* leaves period 10 isolated */
    assemble(d, n, "Edge cases <script>alert(\"&\")</script> & gaps", "month");
    d->chart.subtitle = NULL;
}

static int build(demo *d, const char *kind)
{
    if (!strcmp(kind, "quads") || !strcmp(kind, "decade") || !strcmp(kind, "many")) {
        int n = !strcmp(kind, "quads") ? 24 : !strcmp(kind, "decade") ? 120 : 500;
        month_labels(d, n, n == 500 ? 1985 : 2015, n == 24 ? 4 : 1);
        made_up_values(d, n);
        assemble(d, n, "Russia \xe2\x80\x93 Belarus relations by month", "month");
    } else if (!strcmp(kind, "single")) {
        month_labels(d, 1, 2021, 4);
        made_up_values(d, 1);
        assemble(d, 1, "Russia \xe2\x80\x93 Belarus relations, one month", "month");
    } else if (!strcmp(kind, "three")) {
        month_labels(d, 36, 2019, 1);
        made_up_values(d, 36);
        assemble(d, 36, "Russia \xe2\x80\x93 Belarus relations by month", "month");
        for (int i = 0; i < 36; i++)
            d->net[i] *= 10;
        d->lines[0].name = "Goldstein mean";
        d->panels[1].nseries = 1;
        d->panels[1].y_label = "Goldstein mean";
        d->net_bars[0] = (dy_chart_series){"net cooperation (cooperative - conflictual events)",
                                          d->net, "#4d4d4d"};
        d->panels[2] = (dy_chart_panel){DY_CHART_STACKED_BARS, "net events", d->net_bars, 1, 1};
        d->chart.npanels = 3;
    } else if (!strcmp(kind, "weeks")) {
        int n;
        week_labels(d, &n);
        made_up_values(d, n);
        assemble(d, n, "Russia \xe2\x80\x93 Belarus relations by week", "ISO week");
    } else if (!strcmp(kind, "days")) {
        day_labels(d, 400, 2021, 3, 15);
        made_up_values(d, 400);
        assemble(d, 400, "Russia \xe2\x80\x93 Belarus relations by day", "day");
    } else if (!strcmp(kind, "edge")) {
        edge_case(d);
    } else {
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: chart_demo quads|decade|many|single|edge|three|weeks|days "
                        "OUT.svg|OUT.png [WIDTHxHEIGHT]\n");
        return 2;
    }
    demo *d = calloc(1, sizeof *d);
    char err[256];
    if (!d || build(d, argv[1])) {
        fprintf(stderr, "chart_demo: unknown kind %s\n", argv[1]);
        free(d);
        return 2;
    }
    if (argc == 4 && sscanf(argv[3], "%dx%d", &d->chart.width, &d->chart.height) != 2) {
        fprintf(stderr, "chart_demo: size must be WIDTHxHEIGHT\n");
        free(d);
        return 2;
    }
    int rc = dy_chart_write(&d->chart, argv[2], err, sizeof err);
    if (rc)
        fprintf(stderr, "chart_demo: %s\n", err);
    free(d);
    return rc ? 1 : 0;
}
