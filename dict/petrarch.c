/* dict/petrarch.c - PETRARCH2 CAMEO.2.0 verbs and Phoenix discards/issues. */
#include <stdio.h>

#include "dict.h"

int dy_read_petrarch_verbs(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    (void)d;
    snprintf(err, errlen, "%s: PETRARCH2 verb files are not supported yet", path);
    return -1;
}

int dy_read_phoenix_discards(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    (void)d;
    snprintf(err, errlen, "%s: Phoenix discard files are not supported yet", path);
    return -1;
}

int dy_read_phoenix_issues(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    (void)d;
    snprintf(err, errlen, "%s: issue files are not supported yet", path);
    return -1;
}
