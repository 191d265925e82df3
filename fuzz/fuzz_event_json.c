/* libFuzzer target: dyad's JSON event record (ingest --events). A record
 * that is accepted must be a complete event, and writing it back as JSON
 * and reading that again must give the same event. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code/cameo.h"
#include "dyad.h"
#include "report/event_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const char *a, const char *b)
{
    if (strcmp(a ? a : "", b ? b : ""))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dyad_event ev, back;
    dy_event_json *hold = NULL, *hold2 = NULL;
    char err[256];
    if (dy_event_from_json((const char *)data, size, &ev, &hold, err, sizeof err)) {
        if (hold || !err[0])
            abort(); /* a refusal says why and holds nothing */
        return 0;
    }
    if (!ev.doc[0] || !dy_cameo_lookup(ev.cameo) || ev.quad < 1 || ev.quad > 4 ||
        !ev.source.code[0] || !ev.target.code[0])
        abort();
    size_t need = dyad_format_event(&ev, DYAD_FORMAT_JSON, NULL, 0);
    char *line = malloc(need + 1);
    if (!line)
        abort();
    dyad_format_event(&ev, DYAD_FORMAT_JSON, line, need + 1);
    if (dy_event_from_json(line, need, &back, &hold2, err, sizeof err))
        abort();
    same(ev.doc, back.doc);
    same(ev.cameo, back.cameo);
    same(ev.date, back.date);
    same(ev.source.code, back.source.code);
    same(ev.target.code, back.target.code);
    same(ev.text, back.text);
    if (ev.sentence != back.sentence)
        abort();
    dy_event_json_free(hold2);
    free(line);
    dy_event_json_free(hold);
    return 0;
}
