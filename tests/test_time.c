#include "testutil.h"
#include "time/date.h"

static void days_round_trip_and_known_values(void **state)
{
    (void)state;
    dy_date epoch = {1970, 1, 1}, d2021 = {2021, 4, 26}, leap = {2000, 2, 29};
    assert_int_equal(dy_date_to_days(epoch), 0);
    assert_int_equal(dy_date_to_days(d2021), 18743);
    assert_int_equal(dy_date_to_days((dy_date){1969, 12, 31}), -1);
    assert_int_equal(dy_date_to_days((dy_date){1600, 3, 1}), -135080);
    assert_int_equal(dy_date_weekday(d2021), 0);          /* Monday */
    assert_int_equal(dy_date_weekday(epoch), 3);          /* Thursday */
    assert_int_equal(dy_date_weekday((dy_date){1900, 1, 1}), 0);
    assert_int_equal(dy_date_weekday(leap), 1);           /* Tuesday */
    for (long d = -700000; d <= 2000000; d += 37) {
        dy_date dt = dy_date_from_days(d);
        assert_true(dy_date_valid(dt));
        assert_int_equal(dy_date_to_days(dt), d);
    }
    dy_date x = dy_date_from_days(18743);
    assert_int_equal(x.y, 2021);
    assert_int_equal(x.m, 4);
    assert_int_equal(x.d, 26);
}

static void validity(void **state)
{
    (void)state;
    assert_true(dy_date_valid((dy_date){2000, 2, 29}));
    assert_false(dy_date_valid((dy_date){1900, 2, 29}));
    assert_true(dy_date_valid((dy_date){2024, 2, 29}));
    assert_false(dy_date_valid((dy_date){2021, 4, 31}));
    assert_false(dy_date_valid((dy_date){2021, 13, 1}));
    assert_false(dy_date_valid((dy_date){2021, 0, 1}));
    assert_false(dy_date_valid((dy_date){0, 1, 1}));
    assert_false(dy_date_valid((dy_date){2021, 1, 0}));
}

static void parse_iso_and_format(void **state)
{
    (void)state;
    dy_date d = {0, 0, 0};
    char buf[11];
    assert_int_equal(dy_date_parse_iso("2021-04-26", &d), 0);
    assert_int_equal(dy_date_format(d, buf), 0);
    assert_string_equal(buf, "2021-04-26");
    assert_int_equal(dy_date_format((dy_date){33, 1, 5}, buf), 0);
    assert_string_equal(buf, "0033-01-05");
    assert_int_equal(dy_date_format((dy_date){2021, 2, 30}, buf), -1);
    assert_string_equal(buf, "");
    assert_int_equal(dy_date_parse_iso("2021-02-30", &d), -1);
    assert_int_equal(dy_date_parse_iso("2021-4-26", &d), -1);
    assert_int_equal(dy_date_parse_iso("2021-04-26x", &d), -1);
    assert_int_equal(dy_date_parse_iso("20a1-04-26", &d), -1);
    assert_int_equal(dy_date_parse_iso("", &d), -1);
    assert_int_equal(dy_date_parse_iso(NULL, &d), -1);
    assert_int_equal(d.y, 2021); /* untouched by failures */
}

static void parse_tabari_dates(void **state)
{
    (void)state;
    dy_date d;
    assert_int_equal(dy_date_parse_yymmdd("950103", &d), 0);
    assert_int_equal(d.y, 1995);
    assert_int_equal(d.m, 1);
    assert_int_equal(d.d, 3);
    /* TABARI manual 6.5.2: years 00-30 are 2000-2030 */
    assert_int_equal(dy_date_parse_yymmdd("000101", &d), 0);
    assert_int_equal(d.y, 2000);
    assert_int_equal(dy_date_parse_yymmdd("301231", &d), 0);
    assert_int_equal(d.y, 2030);
    assert_int_equal(dy_date_parse_yymmdd("310101", &d), 0);
    assert_int_equal(d.y, 1931);
    /* SET: YYYY: 8 digits, no pivot */
    assert_int_equal(dy_date_parse_yymmdd("19250610", &d), 0);
    assert_int_equal(d.y, 1925);
    assert_int_equal(d.m, 6);
    assert_int_equal(dy_date_parse_yymmdd("20210426", &d), 0);
    assert_int_equal(d.y, 2021);
    assert_int_equal(dy_date_parse_yymmdd("950230", &d), -1);
    assert_int_equal(dy_date_parse_yymmdd("95013", &d), -1);
    assert_int_equal(dy_date_parse_yymmdd("9501034", &d), -1);
    assert_int_equal(dy_date_parse_yymmdd("95O103", &d), -1);
    assert_int_equal(dy_date_parse_digits("950103 ID", 6, &d), 0);
}

static void expect_header(const char *text, int y, int m, int dd)
{
    dy_date d = {0, 0, 0};
    int found = dy_date_find_in_header(text, strlen(text), &d);
    if (!found)
        fail_msg("no date in \"%s\"", text);
    assert_int_equal(d.y, y);
    assert_int_equal(d.m, m);
    assert_int_equal(d.d, dd);
}

static void finds_header_dates(void **state)
{
    (void)state;
    expect_header("No. 36/2021, 26 APRIL 2021 © PISM\n\nSPOTLIGHT", 2021, 4, 26);
    expect_header("Warsaw, 26 April 2021", 2021, 4, 26);
    expect_header("Posted April 26, 2021 by staff", 2021, 4, 26);
    expect_header("April 26 2021", 2021, 4, 26);
    expect_header("Date: 2021-04-26\nText", 2021, 4, 26);
    expect_header("26.04.2021", 2021, 4, 26);
    expect_header("Monday, 26 April 2021", 2021, 4, 26);
    expect_header("monday, 3 sept. 2001", 2001, 9, 3);
    expect_header("1 Mar 1999", 1999, 3, 1);
    expect_header("DEC 31, 1999", 1999, 12, 31);
    expect_header("the 2nd of February, 2020", 2020, 2, 2);
    expect_header("Title\nBy A. Author\n\n7 May 2018", 2018, 5, 7);
}

static void rejects_non_dates(void **state)
{
    (void)state;
    dy_date d = {1, 1, 1};
    const char *no[] = {"",  "No. 36/2021",        "31 February 2021", "April 2021",
                        "26 Aprils 2021", "12 May 20211",  "2021-13-01", "x26 April 2021y",
                        "may 5 people", "45.04.2021"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (dy_date_find_in_header(no[i], strlen(no[i]), &d))
            fail_msg("found a date in \"%s\"", no[i]);
    /* only the header is searched */
    char text[8192];
    memset(text, 'a', sizeof text);
    memcpy(text + 6000, " 26 April 2021", 14);
    assert_int_equal(dy_date_find_in_header(text, sizeof text, &d), 0);
    const char *deep = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n26 April 2021";
    assert_int_equal(dy_date_find_in_header(deep, strlen(deep), &d), 0);
    assert_int_equal(dy_date_find_in_header(NULL, 0, &d), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(days_round_trip_and_known_values),
        cmocka_unit_test(validity),
        cmocka_unit_test(parse_iso_and_format),
        cmocka_unit_test(parse_tabari_dates),
        cmocka_unit_test(finds_header_dates),
        cmocka_unit_test(rejects_non_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
