/* code/plover.c - CAMEO to PLOVER lookup over the generated table. */
#include <stdlib.h>
#include <string.h>

#include "plover.h"

static int cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const dy_plover_info *)elem)->cameo);
}

const dy_plover_info *dy_plover_lookup(const char *code)
{
    char c[8];
    size_t n = code ? strlen(code) : 0;
    if (n < 2 || n >= sizeof c)
        return NULL;
    memcpy(c, code, n + 1);
    for (; n >= 2; c[--n] = '\0') {
        const dy_plover_info *p = bsearch(c, dy_plover_table, (size_t)dy_plover_count,
                                          sizeof *dy_plover_table, cmp);
        if (p)
            return p;
    }
    return NULL;
}
