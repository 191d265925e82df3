/* tests/testutil.h - shared helpers for the cmocka unit tests. */
#ifndef DY_TESTUTIL_H
#define DY_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Path of ../shared relative to the repository root, or NULL with a clear
 * message when it is absent (a user's fresh clone). */
static inline const char *dy_test_shared(void)
{
    const char *env = getenv("DYAD_SHARED");
    const char *p = env && *env ? env : "../shared";
    FILE *f;
    char probe[1024];
    snprintf(probe, sizeof probe, "%s/README.md", p);
    f = fopen(probe, "r");
    if (!f) {
        fprintf(stderr, "note: %s not found; tests that read ../shared are skipped\n", p);
        return NULL;
    }
    fclose(f);
    return p;
}
#endif
