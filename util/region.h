/* util/region.h - one contiguous, growable block of address space.
 *
 * A region reserves a large range of addresses up front (no memory is
 * committed until used) and hands out aligned pieces from it by bumping a
 * pointer; nothing is freed individually. Because everything allocated from
 * a region lies in one range that starts at a known address, the range can
 * be written to a file and mapped back at the same address by a later
 * process: pointers inside it stay valid (dict/cache.c uses this for the
 * compiled dictionary cache).
 *
 * The region's own bookkeeping lives at its start, so a mapped image carries
 * it along. Where the platform has no mmap, dy_region_new returns NULL and
 * callers allocate with malloc instead. */
#ifndef DY_REGION_H
#define DY_REGION_H
#include <stddef.h>
#include <stdint.h>

typedef struct dy_region dy_region;

/* Reserves address space for up to about max bytes (less when the system
 * refuses that much). NULL when regions are not available. */
dy_region *dy_region_new(size_t max);
/* size bytes aligned for any type, zero-filled; NULL when the reservation
 * is exhausted or memory cannot be committed. */
void *dy_region_alloc(dy_region *r, size_t size);
/* Grows an allocation: a new piece holding the first old_size bytes of old
 * (extended in place when old is the last piece). NULL when out of memory;
 * old is then untouched. */
void *dy_region_realloc(dy_region *r, void *old, size_t old_size, size_t new_size);
/* Releases the whole range (and the region itself). */
void dy_region_free(dy_region *r);

/* 1 when p points into the used part of r (or one past its end). */
int dy_region_contains(const dy_region *r, const void *p);
/* The used range [base, base + size): what an image must hold. */
const void *dy_region_base(const dy_region *r);
size_t dy_region_used(const dy_region *r);
/* Address space owned from base (used, and room to grow). */
size_t dy_region_reserved(const dy_region *r);

/* Maps size bytes of file fd, at offset off (page-aligned), privately
 * (copy on write) at exactly base, and makes the mapping a region again
 * that can grow by a further reservation. NULL when the address is taken
 * or the mapping fails: the caller then builds the data afresh. The
 * image must have been written from a region at that base. */
dy_region *dy_region_map(int fd, long long off, size_t size, const void *base);

/* The system page size (4096 where it cannot be asked). */
size_t dy_page_size(void);

#endif
