/* util/region.c - contiguous growable address range (see region.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE, MAP_FIXED_NOREPLACE */
#include "region.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define HAVE_MMAP 1
#endif

#define REGION_MAGIC 0x6479726567696f6eULL /* "dyregion" */
#define ALIGN 16
#define COMMIT_STEP ((size_t)1 << 20) /* commit memory a megabyte at a time */
#define GROWTH ((size_t)1 << 30)      /* room reserved after a mapped image */

struct dy_region {
    uint64_t magic;
    char *base;       /* == (char *)this */
    size_t used;      /* bytes handed out, this header included */
    size_t committed; /* bytes readable and writable from base */
    size_t reserved;  /* bytes of address space owned from base */
    size_t last;      /* offset of the newest piece, for in-place growth */
};

size_t dy_page_size(void)
{
#ifdef HAVE_MMAP
    long p = sysconf(_SC_PAGESIZE);
    if (p > 0)
        return (size_t)p;
#endif
    return 4096;
}

static size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

#ifdef HAVE_MMAP

/* Makes [0, need) of the region usable. */
static int commit(dy_region *r, size_t need)
{
    if (need <= r->committed)
        return 0;
    if (need > r->reserved)
        return -1;
    size_t to = round_up(need, COMMIT_STEP);
    if (to > r->reserved)
        to = r->reserved;
    if (mprotect(r->base + r->committed, to - r->committed, PROT_READ | PROT_WRITE))
        return -1;
    r->committed = to;
    return 0;
}

/* Address space only: PROT_NONE mappings cost no memory and no commit charge. */
static void *reserve(void *at, size_t size)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
#ifdef MAP_FIXED_NOREPLACE
    if (at)
        flags |= MAP_FIXED_NOREPLACE;
#endif
    void *p = mmap(at, size, PROT_NONE, flags, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (at && p != at) { /* an old kernel took the address as a mere hint */
        munmap(p, size);
        return NULL;
    }
    return p;
}

dy_region *dy_region_new(size_t max)
{
    size_t page = dy_page_size();
    /* Less than 512 MiB would cap what a dictionary may hold: then no region. */
    for (size_t size = round_up(max, page); size >= ((size_t)512 << 20); size /= 4) {
        char *p = reserve(NULL, size);
        if (!p)
            continue;
        if (mprotect(p, page, PROT_READ | PROT_WRITE)) {
            munmap(p, size);
            return NULL;
        }
        dy_region *r = (dy_region *)p;
        r->magic = REGION_MAGIC;
        r->base = p;
        r->used = round_up(sizeof *r, ALIGN);
        r->committed = page;
        r->reserved = size;
        r->last = r->used;
        return r;
    }
    return NULL;
}

void dy_region_free(dy_region *r)
{
    if (r)
        munmap(r->base, r->reserved);
}

dy_region *dy_region_map(int fd, long long off, size_t size, const void *base)
{
    size_t page = dy_page_size();
    if (!base || (uintptr_t)base % page || off % (long long)page || size < sizeof(dy_region))
        return NULL;
    int flags = MAP_PRIVATE;
#ifdef MAP_FIXED_NOREPLACE
    flags |= MAP_FIXED_NOREPLACE;
#endif
    char *p = mmap((void *)base, size, PROT_READ | PROT_WRITE, flags, fd, (off_t)off);
    if (p == MAP_FAILED)
        return NULL;
    if (p != base) {
        munmap(p, size);
        return NULL;
    }
    dy_region *r = (dy_region *)p;
    size_t mapped = round_up(size, page);
    if (r->magic != REGION_MAGIC || r->base != p || r->used > size) {
        munmap(p, mapped);
        return NULL;
    }
    /* Later allocations (rare after loading) go to fresh pages after the image. */
    r->committed = r->reserved = mapped;
    if (reserve(p + mapped, GROWTH))
        r->reserved += GROWTH;
    r->last = r->used; /* the file's last piece may not grow into the reservation */
    return r;
}

#else /* no mmap: callers fall back to malloc */

dy_region *dy_region_new(size_t max)
{
    (void)max;
    return NULL;
}
void dy_region_free(dy_region *r) { (void)r; }
dy_region *dy_region_map(int fd, long long off, size_t size, const void *base)
{
    (void)fd, (void)off, (void)size, (void)base;
    return NULL;
}
static int commit(dy_region *r, size_t need) { return need <= r->committed ? 0 : -1; }

#endif

void *dy_region_alloc(dy_region *r, size_t size)
{
    size = round_up(size ? size : 1, ALIGN);
    if (size > r->reserved - r->used || commit(r, r->used + size))
        return NULL;
    void *p = r->base + r->used;
    r->last = r->used;
    r->used += size;
    return p; /* fresh pages are zero: nothing is ever handed out twice */
}

void *dy_region_realloc(dy_region *r, void *old, size_t old_size, size_t new_size)
{
    if (!old)
        return dy_region_alloc(r, new_size);
    if (new_size <= old_size)
        return old;
    size_t at = (size_t)((char *)old - r->base);
    if (at == r->last) { /* the newest piece: grow it where it is */
        size_t end = round_up(at + new_size, ALIGN);
        if (end > r->reserved || commit(r, end))
            return NULL;
        r->used = end;
        return old;
    }
    void *p = dy_region_alloc(r, new_size);
    if (p)
        memcpy(p, old, old_size);
    return p;
}

int dy_region_contains(const dy_region *r, const void *p)
{
    const char *c = p;
    return c >= r->base && c <= r->base + r->used;
}

const void *dy_region_base(const dy_region *r) { return r->base; }
size_t dy_region_used(const dy_region *r) { return r->used; }
size_t dy_region_reserved(const dy_region *r) { return r->reserved; }
