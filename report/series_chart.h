/* report/series_chart.h - a dyad's series as a chart: events per quad class
 * as stacked bars over a line of the Goldstein mean. */
#ifndef DY_SERIES_CHART_H
#define DY_SERIES_CHART_H
#include <stddef.h>

#include "store/store.h"

/* Writes the chart of sr to path (.svg or .png). title and subtitle may be
 * NULL; period names the x axis ("month"). 0 on success, -1 with err. */
int dy_series_chart(const dy_series *sr, const char *title, const char *subtitle,
                    const char *period, const char *path, char *err, size_t errlen);

/* The same chart as SVG text in a malloc'd string (caller frees); width and
 * height in pixels, 0 for the default. NULL with a message in err. */
char *dy_series_chart_svg(const dy_series *sr, const char *title, const char *subtitle,
                          const char *period, int width, int height, char *err, size_t errlen);

#endif
