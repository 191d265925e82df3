#include "arena.h"
#include "region.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct dy_arena_block {
    dy_arena_block *next;
    size_t size, used;
    max_align_t data[];
};

#define DY_ALIGN (sizeof(max_align_t))

void dy_arena_init(dy_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used_total = 0;
    a->region = NULL;
}

void dy_arena_init_region(dy_arena *a, size_t block_size, struct dy_region *r)
{
    dy_arena_init(a, block_size);
    a->region = r;
}

static dy_arena_block *new_block(dy_arena *a, size_t need)
{
    size_t size = need > a->block_size ? need : a->block_size;
    if (size > SIZE_MAX - sizeof(dy_arena_block))
        return NULL;
    dy_arena_block *b = a->region ? dy_region_alloc(a->region, sizeof(dy_arena_block) + size)
                                  : malloc(sizeof(dy_arena_block) + size);
    if (!b)
        return NULL;
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    return b;
}

void *dy_arena_alloc(dy_arena *a, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - DY_ALIGN)
        return NULL;
    size = (size + DY_ALIGN - 1) & ~(DY_ALIGN - 1);
    dy_arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        b = new_block(a, size);
        if (!b)
            return NULL;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    a->used_total += size;
    return p;
}

void *dy_arena_calloc(dy_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = dy_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *dy_arena_strndup(dy_arena *a, const char *s, size_t len)
{
    char *p = dy_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *dy_arena_strdup(dy_arena *a, const char *s)
{
    return dy_arena_strndup(a, s, strlen(s));
}

void *dy_arena_grow(dy_arena *a, void *old, int n, int *cap, size_t elem, int first)
{
    if (n < *cap)
        return old;
    if (*cap > INT_MAX / 2)
        return NULL;
    int nc = *cap ? *cap * 2 : first;
    if (nc <= n || (size_t)nc > SIZE_MAX / elem)
        return NULL;
    void *p = dy_arena_alloc(a, (size_t)nc * elem);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, old, (size_t)n * elem);
    *cap = nc;
    return p;
}

void dy_arena_free(dy_arena *a)
{
    dy_arena_block *b = a->head;
    while (b) {
        dy_arena_block *next = b->next;
        if (!a->region)
            free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = 0;
}
