/* report/chart_png.c - PNG output: the chart's SVG rendered by librsvg onto a
 * cairo image surface, so SVG and PNG come from one drawing code path.
 * librsvg (with cairo and GLib) is opened when a PNG is first asked for
 * (util/dl.h): other commands do not load it. */
#include "report/chart_png.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <stdio.h>

#include "util/dl.h"

#define RSVG_FUNCS(X)                                                                         \
    X(RsvgHandle *, rsvg_handle_new_from_data, (const guint8 *, gsize, GError **))            \
    X(gboolean, rsvg_handle_render_document,                                                  \
      (RsvgHandle *, cairo_t *, const RsvgRectangle *, GError **))                            \
    X(void, g_object_unref, (gpointer))                                                       \
    X(void, g_error_free, (GError *))                                                         \
    X(cairo_surface_t *, cairo_image_surface_create, (cairo_format_t, int, int))              \
    X(cairo_status_t, cairo_surface_status, (cairo_surface_t *))                              \
    X(cairo_status_t, cairo_surface_write_to_png, (cairo_surface_t *, const char *))          \
    X(void, cairo_surface_destroy, (cairo_surface_t *))                                       \
    X(const char *, cairo_status_to_string, (cairo_status_t))                                 \
    X(cairo_t *, cairo_create, (cairo_surface_t *))                                           \
    X(void, cairo_set_source_rgb, (cairo_t *, double, double, double))                        \
    X(void, cairo_paint, (cairo_t *))                                                         \
    X(void, cairo_destroy, (cairo_t *))

typedef struct rsvg_api {
    RSVG_FUNCS(DY_DL_FIELD)
} rsvg_api;

/* librsvg and the cairo and GLib functions it brings along. */
static int load_rsvg(rsvg_api *api, char *err, size_t errlen)
{
    RSVG_FUNCS(DY_DL_CHECK)
    static const char *const names[] = {"librsvg-2.so.2", "librsvg-2.so", NULL};
    void *lib = dy_dl_open(names, "PNG charts", "apt-get install librsvg2-2", err, errlen);
    int ok = lib != NULL;
    RSVG_FUNCS(DY_DL_RESOLVE)
    return ok ? 0 : -1;
}

static int gerror_fail(const rsvg_api *api, GError *gerr, const char *what, char *err,
                       size_t errlen)
{
    snprintf(err, errlen, "chart: %s: %s", what, gerr ? gerr->message : "unknown error");
    if (gerr)
        api->g_error_free(gerr);
    return -1;
}

static int render(const rsvg_api *api, RsvgHandle *svg, cairo_surface_t *surface, int width,
                  int height, char *err, size_t errlen)
{
    cairo_t *cr = api->cairo_create(surface);
    /* RGB24 surfaces start black; the chart has its own white background but
     * a failed render should not leave a black image behind */
    api->cairo_set_source_rgb(cr, 1, 1, 1);
    api->cairo_paint(cr);
    RsvgRectangle viewport = {0, 0, width, height};
    GError *gerr = NULL;
    int ok = api->rsvg_handle_render_document(svg, cr, &viewport, &gerr);
    api->cairo_destroy(cr);
    return ok ? 0 : gerror_fail(api, gerr, "rendering the SVG", err, errlen);
}

int dy_chart_render_png(const char *svg, size_t len, int width, int height, const char *path,
                        char *err, size_t errlen)
{
    rsvg_api api;
    if (load_rsvg(&api, err, errlen))
        return -1;
    GError *gerr = NULL;
    RsvgHandle *handle = api.rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
    if (!handle)
        return gerror_fail(&api, gerr, "reading the SVG", err, errlen);
    cairo_surface_t *surface = api.cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    int rc = -1;
    if (api.cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        snprintf(err, errlen, "chart: cannot allocate a %dx%d image", width, height);
    else if (!render(&api, handle, surface, width, height, err, errlen)) {
        cairo_status_t st = api.cairo_surface_write_to_png(surface, path);
        if (st == CAIRO_STATUS_SUCCESS)
            rc = 0;
        else
            snprintf(err, errlen, "%s: cannot write PNG: %s", path,
                     api.cairo_status_to_string(st));
    }
    api.cairo_surface_destroy(surface);
    api.g_object_unref(handle);
    return rc;
}
