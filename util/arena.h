/* util/arena.h - bump allocator: many small allocations, one free.
 *
 * Every document and every dictionary owns one arena; nothing allocated from
 * it is freed individually. Allocation failure returns NULL (never aborts). */
#ifndef DY_ARENA_H
#define DY_ARENA_H
#include <stddef.h>

typedef struct dy_arena_block dy_arena_block;
struct dy_region;

typedef struct dy_arena {
    dy_arena_block *head;     /* newest block first */
    size_t block_size;        /* default size of a new block */
    size_t used_total;        /* bytes handed out, for statistics */
    struct dy_region *region; /* where blocks come from; NULL: malloc */
} dy_arena;

/* Prepare an empty arena; block_size 0 selects 64 KiB. Never fails. */
void dy_arena_init(dy_arena *a, size_t block_size);
/* The same, with blocks taken from region r (util/region.h), which owns
 * them: dy_arena_free then only forgets them. */
void dy_arena_init_region(dy_arena *a, size_t block_size, struct dy_region *r);
/* Returns size bytes aligned for any type, or NULL when out of memory. */
void *dy_arena_alloc(dy_arena *a, size_t size);
/* Zero-filled allocation. */
void *dy_arena_calloc(dy_arena *a, size_t n, size_t size);
/* Copy of s[0..len) with a terminating NUL; NULL when out of memory. */
char *dy_arena_strndup(dy_arena *a, const char *s, size_t len);
char *dy_arena_strdup(dy_arena *a, const char *s);
/* Growable arrays in an arena: returns an array of at least n + 1 elements
 * of size elem holding the first n of old (doubling *cap, starting at
 * first), or NULL when out of memory (old is untouched). The old copy stays
 * in the arena until it is freed. */
void *dy_arena_grow(dy_arena *a, void *old, int n, int *cap, size_t elem, int first);
/* Releases every block; the arena may be reused after dy_arena_init. */
void dy_arena_free(dy_arena *a);

#endif
