/* report/chart.h - time-series charts (stacked bars, lines) as SVG or PNG.
 *
 * A chart is a column of panels sharing one categorical x axis (the periods,
 * e.g. "2021-04"). Each panel draws its series either as stacked bars or as
 * lines, with its own y axis. The drawing is done once, as SVG text; the PNG
 * is that SVG rendered by librsvg, so both formats always look the same.
 *
 * The SVG is semantic so that tests and scripts can read it back:
 *   - <title> holds the chart title;
 *   - every series is a <g class="series" data-name="..."> holding exactly one
 *     element per period (a <rect> for bars, a <circle> marker for lines)
 *     with data-period="..." and data-value="..." ("NaN" for a gap);
 *   - the legend is <g class="legend">, axes <g class="axis">.
 * Every string from the caller is XML-escaped; invalid UTF-8 becomes U+FFFD.
 *
 * Values that are NaN or infinite are gaps: no bar, a break in the line.
 * In stacked bars, negative values stack downwards from zero. A y axis always
 * includes zero, and a zero line is drawn when a panel has negative values.
 *
 * Nothing here keeps state or prints; the caller owns every input and the
 * chart only reads it during the call.
 *
 * Example: quad-class counts over a Goldstein line, by month.
 *   dy_chart_series quads[4] = {{"verbal cooperation", q1, NULL}, ...,
 *                               {"material conflict", q4, NULL}};
 *   dy_chart_series gold[1] = {{"Goldstein mean", mean, NULL}}; // NAN where no events
 *   dy_chart_panel panels[2] = {{DY_CHART_STACKED_BARS, "events", quads, 4, 2},
 *                               {DY_CHART_LINES, "Goldstein mean", gold, 1, 1}};
 *   dy_chart c = {.title = "RUS - BLR", .x_label = "month", .periods = labels,
 *                 .nperiods = n, .panels = panels, .npanels = 2};
 *   if (dy_chart_write(&c, "relations.svg", err, sizeof err)) ... */
#ifndef DY_CHART_H
#define DY_CHART_H
#include <stddef.h>

enum dy_chart_kind { DY_CHART_STACKED_BARS, DY_CHART_LINES };

typedef struct dy_chart_series {
    const char *name;      /* legend label, e.g. "material conflict" */
    const double *y;       /* nperiods values; NaN or inf = no value */
    const char *color;     /* "#rrggbb", or NULL for the default palette */
} dy_chart_series;

typedef struct dy_chart_panel {
    int kind;              /* enum dy_chart_kind */
    const char *y_label;   /* e.g. "events" or "Goldstein" */
    const dy_chart_series *series; /* bars stack in this order, first at the bottom */
    int nseries;
    double weight;         /* share of the height relative to other panels; 0 = 1 */
} dy_chart_panel;

typedef struct dy_chart {
    const char *title, *subtitle;    /* subtitle may be NULL */
    const char *x_label;             /* e.g. "month"; may be NULL */
    const char *const *periods;      /* nperiods x labels, e.g. "2021-04" */
    int nperiods;                    /* 0-100000; 0 draws empty axes, "no data" */
    const dy_chart_panel *panels;    /* drawn top to bottom, sharing the x axis */
    int npanels;                     /* at least 1 */
    int width, height;               /* pixels, 0 = 1000 x 600; at most 8000 */
} dy_chart;

/* Default colours, in series order. Bars: verbal cooperation (light blue),
 * material cooperation (dark blue), verbal conflict (orange), material
 * conflict (dark red), then further colours; so the four CAMEO quad classes
 * given in order 1-4 get the field's blue/red convention. Their CIE lightness
 * is 81, 42, 63 and 30: stacked neighbours differ by 20 or more and all four
 * stay apart in greyscale print; blue against orange/red is the pair the
 * common colour blindnesses keep apart.
 * Lines: near-black first, then dark blue, dark red, green. */
#define DY_CHART_VERBAL_COOP "#a6cee3"
#define DY_CHART_MATERIAL_COOP "#2166ac"
#define DY_CHART_VERBAL_CONFLICT "#e08214"
#define DY_CHART_MATERIAL_CONFLICT "#8e0c1f"

/* Checks that the chart can be drawn (counts, sizes, non-NULL arrays).
 * 0 when it can, -1 with a message in err. */
int dy_chart_check(const dy_chart *c, char *err, size_t errlen);

/* The SVG document as a NUL-terminated malloc'd string (caller frees),
 * or NULL when out of memory or dy_chart_check fails. */
char *dy_chart_svg(const dy_chart *c);

/* Writes the chart to path; the format follows the extension (.svg or .png,
 * any case). 0 on success, -1 with a message in err. */
int dy_chart_write(const dy_chart *c, const char *path, char *err, size_t errlen);

#endif
