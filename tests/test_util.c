#include "testutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/region.h"
#include "util/dl.h"
#include "util/strset.h"

static void arena_allocates_aligned_and_large(void **state)
{
    (void)state;
    dy_arena a;
    dy_arena_init(&a, 128);
    char *s = dy_arena_strdup(&a, "hello");
    assert_string_equal(s, "hello");
    void *big = dy_arena_alloc(&a, 10000); /* bigger than a block */
    assert_non_null(big);
    memset(big, 1, 10000);
    double *d = dy_arena_alloc(&a, sizeof *d);
    assert_int_equal((uintptr_t)d % sizeof(double), 0);
    assert_null(dy_arena_alloc(&a, SIZE_MAX));
    dy_arena_free(&a);
}

static void arena_grows_arrays(void **state)
{
    (void)state;
    dy_arena a;
    dy_arena_init(&a, 256);
    int *v = NULL, cap = 0;
    for (int n = 0; n < 1000; n++) {
        v = dy_arena_grow(&a, v, n, &cap, sizeof *v, 4);
        assert_non_null(v);
        assert_true(cap > n);
        v[n] = n;
    }
    for (int n = 0; n < 1000; n++)
        assert_int_equal(v[n], n);
    int huge = 1 << 30;
    assert_null(dy_arena_grow(&a, v, huge, &huge, SIZE_MAX / 4, 4)); /* overflow: NULL */
    dy_arena_free(&a);
}

static void buf_escapes_json(void **state)
{
    (void)state;
    dy_buf b = DY_BUF_INIT;
    assert_int_equal(dy_buf_json_escape(&b, "a\"b\\c\n\x01", 7), 0);
    assert_string_equal(dy_buf_str(&b), "a\\\"b\\\\c\\n\\u0001");
    dy_buf_clear(&b);
    dy_buf_printf(&b, "%d-%s", 42, "x");
    assert_string_equal(dy_buf_str(&b), "42-x");
    dy_buf_free(&b);
}

static void strset_adds_finds_merges(void **state)
{
    (void)state;
    dy_strset a = {0}, b = {0};
    assert_false(dy_strset_has(&a, "RUS"));
    char key[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "K%d", i);
        assert_int_equal(dy_strset_add(&a, key), 0);
    }
    assert_int_equal(dy_strset_add(&a, "K7"), 0); /* already there */
    assert_int_equal(a.n, 1000);
    assert_true(dy_strset_has(&a, "K999"));
    assert_false(dy_strset_has(&a, "K1000"));
    assert_int_equal(dy_strset_add(&b, "BLRGOV"), 0);
    assert_int_equal(dy_strset_add(&b, "K1"), 0);
    dy_strset_merge(&a, &b);
    assert_int_equal(a.n, 1001);
    assert_int_equal(b.n, 0);
    assert_false(dy_strset_has(&b, "BLRGOV"));
    assert_true(dy_strset_has(&a, "BLRGOV"));
    dy_strset_free(&a);
    dy_strset_free(&b);
}

/* A region hands out zeroed, aligned, contiguous memory; the newest piece
 * grows in place; an arena can draw its blocks from it. */
static void region_allocates_grows_and_backs_arenas(void **state)
{
    (void)state;
    dy_region *r = dy_region_new((size_t)1 << 30);
    if (!r) {
        fprintf(stderr, "note: no memory regions on this system; region test skipped\n");
        return;
    }
    char *a = dy_region_alloc(r, 10);
    assert_non_null(a);
    assert_int_equal((uintptr_t)a % 16, 0);
    assert_true(dy_region_contains(r, a));
    for (int i = 0; i < 10; i++)
        assert_int_equal(a[i], 0);
    memcpy(a, "abcdefghi", 10);
    char *b = dy_region_realloc(r, a, 10, 5000000); /* the newest: grows in place */
    assert_ptr_equal(a, b);
    assert_string_equal(b, "abcdefghi");
    assert_int_equal(b[4999999], 0);
    char *c = dy_region_alloc(r, 100);
    char *d = dy_region_realloc(r, b, 5000000, 6000000); /* not the newest: moves */
    assert_ptr_not_equal(d, b);
    assert_string_equal(d, "abcdefghi");
    assert_true(c > b && d > c);
    assert_true(dy_region_used(r) >= 11000100);
    int outside;
    assert_false(dy_region_contains(r, &outside));

    dy_arena ar;
    dy_arena_init_region(&ar, 4096, r);
    size_t before = dy_region_used(r);
    char *s = dy_arena_strdup(&ar, "in the region");
    assert_true(dy_region_contains(r, s));
    assert_true(dy_region_used(r) > before);
    dy_arena_free(&ar); /* forgets its blocks; the region owns them */
    assert_string_equal(s, "in the region");
    assert_null(dy_region_alloc(r, (size_t)2 << 30)); /* beyond the reservation */
    dy_region_free(r);
}

/* An optional library that is not installed is a clear error of the
 * command that needs it. */
static void missing_library_is_a_clear_error(void **state)
{
    (void)state;
    char err[512];
    static const char *const names[] = {"libdyad-no-such-library.so.9", NULL};
    assert_null(dy_dl_open(names, "PNG charts", "apt-get install librsvg2-2", err, sizeof err));
    assert_non_null(strstr(err, "PNG charts need libdyad-no-such-library.so.9: "));
    assert_non_null(strstr(err, "(apt-get install librsvg2-2)"));
    static const char *const libc[] = {"libc.so.6", NULL};
    void *lib = dy_dl_open(libc, "tests", "-", err, sizeof err);
    if (lib) { /* glibc systems */
        assert_non_null(dy_dl_sym(lib, "strlen", err, sizeof err));
        assert_null(dy_dl_sym(lib, "dyad_no_such_symbol", err, sizeof err));
        assert_non_null(strstr(err, "dyad_no_such_symbol not found"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocates_aligned_and_large),
        cmocka_unit_test(arena_grows_arrays),
        cmocka_unit_test(buf_escapes_json),
        cmocka_unit_test(strset_adds_finds_merges),
        cmocka_unit_test(region_allocates_grows_and_backs_arenas),
        cmocka_unit_test(missing_library_is_a_clear_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
