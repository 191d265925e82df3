/* report/chart_png.h - renders chart SVG to a PNG file (private to report/). */
#ifndef DY_CHART_PNG_H
#define DY_CHART_PNG_H
#include <stddef.h>

/* Renders the SVG document (len bytes) at width x height pixels with librsvg
 * and writes it to path as PNG. 0 on success, -1 with a message in err. */
int dy_chart_render_png(const char *svg, size_t len, int width, int height, const char *path,
                        char *err, size_t errlen);

#endif
