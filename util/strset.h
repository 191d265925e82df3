/* util/strset.h - a set of short strings (open addressing, FNV-1a), for
 * remembering what was already written somewhere. Zero-initialised is
 * empty. Adding past DY_STRSET_MAX entries is refused: the set is a cache,
 * so a refusal only costs a lookup elsewhere. */
#ifndef DY_STRSET_H
#define DY_STRSET_H
#include <stddef.h>

#define DY_STRSET_MAX (1u << 20)

typedef struct dy_strset {
    char **slots;
    size_t cap, n; /* cap: a power of two, or 0 */
} dy_strset;

int dy_strset_has(const dy_strset *s, const char *key);
/* 0 when key is in the set afterwards, -1 when out of memory or full. */
int dy_strset_add(dy_strset *s, const char *key);
/* Adds every key of from (as far as memory allows) and empties from. */
void dy_strset_merge(dy_strset *into, dy_strset *from);
void dy_strset_clear(dy_strset *s);
void dy_strset_free(dy_strset *s);

#endif
