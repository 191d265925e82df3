/* libFuzzer target: the whole coding pipeline (clean, split, tokenize,
 * parse, match, annotate, format) over arbitrary bytes, with the bundled
 * dictionaries. Run from the repository root (or set DYAD_DATA). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyad.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dyad_dict *dict; /* the harness's fixture, loaded once */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("DYAD_DATA") ? getenv("DYAD_DATA") : "data/dict";
    char err[512];
    dict = dyad_dict_new();
    if (!dict || dyad_dict_load_default(dict, dir, err, sizeof err)) {
        fprintf(stderr, "fuzz_code: %s\n", err);
        abort();
    }
    dyad_dict_finish(dict);
    return 0;
}

static int format_all(const dyad_event *ev, void *user)
{
    char buf[512];
    (void)user;
    for (int f = DYAD_FORMAT_JSON; f <= DYAD_FORMAT_PLOVER; f++)
        if (dyad_format_event(ev, f, buf, sizeof buf) == 0)
            abort(); /* every event has a record */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    dyad_coder *c = dyad_coder_new(dict);
    if (!c)
        return 0;
    dyad_coder_set_modality(c, data[0] & 1 ? DYAD_ALL_MODALITIES : DYAD_ASSERTED_ONLY);
    dyad_coder_keep_repeats(c, data[0] & 2);
    char err[256];
    const char *date = data[0] & 4 ? "" : "2021-04-26";
    dyad_code_document(c, "fuzz", date, (const char *)data + 1, size - 1, format_all, NULL, err,
                       sizeof err);
    char *x = dyad_explain(c, size > 1 && data[1] ? "Putin met Lukashenka in Moscow." : "", date);
    free(x);
    dyad_coder_free(c);
    return 0;
}
