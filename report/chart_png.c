/* report/chart_png.c - PNG output: the chart's SVG rendered by librsvg onto a
 * cairo image surface, so SVG and PNG come from one drawing code path. */
#include "report/chart_png.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <stdio.h>

static int gerror_fail(GError *gerr, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "chart: %s: %s", what, gerr ? gerr->message : "unknown error");
    if (gerr)
        g_error_free(gerr);
    return -1;
}

static int render(RsvgHandle *svg, cairo_surface_t *surface, int width, int height,
                  char *err, size_t errlen)
{
    cairo_t *cr = cairo_create(surface);
    /* RGB24 surfaces start black; the chart has its own white background but
     * a failed render should not leave a black image behind */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    RsvgRectangle viewport = {0, 0, width, height};
    GError *gerr = NULL;
    int ok = rsvg_handle_render_document(svg, cr, &viewport, &gerr);
    cairo_destroy(cr);
    return ok ? 0 : gerror_fail(gerr, "rendering the SVG", err, errlen);
}

int dy_chart_render_png(const char *svg, size_t len, int width, int height, const char *path,
                        char *err, size_t errlen)
{
    GError *gerr = NULL;
    RsvgHandle *handle = rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
    if (!handle)
        return gerror_fail(gerr, "reading the SVG", err, errlen);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    int rc = -1;
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        snprintf(err, errlen, "chart: cannot allocate a %dx%d image", width, height);
    else if (!render(handle, surface, width, height, err, errlen)) {
        cairo_status_t st = cairo_surface_write_to_png(surface, path);
        if (st == CAIRO_STATUS_SUCCESS)
            rc = 0;
        else
            snprintf(err, errlen, "%s: cannot write PNG: %s", path, cairo_status_to_string(st));
    }
    cairo_surface_destroy(surface);
    g_object_unref(handle);
    return rc;
}
