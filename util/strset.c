/* util/strset.c - see strset.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strset.h"

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t find(char **slots, size_t cap, const char *key)
{
    size_t i = fnv1a(key) & (cap - 1);
    while (slots[i] && strcmp(slots[i], key))
        i = (i + 1) & (cap - 1);
    return i;
}

int dy_strset_has(const dy_strset *s, const char *key)
{
    return s->cap && s->slots[find(s->slots, s->cap, key)] != NULL;
}

static int grow(dy_strset *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    char **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i])
            slots[find(slots, cap, s->slots[i])] = s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return 0;
}

int dy_strset_add(dy_strset *s, const char *key)
{
    if (dy_strset_has(s, key))
        return 0;
    if (s->n >= DY_STRSET_MAX)
        return -1;
    if ((s->n + 1) * 2 > s->cap && grow(s))
        return -1;
    char *copy = strdup(key);
    if (!copy)
        return -1;
    s->slots[find(s->slots, s->cap, key)] = copy;
    s->n++;
    return 0;
}

void dy_strset_merge(dy_strset *into, dy_strset *from)
{
    for (size_t i = 0; i < from->cap; i++)
        if (from->slots[i])
            dy_strset_add(into, from->slots[i]);
    dy_strset_clear(from);
}

void dy_strset_clear(dy_strset *s)
{
    for (size_t i = 0; i < s->cap; i++) {
        free(s->slots[i]);
        s->slots[i] = NULL;
    }
    s->n = 0;
}

void dy_strset_free(dy_strset *s)
{
    dy_strset_clear(s);
    free(s->slots);
    s->slots = NULL;
    s->cap = 0;
}
