#include "testutil.h"
#include "time/mention.h"

/* Renders the mentions found in s as "span=YYYY-MM-DD/G[r][p]" joined by "; "
 * (G = D W M S Y, r = relative, p = part digit). */
static const char *render(const char *s, dy_date doc, int future)
{
    static char buf[1024];
    static const char grans[] = "DWMSY";
    dy_date_mention m[16];
    int n = dy_find_dates_ex(s, strlen(s), doc, future, m, 16);
    size_t at = 0;
    buf[0] = 0;
    for (int k = 0; k < n && at < sizeof buf - 64; k++) {
        char d[11];
        dy_date_format(m[k].date, d);
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%.*s=%s/%c%s", k ? "; " : "",
                               (int)(m[k].end - m[k].start), s + m[k].start, d,
                               grans[m[k].gran], m[k].relative ? "r" : "");
        if (m[k].part)
            at += (size_t)snprintf(buf + at, sizeof buf - at, "%d", m[k].part);
    }
    return buf;
}

static const dy_date MON = {2021, 4, 26}; /* a Monday */
static const dy_date THU = {2021, 4, 22}; /* a Thursday */

#define EXPECT(s, doc, want) assert_string_equal(render(s, doc, DY_TENSE_AUTO), want)
#define EXPECT_T(s, doc, fut, want) assert_string_equal(render(s, doc, fut), want)

static void absolute_dates(void **state)
{
    (void)state;
    EXPECT("Talks were held on 22 April 2021 in Minsk.", MON, "22 April 2021=2021-04-22/D");
    EXPECT("on April 22, 2021 they met", MON, "April 22, 2021=2021-04-22/D");
    EXPECT("on April 22 2021", MON, "April 22 2021=2021-04-22/D");
    EXPECT("the 3rd of March 2020", MON, "the 3rd of March 2020=2020-03-03/D");
    EXPECT("on 5 Sept. 2019 and 6 Dec 2018", MON,
           "5 Sept. 2019=2019-09-05/D; 6 Dec 2018=2018-12-06/D");
    EXPECT("in May 2021", MON, "May 2021=2021-05-01/M");
    EXPECT("since January, 2020", MON, "January, 2020=2020-01-01/M");
    EXPECT("in 2019 the war", MON, "2019=2019-01-01/Y");
    EXPECT("On Thursday, 22 April 2021 troops", MON, "Thursday, 22 April 2021=2021-04-22/D");
    EXPECT("the summer of 2019", MON, "the summer of 2019=2019-06-01/S");
    EXPECT("31 February 2021", MON, "");
    EXPECT("ON 22 APRIL 2021", MON, "22 APRIL 2021=2021-04-22/D");
}

static void day_month_without_year(void **state)
{
    (void)state;
    EXPECT("on 22 April", MON, "22 April=2021-04-22/Dr");
    EXPECT("on April 22nd", MON, "April 22nd=2021-04-22/Dr");
    EXPECT("on 28 December", ((dy_date){2021, 1, 3}), "28 December=2020-12-28/Dr");
    EXPECT("He will visit on 28 April", MON, "28 April=2021-04-28/Dr");
    EXPECT("on 28 April", MON, "28 April=2020-04-28/Dr");
    EXPECT_T("on 2 January", ((dy_date){2021, 12, 30}), DY_TENSE_FUTURE, "2 January=2022-01-02/Dr");
}

static void weekdays(void **state)
{
    (void)state;
    EXPECT("Protesters gathered on Thursday.", MON, "Thursday=2021-04-22/Dr");
    EXPECT("Protesters gathered on Thursday.", THU, "Thursday=2021-04-22/Dr");
    EXPECT("on Monday", MON, "Monday=2021-04-26/Dr");
    EXPECT("on Sunday", MON, "Sunday=2021-04-25/Dr");
    EXPECT("The minister will travel to Kyiv on Thursday", MON, "Thursday=2021-04-29/Dr");
    EXPECT("The minister will travel to Kyiv on Thursday", THU, "Thursday=2021-04-22/Dr");
    EXPECT("He said he would meet them on Friday", MON, "Friday=2021-04-30/Dr");
    EXPECT("Talks, which will resume, ended. Officials met on Friday", MON, "Friday=2021-04-23/Dr");
    EXPECT("He will go, officials said on Friday", MON, "Friday=2021-04-23/Dr");
    EXPECT("last Thursday", THU, "last Thursday=2021-04-15/Dr");
    EXPECT("next Thursday", THU, "next Thursday=2021-04-29/Dr");
    EXPECT("this Friday", MON, "this Friday=2021-04-30/Dr");
    EXPECT_T("on Friday", MON, DY_TENSE_FUTURE, "Friday=2021-04-30/Dr");
    EXPECT_T("they will meet on Friday", MON, DY_TENSE_PAST, "Friday=2021-04-23/Dr");
    EXPECT("Sundays are quiet; fridays too", MON, "");
}

static void deictic_and_weeks(void **state)
{
    (void)state;
    EXPECT("Yesterday, today and tomorrow", MON,
           "Yesterday=2021-04-25/Dr; today=2021-04-26/Dr; tomorrow=2021-04-27/Dr");
    EXPECT("yesterday", ((dy_date){2021, 3, 1}), "yesterday=2021-02-28/Dr");
    EXPECT("last week", THU, "last week=2021-04-12/Wr");
    EXPECT("this week", THU, "this week=2021-04-19/Wr");
    EXPECT("next week", THU, "next week=2021-04-26/Wr");
    EXPECT("over the past week", THU, "past week=2021-04-12/Wr");
    EXPECT("over the weekend", THU, "the weekend=2021-04-17/Dr");
    EXPECT("over the weekend", ((dy_date){2021, 4, 25}), "the weekend=2021-04-24/Dr");
    EXPECT("they will meet at the weekend", THU, "the weekend=2021-04-24/Dr");
    EXPECT("last weekend", MON, "last weekend=2021-04-24/Dr");
    EXPECT("this weekend", MON, "this weekend=2021-05-01/Dr");
}

static void months(void **state)
{
    (void)state;
    EXPECT("last month", MON, "last month=2021-03-01/Mr");
    EXPECT("next month", ((dy_date){2021, 12, 5}), "next month=2022-01-01/Mr");
    EXPECT("last month", ((dy_date){2021, 1, 5}), "last month=2020-12-01/Mr");
    EXPECT("earlier this month", MON, "earlier this month=2021-04-01/Mr");
    EXPECT("in February", MON, "February=2021-02-01/Mr");
    EXPECT("in September", MON, "September=2020-09-01/Mr");
    EXPECT("elections will be held in September", MON, "September=2021-09-01/Mr");
    EXPECT_T("in September", MON, DY_TENSE_FUTURE, "September=2021-09-01/Mr");
    EXPECT_T("in April", MON, DY_TENSE_FUTURE, "April=2021-04-01/Mr");
    EXPECT("in April", MON, "April=2021-04-01/Mr");
    EXPECT("last February", ((dy_date){2021, 2, 10}), "last February=2020-02-01/Mr");
    EXPECT("next February", ((dy_date){2021, 2, 10}), "next February=2022-02-01/Mr");
    EXPECT("this February", ((dy_date){2021, 11, 10}), "this February=2021-02-01/Mr");
    EXPECT("Fighting in October", MON, "October=2020-10-01/Mr");
    EXPECT("October was calm", MON, "October=2020-10-01/Mr");
    EXPECT("mid-March", MON, "mid-March=2021-03-01/Mr2");
    EXPECT("early May", MON, "early May=2020-05-01/Mr1");
    EXPECT("in early May", ((dy_date){2021, 6, 1}), "early May=2021-05-01/Mr1");
    EXPECT("by late June 2020", MON, "late June 2020=2020-06-01/M3");
}

static void may_and_march_are_careful(void **state)
{
    (void)state;
    EXPECT("Officials may meet again", MON, "");
    EXPECT("May said the talks failed", MON, "");
    EXPECT("Thousands march in the capital", MON, "");
    EXPECT("March organisers said", MON, "");
    EXPECT("The Mayor spoke", MON, "");
    EXPECT("He spoke to May about it", MON, "");
    EXPECT("in May", MON, "May=2020-05-01/Mr");
    EXPECT("IN MAY", ((dy_date){2021, 6, 1}), "MAY=2021-05-01/Mr");
    EXPECT("on May 5", MON, "May 5=2020-05-05/Dr");
    EXPECT("since March", MON, "March=2021-03-01/Mr");
    EXPECT("the august assembly", MON, "");
    EXPECT("Mondays and Marches and Mayday", MON, "");
}

static void years_and_seasons(void **state)
{
    (void)state;
    EXPECT("last year", MON, "last year=2020-01-01/Yr");
    EXPECT("next year", MON, "next year=2022-01-01/Yr");
    EXPECT("earlier this year", MON, "earlier this year=2021-01-01/Yr");
    EXPECT("late 2020", MON, "late 2020=2020-01-01/Y3");
    EXPECT("mid-2019", MON, "mid-2019=2019-01-01/Y2");
    EXPECT("late last year", MON, "late last year=2020-01-01/Yr3");
    EXPECT("killed 2019 people", MON, "");
    EXPECT("in 1500 cases", MON, "");
    EXPECT("this autumn", MON, "this autumn=2021-09-01/Sr");
    EXPECT("in the autumn", MON, "the autumn=2020-09-01/Sr");
    EXPECT("talks will resume in the autumn", MON, "the autumn=2021-09-01/Sr");
    EXPECT("this spring", MON, "this spring=2021-03-01/Sr");
    EXPECT("in summer", MON, "summer=2020-06-01/Sr");
    EXPECT("during the winter", MON, "the winter=2020-12-01/Sr");
    EXPECT("this winter", ((dy_date){2021, 1, 15}), "this winter=2020-12-01/Sr");
    EXPECT("this winter", ((dy_date){2021, 10, 15}), "this winter=2021-12-01/Sr");
    EXPECT("last summer", ((dy_date){2021, 7, 15}), "last summer=2020-06-01/Sr");
    EXPECT("next spring", ((dy_date){2021, 4, 15}), "next spring=2022-03-01/Sr");
    EXPECT("in the fall", MON, "the fall=2020-09-01/Sr");
    EXPECT("after the fall of Kabul", MON, "");
    EXPECT("the Arab Spring", MON, "");
    EXPECT("a summer camp", MON, "");
}

static void several_and_bounds(void **state)
{
    (void)state;
    const char *s = "On Thursday, after talks last week and in February, he said";
    dy_date_mention m[2];
    EXPECT(s, MON, "Thursday=2021-04-22/Dr; last week=2021-04-19/Wr; February=2021-02-01/Mr");
    assert_int_equal(dy_find_dates(s, strlen(s), MON, m, 2), 2);
    assert_int_equal(m[0].start, 3);
    assert_int_equal(m[0].end, 11);
    assert_int_equal(dy_find_dates(s, strlen(s), (dy_date){2021, 2, 30}, m, 2), 0);
    assert_int_equal(dy_find_dates(s, strlen(s), MON, m, 0), 0);
    assert_int_equal(dy_find_dates(NULL, 5, MON, m, 2), 0);
    assert_int_equal(dy_find_dates("on 22 April", 5, MON, m, 2), 0); /* length honoured */
    assert_int_equal(dy_find_dates("yesterday", 9, (dy_date){1, 1, 1}, m, 2), 0);
}

static void long_input_is_linear(void **state)
{
    (void)state;
    size_t n = 2000000;
    char *s = malloc(n);
    dy_date_mention m[4];
    assert_non_null(s);
    for (size_t k = 0; k < n; k++)
        s[k] = "in May 22 last "[k % 15];
    assert_int_equal(dy_find_dates(s, n, MON, m, 4), 4);
    memset(s, '-', n);
    assert_int_equal(dy_find_dates(s, n, MON, m, 4), 0);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(absolute_dates),   cmocka_unit_test(day_month_without_year),
        cmocka_unit_test(weekdays),         cmocka_unit_test(deictic_and_weeks),
        cmocka_unit_test(months),           cmocka_unit_test(may_and_march_are_careful),
        cmocka_unit_test(years_and_seasons), cmocka_unit_test(several_and_bounds),
        cmocka_unit_test(long_input_is_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
