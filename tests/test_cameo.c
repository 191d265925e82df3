/* tests/test_cameo.c - the generated CAMEO code table and its lookup API. */
#include "testutil.h"
#include "code/cameo.h"

static void lookup_finds_exact_codes(void **state)
{
    (void)state;
    const dy_cameo_info *e = dy_cameo_lookup("042");
    assert_non_null(e);
    assert_string_equal(e->code, "042");
    assert_string_equal(e->name, "Make a visit");
    assert_int_equal(e->quad, 1);
    e = dy_cameo_lookup("1823");
    assert_non_null(e);
    assert_string_equal(e->name, "Kill by physical assault");
    assert_true(e->goldstein == -10.0);
    e = dy_cameo_lookup("20");
    assert_non_null(e);
    assert_int_equal(e->quad, 4);
}

static void lookup_rejects_unknown_codes(void **state)
{
    (void)state;
    assert_null(dy_cameo_lookup("0421")); /* 042 has no children */
    assert_null(dy_cameo_lookup("21"));
    assert_null(dy_cameo_lookup("00"));
    assert_null(dy_cameo_lookup(""));
    assert_null(dy_cameo_lookup("4"));
    assert_null(dy_cameo_lookup("04x"));
    assert_null(dy_cameo_lookup(NULL));
}

static void quad_follows_root(void **state)
{
    (void)state;
    assert_int_equal(dy_cameo_quad("010"), 1);
    assert_int_equal(dy_cameo_quad("057"), 1);
    assert_int_equal(dy_cameo_quad("0874"), 2);
    assert_int_equal(dy_cameo_quad("094"), 2);
    assert_int_equal(dy_cameo_quad("1125"), 3);
    assert_int_equal(dy_cameo_quad("145"), 3);
    assert_int_equal(dy_cameo_quad("154"), 4);
    assert_int_equal(dy_cameo_quad("2042"), 4);
    assert_int_equal(dy_cameo_quad("21"), 0);
    assert_int_equal(dy_cameo_quad("xyz"), 0);
    assert_int_equal(dy_cameo_quad(NULL), 0);
}

static void goldstein_falls_back_to_parent(void **state)
{
    (void)state;
    int found = -1;
    assert_true(dy_cameo_goldstein("042", &found) == 1.9);
    assert_int_equal(found, 1);
    found = -1;
    assert_true(dy_cameo_goldstein("0421", &found) == 1.9); /* -> 042 */
    assert_int_equal(found, 1);
    assert_true(dy_cameo_goldstein("1999", &found) == -10.0); /* -> 19 */
    assert_int_equal(found, 1);
    assert_true(dy_cameo_goldstein("173", NULL) == -5.0);
    found = -1;
    assert_true(dy_cameo_goldstein("99", &found) == 0.0);
    assert_int_equal(found, 0);
    found = -1;
    assert_true(dy_cameo_goldstein("12345", &found) == 0.0);
    assert_int_equal(found, 0);
    assert_true(dy_cameo_goldstein(NULL, &found) == 0.0);
    assert_int_equal(found, 0);
}

static void table_is_sorted_complete_and_consistent(void **state)
{
    (void)state;
    int n = dy_cameo_count(), roots = 0;
    assert_true(n >= 300);
    assert_null(dy_cameo_at(n));
    assert_null(dy_cameo_at(-1));
    for (int i = 0; i < n; i++) {
        const dy_cameo_info *e = dy_cameo_at(i);
        size_t len = strlen(e->code);
        assert_true(len >= 2 && len <= 4);
        assert_true(e->goldstein >= -10.0 && e->goldstein <= 10.0);
        assert_true(e->quad >= 1 && e->quad <= 4);
        assert_ptr_equal(dy_cameo_lookup(e->code), e);
        if (i > 0)
            assert_true(strcmp(dy_cameo_at(i - 1)->code, e->code) < 0);
        if (len == 2)
            roots++;
        else { /* every code's parent is in the table */
            char parent[5];
            memcpy(parent, e->code, len - 1);
            parent[len - 1] = '\0';
            assert_non_null(dy_cameo_lookup(parent));
        }
    }
    assert_int_equal(roots, 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lookup_finds_exact_codes),
        cmocka_unit_test(lookup_rejects_unknown_codes),
        cmocka_unit_test(quad_follows_root),
        cmocka_unit_test(goldstein_falls_back_to_parent),
        cmocka_unit_test(table_is_sorted_complete_and_consistent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
