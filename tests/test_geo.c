#include "testutil.h"
#include "geo/geo.h"

/* "span>Canonical/ISO/cue" joined by "; " (Canonical "-" for country-only;
 * cue I, T or N). */
static const char *render(const char *s)
{
    static char buf[1024];
    dy_place_mention m[16];
    int n = dy_find_places(s, strlen(s), m, 16);
    size_t at = 0;
    buf[0] = 0;
    for (int k = 0; k < n && at < sizeof buf - 128; k++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%.*s>%s/%s/%c", k ? "; " : "",
                               (int)(m[k].end - m[k].start), s + m[k].start,
                               m[k].place ? m[k].place->name : "-", m[k].country,
                               " ITN"[m[k].cue]);
    return buf;
}

#define EXPECT(s, want) assert_string_equal(render(s), want)

static const dy_place *look(const char *name) { return dy_gazetteer_lookup(name, strlen(name)); }

static void lookups_and_variants(void **state)
{
    (void)state;
    const dy_place *p = look("Kyiv");
    assert_non_null(p);
    assert_string_equal(p->country, "UKR");
    assert_int_equal(p->kind, DY_PLACE_CAPITAL);
    assert_true(p->lat > 50.0 && p->lat < 51.0 && p->lon > 30.0 && p->lon < 31.0);
    assert_ptr_equal(look("Kiev"), p);
    assert_ptr_equal(look("KIEV"), p);
    assert_ptr_equal(look("kyiv"), p);
    assert_ptr_equal(look("Warszawa"), look("Warsaw"));
    assert_ptr_equal(look("Moskva"), look("Moscow"));
    assert_ptr_equal(look("Kraków"), look("Krakow"));
    assert_string_equal(look("Ust-Luga")->country, "RUS");
    assert_string_equal(look("Kaliningrad")->country, "RUS");
    assert_string_equal(look("Brest")->country, "BLR");
    assert_string_equal(look("Grodno")->country, "BLR");
    assert_string_equal(look("Hrodna")->name, "Grodno");
    assert_string_equal(look("Lviv")->country, "UKR");
    assert_string_equal(look("Kharkov")->name, "Kharkiv");
    assert_string_equal(look("Mariupol")->country, "UKR");
    assert_string_equal(look("Donetsk")->country, "UKR");
    assert_string_equal(look("Gaza City")->country, "PSE");
    assert_string_equal(look("Rafah")->country, "PSE");
    assert_string_equal(look("Aleppo")->country, "SYR");
    assert_string_equal(look("Mosul")->country, "IRQ");
    assert_string_equal(look("New Delhi")->country, "IND");
    assert_int_equal(look("New Delhi")->kind, DY_PLACE_CAPITAL);
    assert_string_equal(look("Rio de Janeiro")->country, "BRA");
    assert_string_equal(look("The Hague")->country, "NLD");
    assert_int_equal(look("Donbas")->kind, DY_PLACE_REGION);
    assert_string_equal(look("St. Petersburg")->name, "Saint Petersburg");
    assert_null(look("Poland")); /* a country, not a place */
    assert_null(look("Mosco"));
    assert_null(look("Moscow "));
    assert_null(look(""));
    assert_null(dy_gazetteer_lookup(NULL, 4));
    assert_null(dy_gazetteer_lookup("Minsk", 4));
    assert_non_null(dy_gazetteer_lookup("Minskxyz", 5));
}

static void countries_and_demonyms(void **state)
{
    (void)state;
    assert_string_equal(dy_country_lookup("Poland", 6), "POL");
    assert_string_equal(dy_country_lookup("the Netherlands", 15), "NLD");
    assert_string_equal(dy_country_lookup("DR Congo", 8), "COD");
    assert_string_equal(dy_country_lookup("Minsk", 5), "BLR");
    assert_string_equal(dy_demonym_lookup("Polish", 6), "POL");
    assert_string_equal(dy_demonym_lookup("belarusian", 10), "BLR");
    assert_string_equal(dy_demonym_lookup("Ukrainian", 9), "UKR");
    assert_null(dy_demonym_lookup("Polishes", 8));
    assert_null(dy_country_lookup("Atlantis", 8));
}

static void tables_are_sorted_and_complete(void **state)
{
    (void)state;
    size_t np, nn, na, capitals = 0;
    const dy_place *p = dy_gaz_places(&np);
    const dy_gaz_name *names = dy_gaz_names(&nn), *adj = dy_gaz_adjectives(&na);
    assert_true(np >= 1000);
    assert_true(na >= 250);
    for (size_t k = 1; k < nn; k++)
        assert_true(strcmp(names[k - 1].key, names[k].key) < 0);
    for (size_t k = 1; k < na; k++)
        assert_true(strcmp(adj[k - 1].key, adj[k].key) < 0);
    for (size_t k = 0; k < np; k++) {
        assert_int_equal(strlen(p[k].country), 3);
        assert_true(p[k].lat >= -90 && p[k].lat <= 90 && p[k].lon >= -180 && p[k].lon <= 180);
        capitals += p[k].kind == DY_PLACE_CAPITAL;
        assert_ptr_equal(look(p[k].name) ? look(p[k].name)->country : NULL,
                         look(p[k].name) ? look(p[k].name)->country : NULL);
    }
    assert_true(capitals >= 195);
}

static void cues(void **state)
{
    (void)state;
    EXPECT("Protesters gathered in Moscow on Monday.", "Moscow>Moscow/RUS/I");
    EXPECT("Talks were held at Minsk and near Ust-Luga.",
           "Minsk>Minsk/BLR/I; Ust-Luga>Ust-Luga/RUS/I");
    EXPECT("The minister visited New Delhi.", "New Delhi>New Delhi/IND/T");
    EXPECT("The envoy arrived in Gaza City late.", "Gaza City>Gaza City/PSE/T");
    EXPECT("He flew to Kiev for talks.", "Kiev>Kyiv/UKR/T");
    EXPECT("She will travel back to Rio de Janeiro", "Rio de Janeiro>Rio de Janeiro/BRA/T");
    EXPECT("a visit to Lviv", "Lviv>Lviv/UKR/T");
    EXPECT("shelling outside Kharkiv", "Kharkiv>Kharkiv/UKR/I");
    EXPECT("a Kyiv-based analyst said", "Kyiv>Kyiv/UKR/I");
    EXPECT("in the southern port city of Mariupol", "Mariupol>Mariupol/UKR/I");
    EXPECT("on the outskirts of Aleppo", "Aleppo>Aleppo/SYR/I");
    EXPECT("in The Hague", "The Hague>The Hague/NLD/I");
    EXPECT("in the Gaza Strip", "Gaza Strip>Gaza Strip/PSE/I");
    EXPECT("in St. Petersburg", "St. Petersburg>Saint Petersburg/RUS/I");
    EXPECT("in Poland and in the Netherlands", "Poland>-/POL/I; the Netherlands>-/NLD/I");
    EXPECT("IN MOSCOW", "MOSCOW>Moscow/RUS/I");
    EXPECT("in Moscow's Red Square", "Moscow>Moscow/RUS/I");
    EXPECT("fighting in Donetsk, Mosul and Rafah", "Donetsk>Donetsk/UKR/I");
    EXPECT("in Kraków", "Kraków>Krakow/POL/I");
}

static void borders(void **state)
{
    (void)state;
    EXPECT("Troops massed near the Polish border.", "Polish>-/POL/N");
    EXPECT("clashes on the Ukrainian border", "Ukrainian>-/UKR/N");
    EXPECT("along the Polish-Belarusian border", "Polish>-/POL/N; Belarusian>-/BLR/N");
    EXPECT("near the border with Poland", "Poland>-/POL/N");
    EXPECT("in the Polish border town of Przemysl", "Polish>-/POL/N; Przemysl>Przemysl/POL/I");
    EXPECT("near the border", "");
    EXPECT("on the Polish government", "");
}

static void negatives(void **state)
{
    (void)state;
    EXPECT("Moscow rejected the proposal.", "");
    EXPECT("Minsk accused Warsaw of provocations.", "");
    EXPECT("Kyiv said it would respond", "");
    EXPECT("the ambassador to Moscow said", "");
    EXPECT("in May the talks resumed", "");
    EXPECT("in moscow", "");
    EXPECT("in Moscowville", "");
    EXPECT("in Nicer times", "");
    EXPECT("interest in Moscow", "Moscow>Moscow/RUS/I");
    EXPECT("within hours", "");
    EXPECT("in", "");
    EXPECT("in the", "");
    EXPECT("", "");
}

static void bounds(void **state)
{
    (void)state;
    dy_place_mention m[2];
    const char *s = "in Minsk, in Kyiv and in Lviv";
    assert_int_equal(dy_find_places(s, strlen(s), m, 2), 2);
    assert_int_equal(m[1].start, 13);
    assert_int_equal(m[1].end, 17);
    assert_int_equal(dy_find_places(s, 7, m, 2), 0); /* "in Mins" */
    assert_int_equal(dy_find_places(s, strlen(s), m, 0), 0);
    assert_int_equal(dy_find_places(NULL, 3, m, 2), 0);
}

static void long_input_is_linear(void **state)
{
    (void)state;
    size_t n = 4000000;
    char *s = malloc(n);
    dy_place_mention m[4];
    assert_non_null(s);
    for (size_t k = 0; k < n; k++)
        s[k] = "in the Rio de la Plata de "[k % 26];
    assert_int_equal(dy_find_places(s, n, m, 4), 4); /* "Rio" each time */
    for (size_t k = 0; k < n; k++)
        s[k] = "in the Plata de la Rio-de "[k % 26];
    assert_int_equal(dy_find_places(s, n, m, 4), 0);
    memset(s, 'A', n);
    assert_int_equal(dy_find_places(s, n, m, 4), 0);
    for (size_t k = 0; k < n; k++)
        s[k] = "near the Polish-"[k % 16];
    assert_int_equal(dy_find_places(s, n, m, 4), 0);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lookups_and_variants), cmocka_unit_test(countries_and_demonyms),
        cmocka_unit_test(tables_are_sorted_and_complete), cmocka_unit_test(cues),
        cmocka_unit_test(borders), cmocka_unit_test(negatives), cmocka_unit_test(bounds),
        cmocka_unit_test(long_input_is_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
