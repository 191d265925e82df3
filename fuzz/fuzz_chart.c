/* libFuzzer target: dy_chart_svg over arbitrary values (any bit pattern: NaN,
 * inf, huge, denormal) and arbitrary label bytes; the SVG must be valid UTF-8
 * and hold exactly one mark per series and period. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "report/chart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXN 64

typedef struct input {
    const uint8_t *p;
    size_t left;
} input;

static double take_double(input *in)
{
    double v = 0;
    size_t n = in->left < sizeof v ? in->left : sizeof v;
    memcpy(&v, in->p, n);
    in->p += n;
    in->left -= n;
    return v;
}

/* a NUL-terminated label of up to 15 input bytes */
static void take_label(input *in, char out[16])
{
    size_t n = in->left ? in->p[0] % 16 : 0;
    if (in->left)
        in->p++, in->left--;
    n = n < in->left ? n : in->left;
    memcpy(out, in->p, n);
    out[n] = '\0';
    /* no NUL inside, and no '=': a label ending in "data-period=" followed
     * by the attribute's closing quote would look like one more mark */
    for (size_t k = 0; k < n; k++)
        if (!out[k] || out[k] == '=')
            out[k] = ' ';
    in->p += n;
    in->left -= n;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void check_utf8(const char *svg)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)svg;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(p, -1, &cp);
        if (r <= 0 || (cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r'))
            abort();
        p += r;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char labels[MAXN][16], title[16], names[2][16]; /* read-only between runs */
    const char *periods[MAXN];
    double ys[2][MAXN];
    input in = {data, size};
    if (size < 2)
        return 0;
    int n = data[0] % MAXN, kinds = data[1];
    in.p += 2, in.left -= 2;
    take_label(&in, title);
    take_label(&in, names[0]);
    take_label(&in, names[1]);
    for (int i = 0; i < n; i++) {
        take_label(&in, labels[i]);
        periods[i] = labels[i];
        ys[0][i] = take_double(&in);
        ys[1][i] = take_double(&in);
    }
    dy_chart_series s[2] = {{names[0], ys[0], NULL}, {names[1], ys[1], NULL}};
    dy_chart_panel panels[2] = {{kinds & 1, "a", s, 2, 0}, {(kinds >> 1) & 1, "b", s + 1, 1, 0}};
    dy_chart c = {.title = title, .periods = periods, .nperiods = n, .panels = panels,
                  .npanels = 1 + ((kinds >> 2) & 1)};
    char *svg = dy_chart_svg(&c);
    if (!svg)
        abort();
    check_utf8(svg);
    if (count(svg, "data-period=\"") != (size_t)n * (c.npanels == 2 ? 3 : 2))
        abort();
    free(svg);
    return 0;
}
