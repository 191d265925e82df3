/* tests/test_report.c - event records in each output format. */
#include "testutil.h"

#include <jansson.h>

#include "dyad.h"

static dyad_event sample(void)
{
    dyad_event ev;
    memset(&ev, 0, sizeof ev);
    ev.doc = "doc \"1\"";
    ev.sentence = 3;
    strcpy(ev.date, "2021-04-22");
    ev.source = (dyad_actor){.code = "RUSGOV", .country = "RUS", .sector = "GOV",
                             .text = "Putin", .start = 0, .end = 5};
    ev.target = (dyad_actor){.code = "BLRGOV", .country = "BLR", .sector = "GOV",
                             .text = "Lukashenka", .start = 10, .end = 20};
    ev.cameo = "040";
    strcpy(ev.root, "04");
    ev.quad = 1;
    ev.goldstein = 1.0;
    ev.modality = "asserted";
    ev.text = "Putin and Lukashenka discussed\tplans.";
    ev.verb = "discussed";
    ev.verb_start = 21;
    ev.verb_end = 30;
    ev.pattern = "DISCUSS_";
    ev.date_basis = "text";
    ev.plover_event = "CONSULT";
    ev.plover_mode = "";
    ev.plover_context = "";
    ev.location = (dyad_location){.name = "Moscow", .country = "RUS", .lat = 55.75,
                                  .lon = 37.62, .has_coords = 1, .start = 3, .end = 9};
    ev.attribution = (dyad_actor){.code = "", .sector = "", .text = "", .start = -1, .end = -1};
    ev.issues = "";
    return ev;
}

static json_t *format_json(const dyad_event *ev, int format)
{
    char buf[4096];
    size_t n = dyad_format_event(ev, format, buf, sizeof buf);
    assert_true(n < sizeof buf);
    assert_int_equal(buf[n - 1], '\n');
    json_error_t jerr;
    json_t *j = json_loads(buf, 0, &jerr);
    if (!j)
        fail_msg("invalid JSON (%s): %s", jerr.text, buf);
    return j;
}

static void json_record_has_the_schema(void **state)
{
    (void)state;
    dyad_event ev = sample();
    json_t *j = format_json(&ev, DYAD_FORMAT_JSON);
    assert_string_equal(json_string_value(json_object_get(j, "doc")), "doc \"1\"");
    assert_int_equal(json_integer_value(json_object_get(j, "sentence")), 3);
    json_t *src = json_object_get(j, "source");
    assert_string_equal(json_string_value(json_object_get(src, "code")), "RUSGOV");
    assert_string_equal(json_string_value(json_object_get(src, "country")), "RUS");
    assert_string_equal(json_string_value(json_object_get(j, "cameo")), "040");
    assert_int_equal(json_integer_value(json_object_get(j, "quad")), 1);
    json_t *loc = json_object_get(j, "location");
    assert_string_equal(json_string_value(json_object_get(loc, "name")), "Moscow");
    assert_true(json_is_null(json_object_get(j, "attribution")));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(j, "plover"), "event")), "CONSULT");
    assert_string_equal(json_string_value(json_object_get(j, "text")),
                        "Putin and Lukashenka discussed\tplans.");
    json_decref(j);
}

static void plover_record_uses_plover_names(void **state)
{
    (void)state;
    dyad_event ev = sample();
    json_t *j = format_json(&ev, DYAD_FORMAT_PLOVER);
    assert_true(json_is_array(json_object_get(j, "actor")));
    assert_true(json_is_array(json_object_get(j, "recipient")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "event"), 0)),
                        "CONSULT");
    assert_int_equal(json_array_size(json_object_get(j, "mode")), 0);
    assert_non_null(json_object_get(j, "event_loc"));
    assert_int_equal(json_integer_value(json_object_get(j, "quad_code")), 1);
    json_decref(j);
}

static void tabari_line_and_truncation(void **state)
{
    (void)state;
    dyad_event ev = sample();
    char buf[256];
    size_t n = dyad_format_event(&ev, DYAD_FORMAT_TABARI, buf, sizeof buf);
    assert_true(n < sizeof buf);
    assert_memory_equal(buf, "210422\tRUSGOV\tBLRGOV\t040\t", 25);
    char small[8];
    size_t need = dyad_format_event(&ev, DYAD_FORMAT_JSON, small, sizeof small);
    assert_true(need > sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_record_has_the_schema),
        cmocka_unit_test(plover_record_uses_plover_names),
        cmocka_unit_test(tabari_line_and_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
