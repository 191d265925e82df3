/* libFuzzer target: dy_text_clean then dy_split_sentences, with invariants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/clean.h"
#include "text/sentence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_clean(const dy_buf *out)
{
    const unsigned char *p = (const unsigned char *)dy_buf_str(out);
    for (size_t k = 0; k < out->len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(p + k, (utf8proc_ssize_t)(out->len - k), &cp);
        if (r <= 0 || (cp < 0x20 && cp != '\n'))
            abort();
        k += (size_t)r;
    }
    if (out->len && (p[0] == ' ' || p[0] == '\n' || p[out->len - 1] == ' ' || p[out->len - 1] == '\n'))
        abort();
    if (strstr((const char *)p, "\n\n\n") || strstr((const char *)p, "  "))
        abort();
}

static void check_spans(const char *t, size_t len, const dy_span *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (v[k].start >= v[k].end || v[k].end > len || (k && v[k].start < v[k - 1].end))
            abort();
        if (t[v[k].start] == ' ' || t[v[k].end - 1] == ' ')
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dy_buf out = DY_BUF_INIT;
    char err[128];
    dy_span *v = NULL;
    size_t n = 0;
    /* the splitter must also survive raw input */
    if (dy_split_sentences((const char *)data, size, &v, &n) == 0)
        check_spans((const char *)data, size, v, n);
    free(v);
    if (dy_text_clean((const char *)data, size, &out, err, sizeof err) == 0) {
        check_clean(&out);
        if (dy_split_sentences(out.p ? out.p : "", out.len, &v, &n) == 0)
            check_spans(out.p, out.len, v, n);
        free(v);
    }
    dy_buf_free(&out);
    return 0;
}
